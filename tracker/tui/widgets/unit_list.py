"""The departments with their counts; moving the cursor picks the department to list."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from tracker.tui.backend import UnitOverview

ALL_KEY = "*"  # the row for every department together
NAME_WIDTH = 15


class UnitList(DataTable[Text]):
    """Rows: all departments together, then each unit (a chief's own first).

    Counts are the query service's: open includes overdue; "Rev" is still to review."""

    DEFAULT_CSS = """
    UnitList { width: 37; overflow-x: hidden; scrollbar-size-vertical: 1; }
    """

    class Selected(Message):
        def __init__(self, unit: str | None) -> None:
            super().__init__()
            self.unit = unit  # None: every department

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", cell_padding=0)
        self._selected: str | None = None
        self.border_title = "Departments"

    def on_mount(self) -> None:
        self.add_column(" Department", key="unit", width=NAME_WIDTH + 1)
        for key, label in (("open", "Open"), ("overdue", "Late"), ("done", "Done"), ("review", "Rev")):
            self.add_column(f"{label:>5}", key=key, width=5)

    @property
    def selected(self) -> str | None:
        return self._selected

    def show(self, overview: UnitOverview, select: str | None = None) -> None:
        """Fill the table; the cursor stays on (or moves to) ``select``'s row, without
        announcing a new selection when it is the same unit."""
        self.clear()
        for counts in (overview.total, *overview.units):
            key = ALL_KEY if counts is overview.total else counts.unit
            self.add_row(
                Text(" " + _clip(counts.unit)),
                _number(counts.open),
                _number(counts.overdue, "red"),
                _number(counts.done),
                _number(counts.to_review, "yellow"),
                key=key,
            )
        self._selected = select
        try:
            self.move_cursor(row=self.get_row_index(select or ALL_KEY), scroll=True)
        except RowDoesNotExist:
            self._selected = None
            self.move_cursor(row=0)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.cursor_row != self.cursor_row or event.row_key.value is None:
            return  # announced while ``show`` refilled the table: not the user's choice
        unit = None if event.row_key.value == ALL_KEY else event.row_key.value
        if unit != self._selected:
            self._selected = unit
            self.post_message(self.Selected(unit))

    class Entered(Message):
        """Enter on a department: the user wants to go to its follow-ups."""

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(self.Entered())


def _clip(name: str) -> str:
    return name if len(name) <= NAME_WIDTH else name[: NAME_WIDTH - 1] + "…"


def _number(value: int, style: str = "") -> Text:
    return Text(f"{value if value else '·':>5}", style=style if value else "dim")
