"""Follow-up detection (placeholder: keyword baseline until the spaCy pipeline lands)."""

from __future__ import annotations

import re

from nlp.models import FollowUp, Meeting, SectionKind
from nlp.organisation import Organisation

_KEYWORDS = re.compile(r"\b(skal|vil|udarbejde\w*|sørger|vender tilbage|eftersend\w*)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def detect_followups(meeting: Meeting, organisation: Organisation) -> list[FollowUp]:
    found: list[FollowUp] = []
    for item in meeting.items:
        decision = item.decision
        if decision is None:
            continue
        for match in _SENTENCE.finditer(decision.text):
            sentence = match.group().strip()
            if sentence and _KEYWORDS.search(sentence):
                start = decision.start + match.start() + (len(match.group()) - len(match.group().lstrip()))
                found.append(
                    FollowUp(
                        doc=meeting.source, item=item.number, text=sentence, start=start,
                        end=start + len(sentence), reason="keyword", section=SectionKind.DECISION,
                        meeting_date=meeting.date, forum=meeting.forum, case_number=item.case_number,
                        item_title=item.title,
                    )
                )
    return found
