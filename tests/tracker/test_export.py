"""Exports as their readers read them: CSV through the csv module the way Danish Excel splits it,
Excel through openpyxl, the calendar through icalendar; and ``tracker export`` end to end."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from sqlalchemy import update
from sqlmodel import Session, col
from typer.testing import CliRunner, Result

from tests.tracker.report_scenario import AS_OF, SCRIPT_SENTENCE, Stored
from tracker.cli.app import app
from tracker.exports import (
    HEADERS,
    ExportError,
    ExportFormat,
    export,
    export_rows,
    todo_uid,
    write_atomically,
)
from tracker.models import AgendaItem, FollowUp
from tracker.render.csv_table import BOM
from tracker.status import StatusFilter

# Every database test here runs on SQLite and, when configured, on PostgreSQL.
pytestmark = pytest.mark.postgres


def exported(session: Session, fmt: ExportFormat, **options: object) -> bytes:
    buffer = io.BytesIO()
    export(session, fmt, buffer, as_of=AS_OF, **options)  # type: ignore[arg-type]
    return buffer.getvalue()


def csv_rows(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8")
    assert text.startswith(BOM)
    reader = csv.DictReader(io.StringIO(text[len(BOM) :], newline=""), delimiter=";")
    assert tuple(reader.fieldnames or ()) == HEADERS
    return list(reader)


def calendar_todos(data: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(data)
    return {str(todo["uid"]): todo for todo in calendar.walk("VTODO")}


def test_csv_has_danish_headers_and_every_tracked_follow_up(report_db: Stored) -> None:
    session, scenario = report_db.session, report_db.scenario
    rows = csv_rows(exported(session, ExportFormat.CSV))
    by_id = {int(r["ID"]): r for r in rows}
    assert set(by_id) == {scenario[n] for n in ("EMERGENCY", "BUDGET", "SCRIPT", "NOBODY", "LATER", "OLD_DONE")}
    script = by_id[scenario["SCRIPT"]]
    assert script["Opgave"] == SCRIPT_SENTENCE
    assert script["Frist"] == "2019-04-10" and script["Status"] == "Forfalden" and script["Gennemgået"] == "Nej"
    assert script["Ansvarlig"] == "Miljø & Teknik" and script["Møde"] == "Chefforum 2019-03-06"
    assert script["Mødedato"] == "2019-03-06" and script["Forum"] == "Chefforum"
    assert script["Kilde"] == "chefforum-2019-03-06.txt" and script["Punkt"].startswith("3. ")
    assert by_id[scenario["OLD_DONE"]]["Status"] == "Afsluttet"
    assert by_id[scenario["BUDGET"]]["Status"] == "Forfalder snart"
    assert by_id[scenario["LATER"]]["Status"] == "Åben" and by_id[scenario["LATER"]]["Gennemgået"] == "Ja"
    assert "\r\n" in exported(session, ExportFormat.CSV).decode("utf-8")


def test_case_number_comes_from_the_agenda_item(report_db: Stored) -> None:
    session, scenario = report_db.session, report_db.scenario
    item_id = session.get(FollowUp, scenario["BUDGET"]).item_id  # type: ignore[union-attr]
    session.exec(update(AgendaItem).where(col(AgendaItem.id) == item_id).values(case_number="00.01.00-A00-7-19"))
    session.commit()
    rows = {int(r["ID"]): r for r in csv_rows(exported(session, ExportFormat.CSV))}
    assert rows[scenario["BUDGET"]]["Sagsnummer"] == "00.01.00-A00-7-19"
    assert rows[scenario["SCRIPT"]]["Sagsnummer"] == ""


def test_status_and_department_filters_use_the_units_own_status(report_db: Stored) -> None:
    session, scenario = report_db.session, report_db.scenario
    overdue = {int(r["ID"]) for r in csv_rows(exported(session, ExportFormat.CSV, status=StatusFilter.OVERDUE))}
    assert overdue == {scenario["EMERGENCY"], scenario["SCRIPT"], scenario["NOBODY"]}
    health = {int(r["ID"]): r for r in csv_rows(exported(session, ExportFormat.CSV, unit="Sundhed"))}
    assert set(health) == {scenario["EMERGENCY"], scenario["LATER"]}
    assert health[scenario["EMERGENCY"]]["Status"] == "Afsluttet"  # Sundhed's part is done


def test_paging_streams_every_row_once(report_db: Stored) -> None:
    session = report_db.session
    small = [r.id for r in export_rows(session, as_of=AS_OF, page_size=2)]
    large = [r.id for r in export_rows(session, as_of=AS_OF, page_size=500)]
    assert small == large and len(small) == len(set(small)) == 6


def test_xlsx_has_dates_frozen_header_filter_and_widths(report_db: Stored) -> None:
    session, scenario = report_db.session, report_db.scenario
    workbook = load_workbook(io.BytesIO(exported(session, ExportFormat.XLSX)))
    sheet = workbook.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert tuple(header) == HEADERS
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:L{sheet.max_row}" and sheet.max_row == 7
    assert (sheet.column_dimensions["B"].width or 0) >= 50
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    script = rows[scenario["SCRIPT"]]
    deadline, meeting_date = script[3], script[7]
    assert deadline.is_date and deadline.value == dt.datetime(2019, 4, 10)
    assert "yy" in deadline.number_format and "d" in deadline.number_format
    assert meeting_date.is_date and meeting_date.value.date() == dt.date(2019, 3, 6)
    assert script[1].value == SCRIPT_SENTENCE
    no_deadline_cells = [row[3].value for row in rows.values()]
    assert None not in no_deadline_cells  # every scenario follow-up has one


def test_xlsx_stores_formula_like_text_as_text(report_db: Stored) -> None:
    session, scenario = report_db.session, report_db.scenario
    session.exec(update(FollowUp).where(col(FollowUp.id) == scenario["LATER"]).values(text='=HYPERLINK("http://x")'))
    session.commit()
    sheet = load_workbook(io.BytesIO(exported(session, ExportFormat.XLSX))).active
    assert sheet is not None
    cell = next(row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == scenario["LATER"])
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")'


def test_ics_has_a_todo_per_open_follow_up_with_a_deadline(report_db: Stored) -> None:
    session, scenario = report_db.session, report_db.scenario
    data = exported(session, ExportFormat.ICS)
    todos = calendar_todos(data)
    expected = ("EMERGENCY", "BUDGET", "SCRIPT", "NOBODY", "LATER")
    assert set(todos) == {todo_uid(scenario[n]) for n in expected}
    emergency = todos[todo_uid(scenario["EMERGENCY"])]
    assert emergency["due"].dt == dt.date(2019, 4, 1)  # type: ignore[index]
    assert b"DUE;VALUE=DATE:20190401" in data
    assert str(emergency["status"]) == "NEEDS-ACTION"  # type: ignore[index]
    assert "beredskabsplaner" in str(emergency["summary"])  # type: ignore[index]
    description = str(emergency["description"])  # type: ignore[index]
    assert "Ansvarlig: Alle chefer" in description and "Møde: Chefforum 2019-03-06" in description
    assert "(ikke gennemgået)" in str(todos[todo_uid(scenario["SCRIPT"])]["description"])  # type: ignore[index]
    calendar = Calendar.from_ical(data)
    assert str(calendar["version"]) == "2.0" and "prodid" in calendar


def test_ics_uid_is_stable_and_department_filter_applies(report_db: Stored) -> None:
    session, scenario = report_db.session, report_db.scenario
    assert set(calendar_todos(exported(session, ExportFormat.ICS))) == set(
        calendar_todos(exported(session, ExportFormat.ICS))
    )
    health = calendar_todos(exported(session, ExportFormat.ICS, unit="Sundhed"))
    assert set(health) == {todo_uid(scenario["LATER"])}  # Sundhed's emergency part is done
    with pytest.raises(ExportError, match="open follow-ups only"):
        exported(session, ExportFormat.ICS, status=StatusFilter.DONE)


def test_write_atomically_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "ud.csv"
    target.write_text("old")

    def broken(stream: object) -> int:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_atomically(target, broken)
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["ud.csv"]
    write_atomically(target, lambda stream: stream.write(b"new"))
    assert target.read_bytes() == b"new" and target.stat().st_mode & 0o077 == 0


# --- the command -----------------------------------------------------------------------------


def run(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(app, ["--db", db_url, "export", *args])


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ics"])
def test_export_command_writes_each_format(report_db_url: str, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"opfølgning.{fmt}"
    result = run(report_db_url, "--format", fmt, "-o", str(target), "--as-of", "2019-04-15")
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    if fmt == "csv":
        assert len(csv_rows(data)) == 6
    elif fmt == "xlsx":
        assert load_workbook(io.BytesIO(data)).active.max_row == 7
    else:
        assert len(calendar_todos(data)) == 5
    assert "wrote" in result.output


def test_export_command_csv_to_stdout_with_filters(report_db: Stored, report_db_url: str) -> None:
    scenario = report_db.scenario
    result = run(report_db_url, "--format", "csv", "--department", "ØS", "--status", "overdue", "--as-of", "2019-04-15")
    assert result.exit_code == 0, result.output
    rows = csv_rows(result.stdout_bytes)
    assert [int(r["ID"]) for r in rows] == [scenario["EMERGENCY"]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "--format 'pdf'"),
        (["--format", "csv", "--status", "late"], "--status 'late'"),
        (["--format", "csv", "--as-of", "15-04-2019"], "YYYY-MM-DD"),
        (["--format", "csv", "--department", "Ingen"], "no unit called 'Ingen'"),
        (["--format", "ics", "--status", "done"], "open follow-ups only"),
    ],
)
def test_export_command_refuses_bad_options(report_db_url: str, tmp_path: Path, args: list[str], message: str) -> None:
    target = tmp_path / "ud.fil"
    result = run(report_db_url, *args, "-o", str(target))
    assert result.exit_code == 2
    assert message in result.output
    assert not target.exists()
