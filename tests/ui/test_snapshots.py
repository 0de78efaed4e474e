"""Each screen pinned at 100x30 and 80x24 (pytest-textual-snapshot).

After an intended change to a screen: `pytest tests/ui/test_snapshots.py
--snapshot-update`, then look at the new SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.scenes import SCENES, build

SIZES = [(100, 30), (80, 24)]
PINNED = [
    "picker",
    "workout-work",
    "workout-rest",
    "workout-paused",
    "workout-tempo",
    "summary",
    "history",
    "help",
    "settings",
    "editor",
    "summary-progress",
]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", PINNED)
def test_screen_matches_snapshot(
    scene: str, size: tuple[int, int], snap_compare, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app, run_before = build(SCENES[scene], tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
