"""tracker.services.queries: filters, keyset paging, counts per unit and the detail view."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.tracker import builders
from tests.tracker.builders import SECRETARY, chief
from tracker.db import session_scope
from tracker.models import Review, Status
from tracker.services import followups as svc
from tracker.services import queries as q
from tracker.status import Standing, StatusFilter

# Every database test here runs on SQLite and, when configured, on PostgreSQL.
pytestmark = pytest.mark.postgres

AS_OF = dt.date(2024, 3, 15)
DAY = dt.timedelta(days=1)


@pytest.fixture
def world(engine: Engine) -> dict[str, int]:
    """A small register: overdue, due today, done, undated, to review, rejected, and one for two units."""
    with session_scope(engine) as s:
        u = builders.add_units(s)
        chefforum = builders.add_meeting(s)
        udvalg = builders.add_meeting(s, forum="Teknik- og Miljøudvalget", date=dt.date(2024, 2, 20))
        ids = {
            "overdue": builders.add_followup(
                s, chefforum, [u["Sundhed"]], text="Sundhed svarer.", deadline=AS_OF - 3 * DAY
            ),
            "today": builders.add_followup(
                s, chefforum, [u["Miljø & Teknik"]], text="Miljø & Teknik undersøger sagen.", deadline=AS_OF
            ),
            "done": builders.add_followup(
                s,
                chefforum,
                [u["Sundhed"]],
                text="Afsluttet opgave.",
                deadline=AS_OF - 10 * DAY,
                status=Status.DONE,
                done_units=("Sundhed",),
            ),
            "undated": builders.add_followup(s, udvalg, [u["Miljø & Teknik"]], text="Vejen repareres."),
            "to_review": builders.add_followup(
                s,
                udvalg,
                [u["Sundhed"]],
                text="Måske en opgave.",
                deadline=AS_OF + 20 * DAY,
                review=Review.TO_REVIEW,
            ),
            "rejected": builders.add_followup(
                s,
                udvalg,
                [u["Sundhed"]],
                text="Ikke en opgave.",
                deadline=AS_OF - 5 * DAY,
                review=Review.REJECTED,
            ),
            "shared": builders.add_followup(
                s,
                chefforum,
                [u["Økonomi & Stab"], u["Sundhed"]],
                deadline=AS_OF - 1 * DAY,
                done_units=("Økonomi & Stab",),
            ),
        }
        return {name: fu.id or 0 for name, fu in ids.items()}


def ids(page: q.Page[q.FollowUpRow]) -> set[int]:
    return {row.id for row in page.items}


def test_status_filters(engine: Engine, world: dict[str, int]) -> None:
    w = world
    with Session(engine) as s:

        def listed(status: StatusFilter, **kw: Any) -> set[int]:
            return ids(q.list_followups(s, as_of=AS_OF, status=status, **kw))

        assert listed(StatusFilter.OPEN) == {w["overdue"], w["today"], w["undated"], w["to_review"], w["shared"]}
        assert listed(StatusFilter.OVERDUE) == {w["overdue"], w["shared"]}  # due today is on time
        assert listed(StatusFilter.DONE) == {w["done"]}
        assert listed(StatusFilter.ALL) == set(w.values()) - {w["rejected"]}
        assert listed(StatusFilter.TO_REVIEW) == {w["to_review"]}
        assert listed(StatusFilter.ALL, review=Review.REJECTED) == {w["rejected"]}
        assert listed(StatusFilter.OVERDUE, review=Review.REJECTED) == {w["rejected"]}
        assert q.count_followups(s, as_of=AS_OF, status=StatusFilter.OVERDUE) == 2
        # a day later, what was due today is one day overdue
        later = q.list_followups(s, as_of=AS_OF + DAY, status=StatusFilter.OVERDUE)
        by_id = {row.id: row for row in later.items}
        assert by_id[w["today"]].days_overdue == 1
        assert by_id[w["overdue"]].days_overdue == 4


def test_unit_filter_uses_that_units_assignment_status(engine: Engine, world: dict[str, int]) -> None:
    w = world
    with Session(engine) as s:
        stab_open = q.list_followups(s, as_of=AS_OF, status=StatusFilter.OPEN, unit="ØS")
        assert stab_open.items == []  # Økonomi & Stab delivered its part of "shared"
        [stab_done] = q.list_followups(s, as_of=AS_OF, status=StatusFilter.DONE, unit="Økonomi og Stab").items
        assert (stab_done.id, stab_done.status, stab_done.days_overdue) == (w["shared"], Status.DONE, None)
        sundhed_overdue = q.list_followups(s, as_of=AS_OF, status=StatusFilter.OVERDUE, unit="Sundhed")
        assert ids(sundhed_overdue) == {w["overdue"], w["shared"]}
        shared = next(r for r in sundhed_overdue.items if r.id == w["shared"])
        assert (shared.status, shared.days_overdue, shared.standing) == (Status.OPEN, 1, Standing.OVERDUE)
        assert [(a.unit, a.status) for a in shared.assignments] == [
            ("Sundhed", Status.OPEN),
            ("Økonomi & Stab", Status.DONE),
        ]
        assert q.count_followups(s, as_of=AS_OF, status=StatusFilter.ALL, unit="Sundhed") == 4
        with pytest.raises(q.UnknownUnit, match="Vejvæsenet"):
            q.list_followups(s, as_of=AS_OF, unit="Vejvæsenet")


def test_text_forum_and_date_filters(engine: Engine, world: dict[str, int]) -> None:
    w = world
    with Session(engine) as s:

        def listed(**kw: Any) -> set[int]:
            return ids(q.list_followups(s, as_of=AS_OF, status=StatusFilter.ALL, **kw))

        assert listed(text="vejen") == {w["undated"]}
        assert listed(text="100%") == set()  # wildcards are literal
        assert listed(forum="teknik- og miljøudvalget") == {w["undated"], w["to_review"]}
        assert listed(date_from=AS_OF - 3 * DAY, date_to=AS_OF) == {w["overdue"], w["today"], w["shared"]}
        assert listed(date_from=dt.date(2024, 2, 1), date_field=q.DateField.MEETING) == {
            w["undated"],
            w["to_review"],
        }
        assert listed(date_to=dt.date(2024, 1, 31), date_field=q.DateField.MEETING) == {
            w["overdue"],
            w["today"],
            w["done"],
            w["shared"],
        }


def test_rows_carry_what_the_list_shows(engine: Engine, world: dict[str, int]) -> None:
    with session_scope(engine) as s:
        svc.add_note(s, chief("Sundhed"), world["overdue"], "Svar på vej")
    with Session(engine) as s:
        page = q.list_followups(s, as_of=AS_OF, status=StatusFilter.OPEN, limit=1)
        [row] = page.items
        assert row.id == world["overdue"]  # the earliest deadline first
        assert row.responsible == ("Sundhed",)
        assert (row.days_overdue, row.standing, row.review, row.version) == (3, Standing.OVERDUE, Review.CONFIRMED, 1)
        assert (row.forum, row.meeting_date, row.item_number, row.item_title) == (
            "Chefforum",
            dt.date(2024, 1, 10),
            1,
            "Budget",
        )
        assert row.meeting_source == "chefforum-2024-01-10.txt"
        assert row.last_note == "Svar på vej"
        assert page.next == q.Cursor(row.deadline, row.id)
        today = next(r for r in q.list_followups(s, as_of=AS_OF).items if r.id == world["today"])
        assert (today.days_overdue, today.standing) == (None, Standing.DUE_SOON)


def test_unit_counts(engine: Engine, world: dict[str, int]) -> None:
    with Session(engine) as s:
        counts = {c.unit: c for c in q.unit_counts(s, AS_OF)}
    assert counts["Sundhed"] == q.UnitCounts("Sundhed", open=3, overdue=2, done=1, to_review=1)
    assert counts["Økonomi & Stab"] == q.UnitCounts("Økonomi & Stab", open=0, overdue=0, done=1, to_review=0)
    assert counts["Miljø & Teknik"] == q.UnitCounts("Miljø & Teknik", open=2, overdue=0, done=0, to_review=0)
    assert "Chefforum" not in counts  # a forum without assignments


def test_detail_has_evidence_and_history(engine: Engine, world: dict[str, int]) -> None:
    fid = world["shared"]
    with session_scope(engine) as s:
        svc.mark_done(s, SECRETARY, fid, unit="Sundhed", note="leveret")
    with Session(engine) as s:
        detail = q.get_followup_detail(s, fid, as_of=AS_OF)
        with pytest.raises(q.NotFound):
            q.get_followup_detail(s, 9999)
    assert detail.row.status == Status.DONE
    assert detail.source_text == "Økonomi & Stab sender budgettet til cheferne senest 1. marts."
    assert detail.decision_text is not None and detail.decision_text.startswith("Økonomi & Stab sender budgettet")
    assert detail.context is not None and detail.source_text in detail.context
    assert "Punkt 2" not in detail.context  # the context stays within the agenda item
    assert detail.case_number == "00.01.00-A00-1-24"
    assert [(e.action, e.unit, e.note) for e in detail.events] == [
        ("status", "Sundhed", "leveret"),
        ("status", None, None),
    ]
    assert detail.row.last_note == "leveret"


def test_cursor_round_trips_as_text() -> None:
    for cursor in (q.Cursor(dt.date(2024, 1, 2), 7), q.Cursor(None, 12)):
        assert q.Cursor.parse(str(cursor)) == cursor
    with pytest.raises(ValueError, match="not a page cursor"):
        q.Cursor.parse("yesterday")


@pytest.fixture
def crowd(engine: Engine) -> list[int]:
    """60 follow-ups with many ties on the deadline and a third without one, inserted in random order."""
    rng = random.Random(7)
    deadlines: list[dt.date | None] = [AS_OF + rng.randint(-3, 3) * DAY for _ in range(40)] + [None] * 20
    rng.shuffle(deadlines)
    with session_scope(engine) as s:
        u = builders.add_units(s)
        meeting = builders.add_meeting(s)
        made = [
            builders.add_followup(s, meeting, [u["Sundhed"]], text=f"Opgave {n}", deadline=d)
            for n, d in enumerate(deadlines)
        ]
        return [fu.id or 0 for fu in made]


@pytest.mark.parametrize("limit", [1, 7, 20, 60, 100])
def test_keyset_pages_cover_every_row_once_in_order(engine: Engine, crowd: list[int], limit: int) -> None:
    seen: list[q.FollowUpRow] = []
    after: q.Cursor | None = None
    with Session(engine) as s:
        for _ in range(len(crowd) + 2):
            page = q.list_followups(s, as_of=AS_OF, status=StatusFilter.ALL, limit=limit, after=after)
            assert len(page.items) <= limit
            seen.extend(page.items)
            if page.next is None:
                break
            after = q.Cursor.parse(str(page.next))  # as a shell would carry it
        else:
            pytest.fail("paging did not end")
    assert sorted(r.id for r in seen) == sorted(crowd)
    keys = [(r.deadline is None, r.deadline or dt.date.min, r.id) for r in seen]
    assert keys == sorted(keys)  # deadline first, undated last, id breaks ties


def test_iter_followups_walks_the_pages(engine: Engine, crowd: list[int]) -> None:
    with Session(engine) as s:
        everything = list(q.iter_followups(s, page_size=7, as_of=AS_OF, status=StatusFilter.ALL))
        first = list(q.iter_followups(s, page_size=7, limit=10, as_of=AS_OF, status=StatusFilter.ALL))
        one_page = q.list_followups(s, as_of=AS_OF, status=StatusFilter.ALL, limit=10)
    assert sorted(r.id for r in everything) == sorted(crowd)
    assert first == everything[:10] == one_page.items


def test_a_page_costs_three_queries_however_many_rows(engine: Engine, crowd: list[int]) -> None:
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    with Session(engine) as s:
        q.list_followups(s, as_of=AS_OF, status=StatusFilter.ALL, limit=25)  # warm up the connection
        sa_event.listen(engine, "before_cursor_execute", count)
        page = q.list_followups(s, as_of=AS_OF, status=StatusFilter.ALL, limit=25)
        sa_event.remove(engine, "before_cursor_execute", count)
    assert len(page.items) == 25
    assert len(statements) == 3, statements
    assert "LIMIT" in statements[0]
