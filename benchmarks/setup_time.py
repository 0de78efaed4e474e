"""The first `make run` on a fresh clone, to the first screen, vs a bare runtime install.

(a) `git clone` of the repository into a temporary folder, then `make run` there in a
    100x30 tmux pane until the routine list shows (fresh XDG folders, so it is the
    user's first start too): everything a new user waits for.
(b) The reference: `python -m venv` and `pip install` of coretui's runtime dependencies
    (pyproject.toml) pinned by the clone's constraints.txt: what running any app on
    them costs at least.

Both warm: one unmeasured round of each fills pip's cache (wheels, index pages, the
build backend make's editable install needs), and both use that cache. Then `rounds`
rounds of (a) and (b) in turn; medians. The same Python makes both venvs.

    python -m benchmarks.setup_time [--rounds N] [REPO]
"""

from __future__ import annotations

import argparse
import contextlib
import os
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
from benchmarks.terminal import BenchError, Terminal

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


def clean_env(extra: Mapping[str, str]) -> dict[str, str]:
    """This environment less what would leak into the measured commands, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k not in UNSET and k != "TMUX"}
    return env | dict(extra)


def make_run(
    repo: Path, work: Path, term: Terminal, python: str, env: Mapping[str, str]
) -> tuple[float, str]:
    """Seconds from `git clone` to the first screen of `make run`, and what make printed."""
    clone = work / "clone"
    home = work / "home"
    xdg = {
        f"XDG_{kind}_HOME": str(home / kind.lower())
        for kind in ("CONFIG", "DATA", "CACHE", "STATE")
    }
    started = time.monotonic()
    _quietly(["git", "clone", "--quiet", str(repo), str(clone)], env)
    argv = ["env", *(f"-u{name}" for name in UNSET), *(f"{k}={v}" for k, v in xdg.items())]
    argv += ["make", "--no-print-directory", "-C", str(clone), "run", f"PYTHON={python}"]
    term.start(argv, {k: v for k, v in env.items() if k.startswith("PIP_")})
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
    _stop_make_run(term)
    return now - started, "\n".join(line for line in printed.splitlines() if line.strip())


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


def reference(repo: Path, work: Path, python: str, env: Mapping[str, str]) -> float:
    """Seconds to make a venv and install the runtime dependencies, pinned, into it."""
    pins = work / "constraints.txt"
    project = tomllib.loads(_git_show(repo, "pyproject.toml"))["project"]
    pins.write_text(_git_show(repo, "constraints.txt"))
    venv = work / "venv"
    started = time.monotonic()
    _quietly([python, "-m", "venv", str(venv)], env)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-c", str(pins)]
    _quietly([*pip, *project["dependencies"]], env)
    return time.monotonic() - started


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

    Returns the medians ("make_run_s", "reference_s"), their "ratio", every sample, and
    the lines `make run` printed before the app's screen ("printed").
    """
    python = python or base_python()
    env = clean_env(pip_cache_env(python))
    samples: dict[str, list[float]] = {"make_run_s": [], "reference_s": []}
    printed = ""
    with Terminal() as term:
        for n in range(rounds + 1):
            label = "warm-up round" if n == 0 else f"round {n}/{rounds}"
            with tempfile.TemporaryDirectory(prefix="coretui-setup-") as work:
                progress(f"setup time, {label}: the reference (venv + pip install)")
                seconds = reference(repo, Path(work), python, env)
            if n:
                samples["reference_s"].append(seconds)
            with tempfile.TemporaryDirectory(prefix="coretui-setup-") as work:
                progress(f"setup time, {label}: git clone + make run to the first screen")
                seconds, shown = make_run(repo, Path(work), term, python, env)
            if n:
                samples["make_run_s"].append(seconds)
                printed = shown
    ours, ref = (statistics.median(samples[k]) for k in ("make_run_s", "reference_s"))
    return {
        "make_run_s": ours,
        "reference_s": ref,
        "ratio": ours / ref,
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
