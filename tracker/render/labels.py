"""The report's words and cell values, shared by every format so they read the same in the
terminal, the e-mail and the spreadsheet. Danish, because chiefs and the secretariat read them.

Values are plain text here; each renderer escapes them for its own format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum

from tracker.reports import Category, DepartmentReport, OverdueReport, ReportEntry

DEPARTMENT = "Afdeling"
SUMMARY = "Oversigt"
TOTAL = "I alt"
CHIEF = "Chef"
OLDEST = "Ældste forfaldne"
NO_OVERDUE = "Ingen forfaldne opfølgningspunkter."
NONE = "Ingen."
NOT_REVIEWED = "(ikke gennemgået)"
UNASSIGNED = "Uden ansvarlig"
ID = "ID"
CATEGORY = "Kategori"


class Column(StrEnum):
    """The columns of an entry, by their Danish header."""

    COMPLETED_AT = "Afsluttet"
    DAYS_OVERDUE = "Dage over frist"
    DEADLINE = "Frist"
    TASK = "Opgave"
    RESPONSIBLE = "Ansvarlig"
    MEETING = "Møde"
    ITEM = "Punkt"
    LAST_NOTE = "Seneste note"


_DETAILS = (Column.DEADLINE, Column.TASK, Column.RESPONSIBLE, Column.MEETING, Column.ITEM, Column.LAST_NOTE)
COLUMNS: dict[Category, tuple[Column, ...]] = {
    Category.OVERDUE: (Column.DAYS_OVERDUE, *_DETAILS),
    Category.DUE_SOON: _DETAILS,
    Category.COMPLETED: (Column.COMPLETED_AT, *_DETAILS),
}


def title(report: OverdueReport) -> str:
    return f"Opfølgningspunkter: forfaldne pr. {day(report.as_of)}"


def category_title(category: Category, report: OverdueReport) -> str:
    if category is Category.OVERDUE:
        return "Forfaldne"
    if category is Category.DUE_SOON:
        return f"Forfalder inden for {report.due_soon_days} dage"
    return f"Afsluttet de seneste {report.completed_days} dage"


def department_name(section: DepartmentReport) -> str:
    return section.unit if section.unit is not None else UNASSIGNED


def day(value: dt.date | None) -> str:
    """Dates as ISO (2019-04-01): unambiguous, sorts, and Danish Excel reads it as a date."""
    return value.isoformat() if value is not None else ""


def days(count: int) -> str:
    return f"{count} dag" if count == 1 else f"{count} dage"


def one_line(text: str | None) -> str:
    """Minutes text on one line: layouts (tables, e-mail) must not be broken by a newline."""
    return " ".join((text or "").split())


def task(entry: ReportEntry) -> str:
    text = one_line(entry.text)
    return f"{text} {NOT_REVIEWED}" if entry.to_review else text


def value(entry: ReportEntry, column: Column) -> str:
    """One cell as text."""
    return _VALUES[column](entry)


def _completed_at(entry: ReportEntry) -> str:
    return day(entry.completed_at.astimezone().date()) if entry.completed_at else ""


def _days_overdue(entry: ReportEntry) -> str:
    return str(entry.days_overdue) if entry.days_overdue is not None else ""


# A table, not a chain of ifs: the text report looks up ~50,000 cells at 100,000 follow-ups.
_VALUES: dict[Column, Callable[[ReportEntry], str]] = {
    Column.COMPLETED_AT: _completed_at,
    Column.DAYS_OVERDUE: _days_overdue,
    Column.DEADLINE: lambda entry: day(entry.deadline),
    Column.TASK: task,
    Column.RESPONSIBLE: lambda entry: ", ".join(entry.responsible),
    Column.MEETING: lambda entry: one_line(entry.meeting),
    Column.ITEM: lambda entry: one_line(entry.item),
    Column.LAST_NOTE: lambda entry: one_line(entry.last_note),
}


def oldest_line(report: OverdueReport) -> str | None:
    """Like "Ældste forfaldne: #12 … (14 dage over frist, frist 2019-04-01; Sundhed)"; None if none."""
    oldest = report.oldest_overdue
    if oldest is None:
        return None
    entry = oldest.entry
    names = [u if u is not None else UNASSIGNED for u in oldest.units]
    where = ", ".join(names) if len(names) <= 3 else f"{len(names)} afdelinger"
    overdue = days(entry.days_overdue or 0)
    return f"{OLDEST}: #{entry.id} {task(entry)} ({overdue} over frist, frist {day(entry.deadline)}; {where})"


def summary_rows(report: OverdueReport) -> list[tuple[str, int, int, int]]:
    """(department, overdue, due soon, completed) per department, then the totals."""
    rows = [(department_name(d), len(d.overdue), len(d.due_soon), len(d.completed)) for d in report.departments]
    total = (report.count(Category.OVERDUE), report.count(Category.DUE_SOON), report.count(Category.COMPLETED))
    rows.append((TOTAL, *total))
    return rows


def summary_headers(report: OverdueReport) -> tuple[str, ...]:
    return (DEPARTMENT, *(category_title(c, report) for c in Category))
