"""Danish deadline expressions resolved against the meeting date (ANNOTATION §4).

Minutes say *when* in many ways: "senest 1. april 2019", "inden udgangen af 4. kvartal",
"primo oktober", "i uge 44", "i løbet af de kommende 14 dage", "onsdag i næste uge", "til næste
møde". Each way is one small rule: a compiled regex for the expression itself (the *core*) and a
handler that turns the match into a day or a period. A cue word just in front of the core
("senest", "inden", "udgangen af", "pr.") is read separately and decides how the core becomes a
due date: "inden 1. november" is due the day before, "inden oktober" the last day of September,
"inden udgangen af 2018" on 31 December.

Choices the guideline leaves open, decided here once:
- A date without a year is the first such date on or after the meeting, unless the same sentence
  names the year in a list ("den 4. december, den 12. december og den 19. december 2018").
- A bare weekday ("mandag", "på fredag", "næste tirsdag") is the first such day *after* the
  meeting; "onsdag i næste uge" is the Wednesday of the next ISO week; "i næste uge" and
  "i denne uge" are the Friday of that week, like "uge 44".
- "primo/medio/ultimo <year>" are 31 January / 30 June / 31 December.
- Seasons: "i (løbet af) foråret/sommeren/efteråret/vinteren" end 31 May / 31 August /
  30 November / end of February; "til sommer(en)" and "inden/før sommer(en)",
  "inden sommerferien" are 30 June; "inden juleferien" is 20 December; "efter sommeren" records
  no date. Seasons are vague, so ``choose_deadline`` records "i/til <season>" as no date (as the
  gold does for "til sommeren 2017") and keeps only the school-holiday boundaries.
- Holidays are single days: "påske" is Easter Sunday, "pinse" Whit Sunday, "jul" 24 December.
- Day ranges ("10.-11. maj") are due on their first day; "3. og 4. kvartal" at the end of the later.

Performance matters (the benchmark feeds a million words through here): every pattern is
compiled once at import and runs, without IGNORECASE, on the text lower-cased once; each rule
runs only when the sentence holds one of its needle substrings; ``dateparser`` is imported lazily
and only ever sees a short phrase given to ``resolve``, never a sentence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal

from nlp._dates import (
    MONTH_ANY,
    MONTH_STRICT,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    ORDINALS,
    WEEKDAY_ABBR,
    WEEKDAY_FULL,
    WEEKDAYS,
    YEAR,
    add_business_days,
    add_months,
    easter,
    first_on_or_after,
    iso_week_day,
    last_day,
    month_number,
    next_weekday,
    number,
    safe_date,
    week_start,
)
from nlp.models import Deadline

Kind = Literal["point", "period", "null", "invalid", "pending"]
Cue = Literal["before", "end", "senest", "frist", "ref", "from"]

# Cues that make a date a deadline by their wording (ANNOTATION §4 and the task's policy).
DEADLINE_CUES: frozenset[str] = frozenset({"before", "end", "senest", "frist"})


@dataclass(frozen=True, slots=True)
class _Core:
    """What a matched expression means before the cue in front of it is applied.

    A *point* is one day; a *period* runs ``first``..``due`` (its last day). A *pending* core is
    a date without a year met without a meeting date: it resolves only if the sentence names
    the year elsewhere. ``rebuild`` gives the same expression in a named year.
    """

    kind: Kind
    rule: str
    due: date | None = None
    first: date | None = None
    explicit: bool = False  # the text fixes the date without the meeting date
    intrinsic_cue: bool = False  # primo/ultimo, "i løbet af", "inden for 14 dage": a deadline by wording
    no_shift: bool = False  # already an end ("årets udgang"): "inden" does not move it
    rebuild: Callable[[int], _Core | None] | None = None
    anchor: tuple[int, int] | None = None  # (month, day), to check a year named later fits


_INVALID = _Core("invalid", "invalid_date")


@dataclass(frozen=True, slots=True)
class _Ctx:
    text: str  # lower-cased, as the patterns see it
    original: str
    start: int
    end: int
    meeting: date | None
    cue: Cue | None
    cue_word: str = ""
    phrase: bool = False  # resolve() was given a phrase, not a sentence

    @property
    def whole(self) -> bool:
        """A phrase that is nothing but this expression ("15.02", "tirs."): it is meant as a date.

        Only for ``resolve``: in a sentence, "1.2." is a section number."""
        return self.phrase and not self.text[: self.start].strip() and not self.text[self.end :].strip(" .")

    def before(self, chars: int = 40) -> str:
        return self.text[max(0, self.start - chars) : self.start]


Handler = Callable[[re.Match[str], _Ctx], _Core | None]


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: re.Pattern[str]
    handler: Handler
    needles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Candidate:
    deadline: Deadline
    core_start: int
    cue: Cue | None
    cued: bool  # a deadline by its cue word or its own wording
    explicit: bool


def _point(rule: str, day: date | None, *, explicit: bool = False, intrinsic: bool = False) -> _Core:
    if day is None:
        return _INVALID
    return _Core("point", rule, day, day, explicit=explicit, intrinsic_cue=intrinsic)


def _period(rule: str, first: date, last: date, *, explicit: bool = False, intrinsic: bool = False) -> _Core:
    return _Core("period", rule, last, first, explicit=explicit, intrinsic_cue=intrinsic)


def _next_occurrence(ctx: _Ctx, make: Callable[[int], _Core | None], anchor: tuple[int, int]) -> _Core:
    """A date named without its year: the first occurrence due on or after the meeting."""
    if ctx.meeting is None:
        return _Core("pending", "pending", rebuild=make, anchor=anchor)
    meeting = ctx.meeting
    found: list[_Core] = []

    def due_in(year: int) -> date | None:
        core = make(year)
        if core is None or core.due is None:
            return None
        found.append(core)
        return core.due

    day = first_on_or_after(meeting, due_in)
    if day is None:
        return _INVALID
    return replace(found[-1], explicit=False, rebuild=make, anchor=anchor)


def _norm(value: str | None) -> str:
    return " ".join(value.lower().split()) if value else ""


def _compile(pattern: str) -> re.Pattern[str]:
    """Patterns are written in lower case and run on the lower-cased text (``_lower``): matching
    without IGNORECASE is markedly faster, and offsets stay those of the original."""
    return re.compile(pattern)


def _lower(text: str) -> str:
    """Lower case with every character kept in place (``"İ".lower()`` would grow the string)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_END = r"(?![a-zæøå0-9])"
