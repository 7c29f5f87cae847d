"""The layers import in one direction, and heavy libraries load only when used.

Each check runs in a fresh interpreter, so what another test imported cannot hide a leak.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY_FOR_HELP = ("spacy", "dateparser", "textual", "sqlalchemy", "sqlmodel", "alembic", "pypdf", "docx", "bs4")


def loaded_after(*modules: str) -> set[str]:
    """Top-level package names in sys.modules after importing ``modules`` in a new process."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {list(modules)!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout))


def test_nlp_never_imports_the_tracker() -> None:
    pytest.importorskip("nlp.structure")
    pytest.importorskip("nlp.deadlines")
    assert "tracker" not in loaded_after("nlp.extract", "nlp.structure", "nlp.deadlines", "nlp.reading")


def test_tracker_core_never_imports_textual() -> None:
    loaded = loaded_after("tracker.models", "tracker.db", "tracker.services.ingest", "tracker.services.meetings")
    assert "textual" not in loaded
    assert "sqlalchemy" in loaded  # the check itself sees imports


def test_the_command_line_starts_without_heavy_imports() -> None:
    loaded = loaded_after("tracker.cli.app")
    assert loaded.isdisjoint(HEAVY_FOR_HELP), sorted(loaded & set(HEAVY_FOR_HELP))
    assert "typer" in loaded
