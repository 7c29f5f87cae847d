"""The tables. Every schema change goes through an Alembic revision in ``tracker/migrations``.

Status lives on two levels on purpose: a follow-up that names several units ("hver
afdelingschef …") fans out into one ``Assignment`` per unit, each delivered separately, and
the follow-up's own ``status`` is derived from them by the services (done when all are done).
"Overdue" is never stored: it depends on the as-of date, and ``tracker.status`` decides it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

# Named constraints on every backend, so later (batch) migrations can drop and alter them by name.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Now, timezone-aware in UTC: SQLModel's datetime columns refuse naive values and read
    back aware UTC on every backend, so comparisons never mix naive and aware times."""
    return dt.datetime.now(dt.UTC)


def new_change_id() -> str:
    """A fresh id for one logical change (all events written by one service call share it)."""
    return uuid.uuid4().hex


class Status(StrEnum):
    OPEN = "open"
    DONE = "done"


class Review(StrEnum):
    """Where a follow-up stands in the secretariat's review queue."""

    TO_REVIEW = "to_review"  # found by the extractor, nobody has looked yet
    CONFIRMED = "confirmed"
    REJECTED = "rejected"  # stays rejected when the same minutes are ingested again


class Origin(StrEnum):
    EXTRACTED = "extracted"
    MANUAL = "manual"


class UnitKind(StrEnum):
    UNIT = "unit"  # a department/centre from the organisation file
    ROLE = "role"
    FORUM = "forum"
    PERSON = "person"
    EXTERNAL = "external"  # named in minutes, unknown to the organisation file


class Meeting(SQLModel, table=True):
    __tablename__ = "meeting"
    __table_args__ = (UniqueConstraint("key", name="uq_meeting_key"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300)  # identity across revisions: forum + date, else the file name
    source: str = Field(max_length=300)  # file name
    source_path: str | None = Field(default=None, max_length=1000)
    content_hash: str = Field(max_length=64)  # sha256 of the normalised text
    forum: str | None = Field(default=None, max_length=200)
    date: dt.date | None = Field(default=None, index=True)
    start_time: str | None = Field(default=None, max_length=5)
    place: str | None = Field(default=None, max_length=300)
    participants: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    ingested_at: dt.datetime = Field(default_factory=utcnow)


class AgendaItem(SQLModel, table=True):
    __tablename__ = "agenda_item"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    position: int  # order in the document
    number: int  # as printed, 0 when none
    title: str = Field(max_length=1000)
    case_number: str | None = Field(default=None, max_length=100)
    span_start: int = 0
    span_end: int = 0
    decision_start: int | None = None
    decision_end: int | None = None


class Unit(SQLModel, table=True):
    """Anyone a follow-up can be assigned to: units, roles, forums, people, and names from
    minutes the organisation file does not know (``kind = external``)."""

    __tablename__ = "unit"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    kind: UnitKind = Field(default=UnitKind.UNIT, max_length=20)
    chief: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    aliases: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))  # one per line
    # The municipality, when the organisation file holds several (revision 0003).
    organisation: str | None = Field(default=None, max_length=200)


class Person(SQLModel, table=True):
    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    email: str | None = Field(default=None, max_length=320)
    role: str | None = Field(default=None, max_length=200)


class FollowUp(SQLModel, table=True):
    __tablename__ = "follow_up"
    __table_args__ = (
        Index("ix_follow_up_status_deadline", "status", "deadline"),
        Index("ix_follow_up_meeting", "meeting_id"),
        Index("ix_follow_up_deadline", "deadline"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # None: added by hand without a meeting (revision 0002).
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="CASCADE")
    item_id: int | None = Field(default=None, foreign_key="agenda_item.id", ondelete="SET NULL")
    item_number: int = 0
    text: str = Field(sa_column=Column(Text, nullable=False))  # task text, editable
    source_text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    span_start: int | None = None
    span_end: int | None = None
    responsible: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))  # names, "; "
    deadline: dt.date | None = None
    deadline_text: str | None = Field(default=None, max_length=300)
    status: Status = Field(default=Status.OPEN, max_length=10)
    review: Review = Field(default=Review.TO_REVIEW, max_length=12, index=True)
    stale: bool = False  # an extracted follow-up missing from a revised referat
    confidence: float = 0.5
    reason: str = Field(default="", max_length=200)
    origin: Origin = Field(default=Origin.EXTRACTED, max_length=10)
    fingerprint: str = Field(default="", max_length=64, index=True)  # for matching revisions
    version: int = 1  # optimistic concurrency: every write checks and bumps it
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    done_at: dt.datetime | None = None


class Assignment(SQLModel, table=True):
    """One responsible unit's part of a follow-up, delivered on its own."""

    __tablename__ = "assignment"
    __table_args__ = (
        UniqueConstraint("follow_up_id", "unit_id", name="uq_assignment_follow_up_unit"),
        Index("ix_assignment_unit_status", "unit_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    follow_up_id: int = Field(foreign_key="follow_up.id", ondelete="CASCADE")
    unit_id: int = Field(foreign_key="unit.id")
    status: Status = Field(default=Status.OPEN, max_length=10)
    done_at: dt.datetime | None = None
    version: int = 1


class Event(SQLModel, table=True):
    """The log of every change: who, when, what, from, to, note. Nothing is changed without one.

    ``change_id`` groups the events of one logical change (one service call, one ingested
    document): undo reverts exactly one group, whatever the clock said.
    """

    __tablename__ = "event"
    __table_args__ = (
        Index("ix_event_follow_up", "follow_up_id", "at"),
        Index("ix_event_actor_at", "actor", "at"),
        Index("ix_event_change_id", "change_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    follow_up_id: int | None = Field(default=None, foreign_key="follow_up.id", ondelete="CASCADE")
    assignment_id: int | None = Field(default=None, foreign_key="assignment.id", ondelete="SET NULL")
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="CASCADE")
    actor: str = Field(max_length=200)
    at: dt.datetime = Field(default_factory=utcnow)
    action: str = Field(max_length=40)  # created, status, review, edit, note, ingest, undo, …
    field: str | None = Field(default=None, max_length=40)
    old: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    new: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    undone: bool = False
    change_id: str = Field(default_factory=new_change_id, max_length=32)
