"""Timing processes and reporting figures: the benchmark's small toolbox.

A child process is timed by wall clock and by the CPU time and peak memory the kernel
accounts to it (``os.wait4``), so a figure can be read next to how busy the machine was: on a
shared machine wall time includes waiting for a core, CPU time does not.
"""

from __future__ import annotations

import os
import platform
import resource
import sqlite3
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ProcessRun:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child
    max_rss_mb: float
    stdout: bytes
    stderr: bytes
    returncode: int


def run_process(
    command: Sequence[str],
    *,
    env: Mapping[str, str],
    cwd: Path,
    stdout_to_null: bool = False,
    cpu: int | None = None,
    timeout: float = 3600.0,
) -> ProcessRun:
    """Run ``command`` to the end; ``cpu`` pins it (and only it) to that core.

    The child is reaped with ``os.wait4``, which returns its own CPU time and peak memory
    (``subprocess`` reaps with ``waitpid`` and loses them); its output goes to temporary files,
    so nothing has to be read while it runs.
    """

    def pin() -> None:
        if cpu is not None and hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {cpu})

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command),
            env=dict(env),
            cwd=cwd,
            stdout=subprocess.DEVNULL if stdout_to_null else out,
            stderr=err,
            preexec_fn=pin,
        )
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ProcessRun(
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            max_rss_mb=usage.ru_maxrss / 1024,
            stdout=out.read(),
            stderr=err.read(),
            returncode=process.returncode,
        )


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


# --- figures ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figure:
    """One line of the table. ``limit`` and ``at_least`` make it a target; without ``limit``
    it is for information."""

    name: str
    values: tuple[float, ...]  # every run; the table shows the median
    unit: str  # "s", "ms", "MB", "words/s", "x"
    limit: float | None = None
    at_least: bool = False  # the target is a minimum (throughput, ratios)
    note: str = ""
    extra: str = ""  # e.g. the median CPU time next to a wall time

    @property
    def measured(self) -> float:
        return median(self.values)

    @property
    def target(self) -> str:
        if self.limit is None:
            return "—"
        return f"{'≥' if self.at_least else '<'} {show(self.limit, self.unit)}"

    @property
    def verdict(self) -> str:
        if self.limit is None:
            return "info"
        passed = self.measured >= self.limit if self.at_least else self.measured < self.limit
        return "PASS" if passed else "FAIL"


def show(value: float, unit: str) -> str:
    if value != value:  # NaN
        return "n/a"
    if unit == "ms":
        return f"{value * 1000:.0f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "x":
        return f"{value:.2f}×"
    if unit == "words/s":
        return f"{value:,.0f} words/s"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:g} {unit}"


def table(figures: Sequence[Figure]) -> list[list[str]]:
    rows = [["figure", "target", "measured (median)", "result", "runs", "notes"]]
    for f in figures:
        note = "; ".join(part for part in (f.extra, f.note) if part)
        rows.append([f.name, f.target, show(f.measured, f.unit), f.verdict, str(len(f.values)), note])
    return rows


def plain_table(rows: list[list[str]], *, skip: Sequence[int] = ()) -> str:
    keep = [i for i in range(len(rows[0])) if i not in skip]
    widths = [max(len(r[i]) for r in rows) for i in keep]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(row[i].ljust(w) for i, w in zip(keep, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(rows: list[list[str]]) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    return "\n".join([line(rows[0]), line(["---"] * len(rows[0])), *map(line, rows[1:])])


# --- the machine -------------------------------------------------------------------------------


@dataclass
class Machine:
    facts: dict[str, str] = field(default_factory=dict)

    def load(self) -> str:
        one, five, fifteen = os.getloadavg()
        return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def machine(repo: Path) -> Machine:
    """CPU model, cores, memory and the versions the figures depend on."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass

    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    usable = hasattr(os, "sched_getaffinity")
    commit = _git(repo, "rev-parse", "--short", "HEAD")
    dirty = _git(repo, "status", "--porcelain", "--untracked-files=no")
    facts = {
        "CPU": f"{cpu} ({os.cpu_count()} cores, {len(os.sched_getaffinity(0)) if usable else 'all'} usable)",
        "RAM": memory,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "spaCy": version("spacy"),
        "SQLite": sqlite3.sqlite_version,
        "Textual": version("textual"),
        "SQLAlchemy": version("sqlalchemy"),
        "dateparser": version("dateparser"),
        "commit": f"{commit}{' (with uncommitted changes)' if dirty else ''}",
    }
    return Machine(facts)


def _git(repo: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip()


def own_cpu() -> Callable[[], float]:
    """A CPU clock for this process (user + system), like the children's."""

    def now() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    return now
