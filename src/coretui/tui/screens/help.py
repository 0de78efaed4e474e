"""Help: every key, and a short page about lower back pain in our own words."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Markdown, TabbedContent, TabPane

from coretui.tui.widgets.key_footer import KeyFooter
from coretui.tui.widgets.row_table import RowTable

PLACES = {
    "PickerScreen": "Routines",
    "WorkoutScreen": "Workout",
    "HistoryScreen": "History",
    "SessionScreen": "History",
    "SummaryScreen": "Summary",
    "EditorScreen": "Editor",
}
"""The screens with keys of their own, by class name, as KEYS names their places: the
help opens there."""

KEYS: list[tuple[str, str, str]] = [
    ("Routines", "↑ ↓", "choose a routine"),
    ("Routines", "Enter", "start the routine"),
    ("Routines", "c", "copy the routine to edit as your own, with the progress you accepted"),
    ("Routines", "a", "a new routine in the editor"),
    ("Routines", "E", "edit your routine (bundled: a copy)"),
    ("Routines", "D", "delete your routine (asks first)"),
    ("Routines", "h", "history and streaks"),
    ("Routines", "s", "settings: get ready, rests, sound, weekly goal, theme, equipment"),
    ("Routines", "?", "this help"),
    ("Routines", "q", "quit coretui"),
    ("Workout", "Space", "pause / resume"),
    (
        "Workout",
        "Enter",
        "set done: ends a self-paced set (its reps, at most one a second) or a rest (a timed"
        " set: ended early)",
    ),
    ("Workout", "n  →", "skip to the next step"),
    ("Workout", "p  ←", "back to the start of the previous exercise (rests passed over)"),
    ("Workout", "r", "restart this step"),
    ("Workout", "+  -", "add or remove 10 seconds (a paced set: whole reps)"),
    (
        "Workout",
        "e",
        "easier variant of this exercise (in a rest, of the next); again: the full move",
    ),
    ("Workout", "x", "this hurts: pause, then the easier variant, skip it, or end"),
    ("Workout", "m", "mute / unmute every sound and the voice"),
    ("Workout", "v", "spoken guidance on / off"),
    ("Workout", "q  Esc", "quit (asks first; once an exercise began, saved as partial)"),
    ("Workout", "?", "this help (the workout waits, paused)"),
    ("Before", "0-10  Enter", "back pain now (Enter alone skips it); Esc: not now, back"),
    ("Summary", "0-10", "back pain before and after; a note; Enter saves"),
    ("Summary", "Tab  Shift+Tab", "the next / the previous box"),
    ("Summary", "Ctrl+S", "save the ratings and note"),
    ("Summary", "Esc", "back to the routines (the session is already saved)"),
    ("Editor", "Ctrl+S", "save (refused until valid: shows the first problem)"),
    ("Editor", "Ctrl+N", "add an exercise (on the list: a)"),
    ("Editor", "Ctrl+D", "duplicate this exercise (on the list: d)"),
    ("Editor", "Ctrl+↑ ↓", "move this exercise up / down (on the list: Shift+↑ ↓)"),
    ("Editor", "Del", "delete the exercise (on the list, or x; asks first)"),
    (
        "Editor",
        "Tab  Shift+Tab",
        "next / previous field (Tab stays in the form: the list is Shift+Tab from its"
        " first field; typing never runs a command)",
    ),
    ("Editor", "Esc", "back (asks if unsaved; writes nothing)"),
    ("History", "Enter", "open the session: each step, pain and note"),
    ("History", "d", "delete the session (asks first)"),
    ("History", "Home / End", "the newest / the oldest session listed"),
    ("History", "r", "retry saving sessions a full or read-only disk refused"),
    ("History", "?", "this help (and on a session's page)"),
    ("History", "Esc", "back"),
    ("Help", "← →", "switch between Keys and About back pain"),
    ("Anywhere", "?", "this help (in a box you type in: Tab out of it first)"),
    ("Anywhere", "Ctrl+Z", "suspend to the shell; the workout comes back paused"),
    ("Anywhere", "Ctrl+P", "command palette"),
    ("Anywhere", "Ctrl+Q", "quit at once"),
]

ABOUT_BACK_PAIN = """\
## About lower back pain

*This is general information, not medical advice. If in doubt, ask a doctor or physiotherapist.*

Low back pain in runners and desk workers often comes down to one of three patterns:

1. A muscle spasm. The pain arrives suddenly, the muscles feel locked and it can be severe,
   but nothing shoots down your legs.
2. A pinched nerve (sciatica or a disc problem). A sharp pain runs down the back of one or
   both legs, different from the gripping feel of a spasm.
3. A general ache spread across the low back that keeps coming back, which can be a sign
   of arthritis.

### Why train the core, hips and glutes

