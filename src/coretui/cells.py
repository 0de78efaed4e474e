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


def cut_list(items: list[str], width: int) -> str:
    """`items` joined by ", " in at most `width` cells: as many whole as fit, then how
    many more ("Plank, Side plank, +2 more"; cut inside one, "Prone leg…" read as a
    move of that name). The first one alone is cut when even it does not fit."""
    whole = ", ".join(items)
    if cell_len(whole) <= width:
        return whole
    for count in range(len(items) - 1, 0, -1):
        shown = f"{', '.join(items[:count])}, +{len(items) - count} more"
        if cell_len(shown) <= width:
            return shown
    return cut(items[0], width, keep=f", +{len(items) - 1} more" if len(items) > 1 else "")
