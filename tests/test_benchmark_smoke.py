"""The benchmark runs end to end in its quick mode and writes its table. Timings are the
benchmark's business (``make bench``), not this test's: it only checks that every part ran."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

FIGURES = (
    "Ingest throughput, end to end",
    "spaCy blank('da') tokenizer",
    "dateparser search_dates over decision texts",
    "Ingest ÷ tokenizer speed",
    "Ingest ÷ naive dateparser speed",
    "tracker list --status overdue",
    "tracker report overdue",
    "Dashboard: first screen",
    "Dashboard: filter",
    "Dashboard: next page",
    "Dashboard: switch department",
    "Peak memory (list, report, dashboard processes)",
    "tracker --help",
)


@pytest.mark.slow
def test_quick_benchmark_runs_every_part_and_writes_the_table(tmp_path: Path) -> None:
    report = tmp_path / "BENCHMARKS.md"
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "run.py"),
            "--quick",
            "--words",
            "15000",
            "--followups",
            "3000",
            "--runs",
            "1",
            "--output",
            str(report),
            "--cache-dir",
            str(tmp_path / "cache"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    text = report.read_text(encoding="utf-8")
    assert "| figure | target | measured (median) | result | runs | notes |" in text
    for figure in FIGURES:
        rows = [line for line in text.splitlines() if line.startswith(f"| {figure}")]
        assert len(rows) == 1, f"{figure!r} is not in the table once"
        assert "n/a" not in rows[0], rows[0]
        assert f"{figure}" in done.stdout
    assert "- CPU:" in text and "- SQLite:" in text and "- Textual:" in text
    assert list((tmp_path / "cache").glob("tracker-3000-*.db")), "the populated database is kept for the next run"