_DAY_LEAD = r"(?:(?:\bden\b|\bd\.)\s*|(?<![\w.,/-]))"
_YEAR_TAIL = rf"(?:,?\s+(?P<y>{YEAR})(?!\d))?"

# ---------------------------------------------------------------------------------------------
# Explicit calendar dates

_EXPLICIT = _compile(
    rf"(?:\b(?:{WEEKDAY_FULL}|{WEEKDAY_ABBR})\s*(?:\bden\b|\bd\.)?\s*)?"
    rf"(?:(?:\bden\b|\bd\.)\s*|(?<![\d.,/]))(?P<d>[0-3]?\d)\s*\.?\s*"
    rf"(?:(?:-|–|og|til|&)\s*(?:d\.\s*|den\s+)?(?P<d2>[0-3]?\d)\s*\.?\s*)?"
    rf"(?P<mon>{MONTH_ANY}){_YEAR_TAIL}"
)
_ORDINAL_DATE = _compile(rf"(?:\b(?:den|d\.)\s*)?\b(?P<ow>{ORDINAL_WORDS})\s+(?P<mon>{MONTH_STRICT}){_YEAR_TAIL}")
_NUMERIC_DMY = _compile(
    rf"{_DAY_LEAD}(?P<d>[0-3]?\d)(?P<s>[./-])(?P<m>[01]?\d)(?:(?P=s)|[-/])(?P<y>(?:19|20)?\d\d)"
    r"(?![\w/-]|[.,]\d)"
)
_NUMERIC_DM_SPACE_Y = _compile(rf"{_DAY_LEAD}(?P<d>[0-3]?\d)/(?P<m>[01]?\d)\s+(?P<y>{YEAR})(?!\d)")
_ISO = _compile(rf"(?<![\w.-])(?P<y>{YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w-])")
_NUMERIC_DM = _compile(rf"{_DAY_LEAD}(?P<d>[0-3]?\d)(?P<s>[./])(?P<m>[01]?\d)(?![\w/]|[.,]\d)")
_DAY_ONLY = _compile(r"(?:\bden\b|\bd\.)\s*(?P<d>[0-3]?\d)\.(?!\d)")

_LEADING_WEEKDAY = _compile(rf"(?:{WEEKDAY_FULL}|{WEEKDAY_ABBR})\s*(?:\bden\b|\bd\.)?\s*$")
_CLOCK = _compile(r"\bkl\.?\s*$")
_AFTER_MEETING_WORD = _compile(r"\bmøde(?:t)?\s*$")
_DAY_ONLY_FOLLOW = re.compile(r"\s*(?:$|[,;:)!?]|kl\b|og\b|eller\b|i\s+måneden\b|\s[A-ZÆØÅ])")


def _day_month(rule: str, ctx: _Ctx, year: str | None, month: int, day: int) -> _Core:
    if year is not None:
        return _point(rule, safe_date(_full_year(year), month, day), explicit=True)
    return _next_occurrence(ctx, lambda y: _point(rule, safe_date(y, month, day), explicit=True), (month, day))


def _full_year(year: str) -> int:
    value = int(year)
    return value + 2000 if value < 100 else value


def _explicit(m: re.Match[str], ctx: _Ctx) -> _Core:
    return _day_month("explicit_date" if m["y"] else "day_month", ctx, m["y"], month_number(m["mon"]), int(m["d"]))


def _ordinal_date(m: re.Match[str], ctx: _Ctx) -> _Core:
    return _day_month("ordinal_date", ctx, m["y"], month_number(m["mon"]), ORDINALS[m["ow"].lower()])


def _numeric_dmy(m: re.Match[str], ctx: _Ctx) -> _Core:
    rule = "iso_date" if m.re is _ISO else "numeric_date"
    return _day_month(rule, ctx, m["y"], int(m["m"]), int(m["d"]))


def _numeric_dm(m: re.Match[str], ctx: _Ctx) -> _Core | None:
    """ "15/02", "d. 21/1", "senest 15.02": accepted only where nothing else reads them (a
    fraction "1/3", a clock "kl. 15.02", a decimal "2.5")."""
    if _CLOCK.search(ctx.before(6)):
        return None
    lead = m.group(0)[:1].lower() == "d"
    weekday = bool(_LEADING_WEEKDAY.search(ctx.before(12)))
    two_by_two = m["s"] == "/" and len(m["d"]) == 2 and len(m["m"]) == 2
    meeting = m["s"] == "/" and bool(_AFTER_MEETING_WORD.search(ctx.before(12)))  # "på rådets møde 3/11"
    if not (lead or weekday or two_by_two or meeting or ctx.cue in DEADLINE_CUES or ctx.whole):
        return None
    return _day_month("numeric_day_month", ctx, None, int(m["m"]), int(m["d"]))


def _day_only(m: re.Match[str], ctx: _Ctx) -> _Core | None:
    """ "den 15." with nothing after it: the next 15th on or after the meeting."""
    if not _DAY_ONLY_FOLLOW.match(ctx.original, ctx.end) or ctx.meeting is None:
        return None
    meeting, day = ctx.meeting, int(m["d"])
    for offset in range(13):
        month_start = add_months(meeting.replace(day=1), offset)
        candidate = safe_date(month_start.year, month_start.month, day)
        if candidate is not None and candidate >= meeting:
            return _point("day_of_month_next", candidate)
    return _INVALID


# ---------------------------------------------------------------------------------------------
# Months, quarters, half years, years

