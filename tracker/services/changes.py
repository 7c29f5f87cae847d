"""A cheap answer to "has anything changed?", for shells that show live data.

The dashboard polls this every few seconds instead of reloading its lists. Every change the
services make writes an ``Event`` (status, review, edits, notes, undo, ingest), so the newest
event id moves on every change; reading it is one primary-key lookup however large the
database is.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlalchemy import select as sql_select
from sqlmodel import Session, col

from tracker.models import Event


def last_event_id(session: Session) -> int:
    """The newest event's id (0 for an empty log); a different value means something changed."""
    return int(session.execute(sql_select(func.max(col(Event.id)))).scalar_one() or 0)
