"""A database of a municipality that has used the tracker for ten years, for the query, report
and dashboard benchmarks.

30 departments, weekly Direktionen, fortnightly Chefforum, monthly committees and the
Kommunalbestyrelse, and a monthly meeting in every department; agenda items with their
decision text; follow-ups found in those decisions (most given to one department, some to two
or three, some to "Alle chefer", i.e. to every department, a few to nobody); one assignment
per unit; the events ingest and people leave behind (created, reviewed, done per unit,
notes). Old follow-ups are mostly done and confirmed, recent ones still open and waiting for
review, and a few per cent were forgotten and are overdue: that backlog is what the lists and
the weekly report have to wade through.

The units come in through the real ``sync_organisation`` from a generated organisation file;
everything else is inserted in bulk with SQLAlchemy core, with the same columns the ingest
and the follow-up services would write (columns this module does not name get their model
defaults, so a new column does not break it). Building 100,000 follow-ups takes a minute, so
the file is cached, keyed by the schema and the generator's parameters.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from pydantic_core import PydanticUndefined
from sqlalchemy import Table, insert
from sqlalchemy.engine import Connection
from sqlalchemy.schema import CreateTable
from sqlmodel import SQLModel, select

AS_OF = dt.date(2025, 1, 13)  # a Monday: the day the lists and the weekly report look from
YEARS = 10
GENERATOR_VERSION = "1"
CHUNK = 5000

DEPARTMENTS = (
    "Økonomi & Stab", "HR & Personale", "IT & Digitalisering", "Indkøb & Udbud", "Jura & Sekretariat",
    "Kommunikation", "Borgerservice", "Jobcenter", "Ydelsesservice", "Socialområdet", "Handicap & Psykiatri",
    "Sundhed & Forebyggelse", "Pleje & Omsorg", "Hjemmeplejen", "Dagtilbud", "Skoler", "Ungdomsskolen",
    "Familie & Rådgivning", "PPR", "Kultur & Fritid", "Biblioteker", "Natur & Miljø", "Plan & Byg",
    "Veje & Trafik", "Ejendomme", "Drift & Service", "Beredskab", "Klima & Energi", "Erhverv", "Integration",
)  # fmt: skip
FORUMS = (  # (name, meetings per year)
    ("Direktionen", 46), ("Chefforum", 22), ("Kommunalbestyrelsen", 11), ("Økonomiudvalget", 11),
    ("Børne- og Skoleudvalget", 10), ("Social- og Sundhedsudvalget", 10), ("Teknik- og Miljøudvalget", 10),
    ("Kultur- og Fritidsudvalget", 8), ("Beskæftigelsesudvalget", 8),
)  # fmt: skip
ROLES = ("Kommunaldirektøren", "DPO", "Sikkerhedskoordinatoren", "Digitaliseringsrådet")
EXTERNAL = ("KL", "Region Hovedstaden", "Movia", "Beredskabsstyrelsen", "Styregruppen for ny skolestruktur")
TOPICS = (
    "budget 2026", "budgetopfølgningen", "sygefraværet", "den nye affaldsordning", "vintertjenesten",
    "GDPR-procedurerne", "informationssikkerheden", "lederuddannelsen", "trivselsmålingen", "rekrutteringen",
    "klimaplanen", "energirenoveringen af skolerne", "det nye bookingsystem", "borgerhenvendelserne",
    "sagsbehandlingstiderne", "beredskabsplanerne", "indkøbsaftalerne", "digitaliseringsstrategien",
    "kvalitetsrapporten", "arbejdsmiljøet", "udbuddet af rengøring", "ungeindsatsen", "integrationsindsatsen",
    "kørselsordningen", "parkeringsstrategien", "byggesagerne", "lokalplanen for bymidten", "cykelstierne",
    "kulturstrategien", "bibliotekernes åbningstider", "hjemmeplejens ruter", "plejeboligerne",
    "daginstitutionernes normeringer", "skolernes inklusion", "vikardækningen", "lønforhandlingerne",
    "personalepolitikken", "hjemmesiden", "borgerportalen", "kontrolprocedurerne",
)  # fmt: skip
TASKS = (
    "{unit} udarbejder et notat om {topic} til næste møde.",
    "{unit} sender en status på {topic} til cheferne {deadline}.",
    "Det blev besluttet, at {unit} undersøger mulighederne for at forbedre {topic}.",
    "{unit} vender tilbage med et forslag om {topic} {deadline}.",
    "{unit} og direktionen følger op på {topic} {deadline}.",
    "Sagen om {topic} genoptages, når {unit} har gennemgået økonomien.",
    "{unit} indkalder til et møde om {topic} {deadline}.",
    "{unit} skal sikre, at {topic} er implementeret {deadline}.",
    "{unit} afrapporterer på {topic} til Økonomiudvalget {deadline}.",
    "{unit} reviderer retningslinjerne for {topic} og forelægger dem {deadline}.",
)  # fmt: skip
RECORDS = (
    "Orienteringen om {topic} blev taget til efterretning.",
    "Der var en god drøftelse af {topic}.",
    "Direktionen godkendte indstillingen om {topic}.",
)
BACKGROUND = (
    "Sagen blev senest behandlet på mødet i foråret, hvor der blev udbedt en nærmere redegørelse.",
    "Administrationen har gennemgået området og peger på tre mulige modeller for den videre proces.",
    "Der er afsat midler i budgettet, men udgifterne forventes at overstige rammen i indeværende år.",
    "Forvaltningen har drøftet sagen med de faglige organisationer og MED-udvalgene.",
    "Erfaringerne fra nabokommunerne viser, at en tidlig inddragelse af medarbejderne giver bedre resultater.",
    "Sagen forelægges til orientering og drøftelse, inden den sendes videre til det politiske niveau.",
)  # fmt: skip
NOTES = (
    "Rykket for status.",
    "Afventer svar fra KL.",
    "Udsat til efter sommerferien.",
    "Notat sendt til direktionen.",
    "Drøftet på afdelingsmødet, arbejdet er i gang.",
)
MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


@dataclass
class _Rows:
    meetings: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    followups: list[dict[str, Any]] = field(default_factory=list)
    assignments: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Populated:
    path: Path
    organisation: Path
    followups: int
    assignments: int
    events: int
    meetings: int
    built: bool  # False: taken from the cache
    seconds: float


# --- the organisation --------------------------------------------------------------------------


def organisation_toml() -> str:
    """The 30 departments, their roles and the forums, as an organisation file."""

    def slug(name: str) -> str:
        table = str.maketrans({"Æ": "ae", "æ": "ae", "Ø": "oe", "ø": "oe", "Å": "aa", "å": "aa", "&": "", " ": "-"})
        return "-".join(part for part in name.lower().translate(table).split("-") if part)

    parts = [
        'name = "Benchmark Kommune"\n',
        '[all_chiefs]\nname = "Alle chefer"\naliases = ["alle chefer", "cheferne"]\n',
    ]
    for name in DEPARTMENTS:
        parts.append(
            f'[[units]]\nname = "{name}"\naliases = ["{name.replace("&", "og")}"]\n'
            f'chief = "Chefen for {name}"\nemail = "{slug(name)}@kommune.example"\n'
        )
    parts += [f'[[roles]]\nname = "{name}"\n' for name in ROLES]
    parts += [f'[[forums]]\nname = "{name}"\n' for name, _ in FORUMS]
    return "\n".join(parts)


# --- rows ------------------------------------------------------------------------------------


def _defaults(model: type[SQLModel]) -> dict[str, Callable[[], Any]]:
    """Per column, how the model fills it when not given: its default or default factory."""
    found: dict[str, Callable[[], Any]] = {}
    for name, info in model.model_fields.items():
        if info.default_factory is not None:
            found[name] = info.default_factory  # type: ignore[assignment]
        elif info.default is not PydanticUndefined:
            found[name] = partial(_constant, info.default)
    return found


def _constant(value: Any) -> Any:
    return value


def _completed(table: Table, defaults: dict[str, Callable[[], Any]], row: dict[str, Any]) -> dict[str, Any]:
    for column in table.columns:
        if column.name not in row and column.name in defaults and not column.primary_key:
            row[column.name] = defaults[column.name]()
    return row


def _schedule(rng: random.Random) -> list[tuple[str, dt.date]]:
    """Every meeting of the ten years: forums on their rhythm, each department monthly."""
    start = AS_OF - dt.timedelta(days=365 * YEARS)
    meetings: list[tuple[str, dt.date]] = []
    days = (AS_OF - start).days
    for name, per_year in FORUMS:
        step = 365 / per_year
        count = int(per_year * YEARS)
        for i in range(count):
            day = start + dt.timedelta(days=int(i * step) + rng.randint(0, 2))
            if day < AS_OF:
                meetings.append((name, day))
    for department in DEPARTMENTS:
        offset = rng.randint(0, 27)
        for month in range(0, days - offset, 30):
            meetings.append((f"MED {department}", start + dt.timedelta(days=offset + month)))
    meetings.sort(key=lambda m: (m[1], m[0]))
    return meetings


def _deadline_text(deadline: dt.date | None, meeting: dt.date) -> tuple[str, str | None]:
    """The words in the sentence, and the deadline_text the extractor would store."""
    if deadline is None:
        return "", None
    if (deadline - meeting).days <= 35 and deadline.weekday() == meeting.weekday():
        return "til næste møde", "til næste møde"
    phrase = f"senest {deadline.day}. {MONTHS[deadline.month - 1]} {deadline.year}"
    return phrase, phrase


def _before_as_of(day: dt.date) -> dt.datetime:
    """A working-hours time on ``day``, never after the day before ``AS_OF``."""
    day = min(day, AS_OF - dt.timedelta(days=1))
    return dt.datetime.combine(day, dt.time(8 + day.toordinal() % 8, 0), dt.UTC)


def _generate(rng: random.Random, followups: int, unit_ids: dict[str, int]) -> _Rows:
    from tracker.models import Origin, Review, Status
    from tracker.services.ingest import RESPONSIBLE_SEPARATOR, content_hash, fingerprint

    rows = _Rows()
    schedule = _schedule(rng)
    weights = [4.0 if forum in ("Direktionen", "Chefforum") else 1.0 for forum, _ in schedule]
    per_meeting = [0] * len(schedule)
    for index in rng.choices(range(len(schedule)), weights=weights, k=followups):
        per_meeting[index] += 1
    departments = list(DEPARTMENTS)
    old = AS_OF - dt.timedelta(days=90)
    fu_id = assignment_id = item_id = 0

    def event(at: dt.datetime, action: str, **values: Any) -> None:
        rows.events.append({"at": min(at, _before_as_of(AS_OF)), "action": action, **values})

    for meeting_id, ((forum, day), count) in enumerate(zip(schedule, per_meeting, strict=True), start=1):
        at = dt.datetime.combine(day, dt.time(9, 0), dt.UTC)
        home = forum.removeprefix("MED ") if forum.startswith("MED ") else None
        n_items = rng.randint(4, 10)
        findings: list[list[int]] = [[] for _ in range(n_items)]
        for k in range(count):
            findings[rng.randrange(n_items)].append(k)
        text_parts = [f"REFERAT {forum} d. {day:%d-%m-%Y}\n\nMødedato {day.day}. {MONTHS[day.month - 1]} {day.year}\n"]
        offset = len(text_parts[0])
        meeting_followups: list[dict[str, Any]] = []
        for position, chosen in enumerate(findings):
            item_id += 1
            topic = rng.choice(TOPICS)
            title = f"{topic[0].upper()}{topic[1:]}"
            kle = f"{rng.randint(0, 85):02d}.{rng.randint(0, 20):02d}.00"
            case = f"{kle}-A00-{rng.randint(1, 400)}-{day.year % 100:02d}"
            head = f"\nPunkt {position + 1}: {title}\n\n{case}\n\nAnledning\n\n"
            head += " ".join(rng.sample(BACKGROUND, 3)) + "\n\nBeslutning\n\n"
            item_start = offset
            parts = [head]
            offset += len(head)
            decision_start = offset
            for _ in chosen:
                kind = rng.random()
                if kind < 0.03:
                    names: list[str] = []
                elif kind < 0.07:
                    names = ["Alle chefer"]
                elif kind < 0.22:
                    names = rng.sample(departments, rng.randint(2, 3))
                elif kind < 0.25:
                    names = [rng.choice(ROLES + EXTERNAL)]
                else:
                    names = [home if home and rng.random() < 0.6 else rng.choice(departments)]
                deadline = day + dt.timedelta(days=rng.choice((7, 14, 28, 30, 45, 60, 90, 120, 180)))
                deadline_or_none = deadline if rng.random() < 0.7 else None
                words, deadline_text = _deadline_text(deadline_or_none, day)
                sentence = (
                    rng.choice(TASKS)
                    .format(
                        unit=names[0] if len(names) == 1 else (" og ".join(names) or "Administrationen"),
                        topic=rng.choice(TOPICS),
                        deadline=words or "hurtigst muligt",
                    )
                    .replace("  ", " ")
                )
                sentence = sentence[0].upper() + sentence[1:]
                fu_id += 1
                start = offset
                parts.append(sentence + "\n\n")
                offset += len(sentence) + 2
                due = deadline_or_none or day + dt.timedelta(days=60)
                if due < old:
                    p_done, review = 0.97, rng.choices(list(Review), (0.08, 0.85, 0.07))[0]
                elif due < AS_OF:
                    p_done, review = 0.6, rng.choices(list(Review), (0.4, 0.55, 0.05))[0]
                else:
                    p_done, review = 0.15, rng.choices(list(Review), (0.65, 0.3, 0.05))[0]
                units = departments if names == ["Alle chefer"] else names
                parts_done: list[bool] = []
                done_times: list[dt.datetime] = []
                for unit in units:
                    assignment_id += 1
                    done = rng.random() < p_done
                    done_at = None
                    if done:
                        done_at = _before_as_of(max(due + dt.timedelta(days=rng.randint(-20, 15)), day))
                        done_times.append(done_at)
                        event(done_at, "status", follow_up_id=fu_id, meeting_id=meeting_id, assignment_id=assignment_id,
                              actor="sekretariatet", field="status", old="open", new="done")  # fmt: skip
                    parts_done.append(done)
                    rows.assignments.append({
                        "id": assignment_id, "follow_up_id": fu_id, "unit_id": unit_ids[unit],
                        "status": Status.DONE if done else Status.OPEN, "done_at": done_at,
                        "version": 2 if done else 1,
                    })  # fmt: skip
                if not units:  # nobody assigned: the secretariat closes the follow-up itself
                    parts_done.append(rng.random() < p_done)
                    if parts_done[0]:
                        event(_before_as_of(due), "status", follow_up_id=fu_id, meeting_id=meeting_id,
                              actor="sekretariatet", field="status", old="open", new="done")  # fmt: skip
                all_done = all(parts_done)
                event(at, "created", follow_up_id=fu_id, meeting_id=meeting_id, actor="ingest",
                      note=f"extracted from {forum} {day.isoformat()}, item {position + 1} (modal:skal)")  # fmt: skip
                if review is not Review.TO_REVIEW:
                    event(at + dt.timedelta(days=rng.randint(1, 10)), "review", follow_up_id=fu_id,
                          meeting_id=meeting_id, actor="sekretariatet", field="review", old="to_review",
                          new=review.value)  # fmt: skip
                if rng.random() < 0.15:
                    event(at + dt.timedelta(days=rng.randint(5, 40)), "note", follow_up_id=fu_id,
                          meeting_id=meeting_id, actor="sekretariatet", note=rng.choice(NOTES))  # fmt: skip
                manual = rng.random() < 0.03
                meeting_followups.append({
                    "id": fu_id, "meeting_id": meeting_id, "item_id": item_id, "item_number": position + 1,
                    "text": sentence, "source_text": "" if manual else sentence,
                    "span_start": None if manual else start, "span_end": None if manual else start + len(sentence),
                    "responsible": RESPONSIBLE_SEPARATOR.join(names), "deadline": deadline_or_none,
                    "deadline_text": deadline_text, "status": Status.DONE if all_done else Status.OPEN,
                    "review": review, "stale": False, "confidence": round(rng.uniform(0.5, 0.99), 3),
                    "reason": "modal:skal", "origin": Origin.MANUAL if manual else Origin.EXTRACTED,
                    "fingerprint": fingerprint(sentence),
                    "version": 1 + sum(parts_done) + (review is not Review.TO_REVIEW),
                    "created_at": at, "updated_at": at,
                    "done_at": max(done_times, default=_before_as_of(due)) if all_done else None,
                })  # fmt: skip
            for _ in range(rng.randint(1, 2)):
                record = rng.choice(RECORDS).format(topic=rng.choice(TOPICS)) + "\n\n"
                parts.append(record)
                offset += len(record)
            decision_end = offset
            text_parts.extend(parts)
            rows.items.append({
                "id": item_id, "meeting_id": meeting_id, "position": position, "number": position + 1,
                "title": title, "case_number": case, "span_start": item_start, "span_end": offset,
                "decision_start": decision_start, "decision_end": decision_end,
            })  # fmt: skip
        text = "".join(text_parts)
        rows.followups.extend(meeting_followups)
        source = f"{day.isoformat()}-{forum.replace(' ', '_')}.txt"
        rows.meetings.append({
            "id": meeting_id, "key": f"{forum} {day.isoformat()}", "source": source,
            "source_path": f"/srv/referater/{source}", "content_hash": content_hash(text), "forum": forum,
            "date": day, "start_time": "09:00", "place": "Rådhuset", "participants": "", "text": text,
            "ingested_at": at,
        })  # fmt: skip
        event(at, "ingest", meeting_id=meeting_id, actor="ingest", new="new", note=f"ingested {source}")
    return rows


def _insert(connection: Connection, model: type[SQLModel], rows: Iterable[dict[str, Any]]) -> int:
    table: Table = model.__table__  # type: ignore[attr-defined]
    defaults = _defaults(model)
    batch: list[dict[str, Any]] = []
    count = 0
    for row in rows:
        batch.append(_completed(table, defaults, row))
        if len(batch) >= CHUNK:
            connection.execute(insert(table), batch)
            count += len(batch)
            batch = []
    if batch:
        connection.execute(insert(table), batch)
        count += len(batch)
    return count


# --- the cached file ---------------------------------------------------------------------------


def cache_key(followups: int, seed: int) -> str:
    """Changes with the schema (models and migrations) and this generator's parameters."""
    from sqlalchemy.dialects import sqlite

    from tracker.db import head_revision

    schema = "".join(
        str(CreateTable(table).compile(dialect=sqlite.dialect())) for table in SQLModel.metadata.sorted_tables
    )
    source = Path(__file__).read_bytes()
    digest = hashlib.sha256(f"{GENERATOR_VERSION}|{followups}|{seed}|{head_revision()}|{schema}".encode())
    digest.update(source)
    return digest.hexdigest()[:16]


