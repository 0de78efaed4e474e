"""CPU of a tempo set with its figure moving, against the same set without a figure.

    python -m benchmarks.figure_cpu      # about 40 s

Two copies of one routine (hip raises, up 1 s / hold 1 s / down 1 s, so the figure
moves two seconds in three) run side by side in 160x48 tmux panes, where the
figure stands beside the digits; one copy has no `figure`. CPU (user + system) is
read 5 s and 35 s after start, as for the countdown against termdown. The goal
(issue: figures) is at most 1.10x. `termdown 60` runs beside them in a pane of the
same size: with sound on (the default settings) and the figure moving, coretui's
goal is at most 0.75x of it.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from benchmarks.countdown_cpu import termdown_binary
from benchmarks.histories import SKIP_PAIN_QUESTION, Homes
from benchmarks.terminal import BenchError, Terminal

FROM_S, TO_S = 5.0, 35.0
WIDTH, HEIGHT = 160, 48
BIN = Path(sys.executable).parent
AT_MOST = 1.10
AT_MOST_VS_TERMDOWN = 0.75

ROUTINE = """\
id = "{id}"
name = "Figure benchmark"
lead_in_s = 0

[[exercises]]
kind = "reps"
name = "Hip raise"
reps = 60
tempo = [
    {{ name = "up", seconds = 1 }},
    {{ name = "hold", seconds = 1 }},
    {{ name = "down", seconds = 1 }},
]
{figure}
"""
FIGURE = """
[exercises.figure]
props = [{ kind = "floor" }]
keyframes = [
    { name = "start", head = [12, 11], shoulder = [35, 10], elbow = [63, 4], hand = [88, 3], hip = [85, 10], knee = [115, 45], foot = [140, 3] },
    { name = "top", head = [12, 11], shoulder = [35, 10], elbow = [63, 4], hand = [88, 3], hip = [81, 30], knee = [123, 48], foot = [140, 3] },
]
"""  # noqa: E501  (the bundled hip raise's figure, one keyframe a line)


@dataclass(frozen=True)
class FigureCpu:
    """CPU seconds from FROM_S to TO_S after start, with and without the figure."""

    with_figure_s: float
    without_s: float
    termdown_s: float


def measure(env: Mapping[str, str]) -> FigureCpu:
    """Both copies at once, each in its own 160x48 pane."""
    with tempfile.TemporaryDirectory(prefix="coretui-bench-figure-") as folder:
        config = Path(folder)
        routines = config / "routines"
        routines.mkdir()
        (config / "settings.toml").write_text(SKIP_PAIN_QUESTION)
        (routines / "figure.toml").write_text(ROUTINE.format(id="figure", figure=FIGURE))
        (routines / "plain.toml").write_text(ROUTINE.format(id="plain", figure=""))
        programs = [
            [str(BIN / "coretui"), "--config-dir", str(config), "run", name]
            for name in ("figure", "plain")
        ]
        programs.append([str(termdown_binary()), "60"])
        with (
            Terminal(WIDTH, HEIGHT) as drawn,
            Terminal(WIDTH, HEIGHT) as plain,
            Terminal(WIDTH, HEIGHT) as termdown,
        ):
            terminals = [drawn, plain, termdown]
            started = min(t.start(argv, env) for t, argv in zip(terminals, programs, strict=True))
            time.sleep(max(0.0, started + FROM_S - time.monotonic()))
            first = [term.cpu_seconds() for term in terminals]
            time.sleep(max(0.0, started + TO_S - time.monotonic()))
            last = [term.cpu_seconds() for term in terminals]
            if not any("\u2801" <= ch <= "\u28ff" for ch in drawn.screen()):
                raise BenchError(f"no figure on the screen:\n{drawn.screen()}")
    used = [after - before for before, after in zip(first, last, strict=True)]
    return FigureCpu(*used)


def main() -> None:
    homes = Homes()  # data, config and cache folders of its own, removed with `homes`
    result = measure(homes.fresh(0))
    ratio = result.with_figure_s / max(1e-9, result.without_s)
    verdict = "met" if ratio <= AT_MOST else "NOT met"
    print(f"tempo set {FROM_S:.0f}-{TO_S:.0f} s at {WIDTH}x{HEIGHT}, CPU seconds")
    print(f"  with the figure moving   {result.with_figure_s:.2f}")
    print(f"  without a figure         {result.without_s:.2f}")
    print(f"  termdown 60              {result.termdown_s:.2f}")
    print(f"  ratio                    {ratio:.2f}x (goal <= {AT_MOST:.2f}x: {verdict})")
    versus = result.with_figure_s / max(1e-9, result.termdown_s)
    verdict = "met" if versus <= AT_MOST_VS_TERMDOWN else "NOT met"
    goal = f"goal <= {AT_MOST_VS_TERMDOWN:.2f}x: {verdict}"
    print(f"  figure (sound on) vs termdown {versus:.2f}x ({goal})")


if __name__ == "__main__":
    main()
