"""`tracker list`, `show`, `done`, `reopen`, `note` and `undo`: thin commands over the follow-up
services and queries.

Who may do what is decided by the services (a chief's ``done`` is refused there, and this
module only prints the refusal); what "overdue" means is decided by ``tracker.status``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from tracker.cli import common

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.services.actors import Actor
    from tracker.services.queries import FollowUpDetail, FollowUpRow
    from tracker.status import StatusFilter

T = TypeVar("T")

DEFAULT_LIMIT = 50

COLUMNS = (
    ("id", "id"),
    ("deadline", "deadline"),
    ("days_overdue", "days overdue"),
    ("status", "status"),
    ("units", "responsible"),
    ("text", "follow-up"),
    ("forum", "forum"),
    ("meeting_date", "meeting"),
    ("item_number", "item"),
    ("review", "review"),
    ("last_note", "last note"),
)


def _date(value: str | None, option: str) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        common.fail(f"{option} {value!r}: expected a date as YYYY-MM-DD")


@contextmanager
def _refusals() -> Iterator[None]:
    """The services' refusals as one ``error:`` line and exit code 1."""
    from tracker.services.actors import PermissionDenied
    from tracker.services.followups import FollowUpError, NothingToChange
    from tracker.services.queries import NotFound, UnknownUnit

    try:
        yield
    except NothingToChange as exc:
        typer.echo(f"nothing to do: {exc}")
    except (FollowUpError, PermissionDenied, NotFound, UnknownUnit) as exc:
        common.fail(str(exc))


def _change(action: Callable[[Session, Actor], T]) -> T | None:
    """Run one change as the configured actor in one transaction; None if nothing changed."""
    settings = common.get_settings()
    actor = common.get_actor(settings)
    result: T | None = None
    with _refusals(), common.session(settings) as session:
        result = action(session, actor)
    return result


# --- rows as plain data (json/csv/table) -----------------------------------------------------


def _units(row: FollowUpRow) -> str:
    if not row.assignments:
        return ", ".join(row.responsible)
    return ", ".join(f"{a.unit} ({a.status})" for a in row.assignments)


def row_to_json(row: FollowUpRow) -> dict[str, Any]:
    """One follow-up as the list's JSON object (every field; dates as ISO text)."""
    return {
        "id": row.id,
        "text": row.text,
        "deadline": row.deadline.isoformat() if row.deadline else None,
        "days_overdue": row.days_overdue,
        "status": str(row.status),
        "standing": str(row.standing),
        "review": str(row.review),
        "responsible": list(row.responsible),
        "assignments": [
            {"unit": a.unit, "status": str(a.status), "done_at": a.done_at.isoformat() if a.done_at else None}
            for a in row.assignments
        ],
        "units": _units(row),
        "forum": row.forum,
        "meeting_date": row.meeting_date.isoformat() if row.meeting_date else None,
        "meeting_source": row.meeting_source,
        "meeting_id": row.meeting_id,
        "item_number": row.item_number,
        "item_title": row.item_title,
        "last_note": row.last_note,
        "origin": str(row.origin),
        "stale": row.stale,
        "version": row.version,
    }


def detail_to_json(detail: FollowUpDetail) -> dict[str, Any]:
    return {
        **row_to_json(detail.row),
        "source_text": detail.source_text,
        "span": list(detail.span) if detail.span else None,
        "deadline_text": detail.deadline_text,
        "reason": detail.reason,
        "case_number": detail.case_number,
        "decision_text": detail.decision_text,
        "context": detail.context,
        "events": [
            {
                "id": e.id,
                "at": e.at.isoformat(),
                "actor": e.actor,
                "action": e.action,
                "field": e.field,
                "unit": e.unit,
                "old": e.old,
                "new": e.new,
                "note": e.note,
                "undone": e.undone,
            }
            for e in detail.events
        ],
    }


# --- commands --------------------------------------------------------------------------------


