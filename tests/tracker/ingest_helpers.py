"""Build small referater as the NLP layer would hand them over, for the ingest tests.

The texts are written for the tests (no real minutes). Offsets are computed, so spans,
items and decision sections are consistent with ``Meeting.text`` exactly as the contract says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from nlp.extract import Extraction
from nlp.models import AgendaItem, FollowUp, Meeting, Section, SectionKind


@dataclass(frozen=True)
class Said:
    """A sentence of a decision that the extractor reports as a follow-up."""

    text: str
    responsible: tuple[str, ...] = ()
    deadline: dt.date | None = None
    deadline_text: str | None = None
    confidence: float = 0.8
    reason: str = "test"


Minutes = Mapping[int, Sequence[Said | str]]  # agenda item number -> its decision's sentences


def build_extraction(
    items: Minutes,
    *,
    source: str = "referat.txt",
    forum: str | None = "Chefforum",
    date: dt.date | None = dt.date(2019, 1, 17),
    preamble: str = "",
) -> Extraction:
    """A meeting whose item N's decision holds the given sentences; ``Said`` ones are follow-ups."""
    text = f"REFERAT {forum or ''} {date.isoformat() if date else ''}\n\n{preamble}"
    agenda: list[AgendaItem] = []
    followups: list[FollowUp] = []
    for number, sentences in items.items():
        item_start = len(text)
        title = f"Punkt {number}: Sag nummer {number}"
        text += f"{title}\n\nBeslutning\n\n"
        decision_start = len(text)
        for sentence in sentences:
            said = sentence if isinstance(sentence, Said) else None
            words = said.text if said else str(sentence)
            start = len(text)
            text += words + " "
            if said is not None:
                followups.append(
                    FollowUp(
                        doc=source,
                        item=number,
                        text=words,
                        start=start,
                        end=start + len(words),
                        responsible=said.responsible,
                        deadline=said.deadline,
                        deadline_text=said.deadline_text,
                        confidence=said.confidence,
                        reason=said.reason,
                        meeting_date=date,
                        forum=forum,
                        item_title=title,
                    )
                )
        decision_end = len(text)
        text += "\n\n"
        decision = Section(
            SectionKind.DECISION, "Beslutning", text[decision_start:decision_end], decision_start, decision_end
        )
        agenda.append(AgendaItem(number, title, item_start, len(text), None, (decision,)))
    meeting = Meeting(source=source, text=text, items=tuple(agenda), forum=forum, date=date)
    return Extraction(meeting, tuple(followups))
