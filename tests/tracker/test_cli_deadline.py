"""`tracker deadline` as a user runs it: a phrase or a sentence in, an ISO date or null out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tracker.cli.app import app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def no_user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No config file of the developer's is found (TRACKER_ variables: tests/conftest.py)."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, ["deadline", *args])


def lines(result: Result) -> list[str]:
    return result.output.strip().splitlines()


@pytest.mark.parametrize(
    ("text", "meeting", "expected"),
    [
        ("senest 1. april", "2019-01-17", "2019-04-01"),
        ("inden 1. april", "2019-01-17", "2019-03-31"),
        ("ultimo næste måned", "2019-01-17", "2019-02-28"),
        ("uge 2", "2018-12-10", "2019-01-11"),
        ("d. 15. januar", "2018-12-10", "2019-01-15"),
    ],
)
def test_prints_the_iso_date(text: str, meeting: str, expected: str) -> None:
    result = invoke(text, "--meeting-date", meeting)
    assert result.exit_code == 0, result.output
    assert lines(result) == [expected]


def test_explain_prints_the_rule_and_the_matched_text() -> None:
    result = invoke("inden d. 1. marts 2020", "--meeting-date", "2019-01-17", "--explain")
    assert result.exit_code == 0, result.output
    assert lines(result) == [
        "2020-02-29",
        "rule: inden_day_before",
        "text: inden d. 1. marts 2020",
        "span: 0-22",
    ]


def test_a_sentence_gets_the_sentence_policy() -> None:
    # The past meeting date comes first; the deadline is the date with "senest".
    sentence = "På mødet den 13. september 2018 blev det aftalt, at notatet sendes senest 1. november 2018."
    result = invoke(sentence, "--meeting-date", "2018-09-27", "--explain")
    assert result.exit_code == 0, result.output
    assert lines(result)[:3] == ["2018-11-01", "rule: explicit_date", "text: senest 1. november 2018"]


def test_a_sentence_whose_only_date_is_past_has_no_deadline() -> None:
    sentence = "Godkendelse af referat fra mødet d. 13. september 2018 og af dagsordenen."
    result = invoke(sentence, "--meeting-date", "2018-09-27")
    assert result.exit_code == 0
    assert lines(result) == ["null"]


def test_a_no_date_expression_prints_null_with_its_rule() -> None:
    result = invoke("til næste møde", "--meeting-date", "2018-09-27", "--explain")
    assert result.exit_code == 0
    assert lines(result)[:3] == ["null", "rule: no_date", "text: til næste møde"]


def test_unrecognised_text_prints_null_and_says_so() -> None:
    result = invoke("ingen dato her", "--meeting-date", "2018-09-27", "--explain")
    assert result.exit_code == 0
    assert lines(result)[0] == "null"
    assert "no date expression" in lines(result)[1]


def test_impossible_date_prints_null() -> None:
    result = invoke("31. februar 2019", "--meeting-date", "2018-09-27")
    assert result.exit_code == 0
    assert lines(result) == ["null"]


def test_without_a_meeting_date_only_full_dates_resolve() -> None:
    assert lines(invoke("1. april 2019")) == ["2019-04-01"]
    assert lines(invoke("i næste uge")) == ["null"]


@pytest.mark.parametrize("bad", ["2018-13-01", "27-09-2018", "i går"])
def test_a_bad_meeting_date_is_a_usage_error(bad: str) -> None:
    result = invoke("senest 1. april", "--meeting-date", bad)
    assert result.exit_code == 2
    assert "--meeting-date" in result.output
    assert "YYYY-MM-DD" in result.output
    assert "2019" not in result.output  # nothing was resolved


def test_the_command_runs_as_a_process() -> None:
    entry = "from tracker.cli.app import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", entry, "deadline", "primo oktober", "--meeting-date", "2018-09-27"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2018-10-10"
