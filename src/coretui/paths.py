"""Where coretui keeps its files, from platformdirs or command-line overrides."""

from __future__ import annotations

from pathlib import Path

import msgspec
from platformdirs import user_cache_path, user_config_path, user_data_path

APP_NAME = "coretui"


# The types the first paint needs are msgspec structs, not dataclasses: a struct class is
# made in C, while a dataclass compiles its methods from source when its module loads
# (0.2-1 ms each here; tests/unit/test_startup_imports.py keeps them off the start path).
class AppPaths(msgspec.Struct, frozen=True):
    """The data folder (history), config folder (routines, settings) and cache folder."""

    data_dir: Path
    config_dir: Path
    cache_dir: Path | None = None
    """What can be thrown away (the start and brief caches); None: the platform's user
    cache folder."""

    @classmethod
    def resolve(cls, data_dir: Path | None = None, config_dir: Path | None = None) -> AppPaths:
        """Platform folders (honouring XDG_* on Linux) unless overridden for this run."""
        return cls(
            data_dir=data_dir or user_data_path(APP_NAME, appauthor=False),
            config_dir=config_dir or user_config_path(APP_NAME, appauthor=False),
        )

    @property
    def cache_folder(self) -> Path:
        """Where the caches go: `cache_dir`, or the platform's user cache folder."""
        return self.cache_dir or user_cache_path(APP_NAME, appauthor=False)

    @property
    def start_cache_file(self) -> Path:
        """Validated routines and settings, so the app starts without validating."""
        return self.cache_folder / "start.json"

    @property
    def history_file(self) -> Path:
        """The append-only session log."""
        return self.data_dir / "history.jsonl"

    @property
    def kept_edits_dir(self) -> Path:
        """Routine edits not saved when coretui closed (one file each), offered at starts."""
        return self.data_dir / "unsaved-routine-edits"

    @property
    def routines_dir(self) -> Path:
        """The user's own routine files."""
        return self.config_dir / "routines"

    @property
    def settings_files(self) -> tuple[Path, Path]:
        """settings.toml, or settings.json when that is what the user wrote."""
        return self.config_dir / "settings.toml", self.config_dir / "settings.json"
