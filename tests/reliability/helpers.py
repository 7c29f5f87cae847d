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


def sqlite_consistency(path: Path) -> list[str]:
    """Everything wrong with a SQLite file: integrity, dangling references, meetings stored in part.

    "In part" means a meeting without the "ingest" event written last in its transaction, an
    extracted follow-up without its "created" event, or a follow-up pointing into another
    meeting: ingest writes a document in one transaction, so after any crash all of it is there
    or none of it is.
    """
    import sqlite3

    problems: list[str] = []
    with sqlite3.connect(path) as connection:
        integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems += [f"integrity: {line}" for line in integrity]
        problems += [f"foreign key: {row}" for row in connection.execute("PRAGMA foreign_key_check")]
        checks = {
            "meeting without its ingest event": "SELECT key FROM meeting m WHERE NOT EXISTS "
            "(SELECT 1 FROM event e WHERE e.meeting_id = m.id AND e.action = 'ingest')",
            "follow-up without its created event": "SELECT id FROM follow_up f WHERE origin = 'EXTRACTED' "
            "AND NOT EXISTS (SELECT 1 FROM event e WHERE e.follow_up_id = f.id AND e.action = 'created')",
            "follow-up of an item of another meeting": "SELECT f.id FROM follow_up f JOIN agenda_item i "
            "ON i.id = f.item_id WHERE i.meeting_id <> f.meeting_id",
            "duplicate meeting": "SELECT key FROM meeting GROUP BY key HAVING count(*) > 1",
        }
        for what, query in checks.items():
            problems += [f"{what}: {row[0]}" for row in connection.execute(query)]
    return problems


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
