"""Time to first paint and peak memory, observed from outside in a 100x30 tmux pane.

A run starts the program in the pane and polls `capture-pane` until its first screen
shows: the routine list for coretui's picker, the digits for the bare Textual app.
Each round gives every program a fresh home (XDG data, config and cache folders) and
starts it twice: the first start there is the cold one, the second the warm one.
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

from benchmarks.terminal import BenchError, Terminal

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
    home: Callable[[], Mapping[str, str]]
    """A fresh home's environment (XDG folders) for each round."""
    marker: str
    settled: str
    """Shown once the program has done what follows its first paint (coretui: the history)."""

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


def coretui(name: str, home: Callable[[], Mapping[str, str]], *args: str) -> Program:
    """The installed `coretui` console script, at the picker unless `args` say otherwise."""
    argv = [str(BIN / "coretui"), *args]
    return Program(name, argv, home, PICKER_SHOWN, HISTORY_SHOWN.pattern)


def bare_app(home: Callable[[], Mapping[str, str]]) -> Program:
    """The reference: a Textual app with a Digits and a Footer."""
    argv = [sys.executable, str(BARE_APP)]
    return Program("bare", argv, home, DIGITS_SHOWN, re.escape(DIGITS_SHOWN))


def first_paints(
    programs: Sequence[Program],
    runs: int,
    settle_s: float = 0.3,
    progress: Callable[[str], None] = lambda _: None,
) -> Paints:
    """`runs` interleaved rounds of each program's cold and warm first paint.

    Warm times go under the program's name, cold ones under "<name>-cold"; the peak
    RSS is the warm start's, once it has settled.
    """
    paints = Paints()
    with Terminal() as term:
        # One unmeasured round: the first start of anything reads its files from disk.
        for program in programs:
            env = program.home()
            term.wait_for(program.painted, program.name, term.start(program.argv, env))
        for run in range(runs):
            for program in programs:
                env = program.home()
                for name in (f"{program.name}-cold", program.name):
                    started = term.start(program.argv, env)
                    seconds = term.wait_for(program.painted, program.name, started)
                    # What follows the first paint (the history) is done before the next.
                    term.wait_for(program.is_settled, f"{program.name} to settle", started)
                    paints.seconds.setdefault(name, []).append(seconds)
                time.sleep(settle_s)
                paints.peak_rss_mb.setdefault(program.name, []).append(term.peak_rss_mb())
            progress(f"first paint, round {run + 1}/{runs}")
        term.stop()
    return paints


WORKOUT_SHOWN = re.compile(r"GET READY|WORK")
PAIN_QUESTION = "pain now, 0-10"  # (after the routine's name, where it fits)


def workout_rss(homes: Mapping[str, Callable[[], Mapping[str, str]]], runs: int) -> Paints:
    """Peak RSS during a workout started from the picker, as a user starts one.

    In a fresh home: the picker shows and reads the history, Enter starts the first
    routine, Enter skips the pain question, and the peak is read 3 s into the workout.
    """
    paints = Paints()
    argv = [str(BIN / "coretui")]
    with Terminal() as term:
        for _ in range(runs):
            for name, home in homes.items():
                started = term.start(argv, home())
                term.wait_for(
                    lambda screen: HISTORY_SHOWN.search(screen) is not None,
                    f"{name}: the streak",
                    started,
                )
                term.cmd("send-keys", "-t", "bench", "Enter")
                term.wait_for(lambda screen: PAIN_QUESTION in screen, "the pain question", started)
                term.cmd("send-keys", "-t", "bench", "Enter")
                term.wait_for(
                    lambda screen: WORKOUT_SHOWN.search(screen) is not None,
                    f"{name}: the workout",
                    started,
                )
                time.sleep(3.0)
                if WORKOUT_SHOWN.search(term.screen()) is None:
                    raise BenchError(f"the workout is not on the screen:\n{term.screen()}")
                paints.peak_rss_mb.setdefault(name, []).append(term.peak_rss_mb())
        term.stop()
    return paints
