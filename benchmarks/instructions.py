"""Instructions to the first frame: coretui's routine list against the bare Textual app.

    python -m benchmarks.instructions     # about a minute; needs valgrind

A first paint timed on a shared machine swings by a tenth or more between runs, more
than a change of a few milliseconds on the start path. The instructions a process
runs until its first frame hardly move (0.1% between runs): each program starts
headless at 100x30 under `valgrind --tool=callgrind` and ends at its first frame
(`python -m benchmarks.instructions probe coretui|bare`). A warm start, as the
first-paint goal's: coretui's home holds the start cache of its routines and settings,
as after a first start. What this leaves out is the
terminal's part and the time the machine takes to run them, which `make bench`
measures; the ratio here is the start path's own.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

BARE_APP_DIR = Path(__file__).parent
COLLECTED = re.compile(r"Collected : (\d+)")
SIZE = (100, 30)


def probe(which: str) -> None:
    """Start `which` headless and end the process at its first frame."""
    from textual.app import App

    shown = App._display

    def first_frame(self: App[object], screen: object, renderable: object) -> None:
        shown(self, screen, renderable)  # type: ignore[arg-type]
        os._exit(0)

    App._display = first_frame  # type: ignore[method-assign,assignment]
    if which == "bare":
        sys.path.insert(0, str(BARE_APP_DIR))
        from bare_app import BareApp  # type: ignore[import-not-found]

        BareApp().run(headless=True, size=SIZE)
        raise SystemExit("the bare app ended before its first frame")
    from coretui.cli.main import main
    from coretui.tui import hangup
    from coretui.tui.app import CoreApp

    hangup.no_terminal = lambda: None  # headless: no terminal to ask about
    run = CoreApp.run
    CoreApp.run = lambda self, **_: run(self, headless=True, size=SIZE)  # type: ignore[method-assign,assignment,misc]
    code = main([])
    raise SystemExit(f"coretui ended before its first frame (exit {code})")


def instructions(which: str, env: Mapping[str, str]) -> int:
    """The instructions of one start of `which`, to its first frame."""
    argv = [sys.executable, "-m", "benchmarks.instructions", "probe", which]
    try:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
            env={**os.environ, **env},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SystemExit(f"{which} drew no first frame in 600 s under valgrind") from None
    found = COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:  # (valgrind counts a failed start too)
        raise SystemExit(f"{which} failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return int(found[1])


SEED = (
    "from coretui.paths import AppPaths; from coretui.services.trainer import Trainer; "
    "Trainer.load(AppPaths.resolve()).load_validated()"
)
"""Validates the routines and settings of a home, which writes its start cache."""


def main() -> None:
    # (Here, not at the top: the probe, this module too, imports only what it runs.)
    from benchmarks.histories import Homes
    from benchmarks.run import compile_coretui

    if shutil.which("valgrind") is None:
        raise SystemExit("benchmarks.instructions needs valgrind")
    compile_coretui()
    homes = Homes()
    counts: dict[str, int] = {}
    for which in ("bare", "coretui"):
        env = homes.fresh(0)
        if which == "coretui":  # (a probe ends before the list's own work writes it)
            subprocess.run([sys.executable, "-c", SEED], env={**os.environ, **env}, check=True)
        counts[which] = min(instructions(which, env) for _ in range(2))
    ratio = counts["coretui"] / counts["bare"]
    print("instructions to the first frame, warm start, headless 100x30 (millions)")
    print(f"  bare Textual app   {counts['bare'] / 1e6:8.1f}")
    print(f"  coretui's list     {counts['coretui'] / 1e6:8.1f}")
    print(f"  ratio              {ratio:.3f}x")


if __name__ == "__main__":
    if sys.argv[1:2] == ["probe"]:
        probe(sys.argv[2])
    else:
        main()
