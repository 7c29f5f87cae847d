"""The report's formats: Danish labels, safe HTML (escaped minutes text, no script, nothing
fetched from elsewhere, SVG chart), CSV for Danish Excel and JSON for scripts.

Most tests render a report built by hand (renderers are pure); one renders the stored scenario,
so the text planted in the "minutes" has travelled through ingest and the queries.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from nlp.organisation import Organisation
from tests.tracker.report_scenario import AS_OF, SCRIPT_SENTENCE, scenario_database
from tracker.render import ReportFormat, render
from tracker.render.csv_table import BOM
from tracker.render.markdown import escape as md_escape
from tracker.reports import DepartmentReport, OverdueReport, ReportEntry, build_report

PLANTED = 'Alle <script>alert("x")</script> & <img src=x onerror=alert(1)> sikrer | tjekker =SUM(A1)'


def entry(ident: int, text: str = "Sundhed sender planen.", **changes: object) -> ReportEntry:
    fields: dict[str, object] = {
        "id": ident,
        "text": text,
        "responsible": ("Sundhed",),
        "deadline": dt.date(2019, 4, 1),
        "days_overdue": 14,
        "to_review": False,
        "forum": "Chefforum",
        "meeting_date": dt.date(2019, 3, 6),
        "source": "chefforum.txt",
        "item_number": 3,
        "item_title": "Beredskab",
        "last_note": None,
    }
    fields.update(changes)
    return ReportEntry(**fields)  # type: ignore[arg-type]


def hand_made() -> OverdueReport:
    health = DepartmentReport(
        unit="Sundhed",
        kind="unit",
        chief="Chefen for Sundhed",
        email="sundhed@example.org",
        overdue=(
            entry(1, PLANTED, to_review=True, last_note="<b>note</b>"),
            entry(2, days_overdue=3, deadline=dt.date(2019, 4, 12)),
        ),
        due_soon=(entry(3, days_overdue=None, deadline=dt.date(2019, 4, 18)),),
        completed=(entry(4, days_overdue=None, completed_at=dt.datetime(2019, 4, 12, 10, tzinfo=dt.UTC)),),
    )
    other = DepartmentReport(unit="Kultur & <Fritid>", kind="unit", chief=None, email=None)
    return OverdueReport(as_of=dt.date(2019, 4, 15), departments=(health, other))


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Tags:
    parser = Tags()
    parser.feed(page)
    return parser


def test_text_has_the_danish_labels_and_flags_unreviewed() -> None:
    text = render(hand_made(), ReportFormat.TEXT)
    for label in (
        "Forfaldne (2)",
        "Forfalder inden for 7 dage (1)",
        "Afsluttet de seneste 7 dage (1)",
        "Dage over frist: 14",
        "Frist: 2019-04-01",
        "Opgave: ",
        "Ansvarlig: Sundhed",
        "Møde: Chefforum 2019-03-06",
        "Punkt: 3. Beredskab",
        "Seneste note: <b>note</b>",
        "Afsluttet: 2019-04-12",
        "Chef: Chefen for Sundhed",
    ):
        assert label in text, label
    assert f"{PLANTED} (ikke gennemgået)" in text
    assert "Ældste forfaldne: #1" in text and "14 dage over frist" in text
    assert text.index("Sundhed (Chef") < text.index("Kultur & <Fritid>\n---")


def test_html_escapes_everything_from_minutes_and_loads_nothing() -> None:
    page = render(hand_made(), ReportFormat.HTML)
    parsed = parse(page)
    names = [tag for tag, _ in parsed.tags]
    assert "script" not in names and "img" not in names and "b" not in names
    assert not re.search(r"<\s*script", page, re.IGNORECASE)
    assert "&lt;script&gt;" in page and "&lt;img src=x" in page and "&amp; " in page
    assert "Kultur &amp; &lt;Fritid&gt;" in page
    # the planted text arrives as text, whole
    assert PLANTED in "".join(parsed.text)
    for tag, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs), tag
        assert "src" not in attrs and tag not in {"link", "iframe", "object", "embed", "style"}
        assert "href" not in attrs or tag == "svg"
    assert (
        "url(" not in page
        and "@import" not in page
        and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )
    assert "(ikke gennemgået)" in page


def test_html_chart_has_a_bar_per_department_proportional_to_overdue() -> None:
    page = render(hand_made(), ReportFormat.HTML)
    parsed = parse(page)
    assert [t for t, _ in parsed.tags].count("svg") == 1
    bars = [attrs for tag, attrs in parsed.tags if tag == "rect"]
    assert len(bars) == 2
    health, culture = (int(b["width"] or 0) for b in bars)
    assert health > culture  # 2 overdue against 0
    assert bars[0]["fill"] != bars[1]["fill"]


def test_markdown_escapes_tables_and_html() -> None:
    text = render(hand_made(), ReportFormat.MARKDOWN)
    assert "<script" not in text and "&lt;script&gt;" in text
    rows = [line for line in text.splitlines() if line.startswith("| #1 ")]
    assert len(rows) == 1
    unescaped_pipes = re.findall(r"(?<!\\)\|", rows[0])
    assert len(unescaped_pipes) == 9  # 8 cells: the "|" in the task is escaped
    assert md_escape("a|b*c_d") == r"a\|b\*c\_d"
    assert "### Forfaldne (2)" in text and "## Sundhed" in text


def test_csv_is_for_danish_excel() -> None:
    text = render(hand_made(), ReportFormat.CSV)
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text[len(BOM) :]), delimiter=";"))
    assert rows[0][:6] == ["Afdeling", "Kategori", "ID", "Dage over frist", "Frist", "Opgave"]
    assert len(rows) == 1 + 4
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Afdeling"] == "Sundhed" and first["Kategori"] == "forfalden"
    assert first["Frist"] == "2019-04-01" and first["Gennemgået"] == "Nej"
    assert first["Opgave"] == PLANTED  # csv quotes it; no formula: it does not start with "="
    completed = dict(zip(rows[0], rows[4], strict=True))
    assert completed["Kategori"] == "afsluttet" and completed["Afsluttet"] == "2019-04-12"


def test_csv_guards_against_formulas() -> None:
    report = hand_made()
    evil = DepartmentReport("=HYPERLINK()", "external", None, None, overdue=(entry(9, "@SUM(1)"),))
    text = render(OverdueReport(report.as_of, (evil,)), ReportFormat.CSV)
    row = next(csv.reader(io.StringIO(text[len(BOM) :].splitlines()[1]), delimiter=";"))
    assert row[0] == "'=HYPERLINK()" and row[5] == "'@SUM(1)"


def test_json_holds_the_summary_and_every_entry() -> None:
    data = json.loads(render(hand_made(), ReportFormat.JSON))
    assert data["as_of"] == "2019-04-15"
    assert data["summary"]["totals"] == {"overdue": 2, "due_soon": 1, "completed": 1}
    assert data["summary"]["oldest_overdue"] == {"id": 1, "days_overdue": 14, "units": ["Sundhed"]}
    health = data["departments"][0]
    assert health["overdue"][0]["text"] == PLANTED and health["overdue"][0]["to_review"] is True
    assert health["completed"][0]["completed_at"].startswith("2019-04-12T10:00")


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_every_format_renders_the_stored_scenario_safely(
    fmt: ReportFormat, backend: str, request: pytest.FixtureRequest, tmp_path: Path, organisation: Organisation
) -> None:
    with scenario_database(backend, request, tmp_path, organisation) as stored:
        out = render(build_report(stored.session, AS_OF), fmt)
    assert "beredskabsplaner" in out
    if fmt in {ReportFormat.HTML, ReportFormat.MARKDOWN}:
        assert "<script>" not in out and "&lt;script&gt;" in out
    elif fmt is ReportFormat.JSON:
        assert SCRIPT_SENTENCE in json.dumps(json.loads(out), ensure_ascii=False)
    else:
        assert SCRIPT_SENTENCE in out
