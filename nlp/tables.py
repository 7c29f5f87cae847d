"""Word tables that a PDF export flattened to one cell per line, read back as agenda items.

A driftsledermøde or a steering group often writes its referat as one table, "Pkt. | Emne |
Drøftelse/beslutning | Ansvarlig | Hvornår". Exported to text, the header becomes five short lines
and each row a run of lines (or one line of cells set apart by wide spaces), repeated on every
page with the page footer in between. Nothing in that run says where the decision is or whose
task it is, so the structure reader would see one long item. Here each row is written out the way
minutes without a table say it: the item number and title, the decision under a "Beslutning:"
heading, and the owner and due columns as "Ansvarlig:" / "Frist:" field lines. The cells' own
words are kept verbatim, so every follow-up still quotes the minutes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from nlp.lexicon import DUE_LABELS, OWNER_LABELS

# Column names as the header writes them, and the part of an item each column holds.
_ROLES = {
    **dict.fromkeys(("pkt", "pkt.", "punkt", "nr", "nr.", "#"), "number"),
    **dict.fromkeys(("emne", "overskrift", "dagsordenspunkt", "punkt/emne", "sag", "tema"), "title"),
    **dict.fromkeys(
        (
            "drøftelse/beslutning",
            "drøftelse / beslutning",
            "beslutning",
            "beslutninger",
            "referat",
            "konklusion",
            "drøftelse",
            "beslutning/handling",
            "referat/beslutning",
            "aftale",
            "aftaler",
            "drøftelse og beslutning",
            "beslutning og opfølgning",
        ),
        "content",
    ),
    **dict.fromkeys(OWNER_LABELS, "owner"),
    **dict.fromkeys((*DUE_LABELS, "tidsplan"), "due"),
}
_CELL_GAP = re.compile(r"\s*\t\s*|\s{3,}|\s*\|\s*")
_ROW_START = re.compile(r"^(\d{1,3})\.?(?:$|\s{2,}|\t)")
_PAGE_FOOTER = re.compile(r"\b(?:side|page)\s+\d+(?:\s*(?:af|/|of)\s*\d+)?\s*$", re.IGNORECASE)
_NOTHING = frozenset({"", "-", "–", "—", "/", "n/a"})


@dataclass(frozen=True, slots=True)
class _Header:
    start: int  # index of its first line
    roles: tuple[str, ...]


def _role(line: str) -> str | None:
    """The part of an item a header line's column holds, if the line is a column name."""
    return _ROLES.get(" ".join(line.strip().lower().rstrip(":").split()))


def _headers(lines: list[str]) -> list[_Header]:
    """Runs of at least three lines that are all column names, a number column first, with the
    decision and the owner or due column among them."""
    found: list[_Header] = []
    n = 0
    while n < len(lines):
        roles: list[str] = []
        while n + len(roles) < len(lines) and (role := _role(lines[n + len(roles)])) is not None:
            roles.append(role)
        if len(roles) >= 3 and roles[0] == "number" and "content" in roles and {"owner", "due"} & set(roles):
            found.append(_Header(n, tuple(roles)))
        n += max(len(roles), 1)
    return found


# After the table: the minutes' closing lines, which no row holds.
_TABLE_END = re.compile(r"^(?:næste\s+møde\b|referent\b|mødet\s+(?:sluttede|hævet|afsluttet)|underskrift)", re.I)
# A running header or footer repeated on every page: a date or a page number in it.
_RUNNING = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\b(?:side|page)\s+\d|\breferat\b", re.IGNORECASE)


