"""Exports of the follow-up list for the secretariat: CSV and Excel with Danish headers, and an
iCalendar file of the open deadlines (one VTODO each) to import into Outlook.

Rows come from the paged query layer (``tracker.services.queries.list_followups``) a page at
a time and are written as they come: an export of 100 000 follow-ups never holds more than
one page of them (the iCalendar file is the exception: the ``icalendar`` library builds the
whole calendar, but only of open follow-ups with a deadline, as small records).

Formats are written by their libraries (``csv``, ``openpyxl``, ``icalendar``), never by hand.
The CSV dialect (BOM, ``;``, formula guard) is ``tracker.render.csv_table``'s, shared with the
report, so both open the same way in Danish Excel.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, TypeVar

from sqlalchemy import select as sql_select
from sqlmodel import Session, col

from tracker import paging
from tracker import status as st
from tracker.models import AgendaItem, FollowUp, Review, Status
from tracker.render import csv_table
from tracker.render.labels import NOT_REVIEWED, one_line
from tracker.reports import item_label, meeting_label

T = TypeVar("T")

HEADERS = (
    "ID",
    "Opgave",
    "Ansvarlig",
    "Frist",
    "Status",
    "Gennemgået",
    "Møde",
    "Mødedato",
    "Punkt",
    "Sagsnummer",
    "Forum",
    "Kilde",
)
WIDTHS = (8, 70, 30, 12, 16, 12, 28, 12, 40, 20, 20, 30)  # Excel column widths, in characters
DATE_FORMAT = "yyyy-mm-dd"
STANDING_WORDS = {
    st.Standing.OVERDUE: "Forfalden",
    st.Standing.DUE_SOON: "Forfalder snart",
    st.Standing.OPEN: "Åben",
    st.Standing.DONE: "Afsluttet",
}
REVIEW_WORDS = {Review.CONFIRMED: "Ja", Review.TO_REVIEW: "Nej", Review.REJECTED: "Afvist"}
CALENDAR_STATUSES = (st.StatusFilter.OPEN, st.StatusFilter.OVERDUE)
PRODID = "-//Referat Tracker//Opfølgningspunkter//DA"


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    ICS = "ics"


class ExportError(ValueError):
    """An export that cannot be made as asked; the message is for people."""


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One follow-up as the secretariat's spreadsheet shows it (the columns of ``HEADERS``)."""

    id: int
    text: str
    responsible: str
    deadline: dt.date | None
    status: str  # Danish word for how it stands on the export date (the unit's, with a unit filter)
    reviewed: str  # Ja / Nej / Afvist
    meeting: str
    meeting_date: dt.date | None
    item: str
    case_number: str | None
    forum: str | None
    source: str
    open: bool
    to_review: bool

    def values(self) -> tuple[object, ...]:
        return (
            self.id,
            self.text,
            self.responsible,
            self.deadline,
            self.status,
            self.reviewed,
            self.meeting,
            self.meeting_date,
            self.item,
            self.case_number,
            self.forum,
            self.source,
        )


def _case_numbers(session: Session, ids: list[int]) -> dict[int, str]:
    """Sagsnummer per follow-up of one page (the list rows do not carry it): one query."""
    if not ids:
        return {}
    rows = session.execute(
        sql_select(col(FollowUp.id), col(AgendaItem.case_number))
        .join(AgendaItem, col(AgendaItem.id) == col(FollowUp.item_id))
        .where(col(FollowUp.id).in_(ids), col(AgendaItem.case_number).is_not(None))
    )
    return {ident: case for ident, case in rows if case}


def export_rows(
    session: Session,
    *,
    as_of: dt.date,
    status: st.StatusFilter = st.StatusFilter.ALL,
    unit: str | None = None,
    page_size: int = paging.PAGE_SIZE,
) -> Iterator[ExportRow]:
    """The follow-ups a list with these filters shows, soonest deadline first, page by page.
    Rejected ones are left out (as in every list); ``unit`` makes the status that unit's."""
    for page in paging.pages(session, as_of=as_of, status=status, unit=unit, page_size=page_size):
        cases = _case_numbers(session, [r.id for r in page])
        for row in page:
            yield ExportRow(
                id=row.id,
                text=one_line(row.text),
                responsible=", ".join(row.responsible),
                deadline=row.deadline,
                status=STANDING_WORDS[row.standing],
                reviewed=REVIEW_WORDS[row.review],
                meeting=meeting_label(row.forum, row.meeting_date, row.meeting_source),
                meeting_date=row.meeting_date,
                item=item_label(row.item_number, row.item_title),
                case_number=cases.get(row.id),
                forum=row.forum,
                source=row.meeting_source,
                open=row.status == Status.OPEN,
                to_review=row.review == Review.TO_REVIEW,
            )


