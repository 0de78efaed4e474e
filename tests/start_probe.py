"""Start coretui as the console script does, headless, and stop after the picker's first paint.

Run as `python -X importtime -m tests.start_probe [ARGS...]`: at the first paint it
writes FIRST_PAINT and the routine list's entries to stderr, so a test can tell the
imports before the first paint from those after. It then waits for the validation
that follows the first paint (which writes the start cache) and exits.
"""

from __future__ import annotations

import sys

from textual.widgets import OptionList

from coretui.cli.main import main
from coretui.tui import hangup
from coretui.tui.app import CoreApp
from coretui.tui.screens.picker import PickerScreen

FIRST_PAINT = "-- first paint --"


def _probe(picker: PickerScreen) -> None:
    """The picker's first paint: say so (before the validation starts), then exit once it ends."""
    options = picker.query_one("#routines", OptionList)
    ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
    print(FIRST_PAINT, file=sys.stderr, flush=True)
    print("routines: " + " ".join(str(i) for i in ids if i), file=sys.stderr, flush=True)

    async def finish() -> None:
        await picker.app.workers.wait_for_complete()
        shown = [card.id for card in picker.cards]
        print("validated: " + " ".join(shown), file=sys.stderr, flush=True)
        errors = [f"{e.file}: {e.message}" for e in picker.errors]
        print("errors: " + " | ".join(errors), file=sys.stderr, flush=True)
        picker.app.exit()

    picker.call_later(finish)


_mounted = PickerScreen.on_mount


def on_mount(self: PickerScreen) -> None:
    # Registered before the picker's own after-refresh work (the validation worker).
    self.call_after_refresh(_probe, self)
    _mounted(self)


if __name__ == "__main__":
    PickerScreen.on_mount = on_mount  # type: ignore[method-assign]
    hangup.no_terminal = lambda: None  # headless: no terminal needed
    run = CoreApp.run
    CoreApp.run = lambda self, **kw: run(self, headless=True, size=(100, 30))  # type: ignore[method-assign,assignment,misc]
    sys.exit(main(sys.argv[1:]))