_PERIOD_INTRO = (
    r"primo\s*/\s*medio|medio\s*/\s*ultimo|primo\s*/\s*ultimo|primo|medio|ultimo|i\s+løbet\s+af"
    r"|(?:i\s+)?(?:starten|begyndelsen|midten|slutningen)\s+af|i"
)
_MONTH = _compile(rf"(?:\b(?P<intro>{_PERIOD_INTRO})\s+)?\b(?P<mon>{MONTH_STRICT}){_YEAR_TAIL}")
# "i februar og marts 2026", "august-september": due when the last month ends
_MONTH_RANGE = _compile(
    rf"(?:\b(?:i|i\s+løbet\s+af)\s+)?\b(?P<mon>{MONTH_STRICT})\s*(?:-|–|og|til)\s*(?P<mon2>{MONTH_STRICT}){_YEAR_TAIL}"
)
_MONTH_RELATIVE = _compile(
    rf"(?:\b(?P<intro>{_PERIOD_INTRO})\s+)?\b(?:(?P<which>næste|denne|indeværende|(?:den\s+)?kommende)"
    rf"\s+måned|(?P<this>måneden)|(?P<end>månedens\s+udgang)){_END}"
)
_QUARTER_WORD = r"første|andet|anden|tredje|fjerde|sidste"
_QUARTER = _compile(
    rf"(?<![\d.])(?:(?P<q>[1-4])\.?|\b(?P<qw>{_QUARTER_WORD}))\s*"
    rf"(?:(?:og|-|–|/)\s*(?:(?P<q2>[1-4])\.?|(?P<qw2>{_QUARTER_WORD}))\s*)?"
    rf"(?:kvartal|kvt\.?){_END}{_YEAR_TAIL}"
    rf"|\bq(?P<qq>[1-4])\s*[-/]?\s*(?P<qy>{YEAR})(?!\d)"
)
_HALF = _compile(rf"(?<![\d.])(?:(?P<h>[12])\.?|\b(?P<hw>første|andet|anden|sidste))\s*halvår(?:et)?{_END}{_YEAR_TAIL}")
_YEAR = _compile(rf"(?:\b(?P<intro>{_PERIOD_INTRO})\s+)?(?<![\w.,/-])(?P<y>{YEAR})(?![\d/]|\s*[-–]\s*\d|[.,]\d)")
_YEAR_RELATIVE = _compile(
    rf"(?:\b(?P<intro>{_PERIOD_INTRO})\s+)?(?<!\bde\s)\b(?:(?P<next>næste\s+år|(?:det\s+)?kommende\s+år)"
    rf"|(?P<this>året|indeværende\s+år)|(?P<end>årets\s+udgang|årsskiftet)){_END}"
    rf"|\bi\s+år{_END}"
)

_ORDINAL_QUARTER = {"første": 1, "andet": 2, "anden": 2, "tredje": 3, "fjerde": 4, "sidste": 4}


def _intro_kind(intro: str) -> str:
    """primo/medio/ultimo and their plain-Danish twins; combined forms take the later one."""
    if "/" in intro:
        intro = intro.split("/")[-1].strip()
    for word, kind in (("starten", "primo"), ("begyndelsen", "primo"), ("midten", "medio"),
                       ("slutningen", "ultimo")):  # fmt: skip
        if word in intro:
            return kind
    return intro


def _month_core(intro: str, year: int, month: int) -> _Core:
    kind = _intro_kind(intro)
    end = last_day(year, month)
    if kind == "primo":
        return _point("primo", date(year, month, 10), explicit=True, intrinsic=True)
    if kind == "medio":
        return _point("medio", date(year, month, 20), explicit=True, intrinsic=True)
    if kind == "ultimo":
        return _point("ultimo", end, explicit=True, intrinsic=True)
    return _period("month", date(year, month, 1), end, explicit=True, intrinsic=kind == "i løbet af")


def _month(m: re.Match[str], ctx: _Ctx) -> _Core | None:
    intro, month = _norm(m["intro"]), month_number(m["mon"])
    if not intro and not m["y"] and ctx.cue not in DEADLINE_CUES and not ctx.whole:
        return None  # a bare month name ("fra januar") is no date
    if m["y"]:
        return _month_core(intro, int(m["y"]), month)
    anchor_day = {"primo": 10, "medio": 20}.get(_intro_kind(intro), 31)
    return _next_occurrence(ctx, lambda y: _month_core(intro, y, month), (month, anchor_day))


def _month_range(m: re.Match[str], ctx: _Ctx) -> _Core | None:
    first, last = month_number(m["mon"]), month_number(m["mon2"])

    def spanning(year: int) -> _Core:
        start = date(year if first <= last else year - 1, first, 1)
        return _period("month_range", start, last_day(year, last), explicit=True)

    if m["y"]:
        return spanning(int(m["y"]))
    return _next_occurrence(ctx, spanning, (last, 31))


def _month_relative(m: re.Match[str], ctx: _Ctx) -> _Core | None:
    intro = _norm(m["intro"])
    if ctx.meeting is None or ((m["this"] or m["end"]) and not intro and ctx.cue not in DEADLINE_CUES):
        return None
    month_start = ctx.meeting.replace(day=1)
    if m["which"] and _norm(m["which"]) not in ("denne", "indeværende"):
        month_start = add_months(month_start, 1)
    core = _month_core(intro, month_start.year, month_start.month)
    core = replace(core, explicit=False, rule="month_relative" if core.rule == "month" else core.rule)
    return replace(core, no_shift=True) if m["end"] else core


def _quarter(m: re.Match[str], ctx: _Ctx) -> _Core:
    if m["qq"]:
        quarter, year = int(m["qq"]), m["qy"]
    else:
        parts = [m["q"] or _ORDINAL_QUARTER[m["qw"].lower()]]
        if m["q2"] or m["qw2"]:
            parts.append(m["q2"] or _ORDINAL_QUARTER[m["qw2"].lower()])
        quarter, year = max(int(p) for p in parts), m["y"]

    def make(y: int) -> _Core:
        first_month = quarter * 3 - 2
        return _period("quarter", date(y, first_month, 1), last_day(y, first_month + 2), explicit=True)

    return make(int(year)) if year else _next_occurrence(ctx, make, (quarter * 3, 31))


def _half(m: re.Match[str], ctx: _Ctx) -> _Core:
    half = int(m["h"]) if m["h"] else (1 if m["hw"].lower() == "første" else 2)

    def make(y: int) -> _Core:
        first, last = (date(y, 1, 1), date(y, 6, 30)) if half == 1 else (date(y, 7, 1), date(y, 12, 31))
        return _period("half_year", first, last, explicit=True)

    return make(int(m["y"])) if m["y"] else _next_occurrence(ctx, make, (half * 6, 31))


def _year_core(intro: str, year: int, rule: str) -> _Core:
    kind = _intro_kind(intro)
    if kind == "primo":
        return _point("primo", date(year, 1, 31), explicit=True, intrinsic=True)
    if kind == "medio":
        return _point("medio", date(year, 6, 30), explicit=True, intrinsic=True)
    if kind == "ultimo":
        return _point("ultimo", date(year, 12, 31), explicit=True, intrinsic=True)
    return _period(rule, date(year, 1, 1), date(year, 12, 31), explicit=True, intrinsic=kind == "i løbet af")


