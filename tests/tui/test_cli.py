"""`tracker review export` and `tracker dashboard` as a person runs them."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import sys
import termios
import time
from pathlib import Path

from typer.testing import CliRunner

from tests.tui.conftest import MakeBackend
from tests.tui.seed import AS_OF, NOTED
from tracker.cli.app import app

REPO = Path(__file__).resolve().parents[2]


def test_review_export_writes_jsonl(dashboard_url: str, make_backend: MakeBackend, tmp_path: Path) -> None:
    backend = make_backend()
    noted = next(r for r in backend.review_queue(AS_OF).rows if r.text == NOTED)
    backend.reject(noted.id, None)
    target = tmp_path / "decisions.jsonl"
    result = CliRunner().invoke(app, ["--db", dashboard_url, "review", "export", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert f"5 review decisions written to {target}" in result.stderr
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in records if r["rejected"]] == [NOTED]


def test_review_export_to_stdout(dashboard_url: str) -> None:
    result = CliRunner().invoke(app, ["--db", dashboard_url, "review", "export", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 4


def test_review_export_names_a_file_it_cannot_write(dashboard_url: str, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.jsonl"
    result = CliRunner().invoke(app, ["--db", dashboard_url, "review", "export", "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {target}: cannot write")


def test_dashboard_refuses_an_unknown_unit(dashboard_url: str) -> None:
    result = CliRunner().invoke(app, ["--db", dashboard_url, "dashboard", "--as", "Ingen Afdeling"])
    assert result.exit_code == 2
    assert "--as Ingen Afdeling: not a unit of the organisation file" in result.stderr


def test_dashboard_runs_in_a_terminal_and_quits(dashboard_url: str) -> None:
    """The real command in a pseudo-terminal: it draws the list as of the date asked, and q quits."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the dashboard, in a 100×30 terminal
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        os.environ["TERM"] = "xterm-256color"
        os.chdir(REPO)
        argv = [sys.executable, "-m", "tracker.cli.app", "--db", dashboard_url, "dashboard", "--as-of", "2019-04-15"]
        os.execv(sys.executable, [*argv, "--poll", "0"])
    screen = b""
    deadline = time.monotonic() + 30
    try:
        while "Miljø & Teknik".encode() not in screen and time.monotonic() < deadline:
            screen += _read(fd)
        assert b"as of 2019-04-15" in screen
        os.write(fd, b"q")
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                assert os.waitstatus_to_exitcode(status) == 0
                return
            _read(fd)
        raise AssertionError("the dashboard did not quit on q")
    finally:
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)


def _read(fd: int) -> bytes:
    ready, _, _ = select.select([fd], [], [], 0.2)
    if not ready:
        return b""
    try:
        return os.read(fd, 65536)
    except OSError:
        return b""
