"""``tracker ingest`` killed with SIGKILL part-way: the database stays consistent, nothing of the
document being stored survives, and running the same command again finishes the work. The
killed command is a real process; the rerun runs in this one, where the extractor is loaded.

Two kills: one at whatever point the real command has reached once a few meetings are stored,
and one exactly inside a document's open transaction (the process is paused there by a hook,
and killed while paused), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from tests.reliability.helpers import (
    FOLLOW_UPS_PER_REFERAT,
    ITEMS_PER_REFERAT,
    clean_env,
    counts,
    problems,
    tracker_command,
    write_referater,
)
from tracker.cli.app import app
from tracker.db import normalise_url, open_engine

DEADLINE = 120.0  # seconds any wait below may take before the test gives up


def _wait_for(condition: Any, process: subprocess.Popen[Any], what: str) -> None:
    """Poll ``condition`` until true; fail if the process ends first or the deadline passes."""
    give_up = time.monotonic() + DEADLINE
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"tracker ended (exit {process.returncode}) before {what}")
        if time.monotonic() > give_up:
            process.kill()
            pytest.fail(f"no {what} within {DEADLINE:.0f} s")
        time.sleep(0.005)


def _meetings(url: str) -> int:
    return counts(url).get("meeting", 0)


def _kill(process: subprocess.Popen[Any]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL


def _assert_whole_meetings(url: str, expected: int) -> None:
    """Exactly ``expected`` meetings, each with all of its items and follow-ups, nothing else."""
    assert problems(url) == []
    engine = create_engine(normalise_url(url))
    with engine.connect() as connection:
        per_meeting = connection.execute(
            text(
                "SELECT m.key, (SELECT count(*) FROM agenda_item i WHERE i.meeting_id = m.id), "
                "(SELECT count(*) FROM follow_up f WHERE f.meeting_id = m.id) FROM meeting m"
            )
        ).all()
    engine.dispose()
    assert len(per_meeting) == expected
    assert {(items, followups) for _, items, followups in per_meeting} <= {(ITEMS_PER_REFERAT, FOLLOW_UPS_PER_REFERAT)}
    total = counts(url)
    assert (total["agenda_item"], total["follow_up"]) == (
        expected * ITEMS_PER_REFERAT,
        expected * FOLLOW_UPS_PER_REFERAT,
    )


def _rerun_completes(url: str, folder: Path, stored_before: int, total: int) -> None:
    """The same command again (in this process, where the extractor is already loaded)."""
    result = CliRunner().invoke(app, ["--db", url, "ingest", "--format", "json", str(folder)])
    assert result.exit_code == 0, result.stderr
    statuses = [row["status"] for row in json.loads(result.stdout)]
    assert (statuses.count("unchanged"), statuses.count("new")) == (stored_before, total - stored_before)
    _assert_whole_meetings(url, total)


def test_killed_while_running_then_run_again(tmp_path: Path) -> None:
    total = 30
    folder = tmp_path / "referater"
    write_referater(folder, total)
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    open_engine(url).dispose()  # the schema exists, so the progress can be watched from the start

    process = subprocess.Popen(
        tracker_command("ingest", folder, db=url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=clean_env(),
    )
    _wait_for(lambda: _meetings(url) >= 5, process, "5 meetings stored")
    _kill(process)

    stored = _meetings(url)
    assert 5 <= stored < total, "the kill came after the work was done: nothing was tested"
    _assert_whole_meetings(url, stored)
    _rerun_completes(url, folder, stored, total)


# Runs the real CLI, but stops inside the transaction of the N-th document, after all of its
# rows were written (flushed) and before the commit, says so in a file, and waits to be killed.
PAUSED_INGEST = """
import sys, time
from pathlib import Path
import tracker.services.ingest as service
marker, stop_at = Path(sys.argv[1]), int(sys.argv[2])
real, calls = service.ingest_extraction, []
def paused(*args, **kwargs):
    result = real(*args, **kwargs)
    calls.append(result)
    if len(calls) == stop_at:
        args[0].flush()
        marker.write_text(result.meeting_key)
        time.sleep(120)
    return result
service.ingest_extraction = paused
sys.argv = ["tracker", *sys.argv[3:]]
from tracker.cli.app import main
main()
"""


@pytest.mark.postgres
def test_killed_inside_a_documents_transaction(tmp_path: Path, db_url: str) -> None:
    total, stop_at = 6, 4
    folder = tmp_path / "referater"
    write_referater(folder, total)
    marker = tmp_path / "paused"
    open_engine(db_url).dispose()
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSED_INGEST, str(marker), str(stop_at), "--db", db_url, "ingest", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=clean_env(),
    )
    _wait_for(marker.exists, process, "the pause inside the 4th document")

    # the 4th document is written but not committed: others see three meetings
    assert _meetings(db_url) == stop_at - 1
    engine = create_engine(normalise_url(db_url))
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":  # and its write transaction really is open
            connection.exec_driver_sql("PRAGMA busy_timeout=0")
            with pytest.raises(Exception, match="database is locked"):
                connection.exec_driver_sql("BEGIN IMMEDIATE")
    engine.dispose()

    _kill(process)
    assert _meetings(db_url) == stop_at - 1
    _assert_whole_meetings(db_url, stop_at - 1)
    _rerun_completes(db_url, folder, stop_at - 1, total)
