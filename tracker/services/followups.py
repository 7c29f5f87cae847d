"""Every change to a follow-up goes through here: status, review, edits, notes, manual
follow-ups and undo.

Three guarantees the CLI and the dashboard rely on:

- **Permissions** are checked here (``tracker.services.actors``), so no shell can forget them.
- **Nothing changes without an Event** (who, when, what, from, to, note). The events of one
  call share one timestamp and one ``change_id``; ``undo_last`` reverts exactly one change id.
- **No lost updates.** Each change first claims the follow-up with
  ``UPDATE follow_up SET version = v + 1 WHERE id = :id AND version = :v``. If another
  process got there first the UPDATE matches no row and ``StaleVersion`` says who changed it
  and when. Callers that showed the user a follow-up pass the version they showed as
  ``expected_version``; otherwise the version read in this transaction is used.

Notes are the exception to the version bump: a note changes no field, and bumping would make
a secretary's status change fail just because a chief commented at the same moment.
Services never commit: the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, or_, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from nlp.organisation import Organisation
from tracker.models import (
    AgendaItem,
    Assignment,
    Event,
    FollowUp,
    Meeting,
    Origin,
    Review,
    Status,
    Unit,
    new_change_id,
    utcnow,
)
from tracker.services.actors import Actor, require_secretariat, require_unit
from tracker.services.assignments import refan, resolve
from tracker.services.queries import (
    ASSIGNMENT_FIELD,
    RESPONSIBLE_SEPARATOR,
    NotFound,
    find_unit,
)

# Actions a person makes (and can undo); ingest writes others ("ingest", "created", …).
STATUS, REVIEW, EDIT, NOTE, CREATED, UNDO = "status", "review", "edit", "note", "created", "undo"
UNDOABLE = (STATUS, REVIEW, EDIT, NOTE)


class FollowUpError(Exception):
    """A change that cannot be made; the message is for people (the CLI prints it as is).
    (A missing follow-up raises ``NotFound``, shared with the queries.)"""


class InvalidChange(FollowUpError, ValueError):
    pass


class NothingToChange(InvalidChange):
    """The follow-up already is as asked (done twice, same text); nothing was written."""


class StaleVersion(FollowUpError):
    """Someone else changed the follow-up since it was read."""


# --- small helpers ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Change:
    """One logical change: its events share the time and the id that undo reverts them by."""

    at: dt.datetime
    id: str


def _begin() -> _Change:
    return _Change(utcnow(), new_change_id())


def _load(session: Session, follow_up_id: int) -> FollowUp:
    follow_up = session.get(FollowUp, follow_up_id, populate_existing=True)
    if follow_up is None:
        raise NotFound(f"no follow-up with id {follow_up_id}")
    return follow_up


def _assignments(session: Session, follow_up_id: int) -> list[tuple[Assignment, Unit]]:
    rows = session.exec(
        select(Assignment, Unit)
        .join(Unit, col(Unit.id) == col(Assignment.unit_id))
        .where(col(Assignment.follow_up_id) == follow_up_id)
        .order_by(col(Unit.name))
        .execution_options(populate_existing=True)
    )
    return [(a, u) for a, u in rows]


def _last_event(session: Session, follow_up_id: int) -> Event | None:
    return session.exec(
        select(Event)
        .where(col(Event.follow_up_id) == follow_up_id)
        .order_by(col(Event.at).desc(), col(Event.id).desc())
        .limit(1)
    ).first()


def _stale(session: Session, follow_up_id: int, expected: int) -> StaleVersion:
    event = _last_event(session, follow_up_id)
    if event is None:
        return StaleVersion(f"follow-up {follow_up_id} was changed by someone else; reload")
    when = event.at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return StaleVersion(
        f"follow-up {follow_up_id} was changed by {event.actor} at {when} (you had version {expected}); reload"
    )


def _claim(session: Session, follow_up: FollowUp, expected_version: int | None, now: dt.datetime) -> None:
    """Bump the version if it still is what the caller saw; the one write that detects races."""
    assert follow_up.id is not None
    base = follow_up.version if expected_version is None else expected_version
    if base != follow_up.version:
        raise _stale(session, follow_up.id, base)
    result = session.exec(
        update(FollowUp)
        .where(col(FollowUp.id) == follow_up.id, col(FollowUp.version) == base)
        .values(version=base + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise _stale(session, follow_up.id, base)
    set_committed_value(follow_up, "version", base + 1)
    set_committed_value(follow_up, "updated_at", now)


def _log(
    session: Session,
    actor: Actor,
    follow_up: FollowUp,
    change: _Change,
    action: str,
    *,
    field: str | None = None,
    old: str | None = None,
    new: str | None = None,
    note: str | None = None,
    assignment_id: int | None = None,
) -> Event:
    event = Event(
        follow_up_id=follow_up.id,
        meeting_id=follow_up.meeting_id,
        assignment_id=assignment_id,
        actor=actor.name,
        at=change.at,
        action=action,
        field=field,
        old=old,
        new=new,
        note=note,
        change_id=change.id,
    )
    session.add(event)
    return event


def _text(value: str, what: str) -> str:
    cleaned = " ".join(value.split())
    if not cleaned:
        raise InvalidChange(f"{what} cannot be empty")
    return cleaned


def _derive_status(follow_up: FollowUp, assignments: Sequence[Assignment]) -> Status:
    """Done when every assignment is done; a follow-up without assignments keeps its own."""
    if not assignments:
        return follow_up.status
    return Status.DONE if all(a.status == Status.DONE for a in assignments) else Status.OPEN


def _set_status_fields(target: Assignment | FollowUp, status: Status, now: dt.datetime) -> None:
    target.status = status
    target.done_at = now if status == Status.DONE else None


def _sync_follow_up_status(
    session: Session, actor: Actor, follow_up: FollowUp, change: _Change, note: str | None = None
) -> None:
    assignments = [a for a, _ in _assignments(session, follow_up.id or 0)]
    derived = _derive_status(follow_up, assignments)
    if derived != follow_up.status:
        _log(session, actor, follow_up, change, STATUS, field="status", old=follow_up.status, new=derived, note=note)
        _set_status_fields(follow_up, derived, change.at)


# --- responsible → units -------------------------------------------------------------------


def resolve_responsible(
    session: Session, names: Sequence[str], organisation: Organisation | None = None, meeting_id: int | None = None
) -> tuple[list[str], list[Unit]]:
    """The canonical names (for ``FollowUp.responsible``) and the units they fan out to, by the
    rules ingest uses too (``tracker.services.assignments``): "Alle chefer" means the chiefs of
    the municipality of the meeting's forum, every unit without a meeting."""
    meeting = session.get(Meeting, meeting_id) if meeting_id is not None else None
    found = resolve(session, names, organisation, forum=meeting.forum if meeting is not None else None)
    return found.names, found.units


