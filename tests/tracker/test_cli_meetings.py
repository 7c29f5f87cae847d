"""`tracker meetings`: one row per stored referat, in table, JSON and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner, Result

from nlp.organisation import Organisation
from tests.tracker.ingest_helpers import Said, build_extraction
from tracker.cli.app import app
from tracker.db import session_scope
from tracker.models import FollowUp, Review
from tracker.services.actors import Actor, Role
from tracker.services.ingest import ingest_extraction

# Every database test here runs on SQLite and, when configured, on PostgreSQL.
pytestmark = pytest.mark.postgres

SECRETARY = Actor("sekretær", Role.SECRETARIAT)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def two_meetings(engine: Engine, organisation: Organisation) -> None:
    referater = [
        build_extraction(
            {
                1: ["Dagsordenen blev godkendt."],
                2: [Said("ØS sender budgettet.", ("ØS",)), Said("IT opdaterer.", ("IT",))],
            },
            source="cf-2019-01-17.txt",
        ),
        build_extraction(
            {4: [Said("Sagen drøftes igen.")]}, source="dir.docx", forum="Direktionen", date=dt.date(2023, 5, 23)
        ),
        build_extraction({1: ["Intet at følge op på."]}, source="uden-dato.txt", forum=None, date=None),
    ]
    with session_scope(engine) as session:
        for extraction in referater:
            ingest_extraction(session, extraction, organisation, SECRETARY)
    with session_scope(engine) as session:
        rejected = session.exec(select(FollowUp).where(FollowUp.text == "IT opdaterer.")).one()
        rejected.review = Review.REJECTED


@pytest.mark.usefixtures("two_meetings")
def test_meetings_as_json(db_url: str) -> None:
    result = invoke("--db", db_url, "meetings", "--format", "json")
    assert result.exit_code == 0, result.output
    meetings = json.loads(result.stdout)
    assert [(m["source"], m["forum"], m["date"], m["items"], m["followups"]) for m in meetings] == [
        ("dir.docx", "Direktionen", "2023-05-23", 1, 1),
        ("cf-2019-01-17.txt", "Chefforum", "2019-01-17", 2, 1),  # the rejected one is not counted
        ("uden-dato.txt", None, None, 1, 0),
    ]
    assert all(isinstance(m["id"], int) for m in meetings)
    assert meetings[1]["key"] == "Chefforum 2019-01-17" and meetings[1]["to_review"] == 1


@pytest.mark.usefixtures("two_meetings")
def test_meetings_as_csv_and_table(db_url: str) -> None:
    result = invoke("--db", db_url, "meetings", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["source"], r["items"], r["follow-ups"]) for r in rows] == [
        ("dir.docx", "1", "1"),
        ("cf-2019-01-17.txt", "2", "1"),
        ("uden-dato.txt", "1", "0"),
    ]
    table = invoke("--db", db_url, "meetings")
    assert table.exit_code == 0
    assert "3 meetings" in table.stdout
    lines = [line for line in table.stdout.splitlines() if "cf-2019-01-17.txt" in line]
    assert len(lines) == 1 and "2019-01-17" in lines[0] and "Chefforum" in lines[0]


def test_an_empty_database_lists_nothing(db_url: str) -> None:
    result = invoke("--db", db_url, "meetings", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_an_unreachable_database_is_one_error_line(tmp_path: object) -> None:
    result = invoke("--db", "postgresql://nobody@127.0.0.1:1/none", "meetings")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot open the database postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert len(result.stderr.strip().splitlines()) == 1


def test_session_fixture_sees_the_same_database(session: Session, db_url: str) -> None:
    assert invoke("--db", db_url, "meetings", "--format", "json").stdout.strip() == "[]"
