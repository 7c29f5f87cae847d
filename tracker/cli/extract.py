"""`tracker extract`: the follow-ups of referater as JSON, without touching the database.

It prints exactly what ``tracker ingest`` would store, so the extractor can be checked, scored
(``tracker eval``) or piped into other tools. A file that cannot be read is reported and
skipped; the others still run, and the exit code tells a script that something was left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli.common import fail, get_organisation, get_settings, print_table, utf8_stdout

if TYPE_CHECKING:
    from nlp.models import FollowUp
    from nlp.organisation import Organisation

# What a folder is searched for; a file named on the command line is read whatever its suffix.
DOCUMENT_SUFFIXES = frozenset({".txt", ".pdf", ".docx", ".html", ".htm"})


class ExtractFormat(StrEnum):
    JSONL = "jsonl"
    JSON = "json"
    TABLE = "table"


@dataclass(slots=True)
class ExtractionRun:
    """The follow-ups of every document that could be read, and an error line for each that could not."""

    followups: list[FollowUp] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def collect_documents(paths: Sequence[Path]) -> Iterator[Path]:
    """Files as named, and the referater inside folders, recursively and in a stable order.

    A link named like a referat is collected even when it leads nowhere (broken, or a loop):
    reading it then fails with a line naming it, instead of the file silently going missing.
    """
    for path in paths:
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.suffix.lower() in DOCUMENT_SUFFIXES and _document_like(p))
            yield from sorted(found)
        else:
            yield path


def _document_like(path: Path) -> bool:
    return path.is_file() or (path.is_symlink() and not path.is_dir())


def run_extraction(paths: Sequence[Path], organisation: Organisation) -> ExtractionRun:
    """Extract from every document; a bad file becomes an error line, not an abort."""
    from nlp.errors import DocumentError
    from nlp.extract import process_file

    run = ExtractionRun()
    for path in collect_documents(paths):
        try:
            extraction = process_file(path, organisation)
        except DocumentError as exc:
            run.errors.append(f"error: {path}: {exc.reason}")
            continue
        except Exception as exc:  # a bug on one odd file must not stop the others (as in ingest)
            run.errors.append(f"error: {path}: internal error: {type(exc).__name__}: {exc}")
            continue
        run.documents.append(path.name)
        run.followups.extend(extraction.followups)
    return run


def load_organisation_option(path: Path | None) -> Organisation:
    """The organisation named on the command line, else the configured one; exits on a bad file."""
    from nlp.errors import OrganisationError
    from nlp.organisation import load_organisation

    if path is None:
        return get_organisation(get_settings())
    try:
        return load_organisation(path)
    except OrganisationError as exc:
        fail(str(exc), 2)


def truncate(text: str, width: int) -> str:
    """One line of at most ``width`` characters, for listings."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


_TABLE_COLUMNS = (
    ("doc", "doc"),
    ("item", "item"),
    ("deadline", "deadline"),
    ("responsible", "responsible"),
    ("text", "text"),
)


def extract_command(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATH", help="Referater (.txt .pdf .docx .html) or folders of them."),
    ],
    output_format: Annotated[
        ExtractFormat, typer.Option("--format", help="jsonl: one follow-up per line; json: one array; table.")
    ] = ExtractFormat.JSONL,
    organisation_file: Annotated[
        Path | None, typer.Option("--organisation", help="Organisation TOML (default: the configured one).")
    ] = None,
) -> None:
    """Print the follow-ups found in referater (no database)."""
    organisation = load_organisation_option(organisation_file)
    run = run_extraction(paths, organisation)
    utf8_stdout()
    records = [f.to_json() for f in run.followups]
    if output_format is ExtractFormat.JSONL:
        for record in records:
            typer.echo(json.dumps(record, ensure_ascii=False))
    elif output_format is ExtractFormat.JSON:
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        print_table(records, _TABLE_COLUMNS)
    for error in run.errors:
        typer.echo(error, err=True)
    if run.errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("extract")(extract_command)
