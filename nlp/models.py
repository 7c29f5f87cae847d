"""Plain data passed between the NLP stages and handed to the tracker.

These are frozen dataclasses on purpose: the NLP layer is pure (text in, data out), and the
tracker stores what it receives. Character offsets always refer to ``Meeting.text``, the
normalised text of the whole document, so a follow-up can be shown in its context later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum


class SectionKind(StrEnum):
    """What a section of an agenda item holds; the Danish headings map onto these."""

    BACKGROUND = "background"  # Anledning, Baggrund, Resume, Formål
    PRESENTATION = "presentation"  # Sagsfremstilling, Sagsbeskrivelse
    PROPOSAL = "proposal"  # Indstilling, Forslag
    DECISION = "decision"  # Beslutning (this meeting's or a quoted earlier one, see Section.current)
    ATTACHMENTS = "attachments"  # Bilag
    OTHER = "other"  # any other heading (Økonomi, Høring, Tidsplan, …)


@dataclass(frozen=True, slots=True)
class Section:
    """One headed part of an agenda item.

    ``current`` matters only for decisions: an item may quote the decisions of earlier
    meetings (``BESLUTNING I CHEFFORUM DEN 21-05-2015``); those are history and carry
    ``current=False``. ``decided_on`` is the date printed in the heading, when there is one.
    """

    kind: SectionKind
    heading: str
    text: str
    start: int
    end: int
    current: bool = True
    decided_on: date | None = None


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """A dagsordenspunkt. ``number`` is the number as printed (0 when the layout has none)."""

    number: int
    title: str
    start: int
    end: int
    case_number: str | None = None
    sections: tuple[Section, ...] = ()

    def sections_of(self, kind: SectionKind) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.kind is kind)

    @property
    def decision(self) -> Section | None:
        """This meeting's decision: the last current decision section, if any."""
        current = [s for s in self.sections if s.kind is SectionKind.DECISION and s.current]
        return current[-1] if current else None

    @property
    def proposal(self) -> Section | None:
        proposals = self.sections_of(SectionKind.PROPOSAL)
        return proposals[-1] if proposals else None


@dataclass(frozen=True, slots=True)
class Meeting:
    """A referat parsed into its meeting facts and agenda items."""

    source: str  # file name, as the follow-ups' ``doc``
    text: str  # the whole normalised text; every offset points into it
    items: tuple[AgendaItem, ...]
    forum: str | None = None
    date: date | None = None
    start_time: time | None = None
    place: str | None = None
    participants: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Deadline:
    """A resolved deadline expression. ``due`` is None for expressions that set no date
    ("til næste møde", "snarest"): the text was seen, but it records no date."""

    due: date | None
    text: str
    rule: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One commitment found in the minutes (ANNOTATION §1), with its provenance.

    ``start``/``end`` locate ``text`` in ``Meeting.text``. ``reason`` names the rule that
    found it, so the secretariat can see why it was picked up.
    """

    doc: str
    item: int
    text: str
    start: int
    end: int
    responsible: tuple[str, ...] = ()
    deadline: date | None = None
    deadline_text: str | None = None
    confidence: float = 0.5
    reason: str = ""
    section: SectionKind = SectionKind.DECISION
    meeting_date: date | None = None
    forum: str | None = None
    case_number: str | None = None
    item_title: str | None = None
    extras: dict[str, str] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, object]:
        """The ANNOTATION §1 record plus the extras `tracker extract` prints."""
        return {
            "doc": self.doc,
            "item": self.item,
            "text": self.text,
            "responsible": list(self.responsible),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_text": self.deadline_text,
            "confidence": round(self.confidence, 3),
            "reason": self.reason,
            "section": self.section.value,
            "meeting_date": self.meeting_date.isoformat() if self.meeting_date else None,
            "forum": self.forum,
            "case_number": self.case_number,
            "span": [self.start, self.end],
        }
