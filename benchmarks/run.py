"""The performance benchmark: ingest throughput, queries at 100,000 follow-ups, the dashboard
and cold start. Prints a table and writes it, with the machine and the raw runs, to
BENCHMARKS.md. ``make bench`` runs it; ``--quick`` is a small smoke run.

1. Ingest: ``tracker ingest`` (the real CLI, pinned to one core) of a corpus of at least a
   million words made from the seeds (``corpus.py``) into a fresh SQLite file per run, as words
   per CPU-second, and as ratios to two baselines timed in the same runs on the same core:
   spaCy's blank Danish tokenizer over every document, and ``dateparser.search.search_dates``
   over the decision texts (a sample, extrapolated per word).
2. At 100,000 follow-ups (``populate.py``, built once and cached): ``tracker list --status
   overdue`` and ``tracker report overdue`` as processes, and the dashboard driven headless
   (``dashboard.py``), with the peak memory of those processes.
3. ``tracker --help``.

Every figure is the median of the runs (5 by default). Wall times are what a person waits;
CPU times are shown beside them because on a shared machine the wall time also counts the
wait for a free core (the load average is recorded).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

import corpus
import measure
import populate
from measure import Figure, ProcessRun, median

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO / "BENCHMARKS.md"
T = TypeVar("T")
PARTS = ("ingest", "queries", "dashboard", "startup")


@dataclass(frozen=True, slots=True)
class Plan:
    words: int
    followups: int
    runs: int
    dateparser_words: int  # decision-text words per run for the dateparser baseline
    repeats: int  # dashboard interactions of each kind per run
    quick: bool


FULL = Plan(words=1_000_000, followups=100_000, runs=5, dateparser_words=20_000, repeats=3, quick=False)
QUICK = Plan(words=100_000, followups=10_000, runs=2, dateparser_words=4_000, repeats=2, quick=True)


@dataclass
class Results:
    figures: list[Figure] = field(default_factory=list)
    details: list[str] = field(default_factory=list)  # lines for BENCHMARKS.md

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)
        print(f"  {figure.name}: {measure.show(figure.measured, figure.unit)} ({figure.verdict})", flush=True)


# --- environment -----------------------------------------------------------------------------


def tracker_command() -> list[str]:
    script = Path(sys.executable).with_name("tracker")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tracker.cli.app"]


def clean_env(work: Path, database: Path, organisation: Path) -> dict[str, str]:
    """The CLI's environment: this database and organisation, no one's own settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    config = work / "empty-config.toml"
    config.write_text("# the benchmark's: nothing configured\n", encoding="utf-8")
    env |= {
        "TRACKER_CONFIG": str(config),
        "TRACKER_DATABASE_URL": f"sqlite:///{database}",
        "TRACKER_ORGANISATION": str(organisation),
        "XDG_DATA_HOME": str(work / "xdg-data"),
        "PYTHONUNBUFFERED": "1",
    }
    return env


def checked(run: ProcessRun, what: str) -> ProcessRun:
    if run.returncode != 0:
        raise SystemExit(f"{what} failed (exit {run.returncode}):\n{run.stderr.decode(errors='replace')[-3000:]}")
    return run


