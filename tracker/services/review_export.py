"""The secretariat's review decisions as training and evaluation data (ANNOTATION §1 records).

Every confirmed or rejected follow-up becomes one JSON object per line with the fields the
scorer reads (``doc``, ``item``, ``text``, ``responsible``, ``deadline``, ``optional``). The
corrections people made are the point: ``responsible`` and ``deadline`` are the current,
reviewed values, and ``text`` is the sentence as it stands in the minutes (the source
sentence, not the possibly reworded task), so a record can be matched against the extractor's
output. A rejected follow-up carries ``"rejected": true``: it is a negative example (the
extractor should not find it) and must not be read as gold. Manual follow-ups (the ones the
extractor missed) carry ``"origin": "manual"``; their text is what the secretary typed.

Follow-ups flagged stale (gone from a revised referat) are left out: their sentence is no
longer in the minutes. Rows are streamed in pages, never loaded all at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select as sql_select
from sqlmodel import Session, col

from tracker.models import FollowUp, Meeting, Review
from tracker.services.queries import split_responsible

BATCH = 500
DECIDED = (Review.CONFIRMED, Review.REJECTED)


def review_records(session: Session) -> Iterator[dict[str, Any]]:
    """One §1 record per reviewed follow-up, in document order (file, item, position)."""
    query = (
        sql_select(FollowUp, col(Meeting.source))
        .join(Meeting, col(Meeting.id) == col(FollowUp.meeting_id))
        .where(col(FollowUp.review).in_(DECIDED), col(FollowUp.stale).is_(False))
        .order_by(col(Meeting.source), col(FollowUp.item_number), col(FollowUp.span_start), col(FollowUp.id))
        .execution_options(yield_per=BATCH)
    )
    for follow_up, source in session.execute(query):
        yield record(follow_up, source)


def record(follow_up: FollowUp, source: str) -> dict[str, Any]:
    """The §1 record of one reviewed follow-up (see the module for the field choices)."""
    rejected = follow_up.review == Review.REJECTED
    result: dict[str, Any] = {
        "doc": source,
        "item": follow_up.item_number,
        "text": follow_up.source_text or follow_up.text,
        "responsible": split_responsible(follow_up.responsible),
        "deadline": follow_up.deadline.isoformat() if follow_up.deadline else None,
        "optional": False,
        "rejected": rejected,
        "origin": str(follow_up.origin),
    }
    if follow_up.text != result["text"]:
        result["task"] = follow_up.text
    return result


def export_review(session: Session, out: IO[str]) -> int:
    """Write every record as JSONL to ``out``; returns how many lines were written."""
    written = 0
    for item in review_records(session):
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
        written += 1
    return written


def export_review_file(session: Session, path: Path) -> int:
    """``export_review`` into a file that appears whole or not at all (written aside, then
    renamed), so a half-written export never passes for a complete one."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", encoding="utf-8") as out:
            written = export_review(session, out)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return written
