"""The dashboard application: who is looking, as of which day, and what happens after a change.

Layering (as in harlequin): screens and widgets render and ask; ``tracker.tui.backend`` calls
the services, one transaction per call, from thread workers (``tracker.tui.workers``) that post
messages back. Rules (status as of a date, permissions, versions) live in the services only:
a refused change comes back as a notification with the services' own words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen

from tracker.tui.backend import Backend
from tracker.tui.messages import ChangeApplied, ChangeRefused, DatabaseChanged
from tracker.tui.screens.base import DataScreen
from tracker.tui.screens.help import HelpScreen, screen_bindings
from tracker.tui.screens.modals import AsOfScreen
from tracker.tui.workers import ChangeWatcher, change

DEFAULT_POLL_SECONDS = 3.0
DARK, LIGHT = "textual-dark", "textual-light"


class TrackerApp(App[None]):
    CSS_PATH = Path(__file__).with_name("theme.tcss")
    TITLE = "Follow-ups"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help"),
        Binding("t", "as_of", "As of"),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+t", "toggle_theme", "Light/dark"),
        Binding("q", "quit", "Quit"),
    ]

    as_of: reactive[dt.date] = reactive(dt.date.today, init=False)

    def __init__(
        self,
        backend: Backend,
        *,
        as_of: dt.date | None = None,
        poll_seconds: float | None = DEFAULT_POLL_SECONDS,
        theme: str = DARK,
    ) -> None:
        """``poll_seconds`` None: do not watch for other people's changes (tests)."""
        super().__init__()
        self.backend = backend
        self.poll_seconds = poll_seconds
        self.set_reactive(TrackerApp.as_of, as_of or dt.date.today())
        self.theme = theme
        self.watcher: ChangeWatcher | None = None

    @property
    def actor_label(self) -> str:
        return self.backend.actor.describe()

    def on_mount(self) -> None:
        from tracker.tui.screens.main import MainScreen

        self._update_subtitle()
        self.push_screen(MainScreen(unit=self.backend.actor.unit))  # a chief starts with their own
        if self.poll_seconds:
            self.watcher = ChangeWatcher(self, self.backend, self.poll_seconds)
            self.watcher.start()

    def _update_subtitle(self) -> None:
        self.sub_title = f"as of {self.as_of.isoformat()} · {self.actor_label}"

    def watch_as_of(self) -> None:
        self._update_subtitle()
        self.reload_screen()

    def reload_screen(self) -> None:
        """Reload what is on screen; screens below reload when they come back into view."""
        if isinstance(self.screen, DataScreen):
            self.screen.reload()

    # --- changes ---------------------------------------------------------------------------

    def perform(self, apply: Callable[[], str]) -> None:
        """Run one change (a ``Backend`` call) in a thread; the outcome comes back as a message."""
        change(self, apply)

    def on_change_applied(self, message: ChangeApplied) -> None:
        self.notify(message.summary, title="Saved", markup=False)
        self.reload_screen()

    def on_change_refused(self, message: ChangeRefused) -> None:
        self.notify(message.reason, title=message.title, severity="error", timeout=8, markup=False)
        self.reload_screen()  # a stale version means the screen is out of date

    def on_database_changed(self, _message: DatabaseChanged) -> None:
        self.reload_screen()

    # --- actions on every screen -------------------------------------------------------------

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_as_of(self) -> None:
        def chosen(day: dt.date | None) -> None:
            if day is not None:
                self.as_of = day

        self.push_screen(AsOfScreen(self.as_of), chosen)

    def action_undo(self) -> None:
        self.perform(self.backend.undo)

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every described key of the current screen and the app, in the command palette."""
        yield from super().get_system_commands(screen)
        for keys, binding, node in screen_bindings(screen):
            yield SystemCommand(binding.description, f"key: {keys}", partial(self.run_action, binding.action, node))
