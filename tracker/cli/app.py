"""The Typer application and its global options.

Global options go before the command (``tracker --db URL ingest seeds/``) and reach every
command through ``tracker.cli.common``. Command modules import nothing heavy at module level,
so ``tracker --help`` is instant.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker.cli import common, dashboard, db, deadline, evaluate, export, extract, followups, ingest, meetings, report

app = typer.Typer(
    name="tracker",
    help="Find the follow-ups in Danish minutes (referater) and track them to done.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@app.callback()
def global_options(
    database: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="URL",
            help="Database URL (sqlite:///FILE or postgresql://…); also TRACKER_DATABASE_URL. "
            "Default: a SQLite file in ~/.local/share/tracker/.",
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config", metavar="FILE", help="Configuration file (TOML); also TRACKER_CONFIG.", dir_okay=False
        ),
    ] = None,
    as_unit: Annotated[
        str | None,
        typer.Option("--as", metavar="UNIT", help="Act as the chief of UNIT (read, and notes on your own)."),
    ] = None,
) -> None:
    """Find the follow-ups in Danish minutes (referater) and track them to done."""
    common.set_global_options(common.GlobalOptions(db=database, config=config, as_unit=as_unit))


for module in (extract, evaluate, deadline, ingest, meetings, followups, report, export, db, dashboard):
    module.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
