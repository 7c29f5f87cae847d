"""The report as one self-contained HTML page, safe to send as e-mail.

Safe means: CSS inline on each element (mail readers drop ``<style>`` blocks and never fetch
stylesheets), no script, no image or font from elsewhere, the chart as inline SVG, and every
piece of text that comes from minutes or the organisation file passed through ``html.escape``
(the one function ``_e`` below) before it reaches the page. Minutes are written by many hands
and pasted from anywhere; a ``<script>`` in a sentence must arrive as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from tracker.render import labels as lb
from tracker.render.chart import overdue_chart
from tracker.reports import Category, DepartmentReport, OverdueReport

FONT = "font-family:Segoe UI,Arial,Helvetica,sans-serif;"
STYLE = {
    "body": f"margin:0;padding:16px;{FONT}font-size:14px;color:#1d2939;background:#ffffff;",
    "h1": f"{FONT}font-size:22px;margin:0 0 12px 0;",
    "h2": f"{FONT}font-size:18px;margin:24px 0 6px 0;padding-top:8px;border-top:2px solid #d0d5dd;",
    "h3": f"{FONT}font-size:15px;margin:14px 0 6px 0;",
    "table": "border-collapse:collapse;margin:4px 0 8px 0;",
    "th": "text-align:left;vertical-align:bottom;padding:4px 8px;border-bottom:2px solid #98a2b3;"
    "background:#f2f4f7;font-weight:bold;",
    "td": "text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #eaecf0;",
    "num": "text-align:right;vertical-align:top;padding:4px 8px;border-bottom:1px solid #eaecf0;",
    "overdue": "text-align:right;vertical-align:top;padding:4px 8px;border-bottom:1px solid #eaecf0;"
    "color:#b42318;font-weight:bold;",
    "date": "text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #eaecf0;white-space:nowrap;",
    "p": "margin:6px 0;",
    "muted": "margin:6px 0;color:#667085;",
    "review": "color:#b54708;font-style:italic;",
}
CELL_STYLE = {lb.Column.DAYS_OVERDUE: "overdue", lb.Column.DEADLINE: "date", lb.Column.COMPLETED_AT: "date"}


def _e(text: object) -> str:
    """The only way text reaches the page."""
    return escape(str(text), quote=True)


def render_html(report: OverdueReport) -> str:
    title = _e(lb.title(report))
    body = [f'<h1 style="{STYLE["h1"]}">{title}</h1>', *_summary(report)]
    for section in report.departments:
        body += _section(section, report)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="da">',
            '<head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title}</title></head>",
            f'<body style="{STYLE["body"]}">',
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


def _summary(report: OverdueReport) -> list[str]:
    out = [f'<h2 style="{STYLE["h2"]}">{_e(lb.SUMMARY)}</h2>', f'<table style="{STYLE["table"]}">']
    out.append(_header_row(lb.summary_headers(report)))
    for name, overdue, due_soon, completed in lb.summary_rows(report):
        first = f"<strong>{_e(name)}</strong>" if name == lb.TOTAL else _e(name)
        cells = [f'<td style="{STYLE["td"]}">{first}</td>']
        cells.append(f'<td style="{STYLE["overdue" if overdue else "num"]}">{overdue}</td>')
        cells += [f'<td style="{STYLE["num"]}">{n}</td>' for n in (due_soon, completed)]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    out.append(f'<p style="{STYLE["p"]}">{_e(lb.oldest_line(report) or lb.NO_OVERDUE)}</p>')
    if report.departments:
        out.append(f'<div style="margin:12px 0;">{overdue_chart(report)}</div>')
    return out


def _header_row(headers: Sequence[str]) -> str:
    return "<tr>" + "".join(f'<th style="{STYLE["th"]}">{_e(h)}</th>' for h in headers) + "</tr>"


def _task(text: str, to_review: bool) -> str:
    cell = _e(lb.one_line(text))
    if to_review:
        cell += f' <span style="{STYLE["review"]}">{_e(lb.NOT_REVIEWED)}</span>'
    return cell


def _section(section: DepartmentReport, report: OverdueReport) -> list[str]:
    out = [f'<h2 style="{STYLE["h2"]}">{_e(lb.department_name(section))}</h2>']
    if section.chief:
        out.append(f'<p style="{STYLE["muted"]}">{_e(lb.CHIEF)}: {_e(section.chief)}</p>')
    for category in Category:
        entries = section.entries(category)
        out.append(f'<h3 style="{STYLE["h3"]}">{_e(lb.category_title(category, report))} ({len(entries)})</h3>')
        if not entries:
            out.append(f'<p style="{STYLE["muted"]}">{_e(lb.NONE)}</p>')
            continue
        columns = lb.COLUMNS[category]
        out.append(f'<table style="{STYLE["table"]}">')
        out.append(_header_row([lb.ID, *(c.value for c in columns)]))
        for entry in entries:
            cells = [f'<td style="{STYLE["date"]}">#{entry.id}</td>']
            for column in columns:
                shown = _task(entry.text, entry.to_review) if column is lb.Column.TASK else _e(lb.value(entry, column))
                style = STYLE[CELL_STYLE.get(column, "td")]
                cells.append(f'<td style="{style}">{shown}</td>')
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</table>")
    return out
