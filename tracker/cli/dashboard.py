"""`tracker dashboard` (the Textual dashboard) and `tracker review export` (review decisions
as JSONL training data).

Textual is imported only when the dashboard starts, so ``tracker --help`` stays instant.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from tracker.cli import common


def dashboard_command(
    as_unit: Annotated[
        str | None,
        typer.Option("--as", metavar="UNIT", help="Look as the chief of UNIT (same as the global --as)."),
    ] = None,
    as_of: Annotated[
        dt.datetime | None,
        typer.Option("--as-of", metavar="DATE", formats=["%Y-%m-%d"], help="Show the state as of DATE (YYYY-MM-DD)."),
    ] = None,
    poll: Annotated[
        float,
        typer.Option("--poll", metavar="SECONDS", min=0.0, help="Look for others' changes this often; 0: never."),
    ] = 3.0,
) -> None:
    """Browse, review and update follow-ups in the terminal (keyboard first; ? for help)."""
    from tracker.tui.app import TrackerApp
    from tracker.tui.backend import Backend

    settings = common.get_settings()
    if as_unit is not None:
        settings = settings.with_overrides(role="chief", unit=as_unit)
    actor = common.get_actor(settings)
    organisation = common.get_organisation(settings)
    engine = common.get_engine(settings)
    app = TrackerApp(
        Backend(engine, actor, organisation),
        as_of=as_of.date() if as_of else None,
        poll_seconds=poll or None,
    )
    try:
        app.run()
    finally:
        engine.dispose()


review_app = typer.Typer(help="The review queue's decisions.", no_args_is_help=True)


@review_app.command("export")
def export_command(
    output: Annotated[
        Path,
        typer.Option("-o", "--output", metavar="FILE", dir_okay=False, help="Write the JSONL here ('-': stdout)."),
    ],
) -> None:
    """Write every confirmed and rejected follow-up as JSONL (ANNOTATION §1 records; rejected
    ones carry "rejected": true and are negative examples)."""
    import sys

    from tracker.services.review_export import export_review, export_review_file

    settings = common.get_settings()
    with common.session(settings) as session:
        if str(output) == "-":
            common.utf8_stdout()
            export_review(session, sys.stdout)
            return
        try:
            count = export_review_file(session, output)
        except OSError as exc:
            common.fail(f"{output}: cannot write: {exc.strerror or exc}")
    typer.echo(f"{count} review decisions written to {output}", err=True)


def register(app: typer.Typer) -> None:
    app.command("dashboard")(dashboard_command)
    app.add_typer(review_app, name="review")
