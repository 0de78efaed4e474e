"""The start cache's seed: what the first start of a fresh install shows at once."""

from __future__ import annotations

import tempfile
from pathlib import Path

from coretui.paths import AppPaths
from coretui.services import start_cache
from coretui.services.trainer import Trainer


def seed_text() -> str:
    """The start cache a fresh home's first run writes: shipped as the package's seed.

    `python scripts/write_start_seed.py` writes it to data/; a test checks that it
    is current, so the first start of a fresh install validates nothing first.
    """
    with tempfile.TemporaryDirectory() as folder, start_cache.seed_set_aside():
        home = Path(folder)
        paths = AppPaths(home / "data", home / "config", home / "cache")
        trainer = Trainer.load(paths)
        trainer.load_validated()
        return paths.start_cache_file.read_text(encoding="utf-8")
