"""CSV the way Danish Excel opens it by double-click, for the report and for ``tracker export``.

- UTF-8 with a byte order mark: without it Excel guesses the legacy code page and "Økonomi"
  arrives as "Ã˜konomi".
- ``;`` between fields: Danish Excel uses the comma as decimal separator, so a comma-separated
  file lands in one column.
- Dates as ISO (2019-04-01), which Danish Excel reads as dates.
- Text that Excel would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
  carriage return) gets a leading ``'``: minutes are untrusted input (CSV injection).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import IO

from tracker.render import labels as lb
from tracker.reports import Category, OverdueReport

BOM = "\ufeff"
DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CATEGORY_WORDS = {Category.OVERDUE: "forfalden", Category.DUE_SOON: "forfalder snart", Category.COMPLETED: "afsluttet"}
YES, NO = "Ja", "Nej"


def cell(value: object) -> str:
    """A value as a safe CSV field."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_csv(stream: IO[str], headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write the BOM, the header and the rows (streamed); returns the number of rows."""
    stream.write(BOM)
    writer = csv.writer(stream, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(headers)
    count = 0
    for row in rows:
        writer.writerow([cell(v) for v in row])
        count += 1
    return count


REPORT_HEADERS = (
    lb.DEPARTMENT,
    lb.CATEGORY,
    lb.ID,
    lb.Column.DAYS_OVERDUE.value,
    lb.Column.DEADLINE.value,
    lb.Column.TASK.value,
    "Gennemgået",
    lb.Column.RESPONSIBLE.value,
    lb.Column.MEETING.value,
    lb.Column.ITEM.value,
    lb.Column.LAST_NOTE.value,
    lb.Column.COMPLETED_AT.value,
)


def report_rows(report: OverdueReport) -> Iterable[list[object]]:
    """One row per department and entry (a fanned-out follow-up once per department)."""
    for section in report.departments:
        for category in Category:
            for entry in section.entries(category):
                yield [
                    lb.department_name(section),
                    CATEGORY_WORDS[category],
                    entry.id,
                    entry.days_overdue,
                    entry.deadline,
                    lb.one_line(entry.text),
                    NO if entry.to_review else YES,
                    ", ".join(entry.responsible),
                    lb.value(entry, lb.Column.MEETING),
                    lb.value(entry, lb.Column.ITEM),
                    lb.value(entry, lb.Column.LAST_NOTE),
                    lb.value(entry, lb.Column.COMPLETED_AT),
                ]


def render_csv(report: OverdueReport) -> str:
    buffer = io.StringIO()
    write_csv(buffer, REPORT_HEADERS, report_rows(report))
    return buffer.getvalue()
