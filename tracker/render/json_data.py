"""The report as JSON, for scripts: every field of the report, dates as ISO strings, with the
summary (counts per department and the oldest overdue) computed once here."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from tracker.reports import Category, OverdueReport, ReportEntry


def _entry(entry: ReportEntry) -> dict[str, Any]:
    data = dataclasses.asdict(entry)
    data["responsible"] = list(entry.responsible)
    data["meeting"] = entry.meeting
    data["item"] = entry.item
    return data


def report_to_dict(report: OverdueReport) -> dict[str, Any]:
    oldest = report.oldest_overdue
    return {
        "as_of": report.as_of,
        "due_soon_days": report.due_soon_days,
        "completed_days": report.completed_days,
        "summary": {
            "totals": {c.value: report.count(c) for c in Category},
            "departments": [
                {"unit": d.unit, **{c.value: len(d.entries(c)) for c in Category}} for d in report.departments
            ],
            "oldest_overdue": (
                {"id": oldest.entry.id, "days_overdue": oldest.entry.days_overdue, "units": list(oldest.units)}
                if oldest is not None
                else None
            ),
        },
        "departments": [
            {
                "unit": d.unit,
                "kind": d.kind,
                "chief": d.chief,
                "email": d.email,
                **{c.value: [_entry(e) for e in d.entries(c)] for c in Category},
            }
            for d in report.departments
        ],
    }


def _default(value: object) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def render_json(report: OverdueReport) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2, default=_default) + "\n"
