"""`tracker meetings`: the referater in the database, one line each."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli import common

COLUMNS = (
    ("id", "id"),
    ("date", "date"),
    ("forum", "forum"),
    ("source", "source"),
    ("items", "items"),
    ("followups", "follow-ups"),
    ("open", "open"),
    ("to_review", "to review"),
)


def meetings_command(
    output: Annotated[
        common.OutputFormat, typer.Option("--format", help="table, json (all fields) or csv.")
    ] = common.OutputFormat.TABLE,
) -> None:
    """List the meetings: date, forum, file, agenda items and follow-ups (not rejected or stale)."""
    from tracker.services.meetings import list_meetings

    with common.session() as session:
        rows = [m.to_json() for m in list_meetings(session)]
    common.emit(rows, COLUMNS, output, title=f"{len(rows)} meetings")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("meetings")(meetings_command)
