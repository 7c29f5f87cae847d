"""`tracker eval`: score the extractor against a gold file (ANNOTATION §5, ``nlp.scoring``).

The headline numbers are printed last, so the tail of a long run (or a hook that reads the last
lines) always shows detection, responsible and deadline.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tracker.cli.common import fail, utf8_stdout
from tracker.cli.extract import collect_documents, load_organisation_option, run_extraction, truncate

if TYPE_CHECKING:
    from nlp.scoring import Pair, Report

TEXT_WIDTH = 80


class EvalFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _names(names: Sequence[str]) -> str:
    return "[" + ", ".join(names) + "]"


def _where(record: dict[str, Any]) -> str:
    return f"{record['doc']} #{record.get('item')}"


def _pair_line(pair: Pair, predicted: str, gold: str) -> str:
    flag = " (optional)" if pair.optional else ""
    return (
        f"  {_where(pair.gold)}{flag} {truncate(pair.gold['text'], TEXT_WIDTH)!r}\n"
        f"      predicted {predicted}  gold {gold}"
    )


def details(report: Report) -> list[str]:
    """The misses, false alarms and wrong fields, for ``--show``."""
    lines = [f"MISSES ({len(report.misses)})"]
    for miss in report.misses:
        lines.append(f"  {_where(miss)} {truncate(miss['text'], TEXT_WIDTH)!r}")
        lines.append(f"      gold {_names(miss.get('responsible', []))} {miss.get('deadline') or '-'}")
    lines.append(f"FALSE ALARMS ({len(report.false_alarms)})")
    for alarm in report.false_alarms:
        lines.append(f"  {_where(alarm.prediction)} {truncate(alarm.prediction['text'], TEXT_WIDTH)!r}")
        if alarm.duplicate_of is not None:
            lines.append(f"      duplicate of {truncate(alarm.duplicate_of['text'], TEXT_WIDTH)!r}")
    lines.append(f"WRONG RESPONSIBLE ({len(report.wrong_responsible)})")
    for pair in report.wrong_responsible:
        lenient = "  (lenient ok)" if pair.responsible_lenient else ""
        predicted = _names(pair.prediction.get("responsible", []))
        lines.append(_pair_line(pair, predicted, _names(pair.gold.get("responsible", []))) + lenient)
    lines.append(f"WRONG DEADLINE ({len(report.wrong_deadline)})")
    for pair in report.wrong_deadline:
        expected = str(pair.gold.get("deadline") or "-")
        if pair.gold.get("deadline_alt"):
            expected += " (also " + ", ".join(pair.gold["deadline_alt"]) + ")"
        lines.append(_pair_line(pair, str(pair.prediction.get("deadline") or "-"), expected))
    lines.append("PER DOCUMENT  (P R F1  matched/predicted/required gold)")
    width = max((len(doc) for doc in report.per_doc), default=0)
    for doc, d in report.per_doc.items():
        lines.append(
            f"  {doc.ljust(width)}  {_number(d.precision)} {_number(d.recall)} {_number(d.f1)}"
            f"  {d.matched_required}/{d.predictions}/{d.required_gold}"
        )
    return lines


def summary(report: Report) -> list[str]:
    """The compact table; its last three lines are the headline numbers."""
    d, fields, required = report.detection, report.fields, report.fields_required
    matching = "  (item matching off)" if report.ignore_item else ""
    strict, lenient = _number(fields.responsible_strict), _number(fields.responsible_lenient)
    return [
        f"documents {len(report.documents)}  predictions {d.predictions}"
        f" (matched optional {d.matched_optional})"
        f"  gold {d.required_gold} required + {d.optional_gold} optional{matching}",
        f"detection    P {_number(d.precision)} ({d.matched_required}/{d.scored_predictions})"
        f"  R {_number(d.recall)} ({d.matched_required}/{d.required_gold})  F1 {_number(d.f1)}"
        f"  false alarms {d.false_alarms} (duplicates {d.duplicates})  misses {d.misses}",
        f"responsible  strict {strict}  lenient {lenient}"
        f"  (n={fields.pairs}; required only {_number(required.responsible_strict)}"
        f"/{_number(required.responsible_lenient)} n={required.pairs})",
        f"deadline     {_number(fields.deadline)} (n={fields.pairs})"
        f"  on dated gold {_number(fields.deadline_on_dated)} (n={fields.dated_pairs})",
    ]


def evaluate_command(
    gold: Annotated[Path, typer.Argument(metavar="GOLD", help="Gold follow-ups, JSONL (ANNOTATION §1).")],
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="PATH", help="Referater or folders to run the extractor on."),
    ] = None,
    ignore_item: Annotated[
        bool, typer.Option("--ignore-item", help="Match on document only, not agenda item.")
    ] = False,
    show: Annotated[bool, typer.Option("--show", help="List misses, false alarms and wrong fields.")] = False,
    output_format: Annotated[
        EvalFormat, typer.Option("--format", help="text: compact table; json: the full report.")
    ] = EvalFormat.TEXT,
    predictions_file: Annotated[
        Path | None,
        typer.Option("--predictions", help="Score this JSONL of predictions instead of running the extractor."),
    ] = None,
    organisation_file: Annotated[
        Path | None, typer.Option("--organisation", help="Organisation TOML (default: the configured one).")
    ] = None,
) -> None:
    """Score extracted follow-ups against a gold file (precision, recall, responsible, deadline).

    Only the documents that were run are scored. With --predictions, the PATHs (if any) choose
    which documents count; without PATHs, the documents of the predictions do.
    """
    from nlp.scoring import RecordError, load_jsonl, score

    paths = paths or []
    if predictions_file is None and not paths:
        fail("give the referater to run (PATH...) or a --predictions file")
    try:
        gold_records = load_jsonl(gold)
        errors: list[str] = []
        documents: list[str] | None
        if predictions_file is not None:
            predictions = load_jsonl(predictions_file)
            documents = [p.name for p in collect_documents(paths)] if paths else None
        else:
            run = run_extraction(paths, load_organisation_option(organisation_file))
            predictions = [dict(f.to_json()) for f in run.followups]
            documents, errors = run.documents, run.errors
    except RecordError as exc:
        fail(str(exc))

    report = score(gold_records, predictions, ignore_item=ignore_item, documents=documents)
    utf8_stdout()
    if output_format is EvalFormat.JSON:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        for line in [*(details(report) if show else []), *summary(report)]:
            typer.echo(line)
    for error in errors:
        typer.echo(error, err=True)
    if errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("eval")(evaluate_command)
