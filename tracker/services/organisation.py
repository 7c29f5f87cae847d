"""Keeps the ``unit`` and ``person`` tables in step with the organisation file.

Rows are updated and added, never deleted: assignments and events point at them, and a unit
that leaves the file still owns its old follow-ups. Every entity of the file becomes a
``Unit`` row (units, roles, forums and people can all be responsible); people also get a
``Person`` row linked to their unit. Each row keeps its entity's ``organisation`` (the
municipality), so "Alle chefer" fans out the same way when no organisation file is at hand.
"""

from __future__ import annotations

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
