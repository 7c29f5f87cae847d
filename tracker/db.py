"""Engines, sessions and schema migration.

Every command that opens the database goes through ``open_engine``: it migrates the schema
to the newest Alembic revision first, so a fresh clone (or a database left behind by an
older version) just works. The check is one plain query when the schema is already current:
the stored revision is compared with the head read from the revision files, and Alembic (a
tenth of a second to import) is loaded only when they differ.

SQLite is the default: one file, created private (mode 0600, minutes can hold personal data),
in WAL mode so the dashboard can read while a command writes, with foreign keys enforced and
a busy timeout so two writers wait for each other instead of failing.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlmodel import Session

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSIONS = MIGRATIONS / "versions"

_REVISION = re.compile(r"^revision(?:\s*:[^=\n]*)?\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision(?:\s*:[^=\n]*)?\s*=\s*(.*)$", re.MULTILINE)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")

SQLITE_PRAGMAS = (
    "PRAGMA busy_timeout=10000",
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
)
# Switching a fresh file to WAL can report "locked" without waiting on the busy timeout while
# another process switches it too; it is retried for about this long.
_WAL_RETRY_SECONDS = 10.0

# Any id for PostgreSQL's advisory lock that serialises concurrent migrations.
_PG_MIGRATION_LOCK = 0x7472_6B72

_current: set[str] = set()  # URLs already checked in this process
_current_lock = threading.Lock()


class DatabaseError(Exception):
    """The database cannot be opened or migrated; the message says which and why."""


def normalise_url(url: str) -> URL:
    """Parse a URL; plain ``postgresql://`` (and ``postgres://``) use psycopg 3, which we ship."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with a terse message
        raise DatabaseError(f"not a database URL: {url!r}") from exc
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def sqlite_path(url: str | URL) -> Path | None:
    """The file behind a SQLite URL; None for other databases and in-memory SQLite."""
    parsed = normalise_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def _create_private_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)
    os.chmod(path, 0o600)  # whatever the umask says


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            deadline = time.monotonic() + _WAL_RETRY_SECONDS
            while True:
                try:
                    cursor.execute(pragma)
                    break
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) or time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
    finally:
        cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for any SQLAlchemy URL; SQLite files are created private and tuned (see module)."""
    parsed = normalise_url(url)
    path = sqlite_path(parsed)
    if path is not None:
        try:
            _create_private_file(path)
        except OSError as exc:
            raise DatabaseError(f"cannot create database file {path}: {exc.strerror or exc}") from exc
    engine = create_engine(parsed)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: committed when the block ends, rolled back if it raises.

    Objects stay readable after the commit (``expire_on_commit=False``), so a command can
    print what it just stored without another query.
    """
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration built in code: the migrations ship as package data, no .ini."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine_or_url: Engine | str) -> str | None:
    """Migrate the schema to the newest revision; returns it. Safe to run concurrently:
    SQLite takes the write lock first, PostgreSQL an advisory lock, and the revision is
    checked again under the lock."""
    from alembic import command

    engine = make_engine(engine_or_url) if isinstance(engine_or_url, str) else engine_or_url
    head = head_revision()
    try:
        with migration_connection(engine) as connection:
            if current_revision(connection) != head:
                command.upgrade(alembic_config(connection), "head")
                if engine.url.get_backend_name() == "sqlite":
                    check_foreign_keys(connection)
    except Exception as exc:
        if isinstance(exc, DatabaseError):
            raise
        raise DatabaseError(f"cannot migrate the database {_safe(engine.url)}: {describe_error(exc)}") from exc
    finally:
        if isinstance(engine_or_url, str):
            engine.dispose()
    return head


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for Alembic to migrate on, alone: SQLite's write lock (with foreign keys
    unenforced, see ``sqlite_foreign_keys_off``) or PostgreSQL's advisory lock is held until the
    block ends, and the migration is committed then (rolled back if the block raises)."""
    with engine.connect() as connection:
        backend = engine.url.get_backend_name()
        if backend == "sqlite":
            with sqlite_foreign_keys_off(connection):
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                yield connection
                connection.commit()
            return
        if backend == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        yield connection
        connection.commit()


@contextmanager
def sqlite_foreign_keys_off(connection: Connection) -> Iterator[None]:
    """Foreign keys unenforced for a migration on this SQLite connection, on again afterwards.

    A migration that copies a table (SQLite's only way to change a column) drops the old one;
    with enforcement on, that drop cascades and deletes every row that points at it. SQLite
    ignores this pragma inside a transaction, so it is set before the migration begins.
    """
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        if connection.in_transaction():
            connection.rollback()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def check_foreign_keys(connection: Connection) -> None:
    """Refuse to commit a migration that left a row pointing at nothing (SQLite)."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({str(row[0]) for row in broken})
        raise DatabaseError(f"migration left {len(broken)} rows with broken references in {', '.join(tables)}")


def head_from_files() -> str | None:
    """The head revision as the revision files declare it (``revision = "…"``, ``down_revision =
    …``), read without Alembic; None unless that gives exactly one head, and then the caller asks
    Alembic. A test holds this equal to ``head_revision``."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in VERSIONS.glob("*.py"):
        if path.name.startswith(("_", ".")):
            continue
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        parents.update(_QUOTED.findall(down.group(1)))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def stored_revisions(connection: Connection) -> list[str] | None:
    """The revisions in ``alembic_version``, by plain SQL; None when the table cannot be read
    (a fresh database), which the caller leaves to Alembic to sort out."""
    try:
        return [str(row[0]) for row in connection.exec_driver_sql("SELECT version_num FROM alembic_version")]
    except Exception:  # no such table, or anything else Alembic will report properly
        connection.rollback()  # PostgreSQL refuses further statements in a failed transaction
        return None


def ensure_current(engine: Engine) -> None:
    """Migrate unless this process has already seen the schema at head (one query otherwise)."""
    key = engine.url.render_as_string(hide_password=False)
    with _current_lock:
        if key in _current:
            return
        try:
            with engine.connect() as connection:
                stored = stored_revisions(connection)
                head = head_from_files()
                if head is not None and stored == [head]:
                    _current.add(key)
                    return
                current = current_revision(connection)
        except Exception as exc:
            raise DatabaseError(f"cannot open the database {_safe(engine.url)}: {describe_error(exc)}") from exc
        if current != head_revision():
            if current is not None and not _known_revision(current):
                raise DatabaseError(
                    f"the database {_safe(engine.url)} has schema revision {current}, which this version of "
                    "tracker does not know: it was written by a newer version; upgrade tracker"
                )
            upgrade(engine)
        _current.add(key)


def _known_revision(revision: str) -> bool:
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def open_engine(url: str) -> Engine:
    """The engine every command uses: made, and migrated to head."""
    engine = make_engine(url)
    ensure_current(engine)
    return engine


def backup_sqlite(url: str, target: Path, *, overwrite: bool = False) -> Path:
    """Copy a SQLite database with SQLite's online backup API: consistent even while other
    processes write, and the copy is private (0600) like the original. Returns the source file."""
    import sqlite3

    source = sqlite_path(url)
    if source is None:
        raise DatabaseError(
            f"backup works for SQLite files only, not {_safe(normalise_url(url))}; use pg_dump for PostgreSQL"
        )
    if not source.is_file():
        raise DatabaseError(f"no database at {source}")
    target = target.expanduser()
    if target.exists() and not overwrite:
        raise DatabaseError(f"{target} already exists (use --force to replace it)")
    if target.resolve() == source.resolve():
        raise DatabaseError(f"{target} is the database itself")
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.unlink(missing_ok=True)
        _create_private_file(partial)
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(partial)) as dst:
            src.execute("PRAGMA busy_timeout=10000")
            src.backup(dst)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"cannot back up {source} to {target}: {exc}") from exc
    return source


def describe_error(exc: BaseException) -> str:
    """One line for people: the driver's own message, without SQLAlchemy's SQL and links."""
    original = getattr(exc, "orig", None)
    lines = str(original if original is not None else exc).strip().splitlines()
    return lines[0].strip() if lines else type(exc).__name__


def _safe(url: URL) -> str:
    return url.render_as_string(hide_password=True)
