"""Who is acting, and what they may do.

Permissions are enforced in the services, not in the shells: the CLI, the dashboard and any
future front end get the same answer from ``require_secretariat``/``require_unit``. The rule is
simple on purpose: the secretariat keeps the list (status, review, edits, manual follow-ups);
a chief reads it and may add notes to what is assigned to their own unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.config import Settings


class Role(StrEnum):
    SECRETARIAT = "secretariat"
    CHIEF = "chief"


class PermissionDenied(Exception):
    """The actor may not do this; the message says who, what and why, for people to read."""


@dataclass(frozen=True, slots=True)
class Actor:
    name: str  # written to Event.actor
    role: Role
    unit: str | None = None  # a chief's own unit, canonical name

    def __post_init__(self) -> None:
        if self.role is Role.CHIEF and not self.unit:
            raise ValueError(f"{self.name}: a chief must have a unit")

    @property
    def is_chief(self) -> bool:
        return self.role is Role.CHIEF

    def describe(self) -> str:
        return f"{self.name} (chief of {self.unit})" if self.is_chief else f"{self.name} (secretariat)"


def require_secretariat(actor: Actor, action: str) -> None:
    """Refuse anything but the secretariat; ``action`` completes "may not …"."""
    if actor.role is not Role.SECRETARIAT:
        raise PermissionDenied(f"{actor.describe()} may not {action}: only the secretariat can; chiefs may add notes")


def require_unit(actor: Actor, units: list[str], action: str) -> None:
    """A chief may act only on follow-ups assigned to their unit; the secretariat on any."""
    if actor.role is Role.SECRETARIAT or actor.unit in units:
        return
    assigned = ", ".join(units) or "nobody"
    raise PermissionDenied(f"{actor.describe()} may not {action}: it is assigned to {assigned}")


def actor_from_settings(settings: Settings) -> Actor:
    """The actor for a session; ``--as UNIT`` arrives here as role chief with that unit.

    The unit is canonicalised with the organisation file, so ``--as ØS`` and
    ``--as "Økonomi og Stab"`` are the same chief. A chief without a unit is a configuration
    error, raised as ``tracker.config.ConfigError``.
    """
    from tracker.config import ConfigError

    role = Role(settings.role)
    unit = settings.unit
    if role is Role.CHIEF:
        if not unit:
            raise ConfigError("user.role is chief but no unit is set (use --as UNIT or user.unit)")
        unit = settings.organisation().canonical(unit)
    return Actor(name=settings.user, role=role, unit=unit if role is Role.CHIEF else None)
