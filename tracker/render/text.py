"""The report as plain text: the terminal's output and the text part of the e-mail.

Entries are blocks, not table rows: a task is a sentence from the minutes and would make any
table too wide for a mail reader.
"""

from __future__ import annotations

from tracker.render import labels as lb
from tracker.reports import Category, DepartmentReport, OverdueReport, ReportEntry

ID_WIDTH = 8  # "#12345" and a space before the first field of an entry


def render_text(report: OverdueReport) -> str:
    lines = [lb.title(report), "=" * len(lb.title(report)), ""]
    lines += _summary(report)
    blocks: dict[tuple[Category, ReportEntry], list[str]] = {}  # a shared follow-up is drawn once
    for section in report.departments:
        lines += ["", *_section(section, report, blocks)]
    return "\n".join(lines).rstrip() + "\n"


def _summary(report: OverdueReport) -> list[str]:
    headers = lb.summary_headers(report)
    rows = [(name, str(a), str(b), str(c)) for name, a, b, c in lb.summary_rows(report)]
    widths = [max(len(row[i]) for row in (headers, *rows)) for i in range(len(headers))]

    def line(cells: tuple[str, ...]) -> str:
        first, *numbers = cells
        return "  ".join([first.ljust(widths[0]), *(n.rjust(w) for n, w in zip(numbers, widths[1:], strict=True))])

    out = [lb.SUMMARY, line(headers), *(line(row) for row in rows), ""]
    out.append(lb.oldest_line(report) or lb.NO_OVERDUE)
    return out


def _section(
    section: DepartmentReport, report: OverdueReport, blocks: dict[tuple[Category, ReportEntry], list[str]]
) -> list[str]:
    name = lb.department_name(section)
    heading = f"{name} ({lb.CHIEF}: {section.chief})" if section.chief else name
    out = [heading, "-" * len(heading)]
    for category in Category:
        entries = section.entries(category)
        out.append(f"{lb.category_title(category, report)} ({len(entries)})")
        if not entries:
            out.append(" " * ID_WIDTH + lb.NONE)
        for entry in entries:
            block = blocks.get((category, entry))
            if block is None:
                block = blocks[category, entry] = _entry(entry, category)
            out += block
        out.append("")
    return out


def _entry(entry: ReportEntry, category: Category) -> list[str]:
    """An entry's lines: its id, then one line per column that has a value."""
    out = []
    first = f"#{entry.id}"
    for column in lb.COLUMNS[category]:
        shown = lb.value(entry, column)
        if shown:
            out.append(f"{first:<{ID_WIDTH - 1}} {column.value}: {shown}")
            first = ""
    return out
