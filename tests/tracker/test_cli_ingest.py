"""`tracker ingest` as a user runs it: files and folders, bad files, the summary, permissions.

Most tests replace only the structure/detection step (``nlp.extract.process_file``) with
referater built in the test, while reading stays real, so they do not depend on what the
extractor finds. The end-to-end test runs the real ``tracker`` process on the seeds.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, func, select
from typer.testing import CliRunner, Result

from nlp.extract import Extraction
from nlp.organisation import Organisation
from tests.conftest import SEEDS
from tests.tracker.ingest_helpers import Said, build_extraction
from tracker.cli.app import app
from tracker.db import make_engine
from tracker.models import FollowUp, Meeting

# Every database test here runs on SQLite and, when configured, on PostgreSQL.
pytestmark = pytest.mark.postgres

REFERATER = {
    "chefforum-jan.txt": build_extraction(
        {1: [Said("Økonomi & Stab sender budgettet senest 1. marts.", ("Økonomi & Stab",))]},
        source="chefforum-jan.txt",
    ),
    "chefforum-feb.txt": build_extraction(
        {1: ["Dagsordenen blev godkendt."], 2: [Said("Cheferne melder tilbage.", ("Alle chefer",))]},
        source="chefforum-feb.txt",
        date=dt.date(2019, 2, 25),
    ),
}


@pytest.fixture
def built_referater(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real reading (so bad files fail for real), the meeting built in the test."""
    import nlp.extract
    from nlp.reading import read_document

    def process_file(path: Path | str, organisation: Organisation | None = None) -> Extraction:
        read_document(path)
        return REFERATER[Path(path).name]

    monkeypatch.setattr(nlp.extract, "process_file", process_file)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "referater"
    (root / "2019").mkdir(parents=True)
    (root / "chefforum-jan.txt").write_text("Referat fra januar.", encoding="utf-8")
    (root / "2019" / "chefforum-feb.txt").write_text("Referat fra februar.", encoding="utf-8")
    (root / "2019" / "noter.md").write_text("ikke et referat", encoding="utf-8")
    return root


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


def stored(db_url: str) -> tuple[list[str], int]:
    engine = make_engine(db_url)
    with Session(engine) as session:
        sources = sorted(session.exec(select(Meeting.source)).all())
        followups = session.exec(select(func.count()).select_from(FollowUp)).one()
    engine.dispose()
    return sources, followups


@pytest.mark.usefixtures("built_referater")
def test_ingest_a_folder_recursively(db_url: str, folder: Path) -> None:
    result = invoke("--db", db_url, "ingest", folder)
    assert result.exit_code == 0, result.output
    assert stored(db_url) == (["chefforum-feb.txt", "chefforum-jan.txt"], 2)
    assert "chefforum-jan.txt" in result.stdout and "2 meetings (2 new)" in result.stdout
    assert "noter.md" not in result.output

    again = invoke("--db", db_url, "ingest", "--format", "json", folder)
    assert again.exit_code == 0
    summary = json.loads(again.stdout)
    assert [(s["source"], s["status"], s["items"]) for s in summary] == [
        ("chefforum-feb.txt", "unchanged", 2),
        ("chefforum-jan.txt", "unchanged", 1),
    ]


@pytest.mark.usefixtures("built_referater")
def test_a_bad_file_is_reported_and_the_good_ones_are_stored(db_url: str, folder: Path) -> None:
    bad = folder / "2019" / "chefforum-mar.pdf"
    bad.write_bytes(b"this is no PDF at all")
    empty = folder / "tom.txt"
    empty.write_bytes(b"")
    result = invoke("--db", db_url, "ingest", folder)
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 2
    assert errors[0].startswith(f"error: {bad}: ") and "PDF" in errors[0]
    assert errors[1].startswith(f"error: {empty}: ")
    assert stored(db_url) == (["chefforum-feb.txt", "chefforum-jan.txt"], 2)
    assert "2 failed" in result.stdout


@pytest.mark.usefixtures("built_referater")
def test_a_missing_path_is_an_error_line(db_url: str, folder: Path) -> None:
    missing = folder / "findes-ikke.txt"
    result = invoke("--db", db_url, "ingest", folder / "chefforum-jan.txt", missing)
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(f"error: {missing}: ")
    assert stored(db_url)[0] == ["chefforum-jan.txt"]


def test_a_chief_may_not_ingest(db_url: str, folder: Path) -> None:
    result = invoke("--db", db_url, "--as", "ØS", "ingest", folder)
    assert result.exit_code == 1
    assert "may not ingest" in result.stderr and "Økonomi & Stab" in result.stderr


def test_acting_as_an_unknown_unit_is_refused(db_url: str, folder: Path) -> None:
    result = invoke("--db", db_url, "--as", "Hemmelig Afdeling", "ingest", folder)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --as Hemmelig Afdeling: not a unit")


@pytest.mark.usefixtures("built_referater")
def test_database_from_config_file_and_environment(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_file = tmp_path / "from-file.db"
    config = tmp_path / "tracker.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{from_file}"\n', encoding="utf-8")
    assert invoke("--config", config, "ingest", folder / "chefforum-jan.txt").exit_code == 0
    assert stored(f"sqlite:///{from_file}")[0] == ["chefforum-jan.txt"]

    from_env = tmp_path / "from-env.db"
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{from_env}")
    assert invoke("--config", config, "ingest", folder / "chefforum-jan.txt").exit_code == 0
    assert stored(f"sqlite:///{from_env}")[0] == ["chefforum-jan.txt"]


@pytest.mark.usefixtures("built_referater")
def test_default_database_lives_in_the_data_folder(tmp_path: Path, folder: Path) -> None:
    from tracker.config import default_database_path

    assert invoke("ingest", folder / "chefforum-jan.txt").exit_code == 0
    path = default_database_path()
    assert path.is_relative_to(Path(os.environ["XDG_DATA_HOME"]))
    assert stored(f"sqlite:///{path}")[0] == ["chefforum-jan.txt"]


def _run(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tracker.cli.app", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


@pytest.mark.slow
def test_end_to_end_on_the_seeds(tmp_path: Path) -> None:
    pytest.importorskip("nlp.structure")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    url = f"sqlite:///{tmp_path / 'seeds.db'}"
    ingested = _run("--db", url, "ingest", SEEDS, env=env)
    assert ingested.returncode == 0, ingested.stderr
    listed = _run("--db", url, "meetings", "--format", "json", env=env)
    assert listed.returncode == 0, listed.stderr
    meetings: list[dict[str, Any]] = json.loads(listed.stdout)
    assert sorted((m["date"], m["items"]) for m in meetings) == [
        ("2015-06-26", 5),
        ("2018-09-27", 7),
        ("2019-01-17", 10),
        ("2019-02-25", 8),
        ("2023-05-23", 8),
    ]
    assert {m["source"] for m in meetings} == {p.name for p in SEEDS.glob("*.txt")}
    assert all(m["forum"] and isinstance(m["id"], int) and m["followups"] >= 0 for m in meetings)
