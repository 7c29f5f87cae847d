"""Meetings as the CLI and the dashboard list them: one row each, with counts from SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, nulls_last
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from tracker.models import AgendaItem, FollowUp, Meeting, Review, Status


@dataclass(frozen=True, slots=True)
class MeetingSummary:
    id: int
    key: str
    source: str
    forum: str | None
    date: dt.date | None
    items: int
    followups: int  # tracked: not rejected, not stale
    open: int  # tracked and still open
    to_review: int
    ingested_at: dt.datetime

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "key": self.key,
            "source": self.source,
            "forum": self.forum,
            "date": self.date.isoformat() if self.date else None,
            "items": self.items,
            "followups": self.followups,
            "open": self.open,
            "to_review": self.to_review,
            "ingested_at": self.ingested_at.isoformat(timespec="seconds"),
        }


def list_meetings(session: Session) -> list[MeetingSummary]:
    """Every meeting, newest first (undated ones last), with item and follow-up counts."""
    items = select(AgendaItem.meeting_id, func.count().label("n")).group_by(col(AgendaItem.meeting_id)).subquery()
    tracked = (col(FollowUp.review) != Review.REJECTED) & col(FollowUp.stale).is_(False)
    followups = (
        select(
            FollowUp.meeting_id,
            func.sum(case((tracked, 1), else_=0)).label("tracked"),
            func.sum(case((tracked & (col(FollowUp.status) == Status.OPEN), 1), else_=0)).label("open"),
            func.sum(case((col(FollowUp.review) == Review.TO_REVIEW, 1), else_=0)).label("to_review"),
        )
        .group_by(col(FollowUp.meeting_id))
        .subquery()
    )
    counts = (
        sa_select(
            col(Meeting.id),
            func.coalesce(items.c.n, 0),
            func.coalesce(followups.c.tracked, 0),
            func.coalesce(followups.c.open, 0),
            func.coalesce(followups.c.to_review, 0),
        )
        .outerjoin(items, items.c.meeting_id == Meeting.id)
        .outerjoin(followups, followups.c.meeting_id == Meeting.id)
    )
    by_id = {row[0]: tuple(int(n) for n in row[1:]) for row in session.connection().execute(counts)}
    meetings = session.exec(select(Meeting).order_by(nulls_last(col(Meeting.date).desc()), col(Meeting.source)))
    summaries = []
    for meeting in meetings:
        n_items, n_tracked, n_open, n_review = by_id.get(meeting.id, (0, 0, 0, 0))
        summaries.append(
            MeetingSummary(
                id=meeting.id or 0,
                key=meeting.key,
                source=meeting.source,
                forum=meeting.forum,
                date=meeting.date,
                items=n_items,
                followups=n_tracked,
                open=n_open,
                to_review=n_review,
                ingested_at=meeting.ingested_at,
            )
        )
    return summaries


def get_meeting(session: Session, ref: str) -> Meeting | None:
    """A meeting by id, key or file name."""
    if ref.isdigit():
        found = session.get(Meeting, int(ref))
        if found is not None:
            return found
    return session.exec(
        select(Meeting).where((col(Meeting.key) == ref) | (col(Meeting.source) == ref)).order_by(col(Meeting.id))
    ).first()
