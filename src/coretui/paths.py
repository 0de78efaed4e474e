"""Where coretui keeps its files, from platformdirs or command-line overrides."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP_NAME = "coretui"


@dataclass(frozen=True)
class AppPaths:
    """The data folder (history) and config folder (routines, settings)."""

    data_dir: Path
    config_dir: Path

    @classmethod
    def resolve(cls, data_dir: Path | None = None, config_dir: Path | None = None) -> AppPaths:
        """Platform folders (honouring XDG_* on Linux) unless overridden for this run."""
        return cls(
            data_dir=data_dir or user_data_path(APP_NAME, appauthor=False),
            config_dir=config_dir or user_config_path(APP_NAME, appauthor=False),
        )

    @property
    def history_file(self) -> Path:
        """The append-only session log."""
        return self.data_dir / "history.jsonl"

    @property
    def routines_dir(self) -> Path:
        """The user's own routine files."""
        return self.config_dir / "routines"

    @property
    def settings_files(self) -> tuple[Path, Path]:
        """settings.toml, or settings.json when that is what the user wrote."""
        return self.config_dir / "settings.toml", self.config_dir / "settings.json"
