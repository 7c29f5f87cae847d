"""Deadline resolution (ANNOTATION §4): every rule, the §4 table, the sentence policy.

Expected dates are worked out by hand from the calendar (weekdays and ISO weeks noted where
they matter), never copied from the code's output. All sentences are written for these tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from nlp.deadlines import choose_deadline, find_deadlines, resolve

# Thursday 27 September 2018 (seed 000), ISO week 39; Thursday 17 January 2019 (seed 002), week 3.
SEPT = date(2018, 9, 27)
JAN = date(2019, 1, 17)


def due(expression: str, meeting: date | None) -> str | None:
    found = resolve(expression, meeting)
    return found.due.isoformat() if found is not None and found.due is not None else None


# --- ANNOTATION §4, row by row (meeting 27 September 2018) --------------------------------------

SECTION_4 = [
    # explicit dates
    ("1. april 2019", "2019-04-01"),
    ("d. 25. oktober 2018", "2018-10-25"),
    ("den 14. juni 2023", "2023-06-14"),
    ("14-06-2023", "2023-06-14"),
    # day and month without a year: first on or after the meeting
    ("d. 29. januar", "2019-01-29"),
    ("d. 28. september", "2018-09-28"),
    ("d. 27. september", "2018-09-27"),
    ("d. 26. september", "2019-09-26"),
    # senest / deadline / til / afsluttet / klar: that day
    ("senest 1. april 2019", "2019-04-01"),
    ("deadline 1. april 2019", "2019-04-01"),
    ("til 1. april 2019", "2019-04-01"),
    ("afsluttet 1. april 2019", "2019-04-01"),
    ("klar 1. april 2019", "2019-04-01"),
    # inden / før: the day before
    ("inden 1. november 2018", "2018-10-31"),
    ("før 1. november 2018", "2018-10-31"),
    # primo / medio / ultimo
    ("primo oktober", "2018-10-10"),
    ("medio oktober", "2018-10-20"),
    ("ultimo oktober", "2018-10-31"),
    ("ultimo februar", "2019-02-28"),
    ("Primo/medio oktober", "2018-10-20"),
    # i <month> <year>, i løbet af <month>
    ("i oktober 2018", "2018-10-31"),
    ("i løbet af oktober", "2018-10-31"),
    ("i oktober", "2018-10-31"),
    ("i september", "2018-09-30"),
    ("i august", "2019-08-31"),
    # quarters, half years, years
    ("4. kvartal 2018", "2018-12-31"),
    ("inden udgangen af 4. kvartal 2018", "2018-12-31"),
    ("1. halvår 2019", "2019-06-30"),
    ("2. halvår 2019", "2019-12-31"),
    ("inden udgangen af 1. halvår 2019", "2019-06-30"),
    ("i 2019", "2019-12-31"),
    ("inden udgangen af 2019", "2019-12-31"),
    # ISO week: Monday 29 October 2018 starts week 44, so its Friday is 2 November
    ("uge 44", "2018-11-02"),
    ("i uge 44", "2018-11-02"),
    # relative to the meeting
    ("i løbet af de kommende 14 dage", "2018-10-11"),
    ("inden for 14 dage", "2018-10-11"),
    ("indenfor den næste uge", "2018-10-04"),
    ("i løbet af ugen", "2018-10-04"),
]


@pytest.mark.parametrize(("expression", "expected"), SECTION_4)
def test_section_4_table(expression: str, expected: str) -> None:
    assert due(expression, SEPT) == expected


@pytest.mark.parametrize("expression", ["til næste møde", "efter sommeren", "snarest", "løbende"])
def test_section_4_no_date_expressions_are_recognised_without_a_date(expression: str) -> None:
    found = resolve(expression, SEPT)
    assert found is not None
    assert found.due is None
    assert found.rule == "no_date"
    assert found.text.lower() == expression


def test_section_4_the_date_of_a_past_meeting_is_not_a_deadline() -> None:
    assert choose_deadline("Godkendelse af referat fra mødet d. 13. september 2018.", SEPT) is None


# --- ordinary expressions: meeting Thursday 17 January 2019 -------------------------------------

ORDINARY = [
    ("1. april 2019", "2019-04-01"),
    ("d. 25. oktober 2019", "2019-10-25"),
    ("d. 15. januar", "2020-01-15"),  # passed two days ago
    ("den 17. januar", "2019-01-17"),  # the meeting day itself
    ("senest 1. april", "2019-04-01"),
    ("før 1. marts", "2019-02-28"),
    ("inden d. 1. marts 2020", "2020-02-29"),  # leap year
    ("primo februar", "2019-02-10"),
    ("medio marts", "2019-03-20"),
    ("ultimo februar 2020", "2020-02-29"),
    ("primo januar", "2020-01-10"),  # 10 January has passed
    ("i januar", "2019-01-31"),
    ("i december", "2019-12-31"),
    ("3. kvartal 2019", "2019-09-30"),
    ("inden udgangen af 1. kvartal 2019", "2019-03-31"),
    ("2. kvartal", "2019-06-30"),
    ("tredje kvartal 2019", "2019-09-30"),
    ("Q3 2019", "2019-09-30"),
    ("inden udgangen af 2020", "2020-12-31"),
    ("uge 44", "2019-11-01"),  # week 44 of 2019 runs 28 Oct - 3 Nov
    ("i uge 10", "2019-03-08"),  # week 10 runs 4-10 March
    # a range of weeks or months is due when its last one ends
    ("i uge 12-13.", "2019-03-29"),
    ("i februar og marts 2019", "2019-03-31"),
    ("august-september", "2019-09-30"),
    ("fra oktober til november", "2019-11-30"),
    ("i dag", "2019-01-17"),
    ("i morgen", "2019-01-18"),
    ("i overmorgen", "2019-01-19"),
    ("næste tirsdag", "2019-01-22"),
    ("onsdag i næste uge", "2019-01-23"),
    ("fredag i uge 6", "2019-02-08"),
    ("på fredag", "2019-01-18"),
    ("mandag", "2019-01-21"),
    ("torsdag", "2019-01-24"),  # a weekday is after the meeting, never the meeting day
    ("tirs.", "2019-01-22"),
    ("fre.", "2019-01-18"),
    ("om en uge", "2019-01-24"),
    ("om 3 uger", "2019-02-07"),
    ("om to måneder", "2019-03-17"),
    ("den 15.", "2019-02-15"),
    ("den 20.", "2019-01-20"),
    ("15/02", "2019-02-15"),
    ("på rådets møde 3/2", "2019-02-03"),
    ("15.02", "2019-02-15"),
    ("15/2-2019", "2019-02-15"),
    ("3-3-2015", "2015-03-03"),
    ("2015-03-03", "2015-03-03"),
    ("1/4 2019", "2019-04-01"),
    ("1.1.2020", "2020-01-01"),
    ("3. jan. 2020", "2020-01-03"),
    ("5. feb", "2019-02-05"),
    ("12. sept.", "2019-09-12"),
    ("18. dec.", "2019-12-18"),
    ("den tredje marts", "2019-03-03"),
    ("den første april", "2019-04-01"),
    ("den enogtyvende juni", "2019-06-21"),
    ("første tirsdag i oktober", "2019-10-01"),  # 1 October 2019 is a Tuesday
    ("sidste dag i oktober 2015", "2015-10-31"),
    ("sidste fredag i måneden", "2019-01-25"),
    ("udgangen af måneden", "2019-01-31"),
    ("ultimo næste måned", "2019-02-28"),
    ("medio næste måned", "2019-02-20"),
    ("næste måned", "2019-02-28"),
    ("næste år", "2020-12-31"),
    ("i år", "2019-12-31"),
    ("inden årsskiftet", "2019-12-31"),
    ("primo 2020", "2020-01-31"),
    ("ultimo 2019", "2019-12-31"),
    ("i foråret 2019", "2019-05-31"),
    ("i efteråret 2019", "2019-11-30"),
    ("til sommer", "2019-06-30"),
    ("inden sommerferien", "2019-06-30"),
    ("nytårsaften", "2019-12-31"),
    ("juleaften", "2019-12-24"),
    ("inden jul", "2019-12-23"),
    ("1. juledag", "2019-12-25"),
    ("2. juledag", "2019-12-26"),
    ("nytårsdag", "2020-01-01"),
    ("påske", "2019-04-21"),  # Easter Sunday 2019
    ("påskedag", "2019-04-21"),
    ("skærtorsdag", "2019-04-18"),
    ("langfredag", "2019-04-19"),
    ("2. påskedag", "2019-04-22"),
    ("store bededag", "2019-05-17"),
    ("Kristi himmelfartsdag", "2019-05-30"),
    ("pinse", "2019-06-09"),
    ("2. pinsedag", "2019-06-10"),
    ("grundlovsdag", "2019-06-05"),
    ("sankthansaften", "2019-06-23"),
    ("sankthans", "2019-06-23"),
    ("fastelavn", "2019-03-03"),
    ("kommende 14 dage", "2019-01-31"),
    ("inden for de næste 3 uger", "2019-02-07"),
    ("inden for en måned", "2019-02-17"),
    ("inden for 72 timer", "2019-01-20"),
    ("inden for 5 hverdage", "2019-01-24"),  # Fri, Mon, Tue, Wed, Thu
    ("i næste uge", "2019-01-25"),  # the Friday of next week, like "uge N"
    ("i denne uge", "2019-01-18"),
    ("inden oktober", "2019-09-30"),
    ("10.-11. maj", "2019-05-10"),  # a range is due on its first day
    ("28. februar, 2025", "2025-02-28"),
    ("29. februar", "2020-02-29"),  # the next 29 February
]


@pytest.mark.parametrize(("expression", "expected"), ORDINARY)
def test_ordinary_expressions(expression: str, expected: str) -> None:
    assert due(expression, JAN) == expected


def test_the_ordinary_table_is_large_enough() -> None:
    assert len(ORDINARY) >= 60


# --- the rule that fired ------------------------------------------------------------------------

RULES = [
    ("1. april 2019", "explicit_date"),
    ("d. 29. januar", "day_month"),
    ("den tredje marts", "ordinal_date"),
    ("3-3-2015", "numeric_date"),
    ("2015-03-03", "iso_date"),
    ("15/02", "numeric_day_month"),
    ("den 15.", "day_of_month_next"),
    ("inden 1. april", "inden_day_before"),
    ("inden oktober", "inden_period"),
    ("primo oktober", "primo"),
    ("medio oktober", "medio"),
    ("ultimo oktober", "ultimo"),
    ("i oktober", "month"),
    ("næste måned", "month_relative"),
    ("4. kvartal 2018", "quarter"),
    ("1. halvår 2019", "half_year"),
    ("i 2019", "year"),
    ("næste år", "year_relative"),
    ("uge 44", "iso_week"),
    ("onsdag i næste uge", "weekday_in_week"),
    ("i næste uge", "week_friday"),
    ("næste tirsdag", "weekday_next"),
    ("første tirsdag i oktober", "nth_weekday"),
    ("sidste dag i oktober 2015", "day_in_month"),
    ("inden for 14 dage", "relative_days"),
    ("om 3 uger", "relative_weeks"),
    ("om to måneder", "relative_months"),
    ("inden for 72 timer", "relative_hours"),
    ("inden for 5 hverdage", "business_days"),
    ("i morgen", "tomorrow"),
    ("påske", "holiday"),
    ("i foråret 2019", "season"),
    ("inden sommerferien", "season_boundary"),
    ("snarest", "no_date"),
    ("i februar og marts 2019", "month_range"),
]


@pytest.mark.parametrize(("expression", "rule"), RULES)
def test_rule_names(expression: str, rule: str) -> None:
    found = resolve(expression, JAN)
    assert found is not None
    assert found.rule == rule


# --- year roll-over: meeting Monday 10 December 2018 (ISO week 50) -------------------------------

DECEMBER = date(2018, 12, 10)

ROLL_OVER = [
    ("d. 15. januar", "2019-01-15"),
    ("d. 20. december", "2018-12-20"),
    ("uge 2", "2019-01-11"),  # week 2 of 2018 is long past; week 2 of 2019 runs 7-13 January
    ("uge 50", "2018-12-14"),  # the meeting's own week
    ("uge 49", "2019-12-06"),  # last week: next year's week 49
    ("primo januar", "2019-01-10"),
    ("i januar", "2019-01-31"),
    ("1. kvartal", "2019-03-31"),
    ("næste måned", "2019-01-31"),
    ("om 3 uger", "2018-12-31"),
    ("den 5.", "2019-01-05"),
    ("nytårsdag", "2019-01-01"),
    ("juleaften", "2018-12-24"),
    ("sidste fredag i måneden", "2018-12-28"),
    ("i næste uge", "2018-12-21"),
]


@pytest.mark.parametrize(("expression", "expected"), ROLL_OVER)
def test_year_roll_over(expression: str, expected: str) -> None:
    assert due(expression, DECEMBER) == expected


def test_last_friday_of_a_month_already_past_moves_to_next_month() -> None:
    # Saturday 29 December 2018: December's last Friday was yesterday; January's is the 25th.
    assert due("sidste fredag i måneden", date(2018, 12, 29)) == "2019-01-25"


def test_a_weekday_on_the_meeting_day_is_next_week() -> None:
    assert due("torsdag", date(2019, 1, 17)) == "2019-01-24"


# --- impossible dates: no crash, no date ---------------------------------------------------------


@pytest.mark.parametrize(
    "expression",
    ["31. februar 2019", "30/2-2019", "29. februar 2019", "senest 31. februar 2019", "32. januar", "uge 54",
     "femte fredag i februar 2019", "31-04-2019"],
)  # fmt: skip
def test_impossible_dates_give_no_date(expression: str) -> None:
    assert resolve(expression, JAN) is None
    assert find_deadlines(expression, JAN) == []


def test_a_day_a_month_lacks_moves_to_the_next_month_that_has_it() -> None:
    assert due("den 31.", date(2019, 2, 1)) == "2019-03-31"
    assert due("sidste dag i februar 2020", JAN) == "2020-02-29"


# --- things that are not dates --------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Jf. § 17, stk. 4, i loven.",
        "Udgiften er 1.950.000 kr. i alt.",
        "Mødet startede kl. 15.02 i byrådssalen.",
        "Sag 17.01.00-A00-1-15 er oprettet.",
        "En 1/3 af budgettet er brugt.",
        "Budget 2019 blev vedtaget.",
        "Han har været ansat fra januar.",
        "Sundhedsaftalen 2019-2023 fortsætter.",
        "Se afsnit 1.2. i notatet.",
        "Man skal huske at melde tilbage.",
        "Der afholdes møde hver mandag.",
        "Han ringer til sin søn.",
        "Overførsler fra 2018 til 2019 behandles særskilt.",
    ],
)
def test_numbers_and_words_that_are_not_dates(sentence: str) -> None:
    assert find_deadlines(sentence, JAN) == []


# --- find_deadlines: spans, longest match, several expressions -----------------------------------


def test_spans_point_into_the_text_and_include_the_cue_word() -> None:
    text = "Svar sendes senest d. 1. april 2019, og IT svarer inden for 14 dage."
    found = find_deadlines(text, JAN)
    assert [(d.text, d.rule) for d in found] == [
        ("senest d. 1. april 2019", "explicit_date"),
        ("inden for 14 dage", "relative_days"),
    ]
    for deadline in found:
        assert text[deadline.start : deadline.end] == deadline.text
    assert [d.due for d in found] == [date(2019, 4, 1), date(2019, 1, 31)]


@pytest.mark.parametrize(
    ("text", "span_text", "rule"),
    [
        ("Vi ses i uge 44.", "i uge 44", "iso_week"),
        ("Svar onsdag i næste uge.", "onsdag i næste uge", "weekday_in_week"),
        ("Mødet er tirsdag den 3. maj 2011 kl. 10.", "tirsdag den 3. maj 2011", "explicit_date"),
        ("Klar inden udgangen af 4. kvartal 2019.", "inden udgangen af 4. kvartal 2019", "quarter"),
        ("Det sker 2. påskedag.", "2. påskedag", "holiday"),
        ("Forberedes i 3. og 4. kvartal 2019.", "3. og 4. kvartal 2019", "quarter"),
    ],
)
def test_the_longest_expression_wins(text: str, span_text: str, rule: str) -> None:
    found = find_deadlines(text, JAN)
    assert [(d.text, d.rule) for d in found] == [(span_text, rule)]


def test_coordinated_quarters_end_with_the_later_one() -> None:
    assert due("i 3. og 4. kvartal 2019", JAN) == "2019-12-31"


def test_a_year_named_at_the_end_of_a_list_applies_to_the_whole_list() -> None:
    text = "Planen forelægges Chefforum den 4. december, HovedMED den 12. december og KB den 19. december 2018."
    expected = [date(2018, 12, 4), date(2018, 12, 12), date(2018, 12, 19)]
    assert [d.due for d in find_deadlines(text, date(2018, 12, 14))] == expected
    assert [d.due for d in find_deadlines(text, None)] == expected
    chosen = choose_deadline(text, date(2018, 12, 14))
    assert chosen is not None and chosen.due == date(2018, 12, 19)


def test_without_a_meeting_date_only_full_dates_resolve() -> None:
    text = "Rapporten sendes senest 1. juni, drøftes i uge 24 og vedtages 3. maj 2019."
    assert [(d.text, d.due) for d in find_deadlines(text, None)] == [("3. maj 2019", date(2019, 5, 3))]
    assert resolve("i næste uge", None) is None
    assert due("4. kvartal 2018", None) == "2018-12-31"
    assert due("i 2019", None) == "2019-12-31"
    assert resolve("til næste møde", None) is not None  # recognised, records no date


# --- choose_deadline: the sentence policy ----------------------------------------------------------


def chosen(text: str, meeting: date | None = SEPT) -> str | None:
    found = choose_deadline(text, meeting)
    return found.due.isoformat() if found is not None and found.due is not None else None


def test_a_past_meeting_date_is_skipped_for_the_real_deadline() -> None:
    text = "På mødet den 13. september 2018 blev det aftalt, at der udarbejdes et notat senest 1. november 2018."
    assert chosen(text) == "2018-11-01"


def test_inden_is_the_day_before_and_senest_the_day_itself() -> None:
    assert chosen("Planen skal være klar inden 1. december 2018.") == "2018-11-30"
    assert chosen("Planen skal være klar senest 1. december 2018.") == "2018-12-01"


def test_a_date_with_a_deadline_cue_beats_an_earlier_plain_date() -> None:
    text = "Der holdes workshop den 5. oktober 2018, og rapporten afleveres senest 1. november 2018."
    assert chosen(text) == "2018-11-01"


def test_of_plain_dates_the_earliest_is_the_next_step() -> None:
    assert chosen("Udkastet drøftes den 4. oktober 2018 og igen den 8. november 2018.") == "2018-10-04"


def test_a_decision_taken_on_a_date_is_not_a_deadline() -> None:
    assert chosen("Kommunalbestyrelsen vedtog den 9. september 2014 politikken.", date(2014, 6, 1)) is None


def test_a_named_other_meeting_is_not_a_deadline_but_a_return_to_the_forum_is() -> None:
    assert chosen("Årsmødet 9. november 2018 står på programmet.", date(2018, 10, 29)) is None
    assert chosen("Sagen drøftes igen på mødet den 25. oktober 2018.") == "2018-10-25"
    # a body's meeting that the work must be ready for
    assert chosen("Økonomi samler forslagene til Økonomiudvalgets møde den 1. oktober 2018.") == "2018-10-01"
    assert chosen("Forvaltningen beskriver modellerne til udvalgets møde den 4. december.") == "2018-12-04"
    assert chosen("Forslaget blev drøftet på KKR mødet 9. november 2018.", date(2018, 10, 29)) is None


def test_a_document_date_is_not_a_deadline() -> None:
    assert chosen("Notatet af 3. oktober 2018 vedlægges som bilag.") is None
    assert chosen("Regnskabet pr. 30. november 2018 fremlægges.") is None
    assert chosen("Sagen genoptages efter 1. november 2018.") is None
    # what a period is about is not when it is due; "inden for" still is
    assert chosen("Punktet tages op igen i uge 46 med tal for 4. kvartal.") == "2018-11-16"
    assert chosen("Forvaltningen svarer inden for 14 dage.") == "2018-10-11"


def test_a_no_date_expression_without_other_dates_records_no_date() -> None:
    found = choose_deadline("Sagen tages op igen til næste møde.", SEPT)
    assert found is not None
    assert found.due is None and found.rule == "no_date" and found.text == "til næste møde"
    assert chosen("Der følges op til næste møde, dog senest 1. november 2018.") == "2018-11-01"


def test_a_sentence_without_dates_has_no_deadline() -> None:
    assert choose_deadline("Økonomi & Stab udarbejder en vejledning.", SEPT) is None


def test_a_recurring_duty_has_no_deadline() -> None:
    found = choose_deadline("Kontrollen gennemføres 1 gang årligt inden udgangen af 4. kvartal.", SEPT)
    assert found is None or found.due is None


def test_i_dag_without_a_cue_describes_the_present() -> None:
    assert chosen("Der er i dag ingen fælles procedure, så IT udarbejder en.") is None
    assert chosen("Listen sendes ud senest i dag.") == "2018-09-27"


def test_a_vague_season_records_no_date_but_a_holiday_boundary_does() -> None:
    found = choose_deadline("Den nye legeplads åbner til sommeren 2019.", SEPT)
    assert found is not None and found.due is None and found.rule == "season"
    assert chosen("Planerne skal være færdige inden sommerferien.") == "2019-06-30"


def test_the_last_one_in_a_year_is_a_position_not_a_deadline() -> None:
    text = "Budgettet er det første i 2021 med den nye model, og evalueringen sker i 2022."
    assert chosen(text, date(2020, 11, 10)) == "2022-12-31"


def test_without_a_meeting_date_only_full_dates_are_chosen() -> None:
    assert chosen("Rapporten sendes senest 1. april.", None) is None
    assert chosen("Rapporten sendes senest 1. april 2019.", None) == "2019-04-01"


# --- dateparser: a lazy fallback for a short phrase only -------------------------------------------


def test_dateparser_reads_a_plain_date_the_rules_do_not() -> None:
    found = resolve("marts 3, 2019", JAN)
    assert found is not None
    assert found.due == date(2019, 3, 3)
    assert found.rule == "dateparser"


def test_dateparser_is_not_imported_for_sentences() -> None:
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from nlp.deadlines import choose_deadline, find_deadlines, resolve\n"
        "find_deadlines('Svar senest 1. april og i uge 44, marts 3, 2019.', date(2019, 1, 17))\n"
        "choose_deadline('Svar senest 1. april.', date(2019, 1, 17))\n"
        "resolve('senest 1. april', date(2019, 1, 17))\n"
        "assert 'dateparser' not in sys.modules, 'dateparser was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- invariants over real minutes, and the gold check script --------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def test_every_seed_sentence_gives_consistent_spans() -> None:
    """Over the five seed referater: no exception, spans are the text, in order, non-overlapping."""
    count = 0
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            found = find_deadlines(line, SEPT)
            count += len(found)
            assert all(line[d.start : d.end] == d.text for d in found)
            assert all(a.end <= b.start for a, b in pairwise(found))
            choose_deadline(line, SEPT)
    assert count > 50  # the seeds are full of dates: the rules do see them


def test_gold_check_script_scores_text_then_also_sentences(tmp_path: Path) -> None:
    gold = [
        # the date is in the "also" sentence; the script must look there
        {"doc": "x.txt", "item": 1, "text": "IT udarbejder en plan.", "also": ["Planen sendes senest 1. marts."],
         "deadline": "2019-03-01", "deadline_alt": [], "meeting_date": "2019-01-17"},
        # "inden" is the day before; the alternative reading is accepted too
        {"doc": "x.txt", "item": 2, "text": "Klar inden 1. april.", "also": [],
         "deadline": "2019-04-01", "deadline_alt": ["2019-03-31"], "meeting_date": "2019-01-17"},
        # a wrong gold date: the script must count it as a miss
        {"doc": "x.txt", "item": 3, "text": "Svar i uge 5.", "also": [],
         "deadline": "2019-02-04", "deadline_alt": [], "meeting_date": "2019-01-17"},
        {"doc": "x.txt", "item": 4, "text": "Sagen drøftes til næste møde.", "also": [],
         "deadline": None, "deadline_alt": [], "meeting_date": "2019-01-17"},
    ]  # fmt: skip
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in gold) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "deadline_gold_check.py"), "--verbose", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "gold.jsonl: 3/4 correct" in done.stdout
    assert "got=2019-02-01" in done.stdout  # Friday of week 5, reported as the miss
    assert "dated: 2/3" in done.stdout
    assert "null: 1/1" in done.stdout


def test_a_year_is_not_inherited_across_a_sentence_end() -> None:
    text = "Notatet sendes d. 5. marts. Planen blev vedtaget 10. april 2015."
    assert [d.due for d in find_deadlines(text, JAN)] == [date(2019, 3, 5), date(2015, 4, 10)]
    assert [d.due for d in find_deadlines(text, None)] == [date(2015, 4, 10)]


def test_a_month_with_its_year_lends_the_year_to_an_earlier_month() -> None:
    text = "Sagen behandles i kommissionen i januar og i kommunerne i marts 2016."
    assert [d.due for d in find_deadlines(text, None)] == [date(2016, 1, 31), date(2016, 3, 31)]


def test_days_after_the_meeting_count_from_the_meeting() -> None:
    assert due("senest 3 uger efter mødet", JAN) == "2019-02-07"
    assert due("14 dage efter mødet", JAN) == "2019-01-31"
    assert find_deadlines("Svar 14 dage efter modtagelsen.", JAN) == []