# --- writers ---------------------------------------------------------------------------------


def write_csv(rows: Iterable[ExportRow], stream: IO[str]) -> int:
    """CSV for Danish Excel (UTF-8 with BOM, ``;``); returns the number of rows."""
    return csv_table.write_csv(stream, HEADERS, (row.values() for row in rows))


def write_xlsx(rows: Iterable[ExportRow], stream: IO[bytes]) -> int:
    """An Excel workbook: real dates with a date format, frozen header, auto-filter, widths.

    Written in openpyxl's write-only mode, so rows stream to disk. Text is stored as text even
    when it starts with "=" (openpyxl would otherwise store a formula from the minutes).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Opfølgningspunkter")
    sheet.freeze_panes = "A2"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        cells = []
        for value in row.values():
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            elif isinstance(value, str):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{count + 1}"
    workbook.save(stream)
    return count


def todo_uid(follow_up_id: int) -> str:
    """Stable per follow-up, so importing a newer export updates the task instead of adding one."""
    return f"followup-{follow_up_id}@referat-tracker"


def _description(row: ExportRow) -> str:
    lines = [
        f"Ansvarlig: {row.responsible or '-'}",
        f"Møde: {row.meeting}",
        f"Punkt: {row.item}" if row.item else "",
        f"Sagsnummer: {row.case_number}" if row.case_number else "",
        f"Status: {row.status}",
        NOT_REVIEWED if row.to_review else "",
        f"Opgave: {row.text}",
    ]
    return "\n".join(line for line in lines if line)


def write_ics(rows: Iterable[ExportRow], stream: IO[bytes], *, stamp: dt.datetime | None = None) -> int:
    """An iCalendar file with one VTODO (DUE as a date, NEEDS-ACTION) per open follow-up with a
    deadline; others are skipped. ``stamp`` is DTSTAMP (now by default)."""
    from icalendar import Calendar, Todo

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Opfølgningspunkter")
    stamp = stamp or dt.datetime.now(dt.UTC)
    count = 0
    for row in rows:
        if not row.open or row.deadline is None:
            continue
        todo = Todo()
        todo.add("uid", todo_uid(row.id))
        todo.add("dtstamp", stamp)
        todo.add("summary", row.text)
        todo.add("description", _description(row))
        todo.add("due", row.deadline)
        todo.add("status", "NEEDS-ACTION")
        calendar.add_component(todo)
        count += 1
    stream.write(calendar.to_ical())
    return count


def export(
    session: Session,
    fmt: ExportFormat,
    stream: IO[bytes],
    *,
    as_of: dt.date,
    status: st.StatusFilter | None = None,
    unit: str | None = None,
) -> int:
    """Write the export to a binary stream; returns the number of follow-ups written.

    The default status is everything (not rejected) for CSV and Excel and open for the
    calendar; the calendar takes only open or overdue (``ExportError`` otherwise).
    """
    if fmt is ExportFormat.ICS:
        chosen = status or st.StatusFilter.OPEN
        if chosen not in CALENDAR_STATUSES:
            raise ExportError(f"the calendar holds open follow-ups only: use --status open or overdue, not {chosen}")
        return write_ics(export_rows(session, as_of=as_of, status=chosen, unit=unit), stream)
    rows = export_rows(session, as_of=as_of, status=status or st.StatusFilter.ALL, unit=unit)
    if fmt is ExportFormat.XLSX:
        return write_xlsx(rows, stream)
    import io

    text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    try:
        return write_csv(rows, text)
    finally:
        text.flush()
        text.detach()


def write_atomically(path: Path, write: Callable[[IO[bytes]], T]) -> T:
    """Run ``write`` on a temporary file next to ``path`` and move it into place only when it
    succeeded: a failed export never leaves half a file (or destroys the previous one). The file
    is private (0600) like the database: exports hold the minutes' text."""
    path = path.expanduser()
    directory = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=directory)
    try:
        with os.fdopen(fd, "wb") as stream:
            result = write(stream)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return result
