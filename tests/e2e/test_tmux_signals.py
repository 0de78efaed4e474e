"""Signals at every stage: the terminal is restored, a workout in progress is saved.

SIGHUP (terminal closed), SIGTERM (kill) and SIGINT, at the routine list, mid-workout,
while paused and on the summary.
"""

from __future__ import annotations

import os
import signal

import pytest

from tests.e2e.tmux import PICKER_TITLE, Tmux, skip_to_summary

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
