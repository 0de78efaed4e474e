"""A table of rows (sessions, steps, keys) where Home and End go to the first and last row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from coretui.cells import cut


class Cut(NamedTuple):
    """A cell of the column that gives way: cut with "…" to the width the others leave."""

    text: str
    keep: str = ""
    """Shown whole after the text, however it is cut: " (left)"."""
    brief: str = ""
    """`keep` in fewer cells (" (L)"), where it would leave no room for the text."""

    def within(self, width: int) -> str:
        """The cell in `width` cells: at 60 columns "(right)" alone lost the side plank."""
        keep = self.keep
        if self.brief and cell_len(self.text + keep) > width and width - cell_len(keep) < 3:
            keep = self.brief
        return cut(self.text, width, keep)


Row = Sequence[Text | Cut]


def lines_width(cells: Sequence[Text | Cut], label: str = "") -> int:
    """The widest line of a column's cells (and its label): its width. DataTable would
    measure a cell of two lines as one long line, and a variant's name under "done"
    pushed the table past 80 columns."""
    lines = [label]
    for cell in cells:
        lines += [cell.text + cell.keep] if isinstance(cell, Cut) else cell.plain.split("\n")
    return max(cell_len(line) for line in lines)


GIVEN_WAY_CELLS = 8
"""The fewest cells a column that gives way keeps when the others leave it less than it
asked for: a table wider than the screen scrolled sideways, and hid its last "…"."""


class RowTable(DataTable[Any]):
    """DataTable with a row cursor; Home and End move it to the first and last row.

    DataTable's own Home and End scroll to the first and last column: in a table read
    row by row that slid the dates out of sight.

    Filled with `fill`, some columns give way to the others: cut to what the table's
    width leaves them, again at each resize. At 80 columns a long name pushed Planned and
    Done past the edge, where only the arrow keys found them.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._heads: Sequence[str] = ()
        self._rows: Sequence[Row] = ()
        self._keys: Sequence[str | None] = ()
        self._giving: Sequence[tuple[int, int]] = ()
        self._widths: list[int] = []
        """Each column's own width (its widest line), measured once per `fill`."""
        self._cut_to: tuple[int, ...] = ()

    def fill(
        self,
        heads: Sequence[str],
        rows: Sequence[Row],
        *,
        giving: Sequence[tuple[int, int]],
        keys: Sequence[str | None] | None = None,
    ) -> None:
        """Show `rows` under `heads`. `giving`: the columns that give way, each with the
        fewest cells it keeps; the last gives way first (history: the note, then the
        routine's name)."""
        self._heads, self._rows, self._giving = heads, rows, giving
        self._keys = keys if keys is not None else [None] * len(rows)
        self._widths = [lines_width([row[i] for row in rows], head) for i, head in enumerate(heads)]
        self._cut_to = ()
        self._fit()

    def on_resize(self) -> None:
        if self._heads:
            self._fit()

    def _fit(self) -> None:
        widths = self._widths
        least = dict(self._giving)
        room = self.size.width or self.app.size.width - 2  # (0 until it is laid out)
        # Two cells of padding a column, and two for the scrollbar.
        left = room - sum(width + 2 for i, width in enumerate(widths) if i not in least) - 2
        cuts: dict[int, int] = {}
        for n, (column, fewest) in enumerate(self._giving):
            later = sum(cells + 2 for _, cells in self._giving[n + 1 :])
            cuts[column] = min(widths[column], max(fewest, left - later - 2))
            left -= cuts[column] + 2
        for column, _ in self._giving:  # still too wide ("not counted" in the Status
            # column, at 80): the first to give way gives more than its fewest
            take = min(-left, cuts[column] - GIVEN_WAY_CELLS)
            if take > 0:
                cuts[column] -= take
                left += take
        if tuple(cuts.values()) == self._cut_to:
            return
        self._cut_to = tuple(cuts.values())
        chosen = self.cursor_row if self.row_count else None
        self.clear(columns=True)
        for i, head in enumerate(self._heads):
            self.add_column(head, width=cuts.get(i, widths[i]))
        for row, key in zip(self._rows, self._keys, strict=True):
            cells = [
                Text(cell.within(cuts.get(i, 0))) if isinstance(cell, Cut) else cell
                for i, cell in enumerate(row)
            ]
            height = max(len(cell.plain.split("\n")) for cell in cells)
            self.add_row(*cells, height=height, key=key)
        if chosen is not None:
            self.move_cursor(row=chosen, animate=False)
