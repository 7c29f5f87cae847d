"""One follow-up in full: the sentence highlighted in its decision, where it was decided,
the deadline and the words it was read from, each department's part, notes and history.

"Done" and "reopen" act on the department under the cursor in the departments table;
the capital letters act on every department at once.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Label, Static

from tracker.services.queries import FollowUpDetail, FollowUpRow
from tracker.tui import formatting as fmt
from tracker.tui import workers
from tracker.tui.messages import DetailLoaded
from tracker.tui.screens.base import DataScreen


class DetailScreen(DataScreen):
    AUTO_FOCUS = "#assignments"  # keys go to the list from the start, not to the first focusable widget
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("d", "done", "Done", tooltip="Mark the highlighted department's part done"),
        Binding("D", "done_all", "Done all", tooltip="Mark every department's part done"),
        Binding("o", "reopen", "Reopen", tooltip="Reopen the highlighted department's part"),
        Binding("O", "reopen_all", "Reopen all", tooltip="Reopen every department's part"),
        Binding("n", "note", "Note"),
        Binding("e", "edit", "Edit"),
    ]

    def __init__(self, follow_up_id: int) -> None:
        super().__init__()
        self.follow_up_id = follow_up_id
        self.detail: FollowUpDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail"):
            yield Static("Loading…", id="headline")
            yield Static("", id="facts")
            yield Label("Departments", classes="heading")
            yield DataTable(id="assignments", cursor_type="row")
            yield Label("", id="evidence-heading", classes="heading")
            yield Static("", id="evidence")
            yield Label("Notes and history", classes="heading")
            yield Static("", id="history")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#assignments", DataTable)
        table.add_column("Department", key="unit", width=24)
        table.add_column("Status", key="status", width=10)
        table.add_column("Done at", key="done_at", width=16)

    def reload(self) -> None:
        backend, as_of, ident = self.tracker.backend, self.tracker.as_of, self.follow_up_id
        workers.load(self, "detail", lambda: backend.detail(ident, as_of), DetailLoaded)

    def on_detail_loaded(self, message: DetailLoaded) -> None:
        self.detail = detail = message.detail
        row = detail.row
        headline = Text(f"#{row.id}  ", style="bold")
        headline.append_text(fmt.standing_label(row))
        if row.review != "confirmed":
            style = "yellow" if row.review == "to_review" else "red"
            headline.append(f"  · {row.review.replace('_', ' ')}", style=style)
        if row.stale:
            headline.append("  · gone from the revised referat", style="red")
        headline.append(f"\n{row.text}")
        self.query_one("#headline", Static).update(headline)
        self.query_one("#facts", Static).update(_facts(detail))
        heading, evidence = fmt.evidence(detail)
        self.query_one("#evidence-heading", Label).update(heading)
        self.query_one("#evidence", Static).update(evidence)
        self._show_assignments(row)
        history = Text("\n").join(fmt.event_line(e) for e in reversed(detail.events)) or Text("—")
        self.query_one("#history", Static).update(history)

    def _show_assignments(self, row: FollowUpRow) -> None:
        table = self.query_one("#assignments", DataTable)
        position = table.cursor_row
        table.clear()
        for part in row.assignments:
            style = fmt.STANDING_STYLES[row.standing] if part.status == "open" else "green"
            table.add_row(
                Text(part.unit),
                Text(str(part.status), style=style),
                Text(fmt.local_time(part.done_at) if part.done_at else ""),
                key=part.unit,
            )
        if table.row_count:
            table.move_cursor(row=min(position, table.row_count - 1))

    # --- actions ---------------------------------------------------------------------------------

    def _row(self) -> FollowUpRow | None:
        if self.detail is None:
            self.nothing_selected()
            return None
        return self.detail.row

    def _department(self) -> str | None:
        table = self.query_one("#assignments", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_done(self) -> None:
        if row := self._row():
            self.change_status(row, self._department(), done=True)

    def action_done_all(self) -> None:
        if row := self._row():
            self.change_status(row, None, done=True)

    def action_reopen(self) -> None:
        if row := self._row():
            self.change_status(row, self._department(), done=False)

    def action_reopen_all(self) -> None:
        if row := self._row():
            self.change_status(row, None, done=False)

    def action_note(self) -> None:
        if row := self._row():
            self.write_note(row)

    def action_edit(self) -> None:
        if row := self._row():
            self.edit_row(row)


def _facts(detail: FollowUpDetail) -> Text:
    """Label/value lines: meeting, item, case number, deadline and its source words, who, why."""
    row = detail.row
    deadline = fmt.day(row.deadline)
    if detail.deadline_text:
        deadline += f'  (from "{detail.deadline_text}")'
    found = f"{detail.reason or 'extractor'} (confidence {row.confidence:.2f})"
    if row.origin == "manual":
        found = "added by hand"
    lines = (
        ("Meeting", f"{fmt.meeting_label(row)}  [{row.meeting_source}]"),
        ("Item", fmt.item_label(row)),
        ("Case no.", detail.case_number or "—"),
        ("Deadline", deadline),
        ("Responsible", fmt.responsible_label(row)),
        ("Found by", found),
    )
    text = Text()
    for number, (label, value) in enumerate(lines):
        if number:
            text.append("\n")
        text.append(f"{label:<12}", style="bold")
        text.append(value)
    return text
