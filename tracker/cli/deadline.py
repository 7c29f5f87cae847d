"""`tracker deadline`: resolve one Danish deadline expression, the way the extractor does.

It lets a secretary (or a developer chasing a wrong due date) ask what "ultimo næste måned" or
"inden d. 1. april" means against a given meeting date, and with ``--explain`` which rule said so.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from nlp.models import Deadline

# A phrase is the expression plus at most this many other words ("opgaven senest 1. april");
# anything longer is a sentence, and gets the sentence policy (choose_deadline).
PHRASE_SLACK_WORDS = 2


def _meeting_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD", param_hint="--meeting-date") from None


def resolve_text(text: str, meeting: date | None) -> Deadline | None:
    """``resolve`` for a phrase; for a sentence, the deadline ``choose_deadline`` picks."""
    from nlp.deadlines import choose_deadline, resolve

    found = resolve(text, meeting)
    if found is not None:
        leftover = (text[: found.start] + " " + text[found.end :]).split()
        if len(leftover) <= PHRASE_SLACK_WORDS:
            return found
    return choose_deadline(text, meeting)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""

    @app.command("deadline")
    def deadline_command(
        text: Annotated[str, typer.Argument(help='The expression or sentence, e.g. "senest 1. april".')],
        meeting_date: Annotated[
            str | None,
            typer.Option(
                "--meeting-date",
                metavar="YYYY-MM-DD",
                help="Resolve against this meeting date. Without it only full dates resolve.",
            ),
        ] = None,
        explain: Annotated[bool, typer.Option("--explain", help="Also print the rule and the matched text.")] = False,
    ) -> None:
        """Print the due date (ISO) a Danish deadline expression gives, or null."""
        meeting = _meeting_date(meeting_date)
        found = resolve_text(text, meeting)
        typer.echo(found.due.isoformat() if found is not None and found.due is not None else "null")
        if explain:
            if found is None:
                typer.echo("rule: none (no date expression recognised)")
            else:
                typer.echo(f"rule: {found.rule}")
                typer.echo(f"text: {found.text}")
                typer.echo(f"span: {found.start}-{found.end}")
