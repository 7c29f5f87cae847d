"""The review queue: what the extractor found and nobody has judged yet, one key per decision.

The list is the to-review follow-ups, soonest deadline first; below it, the one under the
cursor in its decision, with the rule that found it and how sure it was. Confirm (c), correct
and confirm (e) or reject (x): the row leaves the queue and the cursor lands on the next one.
The decisions can be written out as JSONL training data (w).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Static

from tracker.services.queries import FollowUpRow
from tracker.tui import formatting as fmt
from tracker.tui import workers
from tracker.tui.messages import DetailLoaded, MoreRowsWanted, PageLoaded
from tracker.tui.screens.base import DataScreen
from tracker.tui.screens.modals import PromptScreen
from tracker.tui.widgets.followup_table import FollowUpTable

DEFAULT_EXPORT = "review-decisions.jsonl"
PREVIEW_DELAY = 0.15  # seconds the cursor rests on a row before its context is read


class ReviewScreen(DataScreen):
    AUTO_FOCUS = "#queue"  # keys go to the list from the start, not to the first focusable widget
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("c", "confirm", "Confirm"),
        Binding("x", "reject", "Reject"),
        Binding("e", "edit", "Correct+confirm"),
        Binding("enter", "open", "Open", show=False),
        Binding("w", "export", "Export JSONL"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.total = 0
        self._preview_timer: Timer | None = None
        self._previewed: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="summary")
        yield FollowUpTable(id="queue")
        yield Static("The review queue is empty: nothing waits for a decision.", id="empty", classes="empty")
        with VerticalScroll(id="preview"):
            yield Static("", id="why")
            yield Static("", id="context")
        yield Footer(compact=True)

    @property
    def table(self) -> FollowUpTable:
        return self.query_one(FollowUpTable)

    def reload(self) -> None:
        backend, as_of = self.tracker.backend, self.tracker.as_of
        limit = max(backend.page_size, self.table.row_count)
        self.workers.cancel_group(self, "load-more")
        workers.load(
            self, "queue", lambda: backend.review_queue(as_of, limit=limit), lambda p: PageLoaded(p, append=False)
        )

    def on_page_loaded(self, message: PageLoaded) -> None:
        page = message.page
        self.table.show(page.rows, page.next, append=message.append)
        if page.total is not None:
            self.total = page.total
        shown = self.table.row_count
        more = f", {shown} loaded" if shown < self.total else ""
        self.query_one("#summary", Static).update(f"To review · {self.total} follow-ups{more}")
        self.set_class(self.total == 0, "-empty")  # the table keeps focus
        self._previewed = None
        self._schedule_preview()

    def on_more_rows_wanted(self, _message: MoreRowsWanted) -> None:
        backend, as_of, after = self.tracker.backend, self.tracker.as_of, self.table.next
        workers.load(self, "more", lambda: backend.review_queue(as_of, after), lambda p: PageLoaded(p, append=True))

    # --- the preview of the row under the cursor ----------------------------------------------------

    @on(DataTable.RowHighlighted, "#queue")
    def _moved(self) -> None:
        self._schedule_preview()

    def _schedule_preview(self) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(PREVIEW_DELAY, self._preview)

    def _preview(self) -> None:
        row = self.table.current
        if row is None or row.id == self._previewed:
            return
        self._previewed = row.id
        backend, as_of = self.tracker.backend, self.tracker.as_of
        workers.load(self, "preview", lambda: backend.detail(row.id, as_of), DetailLoaded)

    def on_detail_loaded(self, message: DetailLoaded) -> None:
        detail = message.detail
        if self.table.current is None or self.table.current.id != detail.row.id:
            return
        row = detail.row
        why = Text()
        why.append(f"#{row.id}  ", style="bold")
        why.append(f"{detail.reason or 'extractor'}", style="italic")
        why.append(f"  confidence {row.confidence:.2f}", style=_confidence_style(row.confidence))
        why.append(f"\n{fmt.meeting_label(row)} · item {fmt.item_label(row)}")
        if detail.case_number:
            why.append(f" · {detail.case_number}")
        why.append(f"\nResponsible: {fmt.responsible_label(row)} · deadline {fmt.day(row.deadline)}")
        if detail.deadline_text:
            why.append(f' (from "{detail.deadline_text}")')
        heading, evidence = fmt.evidence(detail)
        self.query_one("#why", Static).update(why)
        self.query_one("#context", Static).update(Text(f"{heading}:\n", style="bold") + evidence)

    # --- decisions ---------------------------------------------------------------------------------

    def _row(self) -> FollowUpRow | None:
        row = self.table.current
        if row is None:
            self.nothing_selected()
        return row

    def action_confirm(self) -> None:
        if row := self._row():
            backend = self.tracker.backend
            self.tracker.perform(lambda: backend.confirm(row.id, row.version))

    def action_reject(self) -> None:
        if row := self._row():
            backend = self.tracker.backend
            self.tracker.perform(lambda: backend.reject(row.id, row.version))

    def action_edit(self) -> None:
        if row := self._row():
            self.edit_row(row, confirm=True)

    @on(DataTable.RowSelected, "#queue")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        from tracker.tui.screens.detail import DetailScreen

        if row := self._row():
            self.app.push_screen(DetailScreen(row.id))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_export(self) -> None:
        backend = self.tracker.backend

        def chosen(name: str | None) -> None:
            if not name:
                return
            path = Path(name).expanduser()

            def export() -> str:
                count = backend.export_review(path)
                return f"{count} review decisions written to {path}"

            self.tracker.perform(export)

        self.app.push_screen(
            PromptScreen("Export review decisions", "JSONL file (ANNOTATION format)", DEFAULT_EXPORT), chosen
        )


def _confidence_style(confidence: float) -> str:
    return "green" if confidence >= 0.75 else "yellow" if confidence >= 0.5 else "red"
