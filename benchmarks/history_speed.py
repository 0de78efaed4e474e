"""History at scale: `coretui history --json` wall time, and load + streaks per size.

    python -m benchmarks.history_speed [SESSIONS...]   # default: 10000 100000

prints, for realistic histories (see `benchmarks.histories`) with compact and spaced
lines, the store's whole load, its brief load without and with the brief cache, and
`coretui history --json` without the cache (the first run after the file changed)
and with it (every run after).
"""

from __future__ import annotations

import gc
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from coretui.history import HistoryStore
from coretui.history.brief_cache import RACY_NS
from coretui.history.streaks import counting_days, daily_streaks, week_progress, weekly_streak

BIN = Path(sys.executable).parent
ARGV = [str(BIN / "coretui"), "history", "--json"]


@dataclass(frozen=True)
class CliRuns:
    """Wall and CPU (user + system) seconds of each run of `coretui history --json`."""

    wall_s: list[float]
    cpu_s: list[float]
    uncached_wall_s: list[float] = field(default_factory=list)
    """Runs with no brief cache: the first run after the history file changed."""
    uncached_cpu_s: list[float] = field(default_factory=list)


def _run(env: Mapping[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(ARGV, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def _settle(history: Path) -> None:
    """Wait until the history file is older than the cache's racy window.

    A file changed within it may change again without its mtime moving, so coretui
    checks the cache against the file's bytes; a user's history was last written at
    the end of their last workout, minutes or days before.
    """
    try:
        age_ns = time.time_ns() - history.stat().st_mtime_ns
    except FileNotFoundError:
        return
    if age_ns < RACY_NS:
        time.sleep((RACY_NS - age_ns) / 1e9 + 0.2)


def cli_runs(env: Mapping[str, str], runs: int, uncached: int = 0) -> CliRuns:
    """`coretui history --json` as a user's shell runs it, `runs` times (after a warm-up).

    `uncached` more runs each start with the brief cache removed.
    """
    return cli_rounds({"": env}, runs, uncached)[""]


def cli_rounds(
    envs: Mapping[str, Mapping[str, str]], runs: int, uncached: int = 0
) -> dict[str, CliRuns]:
    """`cli_runs` of each home in `envs`, taking turns run by run: the ratios between
    them are measured side by side, not minutes apart (this VM's speed drifts by a
    third between runs, and a run of one home after all of another's read as a cost)."""
    for env in envs.values():
        _settle(Path(env["XDG_DATA_HOME"]) / "coretui" / "history.jsonl")
    results = {label: CliRuns([], []) for label in envs}
    for _ in range(uncached):
        for label, env in envs.items():
            shutil.rmtree(Path(env["XDG_CACHE_HOME"]) / "coretui", ignore_errors=True)
            wall, cpu = _run(env)
            results[label].uncached_wall_s.append(wall)
            results[label].uncached_cpu_s.append(cpu)
    for env in envs.values():
        _run(env)  # warm the file cache, and write the brief cache
    for _ in range(runs):
        for label, env in envs.items():
            wall, cpu = _run(env)
            results[label].wall_s.append(wall)
            results[label].cpu_s.append(cpu)
    return results


@dataclass(frozen=True)
class ScalingRow:
    """Median seconds, at `sessions` sessions, to load the history and compute streaks."""

    sessions: int
    load_s: float
    """HistoryStore.load: whole sessions (export, merge)."""
    briefs_s: float
    """HistoryStore.load_briefs with no cache: what the app and `history` read at first."""
    cached_s: float
    """The same from an up-to-date brief cache."""
    streaks_s: float

    @property
    def us_per_session(self) -> float:
        """Microseconds per session, briefs and streaks together: flat when growth is linear."""
        return (self.briefs_s + self.streaks_s) / self.sessions * 1e6


def scaling(
    history_file: Callable[[int], Path], cache_dir: Path, sizes: list[int], runs: int
) -> list[ScalingRow]:
    """Loads and streaks (daily, weekly, this week) at each size, in this process."""
    today = date.today()
    rows: list[ScalingRow] = []
    for size in sizes:
        path = history_file(size)
        _settle(path)
        plain = HistoryStore(path)
        cached = HistoryStore(path, brief_cache=cache_dir / f"briefs-{size}.msgpack")
        cached.load_briefs()  # writes the cache
        times: dict[str, list[float]] = {"load": [], "briefs": [], "cached": [], "streaks": []}
        for _ in range(runs):
            times["load"].append(_timed(plain.load))
            times["cached"].append(_timed(cached.load_briefs))
            started = time.perf_counter()
            briefs = plain.load_briefs().briefs
            loaded = time.perf_counter()
            days = counting_days(briefs)
            daily_streaks(days, today)
            weekly_streak(days, today, 3)
            week_progress(days, today)
            times["streaks"].append(time.perf_counter() - loaded)
            times["briefs"].append(loaded - started)
            del briefs, days
            gc.collect()
        median = {name: statistics.median(values) for name, values in times.items()}
        rows.append(
            ScalingRow(size, median["load"], median["briefs"], median["cached"], median["streaks"])
        )
    return rows


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    seconds = time.perf_counter() - started
    gc.collect()
    return seconds


def main(argv: list[str]) -> None:
    """One run of each measurement per size and spacing, printed as a table."""
    from benchmarks.histories import Homes

    sizes = [int(arg) for arg in argv] or [10_000, 100_000]
    homes = Homes()
    environ = {k: v for k, v in os.environ.items() if k != "TMUX"}
    try:
        print(
            "sessions  spacing   load (whole)  briefs  briefs (cached)"
            "  history --json (no cache)  history --json"
        )
        empty = cli_runs(environ | homes.xdg(0), 3)
        print(
            f"{0:>8}  {'-':<8}  {'':>12}  {'':>6}  {'':>15}  {'':>25}  {min(empty.wall_s):12.3f} s"
        )
        for size in sizes:
            for spacing in ("compact", "spaced"):
                env = environ | homes.xdg(size, spacing)
                path = homes.history_file(size, spacing)
                [row] = scaling(lambda _, p=path: p, homes.root / f"cache-{spacing}", [size], 1)
                cli = cli_runs(env, 3, uncached=1)
                print(
                    f"{size:>8}  {spacing:<8}  {row.load_s:10.3f} s  {row.briefs_s:6.3f}"
                    f"  {row.cached_s:13.3f} s  {min(cli.uncached_wall_s):23.3f} s"
                    f"  {min(cli.wall_s):12.3f} s"
                )
    finally:
        homes.cleanup()


if __name__ == "__main__":
    main(sys.argv[1:])
