"""A database written by the previous version survives ``tracker db upgrade``; a backup taken
while someone writes is a consistent copy.

The old database is built at revision 0001 with Alembic itself and filled with plain SQL, as
the previous version would have left it: a meeting, its item, units, a person, an extracted and
a manual follow-up, assignments and an event log with one two-event change.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection

from tests.reliability.helpers import TABLES, clean_env, counts, problems, run_tracker, tracker_command
from tracker import db
from tracker.db import session_scope
from tracker.models import Assignment, FollowUp, Review, Status
from tracker.services import followups as svc
from tracker.services.actors import Actor, Role

T0 = dt.datetime(2024, 1, 10, 9, 0, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)
_MEETING_TEXT = "Punkt 1. Budget\nBeslutning\nSundhed svarer.\n"

# table: (columns, rows); the rows the previous version left behind
_OLD: dict[str, tuple[str, list[tuple[Any, ...]]]] = {
    "meeting": (
        "id key source source_path content_hash forum date start_time place participants text ingested_at",
        [(1, "Chefforum 2024-01-10", "c.txt", "/r/c.txt", "c" * 64, "Chefforum", dt.date(2024, 1, 10), "09:00",
          "Rådhuset", "Anna\nBo", _MEETING_TEXT, T0)],
    ),
    "agenda_item": (
        "id meeting_id position number title case_number span_start span_end decision_start decision_end",
        [(1, 1, 0, 1, "Budget", "24/17", 0, 44, 27, 43)],
    ),
    "unit": (
        "id name kind chief email aliases",
        [(1, "Sundhed", "UNIT", "Anna", "a@x.dk", ""), (2, "Økonomi & Stab", "UNIT", None, None, "ØS")],
    ),
    "person": ("id name unit_id email role", [(1, "Anna", 1, "a@x.dk", "chef")]),
    "follow_up": (
        "id meeting_id item_id item_number text source_text span_start span_end responsible deadline deadline_text "
        "status review stale confidence reason origin fingerprint version created_at updated_at done_at",
        [
            (1, 1, 1, 1, "Sundhed svarer skriftligt.", "Sundhed svarer.", 27, 42, "Sundhed; Økonomi & Stab",
             dt.date(2024, 2, 1), None, "OPEN", "CONFIRMED", False, 0.8, "present:svare", "EXTRACTED", "f" * 64, 3,
             T0, T0 + 2 * H, None),
            (2, 1, None, 0, "Ring til borgeren.", "", None, None, "Sundhed", None, None, "OPEN", "CONFIRMED", False,
             1.0, "added by hand", "MANUAL", "", 1, T0, T0, None),
        ],
    ),
    "assignment": (
        "id follow_up_id unit_id status done_at version",
        [(1, 1, 1, "DONE", T0 + 2 * H, 2), (2, 1, 2, "OPEN", None, 1), (3, 2, 1, "OPEN", None, 1)],
    ),
    "event": (
        # created by ingest; one edit of two fields (same actor and second: one change); a unit's
        # status; a manual follow-up created; the meeting's ingest
        "id follow_up_id assignment_id meeting_id actor at action field old new note undone",
        [
            (1, 1, None, 1, "ingest", T0, "created", None, None, None, None, False),
            (2, 1, None, 1, "anna", T0 + H, "edit", "text", "Sundhed svarer.", "Sundhed svarer skriftligt.", None,
             False),
            (3, 1, None, 1, "anna", T0 + H, "edit", "deadline", None, "2024-02-01", None, False),
            (4, 1, 1, 1, "anna", T0 + 2 * H, "status", "status", "open", "done", None, False),
            (5, 2, None, 1, "anna", T0 + 3 * H, "created", "origin", None, "manual", None, False),
            (6, None, None, 1, "ingest", T0, "ingest", None, None, "new", None, False),
        ],
    ),
}  # fmt: skip
OLD_ROWS = {table: [dict(zip(cols.split(), row, strict=True)) for row in rows] for table, (cols, rows) in _OLD.items()}


def _insert_old_rows(connection: Connection) -> None:
    for table in TABLES:
        for row in OLD_ROWS[table]:
            columns = ", ".join(row)
            values = ", ".join(f":{name}" for name in row)
            connection.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({values})"), row)
    if connection.dialect.name == "postgresql":  # explicit ids leave the sequences behind
        for table in TABLES:
            connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 100)"))


def _snapshot(url: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, as the previous version's columns."""
    engine = create_engine(db.normalise_url(url))
    try:
        with engine.connect() as connection:
            return {
                table: [
                    {k: v for k, v in row.items() if k in OLD_ROWS[table][0]}
                    for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY id")).mappings()
                ]
                for table in TABLES
            }
    finally:
        engine.dispose()