def bench_cpu() -> int | None:
    """The core the single-core measurements run on: the last one this process may use; None
    where processes cannot be pinned (not Linux), and the figures say so."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    return max(os.sched_getaffinity(0))


# --- 1. ingest ---------------------------------------------------------------------------------


def ingest_part(plan: Plan, work: Path, results: Results) -> None:
    print(f"Ingest: building a corpus of {plan.words:,} words from the seeds …", flush=True)
    documents = corpus.build_corpus(plan.words, work / "corpus")
    folder = documents[0].path.parent
    words = sum(d.words for d in documents)
    texts = [d.path.read_text(encoding="utf-8") for d in documents]
    decisions = _decision_texts(documents, texts)
    decision_words = sum(corpus.word_count(t) for doc in decisions for t, _ in doc)
    cpu = bench_cpu()
    print(
        f"  {len(documents)} documents, {words:,} words ({decision_words:,} in decisions); "
        f"{'core ' + str(cpu) if cpu is not None else 'not pinned to a core'}",
        flush=True,
    )

    ingest_cpu: list[float] = []
    ingest_wall: list[float] = []
    ingest_rss: list[float] = []
    tokenizer: list[float] = []
    dateparser: list[float] = []
    sampled: list[int] = []
    followups = 0
    for run in range(plan.runs):
        database = work / f"ingest-{run}.db"
        env = clean_env(work, database, corpus.ORGANISATION)
        done = checked(
            measure.run_process(
                [*tracker_command(), "ingest", str(folder), "--format", "json"], env=env, cwd=work, cpu=cpu
            ),
            "tracker ingest",
        )
        stored = json.loads(done.stdout)
        if len(stored) != len(documents) or any(r["status"] != "new" for r in stored):
            raise SystemExit("tracker ingest did not store every corpus document as a new meeting")
        followups = sum(r["followups_new"] for r in stored)
        ingest_cpu.append(words / done.cpu)
        ingest_wall.append(words / done.wall)
        ingest_rss.append(done.max_rss_mb)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        tokenizer.append(_pinned(cpu, lambda: _tokenizer_speed(texts)))
        speed, sample = _pinned(cpu, partial(_dateparser_speed, decisions, plan.dateparser_words, run))
        dateparser.append(speed)
        sampled.append(sample)
        print(
            f"  run {run + 1}: ingest {ingest_cpu[-1]:,.0f} words/CPU-s ({ingest_wall[-1]:,.0f} wall), "
            f"tokenizer {tokenizer[-1]:,.0f}, dateparser {dateparser[-1]:,.0f} words/s",
            flush=True,
        )

    ingest = median(ingest_cpu)
    results.add(
        Figure(
            f"Ingest throughput, end to end (tracker ingest, {'one core' if cpu is not None else 'not pinned'})",
            tuple(ingest_cpu),
            "words/s",
            note=f"per CPU-second of the process, start-up included; {median(ingest_wall):,.0f} words/s by wall clock",
        )
    )
    results.add(Figure("spaCy blank('da') tokenizer, same texts", tuple(tokenizer), "words/s", note="per CPU-second"))
    results.add(
        Figure(
            "dateparser search_dates over decision texts",
            tuple(dateparser),
            "words/s",
            note=f"a sample of ~{median(sampled):,.0f} decision words per run, extrapolated per word; per CPU-second",
        )
    )
    results.add(
        Figure(
            "Ingest ÷ tokenizer speed",
            tuple(i / t for i, t in zip(ingest_cpu, tokenizer, strict=True)),
            "x",
            0.35,
            True,
        )
    )
    results.add(
        Figure(
            "Ingest ÷ naive dateparser speed",
            tuple(i / d for i, d in zip(ingest_cpu, dateparser, strict=True)),
            "x",
            3.0,
            True,
        )
    )
    results.add(Figure(f"Peak memory, ingest of {words:,} words", tuple(ingest_rss), "MB", note="ru_maxrss"))
    results.details.append(
        f"- Corpus: {len(documents)} documents, {words:,} words (whitespace-separated), {decision_words:,} of them "
        f"in this meeting's decisions; {followups:,} follow-ups extracted and stored per run. Ingest CPU-seconds "
        f"per run: {', '.join(f'{words / v:.1f}' for v in ingest_cpu)}; wall: "
        f"{', '.join(f'{words / v:.1f}' for v in ingest_wall)}."
    )
    results.details.append(
        f"- Baselines per run (words/CPU-s): tokenizer {', '.join(f'{v:,.0f}' for v in tokenizer)}; "
        f"dateparser {', '.join(f'{v:,.0f}' for v in dateparser)}."
    )
    results.details.append(
        f"- At that speed one core ingests {ingest * 3600 / 1e6:,.0f} million words an hour "
        f"(a 3,000-word referat in {3000 / ingest:.2f} s)."
    )


def _decision_texts(documents: Sequence[corpus.Document], texts: Sequence[str]) -> list[list[tuple[str, dt.date]]]:
    """Per document, this meeting's decision texts (``nlp.structure``) and the meeting date."""
    from nlp.structure import parse_meeting

    found = []
    for document, text in zip(documents, texts, strict=True):
        meeting = parse_meeting(text, source=document.path.name)
        day = meeting.date or document.date
        found.append([(item.decision.text, day) for item in meeting.items if item.decision is not None])
    return found


def _pinned(cpu: int | None, work: Callable[[], T]) -> T:
    if cpu is None:
        return work()
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {cpu})
    try:
        return work()
    finally:
        os.sched_setaffinity(0, before)


def _tokenizer_speed(texts: Sequence[str]) -> float:
    """Words per CPU-second of ``spacy.blank("da")``'s tokenizer over every full text; a new
    ``Language`` per run, so its caches start empty as the ingest's do."""
    import spacy

    tokenizer = spacy.blank("da").tokenizer
    clock = measure.own_cpu()
    started = clock()
    for text in texts:
        tokenizer(text)
    return sum(map(corpus.word_count, texts)) / (clock() - started)


