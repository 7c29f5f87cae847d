"""The ingest service on referater built in the test: storing, fan-out, re-ingest, revisions."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import text, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, func, select

from nlp.organisation import Organisation
from tests.tracker.ingest_helpers import Minutes, Said, build_extraction
from tracker.db import session_scope
from tracker.models import (
    AgendaItem,
    Assignment,
    Event,
    FollowUp,
    Meeting,
    Origin,
    Person,
    Review,
    Status,
    Unit,
    UnitKind,
)
from tracker.services.actors import Actor, PermissionDenied, Role
from tracker.services.ingest import (
    IngestError,
    IngestResult,
    IngestStatus,
    fingerprint,
    ingest_extraction,
    match_followups,
)
from tracker.services.organisation import sync_organisation

# Every database test here runs on SQLite and, when configured, on PostgreSQL.
pytestmark = pytest.mark.postgres

SECRETARY = Actor("sekretær", Role.SECRETARIAT)
MEETING_DAY = dt.date(2019, 1, 17)

PJECE = Said(
    "Miljø & Teknik udarbejder en pjece om affaldssortering senest 1. marts 2019.",
    ("Miljø & Teknik",),
    dt.date(2019, 3, 1),
    "senest 1. marts 2019",
)
MELD = Said(
    "Cheferne skal melde tilbage inden for 14 dage.", ("Alle chefer",), dt.date(2019, 1, 31), "inden for 14 dage"
)
DIALOG = Said("Økonomi & Stab tager en dialog med hver afdeling om budgettet.", ("Økonomi & Stab",))
IGEN = Said("Sagen drøftes igen i Chefforum.", ())
GAEST = Said("Thomas fra Vejdirektoratet sender materialet til IT.", ("Thomas", "IT & Indkøb"))

FIRST: Minutes = {
    1: ["Dagsordenen blev godkendt."],
    2: ["Chefforum drøftede punktet.", PJECE, MELD],
    3: [DIALOG, IGEN, GAEST],
}


def ingest(engine: Engine, org: Organisation, items: Minutes, **kwargs: Any) -> IngestResult:
    with session_scope(engine) as session:
        return ingest_extraction(session, build_extraction(items, **kwargs), org, SECRETARY)


def table_counts(session: Session) -> dict[str, int]:
    return {
        table.name: session.exec(select(func.count()).select_from(table)).one()
        for table in SQLModel.metadata.sorted_tables
    }


def followup(session: Session, words: str) -> FollowUp:
    return session.exec(select(FollowUp).where(col(FollowUp.source_text).contains(words))).one()


def assigned(session: Session, row: FollowUp) -> set[str]:
    return set(session.exec(select(Unit.name).join(Assignment).where(Assignment.follow_up_id == row.id)).all())


# --- first ingest --------------------------------------------------------------------------


def test_stores_exactly_what_the_extractor_returned(
    engine: Engine, session: Session, organisation: Organisation
) -> None:
    extraction = build_extraction(FIRST)
    with session_scope(engine) as s:
        result = ingest_extraction(s, extraction, organisation, SECRETARY, "/srv/referater/referat.txt")

    assert result.status is IngestStatus.NEW
    assert (result.meeting_key, result.items, result.followups_new) == ("Chefforum 2019-01-17", 3, 5)
    meeting = session.exec(select(Meeting)).one()
    assert (meeting.key, meeting.source, meeting.forum, meeting.date) == (
        "Chefforum 2019-01-17",
        "referat.txt",
        "Chefforum",
        MEETING_DAY,
    )
    assert meeting.source_path == "/srv/referater/referat.txt"
    assert meeting.text == extraction.meeting.text
    items = session.exec(select(AgendaItem).order_by(col(AgendaItem.position))).all()
    assert [(i.number, i.title) for i in items] == [(n, f"Punkt {n}: Sag nummer {n}") for n in (1, 2, 3)]

    stored = session.exec(select(FollowUp).order_by(col(FollowUp.id))).all()
    assert len(stored) == len(extraction.followups) == 5
    by_number = {i.id: i.number for i in items}
    for row, found in zip(stored, extraction.followups, strict=True):
        assert row.text == row.source_text == found.text
        assert meeting.text[row.span_start : row.span_end] == found.text
        assert (row.deadline, row.deadline_text) == (found.deadline, found.deadline_text)
        assert (row.confidence, row.reason) == (found.confidence, found.reason)
        assert row.responsible == "; ".join(found.responsible)
        assert (row.origin, row.review, row.status, row.stale) == (
            Origin.EXTRACTED,
            Review.TO_REVIEW,
            Status.OPEN,
            False,
        )
        assert row.item_number == found.item and by_number[row.item_id] == found.item
        assert row.fingerprint == fingerprint(found.text)

    events = session.exec(select(Event).order_by(col(Event.id))).all()
    created = [e for e in events if e.action == "created"]
    assert len(created) == len(stored)
    assert {e.follow_up_id for e in created} == {r.id for r in stored}
    assert {e.actor for e in events} == {"sekretær"}
    ingests = [e for e in events if e.action == "ingest"]
    assert len(ingests) == 1 and ingests[0].meeting_id == meeting.id and ingests[0].follow_up_id is None


def test_alle_chefer_fans_out_to_every_unit_of_the_forums_municipality(
    engine: Engine, session: Session, organisation: Organisation
) -> None:
    ingest(engine, organisation, FIRST)  # Chefforum: Albertslund
    row = followup(session, "melde tilbage")
    assert row.responsible == "Alle chefer"
    albertslund = {u.name for u in organisation.units if u.organisation == "Albertslund"}
    assert assigned(session, row) == albertslund
    assert len(albertslund) == 10 and "CBA" not in albertslund
    kinds = session.exec(select(Unit.kind).join(Assignment).where(Assignment.follow_up_id == row.id)).all()
    assert set(kinds) == {UnitKind.UNIT}


def test_unknown_names_become_external_units_and_nobody_gets_no_assignment(
    engine: Engine, session: Session, organisation: Organisation
) -> None:
    ingest(engine, organisation, FIRST)
    guest = followup(session, "Vejdirektoratet")
    assert assigned(session, guest) == {"Thomas", "IT & Indkøb"}
    assert session.exec(select(Unit.kind).where(Unit.name == "Thomas")).one() is UnitKind.EXTERNAL
    assert assigned(session, followup(session, "drøftes igen")) == set()
    assert assigned(session, followup(session, "pjece")) == {"Miljø & Teknik"}


def test_a_name_is_one_unit_whatever_its_spelling(engine: Engine, session: Session, organisation: Organisation) -> None:
    ingest(engine, organisation, {1: [Said("ØS og Økonomi og Stab sørger for det.", ("ØS", "Økonomi og Stab"))]})
    ingest(engine, organisation, {1: [Said("Thomas sørger for det.", ("Thomas",))]}, date=dt.date(2019, 2, 1))
    ingest(engine, organisation, {1: [Said("thomas sørger for det igen.", ("thomas",))]}, date=dt.date(2019, 3, 1))
    assert assigned(session, followup(session, "ØS og")) == {"Økonomi & Stab"}
    assert session.exec(select(func.count()).select_from(Unit).where(Unit.kind == UnitKind.EXTERNAL)).one() == 1


def test_organisation_is_synced_without_losing_rows(session: Session, organisation: Organisation) -> None:
    sync_organisation(session, organisation)
    sync_organisation(session, organisation)
    units = {u.name: u for u in session.exec(select(Unit))}
    assert set(units) == {e.name for e in organisation}
    assert units["IT & Indkøb"].chief == "Leder af IT & Indkøb"
    assert "IT-afdelingen" in units["IT & Indkøb"].aliases.splitlines()
    assert units["Chefforum"].kind is UnitKind.FORUM
    assert units["DPO"].kind is UnitKind.ROLE
    lene = session.exec(select(Person).where(Person.name == "Lene Paulli")).one()
    assert lene.unit_id == units["Økonomi & Stab"].id

    smaller = Organisation(entities=[e for e in organisation if e.name != "Sundhed"])
    sync_organisation(session, smaller)
    assert session.exec(select(Unit).where(Unit.name == "Sundhed")).one() is not None


def test_ingest_syncs_the_organisation_once_per_engine_until_it_changes(
    engine: Engine, session: Session, organisation: Organisation
) -> None:
    ingest(engine, organisation, FIRST)
    session.exec(update(Unit).where(col(Unit.name) == "Sundhed").values(email="by-hand@example.org"))
    session.commit()
    ingest(engine, organisation, FIRST, date=dt.date(2019, 2, 1))
    session.expire_all()
    assert session.exec(select(Unit.email).where(Unit.name == "Sundhed")).one() == "by-hand@example.org"

    moved = Organisation(
        entities=[replace(e, email="sundhed@example.org") if e.name == "Sundhed" else e for e in organisation]
    )
    ingest(engine, moved, FIRST, date=dt.date(2019, 3, 1))
    session.expire_all()
    assert session.exec(select(Unit.email).where(Unit.name == "Sundhed")).one() == "sundhed@example.org"


def test_a_rolled_back_document_takes_its_organisation_sync_with_it(
    engine: Engine, session: Session, organisation: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.services import ingest as service

    def fail(*_: object, **__: object) -> None:
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(service._Store, "log", fail)
        with pytest.raises(OSError, match="disk full"):
            ingest(engine, organisation, FIRST)
    assert table_counts(session)["unit"] == 0
    ingest(engine, organisation, FIRST)
    assert {u.name for u in session.exec(select(Unit))} >= {e.name for e in organisation}
    assert session.exec(select(Person).where(Person.name == "Lene Paulli")).one().unit_id is not None


def test_a_chief_may_not_ingest(session: Session, organisation: Organisation) -> None:
    chief = Actor("chef", Role.CHIEF, "Miljø & Teknik")
    with pytest.raises(PermissionDenied):
        ingest_extraction(session, build_extraction(FIRST), organisation, chief)
    assert table_counts(session)["meeting"] == 0


def test_meeting_without_forum_or_date_is_known_by_its_file_name(engine: Engine, organisation: Organisation) -> None:
    result = ingest(engine, organisation, FIRST, forum=None, date=None, source="notat.docx")
    assert result.meeting_key == "notat.docx"


def test_a_meeting_first_known_by_file_name_keeps_its_row_once_dated(
    engine: Engine, session: Session, organisation: Organisation
) -> None:
    first = ingest(engine, organisation, FIRST, forum=None, date=None)
    assert first.meeting_key == "referat.txt"
    dated = ingest(engine, organisation, FIRST)
    assert (dated.meeting_key, dated.meeting_id, dated.status) == ("Chefforum 2019-01-17", first.meeting_id, "updated")
    assert dated.followups_new == 0
    assert session.exec(select(Meeting.key)).all() == ["Chefforum 2019-01-17"]


# --- re-ingest -----------------------------------------------------------------------------


def test_the_same_referat_again_changes_nothing(engine: Engine, session: Session, organisation: Organisation) -> None:
    ingest(engine, organisation, FIRST)
    before = table_counts(session)
    versions = session.exec(select(FollowUp.id, FollowUp.version, FollowUp.updated_at)).all()
    again = ingest(engine, organisation, FIRST)
    assert again.status is IngestStatus.UNCHANGED
    assert (again.followups_new, again.followups_unchanged, again.items) == (0, 5, 3)
    session.expire_all()
    assert table_counts(session) == before
    assert session.exec(select(FollowUp.id, FollowUp.version, FollowUp.updated_at)).all() == versions


def _work_on_first_ingest(session: Session) -> dict[str, FollowUp]:
    """What people do between two revisions: confirm, finish, reject, edit, add notes."""
    rows = {
        "pjece": followup(session, "pjece"),
        "meld": followup(session, "melde tilbage"),
        "dialog": followup(session, "dialog"),
        "igen": followup(session, "drøftes igen"),
        "gaest": followup(session, "Vejdirektoratet"),
    }
    rows["pjece"].review, rows["pjece"].status = Review.CONFIRMED, Status.DONE
    rows["meld"].review = Review.REJECTED
    rows["dialog"].text = "ØS holder møde med hver afdeling om budgettet."
    rows["dialog"].deadline = dt.date(2019, 4, 1)
    rows["dialog"].review = Review.CONFIRMED
    session.add_all(
        [
            Event(follow_up_id=rows["dialog"].id, actor="sekretær", action="edit", field="text"),
            Event(follow_up_id=rows["dialog"].id, actor="sekretær", action="edit", field="deadline"),
            Event(follow_up_id=rows["pjece"].id, actor="chef", action="note", note="Pjecen er sendt."),
        ]
    )
    manual = FollowUp(
        meeting_id=rows["pjece"].meeting_id,
        item_id=rows["igen"].item_id,
        item_number=3,
        text="Husk at booke lokale.",
        origin=Origin.MANUAL,
        review=Review.CONFIRMED,
    )
    session.add(manual)
    session.commit()
    rows["manual"] = manual
    return rows


REVISED: Minutes = {
    1: ["Dagsordenen og referatet blev godkendt."],
    2: [
        "Chefforum drøftede punktet grundigt.",
        Said(PJECE.text, PJECE.responsible, dt.date(2019, 3, 15), "senest 15. marts 2019"),
        MELD,
    ],
    3: [
        Said(
            "Økonomi & Stab tager en dialog med hver enkelt afdeling om budgettet for 2019.",
            ("Økonomi & Stab",),
            dt.date(2019, 2, 28),
            "februar",
        ),
        GAEST,
        Said("Drift & Service opdaterer beredskabsplanen.", ("Drift & Service",)),
    ],
}


def test_a_revised_referat_keeps_what_people_did(engine: Engine, session: Session, organisation: Organisation) -> None:
    ingest(engine, organisation, FIRST)
    rows = _work_on_first_ingest(session)
    manual_before = session.get(FollowUp, rows["manual"].id).model_dump()  # type: ignore[union-attr]

    result = ingest(engine, organisation, REVISED, preamble="Rettet udgave af referatet.\n\n")
    assert result.status is IngestStatus.UPDATED
    assert (result.followups_new, result.followups_stale) == (1, 1)
    assert result.followups_updated + result.followups_unchanged == 4
    session.expire_all()
    assert session.exec(select(func.count()).select_from(Meeting)).one() == 1

    pjece = session.get(FollowUp, rows["pjece"].id)
    assert pjece is not None
    assert (pjece.status, pjece.review) == (Status.DONE, Review.CONFIRMED)
    assert pjece.deadline == dt.date(2019, 3, 15)  # nobody edited it: the revision's date wins
    assert pjece.deadline_text == "senest 15. marts 2019"
    meeting_text = session.exec(select(Meeting.text)).one()
    assert meeting_text[pjece.span_start : pjece.span_end] == PJECE.text
    revised = session.exec(select(Event).where(Event.follow_up_id == pjece.id, Event.action == "revised")).all()
    assert [(e.field, e.old, e.new) for e in revised] == [("deadline", "2019-03-01", "2019-03-15")]
    assert session.exec(select(Event.note).where(Event.follow_up_id == pjece.id, Event.action == "note")).one()

    assert session.get(FollowUp, rows["meld"].id).review is Review.REJECTED  # type: ignore[union-attr]

    dialog = session.get(FollowUp, rows["dialog"].id)
    assert dialog is not None
    assert dialog.text == "ØS holder møde med hver afdeling om budgettet."  # the user's words
    assert dialog.deadline == dt.date(2019, 4, 1)  # the user's date
    assert dialog.source_text.endswith("budgettet for 2019.")  # the minutes' words are refreshed
    assert dialog.review is Review.CONFIRMED

    igen = session.get(FollowUp, rows["igen"].id)
    assert igen is not None
    assert (igen.stale, igen.review) == (True, Review.TO_REVIEW)
    stale_events = session.exec(select(Event).where(Event.follow_up_id == igen.id, Event.action == "stale")).all()
    assert len(stale_events) == 1

    new = followup(session, "beredskabsplanen")
    assert (new.review, new.origin, new.item_number) == (Review.TO_REVIEW, Origin.EXTRACTED, 3)

    assert session.get(FollowUp, rows["manual"].id).model_dump() == manual_before  # type: ignore[union-attr]
    assert session.exec(select(func.count()).select_from(Event).where(Event.action == "ingest")).one() == 2


def test_a_vanished_follow_up_that_returns_is_no_longer_stale(
    engine: Engine, session: Session, organisation: Organisation
) -> None:
    ingest(engine, organisation, FIRST)
    ingest(engine, organisation, {**FIRST, 3: [DIALOG, GAEST]})
    assert followup(session, "drøftes igen").stale
    result = ingest(engine, organisation, FIRST)
    assert result.followups_stale == 0 and result.followups_new == 0
    session.expire_all()
    assert not followup(session, "drøftes igen").stale


def test_an_edited_responsible_keeps_its_assignments(
    engine: Engine, session: Session, organisation: Organisation
) -> None:
    ingest(engine, organisation, FIRST)
    pjece = followup(session, "pjece")
    cba = session.exec(select(Unit.id).where(Unit.name == "CBA")).one()
    assert pjece.id is not None and cba is not None
    session.add(Assignment(follow_up_id=pjece.id, unit_id=cba))
    session.add(Event(follow_up_id=pjece.id, actor="sekretær", action="edit", field="responsible"))
    session.commit()
    ingest(
        engine,
        organisation,
        {**FIRST, 2: [Said(PJECE.text, ("Drift & Service",), PJECE.deadline, PJECE.deadline_text)]},
    )
    session.expire_all()
    assert assigned(session, pjece) == {"Miljø & Teknik", "CBA"}
    # without an edit, the revision's responsible replaces open assignments
    dialog = followup(session, "dialog")
    ingest(engine, organisation, {**FIRST, 3: [Said(DIALOG.text, ("SPC",)), IGEN, GAEST]}, date=MEETING_DAY)
    session.expire_all()
    assert assigned(session, dialog) == {"SPC"}
    assert session.get(FollowUp, dialog.id).responsible == "SPC"  # type: ignore[union-attr]


def test_items_are_kept_in_place_and_vanished_ones_unlinked(
    engine: Engine, session: Session, organisation: Organisation
) -> None:
    ingest(engine, organisation, FIRST)
    rows = _work_on_first_ingest(session)
    item_2 = session.exec(select(AgendaItem.id).where(AgendaItem.number == 2)).one()
    ingest(engine, organisation, {1: FIRST[1], 2: FIRST[2]})  # item 3 is gone
    session.expire_all()
    assert session.exec(select(AgendaItem.id).where(AgendaItem.number == 2)).one() == item_2
    assert session.get(FollowUp, rows["pjece"].id).item_id == item_2  # type: ignore[union-attr]
    manual = session.get(FollowUp, rows["manual"].id)
    assert manual is not None and manual.item_id is None and manual.text == "Husk at booke lokale."
    assert session.exec(select(func.count()).select_from(AgendaItem)).one() == 2


def test_a_document_is_stored_whole_or_not_at_all(
    engine: Engine, session: Session, organisation: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.services import ingest as service

    original = service._Store.log
    calls = 0

    def log_then_fail(self: service._Store, *args: Any, **kwargs: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:  # follow-ups, assignments and two events are written by then
            raise OSError("disk full")
        original(self, *args, **kwargs)

    monkeypatch.setattr(service._Store, "log", log_then_fail)
    with pytest.raises(OSError, match="disk full"):
        ingest(engine, organisation, FIRST)
    assert calls == 3
    assert all(n == 0 for n in table_counts(session).values())


def test_a_concurrent_change_aborts_the_revision(
    engine: Engine, session: Session, organisation: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone saves a follow-up between matching and writing: the revision is refused whole."""
    from tracker.services import ingest as service

    ingest(engine, organisation, FIRST)
    pjece_id = followup(session, "pjece").id
    real_match = service.match_followups

    def match_then_someone_edits(new, stored):  # type: ignore[no-untyped-def]
        pairs = real_match(new, stored)
        row = stored[0]
        object_session = Session.object_session(row)
        assert object_session is not None
        object_session.connection().execute(
            text("UPDATE follow_up SET version = version + 1 WHERE id = :id"), {"id": pjece_id}
        )
        return pairs

    monkeypatch.setattr(service, "match_followups", match_then_someone_edits)
    revised = {**FIRST, 2: [Said(PJECE.text, PJECE.responsible, dt.date(2019, 5, 1), "1. maj 2019")]}
    with pytest.raises(IngestError, match="changed by someone else"):
        ingest(engine, organisation, revised)
    session.expire_all()
    assert followup(session, "pjece").deadline == dt.date(2019, 3, 1)
    assert session.exec(select(func.count()).select_from(Event).where(Event.action == "ingest")).one() == 1


# --- matching ------------------------------------------------------------------------------


def test_matching_prefers_same_words_then_overlap_in_the_same_item() -> None:
    stored_extraction = build_extraction(FIRST)
    stored = [
        FollowUp(
            id=n,
            meeting_id=1,
            item_number=f.item,
            text=f.text,
            source_text=f.text,
            fingerprint=fingerprint(f.text),
        )
        for n, f in enumerate(stored_extraction.followups, start=1)
    ]
    new = build_extraction(
        {
            2: [Said("CHEFERNE skal melde tilbage, inden for 14 dage!")],  # same words, other case/punctuation
            3: [
                Said("Økonomi & Stab tager en grundig dialog med hver afdeling om budgettet."),  # reworded
                Said("Noget helt andet skal ske."),
            ],
            4: [Said(PJECE.text)],  # moved to another item: same words still match
        }
    ).followups
    pairs = match_followups(new, stored)
    assert {i: row.id for i, row in pairs.items()} == {0: 2, 1: 3, 3: 1}
