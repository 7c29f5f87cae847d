"""Screenshots of the main screens at 80×24 on the seeded database as of 2019-04-15.

Update after an intended change of the look with ``pytest tests/tui --snapshot-update`` and
look at the SVGs in ``__snapshots__`` before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from tests.tui.conftest import MakeApp, settle
from tests.tui.test_flows import CHIEF

SnapCompare = Callable[..., bool]


def keys(*pressed: str) -> Callable[[Pilot[Any]], Any]:
    """Press keys, letting every load finish before the next key and before the picture."""

    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return run


def test_main_screen(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    """Every department with its counts; the open follow-ups, the late ones marked."""
    assert snap_compare(make_app(), run_before=keys())


def test_main_screen_of_a_chief_overdue(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    """A chief of Miljø & Teknik: their department first and chosen, the overdue tab."""
    assert snap_compare(make_app(CHIEF), run_before=keys("2"))


def test_detail_screen(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    """The emergency-plan follow-up: 14 days late, the sentence in the adopted proposal."""
    assert snap_compare(make_app(), run_before=keys("down", "enter"))


def test_review_queue(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    """The queue with the first finding's context, rule and confidence."""
    assert snap_compare(make_app(), run_before=keys("r"))


def test_help_screen_light(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    """The keys of the main screen, in the light theme."""
    assert snap_compare(make_app(), run_before=keys("ctrl+t", "question_mark"))
