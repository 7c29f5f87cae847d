"""What every data screen shares: reloading, and the dialogs in front of each change.

A data screen reloads when it comes back into view, when the as-of date changes and when the
database changed (the app calls ``reload``); read errors become notifications. The change
helpers ask what is needed (a confirmation, a note, an edit) and hand the backend call to the
app, which runs it in a thread and reports the services' answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from tracker.tui.messages import LoadFailed
from tracker.tui.screens.modals import ConfirmScreen, EditFollowUpScreen, PromptScreen

if TYPE_CHECKING:
    from tracker.services.queries import FollowUpRow
    from tracker.tui.app import TrackerApp
    from tracker.tui.backend import FollowUpEdit


class DataScreen(Screen[None]):
    @property
    def tracker(self) -> TrackerApp:
        from tracker.tui.app import TrackerApp

        assert isinstance(self.app, TrackerApp)
        return self.app

    def reload(self) -> None:
        """Read what this screen shows again (in workers); keep the cursor where it was."""
        raise NotImplementedError

    def on_screen_resume(self) -> None:
        self.reload()

    def on_load_failed(self, message: LoadFailed) -> None:
        self.notify(message.error, title="Could not read the database", severity="error", markup=False)

    def nothing_selected(self) -> None:
        self.notify("No follow-up is selected", severity="warning")

    # --- changes to one follow-up ----------------------------------------------------------------

    def change_status(self, row: FollowUpRow, unit: str | None, *, done: bool) -> None:
        """Done/reopen ``unit``'s part of ``row``, or every part (None: asks first when there
        are several departments)."""
        backend = self.tracker.backend
        call = backend.mark_done if done else backend.reopen

        def apply() -> str:
            return call(row.id, unit, row.version)

        parts = len(row.assignments)
        if unit is None and parts > 1:
            verb = "Mark done" if done else "Reopen"

            def answered(yes: bool | None) -> None:
                if yes:
                    self.tracker.perform(apply)

            self.app.push_screen(ConfirmScreen(f"{verb} #{row.id} for all {parts} departments?"), answered)
            return
        self.tracker.perform(apply)

    def write_note(self, row: FollowUpRow) -> None:
        backend = self.tracker.backend

        def written(text: str | None) -> None:
            if text:
                self.tracker.perform(lambda: backend.add_note(row.id, text))

        self.app.push_screen(PromptScreen(f"Note on #{row.id}", "Progress note"), written)

    def edit_row(self, row: FollowUpRow, *, confirm: bool = False) -> None:
        """Edit text, responsible and deadline; ``confirm`` also accepts it in review."""
        backend = self.tracker.backend

        def edited(change: FollowUpEdit | None) -> None:
            if change is None:
                return
            if change.empty and not confirm:
                self.notify("Nothing was changed", severity="information")
                return
            self.tracker.perform(lambda: backend.edit(row.id, change, row.version, confirm=confirm))

        title, ok = ("Correct and confirm", "Confirm") if confirm else ("Edit follow-up", "Save")
        self.app.push_screen(EditFollowUpScreen(row, title, ok), edited)
