"""The five seed referater, read, parsed, extracted and stored for real."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from nlp.organisation import Organisation
from tests.conftest import SEEDS
from tracker.db import open_engine, session_scope
from tracker.models import AgendaItem, FollowUp, Meeting
from tracker.services.actors import Actor, Role
from tracker.services.ingest import IngestResult, IngestStatus, ingest_file

pytest.importorskip("nlp.structure")

SECRETARY = Actor("sekretær", Role.SECRETARIAT)
EXPECTED = {
    dt.date(2015, 6, 26): 5,
    dt.date(2018, 9, 27): 7,
    dt.date(2019, 1, 17): 10,
    dt.date(2019, 2, 25): 8,
    dt.date(2023, 5, 23): 8,
}


@pytest.fixture(scope="module")
def seeded(
    tmp_path_factory: pytest.TempPathFactory, organisation: Organisation
) -> Iterator[tuple[Engine, list[IngestResult]]]:
    engine = open_engine(f"sqlite:///{tmp_path_factory.mktemp('seeds') / 'tracker.db'}")
    results = []
    for path in sorted(SEEDS.glob("*.txt")):
        with session_scope(engine) as session:
            results.append(ingest_file(session, path, organisation, SECRETARY))
    yield engine, results
    engine.dispose()


def test_five_meetings_with_their_dates_and_items(seeded: tuple[Engine, list[IngestResult]]) -> None:
    engine, results = seeded
    assert [r.status for r in results] == [IngestStatus.NEW] * 5
    with Session(engine) as session:
        meetings = session.exec(select(Meeting)).all()
        items = {
            m.date: session.exec(
                select(func.count()).select_from(AgendaItem).where(AgendaItem.meeting_id == m.id)
            ).one()
            for m in meetings
        }
    assert items == EXPECTED
    assert {r.date: r.items for r in results} == EXPECTED


def test_stored_follow_ups_are_the_extracted_ones(
    seeded: tuple[Engine, list[IngestResult]], organisation: Organisation
) -> None:
    from nlp.extract import process_file

    engine, _ = seeded
    path = next(SEEDS.glob("002_*.txt"))
    extraction = process_file(path, organisation)
    with Session(engine) as session:
        meeting = session.exec(select(Meeting).where(Meeting.source == path.name)).one()
        rows = session.exec(select(FollowUp).where(FollowUp.meeting_id == meeting.id).order_by(col(FollowUp.id))).all()
    assert [(r.item_number, r.text, r.deadline) for r in rows] == [
        (f.item, f.text, f.deadline) for f in extraction.followups
    ]
    assert all(meeting.text[r.span_start : r.span_end] == r.source_text for r in rows)


def test_ingesting_the_seeds_again_changes_nothing(
    seeded: tuple[Engine, list[IngestResult]], organisation: Organisation
) -> None:
    engine, first = seeded
    for path, before in zip(sorted(SEEDS.glob("*.txt")), first, strict=True):
        with session_scope(engine) as session:
            again = ingest_file(session, Path(path), organisation, SECRETARY)
        assert again.status is IngestStatus.UNCHANGED
        assert (again.meeting_id, again.items) == (before.meeting_id, before.items)
        assert again.followups_unchanged == before.followups_new
