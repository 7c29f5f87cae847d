"""The facts a referat's header states: meeting date, start time, place, forum, participants.

Headers come in many shapes (``Mødedato Torsdag d. 27. september 2018 kl. 08:30``,
``REFERAT Chefforum d. 27-09-2018``, ``Dato: 9. december 2019``, ``UDVALG Socialdirektørforum``,
a web page's ``Referat / til / mødet i X / den 31. januar 2019 kl. 14:00``), and a header also
mentions dates that are not the meeting's (publication, the last meeting's minutes). So every
date is scored by what surrounds it rather than taken first-come.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, time

from nlp._dates import MONTH_ANY, MONTHS, WEEKDAY_FULL, WEEKDAYS, YEAR, safe_date

_ENGLISH_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip

DATE_PATTERN = (
    rf"(?:(?<![\d.])\d{{1,2}}\.?\s*{MONTH_ANY},?(?:\s+{YEAR}(?!\d))?"
    r"|(?<![\d.])\d{1,2}[-./]\d{1,2}[-./](?:\d{4}|\d{2})(?![\d])"
    rf"|(?<![\d.])\d{{1,2}}[./]\d{{1,2}}\s+{YEAR}(?!\d)"  # "torsdag 14/3 2024"
    rf"|(?<!\d){YEAR}-\d{{2}}-\d{{2}}(?!\d)"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    rf"\s+\d{{1,2}},?\s+{YEAR})"
)
_DATE = re.compile(DATE_PATTERN, re.IGNORECASE)
_TEXTUAL = re.compile(rf"(\d{{1,2}})\.?\s*({MONTH_ANY}),?(?:\s+({YEAR}))?", re.IGNORECASE)
_NUMERIC = re.compile(r"(\d{1,2})[-./](\d{1,2})(?:[-./]|\s+(?=\d{4}))(\d{4}|\d{2})")
_ISO = re.compile(rf"({YEAR})-(\d{{2}})-(\d{{2}})")
_ENGLISH = re.compile(r"([A-Za-z]+)\s+(\d{1,2}),?\s+(\d{4})")


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    day: int
    month: int
    year: int | None

    @property
    def value(self) -> date | None:
        return safe_date(self.year, self.month, self.day) if self.year else None


def parse_date(text: str) -> tuple[int, int, int | None] | None:
    """(day, month, year or None) of one date expression matched by ``DATE_PATTERN``."""
    text = text.strip()
    if match := _ISO.fullmatch(text):
        return int(match[3]), int(match[2]), int(match[1])
    if match := _NUMERIC.fullmatch(text):
        year = int(match[3])
        return int(match[1]), int(match[2]), year + 2000 if year < 100 else year
    if match := _TEXTUAL.fullmatch(text):
        return int(match[1]), MONTHS[match[2].lower().rstrip(".")], int(match[3]) if match[3] else None
    if (match := _ENGLISH.fullmatch(text)) and match[1].lower() in _ENGLISH_MONTHS:
        return int(match[2]), _ENGLISH_MONTHS[match[1].lower()], int(match[3])
    return None


def date_of(text: str) -> date | None:
    """The full date in ``text`` (the first one), or None."""
    for mention in date_mentions(text):
        if mention.value is not None:
            return mention.value
    return None


def date_mentions(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    found: list[DateMention] = []
    for match in _DATE.finditer(text, start, len(text) if end is None else end):
        parts = parse_date(match.group())
        if parts is None:
            continue
        day, month, year = parts
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        found.append(DateMention(match.start(), match.end(), day, month, year))
    return found


# --- meeting date ------------------------------------------------------------------------------

_LABEL_BEFORE = re.compile(
    r"(?<![\w])(?:mødedato|dato|mødetidspunkt|tidspunkt|mødetid|tid og sted|tid|starttidspunkt|afholdt|"
    r"møde afholdt|mødet afholdes|mødet afholdtes)\s*:?\s*"
    rf"(?:{WEEKDAY_FULL}\s*,?\s*)?(?:den\s+|d\.\s*)?$",
    re.IGNORECASE,
)
_WEEKDAY_BEFORE = re.compile(rf"{WEEKDAY_FULL}\s*,?\s*(?:den\s+|d\.\s*)?$", re.IGNORECASE)
_TIME_AFTER = re.compile(r"^\s*,?\s*(?:kl\.?|klokken|-|–)?\s*\d{1,2}[.:]\d{2}|^\s*,?\s*kl\b", re.IGNORECASE)
_MEETING_BEFORE = re.compile(
    r"(?:møde|mødet|referat|dagsorden|protokol|beslutningsprotokol)\b[^.\n]{0,80}$", re.IGNORECASE
)
_DEN_BEFORE = re.compile(r"(?:\bden|\bd\.)\s*$", re.IGNORECASE)
_PUBLISHED_BEFORE = re.compile(
    r"(?:opdateret|publiceret|udgivet|printet|udskrevet|offentliggjort|senest ændret)\s*:?\s*(?:den\s+)?$",
    re.IGNORECASE,
)
_OTHER_MEETING_BEFORE = re.compile(
    # "Referat fra Ungdomsrådsmøde 5. juni 2024" as the title is this meeting's
    r"(?:(?<!^)(?<!^\W)referat(?:et|er|erne)?\s+fra|fra\s+(?:sidste\s+|forrige\s+)?møde(?:t|rne)?|siden|fremsendt|"
    r"seneste\s+møde|forrige\s+møde|næste\s+møde|af\s+den|pr\.)[^.\n]{0,50}$",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://\S+|www\.\S+")


_DEADLINE_BEFORE = re.compile(
    r"\b(?:inden|senest|før|frist(?:en)?|deadline|tidsfrist|primo|medio|ultimo|til\s+og\s+med)\s*[:.]?\s*"
    r"(?:den\s+|d\.\s*)?$",
    re.IGNORECASE,
)


def meeting_date(header: str, whole: str, body_start: int | None = None) -> tuple[date | None, DateMention | None]:
    """The meeting's date from the header, judged by the words around each date.

    Past ``body_start`` (the first agenda item) a date counts only with a label, weekday or
    time beside it: the items are full of other meetings' dates.
    """
    masked = _URL.sub(lambda m: " " * len(m.group()), header)
    best: tuple[float, DateMention] | None = None
    partial: list[tuple[float, DateMention, int | None]] = []
    length = max(len(masked), 1)
    for mention in date_mentions(masked):
        line_start = masked.rfind("\n", 0, mention.start) + 1
        before = masked[max(line_start, mention.start - 120) : mention.start]
        after = masked[mention.end : mention.end + 30]
        score = 1.0 - mention.start / length
        if _LABEL_BEFORE.search(before):
            score += 6
        weekday_match = _WEEKDAY_BEFORE.search(before)
        if weekday_match:
            score += 3
        if _TIME_AFTER.search(after):
            score += 3
        if _MEETING_BEFORE.search(before):
            score += 2
        if _DEN_BEFORE.search(before):
            score += 0.5
        if _PUBLISHED_BEFORE.search(before):
            score -= 6
        if _OTHER_MEETING_BEFORE.search(before):
            score -= 5
        if _DEADLINE_BEFORE.search(before):
            continue  # "inden 1. juni 2019" is a deadline, never the meeting
        if body_start is not None and mention.start >= body_start and score < 3:
            continue
        if mention.value is not None:
            if best is None or score > best[0]:
                best = (score, mention)
        else:
            weekday = WEEKDAYS.get(weekday_match.group().split()[0].strip(",").lower()) if weekday_match else None
            partial.append((score, mention, weekday))
    if best is not None and best[0] > 0:
        return best[1].value, best[1]
    for _, mention, weekday in sorted(partial, key=lambda p: -p[0]):
        if weekday is None:
            continue
        inferred = _year_from_weekday(mention, weekday, whole)
        if inferred is not None:
            return inferred, mention
    if best is not None:
        return best[1].value, best[1]
    return _running_footer_date(whole)


# "LBR Ålsted · Referat af møde 12.05.2026 · side 1 af 2": the date a page footer repeats
_FOOTER_LINE = re.compile(r"(?:referat|møde|dagsorden).*\b(?:side|page)\s+\d+", re.IGNORECASE)
_FOOTER_OTHER_DATE = re.compile(
    r"(?:offentliggjort|udskrevet|printet|opdateret|publiceret)\s*:?\s*(?:den\s+|d\.\s*)?$", re.IGNORECASE
)


def _running_footer_date(whole: str) -> tuple[date | None, DateMention | None]:
    """Minutes whose header names no date may print it in every page footer, beside the date the
    agenda was published ("Dagsorden offentliggjort 02.06.2026 · Møde 09.06.2026 · side 1")."""
    for line in whole.splitlines():
        if len(line) > 160 or not _FOOTER_LINE.search(line):
            continue  # a page flattened into one line is no footer
        for mention in date_mentions(line):
            if mention.value is not None and not _FOOTER_OTHER_DATE.search(line[: mention.start]):
                return mention.value, None
    return None, None


def _year_from_weekday(mention: DateMention, weekday: int, whole: str) -> date | None:
    """A day and month printed with their weekday but no year: the year the text talks about
    most among those where that day falls on that weekday; else a year in the document's
    address (".../bestyrelsesmoede_8_dec_2014/"), which the weekday must confirm just the same."""
    prose = _URL.sub(" ", whole)
    addresses = " ".join(_URL.findall(whole))
    for text in (prose, addresses):
        years = Counter(int(y) for y in re.findall(rf"(?<!\d)({YEAR})(?!\d)", text))
        for year, _ in years.most_common():
            candidate = safe_date(year, mention.month, mention.day)
            if candidate is not None and candidate.weekday() == weekday:
                return candidate
    return None


# --- start time ---------------------------------------------------------------------------------

_TIME_NEAR = re.compile(
    r"^\s*,?\s*(?:-|–|fra)?\s*(?:kl\.?|klokken)?\s*(\d{1,2})(?:[.:](\d{2}))?(?::\d{2})?(?!\d)", re.IGNORECASE
)
_KL_NEAR = re.compile(r"\bkl\.?\s*(\d{1,2})(?:[.:](\d{2}))?(?!\d)", re.IGNORECASE)
_TIME_LABEL = re.compile(
    r"(?<![\w])(?:tidspunkt|mødetid|starttidspunkt|mødestart|tid)(?:\s*:\s+|\s+)(?:kl\.?\s*)?(\d{1,2})[.:](\d{2})",
    re.IGNORECASE,
)


def start_time(header: str, mention: DateMention | None) -> time | None:
    if mention is not None:
        after = header[mention.end : mention.end + 40].split("\n", 1)[0]
        match = _TIME_NEAR.match(after)
        if match and (match[2] or re.search(r"kl", after[: match.start(1)], re.IGNORECASE)):
            found = _time(match[1], match[2])
            if found:
                return found
        match = _KL_NEAR.search(after)
        if match:
            found = _time(match[1], match[2])
            if found:
                return found
    match = _TIME_LABEL.search(header)
    return _time(match[1], match[2]) if match else None


def _time(hours: str, minutes: str | None) -> time | None:
    h, m = int(hours), int(minutes or 0)
    return time(h, m) if 0 <= h < 24 and 0 <= m < 60 else None


# --- place ---------------------------------------------------------------------------------------

_PLACE = re.compile(r"^[ \t]*(?:[-•*]\s*)?(?:Mødested|Sted|Lokale)\b\s*:?[ \t]*(.*)$", re.IGNORECASE)
_ROOM = re.compile(r"^[ \t]*(?:Mødelokale|Lokale)\b[^:]{0,60}$")
_NEXT_LABEL = re.compile(
    r"\s+(?:[A-ZÆØÅ]{4,}\b|(?:Tid|Tidspunkt|Dato|Deltagere|Afbud|Fraværende|Mødedeltagere|Referent|"
    r"Medlemmer|Indkaldelse|Dagsorden|Sagsnr|Mødeleder)\s*:)"
)


def place(lines: list[str]) -> str | None:
    for index, line in enumerate(lines):
        if _ROOM.match(line):  # "Mødelokale 1" on a line of its own is the place itself
            return line.strip()
        match = _PLACE.match(line)
        if not match:
            continue
        value = match[1].strip()
        if not value:
            value = next((ln.strip() for ln in lines[index + 1 : index + 4] if ln.strip()), "")
        value = _NEXT_LABEL.split(value, maxsplit=1)[0].strip(" ,.;:")
        if value and len(value) <= 150:
            return value
    return None


# --- participants -------------------------------------------------------------------------------

_PARTICIPANTS = re.compile(
    r"^[ \t]*(?:[-•*]\s*)?(?:Mødedeltagere|Deltagere|Til stede|Tilstede|Tilstedeværende|Deltog)\b\s*:?[ \t]*(.*)$",
    re.IGNORECASE,
)
_NAME_LINE = re.compile(r"^[ \t]*(?:[-•*]\s*)?[A-ZÆØÅ][\w.'´-]*(?:[ \t]+[\w.'´()-]+){0,6}[ \t]*$")


def participants(lines: list[str]) -> tuple[str, ...]:
    """Who attended, when the header lists them (``Mødedeltagere A, B og C``)."""
    for index, line in enumerate(lines):
        match = _PARTICIPANTS.match(line)
        if not match or len(line) > 600:
            continue
        parts = [match[1].strip()] if match[1].strip() else []
        following = lines[index + 1 :]
        if parts:  # a wrapped list continues on the next lines until a blank line
            for extra in following:
                if not extra.strip() or _PLACE.match(extra) or ":" in extra:
                    break
                parts.append(extra.strip())
            names = _split_names(" ".join(parts))
        else:  # one name per line, maybe with blank lines between
            collected: list[str] = []
            for extra in following:
                if not extra.strip():
                    continue
                if not _NAME_LINE.match(extra) or ":" in extra:
                    break
                collected.append(extra.strip().lstrip("-•* "))
            names = [n for c in collected for n in _split_names(c)]
        names = [n for n in names if "afbud" not in n.casefold()]
        if names:
            return tuple(names)
    return ()


def _split_names(text: str) -> list[str]:
    pieces = re.split(r"\s*,\s*|\s+og\s+", text)
    return [" ".join(p.split()).strip(" .;") for p in pieces if p.strip(" .;")]


# --- forum ---------------------------------------------------------------------------------------

_FORUM_LABEL = re.compile(
    r"(?:^[ \t]*(?:[-•*]\s*)?Udvalg\s*:?|(?:^|\s)(?:Udvalg\s*:|UDVALG|Mødeforum)\s*:?)[ \t]+(\S.*)$"
)
_FORUM_TITLE = re.compile(
    r"^[ \t]*(?:REFERAT|Referat|DAGSORDEN|Dagsorden|Beslutningsprotokol|PROTOKOL|Protokol)\s+"
    rf"(?!(?:fra|af|til|for)\b)(.+?),?\s+(?:d\.|den|DEN)\s*(?:{WEEKDAY_FULL}\s+)?(?:den\s+)?\d",
)
_FORUM_PAGE = re.compile(r"^[ \t]*(?:Dagsord(?:e)?ner og referater|Dagsordener-referater)\s+(?:fra\s+)?(\S.*)$")
_FORUM_MEETING_IN = re.compile(
    r"(?:^|\s)(?P<kind>\w*?)(?:[Mm]øde|[Mm]ødet|MØDE)\s+i\s+(?!den\b)([A-ZÆØÅa-zæøå].*?)"
    rf"(?=\s+(?:d\.|den)\s+\d|\s+\d{{1,2}}\.\s|\s*$|,|[.;:](?:\s|$)|\s+kl\b|\s+{WEEKDAY_FULL}"
    r"|\s+(?:Mødet|Tid|Dato|STED|Afholdt)\b)"
)
_FORUM_SUFFIX = re.compile(
    r"^[ \t]*(.{3,80}?)\s+[-–]\s+(?:Dagsordener og referater|Dagsorden(?:er)?|Referat(?:er)?|Beslutningsprotokol)\s*$",
    re.IGNORECASE,
)
# A header line that is nothing but the body's name: "Beredskabskommissionen", "Hoved-MED".
_FORUM_NAME = re.compile(
    # lower-case words only as a name's connectors: "Planen sendes til Byrådet, som …" is prose
    r"^[ \t]*([A-ZÆØÅ][\w-]*(?:[ \t]+(?:[A-ZÆØÅ0-9][\w-]*|og|for|i|på|af|med|&|-|–)){0,3}?(?:[ \t]+[a-zæøå-]*)?[ \t]*"
    r"(?:(?i:udvalg(?:et)?|kommission(?:en)?|(?<!om)råd(?:et)?|forum|"
    r"gruppe(?:n)?|direktion(?:en)?|bestyrelse(?:n)?|netværk(?:et)?|komit[eé](?:en)?)|MED))"
    # "Chefforum, Hedeby Kommune", "Område-MED Ældre og Sundhed", "Lokal-MED / Arbejdsmiljøudvalg"
    r"(?:[ \t]*(?:[,/–]|\s-\s)[ \t]*\S.{0,60}|[ \t]*\([^)\n]{1,40}\)|[ \t]+(?:(?:for|i|på)[ \t]+)?[A-ZÆØÅ][\w-]*"
    r"(?:[ \t]+(?:og|&)?[ \t]*[A-ZÆØÅ][\w-]*){0,3})?[ \t]*$"
)
# "# Referat – Udvalg for Nære Sundhedstilbud": the title names the body after a dash
_FORUM_AFTER_TITLE = re.compile(
    r"^[#\s]*(?:Referat|REFERAT|Dagsorden|DAGSORDEN)\s*[-–]\s*"
    r"(?=.*(?i:udvalg|kommission|råd|forum|gruppe|direktion|bestyrelse|MED\b|netværk|komit))(\S.{2,80})$"
)
# "MED" only in capitals: "Skole med SFO - Skolebestyrelsen" names the body after the dash
_BODY_WORD = re.compile(r"(?i:udvalg|kommission|råd(?:et)?\b|forum|gruppe|direktion|bestyrelse|netværk|komit)|MED\b")
_FORUM_KIND = re.compile(
    r"\b(bestyrelse|styregruppe|repræsentantskab|direktion|kommission|udvalg|råd)s?møde", re.IGNORECASE
)
_DEFINITE = {"bestyrelse": "Bestyrelsen", "styregruppe": "Styregruppen", "direktion": "Direktionen",
             "repræsentantskab": "Repræsentantskabet", "kommission": "Kommissionen", "udvalg": "Udvalget",
             "råd": "Rådet"}  # fmt: skip
_FORUM_CUT = re.compile(r"\s+(?:MØDE|Mødeforum|Sagsnr|STED|Dato|Møde|Referat|Dagsorden)\b.*$|\.\s.*$")


def forum(lines: list[str]) -> str | None:
    """The body that met, from the title or a label."""
    head = [ln[:300] for ln in lines if ln.strip()][:25]
    patterns = (
        _FORUM_LABEL,
        _FORUM_TITLE,
        _FORUM_SUFFIX,
        _FORUM_AFTER_TITLE,
        _FORUM_PAGE,
        _FORUM_MEETING_IN,
        _FORUM_NAME,
    )
    for pattern in patterns:
        for line in head:
            match = pattern.search(line)
            value = _clean_forum(match[match.lastindex or 1]) if match else None
            if value and match and pattern is _FORUM_MEETING_IN:
                value = _body_of(match["kind"], value)
            if value:
                return value
    for line in head:
        match = _FORUM_KIND.search(line)
        if match:
            return _DEFINITE[match[1].lower()]
    return None


def _body_of(kind: str, owner: str) -> str:
    """ "bestyrelsesmøde i KARA/NOVEREN" met as its Bestyrelsen; "rådsmøde i Medicinrådet" as itself."""
    stem = kind.lower().rstrip("s")
    if stem in _DEFINITE and not _FORUM_NAME.match(owner):
        return _DEFINITE[stem]
    return owner


def _clean_forum(value: str) -> str | None:
    kind = _FORUM_KIND.match(value)
    if kind:  # "Styregruppemøde nr. 2 Varberg": the body is the styregruppe
        return _DEFINITE[kind[1].lower()]
    value = _FORUM_CUT.sub("", value)
    parts = re.split(r"\s+[-–]\s+", value)
    if len(parts) > 1:  # "Bakkegårdsskolen - Skolebestyrelsen": the part that names a body
        value = next((p for p in parts if _BODY_WORD.search(p)), value)
    value = " ".join(value.split()).strip(" ,.;:-–")
    if not value or len(value) > 80 or not value[0].isalpha():
        return None
    if value[0].islower() and len(value.split()[0]) < 8:
        return None  # "møde i går", "møde i dag"
    words = value.split()
    if value.isupper() and all(len(w) >= 5 or w in {"OG", "&", "-", "–"} for w in words):
        # "ØKONOMIUDVALGET" → "Økonomiudvalget"; "HOVED-MED" stays "Hoved-MED"
        value = re.sub(r"\bMed\b", "MED", value.title().replace(" Og ", " og "))
    return value