def _dateparser_speed(decisions: list[list[tuple[str, dt.date]]], sample_words: int, run: int) -> tuple[float, int]:
    """Words per CPU-second of the naive approach: ``search_dates`` over each decision text,
    relative to its meeting. Documents are sampled (a different sample each run) until
    ``sample_words`` words; their time is extrapolated per word."""
    from dateparser.search import search_dates

    search_dates("Svar senest 1. marts 2019.", languages=["da"])  # loading its data is not the search
    order = list(range(len(decisions)))
    random.Random(run).shuffle(order)
    chosen: list[tuple[str, dt.date]] = []
    words = 0
    for index in order:
        if words >= sample_words:
            break
        chosen.extend(decisions[index])
        words += sum(corpus.word_count(t) for t, _ in decisions[index])
    clock = measure.own_cpu()
    started = clock()
    for text, day in chosen:
        base = dt.datetime.combine(day, dt.time())
        search_dates(text, languages=["da"], settings={"RELATIVE_BASE": base})
    return words / (clock() - started), words


# --- 2. queries and reports at 100,000 follow-ups ----------------------------------------------


def database_part(plan: Plan, work: Path, cache: Path, results: Results, parts: Sequence[str]) -> None:
    print(f"Database: {plan.followups:,} follow-ups (cached in {cache}) …", flush=True)
    db = populate.populated(cache, plan.followups)
    how = f"built in {db.seconds:.0f} s" if db.built else "from the cache"
    print(f"  {how}: {db.meetings:,} meetings, {db.assignments:,} assignments, {db.events:,} events", flush=True)
    results.details.append(
        f"- Database: {db.followups:,} follow-ups, {db.assignments:,} assignments, {db.events:,} events, "
        f"{db.meetings:,} meetings, {len(populate.DEPARTMENTS)} departments, ten years up to "
        f"{populate.AS_OF.isoformat()} ({db.path.stat().st_size / 2**20:.0f} MB SQLite file; {how})."
    )
    env = clean_env(work, db.path, db.organisation)
    as_of = populate.AS_OF.isoformat()
    memory: list[float] = []
    if "queries" in parts:
        commands = {
            "tracker list --status overdue": ["list", "--status", "overdue", "--as-of", as_of],
            "tracker report overdue": ["report", "overdue", "--as-of", as_of],
        }
        for name, args in commands.items():
            checked(measure.run_process([*tracker_command(), *args], env=env, cwd=work, stdout_to_null=True), name)
            runs = [
                checked(measure.run_process([*tracker_command(), *args], env=env, cwd=work, stdout_to_null=True), name)
                for _ in range(plan.runs)
            ]
            memory += [r.max_rss_mb for r in runs]
            results.add(
                Figure(
                    f"{name} (wall)",
                    tuple(r.wall for r in runs),
                    "s",
                    1.0,
                    extra=f"CPU {median([r.cpu for r in runs]):.2f} s",
                    note="output to /dev/null",
                )
            )
    if "dashboard" in parts:
        dashboard(plan, work, env, db, results, memory)
    if memory:
        results.add(
            Figure(
                "Peak memory (list, report, dashboard processes)",
                (max(memory),),
                "MB",
                500,
                note=f"largest ru_maxrss of {len(memory)} processes",
            )
        )


def dashboard(
    plan: Plan, work: Path, env: dict[str, str], db: populate.Populated, results: Results, memory: list[float]
) -> None:
    driver = Path(__file__).with_name("dashboard.py")
    first: list[float] = []
    cpu: list[float] = []
    timings: dict[str, list[float]] = {"filter": [], "next_page": [], "department": []}
    summaries: list[str] = []
    for run in range(plan.runs + 1):  # run 0 warms the file cache and is not counted
        command = [
            sys.executable,
            str(driver),
            "--db",
            f"sqlite:///{db.path}",
            "--organisation",
            str(db.organisation),
            "--as-of",
            populate.AS_OF.isoformat(),
            "--repeats",
            str(plan.repeats),
            "--started",
            repr(time.time()),
        ]
        done = checked(measure.run_process(command, env=env, cwd=work, timeout=600), "the dashboard driver")
        found = json.loads(done.stdout)
        summaries = [found["first_summary"], found["last_summary"]]
        if run == 0:
            continue
        first.append(found["first_screen"])
        cpu.append(done.cpu)
        memory.append(done.max_rss_mb)
        for key in timings:
            timings[key] += found[key]
    results.add(
        Figure(
            "Dashboard: first screen",
            tuple(first),
            "s",
            1.5,
            extra=f"process CPU {median(cpu):.2f} s for the whole session",
            note="from launching the process to the first page and the department counts on screen",
        )
    )
    labels = {
        "filter": "Dashboard: filter (search word + enter)",
        "next_page": "Dashboard: next page (ctrl+end in the list)",
        "department": "Dashboard: switch department (down in the list)",
    }
    for key, label in labels.items():
        results.add(Figure(label, tuple(timings[key]), "ms", 0.150, note="until the list shows the answer"))
    results.details.append(f"- Dashboard: first screen showed {summaries[0]!r}; last {summaries[1]!r}.")


