"""Several processes on one database at once: no lost update, no "database is locked".

The processes are real (``tracker`` subprocesses, or ``multiprocessing`` workers started with
``spawn``, each with its own engine). They meet at barriers instead of sleeping, and every
loop is bounded.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import re
import subprocess
import traceback
from multiprocessing.synchronize import Barrier, Event
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from nlp.organisation import Organisation
from tests.reliability.helpers import (
    FOLLOW_UPS_PER_REFERAT,
    ITEMS_PER_REFERAT,
    clean_env,
    counts,
    tracker_command,
    write_referater,
)
from tests.tracker.ingest_helpers import Said, build_extraction
from tracker.cli.app import app
from tracker.db import session_scope
from tracker.models import Assignment, FollowUp, Status
from tracker.models import Event as LogEvent
from tracker.services.actors import Actor, Role
from tracker.services.ingest import ingest_extraction

SPAWN = multiprocessing.get_context("spawn")
SECRETARY = Actor("sekretær", Role.SECRETARIAT)


def _one_follow_up(engine: Engine, organisation: Organisation) -> tuple[int, int]:
    """A follow-up for two units; its id and version."""
    extraction = build_extraction({1: [Said("Sundhed og ØS laver en fælles plan.", ("Sundhed", "ØS"))]})
    with session_scope(engine) as session:
        ingest_extraction(session, extraction, organisation, SECRETARY)
    with Session(engine) as session:
        row = session.exec(select(FollowUp)).one()
        assert row.id is not None
        return row.id, row.version


# --- two secretaries, the same follow-up, the same moment --------------------------------------


@pytest.mark.postgres
def test_two_cli_processes_change_the_same_follow_up_at_once(
    db_url: str, engine: Engine, organisation: Organisation
) -> None:
    """Both saw version V; each marks their unit's part done. One wins, the other is told who
    changed it and to reload, and nothing of theirs is written; after reloading it goes through."""
    ident, version = _one_follow_up(engine, organisation)
    runs = {
        user: subprocess.Popen(
            tracker_command("done", str(ident), "--unit", unit, "--if-version", str(version), db=db_url),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=clean_env(TRACKER_USER=user),
        )
        for user, unit in (("anna", "Sundhed"), ("bo", "ØS"))
    }
    outcome = {user: (run.wait(timeout=120), *run.communicate()) for user, run in runs.items()}
    codes = sorted(code for code, _, _ in outcome.values())
    assert codes == [0, 1], outcome
    winner = next(user for user, (code, _, _) in outcome.items() if code == 0)
    loser = next(user for user in outcome if user != winner)
    _, _, refusal = outcome[loser]
    assert re.fullmatch(
        rf"error: follow-up {ident} was changed by {winner} at \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d UTC "
        rf"\(you had version {version}\); reload\n",
        refusal,
    ), refusal

    def state() -> tuple[int, dict[int, Status], list[str]]:
        with Session(engine) as session:
            row = session.get(FollowUp, ident, populate_existing=True)
            assert row is not None
            parts = {
                a.unit_id: a.status for a in session.exec(select(Assignment).where(Assignment.follow_up_id == ident))
            }
            per_unit = select(LogEvent.actor).where(
                LogEvent.action == "status", col(LogEvent.assignment_id).is_not(None)
            )
            actors = list(session.exec(per_unit))
            return row.version, parts, actors

    now_version, parts, actors = state()
    assert now_version == version + 1
    assert sorted(parts.values()) == [Status.DONE, Status.OPEN] and actors == [winner]

    loser_unit = "Sundhed" if loser == "anna" else "ØS"
    shown = CliRunner().invoke(app, ["--db", db_url, "show", str(ident), "--format", "json"])
    reloaded = json.loads(shown.stdout)["version"]
    retry = CliRunner().invoke(
        app,
        ["--db", db_url, "done", str(ident), "--unit", loser_unit, "--if-version", str(reloaded)],
        env={"TRACKER_USER": loser},
    )
    assert retry.exit_code == 0, retry.output
    now_version, parts, actors = state()
    assert (now_version, set(parts.values()), sorted(actors)) == (version + 2, {Status.DONE}, sorted([winner, loser]))


# --- many conflicting edits from two processes -----------------------------------------------

ROUNDS = 8


def _edit_worker(url: str, ident: int, tag: str, barrier: Barrier, results: Any) -> None:
    """Each round: read the follow-up, wait for the other process, then both write at once."""
    from tracker.db import make_engine
    from tracker.services.followups import StaleVersion, edit

    engine = make_engine(url)
    actor = Actor(tag, Role.SECRETARIAT)
    won: list[int] = []
    stale = 0
    try:
        for n in range(ROUNDS):
            with Session(engine) as session:
                row = session.get(FollowUp, ident)
                assert row is not None
                seen_version, seen_text = row.version, row.text
            barrier.wait(timeout=60)
            try:
                with session_scope(engine) as session:
                    edit(session, actor, ident, text=f"{seen_text} {tag}{n}", expected_version=seen_version)
                won.append(n)
            except StaleVersion:
                stale += 1
            barrier.wait(timeout=60)  # both writes are over before the next round's reads
        results.put((tag, won, stale, None))
    except BaseException:
        barrier.abort()
        results.put((tag, won, stale, traceback.format_exc()))
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_simultaneous_edits_never_lose_an_update(db_url: str, engine: Engine, organisation: Organisation) -> None:
    ident, version = _one_follow_up(engine, organisation)
    barrier = SPAWN.Barrier(2)
    results = SPAWN.Queue()
    workers = [SPAWN.Process(target=_edit_worker, args=(db_url, ident, tag, barrier, results)) for tag in ("a", "b")]
    for worker in workers:
        worker.start()
    reports = {}
    for _ in workers:
        tag, won, stale, error = results.get(timeout=120)
        assert error is None, error  # e.g. "database is locked" would land here
        reports[tag] = (won, stale)
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0

    # every round exactly one write won and one was refused as stale
    assert sorted(reports["a"][0] + reports["b"][0]) == list(range(ROUNDS))
    assert reports["a"][1] + reports["b"][1] == ROUNDS
    with Session(engine) as session:
        row = session.get(FollowUp, ident)
        assert row is not None and row.version == version + ROUNDS
        winners = [(tag, n) for tag, (won, _) in reports.items() for n in won]
        expected_words = sorted(f"{tag}{n}" for tag, n in winners)
        assert sorted(row.text.split()[-ROUNDS:]) == expected_words  # every accepted write is in the text
        edits = session.exec(select(LogEvent).where(LogEvent.follow_up_id == ident, LogEvent.action == "edit")).all()
        assert len(edits) == ROUNDS
        assert all(e.new and e.old and e.new.startswith(e.old) for e in edits)  # each built on the one before


# --- ingest in one process, reading in another -----------------------------------------------

REFERATER = 12


# One statement, so one snapshot on every backend: what a reader sees at one moment.
SNAPSHOT = text(
    "SELECT (SELECT count(*) FROM meeting), (SELECT count(*) FROM agenda_item), (SELECT count(*) FROM follow_up)"
)


def _read_worker(url: str, ready: Event, stop: Event, results: Any) -> None:
    """List, count and take snapshots in a loop until told to stop; one last round after that."""
    from tracker.db import make_engine
    from tracker.services.meetings import list_meetings
    from tracker.services.queries import count_followups, list_followups
    from tracker.status import StatusFilter

    engine = make_engine(url)
    seen: list[tuple[int, int, int]] = []
    errors: list[str] = []
    ready.set()
    for _ in range(100_000):
        last = stop.is_set()
        try:
            with Session(engine) as session:
                list_meetings(session)
                count_followups(session, as_of=dt.date(2019, 6, 1), status=StatusFilter.ALL)
                list_followups(session, as_of=dt.date(2019, 6, 1), status=StatusFilter.ALL, limit=20)
                meetings, items, followups = session.connection().execute(SNAPSHOT).one()
                seen.append((int(meetings), int(items), int(followups)))
        except Exception:
            errors.append(traceback.format_exc())
        if last:
            break
    engine.dispose()
    results.put((seen, errors))


def test_reading_while_ingest_writes(tmp_path: Path, db_url: str, engine: Engine) -> None:
    """SQLite in WAL mode: readers never wait for the writer and never see half a document."""
    folder = tmp_path / "referater"
    write_referater(folder, REFERATER)
    ready, stop, results = SPAWN.Event(), SPAWN.Event(), SPAWN.Queue()
    reader = SPAWN.Process(target=_read_worker, args=(db_url, ready, stop, results))
    reader.start()
    assert ready.wait(timeout=60)
    ingest = subprocess.run(
        tracker_command("ingest", folder, db=db_url), capture_output=True, text=True, env=clean_env(), timeout=300
    )
    stop.set()
    seen, errors = results.get(timeout=120)
    reader.join(timeout=30)

    assert ingest.returncode == 0, ingest.stderr
    assert errors == []
    whole = [(m, m * ITEMS_PER_REFERAT, m * FOLLOW_UPS_PER_REFERAT) for m in range(REFERATER + 1)]
    assert seen[0] == whole[0] and seen[-1] == whole[-1]
    assert [s for s in seen if s not in whole] == []  # a meeting, its items and follow-ups appear together
    assert seen == sorted(seen)  # and never go back
    assert counts(db_url)["meeting"] == REFERATER
    print(f"reader: {len(seen)} reads during the ingest, {len(set(seen))} distinct states")
