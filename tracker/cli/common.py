"""What every command shares: the global options, settings, the database, output and errors.

Commands call these helpers instead of resolving settings themselves, so ``--db``,
``--config`` and ``--as`` mean the same thing everywhere. The app's callback records the global
options here, so a command needs no ``ctx`` parameter to reach them. Heavy imports
(SQLAlchemy, rich) stay inside the functions: ``tracker --help`` must not pay for them.
"""

from __future__ import annotations

import atexit
import csv
import gc
import io
import json
import os
import sys
import weakref
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    from nlp.organisation import Organisation
    from tracker.config import Settings
    from tracker.services.actors import Actor


_engines: weakref.WeakSet[Engine] = weakref.WeakSet()  # the databases this process opened


@atexit.register
def _before_exit() -> None:
    """The process ends when the command does, and the interpreter's shutdown would run the cycle
    collector over every object the imports made (SQLAlchemy, pydantic: ~0.15 CPU-s, a quarter
    of ``tracker list``). Frozen objects are not collected, only freed; so the databases are
    closed first, as the collector would have closed them (SQLite removes its -wal file)."""
    for engine in list(_engines):
        engine.dispose()
    gc.freeze()


@dataclass(frozen=True, slots=True)
class GlobalOptions:
    """The options given before the command (``tracker --db URL --as UNIT ingest …``)."""

    db: str | None = None
    config: Path | None = None
    as_unit: str | None = None


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def fail(message: str, code: int = 1) -> NoReturn:
    """One ``error: …`` line on stderr, then stop with ``code``."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


_options: ContextVar[GlobalOptions | None] = ContextVar("tracker_global_options", default=None)


def set_global_options(options: GlobalOptions) -> None:
    """Called by the app's callback before any command runs."""
    _options.set(options)


def global_options() -> GlobalOptions:
    return _options.get() or GlobalOptions()


def get_settings() -> Settings:
    """Settings with the global options applied (option > environment > config file > default)."""
    from tracker.config import ConfigError, load_settings

    options = global_options()
    env = dict(os.environ)
    if options.config is not None:
        env["TRACKER_CONFIG"] = str(options.config)
    overrides: dict[str, object] = {"database_url": options.db}
    if options.as_unit is not None:
        overrides.update(role="chief", unit=options.as_unit)
    try:
        return load_settings(env, **overrides)
    except ConfigError as exc:
        fail(str(exc), 2)


def get_organisation(settings: Settings) -> Organisation:
    from nlp.errors import OrganisationError

    try:
        return settings.organisation()
    except OrganisationError as exc:
        fail(str(exc), 2)


def get_actor(settings: Settings) -> Actor:
    """Who is acting; ``--as UNIT`` must name a unit of the organisation file."""
    from nlp.errors import OrganisationError
    from nlp.organisation import EntityKind
    from tracker.config import ConfigError
    from tracker.services.actors import actor_from_settings

    try:
        actor = actor_from_settings(settings)
    except (ConfigError, OrganisationError) as exc:
        fail(str(exc), 2)
    if actor.unit is not None:
        entity = get_organisation(settings).lookup(actor.unit)
        if entity is None or entity.kind is not EntityKind.UNIT:
            fail(f"--as {settings.unit}: not a unit of the organisation file {settings.organisation_path}", 2)
    return actor


def get_secretariat(settings: Settings, action: str) -> Actor:
    """The acting secretary; a chief (``--as``) is refused with one line, exit 1."""
    from tracker.services.actors import PermissionDenied, require_secretariat

    actor = get_actor(settings)
    try:
        require_secretariat(actor, action)
    except PermissionDenied as exc:
        fail(str(exc))
    return actor


def get_engine(settings: Settings) -> Engine:
    """The database, migrated to the current schema; exits with a clear line if it cannot."""
    from tracker.db import DatabaseError, open_engine

    try:
        engine = open_engine(settings.database_url)
    except DatabaseError as exc:
        fail(str(exc))
    _engines.add(engine)
    return engine


@contextmanager
def session(settings: Settings | None = None) -> Iterator[Session]:
    """One transaction on the configured database (committed at the end, rolled back on error)."""
    from tracker.db import session_scope

    engine = get_engine(settings or get_settings())
    with session_scope(engine) as s:
        yield s


def utf8_stdout() -> None:
    """Danish names must survive a terminal or pipe whose locale is not UTF-8."""
    if isinstance(sys.stdout, io.TextIOWrapper) and sys.stdout.encoding.lower() != "utf-8":
        sys.stdout.reconfigure(encoding="utf-8")


Columns = Sequence[tuple[str, str]]  # (key in the row, header)


def emit(rows: Sequence[Mapping[str, object]], columns: Columns, output: OutputFormat, title: str = "") -> None:
    """Print rows as a table (only ``columns``), JSON (whole rows) or CSV (only ``columns``)."""
    utf8_stdout()
    if output is OutputFormat.JSON:
        typer.echo(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str))
    elif output is OutputFormat.CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([header for _, header in columns])
        for row in rows:
            writer.writerow([_cell(row.get(key)) for key, _ in columns])
        typer.echo(buffer.getvalue(), nl=False)
    else:
        print_table(rows, columns, title)


def print_table(rows: Sequence[Mapping[str, object]], columns: Columns, title: str = "") -> None:
    """Only ``columns`` of the rows, empty cells as "-" (see ``tracker.cli.table``)."""
    from tracker.cli.table import print_table as draw

    cells = [[_cell(row.get(key)) or "-" for key, _ in columns] for row in rows]
    draw([header for _, header in columns], cells, title)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