# --- 3. cold start ---------------------------------------------------------------------------------


def startup_part(plan: Plan, work: Path, results: Results) -> None:
    env = clean_env(work, work / "unused.db", corpus.ORGANISATION)
    command = [*tracker_command(), "--help"]
    checked(measure.run_process(command, env=env, cwd=work, stdout_to_null=True), "tracker --help")
    runs = [
        checked(measure.run_process(command, env=env, cwd=work, stdout_to_null=True), "tracker --help")
        for _ in range(max(plan.runs, 5))
    ]
    results.add(
        Figure(
            "tracker --help (wall)",
            tuple(r.wall for r in runs),
            "s",
            0.3,
            extra=f"CPU {median([r.cpu for r in runs]):.2f} s",
        )
    )


# --- the report --------------------------------------------------------------------------------


def write_report(
    path: Path, plan: Plan, machine: measure.Machine, results: Results, seconds: float, loads: list[str]
) -> None:
    rows = measure.table(results.figures)
    kind = "Quick smoke run (`--quick`): small sizes, not the benchmark" if plan.quick else "Benchmark"
    facts = "\n".join(f"- {k}: {v}" for k, v in machine.facts.items())
    text = f"""# Benchmarks

Written by `benchmarks/run.py` (`make bench`) on {dt.datetime.now().strftime("%Y-%m-%d %H:%M")}. {kind}: \
{plan.words:,} words to ingest, {plan.followups:,} follow-ups in the database, median of {plan.runs} runs per \
figure (dashboard interactions: {plan.repeats} per run). It took {seconds / 60:.1f} minutes.

{measure.markdown_table(rows)}

Throughputs are per CPU-second: the ingest process and the baselines run on the same core, one after the
other, and CPU time does not count the waits for a core that a shared machine adds to the wall clock. The
command and dashboard times are wall clock, as a person waits for them; their CPU time is in the notes.

## What was measured
{chr(10).join(results.details)}
- Load average (1, 5, 15 min) at the start, between the parts and at the end: {"; ".join(loads)}.

## Machine
{facts}

See docs/benchmarks.md for how the corpus and the database are made and where the time goes.
"""
    path.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smoke run: 100k words, 10k follow-ups, 2 runs")
    parser.add_argument("--runs", type=int, help="runs per figure (default 5; 2 with --quick)")
    parser.add_argument("--words", type=int, help="corpus size in words")
    parser.add_argument("--followups", type=int, help="follow-ups in the database")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a figure misses its target")
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts: {', '.join(PARTS)}")
    parser.add_argument("--output", type=Path, help="where to write the report (default BENCHMARKS.md; "
                        "with --quick a file in the temporary folder)")  # fmt: skip
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "referat-tracker-bench",
        help="where the populated database is kept between runs",
    )
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    plan = Plan(
        words=args.words or plan.words,
        followups=args.followups or plan.followups,
        runs=args.runs or plan.runs,
        dateparser_words=plan.dateparser_words,
        repeats=plan.repeats,
        quick=plan.quick,
    )
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"--only: unknown part(s) {', '.join(sorted(unknown))}")
    started = time.perf_counter()
    machine = measure.machine(REPO)
    loads = [machine.load()]
    results = Results()
    with tempfile.TemporaryDirectory(prefix="tracker-bench-") as tmp:
        work = Path(tmp)
        output = args.output or (work.parent / "BENCHMARKS.quick.md" if plan.quick else DEFAULT_OUTPUT)
        if "ingest" in parts:
            ingest_part(plan, work, results)
            loads.append(machine.load())
        if "queries" in parts or "dashboard" in parts:
            database_part(plan, work, args.cache_dir, results, parts)
            loads.append(machine.load())
        if "startup" in parts:
            startup_part(plan, work, results)
        loads.append(machine.load())
        seconds = time.perf_counter() - started
        rows = measure.table(results.figures)
        print()
        print(measure.plain_table(rows, skip=(5,)))
        print(f"\n{len(results.figures)} figures in {seconds / 60:.1f} minutes; load average {'; '.join(loads)}")
        write_report(output, plan, machine, results, seconds, loads)
        print(f"Written to {output}")
    return 1 if args.strict and any(f.verdict == "FAIL" for f in results.figures) else 0


if __name__ == "__main__":
    sys.exit(main())
