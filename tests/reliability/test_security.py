"""Nothing from a document is executed or rendered unescaped; SQL only with bound parameters;
the SMTP password only from the environment. (The dashboard's own test shows brackets from the
minutes as text, not Rich markup: tests/tui.)

The hostile minutes are ingested through the real reader and extractor: a script tag, an SQL
injection attempt and format-string placeholders, in titles and in follow-up sentences.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from sqlmodel import Session, col, select
from typer.testing import CliRunner, Result

from tests.conftest import REPO
from tests.reliability.helpers import TABLES, counts, problems
from tracker.cli.app import app
from tracker.config import load_settings
from tracker.db import open_engine
from tracker.models import AgendaItem, FollowUp

SCRIPT = "<script>alert('x')</script>"
SQL = "'; DROP TABLE follow_up; --"
FORMATS = "{0} og {meeting.id} og %s og %(x)s"
SENTENCES = (
    f"Økonomi & Stab sender notatet {SCRIPT} til cheferne senest 1. juni 2019.",
    f"Sundhed retter feltet {SQL} i systemet senest 1. juni 2019.",
    f"HR opdaterer skabelonen {FORMATS} senest 1. juni 2019.",
)
MINUTES = (
    "Referat af møde i Chefforum\nDato: 7. maj 2019\n\n"
    f"Punkt 1: Budget {SCRIPT}\nBeslutning\n{SENTENCES[0]}\n\n"
    f"Punkt 2: Data {SQL}\nBeslutning\n{SENTENCES[1]}\n\n"
    f"Punkt 3: Skabeloner {FORMATS}\nBeslutning\n{SENTENCES[2]}\n"
)


def invoke(url: str, *args: str) -> Result:
    result = CliRunner().invoke(app, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.postgres
def test_hostile_minutes_are_stored_verbatim_and_shown_escaped(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "ondt.txt"
    path.write_text(MINUTES, encoding="utf-8")
    invoke(db_url, "ingest", str(path))

    engine = open_engine(db_url)
    with Session(engine) as session:
        assert sorted(session.exec(select(FollowUp.text)).all()) == sorted(SENTENCES)
        titles = session.exec(select(AgendaItem.title).order_by(col(AgendaItem.number))).all()
        assert titles == [f"Budget {SCRIPT}", f"Data {SQL}", f"Skabeloner {FORMATS}"]
    engine.dispose()
    assert set(counts(db_url)) == set(TABLES) and counts(db_url)["follow_up"] == 3  # no table dropped
    assert problems(db_url) == []

    listed = json.loads(invoke(db_url, "list", "--format", "json", "--as-of", "2019-07-01").stdout)
    assert sorted(row["text"] for row in listed) == sorted(SENTENCES)
    shown = invoke(db_url, "show", str(listed[0]["id"])).stdout
    assert listed[0]["text"] in shown

    def report(form: str) -> str:
        return invoke(db_url, "report", "overdue", "--as-of", "2019-07-01", "--format", form).stdout

    html = report("html")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    markdown = report("markdown")
    assert "<script" not in markdown.lower()
    for form in ("text", "json"):
        rendered = report(form)
        for piece in ("{0}", "{meeting.id}", "%s", "%(x)s", "DROP TABLE follow_up"):
            assert piece in rendered, (form, piece)  # never interpreted as a format


# --- SQL only with bound parameters ---------------------------------------------------------

SQL_CALLS = frozenset({"execute", "exec_driver_sql", "executemany", "executescript", "exec", "text"})


def built_sql(source: str) -> list[int]:
    """Lines where an SQL-running call gets a string built at run time (f-string, ``%``,
    ``+`` or ``.format``) instead of a literal with bound parameters."""

    def built(node: ast.expr) -> bool:
        if isinstance(node, ast.JoinedStr):
            return any(isinstance(part, ast.FormattedValue) for part in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
            return True
        return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"

    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in SQL_CALLS and built(node.args[0]):
            found.append(node.lineno)
    return found


def test_the_check_finds_built_sql() -> None:
    assert built_sql(
        "c.execute(f'SELECT * FROM t WHERE a = {a}')\n"
        "c.exec_driver_sql('DELETE FROM t WHERE a = %s' % a)\n"
        "text('SELECT ' + column)\n"
        "session.exec(text('SELECT {}'.format(a)))\n"
        "c.execute(text('SELECT * FROM t WHERE a = :a'), {'a': a})\n"
        "c.execute(f'PRAGMA foreign_keys=ON')\n"
    ) == [1, 2, 3, 4]


def test_tracker_builds_no_sql_from_strings() -> None:
    offenders = {
        str(path.relative_to(REPO)): lines
        for path in sorted((REPO / "tracker").rglob("*.py"))
        if (lines := built_sql(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


# --- secrets ----------------------------------------------------------------------------------


def test_the_smtp_password_is_read_only_from_the_environment(tmp_path: Path) -> None:
    config = tmp_path / "tracker.toml"
    config.write_text('[smtp]\nhost = "mail.example"\nuser = "robot"\npassword = "fra-filen"\n', encoding="utf-8")
    from_file = load_settings({"TRACKER_CONFIG": str(config)})
    assert (from_file.smtp.user, from_file.smtp.password) == ("robot", None)
    from_env = load_settings({"TRACKER_CONFIG": str(config), "TRACKER_SMTP_PASSWORD": "fra-miljøet"})
    assert from_env.smtp.password == "fra-miljøet"
