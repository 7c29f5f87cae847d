"""`tracker list/show/done/reopen/note/undo` end to end on a real database file.

The minutes are ingested through the real ingest service (test texts written for the tests),
then the commands run through the real Typer app with ``--db``.
"""

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
from tracker.models import Event, FollowUp, Status
from tracker.services.actors import Actor, Role
from tracker.services.ingest import ingest_extraction

# Every database test here runs on SQLite and, when configured, on PostgreSQL.
pytestmark = pytest.mark.postgres

SECRETARY = Actor("sekretær", Role.SECRETARIAT)
AS_OF = "2019-03-01"


def invoke(db_url: str, *args: str, user: str = "anna") -> Result:
    """``tracker --db URL ARGS…`` as ``user`` (ARGS may start with the global ``--as UNIT``)."""
    return CliRunner().invoke(app, ["--db", db_url, *args], env={"TRACKER_USER": user})


@pytest.fixture
def ids(engine: Engine, organisation: Organisation) -> dict[str, int]:
    extraction = build_extraction(
        {
            1: [
                Said("ØS sender budgettet til cheferne.", ("ØS",), deadline=dt.date(2019, 2, 1)),
                Said("Cheferne melder tilbage.", ("Alle chefer",), deadline=dt.date(2019, 3, 1)),
            ],
            2: [Said("Sagen drøftes igen i Chefforum.", ("Chefforum",))],
        },
        source="cf-2019-01-17.txt",
    )
    with session_scope(engine) as session:
        ingest_extraction(session, extraction, organisation, SECRETARY)
    with Session(engine) as session:
        rows = session.exec(select(FollowUp)).all()
        by_text = {fu.text.split()[0]: fu.id or 0 for fu in rows}
    return {"budget": by_text["ØS"], "all": by_text["Cheferne"], "forum": by_text["Sagen"]}


