"""Painting a widget's few changed cells straight to the terminal, past the compositor.

The moving figure changes a few dozen cells up to ten times a second. Through
Textual each change is a refresh: the screen composes the changed region, renders
it and writes it, about 1.3 ms a frame even in a bare app and 4.5 ms at 160x48 here,
which made a tempo set with its figure cost five times the CPU of the same set
without it. A figure repeats every rep, so each change between two of its drawings
is turned into terminal text once per set (through the widget's own line rendering,
so colours, theme and filters are Textual's) and then only written again. The
countdown's second went the same way (a pass of the compositor, each changed row
written from the digits' left edge): the digits, the time left, the counts and the
progress bar are painted here too.

This leans on a few of Textual's private parts (the driver and its writer thread's
queue, the compositor's map, the widget's line cache), each read defensively: when
any is missing, or when something could be drawn over the widget (another screen,
a notification, a tooltip, a dialog, a layout in progress), or in a headless run,
`paint` returns False and the caller refreshes as usual. After a direct paint the
widget's cached lines are those the change was made from (or marked stale), so
Textual's next repaint (a resize, a closed dialog) draws the same picture.
"""

from __future__ import annotations

import select
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from textual.geometry import Offset, Region
from textual.strip import Strip
from textual.widget import Widget

SYNC_START, SYNC_END = "\x1b[?2026h", "\x1b[?2026l"
"""Synchronized output, as Textual wraps its own updates when the terminal has it."""
MAX_CACHED = 2000
"""Terminal texts kept per widget (one per change between two drawings)."""
WRITER_SETTLE_S = 2.0
"""A new writer thread (a start, a resume) may still be fed from Textual's input thread."""


@dataclass(frozen=True)
class Prepared:
    """A change between two drawings, ready to write again."""

    text: str
    """The terminal text of the changed cells."""
    rows: list[Region]
    """The rows it covers (widget coordinates)."""
    lines: dict[int, Strip] | None
    """Textual's cached copy of each of those rows after the change (None: not kept)."""


def _move_to(x: int, y: int) -> str:
    return f"\x1b[{y + 1};{x + 1}H"


def _writable(file: Any) -> bool:
    """True when the terminal has room for more output now (a write would not wait)."""
    try:
        return bool(select.select([], [file.fileno()], [], 0)[1])
    except (OSError, ValueError, AttributeError):
        return False


