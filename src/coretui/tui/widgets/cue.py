"""The cue and the safety note under the countdown: the cue may be cut, the safety note never."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from coretui.textsafe import printable

ELLIPSIS = "…"


def clamp_lines(text: str, width: int, lines: int) -> str:
    """`text` as it fits in `lines` lines of `width` cells, ending with "…" when cut."""
    if lines <= 0 or not text:
        return ""
    wrapped = Content(text).wrap(max(1, width))
    if len(wrapped) <= lines:
        return text
    kept = [line.plain.strip() for line in wrapped[:lines]]
    last = kept[-1]
    # Make room for the "…" on the last line, taking back a whole word where one fits.
    while Content(last + ELLIPSIS).cell_length > width and last:
        cut = last.rfind(" ")
        last = last[:cut] if cut > 0 else last[:-1]
    kept[-1] = last.rstrip(" ,.;:")
    return " ".join(kept) + ELLIPSIS


class CueText(Widget):
    """How to do the move and its safety note, in at most `lines` lines between them.

    Only the cue gives way when space is short: the safety note takes the lines it
    needs (more than `lines` if it must), and the cue gets what is left, cut with "…".
    A safety note cut mid-sentence could say the opposite of what it means.
    """

    DEFAULT_CSS = """
    CueText {
        width: 100%;
        height: auto;
        & > .cue-text--safety {
            color: $text-warning;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"cue-text--safety"}
    """The safety note's style (the theme's warning colour by default)."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.cue = ""
        self.safety = ""
        self._lines = 3

    @property
    def lines(self) -> int:
        """How many lines the cue and safety note may take (0: the safety note alone)."""
        return self._lines

    @lines.setter
    def lines(self, lines: int) -> None:
        if lines != self._lines:
            self._lines = lines
            self.refresh(layout=True)

    def show(self, cue: str, safety: str = "") -> None:
        """Show a cue and a safety note (user text, shown literally)."""
        cue, safety = printable(cue), printable(safety)
        if (cue, safety) != (self.cue, self.safety):
            self.cue, self.safety = cue, safety
            self.refresh(layout=True)

    def content_for(self, width: int) -> Content:
        """What is drawn at `width` cells: the clamped cue, then the safety note."""
        safety = Content(self.safety)
        safety_lines = len(safety.wrap(max(1, width))) if self.safety else 0
        cue = clamp_lines(self.cue, width, self._lines - safety_lines)
        if not self.safety:
            return Content(cue)
        if self.is_mounted:
            safety = safety.stylize(self.get_visual_style("cue-text--safety", partial=True))
        return Content.assemble(cue, "\n", safety) if cue else safety

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many lines as the clamped cue and the whole safety note take at this width."""
        # Textual measures its own widgets the same way (Widget.get_content_height).
        return self.content_for(width).get_height(self.styles, width)  # type: ignore[arg-type]

    def render(self) -> Content:
        """The cue and safety note for the current width."""
        return self.content_for(self.content_size.width)