def _year(m: re.Match[str], ctx: _Ctx) -> _Core | None:
    intro = _norm(m["intro"])
    if not intro and (ctx.cue not in DEADLINE_CUES or ctx.cue_word.split() == ["til"]):
        return None  # "Budget 2019", "fra 2014", "fra 2018 til 2019"
    return _year_core(intro, int(m["y"]), "year")


def _year_relative(m: re.Match[str], ctx: _Ctx) -> _Core | None:
    if ctx.meeting is None:
        return None
    intro = _norm(m["intro"])
    if m["this"] and not intro and ctx.cue not in DEADLINE_CUES:
        return None  # "året" alone ("året rundt")
    year = ctx.meeting.year + (1 if m["next"] else 0)
    core = replace(_year_core(intro, year, "year_relative"), explicit=False)
    return replace(core, no_shift=True) if m["end"] else core


# ---------------------------------------------------------------------------------------------
# Weeks and weekdays

_WEEK = _compile(
    r"\b(?:i\s+(?:løbet\s+af\s+)?)?uge(?:\s+nr\.?)?\s*(?P<w>\d{1,2})"
    r"(?:\s*[-–/]\s*(?P<w2>\d{1,2})(?!\d|\.\d))?"
    rf"(?:\s*[/,]?\s*(?P<y>{YEAR})(?!\d))?(?![\d.]\d)"
)
_WEEKDAY_IN_WEEK = _compile(
    rf"\b(?P<wd>{WEEKDAY_FULL})\s+i\s+(?:(?P<which>næste|denne|indeværende|(?:den\s+)?kommende)\s+uge"
    rf"|uge\s*(?P<w>\d{{1,2}})(?:\s*[/,]?\s*(?P<y>{YEAR})(?!\d))?){_END}"
)
_WEEK_RELATIVE = _compile(
    r"\b(?:i\s+(?:løbet\s+af\s+)?)?(?:den\s+)?(?P<which>næste|denne|indeværende|kommende)\s+uge" + _END
)
_WEEKDAY = _compile(
    rf"\b(?:(?P<mod>næste|på|kommende|førstkommende|allerede)\s+)?(?:(?P<wd>{WEEKDAY_FULL})|(?P<abbr>{WEEKDAY_ABBR}))"
)
_NTH_WEEKDAY = _compile(
    rf"\b(?:den\s+)?(?P<nth>første|anden|andet|tredje|fjerde|femte|sidste|[1-5]\.)\s+"
    rf"(?:(?P<wd>{WEEKDAY_FULL})|(?P<anyday>dag|hverdag|arbejdsdag){_END})\s+i\s+"
    rf"(?:(?P<mon>{MONTH_STRICT}){_YEAR_TAIL}|(?P<rel>måneden|denne\s+måned|næste\s+måned){_END})"
)
_WEEKDAY_FOLLOWED_BY_DATE = re.compile(r"\s*(?:den\b|d\.)?\s*\d")
_RECURRING_WEEKDAY = _compile(r"\b(?:hver|hverandre|om)\s+(?:anden\s+)?$")
_FRIDAY = 4


def _week_friday(year: int, week: int) -> _Core:
    return _point("iso_week", iso_week_day(year, week, _FRIDAY), explicit=True)


def _iso_week(m: re.Match[str], ctx: _Ctx) -> _Core | None:
    week = max(int(m["w"]), int(m["w2"] or 0))
    if m["y"]:
        return _week_friday(int(m["y"]), week)
    if ctx.meeting is None:
        return None
    this_year = _week_friday(ctx.meeting.year, week)
    if this_year.due is not None and this_year.due >= ctx.meeting:
        return replace(this_year, explicit=False)
    return replace(_week_friday(ctx.meeting.year + 1, week), explicit=False)


def _weekday_in_week(m: re.Match[str], ctx: _Ctx) -> _Core | None:
    weekday = WEEKDAYS[m["wd"].lower()]
    if m["w"]:
        year = int(m["y"]) if m["y"] else (ctx.meeting.year if ctx.meeting else None)
        if year is None:
            return None
        day = iso_week_day(year, int(m["w"]), weekday)
        if day is not None and ctx.meeting is not None and not m["y"] and day < ctx.meeting:
            day = iso_week_day(year + 1, int(m["w"]), weekday)
        return _point("weekday_in_week", day, explicit=bool(m["y"]))
    if ctx.meeting is None:
        return None
    start = week_start(ctx.meeting) + timedelta(weeks=0 if _norm(m["which"]) in ("denne", "indeværende") else 1)
    return _point("weekday_in_week", start + timedelta(days=weekday))


def _week_relative(m: re.Match[str], ctx: _Ctx) -> _Core | None:
    if ctx.meeting is None:
        return None
    this_week = _norm(m["which"]) in ("denne", "indeværende")
    friday = week_start(ctx.meeting) + timedelta(weeks=0 if this_week else 1, days=_FRIDAY)
    return _point("week_friday", max(friday, ctx.meeting))


def _weekday(m: re.Match[str], ctx: _Ctx) -> _Core | None:
    if ctx.meeting is None or _WEEKDAY_FOLLOWED_BY_DATE.match(ctx.text, ctx.end):
        return None
    if _RECURRING_WEEKDAY.search(ctx.before(15)):
        return None  # "hver mandag", "om fredagen": a habit, not a day
    ambiguous = m["abbr"] and m["abbr"].lower() in ("man.", "søn.")
    if ambiguous and not m["mod"] and ctx.cue not in DEADLINE_CUES and not ctx.whole:
        return None  # "man." is too often the pronoun, "søn." the son
    weekday = WEEKDAYS[(m["wd"] or m["abbr"]).lower().rstrip(".")]
    return _point("weekday_next", next_weekday(ctx.meeting, weekday))


def _nth_weekday(m: re.Match[str], ctx: _Ctx) -> _Core | None:
    nth = _norm(m["nth"]).rstrip(".")
    index = -1 if nth == "sidste" else (int(nth) if nth.isdigit() else ORDINALS.get(nth, 2)) - 1
    anyday = _norm(m["anyday"])
    weekday = None if anyday else WEEKDAYS[m["wd"].lower()]
    rule = "day_in_month" if anyday else "nth_weekday"

    def in_month(year: int, month: int) -> _Core:
        days = [date(year, month, d) for d in range(1, last_day(year, month).day + 1)]
        if weekday is not None:
            days = [d for d in days if d.weekday() == weekday]
        elif anyday != "dag":
            days = [d for d in days if d.weekday() < 5]
        if index >= len(days):
            return _INVALID
        return _point(rule, days[index], explicit=True)

    if m["mon"]:
        month = month_number(m["mon"])
        if m["y"]:
            return in_month(int(m["y"]), month)
        return _next_occurrence(ctx, lambda y: in_month(y, month), (month, 31))
    if ctx.meeting is None:
        return None
    month_start = ctx.meeting.replace(day=1)
    if "næste" in _norm(m["rel"]):
        month_start = add_months(month_start, 1)
    core = in_month(month_start.year, month_start.month)
    if "næste" not in _norm(m["rel"]) and core.due is not None and core.due < ctx.meeting:
        following = add_months(month_start, 1)
        core = in_month(following.year, following.month)
    return replace(core, explicit=False)


