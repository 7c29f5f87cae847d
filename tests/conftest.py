"""Shared fixtures: a real database per test, the demo organisation, a clean environment.

Database tests run on a SQLite file in ``tmp_path``. A test marked ``@pytest.mark.postgres``
runs a second time against PostgreSQL when ``TRACKER_TEST_POSTGRES_URL`` points at a server
(e.g. ``postgresql://postgres@127.0.0.1:5432/postgres``); each such test gets its own freshly
created database, dropped afterwards. Without the variable that second run is skipped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    from nlp.organisation import Organisation

POSTGRES_ENV = "TRACKER_TEST_POSTGRES_URL"
REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        backends = ["sqlite"]
        if metafunc.definition.get_closest_marker("postgres") is not None:
            backends.append("postgresql")
        metafunc.parametrize("backend", backends)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The developer's own TRACKER_* settings and database never leak into a test."""
    for name in list(os.environ):
        if name.startswith("TRACKER_") and name != POSTGRES_ENV:
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))


@pytest.fixture
def db_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database of the test's backend."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'tracker.db'}"
        return
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    from sqlalchemy import create_engine

    from tracker.db import normalise_url

    admin_url = normalise_url(server)
    name = f"tracker_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on the test database, migrated to the current schema."""
    from tracker.db import open_engine

    engine = open_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    from sqlmodel import Session

    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture(scope="session")
def organisation() -> Organisation:
    from nlp.organisation import load_organisation
    from tracker.config import DEFAULT_ORGANISATION

    return load_organisation(DEFAULT_ORGANISATION)
