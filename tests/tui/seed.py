"""A small, fixed database for the dashboard tests: two referater written for the tests,
stored through the real ingest service (not the extractor, whose output keeps improving).

The extraction is built by hand with computed offsets, as the NLP layer would hand it over.
Timestamps are pinned after seeding so screenshots do not change from run to run. The date the
tests look from is ``AS_OF`` (2019-04-15), when the emergency plans (due 2019-04-01) are late.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session, col, select

from nlp.extract import Extraction
from nlp.models import AgendaItem, FollowUp, Meeting, Section, SectionKind
from nlp.organisation import Organisation, parse_organisation
from tests.tracker.ingest_helpers import Said
from tracker.db import make_engine, session_scope, upgrade
from tracker.models import Event
from tracker.models import FollowUp as StoredFollowUp
from tracker.services.actors import Actor, Role
from tracker.services.ingest import ingest_extraction

AS_OF = dt.date(2019, 4, 15)

# The tests' own organisation, so that editing the demo file never changes their pictures.
ORGANISATION = parse_organisation(
    {
        "name": "Testkommune",
        "all_chiefs": {"name": "Alle chefer", "aliases": ["hver afdelingschef", "cheferne", "alle chefer"]},
        "units": [
            {"name": "Økonomi & Stab", "aliases": ["ØS", "Økonomi og Stab"]},
            {"name": "Miljø & Teknik", "aliases": ["Miljø og Teknik"]},
            {"name": "Drift & Service", "aliases": ["Drift og Service"]},
            {"name": "Sundhed"},
            {"name": "IT & Indkøb", "aliases": ["IT"]},
            {"name": "Kultur & Fritid"},
            {"name": "Job & Borgerservice"},
        ],
        "forums": [{"name": "Chefforum"}, {"name": "Direktionen"}],
    },
    "tests/tui/seed.py",
)
PINNED = dt.datetime(2019, 4, 15, 8, 30, tzinfo=dt.UTC)
SECRETARY = Actor("sekretær", Role.SECRETARIAT)

EMERGENCY = "at hver afdelingschef har ansvar for at beredskabsplaner er afsluttet 1. april 2019."
LEAFLET = "Miljø & Teknik udarbejder en pjece om den nye affaldsordning inden udgangen af marts 2019."
WINTER = "Drift & Service og Miljø & Teknik ser på vintertjenesten og vender tilbage senest 26. april 2019."
SICK_LEAVE = "Sundhed sender en status på sygefraværet til cheferne senest 1. april 2019."
BUDGET = "Økonomi & Stab udsender budgetskabelonen til alle chefer senest 12. april 2019."
BOOKING = "Det blev besluttet, at IT & Indkøb undersøger mulighederne for et nyt bookingsystem."
NOTED = "Direktionen tog orienteringen til efterretning."


RULE = "actor + future verb"


@dataclass
class Item:
    number: int
    title: str
    case_number: str
    decision: list[str | Said]
    proposal: list[str | Said] = field(default_factory=list)


def referat(source: str, forum: str, date: dt.date, items: list[Item]) -> Extraction:
    """The text of a referat with the given items, and the findings at their offsets."""
    text = f"REFERAT {forum} d. {date.strftime('%d-%m-%Y')}\n\n"
    agenda: list[AgendaItem] = []
    findings: list[FollowUp] = []

    def section(kind: SectionKind, heading: str, sentences: list[str | Said], number: int) -> Section:
        nonlocal text
        text += f"{heading}\n"
        start = len(text)
        for sentence in sentences:
            words = sentence.text if isinstance(sentence, Said) else sentence
            if isinstance(sentence, Said):
                findings.append(
                    FollowUp(
                        doc=source,
                        item=number,
                        text=words,
                        start=len(text),
                        end=len(text) + len(words),
                        responsible=sentence.responsible,
                        deadline=sentence.deadline,
                        deadline_text=sentence.deadline_text,
                        confidence=sentence.confidence,
                        reason=sentence.reason,
                        section=kind,
                        meeting_date=date,
                        forum=forum,
                    )
                )
            text += words + " "
        end = len(text)
        text += "\n\n"
        return Section(kind, heading, text[start:end], start, end)

    for item in items:
        start = len(text)
        text += f"Punkt {item.number}: {item.title}\n\n{item.case_number}\n\n"
        sections = []
        if item.proposal:
            sections.append(section(SectionKind.PROPOSAL, "Indstilling", item.proposal, item.number))
        sections.append(section(SectionKind.DECISION, "Beslutning", item.decision, item.number))
        agenda.append(AgendaItem(item.number, item.title, start, len(text), item.case_number, tuple(sections)))
    meeting = Meeting(source=source, text=text, items=tuple(agenda), forum=forum, date=date)
    return Extraction(meeting, tuple(findings))


CHEFFORUM = referat(
    "chefforum-2019-02-14.txt",
    "Chefforum",
    dt.date(2019, 2, 14),
    [
        Item(
            1,
            "Beredskabsplaner",
            "00.01.00-A00-1-19",
            proposal=[
                "Chefen for Miljø & Teknik indstiller,",
                Said(
                    EMERGENCY,
                    ("Alle chefer",),
                    dt.date(2019, 4, 1),
                    "afsluttet 1. april 2019",
                    0.9,
                    "proposal adopted: ansvar for",
                ),
            ],
            decision=["Chefforum godkendte indstillingen.", "Det blev fremhævet, at fristen fortsat gælder."],
        ),
        Item(
            2,
            "Ny affaldsordning",
            "07.00.00-G01-2-19",
            decision=[
                "Chefforum drøftede ordningen.",
                Said(LEAFLET, ("Miljø & Teknik",), dt.date(2019, 3, 31), "inden udgangen af marts 2019", 0.8, RULE),
                Said(
                    WINTER, ("Drift & Service", "Miljø & Teknik"), dt.date(2019, 4, 26), "senest 26. april 2019", 0.85
                ),
            ],
        ),
        Item(
            3,
            "Sygefravær",
            "81.00.00-A00-3-19",
            decision=[Said(SICK_LEAVE, ("Sundhed",), dt.date(2019, 4, 1), "senest 1. april 2019", 0.8, RULE)],
        ),
    ],
)

DIREKTIONEN = referat(
    "direktionen-2019-04-04.txt",
    "Direktionen",
    dt.date(2019, 4, 4),
    [
        Item(
            1,
            "Budget 2020",
            "00.30.00-S00-4-19",
            decision=[Said(BUDGET, ("Økonomi & Stab",), dt.date(2019, 4, 12), "senest 12. april 2019", 0.95, RULE)],
        ),
        Item(
            2,
            "Mødebooking",
            "00.15.00-A00-5-19",
            decision=[
                Said(BOOKING, ("IT & Indkøb",), None, None, 0.55, "decision: det blev besluttet"),
                Said(NOTED, ("Direktionen",), None, None, 0.2, "forum acts"),
            ],
        ),
    ],
)


def seed(url: str, organisation: Organisation) -> None:
    """Migrate ``url`` and store the two referater; the follow-ups of the first are confirmed
    and Sundhed's report is done, the second's still wait in the review queue."""
    upgrade(url)
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            for extraction in (CHEFFORUM, DIREKTIONEN):
                ingest_extraction(session, extraction, organisation, SECRETARY)
        with session_scope(engine) as session:
            from tracker.models import Review
            from tracker.services.followups import mark_done, review

            for text in (EMERGENCY, LEAFLET, WINTER, SICK_LEAVE):
                review(session, SECRETARY, followup_id(session, text), Review.CONFIRMED)
            mark_done(session, SECRETARY, followup_id(session, SICK_LEAVE), note="Status sendt")
        pin_timestamps(engine_url=url)
    finally:
        engine.dispose()


def pin_timestamps(engine_url: str) -> None:
    """Make every stored time ``PINNED``, so screenshots show the same history every run."""
    engine = make_engine(engine_url)
    try:
        with session_scope(engine) as session:
            session.exec(update(Event).values(at=PINNED))
            session.exec(update(StoredFollowUp).values(created_at=PINNED, updated_at=PINNED))
            from tracker.models import Assignment

            session.exec(update(Assignment).where(col(Assignment.done_at).is_not(None)).values(done_at=PINNED))
            session.exec(update(StoredFollowUp).where(col(StoredFollowUp.done_at).is_not(None)).values(done_at=PINNED))
    finally:
        engine.dispose()


def followup_id(session: Session, text: str) -> int:
    """The stored follow-up whose source sentence is ``text``."""
    found = session.exec(select(StoredFollowUp).where(col(StoredFollowUp.source_text) == text)).one()
    assert found.id is not None
    return found.id


_template: dict[str, Path] = {}


def seeded_copy(tmp_path: Path, base: Path, organisation: Organisation) -> str:
    """A URL to a private copy of the seeded database (seeded once per test session)."""
    if "path" not in _template:
        template = base / "dashboard-template.db"
        seed(f"sqlite:///{template}", organisation)
        _template["path"] = template
    target = tmp_path / "tracker.db"
    shutil.copy(_template["path"], target)
    return f"sqlite:///{target}"