# ---------------------------------------------------------------------------------------------
# Relative to the meeting

_RELATIVE = _compile(
    r"\b(?:(?P<intro>om|inden\s+for|indenfor|i\s+løbet\s+af|inden)\s+)?(?:(?:de|den|det)\s+)?"
    r"(?:(?P<adj>næste|kommende|førstkommende|nærmeste)\s+)?"
    rf"(?:(?P<n>\d{{1,3}}|{NUMBER_WORDS})\s+)?"
    r"(?P<unit>hverdage|arbejdsdage|dage|dag|døgn|uger|uge|måneder|måned|år|timer)s?"
    + _END
    + r"(?P<after>\s+efter\s+(?:mødet|dette\s+møde|i\s+dag)"
    + _END
    + ")?"
)
_DURING_THE_WEEK = _compile(r"\bi\s+løbet\s+af\s+ugen" + _END)
_NAMED_DAY = _compile(r"\bi\s+(?P<w>overmorgen|morgen|dag)" + _END)


def _relative(m: re.Match[str], ctx: _Ctx) -> _Core | None:
    intro, adj, n = _norm(m["intro"]), m["adj"], m["n"]
    if ctx.meeting is None:
        return None
    if not (intro and (n or adj)) and not (adj and n) and not (n and m["after"]):
        return None  # "14 dage efter indsendelsen", "om ugen": not counted from the meeting
    if intro == "om" and not n:
        return None
    count = number(n) if n else 1
    unit = m["unit"].lower()
    meeting = ctx.meeting
    if unit in ("hverdage", "arbejdsdage"):
        return _point("business_days", add_business_days(meeting, count), intrinsic=True)
    if unit in ("dag", "dage", "døgn"):
        return _point("relative_days", meeting + timedelta(days=count), intrinsic=True)
    if unit == "timer":
        return _point("relative_hours", meeting + timedelta(days=math.ceil(count / 24)), intrinsic=True)
    if unit in ("uge", "uger"):
        return _point("relative_weeks", meeting + timedelta(weeks=count), intrinsic=True)
    months = count * (12 if unit == "år" else 1)
    return _point("relative_months", add_months(meeting, months), intrinsic=True)


def _during_the_week(m: re.Match[str], ctx: _Ctx) -> _Core | None:
    if ctx.meeting is None:
        return None
    return _point("relative_weeks", ctx.meeting + timedelta(weeks=1), intrinsic=True)


def _named_day(m: re.Match[str], ctx: _Ctx) -> _Core | None:
    if ctx.meeting is None:
        return None
    offset, rule = {"dag": (0, "today"), "morgen": (1, "tomorrow"), "overmorgen": (2, "day_after_tomorrow")}[
        m["w"].lower()
    ]
    return _point(rule, ctx.meeting + timedelta(days=offset))


# ---------------------------------------------------------------------------------------------
# Holidays and seasons

_HOLIDAY = _compile(
    r"(?<![\d.])(?:(?P<n>[12])\.\s*)?\b(?P<h>nytårsaftensdag|nytårsaften|nytårsdag|nytår|juleaftensdag"
    r"|juleaften|juledag|julen|jul|påskedag|påsken|påske|skærtorsdag|langfredag|store\s+bededag"
    r"|(?:kristi\s+|kr\.\s*)?himmelfartsdag|kristi\s+himmelfart|pinsedag|pinsen|pinse|grundlovsdag(?:en)?"
    r"|sankt\s*hans\s*aften|sankthansaften|sankt\s*hans|sankthans|mortensaften|fastelavn)"
    rf"{_END}{_YEAR_TAIL}"
)
_CHRISTMAS_LEAD = _compile(r"\b(?:i|op\s+til|omkring|ved|efter)\s+$")

_FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    "nytårsaftensdag": (12, 31), "nytårsaften": (12, 31), "nytår": (12, 31), "nytårsdag": (1, 1),
    "juleaftensdag": (12, 24), "juleaften": (12, 24), "julen": (12, 24), "jul": (12, 24),
    "grundlovsdag": (6, 5), "grundlovsdagen": (6, 5), "sankthansaften": (6, 23), "sankthans": (6, 23),
    "mortensaften": (11, 10),
}  # fmt: skip
# Days from Easter Sunday.
_EASTER_HOLIDAYS: dict[str, int] = {
    "påske": 0, "påsken": 0, "påskedag": 0, "skærtorsdag": -3, "langfredag": -2, "store bededag": 26,
    "himmelfartsdag": 39, "kristi himmelfartsdag": 39, "kristi himmelfart": 39, "kr. himmelfartsdag": 39,
    "kr.himmelfartsdag": 39, "pinse": 49, "pinsen": 49, "pinsedag": 49, "fastelavn": -49,
}  # fmt: skip


def _holiday_day(name: str, nth: int, year: int) -> date:
    if name == "juledag":
        return date(year, 12, 24 + nth)
    if name in _FIXED_HOLIDAYS:
        month, day = _FIXED_HOLIDAYS[name]
        return date(year, month, day)
    offset = _EASTER_HOLIDAYS[name]
    if name in ("påskedag", "pinsedag") and nth == 2:
        offset += 1
    return easter(year) + timedelta(days=offset)


def _holiday(m: re.Match[str], ctx: _Ctx) -> _Core | None:
    name = re.sub(r"\s+", " ", m["h"].lower())
    name = "sankthansaften" if name.replace(" ", "").startswith("sankthans") else name
    if name in ("jul", "julen") and ctx.cue not in DEADLINE_CUES and not _CHRISTMAS_LEAD.search(ctx.before(12)):
        return None  # "jul" is also July's abbreviation; only "til/inden/i jul" is Christmas
    nth = int(m["n"] or 1)

    def make(y: int) -> _Core:
        return _point("holiday", _holiday_day(name, nth, y), explicit=True)

    return make(int(m["y"])) if m["y"] else _next_occurrence(ctx, make, (12, 31))