Your spine is held up by a whole chain: the core muscles around your middle, the hips, the
glutes and the hamstrings. When one link is weak or tight, the others work harder. Tired glutes
on a long run, for example, leave the low back doing their job, and an overworked back is
one that spasms. Strength and flexibility all along that chain share the load.

### When to stop and see a professional

- Pain that shoots down a leg, or numbness, tingling or weakness in a leg or foot.
- Pain after a fall or an accident, or pain that wakes you at night.
- Trouble controlling your bladder or bowels, or numbness around the groin: get help at once.
- Pain with fever or unexplained weight loss.
- Pain that is getting worse, or not better after a few weeks.

During a workout, stop any move that causes sharp pain. Mild effort and muscle burn are fine;
pain that grows as you go is not. Press **x** ("this hurts"): the workout pauses and offers
the easier variant, skipping the exercise, or ending; coretui remembers it and will not
suggest making that exercise harder. **e** switches to the easier variant, **n** skips a step.
"""


class HelpScreen(ModalScreen[None]):
    """All keys, and the back-pain page."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        #about-scroll { height: 1fr; }
        #help-tabs {
            width: 90%;
            height: 90%;
            background: $surface;
            border: round $primary;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", key_display="Esc"),
        Binding(
            "left,right", "switch_tab", "Keys / About back pain", key_display="← →", priority=True
        ),
    ]

    def __init__(self, tab: str = "keys", opened_over: str = "") -> None:
        super().__init__()
        self.tab = tab
        self.place = PLACES.get(opened_over, "")
        """Where the screen it opens over is, as KEYS names it ("Workout" for the
        WorkoutScreen): the keys open at that place's first."""

    def compose(self) -> ComposeResult:
        with TabbedContent(initial=self.tab, id="help-tabs"):
            with TabPane("Keys", id="keys"):
                yield RowTable(id="keys-table")
            with TabPane("About back pain", id="about"), VerticalScroll(id="about-scroll"):
                yield Markdown(ABOUT_BACK_PAIN)
        yield KeyFooter()

    def on_mount(self) -> None:
        # The rows' heights are worked out when the app is idle: on a busy machine, after
        # every scroll timed for them, and the workout's keys were left below the fold.
        # The table scrolls to its cursor again each time its height becomes known.
        table = self.query_one("#keys-table", DataTable)
        self.watch(table, "virtual_size", lambda: self._keep_in_view(table.cursor_row), init=False)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fill)  # once the table has its new width

    def _fill(self) -> None:
        """The keys, each description wrapped in the width left (it ran off the right
        edge at 80 columns, to be read by scrolling sideways)."""
        if (table := self._table()) is None:
            return
        where, key = (max(len(row[i]) for row in KEYS) for i in (0, 1))
        # Each column has a cell of padding either side; a scrollbar may take two more.
        what = max(12, table.size.width - where - key - 3 * 2 * table.cell_padding - 2)
        row = table.cursor_row
        if self.place and table.row_count == 0:  # (the first fill: at its screen's keys)
            row = next((i for i, keys in enumerate(KEYS) if keys[0] == self.place), row)
        table.clear(columns=True)
        for label, width in (("Where", where), ("Key", key), ("What it does", what)):
            table.add_column(label, width=width)
        for place, keys, does in KEYS:
            table.add_row(place, keys, Text(does), height=None)
        table.move_cursor(row=row, animate=False)  # (again once the heights are known)

    def _keep_in_view(self, row: int) -> None:
        """Scroll the keys to `row`, unless the cursor has moved on from it (or the table
        is gone: the Help closing as it was measured)."""
        table = self._table()
        if table is not None and table.cursor_row == row:
            table.move_cursor(row=row, animate=False)

    def _table(self) -> DataTable[object] | None:
        """The keys' table; None once the Help is closing (? and Escape at once: the
        scrolls timed for later come after its table is gone)."""
        return next(iter(self.query("#keys-table").results(DataTable)), None)

    def show_tab(self, tab: str) -> None:
        """Show the page `tab` ("keys", "about")."""
        self.query_one(TabbedContent).active = tab

    def action_switch_tab(self) -> None:
        """Flip between the two pages."""
        tabs = self.query_one(TabbedContent)
        tabs.active = "about" if tabs.active == "keys" else "keys"

    def on_tabbed_content_tab_activated(self) -> None:
        """Focus the page's content, so the arrow and page keys scroll it."""
        tabs = self.query_one(TabbedContent)
        target = "#about-scroll" if tabs.active == "about" else "#keys-table"
        self.query_one(target).focus()
        if tabs.active == "keys":  # laid out while hidden (opened on the other page), it
            self.call_after_refresh(self._fill)  # had no width to wrap in

    def action_close(self) -> None:
        self.dismiss()
