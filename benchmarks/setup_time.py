"""The first `make run` on a fresh clone, to the first screen, vs a bare runtime install.

(a) `git clone` of the repository into a temporary folder, then `make run` there in a
    100x30 tmux pane until the routine list shows (fresh XDG folders, so it is the
    user's first start too): everything a new user waits for.
(b) The reference: `python -m venv` and `pip install` of coretui's runtime dependencies
    (pyproject.toml) pinned by the clone's constraints.txt: what running any app on
    them costs at least.

Both warm: one unmeasured round of each fills pip's cache (wheels, index pages), and
both use that cache (PIP_CACHE_DIR) and the same pip configuration (fresh XDG folders:
the machine's, not a user's). The clone is local (hard links): no network time. Then
`rounds` rounds of (a) and (b) in turn; medians. The same Python makes both venvs.

    python -m benchmarks.setup_time [--rounds N] [REPO]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from benchmarks.report import Row, ratio_row, results_table
from benchmarks.startup import PICKER_SHOWN
from benchmarks.terminal import CLOCK_TICKS, BenchError, Terminal

GOAL = 1.3
TIMEOUT_S = 600.0
POLL_S = 0.02
# What a shell, make or a venv in the caller's environment would pass on to make.
UNSET = ["MAKEFLAGS", "MAKELEVEL", "MFLAGS", "VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"]

Progress = Callable[[str], None]


def base_python() -> str:
    """The interpreter under this one's venv, if any: what `python3` is on a fresh machine."""
    return str(getattr(sys, "_base_executable", None) or sys.executable)


def pip_cache_env(python: str) -> dict[str, str]:
    """PIP_CACHE_DIR pinned to pip's usual cache, so fresh XDG folders leave it warm."""
    if "PIP_CACHE_DIR" in os.environ:
        return {"PIP_CACHE_DIR": os.environ["PIP_CACHE_DIR"]}
    found = subprocess.run(
        [python, "-m", "pip", "cache", "dir"], capture_output=True, text=True, check=False
    )
    return {"PIP_CACHE_DIR": found.stdout.strip()} if found.returncode == 0 else {}


def clean_env(extra: Mapping[str, str], home: Path) -> dict[str, str]:
    """This environment less what would leak into the measured commands, plus `extra`.

    Fresh XDG folders under `home`: coretui starts as for the first time, and pip reads
    the same configuration for both measures (the machine's, not a user's).
    """
    env = {k: v for k, v in os.environ.items() if k not in UNSET and k != "TMUX"}
    xdg = {f"XDG_{kind}_HOME": str(home / kind.lower()) for kind in ("CONFIG", "DATA", "CACHE")}
    return env | xdg | dict(extra)


def make_run(
    repo: Path, work: Path, term: Terminal, python: str, env: Mapping[str, str]
) -> tuple[float, float, str]:
    """Seconds from `git clone` to the first screen of `make run`, the CPU seconds of it
    all, and what make printed."""
    clone = work / "clone"
    started = time.monotonic()
    cpu = _children_cpu()
    _quietly(["git", "clone", "--quiet", str(repo), str(clone)], env)
    cpu = _children_cpu() - cpu
    argv = ["env", *(f"-u{name}" for name in UNSET)]
    argv += ["make", "--no-print-directory", "-C", str(clone), "run", f"PYTHON={python}"]
    term.start(argv, {k: v for k, v in env.items() if k.startswith(("PIP_", "XDG_"))})
    printed = ""
    while True:
        shown = term.screen()
        now = time.monotonic()
        if PICKER_SHOWN in shown:
            break
        if shown.strip():
            printed = shown
        if now - started > TIMEOUT_S:
            raise BenchError(f"make run showed no routine list in {TIMEOUT_S:g} s:\n{shown}")
        time.sleep(POLL_S)
    cpu += _tree_cpu(term.pid)
    _stop_make_run(term)
    return now - started, cpu, "\n".join(line for line in printed.splitlines() if line.strip())


def _children_cpu() -> float:
    """User plus system CPU seconds of this process's ended children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _tree_cpu(pid: int | None) -> float:
    """CPU seconds of `pid`, its ended children (those it waited for) and its live ones."""
    if pid is None:
        return 0.0
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    # Fields after the command name: utime, stime, cutime, cstime are the 12th to 15th.
    ticks = sum(int(field) for field in stat[stat.rindex(")") + 2 :].split()[11:15])
    return ticks / CLOCK_TICKS + sum(_tree_cpu(int(child)) for child in children)


def _stop_make_run(term: Terminal) -> None:
    """End coretui (make's child), then make, and wait until tmux has seen the pane die."""
    if term.pid is not None:
        children = Path(f"/proc/{term.pid}/task/{term.pid}/children")
        for child in children.read_text().split() if children.exists() else []:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(child), signal.SIGKILL)
    term.stop()
    deadline = time.monotonic() + 10
    while term.cmd("display-message", "-p", "-t", "bench", "#{pane_dead}").strip() != "1":
        if time.monotonic() > deadline:
            raise BenchError("the make run pane did not end")
        time.sleep(0.01)


