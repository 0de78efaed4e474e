"""Text cut to the cells it has: lists keep their items whole."""

from __future__ import annotations

from rich.cells import cell_len

from coretui.cells import cut_list

MOVES = ["Plank", "Side plank", "Hip raise", "Prone leg lift", "Bird dog"]


def test_a_list_too_long_keeps_whole_items_and_says_how_many_more() -> None:
    assert cut_list(MOVES, 80) == "Plank, Side plank, Hip raise, Prone leg lift, Bird dog"
    assert cut_list(MOVES, 40) == "Plank, Side plank, Hip raise, +2 more"
    assert cut_list(MOVES, 20) == "Plank, +4 more"


def test_a_first_item_too_long_alone_is_cut_and_the_count_kept() -> None:
    assert cut_list(["腰が痛い腰が痛い", "Plank"], 14) == "腰が…, +1 more"
    assert cut_list(["A very long move name"], 10) == "A very lo…"
    assert all(cell_len(cut_list(MOVES, width)) <= width for width in range(1, 60))
