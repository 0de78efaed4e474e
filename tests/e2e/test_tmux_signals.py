"""Signals at every stage: the terminal is restored, a workout in progress is saved.

SIGHUP (terminal closed), SIGTERM (kill) and SIGINT, at the routine list, mid-workout,
while paused and on the summary.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.tmux import PICKER_TITLE, Tmux, poll, skip_to_summary, step_signature

REPO = Path(__file__).resolve().parents[2]

SIGNALS = [signal.SIGHUP, signal.SIGTERM, signal.SIGINT]


def at_picker(tmux: Tmux) -> int:
    pid = tmux.start()
    tmux.wait_for(PICKER_TITLE)
    return pid


def mid_workout(tmux: Tmux) -> int:
    pid = tmux.start("run", "core-quick", "--lead-in", "0")
    tmux.answer_pain_prompt()
    tmux.wait_for("WORK", "Plank")
    return pid


def paused(tmux: Tmux) -> int:
    pid = mid_workout(tmux)
    tmux.press("Space")
    tmux.wait_for("PAUSED")
    return pid


def on_summary(tmux: Tmux) -> int:
    pid = mid_workout(tmux)
    skip_to_summary(tmux)
    tmux.wait_for("Saved to history.")
    return pid


STAGES = {
    "picker": (at_picker, []),
    "workout": (mid_workout, ["partial"]),
    "paused": (paused, ["partial"]),
    "summary": (on_summary, ["completed"]),
}


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
@pytest.mark.parametrize("stage", list(STAGES))
def test_a_signal_restores_the_terminal_and_keeps_the_workout(
    tmux: Tmux, stage: str, signum: int
) -> None:
    reach, expected = STAGES[stage]
    pid = reach(tmux)
    os.kill(pid, signum)
    status, shown = tmux.wait_exit()
    assert status == str(128 + signum), shown
    assert "Traceback" not in shown
    assert tmux.pane("#{alternate_on}") == "0", "the terminal left the app's screen"
    assert tmux.pane("#{mouse_any_flag}") == "0", "mouse reporting was switched off"
    assert [record["status"] for record in tmux.records()] == expected
    kept = tmux.data_home / "coretui" / "in-progress"
    assert not list(kept.glob("*")), "a saved workout leaves no in-progress record behind"


def through_make(tmux: Tmux) -> list[str]:
    """`make run` from the repository, using the environment these tests run in."""
    venv = Path(sys.executable).parent.parent
    stamp = f"{venv}/.installed-run"
    # -o: never (re)install on the way; this environment already has coretui.
    return ["make", "-s", "-C", str(REPO), "-o", stamp, "run", f"VENV={venv}"]


def through_a_shell(tmux: Tmux) -> list[str]:
    """A parent shell that waits for coretui instead of handing it the terminal.

    When the terminal closes, the shell dies of the SIGHUP and the kernel passes the
    hangup on to coretui's process group.
    """
    return ["sh", "-c", f"{shlex.quote(str(tmux.coretui))}; true"]


def through_a_shell_that_catches_hup(tmux: Tmux) -> list[str]:
    """A parent shell that, like make, catches the SIGHUP and waits: nothing reaches coretui."""
    return ["sh", "-c", f"trap 'echo hangup' HUP; {shlex.quote(str(tmux.coretui))}; true"]


PARENTS = [through_make, through_a_shell, through_a_shell_that_catches_hup]


@pytest.mark.parametrize("parent", PARENTS, ids=["make", "shell", "shell-trapping-hup"])
def test_closing_the_terminal_behind_a_parent_saves_and_ends_coretui(
    tmux: Tmux, parent: Callable[[Tmux], list[str]]
) -> None:
    # The parent is the terminal's session leader, and the one the hangup reaches.
    tmux.start_through(parent(tmux))
    tmux.wait_for(PICKER_TITLE)
    tmux.press("Enter")
    tmux.answer_pain_prompt()
    tmux.wait_for("GET READY")
    tmux.press("n")  # past the lead-in, into the first exercise
    tmux.wait_for("WORK", "Up next:")
    assert len(tmux.coretui_pids()) == 1

    tmux.close_terminal()
    poll(lambda: not tmux.coretui_pids(), "coretui to exit")
    assert [record["status"] for record in tmux.records()] == ["partial"]


def test_kill_9_mid_workout_keeps_the_steps_already_done(tmux: Tmux) -> None:
    # kill -9 gives coretui no moment to save: the record it kept after each step
    # becomes a partial session at the next read of the history.
    pid = mid_workout(tmux)
    before = step_signature(tmux.screen())
    tmux.press("n")  # the plank ends (skipped, a few seconds done); the next step starts
    tmux.wait_until(lambda s: step_signature(s) != before, "the step after the plank")
    in_progress = tmux.data_home / "coretui" / "in-progress"

    def plank_skipped_on_disk() -> bool:
        # The record is kept from the plank's start on: wait for the one after the skip
        # (written by a thread of its own, maybe a moment after the screen moved on).
        for kept in in_progress.glob("*.json"):
            with contextlib.suppress(OSError, ValueError):
                if json.loads(kept.read_text())["steps"][0]["ended"] == "skipped":
                    return True
        return False

    poll(plank_skipped_on_disk, "the workout's record after the skip, on disk")
    assert tmux.records() == [], "nothing is in the history before the workout ends"
    os.kill(pid, signal.SIGKILL)
    tmux.wait_exit()
    summary = tmux.history()  # `coretui history`: the first read after the kill
    assert (summary["sessions"], summary["partial"]) == (1, 1), summary
    [record] = tmux.records()
    plank, *rest = record["steps"]
    assert plank["exercise"] == "Plank" and plank["ended"] == "skipped", plank
    assert all(step["done_s"] == 0 and step["ended"] == "stopped" for step in rest), rest
    assert list(in_progress.glob("*.json")) == [], "the record became a session, once"
    assert tmux.history()["sessions"] == 1
