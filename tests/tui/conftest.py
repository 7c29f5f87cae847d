"""Fixtures for the dashboard tests: a copy of the seeded database per test, and apps on it.

Apps run headless with the change poll off (tests that need it turn it on), as of
``seed.AS_OF``; times show in UTC so the screenshots are the same on every machine.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from textual.pilot import Pilot

from tests.tui.seed import AS_OF, ORGANISATION, SECRETARY, seeded_copy
from tracker.db import open_engine
from tracker.services.actors import Actor
from tracker.tui.app import TrackerApp
from tracker.tui.backend import Backend


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def dashboard_url(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    return seeded_copy(tmp_path, tmp_path_factory.getbasetemp(), ORGANISATION)


@pytest.fixture
def dashboard_engine(dashboard_url: str) -> Iterator[Engine]:
    engine = open_engine(dashboard_url)
    yield engine
    engine.dispose()


MakeBackend = Callable[..., Backend]
MakeApp = Callable[..., TrackerApp]


@pytest.fixture
def make_backend(dashboard_engine: Engine) -> MakeBackend:
    def make(actor: Actor = SECRETARY, page_size: int = 100) -> Backend:
        return Backend(dashboard_engine, actor, ORGANISATION, page_size=page_size)

    return make


@pytest.fixture
def make_app(make_backend: MakeBackend) -> MakeApp:
    def make(actor: Actor = SECRETARY, *, page_size: int = 100, poll_seconds: float | None = None) -> TrackerApp:
        return TrackerApp(make_backend(actor, page_size), as_of=AS_OF, poll_seconds=poll_seconds)

    return make


async def settle(pilot: Pilot[None], rounds: int = 3, limit: float = 10.0) -> None:
    """Let workers finish and their messages be handled (a load can start another one, and a
    cancelled one is simply superseded)."""
    deadline = time.monotonic() + limit
    for _ in range(rounds):
        while any(not worker.is_finished for worker in pilot.app.workers) and time.monotonic() < deadline:
            await pilot.pause(0.01)
        await pilot.pause(0.05)