def reference(repo: Path, work: Path, python: str, env: Mapping[str, str]) -> tuple[float, float]:
    """Seconds to make a venv and install the runtime dependencies, pinned, into it, and
    the CPU seconds that took."""
    pins = work / "constraints.txt"
    project = tomllib.loads(_git_show(repo, "pyproject.toml"))["project"]
    pins.write_text(_git_show(repo, "constraints.txt"))
    venv = work / "venv"
    started, cpu = time.monotonic(), _children_cpu()
    _quietly([python, "-m", "venv", str(venv)], env)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-c", str(pins)]
    _quietly([*pip, *project["dependencies"]], env)
    return time.monotonic() - started, _children_cpu() - cpu


def _quietly(argv: list[str], env: Mapping[str, str]) -> None:
    """Run a command, its output kept (and shown only if it fails)."""
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BenchError(f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr}")


def _git_show(repo: Path, path: str) -> str:
    """A file as committed at the repository's HEAD (what a clone holds)."""
    done = subprocess.run(
        ["git", "-C", str(repo), "show", f"HEAD:{path}"], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise BenchError(f"git show HEAD:{path} failed: {done.stderr.strip()}")
    return done.stdout


def measure(
    repo: Path, rounds: int = 2, python: str | None = None, progress: Progress = lambda _: None
) -> dict[str, Any]:
    """(a) and (b) above, warm, `rounds` times each in turn after one unmeasured round.

    Returns the medians ("make_run_s", "reference_s", and the CPU seconds of each:
    "make_run_cpu_s", "reference_cpu_s"), the "ratio" of the times and the "cpu_ratio",
    every sample, and the lines `make run` printed before the app's screen ("printed").
    """
    python = python or base_python()
    cache = pip_cache_env(python)
    names = ("make_run_s", "reference_s", "make_run_cpu_s", "reference_cpu_s")
    samples: dict[str, list[float]] = {name: [] for name in names}
    printed = ""
    with Terminal() as term:
        for n in range(rounds + 1):
            label = "warm-up round" if n == 0 else f"round {n}/{rounds}"
            with tempfile.TemporaryDirectory(prefix="coretui-setup-") as work:
                progress(f"setup time, {label}: the reference (venv + pip install)")
                env = clean_env(cache, Path(work) / "home")
                seconds, cpu = reference(repo, Path(work), python, env)
            if n:
                samples["reference_s"].append(seconds)
                samples["reference_cpu_s"].append(cpu)
            with tempfile.TemporaryDirectory(prefix="coretui-setup-") as work:
                progress(f"setup time, {label}: git clone + make run to the first screen")
                env = clean_env(cache, Path(work) / "home")
                seconds, cpu, shown = make_run(repo, Path(work), term, python, env)
            if n:
                samples["make_run_s"].append(seconds)
                samples["make_run_cpu_s"].append(cpu)
                printed = shown
    medians = {name: statistics.median(values) for name, values in samples.items()}
    return {
        **medians,
        "ratio": medians["make_run_s"] / medians["reference_s"],
        "cpu_ratio": medians["make_run_cpu_s"] / medians["reference_cpu_s"],
        "samples": samples,
        "printed": printed,
        "python": python,
    }


def row(result: Mapping[str, Any]) -> Row:
    """The goal's row for the results table."""
    return ratio_row(
        "first make run, fresh clone (ref: venv + runtime deps)",
        result["make_run_s"],
        result["reference_s"],
        "s",
        GOAL,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", nargs="?", type=Path, default=Path(__file__).parent.parent)
    parser.add_argument("--rounds", type=int, default=2, help="measured rounds (default 2)")
    args = parser.parse_args()
    result = measure(args.repo.resolve(), args.rounds, progress=lambda s: print(s, flush=True))
    print(f"\nmake run printed before the first screen:\n{result['printed'] or '(nothing)'}\n")
    for name, values in result["samples"].items():
        print(f"{name}: " + ", ".join(f"{v:.1f}" for v in values))
    print(results_table([row(result)]))
    print(
        f"CPU (user + system, every process): make run {result['make_run_cpu_s']:.1f} s,"
        f" reference {result['reference_cpu_s']:.1f} s, {result['cpu_ratio']:.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
