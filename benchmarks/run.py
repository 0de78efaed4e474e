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
from collections.abc import Callable
from dataclasses import asdict, astuple, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from benchmarks import countdown_cpu, history_speed, startup, tempo_cpu
from benchmarks.histories import Homes
from benchmarks.report import (
    Row,
    limit_row,
    missing_row,
    ratio_row,
    results_table,
    table,
    write_json,
)
from benchmarks.terminal import BenchError

# Another part of the harness times the first `make run`; the table says when it is absent.
SETUP: ModuleType | None
try:
    from benchmarks import setup_time as SETUP
except ImportError:
    SETUP = None

T = TypeVar("T")

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
    rss_runs: int
    setup: bool
    """Time the first `make run` on a fresh clone (minutes: not in --quick)."""
    scaling_runs: int = 3
    cpu_window_s: tuple[float, float] = (tempo_cpu.FROM_S, tempo_cpu.TO_S)
    """When the tempo set's CPU is read, in seconds after its start."""


@dataclass
class Measured:
    """Everything one run of the harness measured; None where a measurement failed."""

    plan: Plan
    paints: startup.Paints
    workout: startup.Paints | None
    countdown: countdown_cpu.CountdownCpu | None
    countdown_rounds: list[countdown_cpu.CountdownCpu]
    tempo: tempo_cpu.TempoCpu | None
    cli: dict[str, history_speed.CliRuns]
    scaling: list[history_speed.ScalingRow]
    hold: dict[str, Any] | None
    routine: dict[str, Any] | None
    sound_onset: dict[str, Any] | None
    sound_cpu: dict[str, Any] | None
    setup: dict[str, Any] | None
    failures: dict[str, str] = field(default_factory=dict)
    """What could not be measured, and the error."""


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


def home_pool(homes: Homes, sessions: int, count: int) -> Callable[[], dict[str, str]]:
    """`count` fresh homes made now, handed out one a call (then new ones)."""
    pool = [homes.fresh(sessions) for _ in range(count)]
    return lambda: pool.pop(0) if pool else homes.fresh(sessions)


def attempt(failures: dict[str, str], what: str, action: Callable[[], T]) -> T | None:
    """Run one measurement; a failure is noted (and the table says "not measured")."""
    try:
        return action()
    except (BenchError, RuntimeError, OSError, subprocess.SubprocessError) as err:
        failures[what] = f"{type(err).__name__}: {err}"
        print(f"{what}: not measured: {err}", file=sys.stderr)
        return None


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
    failures: dict[str, str] = {}
    try:
        # Written first, so they are as old as a real history when `history` reads them.
        say("writing realistic histories: 10,000 (compact and spaced) and 100,000 sessions")
        for size, spacing in ((HISTORY_SESSIONS, "compact"), (HISTORY_SESSIONS, "spaced")):
            homes.xdg(size, spacing)
        homes.xdg(100_000)
        # Fresh homes made now, so their history files have not just changed when the
        # app starts in them (no user starts coretui within seconds of a workout's end).
        starts = plan.runs + 1 + plan.rss_runs
        empty, full = home_pool(homes, 0, starts), home_pool(homes, HISTORY_SESSIONS, starts)
        say(f"first paint: {plan.runs} rounds of bare app, picker, picker with history")
        programs = [
            startup.bare_app(home_pool(homes, 0, plan.runs + 1)),
            startup.coretui("picker", empty),
            startup.coretui("picker-10k", full),
        ]
        paints = startup.first_paints(programs, plan.runs, progress=say)
        say(f"peak RSS during a workout, {plan.rss_runs} rounds: empty and 10k histories")
        workout = attempt(
            failures,
            "workout RSS",
            lambda: startup.workout_rss({"empty": empty, "10k": full}, plan.rss_runs),
        )
        rounds: list[countdown_cpu.CountdownCpu] = []
        for number in range(1, plan.countdown_rounds + 1):
            say(f"countdown CPU, round {number}/{plan.countdown_rounds}: coretui and termdown")
            done = attempt(
                failures,
                "countdown",
                lambda: countdown_cpu.measure(homes.fresh(0)),
            )
            if done is not None:
                rounds.append(done)
        countdown = None
        if rounds:
            each = zip(*map(astuple, rounds), strict=True)
            countdown = countdown_cpu.CountdownCpu(*(median(values) for values in each))
        say("tempo set with sound and its figure: coretui and termdown")
        window = plan.cpu_window_s
        tempo = attempt(failures, "tempo", lambda: tempo_cpu.measure(homes.fresh(0), *window))
        say("coretui history --json: empty, 10k, 100k, 10k spaced")
        environ = {k: v for k, v in os.environ.items() if k != "TMUX"}
        envs = {label: environ | homes.xdg(*home) for label, home in CLI_HOMES.items()}
        cli = history_speed.cli_rounds(envs, plan.runs, 1)
        say("scaling: load and streaks at 1k, 10k, 100k sessions")
        scaling = history_speed.scaling(
            homes.history_file, homes.root / "scaling-cache", SCALING_SIZES, plan.scaling_runs
        )
        say(f"sound: app CPU over {plan.sound_s} s of a tempo set, sound on and off, twice")
        sound = start_sound_run("cpu", plan.sound_s)
        sound_cpu = attempt(failures, "sound CPU", lambda: finish_clock_run(sound)["cpu"])
        say("waiting for the clock runs to end")
        measured = Measured(
            plan,
            paints,
            workout,
            countdown,
            rounds,
            tempo,
            cli,
            scaling,
            attempt(failures, "hold", lambda: finish_clock_run(hold)),
            attempt(failures, "routine", lambda: finish_clock_run(routine)),
            attempt(failures, "sound onset", lambda: finish_clock_run(onset)["onset"]),
            sound_cpu,
            None,
            failures,
        )
    finally:
        homes.cleanup()
        for process in (hold, routine, onset):
            if process.poll() is None:  # only after an error: don't leave them running
                process.kill()
                process.wait()
    if plan.setup and SETUP is not None:
        say("first make run on a fresh clone vs venv + pip install (several minutes)")
        measured.setup = attempt(failures, "setup", lambda: SETUP.measure(REPO, progress=say))
    return measured


