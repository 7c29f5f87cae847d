"""One fan-out for ingest and edits: "Alle chefer" means the chiefs of the meeting's municipality.

The demo organisation file holds two municipalities: Albertslund (Chefforum; Økonomi & Stab,
Miljø & Teknik, …) and Høje-Taastrup (Direktionen; CBA, SPC, CEIS, SAC, ØAC).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from nlp.organisation import Organisation, parse_organisation
from tests.tracker.builders import SECRETARY
from tests.tracker.ingest_helpers import Minutes, Said, build_extraction
from tracker.db import session_scope
from tracker.models import Assignment, FollowUp, Status, Unit, UnitKind
from tracker.services import assignments, followups
from tracker.services.ingest import IngestResult, ingest_extraction
from tracker.services.organisation import sync_organisation

# Every database test here runs on SQLite and, when configured, on PostgreSQL.
pytestmark = pytest.mark.postgres

HTK_CENTRES = {"CBA", "SPC", "CEIS", "SAC", "ØAC"}
CHEFERNE = Said("Cheferne skal melde tilbage om status på handleplanerne.", ("Alle chefer",))
PLAN = Said("Miljø & Teknik og Sundhed laver en fælles plan.", ("Miljø & Teknik", "Sundhed"))


def albertslund(organisation: Organisation) -> set[str]:
    return {u.name for u in organisation.units if u.organisation == "Albertslund"}


def ingest(engine: Engine, org: Organisation, items: Minutes, **kwargs: Any) -> IngestResult:
    with session_scope(engine) as session:
        return ingest_extraction(session, build_extraction(items, **kwargs), org, SECRETARY)


def row_of(engine: Engine, said: Said) -> int:
    with Session(engine) as session:
        ident = session.exec(select(FollowUp.id).where(col(FollowUp.source_text) == said.text)).one()
        assert ident is not None
        return ident


def assigned(engine: Engine, follow_up_id: int) -> dict[str, Status]:
    with Session(engine) as session:
        rows = session.exec(
            select(Unit.name, Assignment.status)
            .join(Assignment, col(Assignment.unit_id) == col(Unit.id))
            .where(col(Assignment.follow_up_id) == follow_up_id)
        ).all()
        return {name: Status(status) for name, status in rows}


def test_cheferne_in_an_albertslund_chefforum_are_albertslund_chiefs(
    engine: Engine, organisation: Organisation
) -> None:
    ingest(engine, organisation, {1: [CHEFERNE]}, forum="Chefforum")
    units = assigned(engine, row_of(engine, CHEFERNE))
    assert set(units) == albertslund(organisation)
    assert {"Økonomi & Stab", "Miljø & Teknik"} <= set(units) and not set(units) & HTK_CENTRES


def test_cheferne_in_hoeje_taastrups_direktion_are_its_centres(engine: Engine, organisation: Organisation) -> None:
    ingest(engine, organisation, {1: [CHEFERNE]}, forum="direktionens", source="dir.txt")  # an alias
    assert set(assigned(engine, row_of(engine, CHEFERNE))) == HTK_CENTRES


@pytest.mark.parametrize("forum", [None, "Vejlaug Vest"])
def test_cheferne_of_an_unknown_forum_are_every_unit(
    engine: Engine, organisation: Organisation, forum: str | None
) -> None:
    ingest(engine, organisation, {1: [CHEFERNE]}, forum=forum)
    assert set(assigned(engine, row_of(engine, CHEFERNE))) == {u.name for u in organisation.units}


def test_a_revision_keeps_done_assignments_and_drops_open_ones(engine: Engine, organisation: Organisation) -> None:
    ingest(engine, organisation, {1: [PLAN]})
    ident = row_of(engine, PLAN)
    with session_scope(engine) as session:
        followups.mark_done(session, SECRETARY, ident, unit="Sundhed")
    revised = Said(PLAN.text, ("Drift & Service",))
    result = ingest(engine, organisation, {1: [revised]}, preamble="Rettet.\n\n")
    assert result.followups_updated == 1
    assert assigned(engine, ident) == {"Sundhed": Status.DONE, "Drift & Service": Status.OPEN}


def test_editing_the_responsible_follows_the_meetings_municipality(engine: Engine, organisation: Organisation) -> None:
    ingest(engine, organisation, {1: [PLAN]}, forum="Direktionen", source="dir.txt")
    ident = row_of(engine, PLAN)
    with session_scope(engine) as session:
        followups.mark_done(session, SECRETARY, ident, unit="Sundhed")
    with session_scope(engine) as session:
        edited = followups.edit(
            session, SECRETARY, ident, responsible=["cheferne", "Sundhed"], organisation=organisation
        )
        assert edited.responsible == "Alle chefer; Sundhed"
    # Sundhed stays (and keeps its done part) because it is named; the rest are HTK's centres
    assert assigned(engine, ident) == {"Sundhed": Status.DONE, **dict.fromkeys(HTK_CENTRES, Status.OPEN)}


def test_without_the_organisation_file_the_synced_unit_table_gives_the_same_rule(
    engine: Engine, organisation: Organisation
) -> None:
    ingest(engine, organisation, {1: [PLAN]}, forum="Chefforum")
    ident = row_of(engine, PLAN)
    with session_scope(engine) as session:
        followups.edit(session, SECRETARY, ident, responsible=["Alle chefer"])
    assert set(assigned(engine, ident)) == albertslund(organisation)
    with Session(engine) as session:
        found = assignments.resolve(session, ["Alle chefer"], forum="Direktionsmødet")  # alias in the table
        assert {u.name for u in found.units} == HTK_CENTRES
        everyone = assignments.resolve(session, ["Alle chefer"], forum=None)
        assert {u.name for u in everyone.units} == {u.name for u in organisation.units}


def test_sync_stores_each_rows_organisation(session: Session, organisation: Organisation) -> None:
    sync_organisation(session, organisation)
    stored = dict(session.exec(select(Unit.name, Unit.organisation)).all())
    assert stored["CBA"] == stored["Direktionen"] == stored["Charlotte"] == "Høje-Taastrup"
    assert stored["Økonomi & Stab"] == stored["Chefforum"] == "Albertslund"
    assert stored["Kommunaldirektøren"] is None


def test_a_file_without_organisations_fans_out_to_every_unit(session: Session) -> None:
    org = parse_organisation({"units": [{"name": "Nord"}, {"name": "Syd"}], "forums": [{"name": "Chefforum"}]})
    sync_organisation(session, org)
    found = assignments.resolve(session, ["alle chefer", "Nord", "en ny gæst"], org, forum="Chefforum")
    assert found.names == ["Alle chefer", "Nord", "En ny gæst"]
    assert [u.name for u in found.units] == ["Nord", "Syd", "En ny gæst"]
    guest = session.exec(select(Unit).where(col(Unit.name) == "En ny gæst")).one()
    assert guest.kind == UnitKind.EXTERNAL


def test_refan_keeps_units_that_stay_and_reports_what_it_did(session: Session, organisation: Organisation) -> None:
    ingest_extraction(session, build_extraction({1: [PLAN]}), organisation, SECRETARY)
    ident = session.exec(select(FollowUp.id)).one()
    assert ident is not None
    units = {u.name: u for u in session.exec(select(Unit))}
    seen: list[tuple[str, str]] = []
    changed = assignments.refan(
        session,
        ident,
        [units["Sundhed"], units["CBA"]],
        on_add=lambda a, u: seen.append(("add", u.name)),
        on_remove=lambda a, u: seen.append(("remove", u.name)),
    )
    assert changed and seen == [("add", "CBA"), ("remove", "Miljø & Teknik")]
    assert not assignments.refan(session, ident, [units["Sundhed"], units["CBA"]])


def test_a_manual_follow_up_of_a_meeting_follows_its_municipality(engine: Engine, organisation: Organisation) -> None:
    result = ingest(engine, organisation, {1: [PLAN]}, forum="Direktionen", source="dir.txt")
    with session_scope(engine) as session:
        created = followups.add_manual(
            session,
            SECRETARY,
            result.meeting_id,
            1,
            "Alle centre svarer",
            ["Alle chefer"],
            dt.date(2019, 3, 1),
            organisation=organisation,
        )
        ident = created.id or 0
    assert set(assigned(engine, ident)) == HTK_CENTRES
