"""The Alembic revisions build exactly the schema of tracker/models.py (like ``alembic check``)."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import tracker.models  # noqa: F401  (the tables)
from tracker import db

TABLES = {"meeting", "agenda_item", "unit", "person", "follow_up", "assignment", "event"}


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))


@pytest.mark.postgres
def test_migrated_database_matches_the_models(engine: Engine) -> None:
    assert _differences(engine) == []
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) == TABLES | {"alembic_version"}


@pytest.mark.postgres
def test_downgrade_to_nothing_and_back(engine: Engine) -> None:
    with db.migration_connection(engine) as connection:
        command.downgrade(db.alembic_config(connection), "base")
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
    db.upgrade(engine)
    assert _differences(engine) == []


def test_comparison_notices_a_missing_column(engine: Engine) -> None:
    """The equality test above can fail: drop a column and it reports it."""
    with engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE meeting DROP COLUMN place")
    assert any("place" in str(diff) for diff in _differences(engine))


def test_one_linear_history_shipped_with_the_package() -> None:
    scripts = ScriptDirectory.from_config(db.alembic_config())
    assert len(scripts.get_heads()) == 1
    assert db.MIGRATIONS.joinpath("env.py").is_file()
    assert scripts.get_base() == "0001"
