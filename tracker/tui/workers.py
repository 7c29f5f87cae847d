"""Blocking work off the event loop: loads, changes and the change poll, in thread workers.

Workers call ``tracker.tui.backend`` (one transaction per call) and post messages back; they
never touch a widget. Loads of one kind are exclusive per screen: a newer load cancels the
older one, whose result is then dropped instead of posted, so a slow query never paints
over a newer answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from textual.worker import Worker, get_current_worker

from tracker.tui.backend import refusals
from tracker.tui.messages import ChangeApplied, ChangeRefused, DatabaseChanged, LoadFailed

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.message import Message

    from tracker.tui.backend import Backend

T = TypeVar("T")


def load(node: DOMNode, group: str, read: Callable[[], T], deliver: Callable[[T], Message]) -> Worker[None]:
    """Run ``read`` in a thread and post ``deliver(result)`` to ``node``, unless superseded."""

    def job() -> None:
        try:
            result = read()
        except Exception as exc:  # shown, not raised: a read error must not kill the dashboard
            if not get_current_worker().is_cancelled:
                node.post_message(LoadFailed(f"{type(exc).__name__}: {exc}"))
            return
        if not get_current_worker().is_cancelled:
            node.post_message(deliver(result))

    return node.run_worker(job, thread=True, group=f"load-{group}", exclusive=True, exit_on_error=False)


def change(node: DOMNode, apply: Callable[[], str]) -> Worker[None]:
    """Run one change in a thread; post ``ChangeApplied`` or, when the services refuse it,
    ``ChangeRefused`` with their reason (a chief marking done, a stale version, …)."""

    def job() -> None:
        try:
            summary = apply()
        except refusals() as exc:
            node.post_message(ChangeRefused(str(exc), _title(exc)))
            return
        except Exception as exc:
            node.post_message(ChangeRefused(f"{type(exc).__name__}: {exc}", "Failed"))
            return
        node.post_message(ChangeApplied(summary))

    return node.run_worker(job, thread=True, group="change", exit_on_error=False)


def _title(exc: Exception) -> str:
    from tracker.services.actors import PermissionDenied
    from tracker.services.followups import NothingToChange, StaleVersion

    if isinstance(exc, PermissionDenied):
        return "Not allowed"
    if isinstance(exc, StaleVersion):
        return "Changed by someone else"
    if isinstance(exc, NothingToChange):
        return "Nothing to change"
    return "Not possible"


class ChangeWatcher:
    """Notices other people's changes: every ``seconds`` a thread reads the newest event id
    (one indexed lookup) and posts ``DatabaseChanged`` to ``node`` when it moved."""

    def __init__(self, node: DOMNode, backend: Backend, seconds: float) -> None:
        self.node = node
        self.backend = backend
        self.seconds = seconds
        self.seen: int | None = None

    def start(self) -> None:
        self.node.set_interval(self.seconds, self.check, name="change-watcher")
        self.check()

    def check(self) -> None:
        self.node.run_worker(self._look, thread=True, group="poll", exclusive=True, exit_on_error=False)

    def _look(self) -> None:
        try:
            newest = self.backend.last_event_id()
        except Exception:  # the next tick tries again; a locked or moved database is transient
            return
        previous, self.seen = self.seen, newest
        if previous is not None and newest != previous and not get_current_worker().is_cancelled:
            self.node.post_message(DatabaseChanged())
