"""A table of rows (sessions, steps, keys) where Home and End go to the first and last row."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable


class RowTable(DataTable[Any]):
    """DataTable with a row cursor; Home and End move it to the first and last row.

    DataTable's own Home and End scroll to the first and last column: in a table read
    row by row that slid the dates out of sight.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
