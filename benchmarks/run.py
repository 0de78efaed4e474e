"""Run every SPEC 9 measurement side by side and print `measure | coretui | reference | ...`.

    python -m benchmarks.run            # about 6 minutes: the 5-minute routine sets the pace
    python -m benchmarks.run --long     # the routine runs 20 minutes instead

The two clock runs (a 60 s hold, a 5 or 20-minute routine) sleep most of the time, so
they run in their own processes while everything else is measured, one thing at a time,
in this one. Results go to benchmarks/results.json as well.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, astuple, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import countdown_cpu, history_speed, startup
from benchmarks.histories import Homes
from benchmarks.report import Row, limit_row, ratio_row, results_table, table, write_json

REPO = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).with_name("results.json")
HISTORY_SESSIONS = 10_000
CLI_SIZES = (0, 10_000, 100_000)
SCALING_SIZES = [1_000, 10_000, 100_000]
# Rounds of 30 s of countdown: termdown's own CPU varies from round to round.
COUNTDOWN_ROUNDS = 3
# Seconds of a tempo set for the sound measurements (the CPU part runs it 4 times).
SOUND_S = 30
# Per-session cost at the largest size against the middle one: at most this is "linear".
LINEAR_AT_MOST = 1.5
median = statistics.median


@dataclass(frozen=True)
class Plan:
    """How long and how often to measure."""

    runs: int
    hold_s: int
    routine_min: int
    countdown_rounds: int
    sound_s: int


@dataclass(frozen=True)
class Measured:
    """Everything one run of the harness measured."""

    plan: Plan
    paints: startup.Paints
    countdown: countdown_cpu.CountdownCpu
    countdown_rounds: list[countdown_cpu.CountdownCpu]
    cli: dict[int, history_speed.CliRuns]
    scaling: list[history_speed.ScalingRow]
    hold: dict[str, Any]
    routine: dict[str, Any]
    sound_onset: dict[str, Any]
    sound_cpu: dict[str, Any]


class Progress:
    """Timestamped progress lines on stderr, so the table on stdout stays clean."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    def __call__(self, text: str) -> None:
        print(f"[{time.monotonic() - self.started:6.1f} s] {text}", file=sys.stderr, flush=True)


