"""Re-ingest through the real reader and extractor, after people worked through the real services.

``tests/tracker/test_ingest.py`` covers the matching rules on built extractions; here a
referat file is read and extracted for real, the secretariat and a chief work on its
follow-ups with the services the CLI and the dashboard use, and then the same file, and a
revised file of the same meeting, are ingested again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, select

from nlp.organisation import Organisation
from tracker.db import session_scope
from tracker.models import Assignment, Event, FollowUp, Review, Status, Unit
from tracker.services import followups as svc
from tracker.services.actors import Actor, Role
from tracker.services.ingest import IngestStatus, ingest_file

ANNA = Actor("anna", Role.SECRETARIAT)
OS_CHIEF = Actor("bo", Role.CHIEF, "Økonomi & Stab")

HEAD = "Referat af møde i Chefforum\nDato: 7. maj 2019\n{note}\n"
BUDGET = "Punkt 1: Budget 2020\nBeslutning\nØkonomi & Stab sender budgettet til cheferne senest 1. juni 2019.\n\n"
PJECE = "Miljø & Teknik udarbejder en pjece om affaldssortering{more} senest 15. juni 2019."
PRINTERE = "Punkt 5: Eventuelt\nBeslutning\nIT & Indkøb undersøger nye printere senest 1. august 2019.\n"
FIRST = (
    HEAD.format(note="")
    + BUDGET
    + "Punkt 2: Affald\nBeslutning\n"
    + PJECE.format(more="")
    + "\n\nPunkt 3: Beredskab\nBeslutning\nSundhed opdaterer beredskabsplanen inden 1. september 2019.\n\n"
    + PRINTERE
)
REVISED = (
    HEAD.format(note="Rettet udgave.\n")
    + BUDGET
    + "Punkt 2: Affald\nBeslutning\n"
    + PJECE.format(more=" og genbrug")
    + "\n\nPunkt 3: Beredskab\nBeslutning\nChefforum tog orienteringen til efterretning.\n\n"
    + "Punkt 4: Personalepolitik\nBeslutning\nHR sender den nye politik i høring senest 1. oktober 2019.\n\n"
    + PRINTERE
)


def dump(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table: "no change at all" means this is equal."""
    with Session(engine) as session:
        return {
            table.name: [dict(row) for row in session.connection().execute(table.select().order_by(*table.primary_key))
                         .mappings()]
            for table in SQLModel.metadata.sorted_tables
        }  # fmt: skip


def by_words(session: Session, words: str) -> FollowUp:
    return session.exec(select(FollowUp).where(col(FollowUp.source_text).contains(words))).one()


def units_of(session: Session, row: FollowUp) -> set[str]:
    query = select(Unit.name).join(Assignment, col(Assignment.unit_id) == col(Unit.id))
    return set(session.exec(query.where(Assignment.follow_up_id == row.id)).all())


def ingest(engine: Engine, path: Path, organisation: Organisation) -> Any:
    with session_scope(engine) as session:
        return ingest_file(session, path, organisation, ANNA)