# `coretui run` goes straight to the countdown, without the back-pain question.
CLI_HOMES = {
    "empty": (0, "compact"),
    "10k": (HISTORY_SESSIONS, "compact"),
    "100k": (100_000, "compact"),
    "10k-spaced": (HISTORY_SESSIONS, "spaced"),
}


def goal_rows(m: Measured) -> list[Row]:
    """One row per goal of SPEC 9 (and issue 15), in the issue's order."""
    paints, plan = m.paints, m.plan
    wall = {label: median(runs.wall_s) for label, runs in m.cli.items()}
    rows = [
        ratio_row(
            "first paint: picker vs bare Textual app, warm",
            paints.median("picker"),
            paints.median("bare"),
            "s",
            1.25,
        ),
        ratio_row(
            "first paint: picker vs bare Textual app, cold",
            paints.median("picker-cold"),
            paints.median("bare-cold"),
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
        ratio_row("history --json, 10k sessions vs empty", wall["10k"], wall["empty"], "s", 1.3),
        ratio_row("history --json, 100k sessions vs empty", wall["100k"], wall["empty"], "s", 3),
        ratio_row(
            "history --json, 10k spaced vs compact lines",
            wall["10k-spaced"],
            wall["10k"],
            "s",
            1.2,
        ),
    ]
    countdown_goal = f"countdown CPU 5-35 s vs termdown 60 (median of {len(m.countdown_rounds)})"
    if m.countdown is None:
        rows.append(missing_row(countdown_goal, "<= 0.6x", m.failures.get("countdown", "")))
    else:
        rows.append(
            ratio_row(countdown_goal, m.countdown.coretui_s, m.countdown.termdown_s, "cpu-s", 0.6)
        )
    tempo_goal = "tempo set with sound and figure vs termdown 60"
    if m.tempo is None:
        rows.append(missing_row(tempo_goal, "<= 0.75x", m.failures.get("tempo", "")))
    else:
        if not m.tempo.sound_device:
            tempo_goal += " (no sound device: bell)"
        rows.append(ratio_row(tempo_goal, m.tempo.coretui_s, m.tempo.termdown_s, "cpu-s", 0.75))
    rss_goal = "peak RSS during a workout, 10k history (ref: empty)"
    if m.workout is None:
        rows.append(missing_row(rss_goal, "<= 60 MB", m.failures.get("workout RSS", "")))
    else:
        rows.append(
            limit_row(
                rss_goal,
                m.workout.rss("10k"),
                "MB",
                60,
                reference=m.workout.rss("empty"),
                inclusive=True,
            )
        )
    setup_goal = "first make run, fresh clone (ref: venv + runtime deps)"
    if SETUP is None:
        rows.append(missing_row(setup_goal, "<= 1.3x", "not measured: no benchmarks/setup_time.py"))
    elif m.setup is None:
        why = m.failures.get("setup", "not measured in --quick")
        rows.append(missing_row(setup_goal, "<= 1.3x", why))
    else:
        rows.append(SETUP.row(m.setup))
    per_session = {row.sessions: row.us_per_session for row in m.scaling}
    rows += [
        ratio_row(
            "brief load + streaks per session, 100k vs 10k",
            per_session[100_000],
            per_session[10_000],
            "us",
            LINEAR_AT_MOST,
        ),
    ]
    hold, routine, onset, sound_cpu = m.hold, m.routine, m.sound_onset, m.sound_cpu
    routine_name = f"{plan.routine_min}-min routine"
    clock_goal = "<= 50 ms"
    if hold is None:
        rows.append(missing_row(f"{plan.hold_s} s hold: end", clock_goal, m.failures["hold"]))
    else:
        rows.append(within_50_ms(f"{plan.hold_s} s hold: end vs wall clock", hold["end_error_ms"]))
    if routine is None:
        rows.append(missing_row(f"{routine_name}: end", clock_goal, m.failures["routine"]))
    else:
        rows += [
            within_50_ms(f"{routine_name}: end vs wall clock", routine["end_error_ms"]),
            within_50_ms(f"{routine_name}: worst step end", routine["max_error_ms"]),
        ]
    if onset is None:
        why = m.failures["sound onset"]
        rows.append(missing_row("sound: tone onset vs event", "<= 30 ms", why))
    else:
        rows += [
            limit_row(
                f"sound: tone onset vs event, median ({onset['backend']})",
                onset["onset_median_ms"],
                "ms",
                30,
                inclusive=True,
            ),
            limit_row(
                "sound: tone onset vs event, worst",
                onset["onset_worst_ms"],
                "ms",
                30,
                inclusive=True,
            ),
        ]
    sound_goal = f"app CPU, {plan.sound_s} s tempo set: sound on vs off"
    if sound_cpu is None:
        rows.append(missing_row(sound_goal, "<= 1.1x", m.failures["sound CPU"]))
    else:
        rows.append(
            ratio_row(sound_goal, sound_cpu["cpu_on_s"], sound_cpu["cpu_off_s"], "cpu-s", 1.10)
        )
    return rows


def within_50_ms(measure: str, error_ms: float) -> Row:
    """A clock goal: within 50 ms of the wall clock."""
    return limit_row(measure, error_ms, "ms", 50, inclusive=True)


def details(m: Measured) -> str:
    """The scaling table and the numbers behind the references."""
    scaling = table(
        ["sessions", "whole sessions", "briefs", "briefs (cached)", "streaks", "per session"],
        [
            [
                f"{row.sessions:,}",
                f"{row.load_s * 1000:.1f} ms",
                f"{row.briefs_s * 1000:.1f} ms",
                f"{row.cached_s * 1000:.1f} ms",
                f"{row.streaks_s * 1000:.2f} ms",
                f"{row.us_per_session:.2f} us",
            ]
            for row in m.scaling
        ],
    )
    cli = table(
        ["history --json", "wall", "CPU", "no cache: wall", "no cache: CPU"],
        [
            [
                label,
                f"{median(runs.wall_s):.3f} s",
                f"{median(runs.cpu_s):.3f} s",
                f"{median(runs.uncached_wall_s):.3f} s",
                f"{median(runs.uncached_cpu_s):.3f} s",
            ]
            for label, runs in m.cli.items()
        ],
    )
    paints = m.paints
    lines = [
        "History loads and streaks (daily, weekly, this week), in-process, median of 3:",
        scaling,
        "",
        "coretui history --json, median (no cache: the first run after the file changed):",
        cli,
        "",
        "first paint, median: "
        + ", ".join(f"{name} {paints.median(name):.3f} s" for name in sorted(paints.seconds)),
        "peak RSS at the picker, history read: "
        + ", ".join(f"{name} {paints.rss(name):.1f} MB" for name in paints.peak_rss_mb),
    ]
    if m.workout is not None:
        lines.append(
            "peak RSS 3 s into a workout: "
            + ", ".join(f"{name} {m.workout.rss(name):.1f} MB" for name in m.workout.peak_rss_mb)
        )
    if m.countdown is not None:
        lines.append(
            f"countdown CPU 5-35 s: coretui {m.countdown.coretui_s:.2f} s,"
            f" termdown {m.countdown.termdown_s:.2f} s,"
            f" idle bare Textual app {m.countdown.idle_textual_s:.2f} s"
        )
    if m.sound_cpu is not None and "device_alone_s" in m.sound_cpu:
        sound = m.sound_cpu
        lines.append(
            f"sound CPU over {sound['seconds']:.0f} s: app with sound {sound['cpu_on_s']:.2f} s,"
            f" without {sound['cpu_off_s']:.2f} s; the audio device alone ({sound['backend']},"
            f" silence, no app) {sound['device_alone_s']:.2f} s"
        )
    lines += [f"not measured: {what}: {why}" for what, why in m.failures.items()]
    return "\n".join(lines)


def compile_coretui() -> None:
    """Bring coretui's bytecode up to date before timing any start, as a user's is.

    pip compiles an installed package; Python writes the bytecode of an editable
    one on its first start. A machine that sets PYTHONDONTWRITEBYTECODE (as this
    project's does) would otherwise compile every changed module at every start,
    a cost no user pays and the bare Textual app (compiled by pip) does not pay.
    """
    import compileall

    import coretui

    compileall.compile_dir(Path(coretui.__file__).parent, quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description="coretui's performance harness (SPEC 9)")
    parser.add_argument("--long", action="store_true", help="a 20-minute routine, not 5")
    parser.add_argument("--runs", type=int, default=7, help="runs per timing (median)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="check the harness itself in under 3 minutes: fewer and shorter runs, no set-up"
        " timing (its numbers are not the goals')",
    )
    args = parser.parse_args()
    started_at = datetime.now(UTC)
    if args.quick:
        plan = Plan(2, 5, 1, 1, 3, rss_runs=1, setup=False, scaling_runs=1, cpu_window_s=(3, 13))
    else:
        plan = Plan(args.runs, 60, 20 if args.long else 5, COUNTDOWN_ROUNDS, SOUND_S, 3, True)
    compile_coretui()
    measured = measure(plan, Progress())
    rows = goal_rows(measured)
    failed = [row.measure for row in rows if row.met is False]
    unmeasured = [row.measure for row in rows if row.met is None]
    print(results_table(rows))
    print()
    print(details(measured))
    print()
    met = len(rows) - len(failed) - len(unmeasured)
    print(f"{met} of {len(rows)} goals met" + (":" if failed or unmeasured else "."))
    for name in failed:
        print(f"  not met: {name}")
    for name in unmeasured:
        print(f"  not measured: {name}")
    raw = {
        "plan": asdict(plan),
        "first_paint_s": measured.paints.seconds,
        "peak_rss_mb": measured.paints.peak_rss_mb,
        "workout_peak_rss_mb": None if measured.workout is None else measured.workout.peak_rss_mb,
        "countdown_cpu_s": None if measured.countdown is None else asdict(measured.countdown),
        "countdown_cpu_rounds": [asdict(r) for r in measured.countdown_rounds],
        "tempo_cpu_s": None if measured.tempo is None else asdict(measured.tempo),
        "history_json_s": {label: asdict(runs) for label, runs in measured.cli.items()},
        "scaling": [asdict(r) | {"us_per_session": r.us_per_session} for r in measured.scaling],
        f"hold_{plan.hold_s}s": measured.hold,
        f"routine_{plan.routine_min}min": measured.routine,
        "sound_onset": measured.sound_onset,
        "sound_cpu": measured.sound_cpu,
        "setup": measured.setup,
        "not_measured": measured.failures,
    }
    write_json(RESULTS, rows, raw, started_at, args.long)
    print(f"\nwritten: {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
