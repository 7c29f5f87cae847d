"""The commands' tables: piped, the plain drawing is byte for byte what Rich draws, and Rich
still draws whatever the plain one cannot."""

from __future__ import annotations

import io
import random
import subprocess
import sys
from collections.abc import Sequence

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from tracker.cli import table


def rich_table(headers: Sequence[str], rows: Sequence[Sequence[str]], title: str = "") -> str:
    """What ``print_table`` drew with Rich alone before the plain drawing existed."""
    drawn = Table(title=title or None, title_justify="left")
    for header in headers:
        drawn.add_column(header, overflow="fold")
    for row in rows:
        drawn.add_row(*row)
    buffer = io.StringIO()
    console = Console(highlight=False, file=buffer)
    console.width = table.PIPED_WIDTH
    console.print(drawn)
    return buffer.getvalue()


PLAIN_CHARACTERS = [chr(c) for c in (*range(0x20, 0x7F), *range(0xA0, 0x180)) if chr(c) not in "[\xad"]


def test_every_plain_character_is_one_cell_wide_for_rich() -> None:
    assert {cell_len(c) for c in PLAIN_CHARACTERS} == {1}
    assert all(table._PLAIN.fullmatch(c) for c in PLAIN_CHARACTERS)


@pytest.mark.parametrize("seed", range(40))
def test_plain_drawing_is_richs(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = PLAIN_CHARACTERS + [" "] * 20 + list("æøåÆØÅ-") * 3

    def text(longest: int) -> str:
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest))).replace(":", "")

    headers = [text(12) or "h" for _ in range(rng.randint(1, 6))]
    rows = [[text(rng.choice((3, 40, 300))) for _ in headers] for _ in range(rng.randint(0, 8))]
    title = rng.choice(("", "3 open follow-ups as of 2025-01-13", text(20)))
    expected = rich_table(headers, rows, title)
    width = len(next(line for line in expected.splitlines() if line.startswith("┏")))
    drawn = table.plain_table(headers, rows, title)
    assert drawn == (expected if len(title) <= width else None)  # Rich wraps a wider title


def test_a_title_wider_than_the_table_is_left_to_rich() -> None:
    assert table.plain_table(["id"], [["1"]], "a title wider than the table") is None


@pytest.mark.parametrize(
    "cell",
    [
        "[bold]markup[/bold]",  # Rich reads markup
        "a :smile: face",  # and emoji codes
        "东京",  # two cells a character
        "tab\there",
        "two\nlines",
        "soft\xadhyphen",
    ],
)
def test_other_text_is_left_to_rich(cell: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert table.plain_table(["text"], [[cell]]) is None
    table.print_table(["text"], [[cell]], "title")
    assert capsys.readouterr().out == rich_table(["text"], [[cell]], "title")


def test_piped_tables_do_not_import_rich() -> None:
    code = (
        "import sys; from tracker.cli.table import print_table; "
        "print_table(['id', 'ansvarlig'], [['1', 'Økonomi & Stab']], 'title'); "
        "print(any(m.split('.')[0] == 'rich' for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == rich_table(["id", "ansvarlig"], [["1", "Økonomi & Stab"]], "title") + "False\n"
