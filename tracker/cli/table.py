"""The commands' tables: Rich on a terminal, and the same bytes without Rich when piped.

Piped or redirected, a table is drawn at its natural width (nothing folded). For the usual
cells, printable Latin text without Rich markup (``[``) or emoji codes (``:name:``), that
drawing is simple, and this module makes exactly the bytes Rich would make without importing
Rich: its import and layout are ~80 ms of a 50-row ``tracker list``, more than the queries.
Anything else (a terminal, other characters, forced colours) is left to Rich.
``tests/tracker/test_cli_table.py`` holds the two equal.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import TextIO

PIPED_WIDTH = 10_000  # piped or redirected: the table's own width, nothing folded

# One terminal cell per character, and nothing Rich reads as markup: printable ASCII but "[",
# Latin-1 but the soft hyphen, Latin Extended-A (Danish, Swedish, German, Polish names).
_PLAIN = re.compile(r"[\x20-\x5a\x5c-\x7e\xa0-\xac\xae-\u017f]*")
_EMOJI_CODE = re.compile(r":\S*?:")  # what Rich may replace by an emoji
_RICH_ENVIRONMENT = ("FORCE_COLOR", "TTY_COMPATIBLE")  # they can make Rich draw a pipe as a terminal


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]], title: str = "") -> None:
    """Print ``rows`` (strings, one per header) under ``headers``, with ``title`` above."""
    out = sys.stdout
    drawn = plain_table(headers, rows, title) if _piped(out) else None
    if drawn is not None:
        out.write(drawn)
        out.flush()
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title or None, title_justify="left")
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*row)
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = PIPED_WIDTH
    console.print(table)


def plain_table(headers: Sequence[str], rows: Sequence[Sequence[str]], title: str = "") -> str | None:
    """The table as Rich draws it ``PIPED_WIDTH`` wide (heavy head, left-justified title), or
    None if any text is not plain (see module) or the table would not fit that width."""
    texts = [title, *headers, *(cell for row in rows for cell in row)]
    if not all(_PLAIN.fullmatch(text) and not _EMOJI_CODE.search(text) for text in texts):
        return None
    if not all(headers) or any(len(row) != len(headers) for row in rows):
        return None
    widths = [max([len(header), *(len(row[i]) for row in rows)]) for i, header in enumerate(headers)]
    total = sum(widths) + 3 * len(widths) + 1
    if total > PIPED_WIDTH or len(title) > total:
        return None

    def line(left: str, fill: str, middle: str, right: str) -> str:
        return left + middle.join(fill * (width + 2) for width in widths) + right

    def cells(bar: str, values: Sequence[str]) -> str:
        return bar + bar.join(f" {value.ljust(width)} " for value, width in zip(values, widths, strict=True)) + bar

    lines = [title.ljust(total)] if title else []
    lines += [line("┏", "━", "┳", "┓"), cells("┃", headers), line("┡", "━", "╇", "┩")]
    lines += [cells("│", row) for row in rows]
    lines.append(line("└", "─", "┴", "┘"))
    return "\n".join(lines) + "\n"


def _piped(out: TextIO) -> bool:
    """Whether Rich would see ``out`` as a plain UTF-8 pipe or file (no terminal, no colours)."""
    if sys.platform == "win32" or any(name in os.environ for name in _RICH_ENVIRONMENT):
        return False
    if "IPython" in sys.modules or hasattr(out, "rich_proxied_file"):
        return False
    if not (getattr(out, "encoding", None) or "utf-8").lower().startswith("utf"):
        return False
    try:
        return not out.isatty()
    except ValueError:  # closed
        return False
