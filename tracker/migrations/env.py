"""Alembic environment: runs on the connection ``tracker.db.upgrade`` hands over.

There is no alembic.ini: ``tracker.db.alembic_config`` builds the configuration in code so the
migrations work from an installed package. ``render_as_batch`` lets later revisions alter
SQLite tables (SQLite cannot ALTER most things in place; batch mode copies the table).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel

import tracker.models  # noqa: F401  (registers the tables on SQLModel.metadata)

target_metadata = SQLModel.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from tracker.db import make_engine

    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        from tracker.config import load_settings

        url = load_settings().database_url
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if engine.url.get_backend_name() == "sqlite":
                from tracker.db import check_foreign_keys, sqlite_foreign_keys_off

                with sqlite_foreign_keys_off(connection):
                    _run(connection)
                    check_foreign_keys(connection)
                    connection.commit()
            else:
                _run(connection)
                connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run `tracker db upgrade`")
run_migrations_online()
