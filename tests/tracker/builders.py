"""Rows for the follow-up tests, inserted directly so the services are tested on their own
(the database itself comes from the ``engine``/``db_url`` fixtures in ``tests/conftest.py``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tracker.db import make_engine
from tracker.models import AgendaItem, Assignment, FollowUp, Meeting, Review, Status, Unit, UnitKind
from tracker.services.actors import Actor, Role

SECRETARY = Actor("sekretær", Role.SECRETARIAT)
OTHER_SECRETARY = Actor("kollega", Role.SECRETARIAT)
UNITS = ("Økonomi & Stab", "Miljø & Teknik", "Sundhed")


def engine_for(url: str) -> Engine:
    """A second engine on the same database, as another process would have."""
    return make_engine(url)


def chief(unit: str, name: str = "chef") -> Actor:
    return Actor(name, Role.CHIEF, unit)


def add_units(session: Session) -> dict[str, Unit]:
    units = {
        "Økonomi & Stab": Unit(name="Økonomi & Stab", aliases="ØS\nØkonomi og Stab"),
        "Miljø & Teknik": Unit(name="Miljø & Teknik", aliases="Miljø og Teknik"),
        "Sundhed": Unit(name="Sundhed"),
        "Chefforum": Unit(name="Chefforum", kind=UnitKind.FORUM),
    }
    session.add_all(units.values())
    session.flush()
    return units


MEETING_TEXT = (
    "Punkt 1. Budget\nIndstilling\nØS indstiller.\nBeslutning\n"
    "Økonomi & Stab sender budgettet til cheferne senest 1. marts. Chefforum godkendte.\n"
    "Punkt 2. Affald\nBeslutning\nMiljø & Teknik undersøger sagen.\n"
)


def add_meeting(session: Session, *, forum: str = "Chefforum", date: dt.date = dt.date(2024, 1, 10)) -> Meeting:
    meeting = Meeting(
        key=f"{forum}-{date.isoformat()}",
        source=f"{forum.lower()}-{date.isoformat()}.txt",
        content_hash="0" * 64,
        forum=forum,
        date=date,
        text=MEETING_TEXT,
    )
    session.add(meeting)
    session.flush()
    decision_start = MEETING_TEXT.index("Økonomi & Stab sender")
    decision_end = MEETING_TEXT.index("Punkt 2.")
    session.add(
        AgendaItem(
            meeting_id=meeting.id or 0,
            position=0,
            number=1,
            title="Budget",
            case_number="00.01.00-A00-1-24",
            span_start=0,
            span_end=decision_end,
            decision_start=decision_start,
            decision_end=decision_end,
        )
    )
    session.flush()
    return meeting


def add_followup(
    session: Session,
    meeting: Meeting,
    units: list[Unit] | tuple[Unit, ...] = (),
    *,
    text: str = "Økonomi & Stab sender budgettet til cheferne senest 1. marts.",
    deadline: dt.date | None = None,
    status: Status = Status.OPEN,
    review: Review = Review.CONFIRMED,
    done_units: tuple[str, ...] = (),
    item_number: int = 1,
) -> FollowUp:
    """A follow-up with one assignment per unit; ``done_units`` start done."""
    start = MEETING_TEXT.find(text)
    item = session.exec(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting.id, AgendaItem.number == item_number)
    ).first()
    follow_up = FollowUp(
        meeting_id=meeting.id or 0,
        item_id=item.id if item is not None else None,
        item_number=item_number,
        text=text,
        source_text=text,
        span_start=start if start >= 0 else None,
        span_end=start + len(text) if start >= 0 else None,
        responsible="; ".join(u.name for u in units),
        deadline=deadline,
        status=status,
        review=review,
    )
    session.add(follow_up)
    session.flush()
    for unit in units:
        done = unit.name in done_units
        session.add(
            Assignment(
                follow_up_id=follow_up.id or 0,
                unit_id=unit.id or 0,
                status=Status.DONE if done else Status.OPEN,
                done_at=dt.datetime.now(dt.UTC) if done else None,
            )
        )
    session.flush()
    return follow_up