_SEASON = _compile(
    r"\b(?P<intro>i\s+løbet\s+af|hen\s+over|til|inden|før|i|efter|over)\s+(?:den\s+|det\s+)?"
    r"(?P<s>foråret|forår|sommeren|sommer|efteråret|efterår|vinteren|vinter|sommerferien|juleferien"
    r"|efterårsferien|vinterferien)" + _END + _YEAR_TAIL
)
# (month, day) by season and reading; day 0 = the month's last day. See the module docstring.
_SEASONS: dict[str, dict[str, tuple[int, int]]] = {
    "forår": {"in": (5, 31), "til": (5, 31), "before": (2, 0)},
    "sommer": {"in": (8, 31), "til": (6, 30), "before": (6, 30)},
    "efterår": {"in": (11, 30), "til": (11, 30), "before": (8, 31)},
    "vinter": {"in": (2, 0), "til": (2, 0), "before": (11, 30)},
    "sommerferien": {"in": (7, 31), "til": (6, 30), "before": (6, 30)},
    "juleferien": {"in": (12, 31), "til": (12, 20), "before": (12, 20)},
}
# School holidays in ISO weeks (efterårsferie week 42, vinterferie week 7): the Friday before / of.
_HOLIDAY_WEEKS = {"efterårsferien": 42, "vinterferien": 7}
_SEASON_BOUNDARIES = frozenset({"sommerferien", "juleferien", "efterårsferien", "vinterferien"})


def _season(m: re.Match[str], ctx: _Ctx) -> _Core | None:
    intro, word = _norm(m["intro"]), m["s"].lower()
    if intro == "efter":
        return _Core("null", "no_date")
    reading = "before" if intro in ("inden", "før") else "til" if intro == "til" else "in"
    season = word if word in _SEASONS or word in _HOLIDAY_WEEKS else re.sub(r"(en|et)$", "", word)
    rule = "season_boundary" if season in _SEASON_BOUNDARIES else "season"

    def make(y: int) -> _Core | None:
        if season in _HOLIDAY_WEEKS:
            week = _HOLIDAY_WEEKS[season] - (1 if reading == "before" else 0)
            return _point(rule, iso_week_day(y, week, _FRIDAY), explicit=True)
        month, day = _SEASONS[season][reading]
        year = y + 1 if season == "vinter" and reading != "before" and month == 2 else y
        return _point(rule, last_day(year, month) if day == 0 else date(year, month, day), explicit=True)

    if m["y"]:
        return make(int(m["y"]))
    return _next_occurrence(ctx, make, (12, 31))


# ---------------------------------------------------------------------------------------------
# Recognised, but record no date (ANNOTATION §4 last row)

_NO_DATE = _compile(
    r"\b(?:(?:til|inden|før|på|ved|senest\s+(?:til|på|ved))\s+(?:det\s+|et\s+)?"
    r"(?:næste|kommende|førstkommende|senere|efterfølgende)\s+[a-zæøå-]*møde(?:t|r)?"
    r"|snarest(?:\s+muligt)?|snarligst|hurtigst\s+muligt|straks|løbende|asap|i\s+den\s+kommende\s+tid"
    r"|på\s+et\s+senere\s+tidspunkt)" + _END
)


def _no_date(m: re.Match[str], ctx: _Ctx) -> _Core:
    return _Core("null", "no_date")


# ---------------------------------------------------------------------------------------------
# Cue words in front of an expression

_CUE = _compile(
    r"(?<![a-zæøå])(?:"
    r"(?P<end>(?:(?:senest|inden|til|ved|før|indtil)\s+)?(?:ved\s+)?udgangen\s+af)"
    r"|(?P<before>(?:senest\s+)?(?:inden|før|forud\s+for))"
    r"|(?P<ref>pr\.|per|siden|dateret|efter|(?<!inden )(?<!inden)for)"  # "med tal for 4. kvartal": what, not when
    r"|(?P<from>fra\s+og\s+med|fra)"
    r"|(?P<frist>(?:deadline[ns]?|[a-zæøå]*frist(?:en)?)(?:\s+(?:for|på)\s+(?:[^\s.;:]+\s+){0,5}?)?"
    r"(?:\s*(?:er|bliver|sættes\s+til|sat\s+til|:|fortsat\s+er|stadig\s+er))?)"
    r"|(?P<senest>senest(?:\s+(?:på|til|ved|i))?|til\s+og\s+med|indtil|til|klar(?:\s+(?:til|senest))?"
    r"|afsluttet|afsluttes|afleveres|færdig[te]?)"
    r")\s*$"
)
_CUE_WINDOW = 70
_CUE_NAMES: tuple[Cue, ...] = ("end", "before", "ref", "from", "frist", "senest")


def _cue_before(text: str, start: int) -> tuple[Cue | None, int]:
    """The cue word ending where the expression starts, and where the cue begins."""
    window_start = max(0, start - _CUE_WINDOW)
    m = _CUE.search(text, window_start, start)
    if m is None:
        return None, start
    for name in _CUE_NAMES:
        if m[name] is not None:
            return name, m.start()
    return None, start  # pragma: no cover - one group always matches


_DIGITS = tuple("0123456789")
_MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
_WEEKDAY_NEEDLES = ("dag", "man.", "tir", "ons.", "tor", "fre.", "lør.", "søn.")
_HOLIDAY_NEEDLES = (
    "jul", "nytår", "påske", "skærtorsdag", "langfredag", "bededag", "himmelfart", "pinse", "grundlov",
    "sankt", "mortens", "fastelavn",
)  # fmt: skip
_SEASON_NEEDLES = ("forår", "sommer", "efterår", "vinter", "ferie")
_NO_DATE_NEEDLES = ("møde", "snar", "muligt", "straks", "løbende", "asap", "kommende tid", "senere")

