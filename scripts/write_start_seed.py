"""Write data/start-cache.json: the bundled routines' cards and the default settings.

Run after changing a bundled routine, the cards, or coretui's version; a unit
test (tests/unit/test_start_cache.py) fails until the shipped seed is current.
"""

from __future__ import annotations

from pathlib import Path

from coretui.services.start_cache import SEED_NAME
from coretui.services.start_seed import seed_text

SEED = Path(__file__).resolve().parent.parent / "data" / SEED_NAME

if __name__ == "__main__":
    SEED.write_text(seed_text(), encoding="utf-8")
    print(SEED)
