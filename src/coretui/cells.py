"""Text cut to the terminal cells it has: the screens' and the command line's own."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size


def cut(text: str, width: int, keep: str = "") -> str:
    """`text` in at most `width` terminal cells, "…" at the end when it was longer (a
    wide character, as in "腰が痛い", takes two). `keep` follows it whole: what a long
    name must not push off the line (" · Left side")."""
    if cell_len(text + keep) <= width:
        return text + keep
    room = width - cell_len(keep) - 1
    if room < 1:  # not even one cell of the text: what is kept comes first
        return cut(keep, width) if keep else "…"[:width]
    return set_cell_size(text, room).rstrip(" ") + "…" + keep
