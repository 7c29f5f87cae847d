"""tracker.services.followups (and actors): status changes, permissions, events, versions, undo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.tracker import builders
from tests.tracker.builders import OTHER_SECRETARY, SECRETARY, chief
from tracker.config import ConfigError, Settings
from tracker.db import session_scope
from tracker.models import Assignment, Event, FollowUp, Origin, Review, Status, Unit, UnitKind
from tracker.services import followups as svc
from tracker.services.actors import PermissionDenied, Role, actor_from_settings
from tracker.services.queries import NotFound, get_followup_detail, list_followups

# Every database test here runs on SQLite and, when configured, on PostgreSQL.
pytestmark = pytest.mark.postgres


@pytest.fixture
def world(engine: Engine) -> dict[str, int]:
    """Ids of: a follow-up for Økonomi & Stab and Sundhed, one for Sundhed alone, one with no
    assignment, and the meeting."""
    with session_scope(engine) as s:
        units = builders.add_units(s)
        meeting = builders.add_meeting(s)
        two = builders.add_followup(s, meeting, [units["Økonomi & Stab"], units["Sundhed"]])
        one = builders.add_followup(s, meeting, [units["Sundhed"]], text="Sundhed svarer.")
        none = builders.add_followup(s, meeting, [], text="Der følges op.")
        return {"two": two.id or 0, "one": one.id or 0, "none": none.id or 0, "meeting": meeting.id or 0}


def statuses(engine: Engine, follow_up_id: int) -> tuple[Status, dict[str, Status]]:
    with Session(engine) as s:
        follow_up = s.get(FollowUp, follow_up_id)
        assert follow_up is not None
        rows = s.exec(
            select(Unit.name, Assignment.status)
            .join(Assignment, Assignment.unit_id == Unit.id)  # type: ignore[arg-type]
            .where(Assignment.follow_up_id == follow_up_id)
        ).all()
        return follow_up.status, {name: Status(status) for name, status in rows}


def events(engine: Engine, follow_up_id: int) -> list[Event]:
    with Session(engine) as s:
        return list(s.exec(select(Event).where(Event.follow_up_id == follow_up_id).order_by(Event.id)))  # type: ignore[arg-type]


def version(engine: Engine, follow_up_id: int) -> int:
    with Session(engine) as s:
        follow_up = s.get(FollowUp, follow_up_id)
        assert follow_up is not None
        return follow_up.version


# --- status ---------------------------------------------------------------------------------


def test_mark_done_per_unit_derives_the_follow_up_status(engine: Engine, world: dict[str, int]) -> None:
    fid = world["two"]
    with session_scope(engine) as s:
        svc.mark_done(s, SECRETARY, fid, unit="ØS", note="sendt")  # an alias of Økonomi & Stab
    assert statuses(engine, fid) == (Status.OPEN, {"Økonomi & Stab": Status.DONE, "Sundhed": Status.OPEN})
    with session_scope(engine) as s:
        done = svc.mark_done(s, SECRETARY, fid, unit="Sundhed")
        assert done.done_at is not None
    assert statuses(engine, fid) == (Status.DONE, {"Økonomi & Stab": Status.DONE, "Sundhed": Status.DONE})
    logged = [(e.actor, e.action, e.old, e.new, e.assignment_id is not None, e.note) for e in events(engine, fid)]
    assert logged == [
        ("sekretær", "status", "open", "done", True, "sendt"),
        ("sekretær", "status", "open", "done", True, None),
        ("sekretær", "status", "open", "done", False, None),  # the derived follow-up status
    ]
    assert version(engine, fid) == 3


def test_mark_done_without_unit_closes_every_assignment(engine: Engine, world: dict[str, int]) -> None:
    fid = world["two"]
    with session_scope(engine) as s:
        svc.mark_done(s, SECRETARY, fid)
    assert statuses(engine, fid) == (Status.DONE, {"Økonomi & Stab": Status.DONE, "Sundhed": Status.DONE})
    assert len(events(engine, fid)) == 3
    assert version(engine, fid) == 2  # one change, one bump


def test_reopening_one_unit_reopens_the_follow_up(engine: Engine, world: dict[str, int]) -> None:
    fid = world["two"]
    with session_scope(engine) as s:
        svc.mark_done(s, SECRETARY, fid)
    with session_scope(engine) as s:
        reopened = svc.reopen(s, SECRETARY, fid, unit="Sundhed")
        assert reopened.done_at is None
    assert statuses(engine, fid) == (Status.OPEN, {"Økonomi & Stab": Status.DONE, "Sundhed": Status.OPEN})


def test_a_follow_up_without_assignments_has_its_own_status(engine: Engine, world: dict[str, int]) -> None:
    fid = world["none"]
    with session_scope(engine) as s:
        svc.mark_done(s, SECRETARY, fid)
    assert statuses(engine, fid) == (Status.DONE, {})
    with session_scope(engine) as s:
        svc.reopen(s, SECRETARY, fid)
    assert statuses(engine, fid) == (Status.OPEN, {})


def test_no_op_and_wrong_unit_are_refused_without_writing(engine: Engine, world: dict[str, int]) -> None:
    fid = world["one"]
    with session_scope(engine) as s:
        svc.mark_done(s, SECRETARY, fid)
    with pytest.raises(svc.NothingToChange, match="already done"), session_scope(engine) as s:
        svc.mark_done(s, SECRETARY, fid)
    not_assigned = r"not assigned to 'Miljø & Teknik' \(assigned: Sundhed\)"
    with pytest.raises(svc.InvalidChange, match=not_assigned), session_scope(engine) as s:
        svc.reopen(s, SECRETARY, fid, unit="Miljø & Teknik")
    with pytest.raises(NotFound, match="no follow-up with id 999"), session_scope(engine) as s:
        svc.mark_done(s, SECRETARY, 999)
    assert len(events(engine, fid)) == 2
    assert version(engine, fid) == 2


# --- permissions ----------------------------------------------------------------------------


def test_a_chief_may_only_add_notes_to_their_own_follow_ups(engine: Engine, world: dict[str, int]) -> None:
    sundhed = chief("Sundhed", "Sundhedschefen")
    fid = world["one"]
    refused: list[Callable[[Session], object]] = [
        lambda s: svc.mark_done(s, sundhed, fid),
        lambda s: svc.reopen(s, sundhed, fid),
        lambda s: svc.review(s, sundhed, fid, Review.REJECTED),
        lambda s: svc.edit(s, sundhed, fid, text="Noget andet"),
        lambda s: svc.add_manual(s, sundhed, world["meeting"], 1, "Ny opgave", ["Sundhed"], None),
    ]
    for change in refused:
        denied = r"Sundhedschefen \(chief of Sundhed\) may not"
        with pytest.raises(PermissionDenied, match=denied), session_scope(engine) as s:
            change(s)
    assert events(engine, fid) == []
    with session_scope(engine) as s:
        note = svc.add_note(s, sundhed, fid, "  Vi   er i gang ")
        assert (note.actor, note.action, note.note) == ("Sundhedschefen", "note", "Vi er i gang")
    with pytest.raises(PermissionDenied, match="assigned to Sundhed"), session_scope(engine) as s:
        svc.add_note(s, chief("Miljø & Teknik"), fid, "Ikke vores")
    assert [e.action for e in events(engine, fid)] == ["note"]
    assert version(engine, fid) == 1  # a note changes no field


def test_actor_from_settings_canonicalises_the_chiefs_unit(tmp_path: Path) -> None:
    base = Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", user="anna")
    secretary = actor_from_settings(base)
    assert (secretary.role, secretary.unit) == (Role.SECRETARIAT, None)
    boss = actor_from_settings(base.with_overrides(role="chief", unit="Økonomi og Stab"))
    assert (boss.name, boss.role, boss.unit) == ("anna", Role.CHIEF, "Økonomi & Stab")
    with pytest.raises(ConfigError, match="no unit"):
        actor_from_settings(base.with_overrides(role="chief"))


# --- versions -------------------------------------------------------------------------------


def test_a_stale_expected_version_is_refused_with_who_and_when(
    db_url: str, engine: Engine, world: dict[str, int]
) -> None:
    """Two engines on one file, as two processes: A shows version 1, B changes it, A's change fails."""
    fid = world["two"]
    engine_a, engine_b = engine, builders.engine_for(db_url)
    shown = version(engine_a, fid)
    with session_scope(engine_b) as s:
        svc.edit(s, OTHER_SECRETARY, fid, deadline=dt.date(2024, 6, 1))
    stale = r"changed by kollega at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC.*reload"
    with pytest.raises(svc.StaleVersion, match=stale), session_scope(engine_a) as s:
        svc.mark_done(s, SECRETARY, fid, expected_version=shown)
    assert statuses(engine_a, fid)[0] == Status.OPEN
    with session_scope(engine_a) as s:  # reloaded: the current version goes through
        svc.mark_done(s, SECRETARY, fid, expected_version=version(engine_a, fid))
    assert statuses(engine_a, fid)[0] == Status.DONE
    engine_b.dispose()


