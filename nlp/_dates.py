"""Danish calendar words and the date arithmetic behind deadline resolution.

Kept apart from ``nlp.deadlines`` so the rules there read as rules: this module only knows what
"marts", "tredje" or "påskedag" mean and how to count days, never which phrase means what.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

MONTHS: dict[str, int] = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

# Every month name, full or abbreviated; an abbreviation may carry its dot. Used after a day
# number, where "18. dec." cannot be anything but a date.
MONTH_ANY = (
    r"(?:jan(?:uar|\.)?|feb(?:ruar|\.)?|mar(?:ts|\.)?|apr(?:il|\.)?|maj|jun(?:i|\.)?|jul(?:i|\.)?"
    r"|aug(?:ust|\.)?|sep(?:t(?:ember|\.)?|\.)?|okt(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
    r"(?![a-zæøå])"
)
# Full names, or abbreviations with their dot: without a day number in front, a bare "jul" is
# Christmas and "mar" is not a month.
MONTH_STRICT = (
    r"(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
    r"|jan\.|feb\.|mar\.|apr\.|jun\.|jul\.|aug\.|sept?\.|okt\.|nov\.|dec\.)(?![a-zæøå])"
)

WEEKDAYS: dict[str, int] = {
    "mandag": 0, "tirsdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lørdag": 5, "søndag": 6,
    "man": 0, "tirs": 1, "tir": 1, "ons": 2, "tors": 3, "tor": 3, "fre": 4, "lør": 5, "søn": 6,
}  # fmt: skip
WEEKDAY_FULL = r"(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)(?![a-zæøå])"
WEEKDAY_ABBR = r"(?:man|tirs?|ons|tors?|fre|lør|søn)\."

_UNITS = ["en", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni"]
_ORDINAL_BASE = [
    "første", "anden", "tredje", "fjerde", "femte", "sjette", "syvende", "ottende", "niende", "tiende",
    "ellevte", "tolvte", "trettende", "fjortende", "femtende", "sekstende", "syttende", "attende",
    "nittende", "tyvende",
]  # fmt: skip


def _ordinals() -> dict[str, int]:
    words = {word: n for n, word in enumerate(_ORDINAL_BASE, start=1)}
    words["andet"] = 2
    for n, unit in enumerate(_UNITS, start=1):
        words[f"{unit}ogtyvende"] = 20 + n
    words["tredivte"] = 30
    words["enogtredivte"] = 31
    return words


ORDINALS: dict[str, int] = _ordinals()
# Longest first, so the regex alternation never stops at a prefix ("tyvende" in "enogtyvende").
ORDINAL_WORDS = "(?:" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")(?![a-zæøå])"

NUMBERS: dict[str, int] = {
    "en": 1, "et": 1, "én": 1, "ét": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7,
    "otte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "fjorten": 14, "tyve": 20, "et par": 2,
}  # fmt: skip
NUMBER_WORDS = "(?:" + "|".join(sorted(NUMBERS, key=len, reverse=True)).replace(" ", r"\s+") + r")(?![a-zæøå])"

YEAR = r"(?:19|20)\d\d"


def number(word: str) -> int:
    """A count written as digits or as a Danish word ("to", "et par")."""
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else NUMBERS[word]


def month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None for an impossible one ("31. februar") instead of an exception."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def add_months(start: date, months: int) -> date:
    """Calendar months later, clamped to the month's last day (31 January + 1 month = 28/29 February)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_business_days(start: date, days: int) -> date:
    """Working days (Monday to Friday) after ``start``; holidays are not skipped."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def easter(year: int) -> date:
    """Easter Sunday (the anonymous Gregorian algorithm): the Danish movable holidays hang off it."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    weekday_offset = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_offset) // 451
    month = (h + weekday_offset - 7 * m + 114) // 31
    day = (h + weekday_offset - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def iso_week_day(year: int, week: int, weekday: int) -> date | None:
    """The given weekday (0 = Monday) of ISO week ``week``; None for a week the year lacks."""
    try:
        return date.fromisocalendar(year, week, weekday + 1)
    except ValueError:
        return None


def first_on_or_after(meeting: date, make: Callable[[int], date | None], years: int = 8) -> date | None:
    """The first date ``make(year)`` on or after the meeting, trying the meeting's year and the next.

    ``years`` reaches past one year only for dates that exist in some years alone (29 February).
    """
    for year in range(meeting.year, meeting.year + years + 1):
        candidate = make(year)
        if candidate is not None and candidate >= meeting:
            return candidate
    return None


def next_weekday(after: date, weekday: int) -> date:
    """The first ``weekday`` strictly after ``after``."""
    return after + timedelta(days=(weekday - after.weekday() - 1) % 7 + 1)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())
