"""`tracker report overdue` and `tracker report send`: the weekly overdue report.

``overdue`` prints (or writes) the report in any format; ``send`` e-mails each chief their
department's part and the secretariat the whole, and exits 1 if any recipient failed. Both
build the same ``tracker.reports.OverdueReport``, so what a chief receives is exactly what
``report overdue --department UNIT`` shows.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli import common
from tracker.render import ReportFormat

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.reports import OverdueReport
    from tracker.status import StatusFilter

report_app = typer.Typer(
    help="The weekly overdue report: show it, or e-mail it to the chiefs.",
    no_args_is_help=True,
    add_completion=False,
)

AsOf = Annotated[
    str | None, typer.Option("--as-of", metavar="DATE", help="Judge overdue as of DATE (YYYY-MM-DD; default today).")
]

Department = Annotated[
    str | None,
    typer.Option(
        "--department", metavar="UNIT", help="Only this department (any alias; its own part of shared follow-ups)."
    ),
]


def parse_day(value: str | None, option: str = "--as-of") -> dt.date:
    """A YYYY-MM-DD option, today when not given; a clear error otherwise."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        common.fail(f"{option} {value!r}: expected a date as YYYY-MM-DD", 2)


def parse_status(value: str | None) -> StatusFilter | None:
    from tracker.status import StatusFilter

    if value is None:
        return None
    try:
        return StatusFilter(value.lower())
    except ValueError:
        common.fail(f"--status {value!r}: expected one of {', '.join(s.value for s in StatusFilter)}", 2)


def department_of(department: str | None) -> str | None:
    """The department asked for; a chief (``--as UNIT``) gets their own unit by default."""
    if department is not None:
        return department
    settings = common.get_settings()
    return settings.unit if settings.role == "chief" else None


def build(session: Session, as_of: dt.date, department: str | None = None) -> OverdueReport:
    """The report, or one ``error:`` line for an unknown department."""
    from tracker.reports import build_report
    from tracker.services.queries import UnknownUnit

    try:
        return build_report(session, as_of, department=department)
    except UnknownUnit as exc:
        common.fail(f"--department: {exc}", 2)


def write_output(content: str | bytes, output: Path | None) -> None:
    """To ``output`` (whole or not at all) or to standard output."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if output is None:
        common.utf8_stdout()
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from tracker.exports import write_atomically

    try:
        write_atomically(output, lambda stream: stream.write(data))
    except OSError as exc:
        common.fail(f"{output}: cannot write: {exc.strerror or exc}")


@report_app.command("overdue")
def overdue_command(
    as_of: AsOf = None,
    department: Department = None,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", help="text, markdown, html (e-mail safe, with chart), csv or json.")
    ] = ReportFormat.TEXT,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", metavar="FILE", help="Write to FILE instead of the screen.")
    ] = None,
) -> None:
    """Per department: overdue follow-ups, those due within 7 days, those completed in the last 7."""
    from tracker.render import render

    day = parse_day(as_of)
    unit = department_of(department)
    with common.session() as session:
        report = build(session, day, unit)
    write_output(render(report, fmt), output)


@report_app.command("send")
def send_command(
    as_of: AsOf = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only print who would get what.")] = False,
) -> None:
    """E-mail each chief their department's part and the secretariat the whole report.

    SMTP comes from the config file's [smtp] table or TRACKER_SMTP_* variables; the password
    only from TRACKER_SMTP_PASSWORD. Exit code 1 if any recipient failed (the others are sent).
    """
    from tracker.mail import plan_mail, send_all
    from tracker.services.actors import PermissionDenied, require_secretariat
    from tracker.services.organisation import sync_organisation

    day = parse_day(as_of)
    settings = common.get_settings()
    actor = common.get_actor(settings)
    try:
        require_secretariat(actor, "send the weekly report")
    except PermissionDenied as exc:
        common.fail(str(exc))
    organisation = common.get_organisation(settings)
    with common.session(settings) as session:
        sync_organisation(session, organisation)  # addresses as the organisation file says today
        report = build(session, day)
    plan = plan_mail(report, settings.smtp.secretariat)
    common.utf8_stdout()
    for skipped in plan.skipped:
        typer.echo(f"skipped {skipped.unit}: {skipped.reason}")
    if dry_run:
        for outgoing in plan.messages:
            typer.echo(f"would send to {outgoing.describe()}")
        typer.echo(f"{len(plan.messages)} messages would be sent through {settings.smtp.host}:{settings.smtp.port}")
        return
    deliveries = send_all(plan.messages, settings.smtp)
    failed = [d for d in deliveries if not d.ok]
    for delivery in deliveries:
        if delivery.ok:
            typer.echo(f"sent to {delivery.outgoing.describe()}")
        else:
            who = delivery.outgoing
            typer.echo(f"error: {who.name} <{who.to}>: {delivery.error}", err=True)
    typer.echo(f"{len(deliveries) - len(failed)} sent, {len(failed)} failed")
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.add_typer(report_app, name="report")
