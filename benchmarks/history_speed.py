"""History at scale: `coretui history --json` wall time, and load + streaks per size.

    python -m benchmarks.history_speed [SESSIONS...]   # default: 10000 100000

prints, for realistic histories (see `benchmarks.histories`) with compact and spaced
lines, the store's load, its brief load, and `coretui history --json`, one run each.
"""

from __future__ import annotations

import gc
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from coretui.history import HistoryStore
from coretui.history.streaks import counting_days, daily_streaks, week_progress, weekly_streak

BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class CliRuns:
    """Wall and CPU (user + system) seconds of each run of `coretui history --json`."""

    wall_s: list[float]
    cpu_s: list[float]


def cli_runs(env: Mapping[str, str], runs: int) -> CliRuns:
    """`coretui history --json` as a user's shell runs it, `runs` times."""
    argv = [str(BIN / "coretui"), "history", "--json"]
    subprocess.run(argv, env=env, check=True, capture_output=True)  # warm the file cache
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(argv, env=env, check=True, capture_output=True)
        wall.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return CliRuns(wall, cpu)


@dataclass(frozen=True)
class ScalingRow:
    """Median seconds, at `sessions` sessions, to load the history and compute streaks."""

    sessions: int
    load_s: float
    """HistoryStore.load: whole sessions, what the app reads."""
    briefs_s: float
    """HistoryStore.load_briefs: what `coretui history` reads."""
    streaks_s: float

    @property
    def us_per_session(self) -> float:
        """Microseconds per session, load and streaks together: flat when growth is linear."""
        return (self.load_s + self.streaks_s) / self.sessions * 1e6


def scaling(history_file: Callable[[int], Path], sizes: list[int], runs: int) -> list[ScalingRow]:
    """Load, briefs and streaks (daily, weekly, this week) at each size, in this process."""
    today = date.today()
    rows: list[ScalingRow] = []
    for size in sizes:
        store = HistoryStore(history_file(size))
        loads: list[float] = []
        briefs: list[float] = []
        streaks: list[float] = []
        for _ in range(runs):
            started = time.perf_counter()
            sessions = store.load().sessions
            loaded = time.perf_counter()
            days = counting_days(sessions)
            daily_streaks(days, today)
            weekly_streak(days, today, 3)
            week_progress(days, today)
            streaks.append(time.perf_counter() - loaded)
            loads.append(loaded - started)
            del sessions, days
            gc.collect()
            started = time.perf_counter()
            store.load_briefs()
            briefs.append(time.perf_counter() - started)
            gc.collect()
        rows.append(
            ScalingRow(
                size,
                statistics.median(loads),
                statistics.median(briefs),
                statistics.median(streaks),
            )
        )
    return rows


def main(argv: list[str]) -> None:
    """One run of each measurement per size and spacing, printed as a table."""
    from benchmarks.histories import Homes

    sizes = [int(arg) for arg in argv] or [10_000, 100_000]
    homes = Homes()
    try:
        print("sessions  spacing   load (app)  load (briefs)  history --json")
        for size in sizes:
            for spacing in ("compact", "spaced"):
                store = HistoryStore(homes.history_file(size, spacing))
                started = time.perf_counter()
                store.load()
                loaded = time.perf_counter() - started
                gc.collect()
                started = time.perf_counter()
                store.load_briefs()
                briefs = time.perf_counter() - started
                gc.collect()
                argv_ = [str(BIN / "coretui"), "history", "--json"]
                env = {"PATH": "/usr/bin:/bin"} | homes.xdg(size, spacing)
                started = time.perf_counter()
                subprocess.run(argv_, env=env, check=True, capture_output=True)
                cli = time.perf_counter() - started
                print(f"{size:>8}  {spacing:<8}  {loaded:8.2f} s  {briefs:11.2f} s  {cli:12.2f} s")
    finally:
        homes.cleanup()


if __name__ == "__main__":
    main(sys.argv[1:])