@pytest.mark.postgres
def test_people_keep_their_work_through_a_revised_referat(
    engine: Engine, organisation: Organisation, tmp_path: Path
) -> None:
    path = tmp_path / "chefforum-2019-05-07.txt"
    path.write_text(FIRST, encoding="utf-8")
    first = ingest(engine, path, organisation)
    assert (first.status, first.followups_new) == (IngestStatus.NEW, 4)

    words = {"budget": "budgettet", "pjece": "pjece", "beredskab": "beredskabsplanen", "printere": "printere"}
    with session_scope(engine) as s:
        ids = {name: by_words(s, text).id or 0 for name, text in words.items()}
        meeting_id = by_words(s, "budgettet").meeting_id
    with session_scope(engine) as s:
        svc.mark_done(s, ANNA, ids["budget"], note="Sendt")
    with session_scope(engine) as s:
        svc.add_note(s, OS_CHIEF, ids["budget"], "Cheferne har svaret")
    with session_scope(engine) as s:
        svc.edit(
            s,
            ANNA,
            ids["pjece"],
            text="Miljø & Teknik og HR laver pjecen sammen",
            deadline=dt.date(2019, 7, 1),
            responsible=["Miljø & Teknik", "HR"],
            organisation=organisation,
        )
    with session_scope(engine) as s:
        svc.review(s, ANNA, ids["beredskab"], Review.CONFIRMED)
    with session_scope(engine) as s:
        svc.review(s, ANNA, ids["printere"], Review.REJECTED, note="ikke en opgave")
    with session_scope(engine) as s:
        manual = svc.add_manual(s, ANNA, meeting_id, 2, "Book lokale til næste møde", ["Sundhed"], None).id
        loose = svc.add_manual(s, ANNA, None, 0, "Ring til borgeren", ["Sundhed"], dt.date(2019, 6, 1)).id

    # the same file again: nothing at all changes
    worked = dump(engine)
    same = ingest(engine, path, organisation)
    assert (same.status, same.followups_unchanged, same.followups_new) == (IngestStatus.UNCHANGED, 4, 0)
    assert dump(engine) == worked

    # a revised referat of the same meeting (what the extractor finds in it is checked first, so
    # a change in the extractor shows up as that, not as a failure of re-ingest)
    from nlp.extract import process_file

    path.write_text(REVISED, encoding="utf-8")
    found = {f.item for f in process_file(path, organisation).followups}
    assert found == {1, 2, 4, 5}, f"the extractor now finds follow-ups in items {sorted(found)}"
    revised = ingest(engine, path, organisation)
    assert revised.status is IngestStatus.UPDATED and revised.meeting_id == meeting_id
    assert (revised.followups_new, revised.followups_stale) == (1, 1)
    after = dump(engine)
    assert len(after["follow_up"]) == len(worked["follow_up"]) + 1  # nothing deleted
    assert len(after["meeting"]) == 1
    old_events = {e["id"]: e for e in worked["event"]}
    assert all(old_events[e["id"]] == e for e in after["event"] if e["id"] in old_events)  # history untouched

    with Session(engine) as s:
        budget = s.get(FollowUp, ids["budget"])
        assert budget is not None and (budget.status, budget.stale) == (Status.DONE, False)
        notes = s.exec(select(Event.note).where(Event.follow_up_id == budget.id, Event.action == "note")).all()
        assert notes == ["Cheferne har svaret"]

        pjece = s.get(FollowUp, ids["pjece"])
        assert pjece is not None
        assert (pjece.text, pjece.deadline) == ("Miljø & Teknik og HR laver pjecen sammen", dt.date(2019, 7, 1))
        assert pjece.responsible == "Miljø & Teknik; HR" and units_of(s, pjece) == {"Miljø & Teknik", "HR"}
        assert pjece.source_text == PJECE.format(more=" og genbrug")  # the minutes' own words are refreshed

        beredskab = s.get(FollowUp, ids["beredskab"])
        assert beredskab is not None and (beredskab.stale, beredskab.review) == (True, Review.TO_REVIEW)
        assert s.exec(select(Event.note).where(Event.follow_up_id == beredskab.id, Event.action == "stale")).one()

        printere = s.get(FollowUp, ids["printere"])
        assert printere is not None and (printere.review, printere.stale) == (Review.REJECTED, False)

        new = by_words(s, "politik i høring")
        assert (new.review, new.item_number, new.meeting_id) == (Review.TO_REVIEW, 4, meeting_id)
    for ident in (manual, loose):
        assert [r for r in after["follow_up"] if r["id"] == ident] == [
            r for r in worked["follow_up"] if r["id"] == ident
        ]

    # one ingest is one change in the event log
    ingest_changes = {e["change_id"] for e in after["event"] if e["id"] not in old_events}
    assert len(ingest_changes) == 1

    # and the revision again: nothing changes
    assert ingest(engine, path, organisation).status is IngestStatus.UNCHANGED
    assert dump(engine) == after


def test_a_rejected_follow_up_that_vanishes_stays_rejected(
    engine: Engine, organisation: Organisation, tmp_path: Path
) -> None:
    path = tmp_path / "referat.txt"
    path.write_text(FIRST, encoding="utf-8")
    ingest(engine, path, organisation)
    with session_scope(engine) as s:
        printere = by_words(s, "printere").id or 0
        svc.review(s, ANNA, printere, Review.REJECTED)
    path.write_text(FIRST.replace(PRINTERE, "Punkt 5: Eventuelt\nBeslutning\nIntet.\n"), encoding="utf-8")
    assert ingest(engine, path, organisation).followups_stale == 1
    with Session(engine) as s:
        row = s.get(FollowUp, printere)
        assert row is not None and (row.stale, row.review) == (True, Review.REJECTED)
        stale = s.exec(select(Event).where(Event.follow_up_id == printere, Event.action == "stale")).one()
        assert (stale.field, stale.new) == ("stale", "true") and "stays rejected" in (stale.note or "")