def populated(cache_dir: Path, followups: int, *, seed: int = 11) -> Populated:
    """The database with ``followups`` follow-ups: from ``cache_dir`` when it is there, else
    built (into a temporary file first, so an interrupted build is never taken for a cached one)."""
    import time

    key = cache_key(followups, seed)
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"tracker-{followups}-{key}.db"
    organisation = cache_dir / "organisation-30.toml"
    organisation.write_text(organisation_toml(), encoding="utf-8")
    started = time.perf_counter()
    built = False
    if not path.exists():
        _build(path, organisation, followups, seed)
        built = True
    counts = _counts(path)
    return Populated(path, organisation, *counts, built=built, seconds=time.perf_counter() - started)


def _counts(path: Path) -> tuple[int, int, int, int]:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(path)) as connection:

        def count(table: str) -> int:
            return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

        return count("follow_up"), count("assignment"), count("event"), count("meeting")


def _build(path: Path, organisation: Path, followups: int, seed: int) -> None:
    from nlp.organisation import load_organisation
    from tracker.db import open_engine, session_scope
    from tracker.models import AgendaItem, Assignment, Event, FollowUp, Meeting, Unit, UnitKind
    from tracker.services.organisation import sync_organisation

    partial = path.with_name(f".{path.name}.partial")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    engine = open_engine(f"sqlite:///{partial}")
    try:
        with session_scope(engine) as session:
            sync_organisation(session, load_organisation(organisation))
            for name in EXTERNAL:
                session.add(Unit(name=name, kind=UnitKind.EXTERNAL))
            session.flush()
            unit_ids = {u.name: u.id for u in session.exec(select(Unit)) if u.id is not None}
        rows = _generate(random.Random(seed), followups, unit_ids)
        with engine.begin() as connection:
            _insert(connection, Meeting, rows.meetings)
            _insert(connection, AgendaItem, rows.items)
            _insert(connection, FollowUp, rows.followups)
            _insert(connection, Assignment, rows.assignments)
            events = sorted(rows.events, key=lambda e: e["at"])
            _insert(connection, Event, ({"id": i, **e} for i, e in enumerate(events, start=1)))
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    os.replace(partial, path)
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
