"""The dashboard driven by keys (Textual's Pilot) on the seeded database, checked against
what the screens show and what the database then holds."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from tests.tui.conftest import MakeApp, MakeBackend, settle
from tests.tui.seed import AS_OF, BOOKING, BUDGET, EMERGENCY, LEAFLET, NOTED, ORGANISATION, SICK_LEAVE, WINTER
from tracker.db import session_scope
from tracker.models import Review, Status
from tracker.services.actors import Actor, Role
from tracker.services.followups import mark_done
from tracker.services.queries import Cursor, FollowUpRow
from tracker.status import StatusFilter
from tracker.tui.backend import FollowUpEdit, ListPage, ListQuery, UnitOverview
from tracker.tui.screens.detail import DetailScreen
from tracker.tui.screens.help import HelpScreen
from tracker.tui.screens.main import MainScreen
from tracker.tui.screens.modals import ConfirmScreen, EditFollowUpScreen
from tracker.tui.screens.review import ReviewScreen
from tracker.tui.widgets import followup_table
from tracker.tui.widgets.followup_table import FollowUpTable
from tracker.tui.widgets.unit_list import UnitList

CHIEF = Actor("chef-mt", Role.CHIEF, "Miljø & Teknik")


def texts(app: object) -> list[str]:
    """The source sentences of the rows in the current screen's follow-up table, in order."""
    from textual.app import App

    assert isinstance(app, App)
    table = app.screen.query_one(FollowUpTable)
    return [table.rows_by_id[int(key.value or 0)].text for key in table.rows]


def static_text(app: object, selector: str) -> str:
    from textual.app import App

    assert isinstance(app, App)
    return str(app.screen.query_one(selector, Static).render())


async def pick_unit(pilot: object, unit: str) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    units = pilot.app.screen.query_one(UnitList)
    units.move_cursor(row=units.get_row_index(unit))
    await settle(pilot)


def detail_row(app: object) -> FollowUpRow:
    from textual.app import App

    assert isinstance(app, App) and isinstance(app.screen, DetailScreen) and app.screen.detail is not None
    return app.screen.detail.row


def toasts(app: object) -> list[str]:
    from textual.app import App

    assert isinstance(app, App)
    return [str(n.message) for n in app._notifications]


