"""The organisation: units, roles, forums and people, with the aliases minutes use for them.

One place canonicalises a name (``Organisation.canonical``): the extractor, the importer and
the reports all ask it, so "Økonomi og Stab", "ØS" and "Chefen for Økonomi & Stab" are the
same unit everywhere. The file is TOML (see ``data/organisation.toml``) and is validated on
load: a municipality edits it by hand, so every mistake gets a message naming the entry.

One file may describe several municipalities (``organisation = "…"`` on an entry): "Alle
chefer" said in one municipality's forum means that municipality's chiefs, not its
neighbour's (``Organisation.units_of``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from nlp.errors import OrganisationError

DEFAULT_ALL_CHIEFS = "Alle chefer"

# Words that name the chief of a unit ("Chefen for X", "afdelingschefen for X", "Leder af X").
CHIEF_PREFIX = re.compile(
    r"^(?:(?:den\s+)?(?:konstituerede\s+)?"
    r"(?:afdelings|center|direktions|fag|område|stabs|it-?)?(?:chef(?:en)?|leder(?:en)?|direktør(?:en)?)"
    r"\s+(?:for|af|i|på)\s+)",
    re.IGNORECASE,
)


class EntityKind(StrEnum):
    UNIT = "unit"
    ROLE = "role"
    FORUM = "forum"
    PERSON = "person"
    ALL_CHIEFS = "all_chiefs"


@dataclass(frozen=True, slots=True)
class Entity:
    """Anything that can be responsible for a follow-up."""

    name: str
    kind: EntityKind
    aliases: tuple[str, ...] = ()
    chief: str | None = None  # the chief's name (units)
    email: str | None = None  # where the weekly report goes (units, people)
    unit: str | None = None  # a person's or role's unit, canonical name
    organisation: str | None = None  # the municipality it belongs to, when the file holds several


def normalise_name(text: str) -> str:
    """The comparison key for names: case-folded, "og" = "&", spacing and dashes folded.

    ANNOTATION §5 compares names this way, and so does every lookup here.
    """
    folded = text.casefold().replace("&", " og ")
    folded = re.sub(r"[\s\-–/.,()]+", " ", folded)
    return folded.strip()


@dataclass(slots=True)
class Organisation:
    """Units, roles, forums and people, looked up by any alias."""

    entities: list[Entity] = field(default_factory=list)
    all_chiefs: str = DEFAULT_ALL_CHIEFS
    all_chiefs_aliases: tuple[str, ...] = ()
    name: str = ""
    _index: dict[str, Entity] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._reindex()

    def _reindex(self) -> None:
        self._index = {}
        everyone = Entity(self.all_chiefs, EntityKind.ALL_CHIEFS, self.all_chiefs_aliases)
        for entity in [*self.entities, everyone]:
            for alias in (entity.name, *entity.aliases):
                self._index.setdefault(normalise_name(alias), entity)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities)

    def of_kind(self, *kinds: EntityKind) -> list[Entity]:
        return [e for e in self.entities if e.kind in kinds]

    @property
    def units(self) -> list[Entity]:
        return self.of_kind(EntityKind.UNIT)

    def units_of(self, forum: str | None) -> list[Entity]:
        """The units whose chiefs "Alle chefer" means in a meeting of ``forum`` (any alias): those
        of the forum's organisation. Every unit when the forum is unknown or belongs to none, so
        a file without ``organisation`` keys, or minutes from elsewhere, lose nobody."""
        entity = self.lookup(forum) if forum else None
        owner = entity.organisation if entity is not None else None
        units = self.units
        if owner is None:
            return units
        return [unit for unit in units if unit.organisation == owner]

    def lookup(self, name: str) -> Entity | None:
        """The entity a name refers to, by any alias, also behind "Chefen for …"."""
        key = normalise_name(name)
        found = self._index.get(key)
        if found is not None:
            return found
        stripped = CHIEF_PREFIX.sub("", name.strip())
        if stripped != name.strip():
            return self._index.get(normalise_name(stripped))
        return None

    def canonical(self, name: str) -> str:
        """The canonical spelling of a name; a name the file does not know is kept as written
        (minutes from other municipalities still get their unit or person)."""
        entity = self.lookup(name)
        if entity is not None:
            return entity.name
        stripped = CHIEF_PREFIX.sub("", name.strip())
        return stripped[:1].upper() + stripped[1:] if stripped else name.strip()

    def aliases(self) -> Iterable[tuple[str, Entity]]:
        """Every (alias, entity) pair, the canonical name included; for the ruler."""
        everyone = Entity(self.all_chiefs, EntityKind.ALL_CHIEFS, self.all_chiefs_aliases)
        for entity in [*self.entities, everyone]:
            for alias in dict.fromkeys((entity.name, *entity.aliases)):
                yield alias, entity


_SECTIONS: dict[str, EntityKind] = {
    "units": EntityKind.UNIT,
    "roles": EntityKind.ROLE,
    "forums": EntityKind.FORUM,
    "people": EntityKind.PERSON,
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _text(path: Path, where: str, value: Any, *, required: bool = True) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise OrganisationError(path, f"{where} must be a non-empty string, got {value!r}")
    return value.strip()


def _aliases(path: Path, where: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
        raise OrganisationError(path, f"{where}.aliases must be a list of non-empty strings")
    return tuple(a.strip() for a in value)


def _check_organisations(path: Path, entries: list[tuple[str, Entity]]) -> None:
    """Once one entry names its organisation, "Alle chefer" depends on it: every forum and unit
    must say which municipality it belongs to, and a misspelt one must not silently match no
    unit at all. ``entries``: (where in the file, entity)."""
    if all(entity.organisation is None for _, entity in entries):
        return
    units = {e.name: e for _, e in entries if e.kind is EntityKind.UNIT}
    with_units = sorted({u.organisation for u in units.values() if u.organisation is not None})
    for where, entity in entries:
        owner = entity.organisation
        if owner is None:
            if entity.kind in (EntityKind.UNIT, EntityKind.FORUM):
                raise OrganisationError(
                    path, f"{where} has no organisation; units and forums need one once any entry names one"
                )
            continue
        if owner not in with_units:
            raise OrganisationError(
                path, f"{where}.organisation {owner!r} has no units (known: {', '.join(with_units)})"
            )
        home = units[entity.unit].organisation if entity.unit is not None else None
        if home is not None and home != owner:
            raise OrganisationError(
                path, f"{where}.organisation is {owner!r} but its unit {entity.unit!r} belongs to {home!r}"
            )


def parse_organisation(data: dict[str, Any], path: Path | str = "<organisation>") -> Organisation:
    """Validate parsed TOML and build the organisation; raises OrganisationError."""
    path = Path(path)
    known = {"name", "all_chiefs", *_SECTIONS}
    unknown = sorted(set(data) - known)
    if unknown:
        raise OrganisationError(path, f"unknown top-level key(s): {', '.join(unknown)}")
    entities: list[Entity] = []
    places: list[tuple[str, Entity]] = []
    owner: dict[str, str] = {}
    for section, kind in _SECTIONS.items():
        rows = data.get(section, [])
        if not isinstance(rows, list):
            raise OrganisationError(path, f"[[{section}]] must be an array of tables")
        for n, row in enumerate(rows, start=1):
            where = f"{section}[{n}]"
            if not isinstance(row, dict):
                raise OrganisationError(path, f"{where} must be a table")
            extra = sorted(set(row) - {"name", "aliases", "chief", "email", "unit", "organisation"})
            if extra:
                raise OrganisationError(path, f"{where} has unknown key(s): {', '.join(extra)}")
            name = _text(path, f"{where}.name", row.get("name"))
            assert name is not None
            where = f"{section}[{n}] ({name})"
            email = _text(path, f"{where}.email", row.get("email"), required=False)
            if email is not None and not _EMAIL.match(email):
                raise OrganisationError(path, f"{where}.email is not an e-mail address: {email!r}")
            entity = Entity(
                name=name,
                kind=kind,
                aliases=_aliases(path, where, row.get("aliases")),
                chief=_text(path, f"{where}.chief", row.get("chief"), required=False),
                email=email,
                unit=_text(path, f"{where}.unit", row.get("unit"), required=False),
                organisation=_text(path, f"{where}.organisation", row.get("organisation"), required=False),
            )
            for alias in (entity.name, *entity.aliases):
                key = normalise_name(alias)
                if key in owner and owner[key] != entity.name:
                    raise OrganisationError(path, f"{where}: alias {alias!r} is already used by {owner[key]!r}")
                owner[key] = entity.name
            entities.append(entity)
            places.append((where, entity))
    unit_names = {e.name for e in entities if e.kind is EntityKind.UNIT}
    for entity in entities:
        if entity.unit is not None and entity.unit not in unit_names:
            raise OrganisationError(path, f"{entity.name!r} names unknown unit {entity.unit!r}")
    _check_organisations(path, places)
    all_chiefs = data.get("all_chiefs", {})
    if not isinstance(all_chiefs, dict):
        raise OrganisationError(path, "[all_chiefs] must be a table with name and aliases")
    return Organisation(
        entities=entities,
        all_chiefs=_text(path, "all_chiefs.name", all_chiefs.get("name", DEFAULT_ALL_CHIEFS)) or "",
        all_chiefs_aliases=_aliases(path, "all_chiefs", all_chiefs.get("aliases")),
        name=str(data.get("name", "")),
    )


def load_organisation(path: Path | str) -> Organisation:
    """Read and validate an organisation file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise OrganisationError(path, f"cannot read: {exc.strerror or exc}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise OrganisationError(path, f"not valid TOML: {exc}") from exc
    return parse_organisation(data, path)


def empty_organisation() -> Organisation:
    """An organisation that knows nobody: names are kept as written."""
    return Organisation()
