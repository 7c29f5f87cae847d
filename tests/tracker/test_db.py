"""Engines, sessions, the automatic migration and backups, on real SQLite files."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from tracker import db
from tracker.models import AgendaItem, Meeting


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_sqlite_file_is_created_private_with_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "tracker.db"
    old = os.umask(0)  # even a permissive umask must not open the file to others
    try:
        engine = db.make_engine(f"sqlite:///{path}")
    finally:
        os.umask(old)
    assert path.is_file()
    assert _mode(path) == 0o600
    db.ensure_current(engine)
    engine.dispose()
    assert _mode(path) == 0o600


def test_existing_file_mode_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    sqlite3.connect(path).close()
    path.chmod(0o640)
    db.make_engine(f"sqlite:///{path}").dispose()
    assert _mode(path) == 0o640


def test_every_sqlite_connection_gets_the_pragmas(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    for _ in range(2):  # a fresh pooled connection and a second one
        with engine.connect() as connection:

            def pragma(name: str) -> object:
                return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

            assert pragma("journal_mode") == "wal"
            assert pragma("foreign_keys") == 1
            assert pragma("busy_timeout") == 10000
            assert pragma("synchronous") == 1  # NORMAL
    engine.dispose()


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with pytest.raises(IntegrityError), db.session_scope(engine) as session:
        session.add(AgendaItem(meeting_id=12345, position=0, number=1, title="x"))


def test_session_scope_commits_or_rolls_back(engine: Engine) -> None:
    with db.session_scope(engine) as session:
        session.add(Meeting(key="a", source="a.txt", content_hash="1"))
    with pytest.raises(RuntimeError), db.session_scope(engine) as session:
        session.add(Meeting(key="b", source="b.txt", content_hash="2"))
        session.flush()
        raise RuntimeError("boom")
    with Session(engine) as session:
        assert session.exec(select(Meeting.key)).all() == ["a"]


def test_open_engine_migrates_a_fresh_database_to_head(tmp_path: Path) -> None:
    engine = db.open_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    with engine.connect() as connection:
        assert db.current_revision(connection) == db.head_revision()
        assert connection.execute(text("SELECT count(*) FROM follow_up")).scalar() == 0
    engine.dispose()


def test_current_schema_is_checked_not_migrated_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'once.db'}"
    db.upgrade(url)
    db._current.clear()  # as in a new process
    calls: list[object] = []
    monkeypatch.setattr(db, "upgrade", lambda e: calls.append(e))
    db.open_engine(url).dispose()
    assert calls == []


def test_the_head_read_from_the_revision_files_is_alembics() -> None:
    assert db.head_from_files() == db.head_revision()


def _revision_file(folder: Path, name: str, revision: str, down: str) -> None:
    (folder / name).write_text(f'revision: str = "{revision}"\ndown_revision: str | None = {down}\n')


def test_the_head_from_files_is_none_unless_there_is_exactly_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "VERSIONS", tmp_path)
    _revision_file(tmp_path, "0001_a.py", "0001", "None")
    _revision_file(tmp_path, "0002_b.py", "0002", '"0001"')
    (tmp_path / "__init__.py").write_text("")
    assert db.head_from_files() == "0002"
    _revision_file(tmp_path, "0003_c.py", "0003", '"0001"')  # a branch: two heads
    assert db.head_from_files() is None
    _revision_file(tmp_path, "0004_merge.py", "0004", '("0002", "0003")')
    assert db.head_from_files() == "0004"
    (tmp_path / "0005_odd.py").write_text("REVISION = 5\n")  # not declared the usual way
    assert db.head_from_files() is None


def test_a_current_schema_is_checked_without_importing_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fast.db'}"
    db.upgrade(url)
    code = (
        "import sys; from tracker.db import open_engine; open_engine(sys.argv[1]).dispose(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))"
    )
    done = subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_an_old_schema_is_upgraded(tmp_path: Path) -> None:
    from alembic import command

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = db.make_engine(url)
    db.upgrade(engine)
    with db.migration_connection(engine) as connection:
        command.downgrade(db.alembic_config(connection), "base")
    db._current.clear()
    db.ensure_current(engine)
    with engine.connect() as connection:
        assert db.current_revision(connection) == db.head_revision()
    engine.dispose()


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'future.db'}"
    db.upgrade(url)
    with sqlite3.connect(tmp_path / "future.db") as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00d'")
    db._current.clear()
    with pytest.raises(db.DatabaseError, match="revision f00d, which this version of tracker does not know"):
        db.open_engine(url)


def test_concurrent_first_use_migrates_once(tmp_path: Path) -> None:
    """Two commands started at once on a fresh database must both work."""
    url = f"sqlite:///{tmp_path / 'race.db'}"
    code = "import sys; from tracker.db import open_engine; open_engine(sys.argv[1]).dispose()"
    processes = [subprocess.Popen([sys.executable, "-c", code, url], stderr=subprocess.PIPE) for _ in range(2)]
    for process in processes:
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, err.decode()
    engine = db.make_engine(url)
    with engine.connect() as connection:
        assert db.current_revision(connection) == db.head_revision()
    engine.dispose()


def test_postgres_urls_use_psycopg() -> None:
    assert db.normalise_url("postgresql://u@h/d").drivername == "postgresql+psycopg"
    assert db.normalise_url("postgres://u@h/d").drivername == "postgresql+psycopg"
    assert db.normalise_url("sqlite:///x.db").drivername == "sqlite"
    assert db.sqlite_path("postgresql://u@h/d") is None
    assert db.sqlite_path("sqlite://") is None


def test_bad_url_is_a_clear_error() -> None:
    with pytest.raises(db.DatabaseError, match="not a database URL"):
        db.make_engine("no such thing")


def test_backup_copies_a_live_database_privately(engine: Engine, db_url: str, tmp_path: Path) -> None:
    with db.session_scope(engine) as session:
        session.add(Meeting(key="kept", source="kept.txt", content_hash="1"))
    target = tmp_path / "backups" / "copy.db"
    target.parent.mkdir()
    db.backup_sqlite(db_url, target)
    assert _mode(target) == 0o600
    copy = db.make_engine(f"sqlite:///{target}")
    with Session(copy) as session:
        assert session.exec(select(Meeting.key)).all() == ["kept"]
        assert session.exec(select(func.count()).select_from(AgendaItem)).one() == 0
    copy.dispose()
    assert not list(target.parent.glob(".*partial"))


def test_backup_refuses_to_overwrite_or_to_copy_postgres(engine: Engine, db_url: str, tmp_path: Path) -> None:
    target = tmp_path / "exists.db"
    target.write_text("precious")
    with pytest.raises(db.DatabaseError, match="already exists"):
        db.backup_sqlite(db_url, target)
    assert target.read_text() == "precious"
    db.backup_sqlite(db_url, target, overwrite=True)
    assert sqlite3.connect(target).execute("SELECT count(*) FROM meeting").fetchone() == (0,)
    with pytest.raises(db.DatabaseError, match="SQLite files only") as refused:
        db.backup_sqlite("postgresql://user:secret@localhost/tracker", target)
    assert "secret" not in str(refused.value)
    with pytest.raises(db.DatabaseError, match="no database at"):
        db.backup_sqlite(f"sqlite:///{tmp_path / 'missing.db'}", tmp_path / "other.db")