class DirectPainter:
    """Writes a widget's changed rows to the terminal itself, when nothing can be over them."""

    def __init__(self, widget: Widget, *, keep_lines: bool = True) -> None:
        self._widget = widget
        self._keep_lines = keep_lines
        """After a change written again, Textual's copy of its rows becomes the copy made
        when it was first written (True), or is marked stale (False: a change that
        covers part of a row, whose other cells may differ by then)."""
        self._texts: dict[Hashable, Prepared] = {}
        self._where: tuple[Region, Offset] | None = None
        self._looks: tuple[object, ...] | None = None
        self._screen: Widget | None = None
        self._checked: tuple[object, Region, Offset, str] | None = None
        """The compositor's visible-widget map when the widget was last found uncovered
        there, with its region, content offset and the cursor's move (Textual makes a
        new map whenever the layout changes)."""
        self._writer: Any = None
        self._writer_since = 0.0
        self.painted = 0
        """Changes written directly (the rest went through a refresh)."""

    def forget(self) -> None:
        """Drop every prepared text (the drawings, their size or their colours changed)."""
        self._texts.clear()

    def check_colours(self) -> None:
        """Drop the prepared texts if the colours they were made with have changed.

        The background comes through from the containers (a class change there need
        not restyle this widget) and the app's line filters can change (ANSI colours).
        Asking costs a walk up the widget's ancestors, so the owner calls this when it
        poses the widget (each step, phase and second), not on every frame.
        """
        try:
            widget = self._widget
            looks = (widget.background_colors, tuple(widget.get_line_filters()))
        except Exception:  # not mounted, no app: nothing prepared can be shown anyway
            return
        if looks != self._looks:
            self._texts.clear()
            self._looks = looks

    def paint(self, regions: Sequence[Region], key: Hashable) -> bool:
        """Write these regions (widget content coordinates) as they are now.

        `key` names this change (the same key must mean the same cells and text);
        False when it could not be written here and the caller should refresh.
        """
        return self.paint_parts([(regions, key)])

    def paint_parts(self, parts: Sequence[tuple[Sequence[Region], Hashable]]) -> bool:
        """Write several changes, each its regions and key as for `paint`, at once."""
        try:
            return self._paint(parts)
        except Exception:  # Textual's insides moved, the app is closing...
            return False  # ...whatever it is, the refresh Textual does is always right

    def _paint(self, parts: Sequence[tuple[Sequence[Region], Hashable]]) -> bool:
        widget: Any = self._widget
        app: Any = widget.app
        driver = app._driver
        if driver is None or app.is_headless or driver.is_inline or app._batch_count:
            return False
        screen: Any = self._screen or widget.screen
        if screen is not app.screen or screen._layout_required or widget._layout_required:
            return False
        visible = screen._compositor.visible_widgets
        checked = self._checked
        if checked is None or checked[0] is not visible:
            checked = self._check(screen, visible)
            if checked is None:
                return False
        if self._looks is None:
            self.check_colours()
        texts = [self._text_of(regions, key, checked) for regions, key in parts]
        text, cursor = "".join(texts), checked[3]
        if app._sync_available:  # the terminal shows the change whole, as Textual's own
            self._write(driver, f"{SYNC_START}{text}{cursor}{SYNC_END}")
        else:
            self._write(driver, text + cursor)
        self.painted += 1
        return True

    def _text_of(
        self,
        regions: Sequence[Region],
        key: Hashable,
        checked: tuple[object, Region, Offset, str],
    ) -> str:
        """The change's terminal text: made now, or made before and Textual's copy kept right."""
        prepared = self._texts.get(key)
        if prepared is None:
            prepared = self._prepare(regions, checked)
            if len(self._texts) >= MAX_CACHED:
                self._texts.clear()
            self._texts[key] = prepared
            return prepared.text
        # Textual's cached lines for these rows are older than the screen now: they
        # become the lines this change was made from, as its first paint left them.
        # (Marking them stale would do, but Textual's next pass over them, a refresh
        # beside the figure, would render them again.)
        cache = self._widget._styles_cache
        if prepared.lines is None:
            cache.set_dirty(*prepared.rows)
        else:
            cache._cache.update(prepared.lines)
            cache._dirty_lines.difference_update(prepared.lines)
        return prepared.text

    def _write(self, driver: Any, text: str) -> None:
        """Write `text` to the terminal at once when Textual's writer is idle, else queue it.

        Textual writes from a thread of its own, fed by a queue that the app's thread
        (this one) fills, and its input thread only when the terminal answers the
        queries Textual sends as it starts or resumes. Once that writer has run a
        while (`WRITER_SETTLE_S`), an empty queue with the thread waiting on it means
        everything queued before has been written and flushed and nothing more can be
        queued meanwhile: the frame goes out here, sparing the hand-over to the writer
        thread (about a fifth of a frame's CPU). When the terminal is not taking output
        (a stalled connection) the frame is queued instead, so this thread never waits
        on it. Drivers without a writer thread (the browser's) get `driver.write`.
        """
        writer = getattr(driver, "_writer_thread", None)
        queue = getattr(writer, "_queue", None)
        now = time.monotonic()
        if writer is not self._writer:
            self._writer, self._writer_since = writer, now
        elif (
            queue is not None
            and not queue.qsize()
            and queue.not_empty._waiters
            and now - self._writer_since >= WRITER_SETTLE_S
            and _writable(writer._file)
        ):
            writer._file.write(text)
            writer._file.flush()
            return
        driver.write(text)
        driver.flush()

    def _prepare(
        self, regions: Sequence[Region], checked: tuple[object, Region, Offset, str]
    ) -> Prepared:
        """A change's terminal text, rendered as Textual would (styles, filters)."""
        _, where, offset, _ = checked
        rows = [region.translate(offset) for region in regions]
        widget = self._widget
        cache = widget._styles_cache
        cache.set_dirty(*rows)
        console = widget.app.console
        parts: list[str] = []
        lines: dict[int, Strip] | None = {} if self._keep_lines else None
        for row in rows:
            text = ""
            before: Strip | None = None
            for y, strip in enumerate(widget.render_lines(row), start=row.y):
                if strip != before:  # rows alike (a digit's rows): turned into text once
                    # One colour code a run of cells of one style, not one a segment: a
                    # figure's row is a segment for each run of dots and of blanks between.
                    text, before = strip.simplify().render(console), strip
                parts.append(_move_to(where.x + row.x, where.y + y) + text)
                line = cache._cache.get(y)  # the whole row, as Textual keeps it
                if line is None or lines is None:
                    lines = None
                else:
                    lines[y] = line
        return Prepared("".join(parts), rows, lines)

    def _check(
        self, screen: Any, visible: dict[Widget, tuple[Region, Region]]
    ) -> tuple[object, Region, Offset, str] | None:
        """The widget's place when it shows whole and nothing is drawn over it, else None."""
        widget = self._widget
        self._checked = None
        if widget not in visible:
            return None
        region, clip = visible[widget]
        if not region or clip.intersection(region) != region:
            return None
        for other, (other_region, other_clip) in visible.items():  # top-most first
            if other is widget:
                break
            if other_clip.intersection(other_region).overlaps(region):
                return None  # painted after us, over us (a toast, a tooltip, a dialog)
        place = (region, widget.content_offset)
        if place != self._where:
            self._texts.clear()  # the text holds the widget's place on the screen
            self._where = place
        self._screen = screen
        cursor = screen.outer_size.clamp_offset(widget.app.cursor_position)
        self._checked = (visible, region, place[1], _move_to(*cursor))
        return self._checked


class DirectlyPainted(Widget):
    """A widget whose changed rows its `_painter` (made in its `__init__`) may write
    itself: the texts prepared go stale with its style (another phase's colour, the
    theme), and are dropped then."""

    _painter: DirectPainter

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._painter.forget()
