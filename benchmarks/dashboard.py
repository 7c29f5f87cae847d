"""Drives the dashboard headless (Textual's pilot) on a database and prints its timings as JSON.

Run by ``run.py`` as a process of its own, so the first screen includes what a person waits
for after typing ``tracker dashboard``: the interpreter, the imports, the engine and the first
queries. ``--started`` is the wall-clock time (``time.time()``) at which the parent launched
this process.

Every timing ends when the follow-up table has the answer's rows: the driver wraps
``FollowUpTable.show`` to note when it ran (the first screen also waits for the department
counts); Textual paints them at its next refresh. Keys are pressed as a person would:
``ctrl+end`` in the table (the next page loads when the cursor nears the end), ``down`` in the
department list, ``/``, a search word and ``enter`` in the filter bar (``enter`` filters at
once, without the typing pause). The table is watched while a key is handled: the pilot
returns from a key press only when the app is idle and animations (a scroll) are over, which
can be well after the rows arrived.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import time
from collections.abc import Callable
from typing import Any

SEARCH_WORDS = ("budget", "sygefravær", "GDPR", "klimaplanen", "skolerne", "hjemmesiden", "vikar")
TIMEOUT = 60.0


async def _until(condition: Callable[[], bool], what: str) -> float:
    """Poll every millisecond until ``condition`` holds; the wall-clock time it first did."""
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the dashboard did not show {what} within {TIMEOUT:.0f} s")
        await asyncio.sleep(0.001)
    return time.time()


async def drive(url: str, organisation_path: str, as_of: dt.date, repeats: int, started: float) -> dict[str, Any]:
    from textual.widgets import Input, Static

    from nlp.organisation import load_organisation
    from tracker.db import open_engine
    from tracker.services.actors import Actor, Role
    from tracker.status import StatusFilter
    from tracker.tui.app import TrackerApp
    from tracker.tui.backend import Backend
    from tracker.tui.screens.main import MainScreen
    from tracker.tui.widgets.followup_table import FollowUpTable
    from tracker.tui.widgets.unit_list import UnitList

    shown: list[tuple[float, bool]] = []  # (when, appended) each time the list got its rows
    show = FollowUpTable.show

    def recorded_show(table: FollowUpTable, *args: Any, **kwargs: Any) -> None:
        show(table, *args, **kwargs)
        shown.append((time.time(), bool(kwargs.get("append"))))

    FollowUpTable.show = recorded_show  # type: ignore[method-assign, assignment]

    # As ``tracker dashboard`` builds it (tracker.cli.dashboard), with the change poll off.
    engine = open_engine(url)
    app = TrackerApp(
        Backend(engine, Actor("bench", Role.SECRETARIAT), load_organisation(organisation_path)),
        as_of=as_of,
        poll_seconds=None,
    )
    result: dict[str, Any] = {"filter": [], "next_page": [], "department": []}
    async with app.run_test(size=(160, 50)) as pilot:

        def main() -> MainScreen | None:
            return app.screen if isinstance(app.screen, MainScreen) else None

        def summary() -> str:
            screen = main()
            return str(screen.query_one("#summary", Static).render()) if screen is not None else ""

        def first_screen() -> bool:
            screen = main()
            return (
                screen is not None
                and screen.query_one(FollowUpTable).row_count > 0
                and screen.query_one(UnitList).row_count > 1
                and bool(summary())
            )

        result["first_screen"] = await _until(first_screen, "the first screen") - started
        await pilot.pause()
        screen = main()
        assert screen is not None
        table, units = screen.query_one(FollowUpTable), screen.query_one(UnitList)
        result["first_rows"] = table.row_count
        result["first_summary"] = summary()

        async def timed(
            action: Callable[[], Any], what: str, *, append: bool = False, prepare: Callable[[], None] = lambda: None
        ) -> float:
            await pilot.pause()
            seen = len(shown)
            prepare()
            start = time.time()
            await asyncio.gather(
                _until(lambda: any(appended == append for _, appended in shown[seen:]), what), action()
            )
            await pilot.pause()
            return next(when for when, appended in shown[seen:] if appended == append) - start

        table.focus()
        if table.next is None:  # a small database: the open ones fit on one page, so page through all
            await timed(lambda: pilot.press("4"), "all follow-ups")
        for _ in range(repeats):
            if table.next is None:
                break
            result["next_page"].append(await timed(lambda: pilot.press("ctrl+end"), "the next page", append=True))
        if screen.list_query.status is not StatusFilter.OPEN:
            await timed(lambda: pilot.press("1"), "the open ones")
        box = screen.query_one("#filters #text", Input)
        for word in (SEARCH_WORDS * repeats)[:repeats]:
            await pilot.press("slash")

            def type_word(word: str = word) -> None:
                box.value = word  # as typed; ``enter`` comes before the typing pause ends

            result["filter"].append(
                await timed(lambda: pilot.press("enter"), f"the filter {word!r}", prepare=type_word)
            )
        box.value = ""
        await pilot.press("enter")
        await pilot.pause(0.5)
        units.focus()
        for _ in range(repeats):
            result["department"].append(await timed(lambda: pilot.press("down"), "another department"))
        result["last_summary"] = summary()
    engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True, help="database URL")
    parser.add_argument("--organisation", required=True)
    parser.add_argument("--as-of", required=True, type=dt.date.fromisoformat)
    parser.add_argument("--repeats", type=int, default=3, help="timings of each interaction")
    parser.add_argument("--started", type=float, default=time.time(), help="when the parent launched this")
    args = parser.parse_args()
    result = asyncio.run(drive(args.db, args.organisation, args.as_of, args.repeats, args.started))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