def unflatten_tables(text: str) -> str:
    """``text`` with each flattened minutes table written out as items; unchanged without one.
    A table runs from its header to its last row: a header of other columns, or the minutes'
    closing lines ("Næste møde:", "Referent"), end it."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    headers = _headers(lines)
    if not headers:
        return text
    counts = Counter(line.strip() for line in lines)
    running = {line for line, count in counts.items() if count > 1 and len(line) > 20 and _RUNNING.search(line)}
    out = lines[: headers[0].start]
    n = headers[0].start
    for k, header in enumerate(headers):
        if header.start < n:
            continue  # a repeated header inside the table before it
        out.extend(lines[n : header.start])
        n = _table(lines, header, headers[k + 1 :], running, out)
    out.extend(lines[n:])
    written = "\n".join(out)
    return written + "\n" if text.endswith("\n") and not written.endswith("\n") else written


def _table(lines: list[str], header: _Header, later: list[_Header], running: set[str], out: list[str]) -> int:
    """Write out the rows of the table under ``header`` into ``out``; the index where it ends."""
    roles = header.roles
    repeats = {h.start + k for h in later if h.roles == roles for k in range(len(roles))}
    other = min((h.start for h in later if h.roles != roles), default=len(lines))
    row: list[str] = []
    last_number = 0
    n = header.start + len(roles)
    while n < other:
        line = lines[n].strip()
        if _TABLE_END.match(line):
            break
        n += 1
        if n - 1 in repeats or _PAGE_FOOTER.search(line) or line in running:
            continue
        start = _ROW_START.match(line)
        if start and int(start.group(1)) <= last_number and not _CELL_GAP.search(line):
            continue  # a bare page number, not the next row
        if start:
            out.extend(_written_out(row, roles))
            row = []
            last_number = int(start.group(1))
        if line:
            row.append(line)
    out.extend(_written_out(row, roles))
    return n


# What an owner cell and a due cell look like: a few words, no sentence.
_OWNER_CELL = re.compile(r"^(?:[-–—/]|[\wæøåÆØÅ][^.!?\s]*(?:\s+[^.!?\s]+){0,5})$")
_DUE_CELL = re.compile(
    r"^(?:[-–—/]|.{0,40}?(?:\d|uge|primo|medio|ultimo|januar|februar|marts|april|maj|juni|juli|august|september|"
    r"oktober|november|december|løbende|snarest|næste\s+møde|kvartal|halvår|mandag|tirsdag|onsdag|torsdag|fredag|"
    r"sommerferie|jul|påske|efterår|forår|vinter|hurtigst|inden|senest|efter|asap).{0,30})$",
    re.IGNORECASE,
)
_CELL_LOOKS = {"owner": _OWNER_CELL, "due": _DUE_CELL}


def _cells(row: list[str], roles: tuple[str, ...]) -> dict[str, str] | None:
    """The row's cells by role: one line of wide-spaced cells, or one cell per line. The content
    cell may run over several lines; the cells before it take one line each, and so do those
    after it when they look like an owner or a date (an empty cell leaves no line behind)."""
    first = [c for c in _CELL_GAP.split(row[0]) if c]
    if len(row) == 1 and len(first) == len(roles):
        return dict(zip(roles, first, strict=True))
    content = roles.index("content")
    before, after = roles[:content], list(roles[content + 1 :])
    if len(row) <= len(before):
        return None
    cells = dict(zip(before, row[: len(before)], strict=True))
    rest = row[len(before) :]
    for role in reversed(after):
        pattern = _CELL_LOOKS.get(role)
        if len(rest) > 1 and (pattern is None or pattern.match(rest[-1])):
            cells[role] = rest.pop()
    cells["content"] = "\n".join(rest)
    return cells


def _written_out(row: list[str], roles: tuple[str, ...]) -> list[str]:
    """One row as the minutes would write it without a table: "N. Title", "Beslutning:", the
    decision cell, then "Ansvarlig:" and "Frist:" lines for cells that say something."""
    if not row:
        return []
    cells = _cells(row, roles)
    if cells is None:
        return [*row, ""]
    number = re.match(r"(\d{1,3})\.?$", cells.get("number", "").strip())
    if number is None:
        return [*row, ""]
    out = [f"{number.group(1)}. {cells.get('title', '').strip()}".rstrip(), "Beslutning:", cells["content"]]
    if cells.get("owner", "").strip().lower() not in _NOTHING:
        out.append(f"Ansvarlig: {cells['owner'].strip()}")
    if cells.get("due", "").strip().lower() not in _NOTHING:
        out.append(f"Frist: {cells['due'].strip()}")
    return [*out, ""]
