"""Turning rows into what a person reads, and what a person types into values.

Pure functions over the query service's rows (Rich text, no Textual), so each is tested on
its own and every screen renders a thing the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from rich.text import Text

from tracker.status import Standing

if TYPE_CHECKING:
    from tracker.services.queries import EventRow, FollowUpDetail, FollowUpRow

STANDING_WORDS = {
    Standing.DONE: "done",
    Standing.OVERDUE: "overdue",
    Standing.DUE_SOON: "due soon",
    Standing.OPEN: "open",
}
STANDING_STYLES = {
    Standing.DONE: "green",
    Standing.OVERDUE: "bold red",
    Standing.DUE_SOON: "yellow",
    Standing.OPEN: "",
}
HIGHLIGHT = "bold reverse"
_DAY_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")


class BadDate(ValueError):
    pass


def parse_day(text: str) -> dt.date | None:
    """A date as typed: ISO (2019-04-15) or Danish order (15-04-2019, 15.04.2019); blank is None."""
    cleaned = text.strip()
    if not cleaned:
        return None
    for pattern in _DAY_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    raise BadDate(f"not a date: {cleaned!r} (use YYYY-MM-DD)")


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def split_names(text: str) -> tuple[str, ...]:
    """Responsible names as typed, separated by ";" or ","; order kept, blanks dropped."""
    return tuple(dict.fromkeys(name.strip() for name in re.split(r"[;,]", text) if name.strip()))


def late(row: FollowUpRow) -> Text:
    """The "Late" cell: days overdue in red, a tick for done, blank otherwise."""
    if row.days_overdue is not None:
        return Text(f"{row.days_overdue}d", style=STANDING_STYLES[Standing.OVERDUE], justify="right")
    if row.standing is Standing.DONE:
        return Text("✓", style=STANDING_STYLES[Standing.DONE], justify="right")
    if row.standing is Standing.DUE_SOON:
        return Text("soon", style=STANDING_STYLES[Standing.DUE_SOON], justify="right")
    return Text("")


def deadline_cell(row: FollowUpRow) -> Text:
    return Text(day(row.deadline), style=STANDING_STYLES[row.standing])


def meeting_label(row: FollowUpRow) -> str:
    name = row.forum or row.meeting_source
    return f"{name} {row.meeting_date.isoformat()}" if row.meeting_date else name


def item_label(row: FollowUpRow) -> str:
    return f"{row.item_number}. {row.item_title}" if row.item_title else str(row.item_number or "—")


def responsible_label(row: FollowUpRow) -> str:
    return ", ".join(row.responsible) or "—"


def task_cell(row: FollowUpRow) -> Text:
    """The task, flagged when it still waits for review (the secretariat has not accepted it)."""
    text = Text()
    if row.review == "to_review":
        text.append("? ", style="bold yellow")
    text.append(row.text)
    return text


def standing_label(row: FollowUpRow) -> Text:
    words = STANDING_WORDS[row.standing]
    if row.days_overdue is not None:
        words = f"overdue by {row.days_overdue} days"
    return Text(words, style=STANDING_STYLES[row.standing])


def _find(haystack: str, needle: str) -> tuple[int, int] | None:
    """Where ``needle`` is in ``haystack``, tolerant of different white space."""
    if not needle:
        return None
    start = haystack.find(needle)
    if start >= 0:
        return start, start + len(needle)
    words = needle.split()
    if not words:
        return None
    match = re.search(r"\s+".join(re.escape(w) for w in words), haystack)
    return (match.start(), match.end()) if match else None


def evidence(detail: FollowUpDetail) -> tuple[str, Text]:
    """The sentence in the context of its decision, highlighted; falls back to the text around
    it (a proposal point the decision adopted), else the sentence alone. Returns a heading and
    the text."""
    sentence = detail.source_text or detail.row.text
    for heading, context in (("Decision", detail.decision_text), ("In the minutes", detail.context)):
        if not context:
            continue
        found = _find(context, sentence)
        if found is not None:
            before, after = context[: found[0]], context[found[1] :]
            if context is detail.context:  # a window cut at any character: whole lines only
                before = before.partition("\n")[2] if "\n" in before else before
                after = after.rpartition("\n")[0] if "\n" in after else after
            text = Text(_tidy(before).lstrip())
            text.append(context[found[0] : found[1]], style=HIGHLIGHT)
            text.append(_tidy(after).rstrip())
            return heading, text
    return "Sentence", Text(sentence, style=HIGHLIGHT)


def _tidy(text: str) -> str:
    """Blank lines between headings cost rows a small terminal does not have: one newline."""
    return re.sub(r"\n\s*\n", "\n", text)


def local_time(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def event_line(event: EventRow) -> Text:
    """One line of history: when, who, what (from → to), the note; undone ones struck out."""
    line = Text()
    line.append(local_time(event.at), style="dim")
    line.append(f"  {event.actor}  ", style="bold")
    what = event.action if not event.field or event.field == event.action else f"{event.action} {event.field}"
    if event.unit:
        what += f" [{event.unit}]"
    line.append(what)
    if event.old is not None or event.new is not None:
        line.append(f": {_short(event.old)} → {_short(event.new)}")
    if event.note:
        line.append(f" — {event.note}", style="italic")
    if event.undone:
        line.stylize("strike dim")
        line.append(" (undone)", style="dim")
    return line


def _short(value: str | None, limit: int = 60) -> str:
    if value is None:
        return "—"
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
