"""The follow-ups of one list, a page at a time, soonest deadline first.

Only loaded pages are in the table, and the DataTable renders only the rows on screen; when
the cursor comes near the last loaded row the table asks for the next page
(``MoreRowsWanted``), which the screen loads from SQL with the keyset cursor.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from tracker.services.queries import Cursor, FollowUpRow
from tracker.tui import formatting as fmt
from tracker.tui.messages import MoreRowsWanted

PREFETCH = 10  # rows before the end at which the next page is asked for


class FollowUpTable(DataTable[Text]):
    COLUMNS = (
        ("deadline", "Deadline", 10),
        ("late", "Late", 4),
        ("task", "Task", 40),
        ("responsible", "Responsible", 18),
        ("meeting", "Meeting", 20),
        ("item", "Item", 22),
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.rows_by_id: dict[int, FollowUpRow] = {}
        self.next: Cursor | None = None
        self.waiting = False  # a next page was asked for and has not arrived

    def on_mount(self) -> None:
        for key, label, width in self.COLUMNS:
            self.add_column(label, key=key, width=width)

    @property
    def current(self) -> FollowUpRow | None:
        """The follow-up under the cursor."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return self.rows_by_id.get(int(key)) if key is not None else None

    def show(self, rows: list[FollowUpRow], next_cursor: Cursor | None, *, append: bool) -> None:
        """Replace (or extend) the rows; after a replace the cursor stays on the same
        follow-up if it is still listed, else on the same position."""
        keep = self.current.id if self.current is not None and not append else None
        position = self.cursor_row
        if not append:
            self.clear()
            self.rows_by_id.clear()
        for row in rows:
            if row.id in self.rows_by_id:  # a page boundary moved under a concurrent change
                continue
            self.rows_by_id[row.id] = row
            self.add_row(
                fmt.deadline_cell(row),
                fmt.late(row),
                fmt.task_cell(row),
                Text(fmt.responsible_label(row)),
                Text(fmt.meeting_label(row)),
                Text(fmt.item_label(row)),
                key=str(row.id),
            )
        self.next = next_cursor
        self.waiting = False
        if not append and self.row_count:
            try:
                target = self.get_row_index(str(keep)) if keep is not None else position
            except RowDoesNotExist:
                target = position
            self.move_cursor(row=min(max(target, 0), self.row_count - 1))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.next is not None and not self.waiting and event.cursor_row >= self.row_count - PREFETCH:
            self.waiting = True
            self.post_message(MoreRowsWanted())
