"""Action lists: the rows of an opfølgningsliste or handlingsliste, each a follow-up of its own.

MED committees, management groups and steering groups often end their minutes with a table of
open actions ("Opgave | Ansvarlig | Frist") or a list of "task – owner – deadline" lines. A row
is no sentence: it has no verb to find, yet it is exactly what the secretariat wants to track.
So rows are found by the shape of the list, not by the follow-up rules: the lines under a header
naming the task and owner columns, or the dash-separated lines under a list heading. Rows marked
done ("udført", "afsluttet") are history.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from nlp.lexicon import DUE_LABELS, OWNER_LABELS, TASK_LABELS

# "Opgave  Ansvarlig  Frist", "Pkt. | Handling | Hvem | Hvornår"
_TABLE_HEADER = re.compile(
    r"^[^\n]{0,12}\b(?:opgave|handling|aktivitet|emne|hvad)\b[^\n]{0,100}\b(?:ansvarlig|hvem|tovholder)\b[^\n]{0,80}$",
    re.IGNORECASE | re.MULTILINE,
)
# "8. Opfølgningsliste", "Handlingsliste (opdateret efter mødet)"
_LIST_HEADING = re.compile(
    r"\b(?:opfølgningsliste|handlingsliste|aktionsliste|aktivitetsliste|beslutningsliste|to-?do-?liste)\b",
    re.IGNORECASE,
)
# "- Udkast til APV-handleplan – Henrik og Lotte – 8/5"
_DASHED_ROW = re.compile(r"^\s*[-•*▪]\s*\S.*\s[–-]\s+\S.*$")
_DONE = re.compile(r"\b(?:udført|afsluttet|lukket|færdig(?:t|gjort)?|gennemført|done)\b", re.IGNORECASE)
_RULE = re.compile(r"[|:\-\s+=]+")
_LIST_END = re.compile(r"^\s*(?:næste\s+\S*møde|referent|mødet\s+slut|underskrift)\b", re.IGNORECASE)


def _lines(text: str, start: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of ``text`` from ``start`` on, white space trimmed."""
    position = start
    for raw in text[start:].split("\n"):
        lead = len(raw) - len(raw.lstrip())
        yield (position + lead, position + len(raw.rstrip())) if raw.strip() else (position, position)
        position += len(raw) + 1


def _header(text: str) -> re.Match[str] | None:
    """A line of column names ("Pkt. | Handling | Ansvarlig | Frist"), not a sentence that happens
    to say "opgave" and "ansvarlig" ("Det er en opgave, som hver leder er ansvarlig for.")."""
    for match in _TABLE_HEADER.finditer(text):
        cells = match.group().replace("|", " ").split()
        if len(cells) <= 8 and not re.search(r"[,;!?]|\.\s*$", match.group()):
            return match
    return None


# "Hvem: Sekretariatet   Hvad: Booker lokaler   Hvornår: i løbet af maj": a row that names its columns
_ROLES = {
    **dict.fromkeys(OWNER_LABELS, "owner"),
    **dict.fromkeys(TASK_LABELS, "task"),
    **dict.fromkeys(DUE_LABELS, "due"),
}
_LABEL = "(?:" + "|".join(re.escape(label) for label in _ROLES) + ")"
_LABELLED_CELL = re.compile(rf"\b({_LABEL})\s*:\s*(.*?)\s*(?=\b{_LABEL}\s*:|$)", re.IGNORECASE)


def labelled_cells(row: str) -> dict[str, tuple[int, int]]:
    """The owner, task and due cells of a row that labels them, as spans in ``row``; empty unless
    the row labels both its owner and its task."""
    cells: dict[str, tuple[int, int]] = {}
    for match in _LABELLED_CELL.finditer(row):
        cells.setdefault(_ROLES[match.group(1).lower()], match.span(2))
    return cells if {"owner", "task"} <= cells.keys() else {}


def action_rows(text: str, title: str = "", heading: str = "") -> list[tuple[int, int]]:
    """Character spans in ``text`` of the open rows of its action list, if it has one. ``title``
    is the agenda item's; ``heading`` the line just before ``text``, which may be the table's
    header when the structure took it for a section heading."""
    labelled = [(a, b) for a, b in _lines(text, 0) if labelled_cells(text[a:b]) and not _done(text[a:b])]
    if labelled:
        return labelled
    if _header(heading):
        return _rows(text, 0, dashed=False)
    header = _header(text)
    if header is not None:
        return _rows(text, header.end() + 1, dashed=False)
    if _LIST_HEADING.search(title):
        return _rows(text, 0, dashed=True)
    named = _LIST_HEADING.search(text)
    if named is not None:
        return _rows(text, text.find("\n", named.end()) + 1, dashed=True)
    return []


_CELL_SEPARATOR = re.compile(r"\s*\|\s*|\s{2,}|\t|\s[–-]\s")


def cells(row: str) -> list[str]:
    """The columns of a row ("Ny mødekalender – Lone – 1/6"), an item number first dropped."""
    return [c for c in _CELL_SEPARATOR.split(row.strip(" -•*▪|")) if c and not re.fullmatch(r"\d{1,3}\.?", c)]


def _done(row: str) -> bool:
    """Marked done in a column after the task ("… – Lotte – Udført"); the task's own words
    ("Opfølgning på gennemført APV") do not close it."""
    columns = cells(row)
    return any(_DONE.search(c) for c in (columns[1:] if len(columns) > 1 else columns))


def _rows(text: str, start: int, *, dashed: bool) -> list[tuple[int, int]]:
    rows: list[tuple[int, int]] = []
    blank = 0
    for line_start, line_end in _lines(text, max(start, 0)):
        line = text[line_start:line_end]
        if not line:
            blank += 1
            if rows and (blank > 1 or not dashed):
                break  # a table ends at its first blank line; a list may have a blank between parts
            continue
        blank = 0
        if _LIST_END.match(line):
            break
        if line.endswith(":") or (line.startswith("(") and line.endswith(")")):
            continue  # "Fra tidligere møder:", "(Nye punkter øverst)"
        if dashed and not _DASHED_ROW.match(line):
            if rows:
                break
            continue
        if _done(line) or _RULE.fullmatch(line):
            continue  # a row marked done; a markdown table's "|---|---|" rule
        rows.append((line_start, line_end))
    return rows