def _assignment_json(unit: Unit, assignment: Assignment, events: Sequence[int] = ()) -> str:
    """One assignment's state for an edit event; ``events``: the events about it, which the
    database unlinks when the assignment is deleted and undo links again when it comes back."""
    done_at = assignment.done_at.isoformat() if assignment.done_at else None
    state: dict[str, object] = {"unit": unit.name, "status": str(assignment.status), "done_at": done_at}
    if events:
        state["events"] = list(events)
    return json.dumps(state, ensure_ascii=False)


def _events_about(session: Session, assignment: Assignment) -> list[int]:
    ids = session.exec(select(Event.id).where(col(Event.assignment_id) == assignment.id))
    return [i for i in ids if i is not None]


def _refan(
    session: Session,
    actor: Actor | None,
    follow_up: FollowUp,
    wanted: Sequence[Unit],
    change: _Change,
) -> None:
    """Make the assignments match ``wanted`` (``tracker.services.assignments.refan``: units
    that stay keep their status, new ones start open, removed ones are deleted) and log each
    added and removed one; a removed one's last state is kept in its event for undo.
    ``actor`` None: don't log (a follow-up being created logs one "created" event)."""
    assert follow_up.id is not None
    if actor is None:
        refan(session, follow_up.id, wanted)
        return
    who = actor

    def added(assignment: Assignment, unit: Unit) -> None:
        new = _assignment_json(unit, assignment)
        _log(session, who, follow_up, change, EDIT, field=ASSIGNMENT_FIELD, new=new, assignment_id=assignment.id)

    def removed(assignment: Assignment, unit: Unit) -> None:
        state = _assignment_json(unit, assignment, _events_about(session, assignment))
        _log(session, who, follow_up, change, EDIT, field=ASSIGNMENT_FIELD, old=state)

    refan(session, follow_up.id, wanted, on_add=added, on_remove=removed)


# --- status ----------------------------------------------------------------------------------


