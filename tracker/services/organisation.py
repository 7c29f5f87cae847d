"""Keeps the ``unit`` and ``person`` tables in step with the organisation file.

Rows are updated and added, never deleted: assignments and events point at them, and a unit
that leaves the file still owns its old follow-ups. Every entity of the file becomes a
``Unit`` row (units, roles, forums and people can all be responsible); people also get a
``Person`` row linked to their unit. Each row keeps its entity's ``organisation`` (the
municipality), so "Alle chefer" fans out the same way when no organisation file is at hand.

Ingest stores one document per transaction and needs the tables in step with the file for each,
but the file does not change during a run: ``ensure_organisation`` syncs once per engine and
organisation content, and remembers it only once that transaction committed.
"""

from __future__ import annotations

import threading
from weakref import WeakKeyDictionary

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from nlp.organisation import Entity, EntityKind, Organisation, normalise_name
from tracker.models import Person, Unit, UnitKind

_KINDS: dict[EntityKind, UnitKind] = {
    EntityKind.UNIT: UnitKind.UNIT,
    EntityKind.ROLE: UnitKind.ROLE,
    EntityKind.FORUM: UnitKind.FORUM,
    EntityKind.PERSON: UnitKind.PERSON,
}


def unit_fields(entity: Entity) -> dict[str, object]:
    """A ``Unit`` row's columns for a unit, role, forum or person of the file (not the name)."""
    aliases = [a for a in dict.fromkeys(entity.aliases) if a != entity.name]
    return {
        "kind": _KINDS[entity.kind],
        "chief": entity.chief,
        "email": entity.email,
        "aliases": "\n".join(aliases),
        "organisation": entity.organisation,
    }


_Content = tuple[Entity, ...]
_synced: WeakKeyDictionary[Engine, _Content] = WeakKeyDictionary()  # committed, per engine
_synced_lock = threading.Lock()
_PENDING = "tracker.organisation.pending"  # session.info: (engine, content) synced, not yet committed
_LISTENING = "tracker.organisation.listening"


def ensure_organisation(session: Session, org: Organisation) -> None:
    """``sync_organisation`` unless this engine's database already got this content, committed
    by this process or pending in this session's transaction (a rolled-back sync is done again).
    Rows other processes change meanwhile are not noticed; the units a document names are still
    found or made by ``Assigner``."""
    bind = session.get_bind()
    content = tuple(org.entities)
    if not isinstance(bind, Engine):  # a session on a caller's connection: its transaction, its rules
        sync_organisation(session, org)
        return
    with _synced_lock:
        if _synced.get(bind) == content:
            return
    if session.info.get(_PENDING) == (bind, content):
        return
    sync_organisation(session, org)
    if _LISTENING not in session.info:
        session.info[_LISTENING] = True
        event.listen(session, "after_commit", _remember)
        event.listen(session, "after_rollback", _forget)
    session.info[_PENDING] = (bind, content)


def _remember(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending is not None:
        with _synced_lock:
            _synced[pending[0]] = pending[1]


def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)


def sync_organisation(session: Session, org: Organisation) -> None:
    """Upsert every unit, role, forum and person of ``org``; keep rows the file no longer has.

    A name first seen in minutes (stored as ``external``) takes the kind the file now gives it.
    """
    units = {u.name: u for u in session.exec(select(Unit))}
    by_key = {normalise_name(name): unit for name, unit in units.items()}
    for entity in org:
        if entity.kind is EntityKind.ALL_CHIEFS:
            continue
        fields = unit_fields(entity)
        unit = units.get(entity.name) or by_key.get(normalise_name(entity.name))
        if unit is None:
            unit = Unit(name=entity.name, **fields)  # type: ignore[arg-type]
            session.add(unit)
            units[entity.name] = unit
            by_key[normalise_name(entity.name)] = unit
        else:
            for name, value in {"name": entity.name, **fields}.items():
                if getattr(unit, name) != value:
                    setattr(unit, name, value)
    session.flush()

    people = {p.name: p for p in session.exec(select(Person))}
    for entity in org.of_kind(EntityKind.PERSON):
        unit_id = units[entity.unit].id if entity.unit in units else None
        person = people.get(entity.name)
        if person is None:
            session.add(Person(name=entity.name, unit_id=unit_id, email=entity.email))
        else:
            person.unit_id = unit_id
            person.email = entity.email
    session.flush()
