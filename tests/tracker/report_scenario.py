"""One small, hand-written week of follow-ups for the report, mail and export tests.

Stored through the real ingest service (so "Alle chefer" fans out to every unit as in
production) with the demo organisation file, then reviewed and completed through the
follow-up service. Only completion times are set directly: the report's "completed in the past
7 days" depends on them, and the service stamps the wall clock.

As of ``AS_OF`` (2019-04-15):

- EMERGENCY ("Cheferne sikrer … beredskabsplaner … 1. april 2019"), Alle chefer: overdue
  14 days for every unit it fans out to (several, Sundhed among them) except Sundhed, whose
  part was done on 2019-04-12;
- BUDGET, Økonomi & Stab, deadline 2019-04-18: due soon;
- SCRIPT, Miljø & Teknik, deadline 2019-04-10, with a planted ``<script>``, never reviewed;
- REJECTED, IT & Indkøb, deadline 2019-03-01: rejected, must appear nowhere;
- NOBODY, no responsible, deadline 2019-04-05: overdue, unassigned;
- LATER, Sundhed, deadline 2019-06-01: open, not in the report;
- OLD_DONE, Drift & Service, deadline 2019-03-01: done on 2019-03-01, not in the report.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text, update
from sqlmodel import Session, col, select

from nlp.organisation import Organisation
from tests.tracker.builders import SECRETARY
from tests.tracker.ingest_helpers import Said, build_extraction
from tracker.db import open_engine
from tracker.models import Assignment, FollowUp, Review, Unit
from tracker.services import followups
from tracker.services.ingest import ingest_extraction

AS_OF = dt.date(2019, 4, 15)
SCRIPT_SENTENCE = "Miljø & Teknik <script>alert('x')</script> undersøger støjklagerne senest 10. april 2019."
TEXTS = {
    "EMERGENCY": "Cheferne sikrer, at alle beredskabsplaner er afsluttet senest 1. april 2019.",
    "BUDGET": "Økonomi & Stab sender budgetopfølgningen til cheferne senest 18. april 2019.",
    "SCRIPT": SCRIPT_SENTENCE,
    "REJECTED": "IT & Indkøb opdaterer alle servere senest 1. marts 2019.",
    "NOBODY": "Det undersøges, om mødelokalerne kan lejes ud senest 5. april 2019.",
    "LATER": "Sundhed udarbejder en ny sundhedspolitik senest 1. juni 2019.",
    "OLD_DONE": "Drift & Service skifter pærerne i rådhushallen senest 1. marts 2019.",
}


@dataclass(frozen=True)
class Scenario:
    ids: dict[str, int]
    organisation: Organisation

    def __getitem__(self, name: str) -> int:
        return self.ids[name]


def _utc(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def build_scenario(session: Session, organisation: Organisation) -> Scenario:
    said = {
        "EMERGENCY": Said(TEXTS["EMERGENCY"], ("Alle chefer",), dt.date(2019, 4, 1), "1. april 2019"),
        "BUDGET": Said(TEXTS["BUDGET"], ("Økonomi & Stab",), dt.date(2019, 4, 18), "18. april 2019"),
        "SCRIPT": Said(TEXTS["SCRIPT"], ("Miljø & Teknik",), dt.date(2019, 4, 10), "10. april 2019"),
        "REJECTED": Said(TEXTS["REJECTED"], ("IT & Indkøb",), dt.date(2019, 3, 1), "1. marts 2019"),
        "NOBODY": Said(TEXTS["NOBODY"], (), dt.date(2019, 4, 5), "5. april 2019"),
        "LATER": Said(TEXTS["LATER"], ("Sundhed",), dt.date(2019, 6, 1), "1. juni 2019"),
        "OLD_DONE": Said(TEXTS["OLD_DONE"], ("Drift & Service",), dt.date(2019, 3, 1), "1. marts 2019"),
    }
    extraction = build_extraction(
        {number: [sentence] for number, sentence in enumerate(said.values(), start=1)},
        source="chefforum-2019-03-06.txt",
        forum="Chefforum",
        date=dt.date(2019, 3, 6),
    )
    ingest_extraction(session, extraction, organisation, SECRETARY)
    ids = {
        name: session.exec(select(FollowUp.id).where(col(FollowUp.text) == text)).one() or 0
        for name, text in TEXTS.items()
    }
    for name, ident in ids.items():
        if name == "REJECTED":
            followups.review(session, SECRETARY, ident, Review.REJECTED)
        elif name != "SCRIPT":
            followups.review(session, SECRETARY, ident, Review.CONFIRMED)
    followups.mark_done(session, SECRETARY, ids["EMERGENCY"], unit="Sundhed", note="Planerne er godkendt.")
    followups.add_note(session, SECRETARY, ids["BUDGET"], "Afventer tal fra regnskabet.")
    followups.mark_done(session, SECRETARY, ids["OLD_DONE"])
    _set_done_at(session, ids["EMERGENCY"], "Sundhed", _utc(dt.date(2019, 4, 12)))
    _set_done_at(session, ids["OLD_DONE"], "Drift & Service", _utc(dt.date(2019, 3, 1)))
    session.commit()
    return Scenario(ids, organisation)


def _set_done_at(session: Session, follow_up_id: int, unit: str, when: dt.datetime) -> None:
    unit_id = session.exec(select(Unit.id).where(col(Unit.name) == unit)).one()
    session.exec(
        update(Assignment)
        .where(col(Assignment.follow_up_id) == follow_up_id, col(Assignment.unit_id) == unit_id)
        .values(done_at=when)
    )
    follow_up = session.get(FollowUp, follow_up_id)
    assert follow_up is not None
    if follow_up.done_at is not None:
        follow_up.done_at = when
    session.flush()


def department_units(organisation: Organisation) -> list[str]:
    return [unit.name for unit in organisation.units]


def assigned_units(session: Session, follow_up_id: int) -> set[str]:
    """Who a follow-up was fanned out to, as ingest stored it (the rule for "Alle chefer" is
    the ingest service's, not these tests')."""
    rows = session.exec(
        select(Unit.name)
        .join(Assignment, col(Assignment.unit_id) == col(Unit.id))
        .where(col(Assignment.follow_up_id) == follow_up_id)
    )
    return set(rows)


# --- a database holding the scenario, per test ---------------------------------------------


@dataclass(frozen=True)
class Stored:
    url: str
    session: Session
    scenario: Scenario


_template: dict[str, tuple[Path, dict[str, int]]] = {}


def _sqlite_template(request: pytest.FixtureRequest, organisation: Organisation) -> tuple[Path, dict[str, int]]:
    """Migrated and filled once per test session; every test gets its own copy of the file."""
    if "sqlite" not in _template:
        factory: pytest.TempPathFactory = request.getfixturevalue("tmp_path_factory")
        path = factory.mktemp("report-scenario") / "template.db"
        engine = open_engine(f"sqlite:///{path}")
        try:
            with Session(engine, expire_on_commit=False) as session:
                ids = build_scenario(session, organisation).ids
                session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        finally:
            engine.dispose()
        _template["sqlite"] = (path, ids)
    return _template["sqlite"]


@contextmanager
def scenario_database(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, organisation: Organisation
) -> Iterator[Stored]:
    """The scenario in a database of the test's backend: on SQLite a copy of a template (fast),
    on PostgreSQL the fresh database of ``conftest`` filled here."""
    if backend != "sqlite":
        session: Session = request.getfixturevalue("session")
        scenario = build_scenario(session, organisation)
        yield Stored(request.getfixturevalue("db_url"), session, scenario)
        return
    template, ids = _sqlite_template(request, organisation)
    target = tmp_path / "tracker.db"
    shutil.copy(template, target)
    url = f"sqlite:///{target}"
    engine = open_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield Stored(url, session, Scenario(dict(ids), organisation))
    finally:
        engine.dispose()


# Fixtures (made available by tests/tracker/conftest.py): ``report_db`` is the scenario in a
# database of the test's backend, ``report_db_url`` the same for a command that opens it by URL.


@pytest.fixture
def report_db(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, organisation: Organisation
) -> Iterator[Stored]:
    with scenario_database(backend, request, tmp_path, organisation) as database:
        yield database


@pytest.fixture
def report_db_url(report_db: Stored, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """The command opens the database by URL; the cwd holds no tracker.toml."""
    report_db.session.close()
    monkeypatch.chdir(tmp_path)
    return report_db.url
