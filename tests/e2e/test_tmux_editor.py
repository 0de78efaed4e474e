"""The real coretui in tmux: `coretui new`, then `coretui edit`, a change, Ctrl+S."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

from tests.e2e.tmux import Tmux


def test_new_then_edit_in_a_real_terminal_saves_the_change(tmux: Tmux) -> None:
    made = subprocess.run(
        [str(tmux.coretui), "new", "morning"],
        env=tmux.env,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    path = Path(made.stdout.strip())
    assert path == tmux.config_home / "coretui" / "routines" / "morning.toml"

    tmux.start("edit", "morning")
    tmux.wait_for("Routine editor", "1. Plank")
    tmux.press("Down")  # from the routine's fields to the plank
    tmux.wait_for("Seconds")
    tmux.press("Tab", "Tab", "Tab")  # kind, name, seconds
    tmux.press("C-u")  # clear the field: the model says at once what it needs
    tmux.wait_for("must be a whole number from 1 to")  # (the rest may wrap)
    tmux.press("4", "5")  # typing into a field: '4' and '5' are not commands
    tmux.wait_for("Total 0:55")  # 45 s plus the 10 s lead-in, from the workout's timeline
    tmux.press("C-s")
    tmux.wait_for("coretui · core routines", "Morning")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["exercises"][0]["seconds"] == 45
