"""Messages the thread workers post back (workers never touch widgets).

Each carries plain data from ``tracker.tui.backend``; the receiving screen renders it on the
event loop. The result of a load that was superseded meanwhile is never posted (see
``tracker.tui.workers``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tracker.services.meetings import MeetingSummary
    from tracker.services.queries import FollowUpDetail
    from tracker.tui.backend import ListPage, ListQuery, UnitOverview


class OverviewLoaded(Message):
    def __init__(self, overview: UnitOverview) -> None:
        super().__init__()
        self.overview = overview


class PageLoaded(Message):
    """A page of follow-ups; ``append`` adds it below the rows shown, else it replaces them."""

    def __init__(self, page: ListPage, *, append: bool) -> None:
        super().__init__()
        self.page = page
        self.append = append


class ListCounted(Message):
    """The total of the list of ``query`` as of ``as_of``, counted after its first page was shown."""

    def __init__(self, query: ListQuery, as_of: dt.date, total: int) -> None:
        super().__init__()
        self.query = query
        self.as_of = as_of
        self.total = total


class DetailLoaded(Message):
    def __init__(self, detail: FollowUpDetail) -> None:
        super().__init__()
        self.detail = detail


class MeetingsLoaded(Message):
    def __init__(self, meetings: list[MeetingSummary]) -> None:
        super().__init__()
        self.meetings = meetings


class LoadFailed(Message):
    """Reading failed (database gone, follow-up deleted); ``error`` is for a notification."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class ChangeApplied(Message):
    """A change went through; ``summary`` is one line for a notification."""

    def __init__(self, summary: str) -> None:
        super().__init__()
        self.summary = summary


class ChangeRefused(Message):
    """The services refused a change (not allowed, changed meanwhile, nothing to change)."""

    def __init__(self, reason: str, title: str) -> None:
        super().__init__()
        self.reason = reason
        self.title = title


class DatabaseChanged(Message):
    """Someone (maybe in another process) changed the database since the last look."""


class MoreRowsWanted(Message):
    """The follow-up table's cursor came near the last loaded row."""
