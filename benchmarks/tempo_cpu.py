"""CPU of a tempo set with sound and its moving figure, against `termdown 60`.

The routine of `benchmarks.figure_cpu` (hip raises, up 1 s / hold 1 s / down 1 s, with
the bundled hip raise's figure) runs with the default settings (sound on) beside
`termdown 60`, each in its own 100x30 pane, as the plain countdown is measured; CPU
(user + system) from 5 s to 35 s after start. Where there is no sound device coretui
rings the terminal bell instead, and the table says so.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from benchmarks.countdown_cpu import BIN, termdown_binary
from benchmarks.figure_cpu import FIGURE, ROUTINE
from benchmarks.histories import SKIP_PAIN_QUESTION
from benchmarks.terminal import BenchError, Terminal

FROM_S, TO_S = 5.0, 35.0
NO_DEVICE = "No sound device"


@dataclass(frozen=True)
class TempoCpu:
    """CPU seconds from FROM_S to TO_S after start."""

    coretui_s: float
    termdown_s: float
    sound_device: bool
    """False when coretui found no sound device (and rang the terminal bell)."""


def measure(env: Mapping[str, str], from_s: float = FROM_S, to_s: float = TO_S) -> TempoCpu:
    """The tempo set with its figure and sound, and termdown, side by side."""
    with tempfile.TemporaryDirectory(prefix="coretui-bench-tempo-") as folder:
        config = Path(folder)
        (config / "routines").mkdir()
        (config / "routines" / "tempo.toml").write_text(ROUTINE.format(id="tempo", figure=FIGURE))
        (config / "settings.toml").write_text(SKIP_PAIN_QUESTION)
        programs = [
            [str(BIN / "coretui"), "--config-dir", str(config), "run", "tempo"],
            [str(termdown_binary()), "60"],
        ]
        with Terminal() as ours, Terminal() as theirs:
            terminals = [ours, theirs]
            started = min(t.start(argv, env) for t, argv in zip(terminals, programs, strict=True))
            time.sleep(max(0.0, started + from_s - time.monotonic()))
            first = [term.cpu_seconds() for term in terminals]
            screen = ours.screen()
            time.sleep(max(0.0, started + to_s - time.monotonic()))
            last = [term.cpu_seconds() for term in terminals]
            if not any("\u2801" <= ch <= "\u28ff" for ch in screen + ours.screen()):
                raise BenchError(f"no figure on the screen:\n{ours.screen()}")
    used = [after - before for before, after in zip(first, last, strict=True)]
    return TempoCpu(used[0], used[1], NO_DEVICE not in screen)