# Each rule runs only on a sentence that holds one of its needles (a plain substring test on the
# lower-cased sentence): most sentences hold no date, and most rules never see them.
_RULES: tuple[_Rule, ...] = (
    _Rule(_EXPLICIT, _explicit, _MONTHS),
    _Rule(_ORDINAL_DATE, _ordinal_date, _MONTHS),
    _Rule(_NUMERIC_DMY, _numeric_dmy, _DIGITS),
    _Rule(_NUMERIC_DM_SPACE_Y, _numeric_dmy, ("/",)),
    _Rule(_ISO, _numeric_dmy, ("-",)),
    _Rule(_NUMERIC_DM, _numeric_dm, ("/", ".")),
    _Rule(_DAY_ONLY, _day_only, ("den", "d.")),
    _Rule(_MONTH, _month, _MONTHS),
    _Rule(_MONTH_RANGE, _month_range, _MONTHS),
    _Rule(_MONTH_RELATIVE, _month_relative, ("måned",)),
    _Rule(_QUARTER, _quarter, ("kvartal", "kvt", "q")),
    _Rule(_HALF, _half, ("halvår",)),
    _Rule(_YEAR, _year, ("19", "20")),
    _Rule(_YEAR_RELATIVE, _year_relative, ("år",)),
    _Rule(_WEEK, _iso_week, ("uge",)),
    _Rule(_WEEKDAY_IN_WEEK, _weekday_in_week, ("uge",)),
    _Rule(_WEEK_RELATIVE, _week_relative, ("uge",)),
    _Rule(_WEEKDAY, _weekday, _WEEKDAY_NEEDLES),
    _Rule(_NTH_WEEKDAY, _nth_weekday, ("dag",)),
    _Rule(_RELATIVE, _relative, ("dag", "døgn", "uge", "måned", "år", "timer")),
    _Rule(_DURING_THE_WEEK, _during_the_week, ("ugen",)),
    _Rule(_NAMED_DAY, _named_day, ("dag", "morgen")),
    _Rule(_HOLIDAY, _holiday, _HOLIDAY_NEEDLES),
    _Rule(_SEASON, _season, _SEASON_NEEDLES),
    _Rule(_NO_DATE, _no_date, _NO_DATE_NEEDLES),
)


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    core: _Core
    cue: Cue | None
    cue_start: int


def _scan(text: str, meeting: date | None, phrase: bool = False) -> list[_Match]:
    """Every expression, longest first and non-overlapping, in text order."""
    lowered = _lower(text)
    found: list[_Match] = []
    for rule in _RULES:
        if not any(needle in lowered for needle in rule.needles):
            continue
        for m in rule.pattern.finditer(lowered):
            start, end = m.span()
            cue, cue_start = _cue_before(lowered, start)
            core = rule.handler(m, _Ctx(lowered, text, start, end, meeting, cue, lowered[cue_start:start], phrase))
            if core is not None:
                found.append(_Match(start, end, core, cue, cue_start))
    found.sort(key=lambda f: (f.start - f.end, f.start))
    taken: list[_Match] = []
    for candidate in found:
        if all(candidate.end <= t.start or candidate.start >= t.end for t in taken):
            taken.append(candidate)
    taken.sort(key=lambda f: f.start)
    return _inherit_years(taken, text)


_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-ZÆØÅ]|\n")


def _inherit_years(matches: list[_Match], text: str) -> list[_Match]:
    """Give a yearless date the year of a dated neighbour in the same list.

    "behandles den 4. december, den 12. december og den 19. december 2018": the first two are
    2018 too. The nearest later explicit date is tried first, then the nearest earlier one, and
    only where the order fits (a yearless 20 December before "15. januar 2020" is left alone) and
    no sentence ends between the two.
    """
    dated = [
        m
        for m in matches
        if m.core.explicit and m.core.due is not None and (m.core.kind == "point" or m.core.rule == "month")
    ]
    if not dated:
        return [m for m in matches if m.core.kind != "pending"]
    result: list[_Match] = []
    for m in matches:
        core = m.core
        if core.rebuild is not None and core.anchor is not None:
            year = _neighbour_year(m, core.anchor, dated, text)
            rebuilt = core.rebuild(year) if year is not None else None
            if rebuilt is not None:
                m = replace(m, core=replace(rebuilt, explicit=True))
        if m.core.kind != "pending":
            result.append(m)
    return result


def _neighbour_year(m: _Match, anchor: tuple[int, int], dated: list[_Match], text: str) -> int | None:
    later = [d for d in dated if d.start >= m.end and not _SENTENCE_BREAK.search(text, m.end, d.start)]
    earlier = [d for d in dated if d.end <= m.start and not _SENTENCE_BREAK.search(text, d.end, m.start)]
    if later:
        due = later[0].core.due
        if due is not None and anchor <= (due.month, due.day):
            return due.year
    if earlier:
        due = earlier[-1].core.due
        if due is not None and anchor >= (due.month, due.day):
            return due.year
    return None


def _finish(text: str, match: _Match) -> _Candidate | None:
    """Apply the cue to the core: the due date, its rule name and the span to report."""
    core = match.core
    if core.kind == "invalid" or core.kind == "pending":
        return None
    due, rule = core.due, core.rule
    if core.kind != "null" and match.cue == "before" and not core.no_shift:
        if core.kind == "point" and due is not None:
            due, rule = due - timedelta(days=1), "inden_day_before"
        elif core.kind == "period" and core.first is not None:
            due, rule = core.first - timedelta(days=1), "inden_period"
    start = match.cue_start if match.cue in DEADLINE_CUES and core.kind != "null" else match.start
    deadline = Deadline(due, text[start : match.end], rule, start, match.end)
    cued = match.cue in DEADLINE_CUES or core.intrinsic_cue
    return _Candidate(deadline, match.start, match.cue, cued, core.explicit)


def _candidates(text: str, meeting_date: date | None) -> list[_Candidate]:
    return [c for c in (_finish(text, m) for m in _scan(text, meeting_date)) if c is not None]


def find_deadlines(text: str, meeting_date: date | None) -> list[Deadline]:
    """All date and deadline expressions in ``text``, non-overlapping, in text order.

    Longest expression wins where two overlap. Without a meeting date only expressions that fix
    their date by themselves resolve ("1. april 2019", "4. kvartal 2018", "i uge 44 2019").
    Expressions that set no date ("til næste møde") come back with ``due=None``.
    """
    return [c.deadline for c in _candidates(text, meeting_date)]


def resolve(expression: str, meeting_date: date | None) -> Deadline | None:
    """The deadline one phrase states ("senest 1. april", "ultimo næste måned"), or None.

    The longest expression in the phrase is taken. Only when no rule reads it does dateparser get
    the (short) phrase, as a fallback for plain dates written in some unforeseen way.
    """
    matches = _scan(expression, meeting_date, phrase=True)
    found = [c for c in (_finish(expression, m) for m in matches) if c is not None]
    if found:
        return max(found, key=lambda c: (c.deadline.end - c.deadline.start, -c.deadline.start)).deadline
    if matches:
        return None  # an impossible date ("31. februar 2019"): recognised, and it names no day
    return _dateparser_fallback(expression, meeting_date)