def mark_done(
    session: Session,
    actor: Actor,
    follow_up_id: int,
    unit: str | None = None,
    note: str | None = None,
    expected_version: int | None = None,
) -> FollowUp:
    """Mark one unit's assignment done (``unit``, any alias), or all of them when None."""
    return _change_status(session, actor, follow_up_id, Status.DONE, unit, note, expected_version)


def reopen(
    session: Session,
    actor: Actor,
    follow_up_id: int,
    unit: str | None = None,
    note: str | None = None,
    expected_version: int | None = None,
) -> FollowUp:
    """Open one unit's assignment again (or all); the follow-up is then open too."""
    return _change_status(session, actor, follow_up_id, Status.OPEN, unit, note, expected_version)


def _change_status(
    session: Session,
    actor: Actor,
    follow_up_id: int,
    target: Status,
    unit: str | None,
    note: str | None,
    expected_version: int | None,
) -> FollowUp:
    verb = "mark follow-ups done" if target == Status.DONE else "reopen follow-ups"
    require_secretariat(actor, verb)
    follow_up = _load(session, follow_up_id)
    if follow_up.review == Review.REJECTED:
        raise InvalidChange(f"follow-up {follow_up_id} is rejected; confirm it before changing its status")
    pairs = _assignments(session, follow_up_id)
    chosen = pairs
    if unit is not None:
        wanted = find_unit(session, unit)
        chosen = [(a, u) for a, u in pairs if wanted is not None and u.id == wanted.id]
        if not chosen:
            assigned = ", ".join(u.name for _, u in pairs) or "nobody"
            raise InvalidChange(f"follow-up {follow_up_id} is not assigned to {unit!r} (assigned: {assigned})")
    changing = [(a, u) for a, u in chosen if a.status != target]
    follow_up_changes = not pairs and follow_up.status != target
    if not changing and not follow_up_changes:
        whose = f"{chosen[0][1].name}'s part of " if unit is not None else ""
        raise NothingToChange(f"{whose}follow-up {follow_up_id} is already {target}")
    change = _begin()
    now = change.at
    _claim(session, follow_up, expected_version, now)
    for assignment, _unit in changing:
        _log(
            session,
            actor,
            follow_up,
            change,
            STATUS,
            field="status",
            old=assignment.status,
            new=target,
            note=note,
            assignment_id=assignment.id,
        )
        _set_status_fields(assignment, target, now)
        assignment.version += 1
    if follow_up_changes:
        _log(session, actor, follow_up, change, STATUS, field="status", old=follow_up.status, new=target, note=note)
        _set_status_fields(follow_up, target, now)
    else:
        session.flush()
        _sync_follow_up_status(session, actor, follow_up, change)
    session.flush()
    return follow_up


# --- review, notes, edits --------------------------------------------------------------------


def review(
    session: Session,
    actor: Actor,
    follow_up_id: int,
    decision: Review,
    *,
    note: str | None = None,
    expected_version: int | None = None,
) -> FollowUp:
    """Confirm or reject an extracted follow-up (or send it back to the queue). A rejection
    survives re-ingesting the same minutes: ingest keeps the review of what it matches."""
    require_secretariat(actor, "review follow-ups")
    follow_up = _load(session, follow_up_id)
    if follow_up.review == decision:
        raise NothingToChange(f"follow-up {follow_up_id} is already {decision}")
    change = _begin()
    _claim(session, follow_up, expected_version, change.at)
    _log(session, actor, follow_up, change, REVIEW, field="review", old=follow_up.review, new=decision, note=note)
    follow_up.review = decision
    session.flush()
    return follow_up


def add_note(session: Session, actor: Actor, follow_up_id: int, text: str) -> Event:
    """A note on a follow-up; chiefs may note what is assigned to their own unit."""
    follow_up = _load(session, follow_up_id)
    units = [u.name for _, u in _assignments(session, follow_up_id)]
    require_unit(actor, units, f"add notes to follow-up {follow_up_id}")
    event = _log(session, actor, follow_up, _begin(), NOTE, note=_text(text, "a note"))
    session.flush()
    return event