def test_list_as_json_csv_and_table(db_url: str, ids: dict[str, int]) -> None:
    result = invoke(db_url, "list", "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == [ids["budget"], ids["all"], ids["forum"]]  # by deadline, undated last
    budget = rows[0]
    assert (budget["deadline"], budget["days_overdue"], budget["status"]) == ("2019-02-01", 28, "open")
    assert budget["assignments"] == [{"unit": "Økonomi & Stab", "status": "open", "done_at": None}]
    assert rows[1]["days_overdue"] is None  # due on the as-of day itself
    assert len(rows[1]["assignments"]) > 3  # "Alle chefer" fans out to every unit

    overdue = invoke(db_url, "list", "--status", "overdue", "--as-of", AS_OF, "--format", "csv")
    assert overdue.exit_code == 0, overdue.output
    table = list(csv.DictReader(io.StringIO(overdue.stdout)))
    assert [(r["id"], r["days overdue"], r["responsible"]) for r in table] == [
        (str(ids["budget"]), "28", "Økonomi & Stab (open)")
    ]

    shown = invoke(db_url, "list", "--as-of", AS_OF, "--limit", "1")
    assert shown.exit_code == 0, shown.output
    assert "first 1 of 3" in shown.stdout
    assert "ØS sender budgettet til cheferne." in shown.stdout
    assert "Sagen drøftes" not in shown.stdout


def test_list_refuses_bad_options_and_unknown_units(db_url: str, ids: dict[str, int]) -> None:
    bad_status = invoke(db_url, "list", "--status", "late")
    assert bad_status.exit_code == 2
    assert "expected one of open, overdue, done, all, to_review" in bad_status.stderr
    bad_date = invoke(db_url, "list", "--as-of", "1. marts")
    assert bad_date.exit_code == 1
    assert "expected a date as YYYY-MM-DD" in bad_date.stderr
    unknown = invoke(db_url, "list", "--department", "Vejvæsenet")
    assert unknown.exit_code == 1
    assert "no unit called 'Vejvæsenet'" in unknown.stderr


def test_done_per_unit_then_all_then_reopen(db_url: str, engine: Engine, ids: dict[str, int]) -> None:
    fid = ids["all"]
    part = invoke(db_url, "done", str(fid), "--unit", "Sundhed", "--note", "svar sendt")
    assert part.exit_code == 0, part.output
    assert f"follow-up {fid}: Sundhed's part done; the follow-up is open" in part.stdout
    sundhed = invoke(db_url, "list", "--department", "Sundhed", "--status", "done", "--format", "json")
    assert [r["id"] for r in json.loads(sundhed.stdout)] == [fid]

    everything = invoke(db_url, "done", str(fid))
    assert everything.exit_code == 0, everything.output
    assert "the follow-up is done" in everything.stdout
    again = invoke(db_url, "done", str(fid))
    assert again.exit_code == 0
    assert "nothing to do" in again.stdout

    reopened = invoke(db_url, "reopen", str(fid), "--unit", "Sundhed")
    assert reopened.exit_code == 0, reopened.output
    with Session(engine) as session:
        stored = session.get(FollowUp, fid)
        assert stored is not None and stored.status == Status.OPEN
        actors = set(session.exec(select(Event.actor).where(Event.follow_up_id == fid, Event.action == "status")))
    assert actors == {"anna"}


def test_show_text_and_json(db_url: str, ids: dict[str, int]) -> None:
    fid = ids["budget"]
    assert invoke(db_url, "note", str(fid), "Budgettet er på vej").exit_code == 0
    text = invoke(db_url, "show", str(fid), "--as-of", AS_OF)
    assert text.exit_code == 0, text.output
    assert f"Follow-up {fid}: ØS sender budgettet til cheferne." in text.stdout
    assert "open, 28 days overdue" in text.stdout
    assert "Økonomi & Stab (open)" in text.stdout
    assert "Chefforum 2019-01-17 (cf-2019-01-17.txt)" in text.stdout
    assert "anna: note - Budgettet er på vej" in text.stdout
    detail = json.loads(invoke(db_url, "show", str(fid), "--format", "json").stdout)
    assert detail["decision_text"].startswith("ØS sender budgettet")
    assert detail["last_note"] == "Budgettet er på vej"
    assert [e["action"] for e in detail["events"]][-1] == "note"
    missing = invoke(db_url, "show", "9999")
    assert missing.exit_code == 1
    assert "no follow-up with id 9999" in missing.stderr


def test_a_chief_is_refused_done_but_may_note_their_own(db_url: str, engine: Engine, ids: dict[str, int]) -> None:
    fid = ids["budget"]
    chief = invoke(db_url, "--as", "ØS", "done", str(fid), user="bo")
    assert chief.exit_code == 1
    assert "bo (chief of Økonomi & Stab) may not mark follow-ups done" in chief.stderr
    other = invoke(db_url, "--as", "Sundhed", "note", str(fid), "Ikke vores", user="cy")
    assert other.exit_code == 1
    assert "assigned to Økonomi & Stab" in other.stderr
    noted = invoke(db_url, "--as", "ØS", "note", str(fid), "Vi sender fredag", user="bo")
    assert noted.exit_code == 0, noted.output
    own = invoke(db_url, "--as", "ØS", "list", "--format", "json", user="bo")
    assert [r["id"] for r in json.loads(own.stdout)] == [fid, ids["all"]]  # their unit's, by default
    with Session(engine) as session:
        stored = session.get(FollowUp, fid)
        assert stored is not None and stored.status == Status.OPEN


def test_undo_reverts_the_users_last_change(db_url: str, engine: Engine, ids: dict[str, int]) -> None:
    fid = ids["forum"]
    assert invoke(db_url, "done", str(fid)).exit_code == 0
    undone = invoke(db_url, "undo")
    assert undone.exit_code == 0, undone.output
    assert f"undid status on follow-up {fid}" in undone.stdout
    with Session(engine) as session:
        stored = session.get(FollowUp, fid)
        assert stored is not None and stored.status == Status.OPEN
    assert "nothing to undo for bo" in invoke(db_url, "undo", user="bo").stdout