def start_clock_run(kind: str, amount: int) -> subprocess.Popen[str]:
    """`python -m benchmarks.clock_accuracy KIND AMOUNT` in its own process."""
    return subprocess.Popen(
        [sys.executable, "-m", "benchmarks.clock_accuracy", kind, str(amount)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )


def start_sound_run(part: str, seconds: int) -> subprocess.Popen[str]:
    """`python -m benchmarks.sound_timing --PART-only --seconds N` in its own process."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "benchmarks.sound_timing",
            f"--{part}-only",
            "--seconds",
            str(seconds),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )


def finish_clock_run(process: subprocess.Popen[str]) -> dict[str, Any]:
    """Wait for a clock run; its JSON result."""
    out, _ = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"{process.args!r} failed with exit code {process.returncode}")
    result: dict[str, Any] = json.loads(out)
    return result


def measure(plan: Plan, say: Progress) -> Measured:
    """Every measurement; the clock runs go on aside while the rest take turns."""
    say("checking termdown (the countdown reference)")
    countdown_cpu.termdown_binary()
    say(f"clock runs: a {plan.hold_s} s hold and a {plan.routine_min}-minute routine, aside")
    hold = start_clock_run("hold", plan.hold_s)
    routine = start_clock_run("routine", plan.routine_min)
    say(f"sound: tone onsets over {plan.sound_s} s of a tempo set, aside")
    onset = start_sound_run("onset", plan.sound_s)
    homes = Homes()
    try:
        say(f"writing a {HISTORY_SESSIONS:,}-session history with HistoryStore.append_many")
        empty, full = homes.xdg(0), homes.xdg(HISTORY_SESSIONS)
        say(f"first paint: {plan.runs} rounds of bare app, picker, picker with history")
        programs = [
            startup.bare_app(empty),
            startup.coretui("picker", empty),
            startup.coretui_cold("picker-cold", homes.fresh),
            startup.coretui("picker-10k", full),
        ]
        paints = startup.first_paints(programs, plan.runs, progress=say)
        rounds: list[countdown_cpu.CountdownCpu] = []
        for number in range(1, plan.countdown_rounds + 1):
            say(f"countdown CPU, round {number}/{plan.countdown_rounds}: coretui and termdown")
            rounds.append(countdown_cpu.measure(empty))
        each = zip(*map(astuple, rounds), strict=True)
        countdown = countdown_cpu.CountdownCpu(*(median(values) for values in each))
        say("coretui history --json at 0, 10,000 and 100,000 sessions")
        environ = {k: v for k, v in os.environ.items() if k != "TMUX"}
        cli = {n: history_speed.cli_runs(environ | homes.xdg(n), plan.runs) for n in CLI_SIZES}
        say("scaling: load and streaks at 1k, 10k, 100k sessions")
        scaling = history_speed.scaling(homes.history_file, SCALING_SIZES, runs=3)
        say(f"sound: app CPU over {plan.sound_s} s of a tempo set, sound on and off, twice")
        sound_cpu = finish_clock_run(start_sound_run("cpu", plan.sound_s))["cpu"]
        say("waiting for the clock runs to end")
        return Measured(
            plan,
            paints,
            countdown,
            rounds,
            cli,
            scaling,
            finish_clock_run(hold),
            finish_clock_run(routine),
            finish_clock_run(onset)["onset"],
            sound_cpu,
        )
    finally:
        homes.cleanup()
        for process in (hold, routine, onset):
            if process.poll() is None:  # only after an error: don't leave them running
                process.kill()
                process.wait()


def goal_rows(m: Measured) -> list[Row]:
    """One row per SPEC 9 goal."""
    paints, cli, plan = m.paints, m.cli, m.plan
    per_session = {row.sessions: row.us_per_session for row in m.scaling}
    empty_cli = median(cli[0].wall_s)
    return [
        ratio_row(
            "first paint: picker (warm) vs bare Textual app",
            paints.median("picker"),
            paints.median("bare"),
            "s",
            1.25,
        ),
        ratio_row(
            "first paint, cold (a fresh home) vs bare",
            paints.median("picker-cold"),
            paints.median("bare"),
            "s",
            1.6,
        ),
        ratio_row(
            "first paint: 10k-session history vs empty",
            paints.median("picker-10k"),
            paints.median("picker"),
            "s",
            1.10,
        ),
        limit_row(
            "history --json, 10k sessions (ref: empty)",
            median(cli[10_000].wall_s),
            "s",
            0.3,
            reference=empty_cli,
        ),
        limit_row(
            "history --json, 100k sessions (ref: empty)",
            median(cli[100_000].wall_s),
            "s",
            1.0,
            reference=empty_cli,
        ),
        ratio_row(
            "load + streaks per session, 100k vs 10k",
            per_session[100_000],
            per_session[10_000],
            "us",
            LINEAR_AT_MOST,
        ),
        ratio_row(
            f"countdown CPU 5-35 s vs termdown 60 (median of {plan.countdown_rounds})",
            m.countdown.coretui_s,
            m.countdown.termdown_s,
            "cpu-s",
            0.6,
        ),
        within_50_ms(f"{plan.hold_s} s hold: end vs wall clock", m.hold["end_error_ms"]),
        within_50_ms(
            f"{plan.routine_min}-min routine: end vs wall clock", m.routine["end_error_ms"]
        ),
        within_50_ms(f"{plan.routine_min}-min routine: worst step end", m.routine["max_error_ms"]),
        limit_row(
            "peak RSS, 10k history (ref: empty)",
            paints.rss("picker-10k"),
            "MB",
            60,
            reference=paints.rss("picker"),
            inclusive=True,
        ),
        limit_row(
            f"sound: tone onset vs event, median ({m.sound_onset['backend']})",
            m.sound_onset["onset_median_ms"],
            "ms",
            30,
            inclusive=True,
        ),
        limit_row(
            "sound: tone onset vs event, worst",
            m.sound_onset["onset_worst_ms"],
            "ms",
            30,
            inclusive=True,
        ),
        ratio_row(
            f"app CPU, {plan.sound_s} s tempo set: sound on vs off",
            m.sound_cpu["cpu_on_s"],
            m.sound_cpu["cpu_off_s"],
            "cpu-s",
            1.10,
        ),
    ]


def within_50_ms(measure: str, error_ms: float) -> Row:
    """A clock goal: within 50 ms of the wall clock."""
    return limit_row(measure, error_ms, "ms", 50, inclusive=True)


def details(m: Measured) -> str:
    """The scaling table and the numbers behind the references."""
    scaling = table(
        ["sessions", "load (app)", "load (history --json)", "streaks", "per session"],
        [
            [
                f"{row.sessions:,}",
                f"{row.load_s * 1000:.1f} ms",
                f"{row.briefs_s * 1000:.1f} ms",
                f"{row.streaks_s * 1000:.2f} ms",
                f"{row.us_per_session:.2f} us",
            ]
            for row in m.scaling
        ],
    )
    cpu = {n: median(runs.cpu_s) for n, runs in m.cli.items()}
    rss = {name: m.paints.rss(name) for name in m.paints.peak_rss_mb}
    return "\n".join(
        [
            "History load and streaks (daily, weekly, this week), in-process, median of 3:",
            scaling,
            "",
            f"history --json CPU (user+sys, median): empty {cpu[0]:.3f} s,"
            f" 10k {cpu[10_000]:.3f} s, 100k {cpu[100_000]:.3f} s",
            f"countdown CPU 5-35 s: coretui {m.countdown.coretui_s:.2f} s,"
            f" termdown {m.countdown.termdown_s:.2f} s,"
            f" idle bare Textual app {m.countdown.idle_textual_s:.2f} s",
            f"peak RSS: bare Textual app {rss['bare']:.1f} MB, picker {rss['picker']:.1f} MB,"
            f" picker with 10k sessions {rss['picker-10k']:.1f} MB",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description="coretui's performance harness (SPEC 9)")
    parser.add_argument("--long", action="store_true", help="a 20-minute routine, not 5")
    parser.add_argument("--runs", type=int, default=7, help="runs per timing (median)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="check the harness itself: a 5 s hold, a 1-minute routine, 3 runs (not the goals)",
    )
    args = parser.parse_args()
    started_at = datetime.now(UTC)
    if args.quick:
        plan = Plan(runs=3, hold_s=5, routine_min=1, countdown_rounds=1, sound_s=5)
    else:
        plan = Plan(args.runs, 60, 20 if args.long else 5, COUNTDOWN_ROUNDS, SOUND_S)
    measured = measure(plan, Progress())
    rows = goal_rows(measured)
    failed = [row.measure for row in rows if not row.met]
    print(results_table(rows))
    print()
    print(details(measured))
    print()
    print(f"{len(rows) - len(failed)} of {len(rows)} goals met" + (":" if failed else "."))
    for name in failed:
        print(f"  not met: {name}")
    raw = {
        "first_paint_s": measured.paints.seconds,
        "peak_rss_mb": measured.paints.peak_rss_mb,
        "countdown_cpu_s": asdict(measured.countdown),
        "countdown_cpu_rounds": [asdict(r) for r in measured.countdown_rounds],
        "history_json_s": {str(n): asdict(runs) for n, runs in measured.cli.items()},
        "scaling": [asdict(r) | {"us_per_session": r.us_per_session} for r in measured.scaling],
        f"hold_{plan.hold_s}s": measured.hold,
        f"routine_{plan.routine_min}min": measured.routine,
        "sound_onset": measured.sound_onset,
        "sound_cpu": measured.sound_cpu,
    }
    write_json(RESULTS, rows, raw, started_at, args.long)
    print(f"\nwritten: {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
