"""A question's buttons stay in sight of the notices that came just before it."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Button, Footer, Label
from textual.widgets._toast import Toast

from coretui.tui.screens.confirm import ConfirmScreen

DELETED = (
    "Deleted Core six (my copy): its file is renamed "
    "/home/runner/.config/coretui/routines/core-six-copy.toml.deleted (rename it back to undo)"
)


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("the routine list")
        yield Footer()


async def test_at_80x24_a_notice_does_not_cover_the_buttons_of_the_question_after_it() -> None:
    # "D", "y", then at once Home and "E": the "Deleted ..." notice sat over the
    # Cancel button of "Edit a copy?"; only "Copy (y)" could be seen, for 5 seconds.
    app = Host()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.notify(DELETED, timeout=5, markup=False)
        app.notify("Saved.", timeout=5)
        await pilot.pause()
        app.push_screen(
            ConfirmScreen("Edit a copy?", "Core six is bundled: the editor opens a copy of it.")
        )
        await pilot.pause()
        toasts = [toast.region for toast in app.screen.query(Toast)]
        buttons = [button.region for button in app.screen.query(Button)]
        assert toasts and len(buttons) == 2
        assert not any(b.overlaps(t) for b in buttons for t in toasts), (buttons, toasts)


async def test_at_80x24_the_screen_under_a_question_stays_where_it_was() -> None:
    # The short terminal's room above the dialog was padding on the question's screen,
    # and the screen under it was drawn a row lower: a blank first row, the title bar
    # under the dialog's edge, and the key bar pushed off the bottom.
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ConfirmScreen("Resume at Plank?", "You stopped part-way earlier today."))
        await pilot.pause()
        rows = [strip.text for strip in app.screen._compositor.render_strips()]
        assert rows[0].startswith("the routine list"), rows[:2]
        assert " Esc Cancel " in rows[-1], rows[-2:]  # the question's own keys, at the bottom
        dialog = app.screen.query_one("#dialog").region
        assert dialog.y >= 1, "the dialog keeps a row of the screen under it in sight"
