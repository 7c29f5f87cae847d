"""`tracker db upgrade` and `tracker backup FILE`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner, Result

from tracker.cli.app import app
from tracker.db import head_revision


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


def test_db_upgrade_creates_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "new" / "tracker.db"
    result = invoke("--db", f"sqlite:///{path}", "db", "upgrade")
    assert result.exit_code == 0, result.output
    assert f"schema at revision {head_revision()}" in result.stdout
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (head_revision(),)


def test_backup_and_its_errors(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    assert invoke("--db", url, "db", "upgrade").exit_code == 0
    target = tmp_path / "backup.db"
    result = invoke("--db", url, "backup", target)
    assert result.exit_code == 0, result.output
    with sqlite3.connect(target) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (head_revision(),)

    again = invoke("--db", url, "backup", target)
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert invoke("--db", url, "backup", "--force", target).exit_code == 0

    postgres = invoke("--db", "postgresql://u:pw@localhost/db", "backup", tmp_path / "pg.db")
    assert postgres.exit_code == 1
    assert postgres.stderr.startswith("error: backup works for SQLite files only") and "pw" not in postgres.stderr
    assert not (tmp_path / "pg.db").exists()
