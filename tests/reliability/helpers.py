"""What the reliability tests share: the real ``tracker`` process, row counts, consistency checks.

Every check here looks at the database through its own connection, the way a second user or a
later command would see it.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import create_engine, text

TABLES = ("meeting", "agenda_item", "unit", "person", "follow_up", "assignment", "event")


def tracker_command(*args: str | Path, db: str | None = None) -> list[str]:
    """The argv of the real CLI, as the ``tracker`` script runs it."""
    options = ["--db", db] if db is not None else []
    return [sys.executable, "-m", "tracker.cli.app", *options, *map(str, args)]


def clean_env(**extra: str) -> dict[str, str]:
    """This test's environment (conftest has removed the developer's TRACKER_* settings)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(extra)
    return env


def run_tracker(
    *args: str | Path, db: str | None = None, timeout: float = 120, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        tracker_command(*args, db=db),
        capture_output=True,
        text=True,
        env=dict(env) if env is not None else clean_env(),
        timeout=timeout,
        check=False,
    )


def counts(url: str) -> dict[str, int]:
    """Rows per table; an empty dict before the schema exists."""
    engine = create_engine(_driver(url))
    try:
        with engine.connect() as connection:
            names = set(connection.dialect.get_table_names(connection))
            return {
                t: int(connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in TABLES if t in names
            }
    finally:
        engine.dispose()


def _driver(url: str) -> str:
    from tracker.db import normalise_url

    return normalise_url(url).render_as_string(hide_password=False)


# Queries that return a row for each way a document can be stored in part (see ``problems``).
_PARTIAL = {
    "meeting without its ingest event": "SELECT key FROM meeting m WHERE NOT EXISTS "
    "(SELECT 1 FROM event e WHERE e.meeting_id = m.id AND e.action = 'ingest')",
    "follow-up without its created event": "SELECT id FROM follow_up f WHERE origin = 'EXTRACTED' "
    "AND NOT EXISTS (SELECT 1 FROM event e WHERE e.follow_up_id = f.id AND e.action = 'created')",
    "follow-up of an item of another meeting": "SELECT f.id FROM follow_up f JOIN agenda_item i "
    "ON i.id = f.item_id WHERE i.meeting_id <> f.meeting_id",
    "duplicate meeting": "SELECT key FROM meeting GROUP BY key HAVING count(*) > 1",
}


def problems(url: str) -> list[str]:
    """Everything wrong with a database: integrity and dangling references (SQLite; PostgreSQL
    enforces them itself), and documents stored in part.

    "In part" means a meeting without the "ingest" event written last in its transaction, an
    extracted follow-up without its "created" event, or a follow-up pointing into another
    meeting: ingest writes a document in one transaction, so after any crash all of it is there
    or none of it is.
    """
    found: list[str] = []
    engine = create_engine(_driver(url))
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                integrity = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
                if integrity != ["ok"]:
                    found += [f"integrity: {line}" for line in integrity]
                found += [
                    f"foreign key: {tuple(row)}" for row in connection.exec_driver_sql("PRAGMA foreign_key_check")
                ]
            for what, query in _PARTIAL.items():
                found += [f"{what}: {row[0]}" for row in connection.execute(text(query))]
    finally:
        engine.dispose()
    return found


REFERAT = """Referat af møde i Chefforum
Dato: {date}

Punkt 1: Budget
Beslutning
Økonomi & Stab sender budgettet til cheferne senest {deadline}.

Punkt 2: Affald
Beslutning
Miljø & Teknik udarbejder en pjece om affaldssortering senest {deadline}.

Punkt 3: Eventuelt
Beslutning
Intet.
"""
FOLLOW_UPS_PER_REFERAT = 2
ITEMS_PER_REFERAT = 3
_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
           "november", "december")  # fmt: skip


def danish_date(day: dt.date) -> str:
    return f"{day.day}. {_MONTHS[day.month - 1]} {day.year}"


def write_referater(folder: Path, count: int, first: dt.date = dt.date(2019, 1, 7)) -> list[Path]:
    """``count`` referater of different Chefforum meetings (one a day), as files named by date."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        day = first + dt.timedelta(days=n)
        path = folder / f"chefforum-{day.isoformat()}.txt"
        path.write_text(
            REFERAT.format(date=danish_date(day), deadline=danish_date(day + dt.timedelta(days=30))), encoding="utf-8"
        )
        paths.append(path)
    return paths
