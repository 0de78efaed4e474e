"""The start-up reference: a bare Textual app that shows a Digits and a Footer.

SPEC 9 compares coretui's first paint with this app's, run the same way in the same
terminal. Run it as a script (`python benchmarks/bare_app.py`), so its start-up pays
for the interpreter and Textual exactly as `coretui` does, and nothing more.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Digits, Footer

SHOWN = "12:34"


class BareApp(App[None]):
    """A Digits and a Footer, nothing else."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Digits(SHOWN)
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