def test_a_write_between_read_and_update_is_not_lost(db_url: str, engine: Engine, world: dict[str, int]) -> None:
    """B commits after A has read the row but before A's UPDATE: A's guarded UPDATE matches no
    row, so A fails instead of overwriting B's text."""
    fid = world["two"]
    engine_a, engine_b = engine, builders.engine_for(db_url)
    fired: list[str] = []

    def interleave(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.startswith("UPDATE follow_up SET version") and not fired:
            fired.append(statement)
            with session_scope(engine_b) as other:
                svc.edit(other, OTHER_SECRETARY, fid, text="B's tekst")

    sa_event.listen(engine_a, "before_cursor_execute", interleave)
    with pytest.raises(svc.StaleVersion, match="changed by kollega"), session_scope(engine_a) as s:
        svc.edit(s, SECRETARY, fid, text="A's tekst")
    assert fired
    with Session(engine_b) as s:
        stored = s.get(FollowUp, fid)
        assert stored is not None
        assert (stored.text, stored.version) == ("B's tekst", 2)
    assert [e.actor for e in events(engine_b, fid)] == ["kollega"]
    engine_b.dispose()


# --- edits, review, manual ------------------------------------------------------------------


def test_edit_logs_each_field_and_re_fans_the_assignments(engine: Engine, world: dict[str, int]) -> None:
    fid = world["two"]
    with session_scope(engine) as s:
        svc.mark_done(s, SECRETARY, fid, unit="Økonomi & Stab")
    with session_scope(engine) as s:
        svc.edit(
            s,
            SECRETARY,
            fid,
            text="Ny tekst",
            deadline=dt.date(2024, 4, 1),
            responsible=["Økonomi og Stab", "Miljø & Teknik", "Borgerservice Nord"],
        )
    _, units = statuses(engine, fid)
    assert units == {"Økonomi & Stab": Status.DONE, "Miljø & Teknik": Status.OPEN, "Borgerservice Nord": Status.OPEN}
    with Session(engine) as s:
        stored = s.get(FollowUp, fid)
        assert stored is not None
        assert (stored.text, stored.deadline, stored.responsible) == (
            "Ny tekst",
            dt.date(2024, 4, 1),
            "Økonomi & Stab; Miljø & Teknik; Borgerservice Nord",
        )
        external = s.exec(select(Unit).where(Unit.name == "Borgerservice Nord")).one()
        assert external.kind == UnitKind.EXTERNAL
    edits = [(e.field, e.old, e.new) for e in events(engine, fid) if e.action == "edit"]
    assert ("text", "Økonomi & Stab sender budgettet til cheferne senest 1. marts.", "Ny tekst") in edits
    assert ("deadline", None, "2024-04-01") in edits
    assert sum(1 for f, _, _ in edits if f == "assignment") == 3  # two added, Sundhed removed
    with session_scope(engine) as s:
        svc.edit(s, SECRETARY, fid, clear_deadline=True)
    with Session(engine) as s:
        assert s.get(FollowUp, fid).deadline is None  # type: ignore[union-attr]
    with pytest.raises(svc.NothingToChange), session_scope(engine) as s:
        svc.edit(s, SECRETARY, fid, text="Ny  tekst ")


def test_all_chiefs_fans_out_to_every_unit_and_reopens_a_done_follow_up(engine: Engine, world: dict[str, int]) -> None:
    fid = world["one"]
    with session_scope(engine) as s:
        svc.mark_done(s, SECRETARY, fid)
    with session_scope(engine) as s:
        svc.edit(s, SECRETARY, fid, responsible=["Alle chefer"])
    follow_up_status, units = statuses(engine, fid)
    assert units == {"Økonomi & Stab": Status.OPEN, "Miljø & Teknik": Status.OPEN, "Sundhed": Status.DONE}
    assert follow_up_status == Status.OPEN  # new units have not delivered yet


def test_review_and_rejected_follow_ups(engine: Engine, world: dict[str, int]) -> None:
    fid = world["one"]
    with session_scope(engine) as s:
        svc.review(s, SECRETARY, fid, Review.REJECTED, note="ikke en opgave")
    with pytest.raises(svc.InvalidChange, match="rejected"), session_scope(engine) as s:
        svc.mark_done(s, SECRETARY, fid)
    with pytest.raises(svc.NothingToChange), session_scope(engine) as s:
        svc.review(s, SECRETARY, fid, Review.REJECTED)
    [logged] = events(engine, fid)
    assert (logged.action, logged.old, logged.new, logged.note) == ("review", "confirmed", "rejected", "ikke en opgave")


def test_add_manual_creates_a_confirmed_follow_up_with_assignments(engine: Engine, world: dict[str, int]) -> None:
    with session_scope(engine) as s:
        created = svc.add_manual(
            s, SECRETARY, world["meeting"], 1, "Sundhed laver en plan", ["Sundhed", "ØS"], dt.date(2024, 5, 1)
        )
        fid = created.id or 0
        assert (created.origin, created.review, created.item_id is not None) == (Origin.MANUAL, Review.CONFIRMED, True)
    assert statuses(engine, fid) == (Status.OPEN, {"Sundhed": Status.OPEN, "Økonomi & Stab": Status.OPEN})
    assert [(e.action, e.actor) for e in events(engine, fid)] == [("created", "sekretær")]
    with pytest.raises(NotFound, match="no meeting"), session_scope(engine) as s:
        svc.add_manual(s, SECRETARY, 999, 0, "Forkert møde", [], None)


def test_a_manual_follow_up_may_have_no_meeting(engine: Engine, world: dict[str, int]) -> None:
    """Revision 0002: a task from a phone call is tracked like any other, listed and shown."""
    with session_scope(engine) as s:
        created = svc.add_manual(s, SECRETARY, None, 0, "Ring til borgeren", ["Sundhed"], dt.date(2024, 5, 1))
        fid = created.id or 0
        assert (created.meeting_id, created.item_id) == (None, None)
    assert statuses(engine, fid) == (Status.OPEN, {"Sundhed": Status.OPEN})
    assert [(e.action, e.meeting_id) for e in events(engine, fid)] == [("created", None)]
    with Session(engine) as s:
        rows = {r.id: r for r in list_followups(s, as_of=dt.date(2024, 6, 1), limit=100).items}
        assert fid in rows and world["two"] in rows
        assert (rows[fid].meeting_id, rows[fid].meeting_source, rows[fid].days_overdue) == (None, "", 31)
        detail = get_followup_detail(s, fid, as_of=dt.date(2024, 6, 1))
        assert (detail.row.text, detail.decision_text, detail.context) == ("Ring til borgeren", None, None)
    with session_scope(engine) as s:
        svc.mark_done(s, SECRETARY, fid)
    assert statuses(engine, fid) == (Status.DONE, {"Sundhed": Status.DONE})


# --- undo -----------------------------------------------------------------------------------


def test_undo_reverts_the_last_change_then_the_one_before(engine: Engine, world: dict[str, int]) -> None:
    fid = world["two"]
    with session_scope(engine) as s:
        svc.mark_done(s, SECRETARY, fid, unit="Sundhed")
    with session_scope(engine) as s:
        svc.edit(s, SECRETARY, fid, responsible=["Miljø & Teknik"], deadline=dt.date(2024, 2, 2))
    with session_scope(engine) as s:
        svc.mark_done(s, SECRETARY, fid)
    assert statuses(engine, fid) == (Status.DONE, {"Miljø & Teknik": Status.DONE})

    with session_scope(engine) as s:
        undone = svc.undo_last(s, SECRETARY)
        assert undone is not None and undone.action == "status"
    assert statuses(engine, fid) == (Status.OPEN, {"Miljø & Teknik": Status.OPEN})

    with session_scope(engine) as s:
        undone = svc.undo_last(s, SECRETARY)
        assert undone is not None and undone.action == "edit"
    assert statuses(engine, fid) == (Status.OPEN, {"Økonomi & Stab": Status.OPEN, "Sundhed": Status.DONE})
    with Session(engine) as s:
        stored = s.get(FollowUp, fid)
        assert stored is not None
        assert (stored.deadline, stored.responsible) == (None, "Økonomi & Stab; Sundhed")

    with session_scope(engine) as s:
        svc.undo_last(s, SECRETARY)
    assert statuses(engine, fid) == (Status.OPEN, {"Økonomi & Stab": Status.OPEN, "Sundhed": Status.OPEN})
    with session_scope(engine) as s:
        assert svc.undo_last(s, SECRETARY) is None

    logged = events(engine, fid)
    originals = [e for e in logged if e.action != "undo"]
    assert originals and all(e.undone for e in originals)
    assert sum(1 for e in logged if e.action == "undo") == len(originals)
    assert all(e.actor == "sekretær" for e in logged)


def test_undo_reverts_one_change_even_when_two_share_a_timestamp(
    engine: Engine, world: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Changes are grouped by their change id, not by the clock: a coarse clock (or two calls
    in one tick) must not make undo revert two changes at once."""
    tick = dt.datetime(2024, 3, 1, 12, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(svc, "utcnow", lambda: tick)
    fid = world["two"]
    with session_scope(engine) as s:
        svc.mark_done(s, SECRETARY, fid, unit="Sundhed")
    with session_scope(engine) as s:
        svc.edit(s, SECRETARY, fid, text="Ny tekst", deadline=dt.date(2024, 4, 1))
    assert len({e.at for e in events(engine, fid)}) == 1
    with session_scope(engine) as s:
        undone = svc.undo_last(s, SECRETARY)
        assert undone is not None and undone.action == "edit"
    with Session(engine) as s:
        stored = s.get(FollowUp, fid)
        assert stored is not None and (stored.text, stored.deadline) != ("Ny tekst", dt.date(2024, 4, 1))
    assert statuses(engine, fid)[1]["Sundhed"] == Status.DONE  # the earlier change stays
    logged = events(engine, fid)
    assert [(e.action, e.field, e.undone) for e in logged if e.action != "undo"] == [
        ("status", "status", False),
        ("edit", "text", True),
        ("edit", "deadline", True),
    ]
    assert len({e.change_id for e in logged}) == 3  # status change, edit, the undo itself


def test_undo_refuses_when_someone_changed_it_since(engine: Engine, world: dict[str, int]) -> None:
    fid = world["one"]
    with session_scope(engine) as s:
        svc.mark_done(s, SECRETARY, fid)
    with session_scope(engine) as s:
        svc.reopen(s, OTHER_SECRETARY, fid)
    with pytest.raises(svc.StaleVersion, match=r"cannot undo.*changed since by kollega"), session_scope(engine) as s:
        svc.undo_last(s, SECRETARY)
    assert statuses(engine, fid) == (Status.OPEN, {"Sundhed": Status.OPEN})
    assert not any(e.undone for e in events(engine, fid))


def test_undo_of_a_note_and_of_a_manual_follow_up(engine: Engine, world: dict[str, int]) -> None:
    sundhed = chief("Sundhed")
    with session_scope(engine) as s:
        svc.add_note(s, sundhed, world["one"], "forkert sag")
    with session_scope(engine) as s:
        undone = svc.undo_last(s, sundhed)
        assert undone is not None and undone.note == "forkert sag"
    assert [(e.action, e.undone) for e in events(engine, world["one"])] == [("note", True), ("undo", False)]
    with session_scope(engine) as s:
        fid = svc.add_manual(s, SECRETARY, world["meeting"], 2, "Dobbelt", ["Sundhed"], None).id or 0
    with session_scope(engine) as s:
        svc.undo_last(s, SECRETARY)
    with Session(engine) as s:
        assert s.get(FollowUp, fid).review == Review.REJECTED  # type: ignore[union-attr]
