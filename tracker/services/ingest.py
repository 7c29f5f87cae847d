"""Storing what the extractor found, without ever losing what people did with it.

``ingest_extraction`` stores exactly what ``nlp.extract.process_file`` returns: the meeting,
its agenda items, and each follow-up with one ``Assignment`` per responsible unit. The caller
owns the transaction (one per document), so a document is stored whole or not at all.

Re-ingesting is safe and is how a revised referat comes in:

- the same text again (same ``content_hash``) changes nothing;
- a revised referat of the same meeting (same ``key``: forum + date, else the file name) is
  matched follow-up by follow-up against what is stored. A match keeps its status, review
  decision (a rejection stays rejected), notes and events; only fields nobody edited are
  refreshed. People's edits are known from the event log: an ``Event`` with
  ``action="edit"`` and ``field`` one of ``text``/``deadline``/``responsible`` (not undone)
  marks that field as the user's, and so does ``text`` differing from ``source_text``;
- an extracted follow-up that vanished from the revision is flagged ``stale`` and sent back
  to review with an event, never deleted; manual follow-ups are never touched.

Responsible names become assignments through ``tracker.services.assignments`` (the same rules
as a secretary's edit: "Alle chefer" is the chiefs of the meeting forum's municipality).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from nlp import models as nlp
from nlp.extract import Extraction
from nlp.organisation import Organisation
from nlp.scoring import overlap, tokens
from tracker.models import (
    AgendaItem,
    Assignment,
    Event,
    FollowUp,
    Meeting,
    Origin,
    Review,
    Unit,
    new_change_id,
    utcnow,
)
from tracker.services import bulk
from tracker.services.actors import Actor, require_secretariat
from tracker.services.assignments import Assigner, refan
from tracker.services.organisation import ensure_organisation

MATCH_OVERLAP = Fraction(3, 5)  # ANNOTATION §5's matching threshold, reused for revisions
EDITABLE = frozenset({"text", "deadline", "responsible"})
RESPONSIBLE_SEPARATOR = "; "


class IngestStatus(StrEnum):
    NEW = "new"
    UNCHANGED = "unchanged"
    UPDATED = "updated"


class IngestError(Exception):
    """A document could not be stored; nothing of it was written. Meant for people to read."""


@dataclass(frozen=True, slots=True)
class IngestResult:
    meeting_key: str
    meeting_id: int
    source: str
    forum: str | None
    date: dt.date | None
    status: IngestStatus
    items: int
    followups_new: int = 0
    followups_updated: int = 0
    followups_unchanged: int = 0
    followups_stale: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "meeting": self.meeting_key,
            "meeting_id": self.meeting_id,
            "source": self.source,
            "forum": self.forum,
            "date": self.date.isoformat() if self.date else None,
            "status": self.status.value,
            "items": self.items,
            "followups_new": self.followups_new,
            "followups_updated": self.followups_updated,
            "followups_unchanged": self.followups_unchanged,
            "followups_stale": self.followups_stale,
        }


# --- identities --------------------------------------------------------------------------


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(text: str) -> str:
    """Same words in the same order, whatever the case, spacing and punctuation."""
    return hashlib.sha256(" ".join(tokens(text)).encode("utf-8")).hexdigest()


def meeting_key(meeting: nlp.Meeting, org: Organisation) -> str:
    """What makes two referater the same meeting: forum and date, else the file name."""
    if meeting.forum and meeting.date:
        return _clip(f"{org.canonical(meeting.forum)} {meeting.date.isoformat()}", 300)
    return _clip(meeting.source, 300)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clip_opt(text: str | None, limit: int) -> str | None:
    return None if text is None else _clip(text, limit)


# --- entry points ------------------------------------------------------------------------


def ingest_file(
    session: Session, path: Path | str, org: Organisation, actor: Actor, *, force: bool = False
) -> IngestResult:
    """Read, extract and store one referat. Raises ``nlp.errors.DocumentError`` for a file that
    cannot be read, before anything is written."""
    from nlp.extract import process_file

    require_secretariat(actor, "ingest minutes")
    extraction = process_file(path, org)
    return ingest_extraction(session, extraction, org, actor, Path(path), force=force)


def ingest_extraction(
    session: Session,
    extraction: Extraction,
    org: Organisation,
    actor: Actor,
    source_path: Path | str | None = None,
    *,
    force: bool = False,
) -> IngestResult:
    """Store one extraction (see module). ``force`` re-matches even identical text, for when
    the extractor itself has improved."""
    require_secretariat(actor, "ingest minutes")
    meeting = extraction.meeting
    key = meeting_key(meeting, org)
    digest = content_hash(meeting.text)
    # A meeting stored before its forum and date were recognised is known by its file name.
    known = {m.key: m for m in session.exec(select(Meeting).where(col(Meeting.key).in_({key, meeting.source})))}
    row = known.get(key) or known.get(meeting.source)
    if row is not None and row.content_hash == digest and row.key == key and not force:
        return _unchanged(session, row)

    ensure_organisation(session, org)
    store = _Store(session, org, actor.name, meeting.source, meeting.forum)
    if row is None:
        fields = _meeting_fields(meeting, source_path)
        (store.meeting_id,) = bulk.insert_rows_returning_ids(
            session, Meeting, [bulk.row(Meeting, key=key, content_hash=digest, **fields)]
        )
        items = store.sync_items(meeting.items, [])
        store.insert(extraction.followups, items)
        status = IngestStatus.NEW
    else:
        changed = row.content_hash != digest or row.key != key
        row.key = key
        for name, value in _meeting_fields(meeting, source_path).items():
            setattr(row, name, value)
        row.content_hash = digest
        row.ingested_at = utcnow()
        store.meeting_id = _id(row)
        old_items = list(
            session.exec(select(AgendaItem).where(AgendaItem.meeting_id == row.id).order_by(col(AgendaItem.position)))
        )
        items = store.sync_items(meeting.items, old_items)
        store.revise(extraction.followups, items)
        store.drop_vanished_items(old_items, items)
        touched = store.new or store.updated or store.stale
        status = IngestStatus.UPDATED if changed or touched else IngestStatus.UNCHANGED

    if status is not IngestStatus.UNCHANGED:
        store.log(
            None,
            "ingest",
            new=status.value,
            note=(
                f"{meeting.source}: {len(meeting.items)} items; follow-ups {store.new} new, "
                f"{store.updated} updated, {store.unchanged} unchanged, {store.stale} stale"
            ),
        )
    store.finish()
    return IngestResult(
        meeting_key=key,
        meeting_id=store.meeting_id,
        source=meeting.source,
        forum=meeting.forum,
        date=meeting.date,
        status=status,
        items=len(meeting.items),
        followups_new=store.new,
        followups_updated=store.updated,
        followups_unchanged=store.unchanged,
        followups_stale=store.stale,
    )


def _unchanged(session: Session, row: Meeting) -> IngestResult:
    items = session.exec(select(func.count()).select_from(AgendaItem).where(AgendaItem.meeting_id == row.id)).one()
    current = session.exec(
        select(func.count())
        .select_from(FollowUp)
        .where(FollowUp.meeting_id == row.id, FollowUp.origin == Origin.EXTRACTED, col(FollowUp.stale).is_(False))
    ).one()
    return IngestResult(
        meeting_key=row.key,
        meeting_id=_id(row),
        source=row.source,
        forum=row.forum,
        date=row.date,
        status=IngestStatus.UNCHANGED,
        items=items,
        followups_unchanged=current,
    )


def _meeting_fields(meeting: nlp.Meeting, source_path: Path | str | None) -> dict[str, Any]:
    return {
        "source": _clip(meeting.source, 300),
        "source_path": _clip_opt(str(source_path) if source_path is not None else None, 1000),
        "forum": _clip_opt(meeting.forum, 200),
        "date": meeting.date,
        "start_time": meeting.start_time.strftime("%H:%M") if meeting.start_time else None,
        "place": _clip_opt(meeting.place, 300),
        "participants": "\n".join(meeting.participants),
        "text": meeting.text,
    }


def _id(row: Meeting | AgendaItem | FollowUp | Unit) -> int:
    assert row.id is not None, "flushed rows have ids"
    return row.id


# --- the work of one document --------------------------------------------------------------

ItemRows = list[tuple[nlp.AgendaItem, int]]  # each agenda item of the referat and its row's id


class _Store:
    """One document's writes, with the counts the summary reports.

    New rows (items, follow-ups, assignments, events) go in as plain values, a statement per
    table (``tracker.services.bulk``); the rows a revision changes are updated as before. The
    events wait in ``events`` and go in last (``finish``), in the order they were logged.
    """

    def __init__(self, session: Session, org: Organisation, actor: str, source: str, forum: str | None) -> None:
        self.session = session
        self.org = org
        self.actor = actor
        self.source = source
        self.forum = forum
        self.meeting_id = 0
        self.change_id = new_change_id()  # one document is one change in the event log
        self.new = self.updated = self.unchanged = self.stale = 0
        self.events: list[bulk.Row] = []
        self._assigner = Assigner(session, org)

    def log(
        self,
        follow_up_id: int | None,
        action: str,
        *,
        field: str | None = None,
        old: str | None = None,
        new: str | None = None,
        note: str | None = None,
    ) -> None:
        """An event of this ingest, on a follow-up or (``None``) on the meeting."""
        self.events.append(
            bulk.row(
                Event,
                follow_up_id=follow_up_id,
                meeting_id=self.meeting_id,
                actor=self.actor,
                action=action,
                field=field,
                old=old,
                new=new,
                note=note,
                change_id=self.change_id,
            )
        )

    def finish(self) -> None:
        """Write the logged events and whatever else is pending."""
        bulk.insert_rows(self.session, Event, self.events)
        self.events = []
        self.session.flush()

    # agenda items

    def sync_items(self, items: Sequence[nlp.AgendaItem], old: list[AgendaItem]) -> ItemRows:
        """Update stored items in place (matched by printed number, else position) so links
        from follow-ups survive a revision; add the new ones."""
        by_number = {row.number: row for row in reversed(old) if row.number > 0}
        by_position = {row.position: row for row in old if row.number == 0}
        used: set[int] = set()  # stored rows already given to an item
        ids: list[int | None] = []  # None: a new row, its id comes with the insert
        new: list[bulk.Row] = []
        for position, item in enumerate(items):
            decision = item.decision
            values = {
                "position": position,
                "number": item.number,
                "title": _clip(item.title, 1000),
                "case_number": _clip_opt(item.case_number, 100),
                "span_start": item.start,
                "span_end": item.end,
                "decision_start": decision.start if decision else None,
                "decision_end": decision.end if decision else None,
            }
            row = by_number.get(item.number) if item.number > 0 else by_position.get(position)
            if row is None or _id(row) in used:
                new.append(bulk.row(AgendaItem, meeting_id=self.meeting_id, **values))
                ids.append(None)
                continue
            used.add(_id(row))
            for name, value in values.items():
                if getattr(row, name) != value:
                    setattr(row, name, value)
            ids.append(_id(row))
        new_ids = iter(bulk.insert_rows_returning_ids(self.session, AgendaItem, new))
        return [(item, ident if ident is not None else next(new_ids)) for item, ident in zip(items, ids, strict=True)]

    def drop_vanished_items(self, old: list[AgendaItem], kept: ItemRows) -> None:
        kept_ids = {ident for _, ident in kept}
        vanished = [_id(row) for row in old if _id(row) not in kept_ids]
        if not vanished:
            return
        # The foreign key says SET NULL too; doing it here keeps loaded objects in step.
        self.session.exec(update(FollowUp).where(col(FollowUp.item_id).in_(vanished)).values(item_id=None))
        for row in old:
            if _id(row) in vanished:
                self.session.delete(row)
        self.session.flush()

    @staticmethod
    def _item_of(followup: nlp.FollowUp, items: ItemRows) -> int | None:
        """The id of the agenda item the follow-up is in."""
        for item, ident in items:
            if item.start <= followup.start < item.end:
                return ident
        return next((ident for item, ident in items if item.number == followup.item), None)

    # responsibles

    def assign(self, row: FollowUp, names: Sequence[str]) -> bool:
        """Fan the names out to the meeting's units; a unit a revision no longer names keeps
        its assignment if it is done (it delivered), and loses it if it is still open."""
        wanted = self._assigner.resolve(names, self.forum).units
        return refan(self.session, _id(row), wanted, keep_done=True)

    # follow-ups

    def insert(self, followups: Sequence[nlp.FollowUp], items: ItemRows) -> None:
        """Add new follow-ups with their assignments and a "created" event each. A new
        follow-up has no assignments yet, so they are made directly rather than through
        ``refan``."""
        ids = bulk.insert_rows_returning_ids(self.session, FollowUp, [self._new_row(f, items) for f in followups])
        assignments: list[bulk.Row] = []
        for followup, ident in zip(followups, ids, strict=True):
            units = self._assigner.resolve(followup.responsible, self.forum).units
            assignments += [bulk.row(Assignment, follow_up_id=ident, unit_id=_id(unit)) for unit in units]
            self.log(
                ident,
                "created",
                note=f"extracted from {self.source}, item {followup.item} ({followup.reason or 'extractor'})",
            )
        bulk.insert_rows(self.session, Assignment, assignments)
        self.new += len(ids)

    def _new_row(self, followup: nlp.FollowUp, items: ItemRows) -> bulk.Row:
        return bulk.row(
            FollowUp,
            meeting_id=self.meeting_id,
            item_id=self._item_of(followup, items),
            item_number=followup.item,
            text=followup.text,
            source_text=followup.text,
            span_start=followup.start,
            span_end=followup.end,
            responsible=RESPONSIBLE_SEPARATOR.join(followup.responsible),
            deadline=followup.deadline,
            deadline_text=_clip_opt(followup.deadline_text, 300),
            confidence=followup.confidence,
            reason=_clip(followup.reason, 200),
            origin=Origin.EXTRACTED,
            review=Review.TO_REVIEW,
            fingerprint=fingerprint(followup.text),
        )

    def revise(self, followups: Sequence[nlp.FollowUp], items: ItemRows) -> None:
        stored = list(
            self.session.exec(
                select(FollowUp)
                .where(FollowUp.meeting_id == self.meeting_id, FollowUp.origin == Origin.EXTRACTED)
                .order_by(col(FollowUp.id))
            )
        )
        pairs = match_followups(followups, stored)
        edited = self._edited_fields([_id(row) for row in stored])
        matched_rows: set[int] = set()
        for index, followup in enumerate(followups):
            row = pairs.get(index)
            if row is not None:
                matched_rows.add(_id(row))
                self._refresh(row, followup, items, edited.get(_id(row), set()))
        self.insert([f for index, f in enumerate(followups) if index not in pairs], items)
        for row in stored:
            if _id(row) not in matched_rows and not row.stale:
                self._flag_stale(row)

    def _edited_fields(self, ids: list[int]) -> dict[int, set[str]]:
        edited: dict[int, set[str]] = defaultdict(set)
        if not ids:
            return edited
        events = self.session.exec(
            select(Event.follow_up_id, Event.field).where(
                col(Event.follow_up_id).in_(ids), Event.action == "edit", col(Event.undone).is_(False)
            )
        )
        for follow_up_id, field in events:
            if follow_up_id is not None and field in EDITABLE:
                edited[follow_up_id].add(field)
        return edited

    def _refresh(self, row: FollowUp, followup: nlp.FollowUp, items: ItemRows, edited: set[str]) -> None:
        silent: dict[str, Any] = {
            "source_text": followup.text,
            "fingerprint": fingerprint(followup.text),
            "span_start": followup.start,
            "span_end": followup.end,
            "confidence": followup.confidence,
            "reason": _clip(followup.reason, 200),
            "item_id": self._item_of(followup, items),
        }
        visible: dict[str, Any] = {"item_number": followup.item, "stale": False}
        if "text" not in edited and row.text == row.source_text:
            visible["text"] = followup.text
        if "deadline" not in edited:
            visible["deadline"] = followup.deadline
            visible["deadline_text"] = _clip_opt(followup.deadline_text, 300)
        if "responsible" not in edited:
            visible["responsible"] = RESPONSIBLE_SEPARATOR.join(followup.responsible)
        changed_visible = {k: v for k, v in visible.items() if getattr(row, k) != v}
        changed = {**{k: v for k, v in silent.items() if getattr(row, k) != v}, **changed_visible}
        assignments_changed = "responsible" not in edited and self.assign(row, followup.responsible)
        if not changed and not assignments_changed:
            self.unchanged += 1
            return
        revisions = [
            (name, _show(getattr(row, name)), _show(value))
            for name, value in changed_visible.items()
            if name != "deadline_text"
        ]
        if changed:
            self._write(row, changed)
        for name, old, new in revisions:
            self.log(_id(row), "revised", field=name, old=old, new=new, note=f"revised referat {self.source}")
        if changed_visible or assignments_changed:
            self.updated += 1
        else:
            self.unchanged += 1  # only where it sits in the text moved

    def _flag_stale(self, row: FollowUp) -> None:
        """Back to the review queue, so someone decides whether it still stands; a rejected one
        stays rejected (nobody needs to look again at what was never a follow-up)."""
        note = f"not found in the revised referat {self.source}"
        if row.review == Review.REJECTED:
            self._write(row, {"stale": True})
            self.log(_id(row), "stale", field="stale", old="false", new="true", note=f"{note}; stays rejected")
        else:
            old_review = row.review
            self._write(row, {"stale": True, "review": Review.TO_REVIEW})
            self.log(_id(row), "stale", field="review", old=_show(old_review), new=Review.TO_REVIEW.value, note=note)
        self.stale += 1

    def _write(self, row: FollowUp, values: dict[str, Any]) -> None:
        """Write under the row's version: if someone changed it meanwhile, give up the whole
        document rather than overwrite their work."""
        result = self.session.exec(
            update(FollowUp)
            .where(col(FollowUp.id) == row.id, col(FollowUp.version) == row.version)
            .values(**values, version=row.version + 1, updated_at=utcnow())
            .execution_options(synchronize_session="fetch")
        )
        if result.rowcount != 1:
            raise IngestError(
                f"follow-up {row.id} was changed by someone else while {self.source} was being stored; "
                "run the ingest again"
            )


def _show(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return str(value)


# --- matching ------------------------------------------------------------------------------


def match_followups(new: Sequence[nlp.FollowUp], stored: Sequence[FollowUp]) -> dict[int, FollowUp]:
    """Pair newly extracted follow-ups (by index) with stored ones, one to one.

    First the same words (fingerprint) in the same item, then the same words anywhere (the
    item was renumbered), then, in the same item, the best word overlap of at least 60 %
    (the sentence was reworded), best first.
    """
    pairs: dict[int, FollowUp] = {}
    taken: set[int] = set()
    prints = [fingerprint(f.text) for f in new]

    def exact(same_item: bool) -> None:
        for index, followup in enumerate(new):
            if index in pairs:
                continue
            for row in stored:
                if (
                    _id(row) not in taken
                    and row.fingerprint == prints[index]
                    and (not same_item or row.item_number == followup.item)
                ):
                    pairs[index] = row
                    taken.add(_id(row))
                    break

    exact(same_item=True)
    exact(same_item=False)
    candidates: list[tuple[Fraction, int, int, FollowUp]] = []
    for index, followup in enumerate(new):
        if index in pairs:
            continue
        for row in stored:
            if _id(row) in taken or row.item_number != followup.item:
                continue
            score = overlap(followup.text, row.source_text or row.text)
            if score >= MATCH_OVERLAP:
                candidates.append((score, index, _id(row), row))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    for _, index, row_id, row in candidates:
        if index not in pairs and row_id not in taken:
            pairs[index] = row
            taken.add(row_id)
    return pairs
