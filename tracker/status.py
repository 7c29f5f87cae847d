"""What "open", "overdue", "due soon" and "done" mean as of a date: decided here and nowhere else.

Overdue is never stored, because it depends on the day you ask. The CLI, the dashboard and the
weekly report all ask this module, either in SQL (``*_clause`` helpers, for filtering and
counting in the database) or in Python (for rendering a row already loaded), so the two can
never disagree. The rules:

- a follow-up (or one unit's assignment) is *overdue* as of D when it is open, has a deadline,
  and the deadline is before D; the deadline day itself is still on time (ANNOTATION §4: the
  due date is the last day on which the follow-up is on time);
- *days overdue* is ``(D - deadline).days``;
- *due soon* is open with a deadline in ``[D, D + DUE_SOON_DAYS]``;
- a rejected follow-up is not tracked at all: it is in no status list and no count unless a
  caller asks for rejected ones explicitly (see ``tracked_clause``).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, false, true
from sqlalchemy.orm import Mapped

from tracker.models import Review, Status

DUE_SOON_DAYS = 7


class StatusFilter(StrEnum):
    """What a list asks for; ``to_review`` is the review queue regardless of status."""

    OPEN = "open"
    OVERDUE = "overdue"
    DONE = "done"
    ALL = "all"
    TO_REVIEW = "to_review"


class Standing(StrEnum):
    """How a follow-up stands as of a date, for rendering (one word per row)."""

    DONE = "done"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    OPEN = "open"


# --- Python helpers (rendering) ------------------------------------------------------------


def is_overdue(status: Status | str, deadline: dt.date | None, as_of: dt.date) -> bool:
    return status == Status.OPEN and deadline is not None and deadline < as_of


def days_overdue(status: Status | str, deadline: dt.date | None, as_of: dt.date) -> int | None:
    """Whole days past the deadline, or None when the follow-up is not overdue."""
    if not is_overdue(status, deadline, as_of):
        return None
    assert deadline is not None
    return (as_of - deadline).days


def is_due_soon(status: Status | str, deadline: dt.date | None, as_of: dt.date) -> bool:
    return (
        status == Status.OPEN and deadline is not None and as_of <= deadline <= as_of + dt.timedelta(days=DUE_SOON_DAYS)
    )


def standing(status: Status | str, deadline: dt.date | None, as_of: dt.date) -> Standing:
    if status == Status.DONE:
        return Standing.DONE
    if is_overdue(status, deadline, as_of):
        return Standing.OVERDUE
    if is_due_soon(status, deadline, as_of):
        return Standing.DUE_SOON
    return Standing.OPEN


def matches(
    selected: StatusFilter,
    status: Status | str,
    review: Review | str,
    deadline: dt.date | None,
    as_of: dt.date,
) -> bool:
    """The Python twin of ``filter_clause`` (for callers holding rows already loaded)."""
    if selected is StatusFilter.TO_REVIEW:
        return review == Review.TO_REVIEW
    if review == Review.REJECTED:
        return False
    if selected is StatusFilter.OPEN:
        return status == Status.OPEN
    if selected is StatusFilter.DONE:
        return status == Status.DONE
    if selected is StatusFilter.OVERDUE:
        return is_overdue(status, deadline, as_of)
    return True


# --- SQL helpers (queries) -----------------------------------------------------------------
# Columns are passed in because "status" is the follow-up's own status in a plain list and
# the assignment's status when a list is filtered by unit; the deadline is always the
# follow-up's.

StatusColumn = Mapped[Status] | ColumnElement[Status]
DeadlineColumn = Mapped[dt.date | None] | ColumnElement[dt.date | None]
ReviewColumn = Mapped[Review] | ColumnElement[Review]


def open_clause(status: StatusColumn) -> ColumnElement[bool]:
    return status == Status.OPEN


def done_clause(status: StatusColumn) -> ColumnElement[bool]:
    return status == Status.DONE


def overdue_clause(status: StatusColumn, deadline: DeadlineColumn, as_of: dt.date) -> ColumnElement[bool]:
    return and_(status == Status.OPEN, deadline.is_not(None), deadline < as_of)


def due_soon_clause(status: StatusColumn, deadline: DeadlineColumn, as_of: dt.date) -> ColumnElement[bool]:
    return and_(
        status == Status.OPEN,
        deadline.is_not(None),
        deadline >= as_of,
        deadline <= as_of + dt.timedelta(days=DUE_SOON_DAYS),
    )


def tracked_clause(review: ReviewColumn) -> ColumnElement[bool]:
    """Follow-ups that count: everything the secretariat has not rejected."""
    return review != Review.REJECTED


def filter_clause(
    selected: StatusFilter,
    status: StatusColumn,
    review: ReviewColumn,
    deadline: DeadlineColumn,
    as_of: dt.date,
    *,
    include_rejected: bool = False,
) -> ColumnElement[bool]:
    """The WHERE condition for a status filter; rejected follow-ups are left out unless
    ``include_rejected`` (a caller that filters on review itself, e.g. to list the rejected)."""
    if selected is StatusFilter.TO_REVIEW:
        return review == Review.TO_REVIEW
    clause: ColumnElement[bool]
    if selected is StatusFilter.OPEN:
        clause = open_clause(status)
    elif selected is StatusFilter.DONE:
        clause = done_clause(status)
    elif selected is StatusFilter.OVERDUE:
        clause = overdue_clause(status, deadline, as_of)
    elif selected is StatusFilter.ALL:
        clause = true()
    else:  # pragma: no cover - the enum is exhaustive
        clause = false()
    return clause if include_rejected else and_(tracked_clause(review), clause)
