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
    **dict.fromkeys(("ansvarlig", "ansvar", "hvem", "ansv."), "owner"),
    **dict.fromkeys(("hvornår", "frist", "deadline", "tidsfrist", "tidsplan"), "due"),
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


def unflatten_tables(text: str) -> str:
    """``text`` with each flattened minutes table written out as items; unchanged without one."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    headers = _headers(lines)
    if not headers:
        return text
    roles = headers[0].roles
    skip = {h.start + k for h in headers if h.roles == roles for k in range(len(roles))}
    counts = Counter(line.strip() for line in lines)
    repeated = {line for line, count in counts.items() if count > 1 and len(line) > 20}  # running headers
    out = lines[: headers[0].start]
    row: list[str] = []
    for n in range(headers[0].start, len(lines)):
        line = lines[n]
        if n in skip or _PAGE_FOOTER.search(line) or line.strip() in repeated:
            continue
        if _ROW_START.match(line.strip()):
            out.extend(_written_out(row, roles))
            row = []
        if line.strip():
            row.append(line.strip())
    out.extend(_written_out(row, roles))
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


def _cells(row: list[str], roles: tuple[str, ...]) -> dict[str, str] | None:
    """The row's cells by role: one line of wide-spaced cells, or one cell per line (the content
    cell may run over several lines; the cells around it take one line each)."""
    first = [c for c in _CELL_GAP.split(row[0]) if c]
    if len(row) == 1 and len(first) == len(roles):
        return dict(zip(roles, first, strict=True))
    if len(row) == 1:
        return None
    content = roles.index("content")
    before, after = roles[:content], roles[content + 1 :]
    if len(row) < len(roles):
        return None
    cells = dict(zip(before, row[: len(before)], strict=True))
    cells.update(zip(after, row[len(row) - len(after) :], strict=True))
    cells["content"] = "\n".join(row[len(before) : len(row) - len(after)])
    return cells


def _written_out(row: list[str], roles: tuple[str, ...]) -> list[str]:
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
