"""`tracker export`: the follow-up list as CSV or Excel for the secretariat, or as an
iCalendar file of open deadlines for Outlook. See ``tracker.exports`` for the formats."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Annotated

import typer

from tracker.cli import common
from tracker.cli.report import AsOf, Department, department_of, parse_day, parse_status


def export_command(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="csv (UTF-8 with BOM, ';' for Danish Excel), xlsx or ics (open deadlines).",
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", metavar="FILE", help="Write to FILE (default: standard output).")
    ] = None,
    department: Department = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status", metavar="STATUS", help="open, overdue, done, all or to_review (default: all; ics: open)."
        ),
    ] = None,
    as_of: AsOf = None,
) -> None:
    """Export follow-ups: CSV or Excel with Danish headers, or iCalendar to-dos with due dates."""
    from tracker.exports import ExportError, ExportFormat, export, write_atomically
    from tracker.services.queries import UnknownUnit

    try:
        chosen = ExportFormat(fmt.lower())
    except ValueError:
        common.fail(f"--format {fmt!r}: expected one of {', '.join(f.value for f in ExportFormat)}", 2)
    day = parse_day(as_of)
    selected = parse_status(status)
    unit = department_of(department)
    if output is None and chosen is ExportFormat.XLSX and sys.stdout.isatty():
        common.fail("an Excel file is binary: give -o FILE.xlsx (or redirect the output)", 2)

    def write(stream: IO[bytes]) -> int:
        with common.session() as session:
            return export(session, chosen, stream, as_of=day, status=selected, unit=unit)

    try:
        if output is None:
            sys.stdout.flush()
            count = write(sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            count = write_atomically(output, write)
    except (ExportError, UnknownUnit) as exc:
        common.fail(str(exc), 2)
    except OSError as exc:
        common.fail(f"{output}: cannot write: {exc.strerror or exc}")
    if output is not None:
        typer.echo(f"wrote {count} follow-ups to {output}", err=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("export")(export_command)
