"""What the dashboard asks of the tracker, in one place: the services, each call in its own
transaction, for one actor.

This layer holds no rules (statuses, permissions and versions are the services'); it only
opens a session per call so that the screens can call it from thread workers, and phrases
what happened for a notification. Nothing here imports Textual, so it is tested without a
terminal. Exceptions from the services pass through; ``REFUSALS`` lists the ones a person
caused (not allowed, stale, nothing to change, gone) and the dashboard shows them as
notifications instead of failing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tracker.status import StatusFilter

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    from nlp.organisation import Organisation
    from tracker.services.actors import Actor
    from tracker.services.meetings import MeetingSummary
    from tracker.services.queries import Cursor, FollowUpDetail, FollowUpRow, UnitCounts

ALL_UNITS = "All departments"
T = TypeVar("T")


def refusals() -> tuple[type[Exception], ...]:
    """The exceptions that mean "the change was refused", not "the program failed"."""
    from tracker.services.actors import PermissionDenied
    from tracker.services.followups import FollowUpError
    from tracker.services.queries import NotFound, UnknownUnit

    return (PermissionDenied, FollowUpError, NotFound, UnknownUnit)


@dataclass(frozen=True, slots=True)
class ListQuery:
    """The main list's filters: status, one unit (None: all) and the filter bar's fields."""

    status: StatusFilter = StatusFilter.OPEN
    unit: str | None = None
    text: str | None = None
    forum: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ListPage:
    rows: list[FollowUpRow]
    next: Cursor | None
    total: int | None  # of the whole list, on a first page only (None: not counted)


@dataclass(frozen=True, slots=True)
class UnitOverview:
    total: UnitCounts  # across all units, each follow-up once
    units: list[UnitCounts] = field(default_factory=list)  # a chief's own unit first


@dataclass(frozen=True, slots=True)
class FollowUpEdit:
    """Fields to change; None leaves a field as it is."""

    text: str | None = None
    responsible: tuple[str, ...] | None = None
    deadline: dt.date | None = None
    clear_deadline: bool = False

    @property
    def empty(self) -> bool:
        return self.text is None and self.responsible is None and self.deadline is None and not self.clear_deadline


@dataclass(frozen=True, slots=True)
class NewFollowUp:
    meeting_id: int
    item_number: int
    text: str
    responsible: tuple[str, ...]
    deadline: dt.date | None


class Backend:
    """The services for one actor on one database; every method is one transaction."""

    def __init__(
        self, engine: Engine, actor: Actor, organisation: Organisation | None = None, page_size: int = 100
    ) -> None:
        self.engine = engine
        self.actor = actor
        self.organisation = organisation
        self.page_size = page_size

    @contextmanager
    def _session(self) -> Iterator[Session]:
        from tracker.db import session_scope

        with session_scope(self.engine) as session:
            yield session

    # --- reading -------------------------------------------------------------------------

    def overview(self, as_of: dt.date) -> UnitOverview:
        """Counts per unit (the chief's own first) and for everything together."""
        from tracker.services.queries import UnitCounts, count_followups, unit_counts

        with self._session() as session:
            units = unit_counts(session, as_of)

            def count(status: StatusFilter) -> int:
                return count_followups(session, as_of=as_of, status=status)

            total = UnitCounts(
                ALL_UNITS,
                count(StatusFilter.OPEN),
                count(StatusFilter.OVERDUE),
                count(StatusFilter.DONE),
                count(StatusFilter.TO_REVIEW),
            )
        own = self.actor.unit
        units.sort(key=lambda counts: counts.unit != own)  # stable: the rest stay by name
        return UnitOverview(total, units)

    def followups(
        self,
        query: ListQuery,
        as_of: dt.date,
        after: Cursor | None = None,
        limit: int | None = None,
        *,
        count: bool = True,
    ) -> ListPage:
        """A page of the list; a first page carries the list's total. A first page that is the
        whole list is its own count; else ``count=False`` leaves the total None, for a caller
        that shows the page first and asks ``count`` afterwards (a text search scans every
        open follow-up once more to count them)."""
        from tracker.services.queries import list_followups

        with self._session() as session:
            page = _filtered(list_followups, session, query, as_of, limit=limit or self.page_size, after=after)
            total: int | None = None
            if after is None and page.next is None:
                total = len(page.items)
            elif after is None and count:
                total = self._count(session, query, as_of)
        return ListPage(page.items, page.next, total)

    def count(self, query: ListQuery, as_of: dt.date) -> int:
        """How many follow-ups the list of ``query`` has."""
        with self._session() as session:
            return self._count(session, query, as_of)

    @staticmethod
    def _count(session: Session, query: ListQuery, as_of: dt.date) -> int:
        from tracker.services.queries import count_followups

        return _filtered(count_followups, session, query, as_of)

    def review_queue(self, as_of: dt.date, after: Cursor | None = None, limit: int | None = None) -> ListPage:
        return self.followups(ListQuery(status=StatusFilter.TO_REVIEW), as_of, after, limit)

    def detail(self, follow_up_id: int, as_of: dt.date) -> FollowUpDetail:
        from tracker.services.queries import get_followup_detail

        with self._session() as session:
            return get_followup_detail(session, follow_up_id, as_of=as_of)

    def meetings(self) -> list[MeetingSummary]:
        from tracker.services.meetings import list_meetings

        with self._session() as session:
            return list_meetings(session)

    def last_event_id(self) -> int:
        from tracker.services.changes import last_event_id

        with self._session() as session:
            return last_event_id(session)

    def export_review(self, path: Path) -> int:
        """Write the review decisions as JSONL (see ``tracker.services.review_export``)."""
        from tracker.services.review_export import export_review_file

        with self._session() as session:
            return export_review_file(session, path)

    # --- changing ------------------------------------------------------------------------
    # Each returns one line for the notification that confirms it.

    def mark_done(self, follow_up_id: int, unit: str | None, version: int | None) -> str:
        from tracker.services.followups import mark_done

        with self._session() as session:
            mark_done(session, self.actor, follow_up_id, unit=unit, expected_version=version)
        return f"#{follow_up_id}: {_whose(unit)} marked done"

    def reopen(self, follow_up_id: int, unit: str | None, version: int | None) -> str:
        from tracker.services.followups import reopen

        with self._session() as session:
            reopen(session, self.actor, follow_up_id, unit=unit, expected_version=version)
        return f"#{follow_up_id}: {_whose(unit)} reopened"

    def add_note(self, follow_up_id: int, text: str) -> str:
        from tracker.services.followups import add_note

        with self._session() as session:
            add_note(session, self.actor, follow_up_id, text)
        return f"#{follow_up_id}: note added"

    def edit(self, follow_up_id: int, change: FollowUpEdit, version: int | None, *, confirm: bool = False) -> str:
        """Apply ``change``; ``confirm`` also confirms it in the review queue, in the same
        transaction (the review screen's "edit" is "correct, then accept")."""
        from tracker.models import Review
        from tracker.services.followups import NothingToChange, edit, review

        with self._session() as session:
            edited = False
            if not (change.empty and confirm):  # an empty plain edit: the service says so
                try:
                    updated = edit(
                        session,
                        self.actor,
                        follow_up_id,
                        text=change.text,
                        deadline=change.deadline,
                        clear_deadline=change.clear_deadline,
                        responsible=list(change.responsible) if change.responsible is not None else None,
                        expected_version=version,
                        organisation=self.organisation,
                    )
                    version, edited = updated.version, True
                except NothingToChange:
                    if not confirm:
                        raise
            if confirm:
                review(session, self.actor, follow_up_id, Review.CONFIRMED, expected_version=version)
        if confirm:
            return f"#{follow_up_id}: {'edited and ' if edited else ''}confirmed"
        return f"#{follow_up_id}: saved"

    def confirm(self, follow_up_id: int, version: int | None) -> str:
        from tracker.models import Review
        from tracker.services.followups import review

        with self._session() as session:
            review(session, self.actor, follow_up_id, Review.CONFIRMED, expected_version=version)
        return f"#{follow_up_id}: confirmed"

    def reject(self, follow_up_id: int, version: int | None) -> str:
        from tracker.models import Review
        from tracker.services.followups import review

        with self._session() as session:
            review(session, self.actor, follow_up_id, Review.REJECTED, expected_version=version)
        return f"#{follow_up_id}: rejected"

    def add(self, new: NewFollowUp) -> str:
        from tracker.services.followups import add_manual

        with self._session() as session:
            created = add_manual(
                session,
                self.actor,
                new.meeting_id,
                new.item_number,
                new.text,
                list(new.responsible),
                new.deadline,
                organisation=self.organisation,
            )
            ident = created.id
        return f"#{ident}: follow-up added"

    def undo(self) -> str:
        from tracker.services.followups import undo_last

        with self._session() as session:
            event = undo_last(session, self.actor)
        if event is None:
            return "Nothing of yours to undo"
        return f"#{event.follow_up_id}: undid the {event.field or event.action} change"


def _filtered(read: Callable[..., T], session: Session, query: ListQuery, as_of: dt.date, **more: object) -> T:
    """``read`` (a list or a count of the query services) with the list's filters."""
    return read(
        session,
        as_of=as_of,
        status=query.status,
        unit=query.unit,
        text=query.text,
        forum=query.forum,
        date_from=query.date_from,
        date_to=query.date_to,
        **more,
    )


def _whose(unit: str | None) -> str:
    return f"{unit}'s part" if unit else "every department's part"