def list_command(
    department: Annotated[
        str | None,
        typer.Option(
            "--department", "-d", metavar="UNIT", help="Only follow-ups assigned to UNIT (status is UNIT's part)."
        ),
    ] = None,
    status: Annotated[str, typer.Option("--status", "-s", help="open, overdue, done, all or to_review.")] = "open",
    as_of: Annotated[
        str | None, typer.Option("--as-of", metavar="DATE", help="Judge overdue as of DATE (default today).")
    ] = None,
    text: Annotated[str | None, typer.Option("--text", help="Only follow-ups whose text contains TEXT.")] = None,
    forum: Annotated[str | None, typer.Option("--forum", help="Only follow-ups from this forum's meetings.")] = None,
    output: Annotated[
        common.OutputFormat, typer.Option("--format", help="table, json (all fields) or csv.")
    ] = common.OutputFormat.TABLE,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="At most N rows; 0 for all.")] = DEFAULT_LIMIT,
) -> None:
    """List follow-ups, soonest deadline first (undated last). A chief (--as) sees their own unit's."""
    from tracker.services.queries import count_followups, iter_followups
    from tracker.status import StatusFilter

    try:
        selected = StatusFilter(status)
    except ValueError:
        common.fail(f"--status {status!r}: expected one of {', '.join(s.value for s in StatusFilter)}", 2)
    day = _date(as_of, "--as-of")
    settings = common.get_settings()
    unit = department
    if unit is None and settings.role == "chief":
        unit = common.get_actor(settings).unit
    filters: dict[str, Any] = {"as_of": day, "status": selected, "unit": unit, "text": text, "forum": forum}
    with _refusals(), common.session(settings) as session:
        rows = list(iter_followups(session, limit=limit or None, **filters))
        total = count_followups(session, **filters) if limit and len(rows) == limit else len(rows)
    common.emit([row_to_json(r) for r in rows], COLUMNS, output, title=_title(selected, unit, day, len(rows), total))


def _title(selected: StatusFilter, unit: str | None, day: dt.date, shown: int, total: int) -> str:
    where = f" for {unit}" if unit else ""
    more = f" (first {shown} of {total}; use --limit)" if total > shown else ""
    return f"{total} {selected.value.replace('_', ' ')} follow-ups{where} as of {day.isoformat()}{more}"


def show_command(
    follow_up_id: Annotated[int, typer.Argument(metavar="ID", help="The follow-up's id (see `tracker list`).")],
    output: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="DATE", help="Judge overdue as of DATE.")] = None,
) -> None:
    """Show one follow-up: status per unit, where it was decided, the sentence, and its history."""
    from tracker.services.queries import get_followup_detail

    if output not in {"text", "json"}:
        common.fail(f"--format {output!r}: expected text or json", 2)
    day = _date(as_of, "--as-of")
    with _refusals(), common.session() as session:
        detail = get_followup_detail(session, follow_up_id, as_of=day)
    common.utf8_stdout()
    if output == "json":
        import json

        typer.echo(json.dumps(detail_to_json(detail), ensure_ascii=False, indent=2))
    else:
        typer.echo(render_detail(detail))


