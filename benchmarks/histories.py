"""History files for the benchmarks, written by the store's own writer.

`HistoryStore.append_many` encodes every session exactly as `append` does (and checks
that each line reads back), then writes them in one locked, fsynced write: the same
bytes a user's history would hold, without 100,000 fsyncs.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from coretui.history import HistoryStore
from coretui.sample_history import sample_sessions


class Homes:
    """Throw-away XDG data and config folders, one pair per history size."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="coretui-bench-")
        self.root = Path(self._dir.name)

    def xdg(self, sessions: int) -> dict[str, str]:
        """XDG_DATA_HOME / XDG_CONFIG_HOME whose history holds `sessions` sessions.

        The file is written on first use and reused for the rest of the run.
        """
        home = self.root / f"sessions-{sessions}"
        data, config = home / "data", home / "config"
        history = data / "coretui" / "history.jsonl"
        if not home.exists():
            (config / "coretui").mkdir(parents=True)
            data.mkdir(parents=True)
            if sessions:
                HistoryStore(history).append_many(sample_sessions(sessions, date.today()))
        return {"XDG_DATA_HOME": str(data), "XDG_CONFIG_HOME": str(config), "TZ": "UTC"}

    def history_file(self, sessions: int) -> Path:
        """The history file of a size, written if needed."""
        return Path(self.xdg(sessions)["XDG_DATA_HOME"]) / "coretui" / "history.jsonl"

    def cleanup(self) -> None:
        """Remove every folder made."""
        self._dir.cleanup()
