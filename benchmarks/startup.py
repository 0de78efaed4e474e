"""Time to first paint and peak memory, observed from outside in a 100x30 tmux pane.

A run starts the program in the pane and polls `capture-pane` until its first screen
shows: the routine list for coretui's picker, the digits for the bare Textual app.
Runs of the programs are interleaved, so a slow moment of the machine hits them alike.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.terminal import Terminal

BIN = Path(sys.executable).parent
BARE_APP = Path(__file__).with_name("bare_app.py")
# What each first screen must show: the top row of a routine entry, and the base row
# of "12:34" as Textual's Digits draws it.
PICKER_SHOWN = "Core six (full session)"
DIGITS_SHOWN = "╶┴╴╰─╴"
# The streak in the picker's top bar: there once the history has been read.
HISTORY_SHOWN = re.compile(r"Streak \d")


@dataclass(frozen=True)
class Program:
    """A program to start in the pane, and what its first paint shows."""

    name: str
    argv: Sequence[str]
    env: Mapping[str, str]
    marker: str
    settled: str
    """Shown once the program has done what follows its first paint (coretui: the history)."""
    fresh_env: Callable[[], Mapping[str, str]] | None = None
    """When given, each run starts in a new home from this: a cold start every time."""

    def start_env(self) -> Mapping[str, str]:
        """The environment of one run."""
        return self.env if self.fresh_env is None else self.fresh_env()

    def painted(self, screen: str) -> bool:
        """The first screen is up."""
        return self.marker in screen

    def is_settled(self, screen: str) -> bool:
        """What follows the first paint is done too."""
        return re.search(self.settled, screen) is not None


@dataclass
class Paints:
    """Seconds to first paint of each run, per program, and peak RSS after it."""

    seconds: dict[str, list[float]] = field(default_factory=dict)
    peak_rss_mb: dict[str, list[float]] = field(default_factory=dict)

    def median(self, name: str) -> float:
        """The median time to first paint."""
        return statistics.median(self.seconds[name])

    def rss(self, name: str) -> float:
        """The largest peak RSS seen over the runs."""
        return max(self.peak_rss_mb[name])


def coretui(name: str, env: Mapping[str, str], *args: str) -> Program:
    """The installed `coretui` console script, at the picker unless `args` say otherwise."""
    return Program(name, [str(BIN / "coretui"), *args], env, PICKER_SHOWN, HISTORY_SHOWN.pattern)


def coretui_cold(name: str, fresh_env: Callable[[], Mapping[str, str]]) -> Program:
    """coretui's first start in a fresh home, every run: no start cache, no history."""
    program = coretui(name, fresh_env())
    return Program(name, program.argv, program.env, PICKER_SHOWN, program.settled, fresh_env)


def bare_app(env: Mapping[str, str]) -> Program:
    """The reference: a Textual app with a Digits and a Footer."""
    return Program(
        "bare", [sys.executable, str(BARE_APP)], env, DIGITS_SHOWN, re.escape(DIGITS_SHOWN)
    )


def first_paints(
    programs: Sequence[Program],
    runs: int,
    settle_s: float = 0.3,
    progress: Callable[[str], None] = lambda _: None,
) -> Paints:
    """`runs` interleaved first paints of each program, and each one's peak RSS after."""
    paints = Paints()
    with Terminal() as term:
        # One unmeasured round: the first start of anything reads its files from disk.
        for program in programs:
            term.wait_for(program.painted, program.name, term.start(program.argv, program.env))
        for run in range(runs):
            for program in programs:
                started = term.start(program.argv, program.start_env())
                seconds = term.wait_for(program.painted, program.name, started)
                # Peak memory once it has also done what follows the first paint.
                term.wait_for(program.is_settled, f"{program.name} to settle", started)
                time.sleep(settle_s)
                paints.seconds.setdefault(program.name, []).append(seconds)
                paints.peak_rss_mb.setdefault(program.name, []).append(term.peak_rss_mb())
            progress(f"first paint, round {run + 1}/{runs}")
        term.stop()
    return paints
