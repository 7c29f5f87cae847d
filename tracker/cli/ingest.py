"""`tracker ingest PATH...`: store the follow-ups of referater in the database.

Each document is its own transaction: a file that cannot be read or stored gets one
``error: <file>: <reason>`` line and leaves nothing behind, the others are still stored, and
the exit code (1) tells a script that something was left out. Ingesting the same referat again
changes nothing; a revised one keeps what people did (see ``tracker.services.ingest``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli import common
from tracker.cli.extract import collect_documents

if TYPE_CHECKING:
    from tracker.services.ingest import IngestResult

COLUMNS = (
    ("date", "date"),
    ("forum", "forum"),
    ("source", "source"),
    ("status", "status"),
    ("items", "items"),
    ("followups_new", "new"),
    ("followups_updated", "updated"),
    ("followups_unchanged", "unchanged"),
    ("followups_stale", "stale"),
)


def ingest_command(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATH", help="Referater (.txt .pdf .docx .html .htm) or folders of them."),
    ],
    output: Annotated[
        common.OutputFormat, typer.Option("--format", help="Summary as table, json or csv.")
    ] = common.OutputFormat.TABLE,
    force: Annotated[
        bool, typer.Option("--force", help="Match again even when a referat's text is unchanged.")
    ] = False,
) -> None:
    """Read referater, extract their follow-ups and store them (re-ingest keeps people's work)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from sqlalchemy.exc import SQLAlchemyError

    from nlp.errors import DocumentError
    from tracker.db import describe_error, session_scope
    from tracker.services.ingest import IngestError, ingest_file

    settings = common.get_settings()
    actor = common.get_secretariat(settings, "ingest minutes")
    organisation = common.get_organisation(settings)
    engine = common.get_engine(settings)
    files = list(collect_documents(paths))

    results: list[IngestResult] = []
    failed = 0
    stderr = Console(stderr=True, highlight=False)
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
        disable=not stderr.is_terminal,
    )
    with progress:
        task = progress.add_task("ingest", total=len(files))
        for path in files:
            progress.update(task, description=path.name)
            reason: str | None = None
            try:
                with session_scope(engine) as session:
                    results.append(ingest_file(session, path, organisation, actor, force=force))
            except DocumentError as exc:
                reason = exc.reason
            except IngestError as exc:
                reason = str(exc)
            except SQLAlchemyError as exc:
                reason = f"database error: {describe_error(exc)}"
            except Exception as exc:  # a bug on one odd file must not stop the others
                reason = f"internal error: {type(exc).__name__}: {exc}"
            if reason is not None:
                failed += 1
                stderr.print(f"error: {path}: {reason}", markup=False, soft_wrap=True)
            progress.advance(task)

    rows = [r.to_json() for r in results]
    common.emit(rows, COLUMNS, output, title=_title(results, failed))
    if failed:
        raise typer.Exit(1)


def _title(results: list[IngestResult], failed: int) -> str:
    from tracker.services.ingest import IngestStatus

    counts = {s: sum(1 for r in results if r.status is s) for s in IngestStatus}
    followups = sum(r.followups_new + r.followups_updated + r.followups_unchanged for r in results)
    parts = [
        f"{len(results)} meetings ({', '.join(f'{n} {s.value}' for s, n in counts.items() if n)})"
        if results
        else "0 meetings",
        f"{sum(r.items for r in results)} items",
        f"{followups} follow-ups ({sum(r.followups_new for r in results)} new)",
    ]
    if failed:
        parts.append(f"{failed} failed")
    return ", ".join(parts)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("ingest")(ingest_command)
