"""Who a follow-up is assigned to: its responsible names, fanned out to one assignment per unit.

Ingest (extracted follow-ups, revised referater) and the follow-up service (a secretary's
edit, a manual follow-up) both go through here, so a name means the same units either way:

- a name is canonicalised by the organisation file when one is given, then found in the
  ``unit`` table by name or alias; a name nobody knows becomes a unit of kind ``external``,
  so the follow-up still has somebody to chase;
- "Alle chefer" means the chiefs of the meeting's own municipality: the units of its forum's
  organisation (``Organisation.units_of``; without a file, the ``unit.organisation`` column
  the last sync stored), and every unit of kind ``unit`` when the forum belongs to none.
  One file may hold several municipalities, and an Albertslund Chefforum must not hand
  tasks to Høje-Taastrup's centres.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from nlp.organisation import DEFAULT_ALL_CHIEFS, Entity, EntityKind, Organisation, normalise_name
from tracker.models import Assignment, Status, Unit, UnitKind
from tracker.services.organisation import unit_fields

UNIT_NAME_LIMIT = 200  # unit.name's column length

AssignmentHook = Callable[[Assignment, Unit], None]


@dataclass(frozen=True, slots=True)
class Responsible:
    """What a list of responsible names resolves to."""

    names: list[str]  # canonical, in order, without duplicates: for ``FollowUp.responsible``
    units: list[Unit]  # one per unit to assign, in order, without duplicates


class Assigner:
    """Resolves responsible names to ``Unit`` rows, creating external units as needed.

    Reads the unit table once (tens of rows: the organisation), so one ingest can resolve a
    whole document's follow-ups without a query per name. Make one per transaction: rows
    added by others meanwhile are not seen.
    """

    def __init__(self, session: Session, organisation: Organisation | None = None) -> None:
        self.session = session
        self.organisation = organisation
        self.everyone = organisation.all_chiefs if organisation is not None else DEFAULT_ALL_CHIEFS
        self._units: list[Unit] = list(session.exec(select(Unit).order_by(col(Unit.name))))
        self._by_name = {u.name: u for u in self._units}
        self._by_key: dict[str, Unit] = {}
        for unit in self._units:
            self._remember(unit)

    def resolve(self, names: Iterable[str], forum: str | None) -> Responsible:
        """The canonical names and the units they fan out to in a meeting of ``forum``."""
        canonical: list[str] = []
        found: dict[int, Unit] = {}
        for raw in names:
            entity = self.organisation.lookup(raw) if self.organisation is not None else None
            name = self.organisation.canonical(raw) if self.organisation is not None else raw.strip()
            if not name:
                continue
            if self._means_everyone(name, entity):
                canonical.append(self.everyone)
                for unit in self.chiefs(forum):
                    found.setdefault(_id(unit), unit)
                continue
            unit = self._unit(name, entity)
            canonical.append(unit.name)
            found.setdefault(_id(unit), unit)
        return Responsible(list(dict.fromkeys(canonical)), list(found.values()))

    def chiefs(self, forum: str | None) -> list[Unit]:
        """The units "Alle chefer" means in a meeting of ``forum`` (see module)."""
        if self.organisation is not None:
            return [self._unit(e.name, e) for e in self.organisation.units_of(forum)]
        units = [u for u in self._units if u.kind == UnitKind.UNIT]
        home = self._find(forum) if forum else None
        owner = home.organisation if home is not None else None
        if owner is None:
            return units
        return [u for u in units if u.organisation == owner]

    def _means_everyone(self, name: str, entity: Entity | None) -> bool:
        if entity is not None:
            return entity.kind is EntityKind.ALL_CHIEFS
        return normalise_name(name) in {normalise_name(DEFAULT_ALL_CHIEFS), normalise_name(self.everyone)}

    def _find(self, name: str) -> Unit | None:
        return self._by_name.get(name.strip()) or self._by_key.get(normalise_name(name))

    def _unit(self, name: str, entity: Entity | None) -> Unit:
        """The row for ``name``; a new one (of the entity's kind, else external) if none."""
        name = _clip(name)
        unit = self._find(name)
        if unit is not None:
            return unit
        fields = unit_fields(entity) if entity is not None else {"kind": UnitKind.EXTERNAL}
        unit = Unit(name=name, **fields)
        self.session.add(unit)
        self.session.flush()
        self._units.append(unit)
        self._by_name[unit.name] = unit
        self._remember(unit)
        return unit

    def _remember(self, unit: Unit) -> None:
        for alias in (unit.name, *unit.aliases.splitlines()):
            if alias.strip():
                self._by_key.setdefault(normalise_name(alias), unit)


def resolve(
    session: Session, names: Iterable[str], organisation: Organisation | None = None, *, forum: str | None = None
) -> Responsible:
    """``Assigner(session, organisation).resolve(names, forum)``, for a single follow-up."""
    return Assigner(session, organisation).resolve(names, forum)


def refan(
    session: Session,
    follow_up_id: int,
    wanted: Sequence[Unit],
    *,
    keep_done: bool = False,
    on_add: AssignmentHook | None = None,
    on_remove: AssignmentHook | None = None,
) -> bool:
    """Make a follow-up's assignments match ``wanted``; True if anything changed.

    Units that stay keep their assignment as it is (status, events); new ones start open;
    the others are deleted, except with ``keep_done`` a done one: a revised referat that no
    longer names a unit does not take back what that unit delivered. ``on_add`` sees each
    new assignment once it has an id, ``on_remove`` each removed one before it goes (its
    events still point at it), so the caller can log them.
    """
    current = list(
        session.exec(
            select(Assignment, Unit)
            .join(Unit, col(Unit.id) == col(Assignment.unit_id))
            .where(col(Assignment.follow_up_id) == follow_up_id)
            .order_by(col(Unit.name))
        )
    )
    have = {assignment.unit_id for assignment, _ in current}
    added: list[tuple[Assignment, Unit]] = []
    for unit in wanted:
        if _id(unit) not in have:
            have.add(_id(unit))
            added.append((Assignment(follow_up_id=follow_up_id, unit_id=_id(unit), status=Status.OPEN), unit))
    session.add_all([assignment for assignment, _ in added])
    session.flush()
    keep = {_id(unit) for unit in wanted}
    removed = [
        (assignment, unit)
        for assignment, unit in current
        if assignment.unit_id not in keep and not (keep_done and assignment.status == Status.DONE)
    ]
    for assignment, unit in added:
        if on_add is not None:
            on_add(assignment, unit)
    for assignment, unit in removed:
        if on_remove is not None:
            on_remove(assignment, unit)
        session.delete(assignment)
    session.flush()
    return bool(added or removed)


def _id(unit: Unit) -> int:
    assert unit.id is not None, "units are flushed when made"
    return unit.id


def _clip(name: str) -> str:
    name = name.strip()
    return name if len(name) <= UNIT_NAME_LIMIT else name[: UNIT_NAME_LIMIT - 1] + "…"