def render_detail(detail: FollowUpDetail) -> str:
    row = detail.row
    state = str(row.status)
    if row.days_overdue:
        state += f", {row.days_overdue} days overdue"
    lines = [
        f"Follow-up {row.id}: {row.text}",
        f"  status:      {state} (review: {row.review}{', stale' if row.stale else ''})",
        f"  deadline:    {row.deadline.isoformat() if row.deadline else '-'}"
        + (f"  ({detail.deadline_text})" if detail.deadline_text else ""),
        f"  responsible: {_units(row) or '-'}",
        f"  meeting:     {row.forum or '-'} {row.meeting_date.isoformat() if row.meeting_date else ''}"
        f" ({row.meeting_source})",
        f"  item:        {row.item_number} {row.item_title or ''}"
        + (f" [{detail.case_number}]" if detail.case_number else ""),
    ]
    if detail.source_text and detail.source_text != row.text:
        lines.append(f"  sentence:    {detail.source_text}")
    if detail.decision_text:
        lines += ["", "Decision:", "  " + " ".join(detail.decision_text.split())]
    if detail.events:
        lines += ["", "History:"]
        for e in detail.events:
            what = e.action if e.field in (None, e.action) else f"{e.action} {e.field}"
            change = f": {e.old or '-'} -> {e.new or '-'}" if e.old is not None or e.new is not None else ""
            unit = f" [{e.unit}]" if e.unit else ""
            note = f" - {e.note}" if e.note else ""
            undone = " (undone)" if e.undone else ""
            lines.append(f"  {e.at:%Y-%m-%d %H:%M} {e.actor}: {what}{unit}{change}{note}{undone}")
    return "\n".join(lines)


UnitOption = Annotated[
    str | None, typer.Option("--unit", "-u", metavar="UNIT", help="Only UNIT's part (default: every unit's).")
]
NoteOption = Annotated[str | None, typer.Option("--note", help="Why, or how it was delivered.")]
IfVersionOption = Annotated[
    int | None,
    typer.Option(
        "--if-version",
        metavar="N",
        help="Only if the follow-up is still at version N (as `show --format json` printed it); "
        "otherwise nothing changes and the command says who changed it.",
    ),
]
IdArgument = Annotated[int, typer.Argument(metavar="ID", help="The follow-up's id.")]


def done_command(
    follow_up_id: IdArgument, unit: UnitOption = None, note: NoteOption = None, if_version: IfVersionOption = None
) -> None:
    """Mark a follow-up done (or only one unit's part of it). Secretariat only."""
    from tracker.services.followups import mark_done

    changed = _change(
        lambda s, actor: mark_done(s, actor, follow_up_id, unit=unit, note=note, expected_version=if_version)
    )
    if changed is not None:
        typer.echo(f"follow-up {follow_up_id}: {_outcome(unit, 'done')}; the follow-up is {changed.status}")


def reopen_command(
    follow_up_id: IdArgument, unit: UnitOption = None, note: NoteOption = None, if_version: IfVersionOption = None
) -> None:
    """Open a done follow-up again (or only one unit's part). Secretariat only."""
    from tracker.services.followups import reopen

    changed = _change(
        lambda s, actor: reopen(s, actor, follow_up_id, unit=unit, note=note, expected_version=if_version)
    )
    if changed is not None:
        typer.echo(f"follow-up {follow_up_id}: {_outcome(unit, 'reopened')}; the follow-up is {changed.status}")


def _outcome(unit: str | None, verb: str) -> str:
    return f"{unit}'s part {verb}" if unit else verb


def note_command(
    follow_up_id: IdArgument,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The note.")],
) -> None:
    """Add a note to a follow-up (a chief: to their own unit's follow-ups)."""
    from tracker.services.followups import add_note

    if _change(lambda s, actor: add_note(s, actor, follow_up_id, text)) is not None:
        typer.echo(f"follow-up {follow_up_id}: note added")


def undo_command() -> None:
    """Undo your last change (status, review, edit or note)."""
    from tracker.services.followups import undo_last

    settings = common.get_settings()
    actor = common.get_actor(settings)
    with _refusals(), common.session(settings) as session:
        undone = undo_last(session, actor)
        if undone is None:
            typer.echo(f"nothing to undo for {actor.name}")
            return
        what = undone.action if undone.field in (None, undone.action) else f"{undone.action} {undone.field}"
        typer.echo(f"undid {what} on follow-up {undone.follow_up_id} ({undone.at:%Y-%m-%d %H:%M})")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("list")(list_command)
    app.command("show")(show_command)
    app.command("done")(done_command)
    app.command("reopen")(reopen_command)
    app.command("note")(note_command)
    app.command("undo")(undo_command)
