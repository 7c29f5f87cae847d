"""tracker.status: the one definition of open / overdue / due soon / done, in Python and SQL."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from tests.tracker import builders
from tracker import status as st
from tracker.db import session_scope
from tracker.models import FollowUp, Review, Status

AS_OF = dt.date(2024, 3, 15)


def test_deadline_day_itself_is_not_overdue() -> None:
    assert not st.is_overdue(Status.OPEN, AS_OF, AS_OF)
    assert st.days_overdue(Status.OPEN, AS_OF, AS_OF) is None
    assert st.is_overdue(Status.OPEN, AS_OF - dt.timedelta(days=1), AS_OF)
    assert st.days_overdue(Status.OPEN, AS_OF - dt.timedelta(days=1), AS_OF) == 1
    assert st.days_overdue(Status.OPEN, dt.date(2023, 12, 31), AS_OF) == 75


def test_done_or_undated_is_never_overdue() -> None:
    assert not st.is_overdue(Status.DONE, dt.date(2020, 1, 1), AS_OF)
    assert st.days_overdue(Status.DONE, dt.date(2020, 1, 1), AS_OF) is None
    assert not st.is_overdue(Status.OPEN, None, AS_OF)
    assert st.standing(Status.OPEN, None, AS_OF) is st.Standing.OPEN


def test_due_soon_is_the_next_seven_days_inclusive() -> None:
    assert st.is_due_soon(Status.OPEN, AS_OF, AS_OF)
    assert st.is_due_soon(Status.OPEN, AS_OF + dt.timedelta(days=7), AS_OF)
    assert not st.is_due_soon(Status.OPEN, AS_OF + dt.timedelta(days=8), AS_OF)
    assert not st.is_due_soon(Status.OPEN, AS_OF - dt.timedelta(days=1), AS_OF)
    assert not st.is_due_soon(Status.DONE, AS_OF, AS_OF)


def test_standing_orders_done_overdue_due_soon_open() -> None:
    assert st.standing(Status.DONE, AS_OF - dt.timedelta(days=3), AS_OF) is st.Standing.DONE
    assert st.standing(Status.OPEN, AS_OF - dt.timedelta(days=3), AS_OF) is st.Standing.OVERDUE
    assert st.standing(Status.OPEN, AS_OF + dt.timedelta(days=3), AS_OF) is st.Standing.DUE_SOON
    assert st.standing(Status.OPEN, AS_OF + dt.timedelta(days=30), AS_OF) is st.Standing.OPEN


def test_rejected_follow_ups_match_only_the_review_filter_when_asked() -> None:
    overdue = AS_OF - dt.timedelta(days=5)
    for selected in (st.StatusFilter.OPEN, st.StatusFilter.OVERDUE, st.StatusFilter.ALL):
        assert st.matches(selected, Status.OPEN, Review.CONFIRMED, overdue, AS_OF)
        assert not st.matches(selected, Status.OPEN, Review.REJECTED, overdue, AS_OF)
    assert st.matches(st.StatusFilter.TO_REVIEW, Status.DONE, Review.TO_REVIEW, None, AS_OF)
    assert not st.matches(st.StatusFilter.TO_REVIEW, Status.OPEN, Review.CONFIRMED, None, AS_OF)


@pytest.mark.postgres
def test_sql_and_python_agree_on_every_case(engine: Engine) -> None:
    """Every filter, on a grid of deadlines around the as-of date, statuses and reviews: the
    rows the SQL clause selects are exactly those the Python helper accepts."""
    deadlines = [None, *(AS_OF + dt.timedelta(days=d) for d in range(-2, 10))]
    grid = list(itertools.product(deadlines, Status, Review))
    with session_scope(engine) as session:
        meeting = builders.add_meeting(session)
        for deadline, status, review in grid:
            builders.add_followup(session, meeting, deadline=deadline, status=status, review=review)
    with Session(engine) as session:
        rows = session.execute(
            select(col(FollowUp.id), col(FollowUp.status), col(FollowUp.review), col(FollowUp.deadline))
        ).all()
        for selected in st.StatusFilter:
            clause = st.filter_clause(
                selected, col(FollowUp.status), col(FollowUp.review), col(FollowUp.deadline), AS_OF
            )
            in_sql = set(session.execute(select(col(FollowUp.id)).where(clause)).scalars())
            in_python = {i for i, s, r, d in rows if st.matches(selected, s, r, d, AS_OF)}
            assert in_sql == in_python, selected
            assert in_sql, f"{selected} selected nothing: the grid should cover it"
        due_soon = set(
            session.execute(
                select(col(FollowUp.id)).where(st.due_soon_clause(col(FollowUp.status), col(FollowUp.deadline), AS_OF))
            ).scalars()
        )
        assert due_soon == {i for i, s, _r, d in rows if st.is_due_soon(s, d, AS_OF)}
        assert len(due_soon) == len(Review) * 8  # as_of .. as_of+7, open only
