"""The report as Markdown (for a wiki page or an issue). Minutes text is escaped so that a
sentence can neither break a table (``|``, newlines) nor smuggle in HTML or links."""

from __future__ import annotations

import re

from tracker.render import labels as lb
from tracker.reports import Category, DepartmentReport, OverdueReport

# Only what is special inside a line: every escaped value sits in a table cell, a heading's
# text or a paragraph that starts with a fixed word, so line-start markers (#, -, +, 1.) are inert.
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def escape(text: str) -> str:
    """Inline Markdown for ``text``: specials backslash-escaped, HTML characters as entities."""
    text = lb.one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def _table(headers: tuple[str, ...] | list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(escape(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]
    return out


def render_markdown(report: OverdueReport) -> str:
    lines = [f"# {escape(lb.title(report))}", "", f"## {lb.SUMMARY}", ""]
    summary = [[name, str(a), str(b), str(c)] for name, a, b, c in lb.summary_rows(report)]
    lines += _table(lb.summary_headers(report), summary)
    lines += ["", escape(lb.oldest_line(report) or lb.NO_OVERDUE)]
    for section in report.departments:
        lines += ["", *_section(section, report)]
    return "\n".join(lines).rstrip() + "\n"


def _section(section: DepartmentReport, report: OverdueReport) -> list[str]:
    out = [f"## {escape(lb.department_name(section))}", ""]
    if section.chief:
        out += [f"{lb.CHIEF}: {escape(section.chief)}", ""]
    for category in Category:
        entries = section.entries(category)
        out += [f"### {escape(lb.category_title(category, report))} ({len(entries)})", ""]
        if not entries:
            out += [lb.NONE, ""]
            continue
        columns = lb.COLUMNS[category]
        rows = [[f"#{e.id}", *(lb.value(e, c) for c in columns)] for e in entries]
        out += [*_table([lb.ID, *(c.value for c in columns)], rows), ""]
    return out