def edit(
    session: Session,
    actor: Actor,
    follow_up_id: int,
    *,
    text: str | None = None,
    deadline: dt.date | None = None,
    clear_deadline: bool = False,
    responsible: Sequence[str] | None = None,
    expected_version: int | None = None,
    organisation: Organisation | None = None,
) -> FollowUp:
    """Change the task text, the deadline (``clear_deadline`` removes it) or who is responsible.

    None means "leave as is". A new responsible list re-fans the assignments (see ``_refan``);
    ``organisation`` canonicalises the names ("ØS" → "Økonomi & Stab") when given.
    """
    require_secretariat(actor, "edit follow-ups")
    if clear_deadline and deadline is not None:
        raise InvalidChange("give a new deadline or clear it, not both")
    follow_up = _load(session, follow_up_id)
    changes: list[tuple[str, str | None, str | None]] = []
    new_text = _text(text, "the text") if text is not None else follow_up.text
    if new_text != follow_up.text:
        changes.append(("text", follow_up.text, new_text))
    new_deadline = None if clear_deadline else (deadline or follow_up.deadline)
    if new_deadline != follow_up.deadline:
        changes.append(("deadline", _iso(follow_up.deadline), _iso(new_deadline)))
    units: list[Unit] | None = None
    joined = follow_up.responsible
    if responsible is not None:
        names, units = resolve_responsible(session, responsible, organisation, follow_up.meeting_id)
        joined = RESPONSIBLE_SEPARATOR.join(names)
        if joined != follow_up.responsible:
            changes.append(("responsible", follow_up.responsible, joined))
        else:
            units = None
    if not changes:
        raise NothingToChange(f"follow-up {follow_up_id}: nothing to change")
    change = _begin()
    _claim(session, follow_up, expected_version, change.at)
    for field, old, new in changes:
        _log(session, actor, follow_up, change, EDIT, field=field, old=old, new=new)
    follow_up.text = new_text
    follow_up.deadline = new_deadline
    if units is not None:
        follow_up.responsible = joined
        _refan(session, actor, follow_up, units, change)
        _sync_follow_up_status(session, actor, follow_up, change)
    session.flush()
    return follow_up


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def add_manual(
    session: Session,
    actor: Actor,
    meeting_id: int | None,
    item_number: int,
    text: str,
    responsible: Sequence[str],
    deadline: dt.date | None,
    *,
    organisation: Organisation | None = None,
) -> FollowUp:
    """A follow-up the secretariat writes by hand: origin manual, already confirmed.

    ``meeting_id`` None: a task that came from no meeting (a phone call, an e-mail); it is
    listed and reported like any other, without a meeting.
    """
    require_secretariat(actor, "add follow-ups")
    cleaned = _text(text, "the text")
    item = None
    if meeting_id is not None:
        if session.get(Meeting, meeting_id) is None:
            raise NotFound(f"no meeting with id {meeting_id}")
        item = session.exec(
            select(AgendaItem)
            .where(col(AgendaItem.meeting_id) == meeting_id, col(AgendaItem.number) == item_number)
            .order_by(col(AgendaItem.position))
        ).first()
    names, units = resolve_responsible(session, responsible, organisation, meeting_id)
    change = _begin()
    now = change.at
    follow_up = FollowUp(
        meeting_id=meeting_id,
        item_id=item.id if item is not None else None,
        item_number=item_number,
        text=cleaned,
        responsible=RESPONSIBLE_SEPARATOR.join(names),
        deadline=deadline,
        review=Review.CONFIRMED,
        origin=Origin.MANUAL,
        confidence=1.0,
        reason="added by hand",
        created_at=now,
        updated_at=now,
    )
    session.add(follow_up)
    session.flush()
    _log(session, actor, follow_up, change, CREATED, field="origin", new=Origin.MANUAL)
    _refan(session, None, follow_up, units, change)
    session.flush()
    return follow_up


# --- undo ------------------------------------------------------------------------------------


def undo_last(session: Session, actor: Actor) -> Event | None:
    """Undo the actor's last change (the events sharing its ``change_id``); None when there is none.

    The old values come back, the events are marked undone and each gets an "undo" event.
    Undoing a manual follow-up's creation rejects it (nothing is deleted). If someone changed
    the same thing since, ``StaleVersion`` says who and nothing is undone.
    """
    last = session.exec(
        select(Event)
        .where(
            col(Event.actor) == actor.name,
            col(Event.undone).is_(False),
            or_(
                col(Event.action).in_(UNDOABLE),
                and_(col(Event.action) == CREATED, col(Event.field) == "origin", col(Event.new) == Origin.MANUAL),
            ),
        )
        .order_by(col(Event.at).desc(), col(Event.id).desc())
        .limit(1)
    ).first()
    if last is None or last.follow_up_id is None:
        return None
    group = session.exec(
        select(Event)
        .where(
            col(Event.change_id) == last.change_id,
            col(Event.actor) == actor.name,
            col(Event.follow_up_id) == last.follow_up_id,
            col(Event.undone).is_(False),
            col(Event.action) != UNDO,
        )
        .order_by(col(Event.id).desc())
    ).all()
    follow_up = _load(session, last.follow_up_id)
    if any(e.action != NOTE for e in group):
        require_secretariat(actor, "undo changes to follow-ups")
    change = _begin()
    if any(e.action != NOTE for e in group):
        _claim(session, follow_up, None, change.at)
    for event in group:
        assignment_id = _revert(session, follow_up, event, change.at)
        event.undone = True
        _log(
            session,
            actor,
            follow_up,
            change,
            UNDO,
            field=event.field,
            old=event.new,
            new=event.old,
            note=f"undo of event {event.id} ({event.action})",
            assignment_id=assignment_id,
        )
    session.flush()
    return last


