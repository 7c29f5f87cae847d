"""The dashboard's layer over the services, and the services it added (review export, the
change stamp), without a terminal; plus the formatting the screens share."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from sqlmodel import Session

from tests.tui.conftest import MakeBackend
from tests.tui.seed import AS_OF, BOOKING, BUDGET, EMERGENCY, LEAFLET, NOTED, SICK_LEAVE, WINTER, followup_id
from tracker.models import Review
from tracker.services.actors import Actor, PermissionDenied, Role
from tracker.services.changes import last_event_id
from tracker.services.followups import NothingToChange, StaleVersion
from tracker.services.review_export import export_review, review_records
from tracker.status import Standing, StatusFilter
from tracker.tui import formatting as fmt
from tracker.tui.backend import ALL_UNITS, FollowUpEdit, ListQuery, NewFollowUp

CHIEF = Actor("chef-mt", Role.CHIEF, "Miljø & Teknik")


def ident(backend: object, text: str) -> int:
    from tracker.tui.backend import Backend

    assert isinstance(backend, Backend)
    with Session(backend.engine) as session:
        return followup_id(session, text)


def test_overview_puts_a_chiefs_own_unit_first_and_counts_each_follow_up_once(make_backend: MakeBackend) -> None:
    overview = make_backend(CHIEF).overview(AS_OF)
    assert overview.units[0].unit == "Miljø & Teknik"
    names = [u.unit for u in overview.units[1:]]
    assert names == sorted(names)
    total = overview.total
    assert (total.unit, total.open, total.overdue, total.done, total.to_review) == (ALL_UNITS, 6, 3, 1, 3)


def test_followups_pages_carry_the_total_only_on_the_first_page(make_backend: MakeBackend) -> None:
    backend = make_backend(page_size=4)
    first = backend.followups(ListQuery(StatusFilter.ALL), AS_OF)
    assert [r.text for r in first.rows] == [LEAFLET, EMERGENCY, SICK_LEAVE, BUDGET]
    assert first.total == 7 and first.next is not None
    second = backend.followups(ListQuery(StatusFilter.ALL), AS_OF, after=first.next)
    assert [r.text for r in second.rows] == [WINTER, BOOKING, NOTED]
    assert second.total is None and second.next is None


def test_followups_can_leave_the_counting_for_later(make_backend: MakeBackend) -> None:
    backend = make_backend(page_size=4)
    query = ListQuery(StatusFilter.ALL)
    first = backend.followups(query, AS_OF, count=False)
    assert first.total is None and len(first.rows) == 4
    assert backend.count(query, AS_OF) == 7
    whole = backend.followups(ListQuery(StatusFilter.ALL, "Miljø & Teknik"), AS_OF, count=False)
    assert whole.next is None and whole.total == len(whole.rows) == 3  # a page that is the whole list counts itself
    assert backend.count(ListQuery(StatusFilter.ALL, "Miljø & Teknik"), AS_OF) == 3
    assert backend.followups(ListQuery(text="ingen sådan opgave"), AS_OF, count=False).total == 0


def test_changes_move_the_change_stamp(make_backend: MakeBackend) -> None:
    backend = make_backend()
    before = backend.last_event_id()
    backend.mark_done(ident(backend, LEAFLET), None, None)
    assert backend.last_event_id() > before
    with Session(backend.engine) as session:
        assert last_event_id(session) == backend.last_event_id()


def test_edit_and_confirm_is_one_decision_and_a_plain_edit_needs_a_change(make_backend: MakeBackend) -> None:
    backend = make_backend()
    booking = ident(backend, BOOKING)
    with pytest.raises(NothingToChange):
        backend.edit(booking, FollowUpEdit(), None)
    summary = backend.edit(booking, FollowUpEdit(deadline=dt.date(2019, 6, 30)), None, confirm=True)
    assert summary == f"#{booking}: edited and confirmed"
    row = backend.detail(booking, AS_OF).row
    assert (row.deadline, row.review) == (dt.date(2019, 6, 30), Review.CONFIRMED)
    assert backend.edit(ident(backend, NOTED), FollowUpEdit(), None, confirm=True).endswith(": confirmed")


def test_refusals_come_from_the_services(make_backend: MakeBackend) -> None:
    chief, secretary = make_backend(CHIEF), make_backend()
    leaflet = ident(secretary, LEAFLET)
    with pytest.raises(PermissionDenied, match="may not mark follow-ups done"):
        chief.mark_done(leaflet, "Miljø & Teknik", None)
    with pytest.raises(PermissionDenied):
        chief.add_note(ident(secretary, BUDGET), "not ours")
    version = secretary.detail(leaflet, AS_OF).row.version
    secretary.add_note(leaflet, "a note changes no version")
    secretary.edit(leaflet, FollowUpEdit(text="Ny pjece"), version)
    with pytest.raises(StaleVersion):
        secretary.mark_done(leaflet, None, version)


def test_undo_reports_what_it_undid_or_that_there_was_nothing(make_backend: MakeBackend) -> None:
    backend = make_backend(Actor("ny", Role.SECRETARIAT))
    assert backend.undo() == "Nothing of yours to undo"
    leaflet = ident(backend, LEAFLET)
    backend.mark_done(leaflet, "Miljø & Teknik", None)
    assert backend.undo() == f"#{leaflet}: undid the status change"
    assert backend.detail(leaflet, AS_OF).row.status == "open"


def test_add_by_hand_lands_under_the_meeting_and_item(make_backend: MakeBackend) -> None:
    backend = make_backend()
    meeting = next(m for m in backend.meetings() if m.forum == "Direktionen")
    summary = backend.add(NewFollowUp(meeting.id, 1, "Økonomi & Stab samler budgetterne", ("ØS",), None))
    added = int(summary.split(":")[0].lstrip("#"))
    row = backend.detail(added, AS_OF).row
    assert (row.item_title, row.responsible, row.origin) == ("Budget 2020", ("Økonomi & Stab",), "manual")


def test_review_export_records_decisions_with_a_negative_marker(make_backend: MakeBackend, tmp_path: Path) -> None:
    backend = make_backend()
    backend.reject(ident(backend, NOTED), None)
    backend.edit(ident(backend, BOOKING), FollowUpEdit(text="Nyt bookingsystem", responsible=("IT",)), None)
    backend.confirm(ident(backend, BOOKING), None)
    target = tmp_path / "out.jsonl"
    assert backend.export_review(target) == 6
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    by_text = {r["text"]: r for r in records}
    assert by_text[NOTED]["rejected"] is True
    booking = by_text[BOOKING]  # the sentence as in the minutes; the reviewed values
    assert booking["task"] == "Nyt bookingsystem" and booking["responsible"] == ["IT & Indkøb"]
    assert by_text[EMERGENCY] == {
        "doc": "chefforum-2019-02-14.txt",
        "item": 1,
        "text": EMERGENCY,
        "responsible": ["Alle chefer"],
        "deadline": "2019-04-01",
        "optional": False,
        "rejected": False,
        "origin": "extracted",
    }
    assert BUDGET not in by_text  # still to review: no decision yet
    assert [r["doc"] for r in records] == sorted(r["doc"] for r in records)
    assert not list(tmp_path.glob(".*partial"))


def test_review_export_is_readable_by_the_scorer(make_backend: MakeBackend) -> None:
    from nlp.scoring import _record_problem

    backend = make_backend()
    with Session(backend.engine) as session:
        records = list(review_records(session))
        out = io.StringIO()
        assert export_review(session, out) == len(records) == 4
    assert all(_record_problem(json.loads(line)) is None for line in out.getvalue().splitlines())


def test_parse_day_takes_iso_and_danish_order() -> None:
    assert fmt.parse_day("2019-04-15") == dt.date(2019, 4, 15)
    assert fmt.parse_day(" 15-04-2019 ") == fmt.parse_day("15.04.2019") == dt.date(2019, 4, 15)
    assert fmt.parse_day("  ") is None
    with pytest.raises(fmt.BadDate, match="not a date: '31-13-2019'"):
        fmt.parse_day("31-13-2019")


def test_split_names_keeps_order_and_drops_blanks() -> None:
    assert fmt.split_names("ØS; Miljø & Teknik,, ØS ;") == ("ØS", "Miljø & Teknik")


def test_evidence_highlights_the_sentence_in_its_decision(make_backend: MakeBackend) -> None:
    backend = make_backend()
    detail = backend.detail(ident(backend, WINTER), AS_OF)
    heading, text = fmt.evidence(detail)
    assert heading == "Decision"
    marked = [text.plain[s.start : s.end] for s in text.spans if s.style == fmt.HIGHLIGHT]
    assert marked == [WINTER]
    assert text.plain.startswith("Chefforum drøftede ordningen.")


def test_evidence_falls_back_to_the_adopted_proposal(make_backend: MakeBackend) -> None:
    backend = make_backend()
    heading, text = fmt.evidence(backend.detail(ident(backend, EMERGENCY), AS_OF))
    assert heading == "In the minutes"
    assert [text.plain[s.start : s.end] for s in text.spans] == [EMERGENCY]
    assert "\n\n" not in text.plain  # blank lines folded for small terminals


def test_row_cells_mark_overdue_done_and_review(make_backend: MakeBackend) -> None:
    backend = make_backend()
    rows = {r.text: r for r in backend.followups(ListQuery(StatusFilter.ALL), AS_OF).rows}
    assert str(fmt.late(rows[LEAFLET])) == "15d" and rows[LEAFLET].standing is Standing.OVERDUE
    assert str(fmt.late(rows[SICK_LEAVE])) == "✓"
    assert str(fmt.late(rows[WINTER])) == ""
    assert str(fmt.task_cell(rows[BUDGET])).startswith("? ")
    assert fmt.meeting_label(rows[BUDGET]) == "Direktionen 2019-04-04"
    assert fmt.item_label(rows[BUDGET]) == "1. Budget 2020"
