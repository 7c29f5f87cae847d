"""The overdue report's data: per assignment, dates as ``tracker.status`` decides them, rejected
follow-ups nowhere, reviewed-or-not flagged, departments complete."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.tracker.report_scenario import AS_OF, Stored, assigned_units, department_units
from tracker.models import Assignment, Unit, UnitKind
from tracker.reports import Category, OverdueReport, build_report, completed_window
from tracker.services.queries import UnknownUnit

# Every database test here runs on SQLite and, when configured, on PostgreSQL.
pytestmark = pytest.mark.postgres


def ids(report: OverdueReport, unit: str | None, category: Category) -> list[int]:
    section = next(d for d in report.departments if d.unit == unit)
    return [e.id for e in section.entries(category)]


def everywhere(report: OverdueReport) -> set[int]:
    return {e.id for d in report.departments for c in Category for e in d.entries(c)}


def test_fanned_out_follow_up_is_overdue_for_each_unit_with_its_own_status(report_db: Stored) -> None:
    session, scenario = report_db.session, report_db.scenario
    report = build_report(session, AS_OF)
    emergency = scenario["EMERGENCY"]
    fanned_out = assigned_units(session, emergency)
    assert len(fanned_out) > 2 and "Sundhed" in fanned_out
    for unit in department_units(scenario.organisation):
        if unit == "Sundhed":  # Sundhed delivered its part on 2019-04-12
            assert emergency not in ids(report, unit, Category.OVERDUE)
            assert ids(report, unit, Category.COMPLETED) == [emergency]
        elif unit in fanned_out:
            assert emergency in ids(report, unit, Category.OVERDUE), unit
        else:
            assert all(emergency not in ids(report, unit, c) for c in Category), unit
    entry = next(d for d in report.departments if d.unit in fanned_out and d.unit != "Sundhed").overdue[0]
    assert (entry.id, entry.days_overdue, entry.deadline) == (emergency, 14, dt.date(2019, 4, 1))
    assert entry.responsible == ("Alle chefer",)
    assert entry.meeting == "Chefforum 2019-03-06"
    assert entry.last_note == "Planerne er godkendt."


def test_categories_review_flag_and_order(report_db: Stored) -> None:
    session, scenario = report_db.session, report_db.scenario
    report = build_report(session, AS_OF)
    assert ids(report, "Økonomi & Stab", Category.DUE_SOON) == [scenario["BUDGET"]]
    technical = next(d for d in report.departments if d.unit == "Miljø & Teknik")
    assert [e.id for e in technical.overdue] == [scenario["EMERGENCY"], scenario["SCRIPT"]]  # most overdue first
    script = technical.overdue[1]
    assert script.to_review and script.days_overdue == 5
    assert not technical.overdue[0].to_review
    assert ids(report, None, Category.OVERDUE) == [scenario["NOBODY"]]  # nobody assigned: own section, last
    assert report.departments[-1].unit is None


def test_rejected_far_future_and_long_done_never_appear(report_db: Stored) -> None:
    session, scenario = report_db.session, report_db.scenario
    shown = everywhere(build_report(session, AS_OF))
    assert scenario["REJECTED"] not in shown
    assert scenario["LATER"] not in shown
    assert scenario["OLD_DONE"] not in shown
    assert {scenario[n] for n in ("EMERGENCY", "BUDGET", "SCRIPT", "NOBODY")} <= shown


def test_summary_counts_per_assignment_and_oldest(report_db: Stored) -> None:
    session, scenario = report_db.session, report_db.scenario
    report = build_report(session, AS_OF)
    still_open = assigned_units(session, scenario["EMERGENCY"]) - {"Sundhed"}
    # every open part of the emergency plan + the script one + the unassigned one
    assert report.count(Category.OVERDUE) == len(still_open) + 2
    assert report.count(Category.DUE_SOON) == 1
    assert report.count(Category.COMPLETED) == 1
    oldest = report.oldest_overdue
    assert oldest is not None and oldest.entry.id == scenario["EMERGENCY"]
    assert set(oldest.units) == still_open


def test_every_department_is_listed_even_with_nothing_to_report(report_db: Stored) -> None:
    session, scenario = report_db.session, report_db.scenario
    report = build_report(session, dt.date(2019, 1, 1))
    assert [d.unit for d in report.departments] == sorted(department_units(scenario.organisation))
    assert all(d.is_empty for d in report.departments)
    assert report.oldest_overdue is None
    chief = next(d for d in report.departments if d.unit == "Sundhed")
    assert (chief.chief, chief.email) == ("Chefen for Sundhed", "sundhed@albertslund.example")


def test_deadline_day_is_on_time_and_the_day_after_is_overdue(report_db: Stored) -> None:
    session, scenario = report_db.session, report_db.scenario
    on_the_day = build_report(session, dt.date(2019, 4, 1), department="Drift & Service")
    assert ids(on_the_day, "Drift & Service", Category.OVERDUE) == []
    assert ids(on_the_day, "Drift & Service", Category.DUE_SOON) == [scenario["EMERGENCY"]]
    next_day = build_report(session, dt.date(2019, 4, 2), department="Drift & Service")
    assert next_day.departments[0].overdue[0].days_overdue == 1


def test_completed_window_is_the_past_seven_days(report_db: Stored) -> None:
    session, scenario = report_db.session, report_db.scenario
    assert ids(build_report(session, dt.date(2019, 4, 19)), "Sundhed", Category.COMPLETED) == [scenario["EMERGENCY"]]
    assert ids(build_report(session, dt.date(2019, 4, 20)), "Sundhed", Category.COMPLETED) == []
    assert ids(build_report(session, dt.date(2019, 4, 11)), "Sundhed", Category.COMPLETED) == []
    start, end = completed_window(AS_OF)
    assert end - start >= dt.timedelta(days=8) - dt.timedelta(hours=1)  # 8 calendar days, DST or not


def test_department_filter_takes_aliases_and_refuses_unknown(report_db: Stored) -> None:
    session, scenario = report_db.session, report_db.scenario
    report = build_report(session, AS_OF, department="ØS")
    assert [d.unit for d in report.departments] == ["Økonomi & Stab"]
    assert ids(report, "Økonomi & Stab", Category.OVERDUE) == [scenario["EMERGENCY"]]
    with pytest.raises(UnknownUnit):
        build_report(session, AS_OF, department="Ingen Sådan Afdeling")


def test_other_kinds_of_unit_are_listed_when_something_is_reported_or_they_are_asked_for(report_db: Stored) -> None:
    session, scenario = report_db.session, report_db.scenario
    # A role with a late part, one whose only part is open but not due, one with only a
    # rejected follow-up's part, and one with nothing at all.
    parts = {"Late Role": "SCRIPT", "Quiet Role": "LATER", "Rejected Role": "REJECTED", "Idle Role": None}
    for name, follow_up in parts.items():
        unit = Unit(name=name, kind=UnitKind.ROLE)
        session.add(unit)
        session.flush()
        if follow_up is not None:
            assert unit.id is not None
            session.add(Assignment(follow_up_id=scenario[follow_up], unit_id=unit.id))
    session.flush()
    listed = [d.unit for d in build_report(session, AS_OF).departments]
    assert "Late Role" in listed and not {"Quiet Role", "Rejected Role", "Idle Role"} & set(listed)
    assert ids(build_report(session, AS_OF, department="Late Role"), "Late Role", Category.OVERDUE) == [
        scenario["SCRIPT"]
    ]
    quiet = build_report(session, AS_OF, department="Quiet Role")
    assert [(d.unit, d.is_empty) for d in quiet.departments] == [("Quiet Role", True)]
    assert build_report(session, AS_OF, department="Rejected Role").departments == ()
    assert build_report(session, AS_OF, department="Idle Role").departments == ()


def test_for_department_cuts_the_report(report_db: Stored) -> None:
    session = report_db.session
    report = build_report(session, AS_OF)
    part = report.for_department("Miljø & Teknik")
    assert [d.unit for d in part.departments] == ["Miljø & Teknik"]
    assert part.count(Category.OVERDUE) == 2 and part.as_of == AS_OF