def _conflict(session: Session, follow_up: FollowUp, what: str) -> StaleVersion:
    latest = _last_event(session, follow_up.id or 0)
    who = f" by {latest.actor}" if latest is not None else ""
    return StaleVersion(f"cannot undo: {what} of follow-up {follow_up.id} was changed since{who}; reload")


def _revert(session: Session, follow_up: FollowUp, event: Event, now: dt.datetime) -> int | None:
    """Put back what ``event`` changed; returns the assignment it is about, if it still exists."""
    if event.action == NOTE:
        return None
    if event.action == CREATED:
        follow_up.review = Review.REJECTED
        return None
    if event.field == ASSIGNMENT_FIELD:
        return _revert_assignment(session, follow_up, event)
    if event.field == "status" and event.assignment_id is not None:
        assignment = session.get(Assignment, event.assignment_id)
        if assignment is None or assignment.status != event.new:
            raise _conflict(session, follow_up, "a unit's status")
        _set_status_fields(assignment, Status(event.old or Status.OPEN), _done_at(session, event, now))
        assignment.version += 1
        return assignment.id
    current = {
        "status": follow_up.status,
        "review": follow_up.review,
        "text": follow_up.text,
        "deadline": _iso(follow_up.deadline),
        "responsible": follow_up.responsible,
    }
    if event.field not in current or current[event.field] != event.new:
        raise _conflict(session, follow_up, event.field or event.action)
    if event.field == "status":
        _set_status_fields(follow_up, Status(event.old or Status.OPEN), _done_at(session, event, now))
    elif event.field == "review":
        follow_up.review = Review(event.old or Review.TO_REVIEW)
    elif event.field == "text":
        follow_up.text = event.old or ""
    elif event.field == "deadline":
        follow_up.deadline = dt.date.fromisoformat(event.old) if event.old else None
    else:
        follow_up.responsible = event.old or ""
    return None


def _done_at(session: Session, event: Event, now: dt.datetime) -> dt.datetime:
    """When a reopened thing was done before (the latest earlier "done" event), for undoing a reopen."""
    earlier = session.exec(
        select(Event.at)
        .where(
            col(Event.follow_up_id) == event.follow_up_id,
            col(Event.assignment_id).is_(None)
            if event.assignment_id is None
            else col(Event.assignment_id) == event.assignment_id,
            col(Event.field) == "status",
            col(Event.new) == Status.DONE,
            col(Event.undone).is_(False),
            col(Event.id) < (event.id or 0),
        )
        .order_by(col(Event.id).desc())
        .limit(1)
    ).first()
    return earlier or now


def _revert_assignment(session: Session, follow_up: FollowUp, event: Event) -> int | None:
    state = json.loads(event.new or event.old or "{}")
    unit = find_unit(session, state.get("unit", ""))
    existing = {u.id: a for a, u in _assignments(session, follow_up.id or 0)}
    if event.new is not None:  # it was added: remove it again
        assignment = existing.get(unit.id) if unit is not None else None
        if assignment is None:
            raise _conflict(session, follow_up, "the responsible units")
        session.delete(assignment)
        session.flush()
        return None
    # it was removed: bring it back as it was
    if unit is None or unit.id in existing:
        raise _conflict(session, follow_up, "the responsible units")
    done_at = dt.datetime.fromisoformat(state["done_at"]) if state.get("done_at") else None
    restored = Assignment(
        follow_up_id=follow_up.id or 0, unit_id=unit.id or 0, status=Status(state["status"]), done_at=done_at
    )
    session.add(restored)
    session.flush()
    if state.get("events"):
        session.exec(
            update(Event)
            .where(col(Event.id).in_(state["events"]))
            .values(assignment_id=restored.id)
            .execution_options(synchronize_session="fetch")
        )
    return restored.id
