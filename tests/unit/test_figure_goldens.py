"""Golden text of every bundled figure: each keyframe exactly as `coretui show` prints it.

A changed drawing (new figure data, a renderer change) fails here with the text
diff; look at the new output, and if it is right, rewrite the goldens with
`UPDATE_GOLDENS=1 .venv/bin/python -m pytest tests/unit/test_figure_goldens.py`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coretui.cli import main
from coretui.workout.routines import load_library

GOLDENS = Path(__file__).parent / "figure_goldens"
UPDATE = os.environ.get("UPDATE_GOLDENS") == "1"

CASES = [
    (loaded.routine.id, number)
    for loaded in load_library(None).routines
    for number in range(1, len(loaded.routine.exercises) + 1)
]


@pytest.mark.parametrize(("routine_id", "number"), CASES, ids=[f"{r}-{n}" for r, n in CASES])
def test_show_prints_the_golden_figures(
    capsys: pytest.CaptureFixture[str], routine_id: str, number: int
) -> None:
    assert main(["show", routine_id, str(number)]) == 0
    out = capsys.readouterr().out
    golden = GOLDENS / f"{routine_id}-{number}.txt"
    if UPDATE:
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_every_bundled_exercise_has_a_golden() -> None:
    names = {f"{routine_id}-{number}.txt" for routine_id, number in CASES}
    assert names == {path.name for path in GOLDENS.glob("*.txt")}
