"""CPU seconds a running countdown uses in steady state, coretui against `termdown 60`.

Both run at once, each in its own 100x30 tmux pane, and each pane runs the program
itself, so /proc/<pane pid>/stat is the program's. CPU (user + system) is read 5 s
and 35 s after start; the difference leaves start-up out. The bare Textual app runs
beside them, idle, to show what any Textual app costs in the same 30 s.

    python -m benchmarks.countdown_cpu      # about 40 s
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from benchmarks.histories import SKIP_PAIN_QUESTION, Homes
from benchmarks.startup import BARE_APP
from benchmarks.terminal import BenchError, Terminal

FROM_S, TO_S = 5.0, 35.0
AT_MOST = 0.6
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class CountdownCpu:
    """CPU seconds from FROM_S to TO_S after start."""

    coretui_s: float
    termdown_s: float
    idle_textual_s: float


def termdown_binary() -> Path:
    """termdown in this environment, installed from PyPI on first use."""
    script = BIN / "termdown"
    if not script.exists():
        print("installing termdown (the countdown reference) into this environment...")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "termdown"], check=True)
    if not script.exists():
        found = shutil.which("termdown")
        if found is None:
            raise BenchError("termdown could not be installed")
        return Path(found)
    return script


def no_pain_prompt(config_home: Path) -> str:
    """A config home whose settings skip the pain question, so `coretui run` counts at once."""
    folder = config_home / "coretui"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.toml").write_text(SKIP_PAIN_QUESTION)
    return str(config_home)


def measure(env: Mapping[str, str]) -> CountdownCpu:
    """`coretui run core-six --lead-in 0` and `termdown 60`, side by side (and an idle app)."""
    termdown = termdown_binary()
    programs = [
        [str(BIN / "coretui"), "run", "core-six", "--lead-in", "0"],
        [str(termdown), "60"],
        [sys.executable, str(BARE_APP)],
    ]
    with (
        tempfile.TemporaryDirectory(prefix="coretui-bench-config-") as config,
        Terminal() as ours,
        Terminal() as theirs,
        Terminal() as idle,
    ):
        terminals = [ours, theirs, idle]
        envs = [{**env, "XDG_CONFIG_HOME": no_pain_prompt(Path(config))}, env, env]
        started = min(
            term.start(argv, e) for term, argv, e in zip(terminals, programs, envs, strict=True)
        )
        time.sleep(max(0.0, started + FROM_S - time.monotonic()))
        first = [term.cpu_seconds() for term in terminals]
        time.sleep(max(0.0, started + TO_S - time.monotonic()))
        last = [term.cpu_seconds() for term in terminals]
        if "WORK" not in ours.screen():
            raise BenchError(f"coretui is not counting down; the screen:\n{ours.screen()}")
    used = [after - before for before, after in zip(first, last, strict=True)]
    return CountdownCpu(*used)


def main() -> None:
    homes = Homes()  # data, config and cache folders of its own, removed with `homes`
    result = measure(homes.fresh(0))
    ratio = result.coretui_s / max(1e-9, result.termdown_s)
    verdict = "met" if ratio <= AT_MOST else "NOT met"
    print(f"countdown {FROM_S:.0f}-{TO_S:.0f} s at 100x30, CPU seconds")
    print(f"  coretui run core-six     {result.coretui_s:.2f}")
    print(f"  termdown 60              {result.termdown_s:.2f}")
    print(f"  idle bare Textual app    {result.idle_textual_s:.2f}")
    print(f"  ratio                    {ratio:.2f}x (goal <= {AT_MOST:.2f}x: {verdict})")


if __name__ == "__main__":
    main()
