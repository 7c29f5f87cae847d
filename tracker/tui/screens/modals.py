"""Dialogs that return a value to whoever opened them (``push_screen(dialog, callback)``).

Each validates what was typed before it closes, so the caller gets a ready value (a date,
an edit, a new follow-up) or None for "cancelled"; the services still have the last word.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from tracker.tui.backend import FollowUpEdit, NewFollowUp
from tracker.tui.formatting import BadDate, parse_day, split_names

if TYPE_CHECKING:
    from tracker.services.meetings import MeetingSummary
    from tracker.services.queries import FollowUpRow

T = TypeVar("T")


class Dialog(ModalScreen[T]):
    """A centred box with a title, fields, an error line and OK/Cancel buttons."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    OK_LABEL = "OK"

    def __init__(self, title: str) -> None:
        super().__init__()
        self.dialog_title = title

    def fields(self) -> ComposeResult:
        yield from ()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = self.dialog_title
            yield from self.fields()
            yield Static("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(self.OK_LABEL, variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def result(self) -> T:
        """The value to return; raise ValueError with a message to keep the dialog open."""
        raise NotImplementedError

    def action_ok(self) -> None:
        try:
            value = self.result()
        except ValueError as exc:
            self.query_one("#error", Static).update(Text(str(exc)))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self.action_ok()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_ok()

    def value_of(self, selector: str) -> str:
        return self.query_one(selector, Input).value


class ConfirmScreen(Dialog[bool | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("y", "ok", "Yes"), Binding("n,escape", "cancel", "No")]
    OK_LABEL = "Yes"

    def __init__(self, question: str, title: str = "Are you sure?") -> None:
        super().__init__(title)
        self.question = question

    def fields(self) -> ComposeResult:
        yield Label(self.question)

    def result(self) -> bool:
        return True

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()


class PromptScreen(Dialog[str | None]):
    """One line of text (a note, a file name); empty is refused."""

    def __init__(self, title: str, label: str, value: str = "", placeholder: str = "") -> None:
        super().__init__(title)
        self.label, self.value, self.placeholder = label, value, placeholder

    def fields(self) -> ComposeResult:
        yield Label(self.label)
        yield Input(self.value, placeholder=self.placeholder, id="value", compact=True)

    def result(self) -> str:
        text = self.value_of("#value").strip()
        if not text:
            raise ValueError("write something, or Esc to cancel")
        return text


class AsOfScreen(Dialog[dt.date | None]):
    """The date the dashboard shows the state as of (overdue is decided against it)."""

    BINDINGS: ClassVar[list[BindingType]] = [*Dialog.BINDINGS, Binding("ctrl+t", "today", "Today")]

    def __init__(self, current: dt.date) -> None:
        super().__init__("Show the state as of")
        self.current = current

    def fields(self) -> ComposeResult:
        yield Label("Date (YYYY-MM-DD; empty = today, ctrl+t fills in today)")
        yield Input(self.current.isoformat(), id="date", compact=True)

    def action_today(self) -> None:
        self.query_one("#date", Input).value = dt.date.today().isoformat()

    def result(self) -> dt.date:
        try:
            return parse_day(self.value_of("#date")) or dt.date.today()
        except BadDate as exc:
            raise ValueError(str(exc)) from exc


def _deadline(text: str) -> tuple[dt.date | None, bool]:
    """A typed deadline and whether it was cleared ("-" or empty)."""
    if text.strip() in {"", "-"}:
        return None, True
    try:
        return parse_day(text), False
    except BadDate as exc:
        raise ValueError(str(exc)) from exc


class EditFollowUpScreen(Dialog[FollowUpEdit | None]):
    """Task text, responsible and deadline of one follow-up; returns only what changed."""

    def __init__(self, row: FollowUpRow, title: str = "Edit follow-up", ok: str = "Save") -> None:
        super().__init__(f"{title} #{row.id}")
        self.row = row
        self.OK_LABEL = ok

    def fields(self) -> ComposeResult:
        yield Label("Task")
        yield Input(self.row.text, id="text", compact=True)
        yield Label("Responsible (separate with ;)")
        yield Input("; ".join(self.row.responsible), id="responsible", compact=True)
        yield Label("Deadline (YYYY-MM-DD, empty for none)")
        yield Input(self.row.deadline.isoformat() if self.row.deadline else "", id="deadline", compact=True)

    def result(self) -> FollowUpEdit:
        text = " ".join(self.value_of("#text").split())
        if not text:
            raise ValueError("the task cannot be empty")
        responsible = split_names(self.value_of("#responsible"))
        deadline, cleared = _deadline(self.value_of("#deadline"))
        return FollowUpEdit(
            text=text if text != self.row.text else None,
            responsible=responsible if responsible != self.row.responsible else None,
            deadline=deadline if deadline != self.row.deadline else None,
            clear_deadline=cleared and self.row.deadline is not None,
        )


class AddFollowUpScreen(Dialog[NewFollowUp | None]):
    """A follow-up the extractor missed, written by hand under a meeting and item."""

    def __init__(self, meetings: Sequence[MeetingSummary], meeting_id: int | None, item: int | None) -> None:
        super().__init__("Add a follow-up by hand")
        self.meetings = meetings
        self.meeting_id = meeting_id
        self.item = item

    def fields(self) -> ComposeResult:
        options = [(Text(_meeting_name(m)), m.id) for m in self.meetings]
        yield Label("Meeting")
        yield Select(
            options, value=self.meeting_id if self.meeting_id is not None else Select.BLANK, id="meeting", compact=True
        )
        yield Label("Item number")
        yield Input(str(self.item or ""), id="item", type="integer", compact=True)
        yield Label("Task")
        yield Input(id="text", compact=True)
        yield Label("Responsible (separate with ;)")
        yield Input(id="responsible", compact=True)
        yield Label("Deadline (YYYY-MM-DD, empty for none)")
        yield Input(id="deadline", compact=True)

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def result(self) -> NewFollowUp:
        meeting = self.query_one("#meeting", Select).value
        if not isinstance(meeting, int):
            raise ValueError("choose the meeting it was decided at")
        item = self.value_of("#item").strip()
        text = " ".join(self.value_of("#text").split())
        if not text:
            raise ValueError("write the task")
        deadline, _ = _deadline(self.value_of("#deadline"))
        return NewFollowUp(meeting, int(item or 0), text, split_names(self.value_of("#responsible")), deadline)


def _meeting_name(meeting: MeetingSummary) -> str:
    when = meeting.date.isoformat() if meeting.date else "no date"
    return f"{meeting.forum or meeting.source} {when}"
