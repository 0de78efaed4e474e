"""Render every screen to screenshots/ as SVG, with the app's own save_screenshot.

Run with `make screenshots`. The scenes are the snapshot tests' scenes: a fake
clock and a fixed date, so the pictures only change when the screens do.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["TZ"] = "UTC"  # the scenes' dates must not depend on where this runs
time.tzset()

from tests.ui.scenes import SCENES, build  # noqa: E402

OUT = ROOT / "screenshots"
SHOTS = [
    ("picker", (100, 30)),
    ("picker", (80, 24)),
    ("workout-work", (100, 30)),
    ("workout-work", (80, 24)),
    ("workout-work", (160, 48)),
    ("workout-work", (40, 12)),
    ("workout-rest", (100, 30)),
    ("workout-paused", (100, 30)),
    ("workout-tempo", (100, 30)),
    ("workout-tempo", (160, 48)),
    ("picker", (160, 48)),
    ("summary", (100, 30)),
    ("help", (100, 30)),
    ("about", (100, 30)),
    ("history", (100, 30)),
    ("history", (80, 24)),
    ("settings", (100, 30)),
    ("editor", (100, 30)),
    ("editor", (80, 24)),
    ("summary-progress", (100, 30)),
]


async def shoot(name: str, size: tuple[int, int], folder: Path) -> Path:
    app, run_before = build(SCENES[name], folder)
    filename = f"{name}-{size[0]}x{size[1]}.svg"
    async with app.run_test(size=size) as pilot:
        await run_before(pilot)
        await pilot.pause()
        app.save_screenshot(filename, str(OUT))
    return OUT / filename


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, size in SHOTS:
        with tempfile.TemporaryDirectory() as folder:
            path = await shoot(name, size, Path(folder))
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    asyncio.run(main())
