"""`tracker db upgrade` and `tracker backup FILE`: looking after the database itself."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker.cli import common

db_app = typer.Typer(help="Look after the database.", no_args_is_help=True, add_completion=False)


@db_app.command("upgrade")
def upgrade_command() -> None:
    """Migrate the database to the newest schema (every command also does this by itself)."""
    from tracker.db import DatabaseError, normalise_url, upgrade

    settings = common.get_settings()
    try:
        revision = upgrade(settings.database_url)
    except DatabaseError as exc:
        common.fail(str(exc))
    shown = normalise_url(settings.database_url).render_as_string(hide_password=True)
    typer.echo(f"{shown}: schema at revision {revision}")


def backup_command(
    file: Annotated[Path, typer.Argument(help="Where to write the copy.")],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Copy the SQLite database to FILE, safely while others use it (not migrated first)."""
    from tracker.db import DatabaseError, backup_sqlite

    settings = common.get_settings()
    try:
        source = backup_sqlite(settings.database_url, file, overwrite=force)
    except DatabaseError as exc:
        common.fail(str(exc))
    typer.echo(f"backed up {source} to {file}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.add_typer(db_app, name="db")
    app.command("backup")(backup_command)
