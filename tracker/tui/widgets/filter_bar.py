"""Search text, forum and a deadline range, in one line above the follow-up table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

from tracker.tui.formatting import BadDate, parse_day

DEBOUNCE = 0.3  # seconds of no typing before the list is filtered


@dataclass(frozen=True, slots=True)
class Filters:
    text: str | None = None
    forum: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class FilterBar(Horizontal):
    """Posts ``FilterBar.Changed`` when the filters change (after a short pause in typing, or
    at once on Enter); a date that does not parse marks its box invalid and filters nothing."""

    DEFAULT_CSS = """
    FilterBar { height: 1; }
    FilterBar Input { width: 1fr; }
    FilterBar #forum { width: 14; }
    FilterBar #date-from, FilterBar #date-to { width: 13; }
    """

    class Changed(Message):
        def __init__(self, filters: Filters) -> None:
            super().__init__()
            self.filters = filters

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._timer: Timer | None = None
        self.filters = Filters()

    def compose(self) -> ComposeResult:
        yield Input(placeholder="/ search task, sentence, responsible", id="text", compact=True)
        yield Input(placeholder="forum", id="forum", compact=True)
        yield Input(placeholder="due from", id="date-from", compact=True)
        yield Input(placeholder="due to", id="date-to", compact=True)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self.apply)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.apply()

    def apply(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        dates: list[dt.date | None] = []
        for box in ("#date-from", "#date-to"):
            field = self.query_one(box, Input)
            try:
                dates.append(parse_day(field.value))
                field.remove_class("-invalid")
            except BadDate:
                field.add_class("-invalid")
                return
        filters = Filters(
            self.query_one("#text", Input).value.strip() or None,
            self.query_one("#forum", Input).value.strip() or None,
            dates[0],
            dates[1],
        )
        if filters != self.filters:
            self.filters = filters
            self.post_message(self.Changed(filters))
