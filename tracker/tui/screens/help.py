"""The keys of the screen it was opened from and of the whole dashboard, read from the
bindings themselves so the help can never drift from what the keys do."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

INTRO = (
    "Keyboard first; the mouse works too. Every key is also in the command palette (ctrl+p).\n"
    "Who you are and the as-of date are in the header. Chiefs (tracker dashboard --as UNIT) may add "
    "notes to their own department's follow-ups; the secretariat changes status, reviews and edits."
)


KEY_NAMES = {"question_mark": "?", "slash": "/", "escape": "esc", "enter": "⏎", "delete": "del"}


def key_name(key: str) -> str:
    return KEY_NAMES.get(key, key)


def screen_bindings(screen: Screen[object]) -> list[tuple[str, Binding, DOMNode]]:
    """The screen's and the app's own bindings (not the widgets' cursor keys) that have a
    description, in declaration order: (keys, binding, whose) once per action."""
    keys: dict[str, list[str]] = {}
    first: dict[str, Binding] = {}
    owner: dict[str, DOMNode] = {}
    for node in (screen, screen.app):
        for key, binding in node._bindings:
            if not binding.description or not _ours(node, binding.action):
                continue
            if binding.action not in first:
                first[binding.action] = binding
                owner[binding.action] = node
                keys[binding.action] = []
            if first[binding.action].description == binding.description:
                keys[binding.action].append(key_name(key))
    return [(", ".join(dict.fromkeys(keys[a])), binding, owner[a]) for a, binding in first.items()]


def _ours(node: DOMNode, action: str) -> bool:
    """The dashboard's actions (and quitting), not Textual's focus and clipboard keys."""
    name = action.split("(", 1)[0]
    handler = getattr(node, f"action_{name}", None)
    return name == "quit" or getattr(handler, "__module__", "").startswith("tracker.")


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.origin = screen

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help") as box:
            box.border_title = f"Help — {self.origin.__class__.__name__.removesuffix('Screen').lower()}"
            yield Static(INTRO, classes="intro")
            yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#keys", DataTable)
        table.add_columns("Key", "Action")
        for keys, binding, _ in screen_bindings(self.origin):
            table.add_row(keys, binding.description)
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
