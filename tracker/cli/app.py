"""The Typer application and its global options."""

from __future__ import annotations

import typer

from tracker.cli import deadline, evaluate, extract

app = typer.Typer(
    name="tracker",
    help="Find the follow-ups in Danish minutes (referater) and track them to done.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

for module in (extract, evaluate, deadline):
    module.register(app)


def main() -> None:
    app()
