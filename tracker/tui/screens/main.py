"""The main screen: departments with their counts, and the follow-ups of the chosen one.

Left, every department with open / late / done / to-review counts (a chief's own first and
chosen at start). Right, the status tabs, the filter bar and the follow-ups, soonest deadline
first, a page at a time. Actions work on the follow-up under the cursor; "done" and "reopen"
act on the chosen department's part when one is chosen, else on every department's part.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Input, Static, Tab, Tabs

from tracker.services.queries import FollowUpRow
from tracker.status import StatusFilter
from tracker.tui import workers
from tracker.tui.backend import ListQuery, NewFollowUp, UnitOverview
from tracker.tui.messages import ListCounted, MeetingsLoaded, MoreRowsWanted, OverviewLoaded, PageLoaded
from tracker.tui.screens.base import DataScreen
from tracker.tui.screens.modals import AddFollowUpScreen
from tracker.tui.widgets.filter_bar import FilterBar
from tracker.tui.widgets.followup_table import FollowUpTable
from tracker.tui.widgets.unit_list import UnitList

STATUS_TABS = (
    (StatusFilter.OPEN, "1 Open"),
    (StatusFilter.OVERDUE, "2 Overdue"),
    (StatusFilter.DONE, "3 Completed"),
    (StatusFilter.ALL, "4 All"),
)
STATUS_WORDS = {
    StatusFilter.OPEN: "open",
    StatusFilter.OVERDUE: "overdue",
    StatusFilter.DONE: "completed",
    StatusFilter.ALL: "all",
}


class MainScreen(DataScreen):
    AUTO_FOCUS = "#followups"  # keys go to the list from the start, not to the first focusable widget
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open the follow-up", show=False),
        Binding("slash", "search", "Search"),
        Binding("1", "status('open')", "Open ones", show=False),
        Binding("2", "status('overdue')", "Overdue ones", show=False),
        Binding("3", "status('done')", "Completed ones", show=False),
        Binding("4", "status('all')", "All follow-ups", show=False),
        Binding("d", "done", "Done"),
        Binding("o", "reopen", "Reopen"),
        Binding("n", "note", "Note"),
        Binding("e", "edit", "Edit"),
        Binding("a", "add", "Add"),
        Binding("r", "review", "Review"),
        Binding("b", "toggle_units", "Departments"),
    ]

    def __init__(self, unit: str | None = None) -> None:
        """``unit``: the department listed first (a chief's own)."""
        super().__init__()
        self.list_query = ListQuery(unit=unit)
        self.listed = False  # the first page has been shown
        self.total: int | None = None  # of the list ``counted`` names
        self.counted: tuple[ListQuery, dt.date] | None = None
        self.overview: UnitOverview | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Tabs(*(Tab(label, id=status.value) for status, label in STATUS_TABS), id="status")
        yield FilterBar(id="filters")
        with Horizontal(id="body"):
            yield UnitList(id="units")
            with Vertical(id="list"):
                yield Static("", id="summary")
                yield FollowUpTable(id="followups")
                yield Static("", id="empty", classes="empty")
        yield Footer(compact=True)

    @property
    def table(self) -> FollowUpTable:
        return self.query_one(FollowUpTable)

    # --- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """The department counts and the list (as far as it was scrolled): the data or the
        as-of date changed."""
        backend, as_of = self.tracker.backend, self.tracker.as_of
        workers.load(self, "overview", lambda: backend.overview(as_of), OverviewLoaded)
        self._load_list(limit=max(backend.page_size, self.table.row_count))  # keep what was scrolled to

    def _reload_list(self) -> None:
        """Another list (status, department or filter bar): only the list is read again. The
        department counts depend on the data and the as-of date, not on the list's filters,
        and reading them competes with the list for the interpreter. The cursor starts at the
        top of the new list, so one page is read, however far the old one was scrolled."""
        self.table.move_cursor(row=0)
        self._load_list(limit=self.tracker.backend.page_size)

    def _load_list(self, limit: int) -> None:
        """The first ``limit`` rows now; the total after they are shown (``_count``)."""
        backend, as_of, query = self.tracker.backend, self.tracker.as_of, self.list_query
        self.workers.cancel_group(self, "load-more")
        self.workers.cancel_group(self, "load-count")
        workers.load(
            self,
            "list",
            lambda: backend.followups(query, as_of, limit=limit, count=False),
            lambda p: PageLoaded(p, append=False),
        )

    def _count(self) -> None:
        backend, as_of, query = self.tracker.backend, self.tracker.as_of, self.list_query
        workers.load(self, "count", lambda: backend.count(query, as_of), lambda n: ListCounted(query, as_of, n))

    def on_overview_loaded(self, message: OverviewLoaded) -> None:
        self.overview = message.overview
        self.query_one(UnitList).show(message.overview, select=self.list_query.unit)
        self._describe()

    def on_page_loaded(self, message: PageLoaded) -> None:
        page = message.page
        self.table.show(page.rows, page.next, append=message.append)
        self.listed = True
        if page.total is not None:
            self.total, self.counted = page.total, (self.list_query, self.tracker.as_of)
        elif not message.append:
            self._count()  # the old total stays on screen if it is this list's (a refresh)
        self._describe()

    def on_list_counted(self, message: ListCounted) -> None:
        if (message.query, message.as_of) != (self.list_query, self.tracker.as_of):
            return  # counted for a list that is no longer shown
        self.total, self.counted = message.total, (message.query, message.as_of)
        self._describe()

    def on_more_rows_wanted(self, _message: MoreRowsWanted) -> None:
        backend, as_of, query, after = self.tracker.backend, self.tracker.as_of, self.list_query, self.table.next
        workers.load(self, "more", lambda: backend.followups(query, as_of, after), lambda p: PageLoaded(p, append=True))

    def _describe(self) -> None:
        """The line above the table, and the empty state in place of an empty table."""
        if not self.listed:
            return  # the first page is still on its way
        who = self.list_query.unit or "All departments"
        status = STATUS_WORDS[self.list_query.status]
        shown = self.table.row_count
        total = self.total if self.counted == (self.list_query, self.tracker.as_of) else None
        if total is None and self.table.next is None:
            total = shown  # paged to the end before the count came
        if total is None:  # a first page that is not the whole list, still being counted
            how_many = f"{shown}+ follow-ups, counting…"
        else:
            more = f", {shown} loaded" if shown < total else ""
            how_many = f"{total} {'follow-up' if total == 1 else 'follow-ups'}{more}"
        self.query_one("#summary", Static).update(Text(f"{who} · {status} · {how_many}"))
        self.query_one("#list").set_class(total == 0, "-empty")  # the table keeps focus
        if total == 0:
            self.query_one("#empty", Static).update(Text(self._empty_text()))

    def _empty_text(self) -> str:
        q = self.list_query
        everything = self.overview.total if self.overview else None
        if everything is not None and everything.open + everything.done + everything.to_review == 0:
            return "No follow-ups yet.\nIngest referater with: tracker ingest PATH"
        if q.text or q.forum or q.date_from or q.date_to:
            return "No follow-ups match the filters.\nPress / to change the search, or clear the boxes."
        where = f" for {self.list_query.unit}" if self.list_query.unit else ""
        day = self.tracker.as_of.isoformat()
        if self.list_query.status is StatusFilter.OVERDUE:
            return f"Nothing is overdue{where} as of {day}."
        if self.list_query.status is StatusFilter.DONE:
            return f"Nothing is completed{where} yet."
        if self.list_query.status is StatusFilter.OPEN:
            return f"Nothing is open{where}.\nPress 4 to see all follow-ups."
        return f"No follow-ups{where}."

    # --- filters -----------------------------------------------------------------------------

    def on_unit_list_entered(self, _message: UnitList.Entered) -> None:
        self.table.focus()

    def on_unit_list_selected(self, message: UnitList.Selected) -> None:
        self.list_query = replace(self.list_query, unit=message.unit)
        self._reload_list()

    @on(Tabs.TabActivated, "#status")
    def status_chosen(self, event: Tabs.TabActivated) -> None:
        status = StatusFilter(event.tab.id or StatusFilter.OPEN)
        if status is not self.list_query.status:
            self.list_query = replace(self.list_query, status=status)
            self._reload_list()

    def on_filter_bar_changed(self, message: FilterBar.Changed) -> None:
        f = message.filters
        self.list_query = replace(self.list_query, text=f.text, forum=f.forum, date_from=f.date_from, date_to=f.date_to)
        self._reload_list()

    def action_status(self, status: str) -> None:
        self.query_one("#status", Tabs).active = status

    def action_search(self) -> None:
        self.query_one("#filters #text", Input).focus()

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and isinstance(self.focused, Input):
            self.table.focus()
            event.stop()

    def action_toggle_units(self) -> None:
        """Hide the departments for a wider table (on a small terminal), or show them again."""
        units = self.query_one(UnitList)
        units.display = not units.display
        if not units.display:
            self.table.focus()

    # --- the follow-up under the cursor ----------------------------------------------------------

    @on(DataTable.RowSelected, "#followups")
    def row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        from tracker.tui.screens.detail import DetailScreen

        row = self.table.current
        if row is not None:
            self.app.push_screen(DetailScreen(row.id))

    def _part(self) -> str | None:
        """The department whose part "done"/"reopen" act on: the chosen one if it is assigned."""
        row = self.table.current
        unit = self.list_query.unit
        if row is None or unit is None:
            return None
        return unit if any(a.unit == unit for a in row.assignments) else None

    def selected(self) -> FollowUpRow | None:
        row = self.table.current
        if row is None:
            self.nothing_selected()
        return row

    def action_done(self) -> None:
        if row := self.selected():
            self.change_status(row, self._part(), done=True)

    def action_reopen(self) -> None:
        if row := self.selected():
            self.change_status(row, self._part(), done=False)

    def action_note(self) -> None:
        if row := self.selected():
            self.write_note(row)

    def action_edit(self) -> None:
        if row := self.selected():
            self.edit_row(row)

    def action_add(self) -> None:
        workers.load(self, "meetings", self.tracker.backend.meetings, MeetingsLoaded)

    def on_meetings_loaded(self, message: MeetingsLoaded) -> None:
        if not message.meetings:
            self.notify("There are no meetings yet: ingest a referat first", severity="warning")
            return
        row, backend = self.table.current, self.tracker.backend

        def added(new: NewFollowUp | None) -> None:
            if new is not None:
                self.tracker.perform(lambda: backend.add(new))

        meeting = row.meeting_id if row else message.meetings[0].id
        screen = AddFollowUpScreen(message.meetings, meeting, row.item_number if row else None)
        self.app.push_screen(screen, added)

    def action_review(self) -> None:
        from tracker.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen())
