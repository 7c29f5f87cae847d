"""Many rows of one table in one statement, without an ORM object per row.

Ingest writes tens of rows per document (items, follow-ups, assignments, events). Building a
SQLModel object for each and letting the unit of work flush them cost more CPU than storing
anything else did, so these rows go in as plain values, one ``executemany`` per table. Each row
is completed with the model's own defaults and default factories, so what is stored is what
``session.add(Model(**values))`` would have stored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from pydantic_core import PydanticUndefined
from sqlalchemy import Table, insert
from sqlmodel import Session, SQLModel

Row = dict[str, Any]


@cache
def _defaults(model: type[SQLModel]) -> tuple[Row, dict[str, Callable[[], Any]]]:
    """The model's constant defaults and its default factories, per column (not the key)."""
    constants: Row = {}
    factories: dict[str, Callable[[], Any]] = {}
    for name, info in model.model_fields.items():
        if name == "id":
            continue
        if info.default_factory is not None:
            factories[name] = info.default_factory  # type: ignore[assignment]
        elif info.default is not PydanticUndefined:
            constants[name] = info.default
    return constants, factories


def row(model: type[SQLModel], **values: Any) -> Row:
    """Every column of a new ``model`` row but its id: ``values``, else the model's default."""
    constants, factories = _defaults(model)
    found = {**constants, **values}
    for name, factory in factories.items():
        if name not in values:
            found[name] = factory()
    return found


def insert_rows(session: Session, model: type[SQLModel], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert complete rows (see ``row``) in the session's transaction."""
    if rows:
        session.execute(insert(_table(model)), list(rows))


def insert_rows_returning_ids(session: Session, model: type[SQLModel], rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert complete rows and return their new ids, in the order of ``rows``."""
    if not rows:
        return []
    table = _table(model)
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.execute(statement, list(rows)).scalars())


def _table(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table