_FALLBACK_MAX_CHARS = 40
_FALLBACK_HINT = _compile(rf"\d|{MONTH_STRICT}|{WEEKDAY_FULL}")


def _dateparser_fallback(expression: str, meeting_date: date | None) -> Deadline | None:
    phrase = expression.strip()
    if not phrase or len(phrase) > _FALLBACK_MAX_CHARS or not _FALLBACK_HINT.search(_lower(phrase)):
        return None
    import dateparser

    settings: dict[str, object] = {
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "future",
        "REQUIRE_PARTS": ["day", "month"] if meeting_date else ["day", "month", "year"],
    }
    if meeting_date is not None:
        settings["RELATIVE_BASE"] = datetime(meeting_date.year, meeting_date.month, meeting_date.day)
    parsed = dateparser.parse(phrase, languages=["da"], settings=settings)
    if parsed is None:
        return None
    start = expression.index(phrase)
    return Deadline(parsed.date(), phrase, "dateparser", start, start + len(phrase))


# ---------------------------------------------------------------------------------------------
# Which date of a sentence is its follow-up's deadline

_DOCUMENT_REFERENCE = _compile(
    r"\b(?:referat(?:et)?|notat(?:et)?|brev(?:et)?|skrivelse(?:n)?|e-?mail(?:en)?|mail(?:en)?|dagsorden(?:en)?"
    r"|protokol(?:len)?|beslutning(?:en)?|høringssvar(?:et)?|bekendtgørelse(?:n)?|cirkulære(?:t)?)"
    r"\s+(?:[^\s.;:]+\s+){0,3}?(?:af|fra|dateret|modtaget|vedtaget)\s+(?:(?:det\s+)?[a-zæøå-]*møde(?:t)?\s+)?$"
)
_PAST_VERB = _compile(
    r"\b(?:vedtog|vedtoges|vedtaget|besluttede|besluttedes|besluttet|godkendte|godkendt|behandlede|behandlet"
    r"|drøftede|drøftet|afholdt|afholdtes|holdt|bestilte)\s+(?:(?:på|i)\s+(?:[^\s.;:]+\s+){0,2}?)?$"
)
_EARLIER_MEETING = _compile(
    r"\b(?:seneste|sidste|forrige|tidligere|foregående)\s+(?:[^\s.;:]+\s+)?[a-zæøå-]*møde(?:t)?\s+$"
)
_NAMED_MEETING = _compile(r"(?:(?P<lead>[^\s.;:]+)\s+)?[^\s.;:]*møde(?:t)?\s+$")
_CALENDAR_DATE_START = _compile(r"(?:den\b|d\.|\d)")
# "det sidste i 2020": the position of something within a period, not a due date.
_POSITION_IN_PERIOD = _compile(r"\b(?:sidste|første|eneste)\s+$")
_MEETING_LEADS = frozenset({"på", "til", "inden", "før", "senest", "ved", "i", "næste", "kommende", "nye"})
_RECURRENCE = _compile(
    r"\b(?:årlig(?:t|e)?|hvert\s+(?:\d+\.\s*)?år|hver\s+(?:\d+\.\s*)?(?:måned|uge|dag)|månedlig(?:t|e)?"
    r"|ugentlig(?:t|e)?|kvartalsvis|halvårlig(?:t|e)?|gang\s+om\s+(?:året|måneden|ugen))\b"
)
_VAGUE_RULES = frozenset({"season"})


def _names_other_occasion(text: str, start: int) -> bool:
    """The date names a document, a past decision or another meeting, not a deadline."""
    window = text[max(0, start - 60) : start]
    if _DOCUMENT_REFERENCE.search(window) or _PAST_VERB.search(window) or _EARLIER_MEETING.search(window):
        return True
    if _POSITION_IN_PERIOD.search(window):
        return True
    named = _NAMED_MEETING.search(window)
    if named is None or not _CALENDAR_DATE_START.match(text, start):
        return False
    lead = (named["lead"] or "").lower()
    if lead.endswith("s") and lead not in _MEETING_LEADS:
        # "til Økonomiudvalgets møde den 1. oktober": the word before the body's name decides
        before = window[: named.start("lead")].split()
        lead = before[-1].lower() if before else lead
    return lead not in _MEETING_LEADS


def choose_deadline(text: str, meeting_date: date | None) -> Deadline | None:
    """The deadline of a follow-up sentence (ANNOTATION §4), or None.

    Policy, in order:
    1. Drop dates that are not deadlines: those after "pr.", "siden", "efter", "dateret"; those
       naming a document, a past decision or another meeting ("referat fra mødet d. …",
       "vedtog den …", "KKR mødet 9. november"); those before the meeting date; yearless ones
       in a recurring duty ("1 gang årligt inden udgangen af 4. kvartal"); and "i dag" without
       a cue ("der er i dag …" describes the present).
    2. Of the rest, prefer dates with a deadline cue (senest, inden, før, deadline, frist, til,
       afsluttet, klar, udgangen af, primo/medio/ultimo, i løbet af, inden for N dage), and take
       the earliest: the first step is the one to follow up.
    3. With no date left, a recognised no-date expression ("til næste møde", "snarest", a vague
       season) gives ``Deadline(due=None)``; otherwise None.
    """
    dated: list[_Candidate] = []
    undated: list[_Candidate] = []
    lowered = _lower(text)
    for candidate in _candidates(text, meeting_date):
        due, rule = candidate.deadline.due, candidate.deadline.rule
        if due is None:
            undated.append(candidate)
            continue
        if candidate.cue == "ref" or _names_other_occasion(lowered, candidate.core_start):
            continue
        if meeting_date is not None and due < meeting_date:
            continue
        if not candidate.explicit and _RECURRENCE.search(
            lowered, max(0, candidate.core_start - 30), candidate.core_start
        ):
            continue
        if rule == "today" and not candidate.cued:
            continue
        if rule in _VAGUE_RULES:
            undated.append(candidate)
            continue
        dated.append(candidate)
    if dated:
        preferred = [c for c in dated if c.cued] or dated
        return min(preferred, key=lambda c: (c.deadline.due or date.max, c.deadline.start)).deadline
    if undated:
        first = undated[0].deadline
        return replace(first, due=None) if first.due is not None else first
    return None