async def test_main_screen_lists_open_follow_ups_by_deadline_with_unit_counts(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert texts(app) == [LEAFLET, EMERGENCY, BUDGET, WINTER, BOOKING, NOTED]  # no deadline last; done left out
        table = app.screen.query_one(FollowUpTable)
        late = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert late[:4] == ["15d", "14d", "3d", ""]
        units = app.screen.query_one(UnitList)
        row = [str(cell).strip() for cell in units.get_row("Miljø & Teknik")]
        assert row == ["Miljø & Teknik", "3", "2", "·", "·"]  # open, late, done, to review
        assert "All departments · open · 6 follow-ups" in static_text(app, "#summary")


async def test_department_and_overdue_filter(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pick_unit(pilot, "Miljø & Teknik")
        assert texts(app) == [LEAFLET, EMERGENCY, WINTER]
        await pilot.press("2")
        await settle(pilot)
        assert texts(app) == [LEAFLET, EMERGENCY]
        assert "Miljø & Teknik · overdue · 2 follow-ups" in static_text(app, "#summary")
        await pilot.press("3")
        await settle(pilot)
        assert texts(app) == []
        empty = app.screen.query_one("#empty", Static)
        assert empty.display and "Nothing is completed for Miljø & Teknik" in static_text(app, "#empty")


async def test_search_box_filters_and_explains_an_empty_result(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"pjece", "enter")
        await settle(pilot)
        assert texts(app) == [LEAFLET]
        search = app.screen.query_one("#filters #text", Input)
        search.value = "ingen sådan opgave"
        await pilot.press("enter")
        await settle(pilot)
        assert texts(app) == []
        assert "No follow-ups match the filters" in static_text(app, "#empty")
        search.value = ""
        date_from = app.screen.query_one("#filters #date-from", Input)
        date_from.focus()
        date_from.value = "2019-04-05"
        await pilot.press("enter")
        await settle(pilot)
        assert texts(app) == [BUDGET, WINTER]
        await pilot.press("escape")
        assert isinstance(app.focused, FollowUpTable)


async def test_a_date_that_does_not_parse_filters_nothing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        box = app.screen.query_one("#filters #date-to", Input)
        box.focus()
        box.value = "31-13-2019"
        await pilot.press("enter")
        await settle(pilot)
        assert box.has_class("-invalid")
        assert len(texts(app)) == 6


async def test_detail_shows_the_sentence_in_its_context_and_each_department(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        facts = static_text(app, "#facts")
        assert "00.01.00-A00-1-19" in facts and "1. Beredskabsplaner" in facts
        assert '2019-04-01  (from "afsluttet 1. april 2019")' in facts
        assert "overdue by 14 days" in static_text(app, "#headline")
        evidence = static_text(app, "#evidence")
        assert EMERGENCY in evidence and "Chefforum godkendte indstillingen" in evidence
        departments = app.screen.query_one("#assignments", DataTable)
        assert departments.row_count == 7  # "hver afdelingschef": every unit has its own part
        assert "review: to_review → confirmed" in static_text(app, "#history")
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_mark_one_department_done_then_undo(make_app: MakeApp, make_backend: MakeBackend) -> None:
    app = make_app()
    backend = make_backend()
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DetailScreen) and screen.detail is not None
        ident = screen.detail.row.id
        departments = screen.query_one("#assignments", DataTable)
        departments.move_cursor(row=departments.get_row_index("Miljø & Teknik"))
        await pilot.press("d")
        await settle(pilot)
        parts = {a.unit: a.status for a in backend.detail(ident, AS_OF).row.assignments}
        assert parts["Miljø & Teknik"] == Status.DONE
        assert [u for u, s in parts.items() if s == Status.DONE] == ["Miljø & Teknik"]
        assert "status [Miljø & Teknik]: open → done" in static_text(app, "#history")
        assert any("Miljø & Teknik's part marked done" in t for t in toasts(app))
        await pilot.press("u")
        await settle(pilot)
        parts = {a.unit: a.status for a in backend.detail(ident, AS_OF).row.assignments}
        assert parts["Miljø & Teknik"] == Status.OPEN
        assert "(undone)" in static_text(app, "#history")


async def test_done_for_every_department_asks_first(make_app: MakeApp, make_backend: MakeBackend) -> None:
    app = make_app()
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert detail_row(app).status == Status.OPEN
        await pilot.press("D", "y")
        await settle(pilot)
        assert detail_row(app).status == Status.DONE
        assert all(a.status == Status.DONE for a in detail_row(app).assignments)


async def test_main_screen_done_acts_on_the_chosen_department(make_app: MakeApp, make_backend: MakeBackend) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pick_unit(pilot, "Miljø & Teknik")
        await pilot.press("d")  # the leaflet: only Miljø & Teknik's part, no question asked
        await settle(pilot)
        assert texts(app) == [EMERGENCY, WINTER]
        page = make_backend().followups(ListQuery(StatusFilter.DONE, "Miljø & Teknik"), AS_OF)
        assert [r.text for r in page.rows] == [LEAFLET]


async def test_list_changes_keep_the_department_counts_and_a_change_updates_them(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    reads: list[dt.date] = []
    overview = app.backend.overview

    def counted(as_of: dt.date) -> UnitOverview:
        reads.append(as_of)
        return overview(as_of)

    monkeypatch.setattr(app.backend, "overview", counted)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pick_unit(pilot, "Miljø & Teknik")
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("slash", *"pjece", "enter")
        await settle(pilot)
        assert texts(app) == [LEAFLET]
        assert reads == [AS_OF]  # read at the start only: department, status and search change the list
        await pilot.press("escape", "d")
        await settle(pilot)
        assert texts(app) == []
        assert reads == [AS_OF, AS_OF]  # a change moves the counts
        row = [str(cell).strip() for cell in app.screen.query_one(UnitList).get_row("Miljø & Teknik")]
        assert row == ["Miljø & Teknik", "2", "1", "1", "·"]


async def test_a_chief_cannot_change_status_but_can_note(make_app: MakeApp, make_backend: MakeBackend) -> None:
    app = make_app(CHIEF)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        units = app.screen.query_one(UnitList)
        assert str(units.get_row_at(1)[0]).strip() == "Miljø & Teknik"  # own department first, and chosen
        assert units.selected == "Miljø & Teknik"
        assert texts(app) == [LEAFLET, EMERGENCY, WINTER]
        await pilot.press("d")
        await settle(pilot)
        assert any("may not mark follow-ups done" in t for t in toasts(app))
        assert texts(app) == [LEAFLET, EMERGENCY, WINTER]  # nothing changed
        await pilot.press("n")
        app.screen.query_one("#value", Input).value = "Pjecen er sendt til tryk"
        await pilot.press("enter")
        await settle(pilot)
        ident = app.screen.query_one(FollowUpTable).rows_by_id
        leaflet = next(r for r in ident.values() if r.text == LEAFLET)
        assert leaflet.last_note == "Pjecen er sendt til tryk"
        history = make_backend().detail(leaflet.id, AS_OF).events
        assert (history[-1].action, history[-1].actor) == ("note", "chef-mt")


async def test_review_queue_confirm_reject_and_correct(make_app: MakeApp, make_backend: MakeBackend) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert texts(app) == [BUDGET, BOOKING, NOTED]
        assert "confidence 0.95" in static_text(app, "#why")
        await pilot.press("c")  # the budget template: right as found
        await settle(pilot)
        assert texts(app) == [BOOKING, NOTED]
        await pilot.press("down", "x")  # "took note": not a follow-up
        await settle(pilot)
        assert texts(app) == [BOOKING]
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EditFollowUpScreen)
        app.screen.query_one("#text", Input).value = "IT & Indkøb undersøger et nyt bookingsystem"
        app.screen.query_one("#deadline", Input).value = "2019-06-30"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert texts(app) == []
        assert app.screen.query_one("#empty").display
    backend = make_backend()
    confirmed = backend.followups(ListQuery(StatusFilter.ALL), AS_OF).rows
    by_source = {r.text: r for r in confirmed}
    assert by_source["IT & Indkøb undersøger et nyt bookingsystem"].deadline == dt.date(2019, 6, 30)
    assert by_source["IT & Indkøb undersøger et nyt bookingsystem"].review == Review.CONFIRMED
    assert by_source[BUDGET].review == Review.CONFIRMED
    assert NOTED not in by_source  # rejected follow-ups are not tracked


async def test_review_decisions_export_from_the_queue(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app()
    target = tmp_path / "decisions.jsonl"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("down", "down", "x")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        app.screen.query_one("#value", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    rejected = [r for r in records if r["rejected"]]
    assert [r["text"] for r in rejected] == [NOTED]
    assert {r["text"] for r in records if not r["rejected"]} == {EMERGENCY, LEAFLET, WINTER, SICK_LEAVE}


async def test_as_of_date_decides_what_is_overdue(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert texts(app) == [LEAFLET, EMERGENCY, BUDGET]
        await pilot.press("t")
        await settle(pilot)
        date = app.screen.query_one("#date", Input)
        assert date.value == "2019-04-15"
        date.value = "2019-04-05"
        await pilot.press("enter")
        await settle(pilot)
        assert app.as_of == dt.date(2019, 4, 5)
        assert "as of 2019-04-05" in app.sub_title
        assert texts(app) == [LEAFLET, EMERGENCY]  # the budget is due 12 April: not late yet
        table = app.screen.query_one(FollowUpTable)
        assert str(table.get_row_at(0)[1]) == "5d"


async def test_other_peoples_changes_appear_without_restart(make_app: MakeApp, make_backend: MakeBackend) -> None:
    app = make_app(poll_seconds=0.1)
    colleague = make_backend(Actor("kollega", Role.SECRETARIAT))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert LEAFLET in texts(app)
        with session_scope(colleague.engine) as session:
            ident = next(r.id for r in colleague.followups(ListQuery(), AS_OF).rows if r.text == LEAFLET)
            mark_done(session, colleague.actor, ident)
        for _ in range(30):
            await pilot.pause(0.1)
            if LEAFLET not in texts(app):
                break
        await settle(pilot)
        assert LEAFLET not in texts(app)


async def test_a_stale_version_is_refused_and_the_screen_reloads(make_app: MakeApp, make_backend: MakeBackend) -> None:
    app = make_app()
    colleague = make_backend(Actor("kollega", Role.SECRETARIAT))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        row = app.screen.query_one(FollowUpTable).current
        assert row is not None and row.text == LEAFLET
        colleague.edit(row.id, FollowUpEdit(text="Ny pjece"), None)
        await pilot.press("d")
        await settle(pilot)
        assert any("was changed by kollega" in t for t in toasts(app))
        assert app.screen.query_one(FollowUpTable).current.text == "Ny pjece"  # type: ignore[union-attr]


async def test_pages_load_as_the_cursor_moves(make_app: MakeApp, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(page_size=2)
    reads: list[tuple[ListQuery, Cursor | None, int | None]] = []
    followups = app.backend.followups

    def recorded(
        query: ListQuery, as_of: dt.date, after: Cursor | None = None, limit: int | None = None, *, count: bool = True
    ) -> ListPage:
        reads.append((query, after, limit))
        return followups(query, as_of, after, limit, count=count)

    monkeypatch.setattr(app.backend, "followups", recorded)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(FollowUpTable)
        assert table.row_count < 6  # not everything at once
        for _ in range(6):
            await pilot.press("down")
            await settle(pilot)
        assert texts(app) == [LEAFLET, EMERGENCY, BUDGET, WINTER, BOOKING, NOTED]
        assert "6 follow-ups" in static_text(app, "#summary")
        await pilot.press("2")
        await settle(pilot)
        assert texts(app) == [LEAFLET, EMERGENCY, BUDGET]
        first = next(limit for query, after, limit in reads if query.status is StatusFilter.OVERDUE)
        assert first == 2  # another list starts at its top: one page, not as many rows as were scrolled to


async def test_the_list_shows_before_it_is_counted(make_app: MakeApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """A search shows its first page at once; the total follows when counted (a scan of every
    open follow-up on a large database)."""
    app = make_app(page_size=4)
    counting = threading.Event()
    count = app.backend.count

    def slow_count(query: ListQuery, as_of: dt.date) -> int:
        counting.wait(10)
        return count(query, as_of)

    monkeypatch.setattr(app.backend, "count", slow_count)
    monkeypatch.setattr(followup_table, "PREFETCH", 0)  # the second page only when the cursor gets there
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if app.screen.query_one(FollowUpTable).row_count:
                break
        assert texts(app) == [LEAFLET, EMERGENCY, BUDGET, WINTER]
        assert "All departments · open · 4+ follow-ups, counting…" in static_text(app, "#summary")
        counting.set()
        await settle(pilot)
        assert "All departments · open · 6 follow-ups, 4 loaded" in static_text(app, "#summary")
        counting.clear()
        await pilot.press("slash", *"pjece", "enter")  # one page holds all: counted without asking
        await settle(pilot, limit=2)
        assert texts(app) == [LEAFLET]
        assert "All departments · open · 1 follow-up" in static_text(app, "#summary")


async def test_add_a_follow_up_by_hand(make_app: MakeApp, make_backend: MakeBackend) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#text", Input).value = "Sundhed sender en opdateret plan for sygefraværet"
        screen.query_one("#responsible", Input).value = "Sundhed"
        screen.query_one("#deadline", Input).value = "2019-05-01"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    rows = make_backend().followups(ListQuery(unit="Sundhed"), AS_OF).rows
    added = [r for r in rows if r.origin == "manual"]
    assert [(r.text, r.deadline, r.item_number) for r in added] == [
        ("Sundhed sender en opdateret plan for sygefraværet", dt.date(2019, 5, 1), 2)
    ]


async def test_help_and_command_palette_list_every_action(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main = app.screen
        commands = {c.title for c in app.get_system_commands(main)}
        assert {"Done", "Reopen", "Note", "Edit", "Add", "Review", "Search", "Undo", "As of", "Help"} <= commands
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one("#keys", DataTable)
        actions = {str(keys.get_row_at(i)[1]) for i in range(keys.row_count)}
        assert {"Done", "Undo", "Review", "Open ones", "Light/dark"} <= actions
        await pilot.press("escape")
        assert app.screen is main
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"


async def test_mouse_click_opens_a_follow_up(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(FollowUpTable)
        await pilot.click(FollowUpTable, offset=(20, 1))  # the first row: highlight, then choose
        await pilot.click(FollowUpTable, offset=(20, 1))
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.follow_up_id == table.rows_by_id[next(iter(table.rows_by_id))].id


async def test_an_empty_database_says_how_to_fill_it(tmp_path: Path) -> None:
    from tests.tui.seed import ORGANISATION, SECRETARY
    from tracker.db import open_engine
    from tracker.tui.app import TrackerApp
    from tracker.tui.backend import Backend

    engine = open_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    app = TrackerApp(Backend(engine, SECRETARY, ORGANISATION), as_of=AS_OF, poll_seconds=None)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert texts(app) == []
            assert "No follow-ups yet" in static_text(app, "#empty")
            await pilot.press("r")
            await settle(pilot)
            assert app.screen.query_one("#empty").display
            await pilot.press("escape", "a")
            await settle(pilot)
            assert any("no meetings yet" in t for t in toasts(app))
    finally:
        engine.dispose()


async def test_markup_in_the_minutes_is_shown_as_written(make_app: MakeApp, make_backend: MakeBackend) -> None:
    """Square brackets in minutes are text, never Rich markup: "[/]" must neither crash a
    screen nor vanish (unit names, forum, item title, sentence, notifications)."""
    from tests.tracker.ingest_helpers import Said
    from tests.tui.seed import SECRETARY, Item, referat
    from tracker.db import session_scope
    from tracker.services.ingest import ingest_extraction

    hostile = referat(
        "udvalg-[b].txt",
        "Udvalg [/]",
        dt.date(2019, 3, 1),
        [
            Item(
                1,
                "[bold]Budget[/bold]",
                "[red]1[/]",
                [Said("Ekstern [/b] enhed svarer [/] hurtigt.", ("Ekstern [/b] enhed",))],
            )
        ],
    )
    backend = make_backend()
    with session_scope(backend.engine) as session:
        ingest_extraction(session, hostile, ORGANISATION, SECRETARY)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pick_unit(pilot, "Ekstern [/b] enhed")
        table = app.screen.query_one(FollowUpTable)
        assert [str(c) for c in table.get_row_at(0)][2:] == [
            "? Ekstern [/b] enhed svarer [/] hurtigt.",
            "Ekstern [/b] enhed",
            "Udvalg [/] 2019-03-01",
            "1. [bold]Budget[/bold]",
        ]
        assert "Ekstern [/b] enhed · open" in static_text(app, "#summary")
        await pilot.press("d")
        await settle(pilot)
        assert any("Ekstern [/b] enhed's part marked done" in t for t in toasts(app))
        await pilot.press("4", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert "[red]1[/]" in static_text(app, "#facts")
        await pilot.press("escape", "r")
        await settle(pilot)
        queue = app.screen.query_one(FollowUpTable)
        queue.move_cursor(row=queue.row_count - 1)  # undated: last
        await pilot.pause(0.3)
        await settle(pilot)
        assert "Udvalg [/] 2019-03-01 · item 1. [bold]Budget[/bold] · [red]1[/]" in static_text(app, "#why")
        await pilot.press("escape", "a")
        await settle(pilot)
        assert app.screen.query_one("#error", Static) is not None
