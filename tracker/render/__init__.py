"""Renderers of the overdue report (``tracker.reports.OverdueReport``): one module per format,
each a pure function from the report to text. ``render`` picks one; the modules are imported
lazily so the CLI's start-up does not pay for formats it does not use.

All user-facing words are Danish and live in ``tracker.render.labels``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.reports import OverdueReport


class ReportFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    CSV = "csv"
    JSON = "json"


def render(report: OverdueReport, fmt: ReportFormat) -> str:
    """The report in ``fmt``. CSV starts with a UTF-8 byte order mark (see ``csv_table``)."""
    if fmt is ReportFormat.TEXT:
        from tracker.render.text import render_text

        return render_text(report)
    if fmt is ReportFormat.MARKDOWN:
        from tracker.render.markdown import render_markdown

        return render_markdown(report)
    if fmt is ReportFormat.HTML:
        from tracker.render.html_page import render_html

        return render_html(report)
    if fmt is ReportFormat.CSV:
        from tracker.render.csv_table import render_csv

        return render_csv(report)
    from tracker.render.json_data import render_json

    return render_json(report)
