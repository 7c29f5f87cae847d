"""`tracker report overdue` as a user runs it: formats, files, departments, dates, errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.tracker.report_scenario import Stored
from tracker.cli.app import app

# Every database test here runs on SQLite and, when configured, on PostgreSQL.
pytestmark = pytest.mark.postgres


def run(db_url: str, *args: str, before: tuple[str, ...] = ()) -> Result:
    return CliRunner().invoke(app, ["--db", db_url, *before, "report", "overdue", *args])


def test_text_report_on_screen(report_db: Stored, report_db_url: str) -> None:
    db_url, scenario = report_db_url, report_db.scenario
    result = run(db_url, "--as-of", "2019-04-15")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Opfølgningspunkter: forfaldne pr. 2019-04-15")
    assert "Forfalder inden for 7 dage" in out and "Afsluttet de seneste 7 dage" in out
    assert f"#{scenario['EMERGENCY']}" in out and "Dage over frist: 14" in out
    assert "(ikke gennemgået)" in out


def test_html_to_a_file(report_db: Stored, report_db_url: str, tmp_path: Path) -> None:
    db_url = report_db_url
    target = tmp_path / "rapport.html"
    result = run(db_url, "--as-of", "2019-04-15", "--format", "html", "-o", str(target))
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert "&lt;script&gt;" in page and "<script" not in page
    assert result.stdout == ""


def test_department_and_json(report_db: Stored, report_db_url: str) -> None:
    db_url, scenario = report_db_url, report_db.scenario
    result = run(db_url, "--as-of", "2019-04-15", "--department", "Økonomi og Stab", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["unit"] for d in data["departments"]] == ["Økonomi & Stab"]
    assert [e["id"] for e in data["departments"][0]["due_soon"]] == [scenario["BUDGET"]]


def test_a_chief_sees_their_own_department_by_default(report_db: Stored, report_db_url: str) -> None:
    db_url = report_db_url
    result = run(db_url, "--as-of", "2019-04-15", "--format", "json", before=("--as", "Sundhed"))
    assert result.exit_code == 0, result.output
    assert [d["unit"] for d in json.loads(result.stdout)["departments"]] == ["Sundhed"]


def test_default_date_is_today(report_db: Stored, report_db_url: str) -> None:
    db_url = report_db_url
    result = run(db_url, "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert f"pr. {dt.date.today().isoformat()}" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "15/4/2019"], "--as-of '15/4/2019': expected a date as YYYY-MM-DD"),
        (["--department", "Ingen"], "no unit called 'Ingen'"),
        (["--format", "pdf"], "pdf"),
    ],
)
def test_bad_options(report_db: Stored, report_db_url: str, args: list[str], message: str) -> None:
    db_url = report_db_url
    result = run(db_url, *args)
    assert result.exit_code == 2
    assert message in result.output