@pytest.fixture
def old_database(db_url: str) -> str:
    """A database at revision 0001 holding the previous version's rows."""
    engine = db.make_engine(db_url)
    with db.migration_connection(engine) as connection:
        command.upgrade(db.alembic_config(connection), "0001")
        _insert_old_rows(connection)
    engine.dispose()
    return db_url


@pytest.mark.postgres
def test_db_upgrade_keeps_every_row_of_the_previous_version(old_database: str) -> None:
    before = _snapshot(old_database)
    assert {t: len(rows) for t, rows in before.items()} == {t: len(rows) for t, rows in OLD_ROWS.items()}

    upgraded = run_tracker("db", "upgrade", db=old_database)
    assert upgraded.returncode == 0, upgraded.stderr
    assert upgraded.stdout.strip().endswith(f"schema at revision {db.head_revision()}")

    assert _snapshot(old_database) == before
    engine = create_engine(db.normalise_url(old_database))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == db.head_revision()
        rows = connection.execute(text("SELECT id, change_id FROM event ORDER BY id")).all()
    changes = {int(ident): str(change) for ident, change in rows}
    engine.dispose()
    assert changes[2] == changes[3]  # one edit of two fields stays one change
    assert len({changes[1], changes[2], changes[4], changes[5], changes[6]}) == 5
    assert problems(old_database) == []

    again = run_tracker("db", "upgrade", db=old_database)
    assert again.returncode == 0 and _snapshot(old_database) == before


@pytest.mark.postgres
def test_the_previous_versions_history_can_be_undone_change_by_change(old_database: str) -> None:
    engine = db.open_engine(old_database)  # migrates, as every command does
    anna = Actor("anna", Role.SECRETARIAT)

    def undo() -> str:
        with session_scope(engine) as session:
            undone = svc.undo_last(session, anna)
            assert undone is not None
            return f"{undone.action} {undone.field}"

    assert undo() == "created origin"
    assert undo() == "status status"
    assert undo() == "edit deadline"  # both fields of the one edit, not just the newest event
    with session_scope(engine) as session:
        follow_up = session.get(FollowUp, 1)
        assignment = session.get(Assignment, 1)
        manual = session.get(FollowUp, 2)
        assert follow_up is not None and assignment is not None and manual is not None
        assert (follow_up.text, follow_up.deadline) == ("Sundhed svarer.", None)
        assert assignment.status == Status.OPEN and manual.review == Review.REJECTED
        assert svc.undo_last(session, anna) is None
    engine.dispose()


def test_a_failed_migration_leaves_the_old_database_as_it_was(
    old_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration that breaks half-way is rolled back whole: still revision 0001, same rows."""
    from alembic.operations.base import BatchOperations

    before = _snapshot(old_database)

    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(BatchOperations, "create_index", broken)  # after follow_up was copied
    engine = db.make_engine(old_database)
    with pytest.raises(db.DatabaseError, match="disk on fire"):
        db.upgrade(engine)
    assert _snapshot(old_database) == before
    with engine.connect() as connection:  # the pooled connection the migration used
        assert db.current_revision(connection) == "0001"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_the_copying_revision_refuses_to_run_with_foreign_keys_enforced(old_database: str) -> None:
    """Run by hand on an ordinary connection, 0002 would cascade-delete; it refuses instead."""
    before = _snapshot(old_database)
    engine = db.make_engine(old_database)  # every connection enforces foreign keys
    with engine.connect() as connection, pytest.raises(RuntimeError, match="foreign keys off"):
        command.upgrade(db.alembic_config(connection), "head")
    engine.dispose()
    assert _snapshot(old_database) == before


def test_backup_while_another_connection_holds_a_write_transaction(tmp_path: Path) -> None:
    """``tracker backup`` copies what is committed, without waiting for (or breaking) a writer."""
    path = tmp_path / "tracker.db"
    url = f"sqlite:///{path}"
    db.upgrade(url)
    with sqlite3.connect(path) as setup:
        setup.execute(
            "INSERT INTO meeting (key, source, content_hash, participants, text, ingested_at) "
            "VALUES ('committed', 'a.txt', 'x', '', 'Tekst', '2024-01-01 00:00:00')"
        )
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO meeting (key, source, content_hash, participants, text, ingested_at) "
        "VALUES ('uncommitted', 'b.txt', 'y', '', 'Tekst', '2024-01-01 00:00:00')"
    )
    target = tmp_path / "copy.db"
    backup = subprocess.run(
        tracker_command("backup", target, db=url), capture_output=True, text=True, env=clean_env(), timeout=60
    )
    assert backup.returncode == 0, backup.stderr
    assert writer.in_transaction  # the writer was never disturbed
    writer.execute("COMMIT")
    writer.close()

    assert target.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(target) as copy:
        assert [r[0] for r in copy.execute("SELECT key FROM meeting")] == ["committed"]
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (db.head_revision(),)
    assert counts(url)["meeting"] == 2
    assert counts(f"sqlite:///{target}")["meeting"] == 1
