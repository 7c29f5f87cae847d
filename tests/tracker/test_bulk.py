"""Rows written without ORM objects are the rows the models would have written."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from tracker.models import Event, FollowUp, Meeting, Review, Status
from tracker.services import bulk

pytestmark = pytest.mark.postgres

TIMES = {"created_at", "updated_at", "at", "change_id"}


def test_a_row_has_every_column_the_model_fills(session: Session) -> None:
    values = bulk.row(FollowUp, text="Sundhed svarer.", deadline=dt.date(2019, 3, 1))
    made = FollowUp(text="Sundhed svarer.", deadline=dt.date(2019, 3, 1)).model_dump()
    assert set(values) == set(made) - {"id"}
    assert {k: v for k, v in values.items() if k not in TIMES} == {
        k: v for k, v in made.items() if k not in TIMES | {"id"}
    }
    assert values["status"] is Status.OPEN and values["review"] is Review.TO_REVIEW
    assert isinstance(values["created_at"], dt.datetime) and values["created_at"].tzinfo is not None
    first, second = bulk.row(Event, actor="a", action="x"), bulk.row(Event, actor="a", action="x")
    assert first["change_id"] != second["change_id"]  # factories run per row, not once


def test_inserted_rows_read_back_as_model_objects_with_ids_in_order(engine: Engine, session: Session) -> None:
    meeting = Meeting(key="k", source="referat.txt", content_hash="0" * 64)
    session.add(meeting)
    session.flush()
    texts = [f"Opgave {n}." for n in range(120)]
    ids = bulk.insert_rows_returning_ids(
        session, FollowUp, [bulk.row(FollowUp, meeting_id=meeting.id, text=t) for t in texts]
    )
    bulk.insert_rows(session, Event, [bulk.row(Event, follow_up_id=i, actor="a", action="created") for i in ids])
    session.commit()

    with Session(engine) as other:
        rows = other.exec(select(FollowUp).where(col(FollowUp.id).in_(ids))).all()
        assert {row.id: row.text for row in rows} == dict(zip(ids, texts, strict=True))
        assert all(row.status is Status.OPEN and row.version == 1 and not row.stale for row in rows)
        assert len(other.exec(select(Event)).all()) == len(ids)
    assert bulk.insert_rows_returning_ids(session, FollowUp, []) == []
