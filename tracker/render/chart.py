"""The overdue-per-department bar chart as inline SVG: no script, no external resource, every
label escaped, so it is safe inside an e-mail (mail readers that do not draw SVG still have the
summary table with the same numbers right above it)."""

from __future__ import annotations

from html import escape

from tracker.render import labels as lb
from tracker.reports import Category, OverdueReport

WIDTH = 640
LABEL_WIDTH = 200
BAR_HEIGHT = 18
ROW_HEIGHT = 26
TOP = 30
LABEL_CHARS = 30
BAR_COLOUR = "#b42318"
ZERO_COLOUR = "#d0d5dd"


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"


def overdue_chart(report: OverdueReport) -> str:
    """One bar per department, length proportional to its overdue count."""
    rows = [(lb.department_name(d), len(d.overdue)) for d in report.departments]
    most = max((count for _, count in rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 50
    height = TOP + ROW_HEIGHT * len(rows) + 10
    caption = f"{lb.category_title(Category.OVERDUE, report)} pr. {lb.day(report.as_of)}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(caption)}" '
        'style="font-family:Arial,Helvetica,sans-serif;font-size:12px;">',
        f"<title>{escape(caption)}</title>",
        f'<text x="0" y="16" font-size="14" font-weight="bold" fill="#1d2939">{escape(caption)}</text>',
    ]
    for index, (name, count) in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        length = max(round(span * count / most), 2)
        colour = BAR_COLOUR if count else ZERO_COLOUR
        parts += [
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 13}" text-anchor="end" fill="#344054">{escape(_short(name))}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" fill="{colour}"/>',
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 13}" fill="#1d2939">{count}</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts)
