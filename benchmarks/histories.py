"""Realistic history files for the benchmarks.

Each session is the record a real run of a bundled routine writes: every exercise step
of `core-six` or `core-quick` (from the routine's compiled timeline, as the engine
records it), times with the millisecond jitter of a real clock, a few partial runs and
skips, pain ratings on some days. Lines are written as coretui writes them (compact)
or as `json.dumps` writes them by default (spaced: a file touched by `jq`, a script or
a hand edit), so a reader is measured on both.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal

import msgspec

from coretui.workout.routines import load_library
from coretui.workout.timeline import compile_routine

Spacing = Literal["compact", "spaced"]
ROUTINES = ("core-six", "core-quick")


def _plans(version: int) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(id, name, step records done as planned) for each benchmark routine."""
    library = load_library(None)
    plans = []
    for routine_id in ROUTINES:
        loaded = library.get(routine_id)
        assert loaded is not None, routine_id
        steps: list[dict[str, Any]] = []
        for step in compile_routine(loaded.routine).steps:
            if not step.is_work:
                continue
            planned = None if step.seconds is None else float(step.seconds)
            done = float(step.seconds if step.seconds is not None else step.estimate_s)
            entry: dict[str, Any] = {"exercise": step.label, "side": step.side}
            if version == 1:
                entry |= {"planned_s": planned, "done_s": done, "planned_reps": step.reps}
                entry |= {"done_reps": step.reps, "skipped": False, "variant": None}
            else:
                entry |= {"planned_s": planned, "planned_reps": step.reps, "added_s": 0.0}
                entry |= {"done_s": done, "done_reps": step.reps, "ended": "time"}
                entry |= {"variant": None, "hurt": False}
            steps.append(entry)
        plans.append((routine_id, loaded.routine.name, steps))
    return plans


def session_lines(
    count: int, today: date, *, spacing: Spacing = "compact", version: int = 2, seed: int = 7
) -> list[bytes]:
    """`count` history lines, the last of them the day before `today`, oldest first."""
    rng = random.Random(seed)
    plans = _plans(version)
    separators = (",", ":") if spacing == "compact" else None
    records: list[dict[str, Any]] = []
    day = date.min
    while len(records) < count:
        day += timedelta(days=1)
        if rng.random() >= 0.72:  # most days have a session
            continue
        routine_id, name, planned = plans[0 if rng.random() < 0.7 else 1]
        completed = rng.random() < 0.9
        cut = len(planned) if completed else rng.randrange(1, len(planned))
        steps = []
        for index, step in enumerate(planned):
            step = dict(step)
            if index >= cut:  # the user stopped here: the rest is skipped
                step["done_s"] = 0.0
                step["done_reps"] = 0 if step["planned_reps"] is not None else None
                if version == 1:
                    step["skipped"] = True
                else:
                    step["ended"] = "stopped" if index == cut else "skipped"
            else:  # a real clock ends a step a few milliseconds late
                step["done_s"] = round(step["done_s"] + rng.random() * 0.05, 3)
            steps.append(step)
        active = round(sum(step["done_s"] for step in steps), 3)
        at = time(7 + rng.randrange(12), rng.randrange(60))
        pain_before = rng.randrange(2, 7) if rng.random() < 0.5 else None
        records.append(
            {
                "schema_version": version,
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "routine_id": routine_id,
                "routine_name": name,
                "started_at": datetime.combine(day, at, UTC),
                "finished_at": None,
                "tz": "Europe/London",
                "local_date": day,
                "status": "completed" if completed else "partial",
                "duration_s": round(active * 1.4, 3),
                "active_s": active,
                "steps": steps,
                "pain_before": pain_before,
                "pain_after": None
                if pain_before is None
                else max(0, pain_before - rng.randrange(3)),
                "note": "",
            }
        )
    # Days were counted from the first; move them all so the last session is yesterday's
    # (a streak still alive, and no session of today's to offer to carry on).
    shift = today - timedelta(days=1) - day
    lines: list[bytes] = []
    for record in records:
        started = record["started_at"] + shift
        finished = started + timedelta(seconds=record["duration_s"])
        record["started_at"], record["finished_at"] = _utc(started), _utc(finished)
        record["local_date"] = (record["local_date"] + shift).isoformat()
        if version >= 2:
            record["updated_at"] = _utc(finished)
        if separators is None:
            lines.append(json.dumps(record).encode() + b"\n")
        else:  # as coretui writes a line (msgspec, UTF-8): and ten times faster
            lines.append(msgspec.json.encode(record) + b"\n")
    return lines


def _utc(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def write_history(
    path: Path, count: int, *, spacing: Spacing = "compact", version: int = 2
) -> Path:
    """Write a history file of `count` sessions to `path` (its folder is created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        file.writelines(session_lines(count, date.today(), spacing=spacing, version=version))
    return path


SKIP_PAIN_QUESTION = "ask_pain_before = false\n"
"""Settings that start a workout at once: no back-pain question before it."""


class Homes:
    """Throw-away XDG data, config and cache folders, one set per history size and spacing."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="coretui-bench-")
        self.root = Path(self._dir.name)
        self._fresh = 0

    def xdg(self, sessions: int, spacing: Spacing = "compact") -> dict[str, str]:
        """XDG_DATA_HOME / XDG_CONFIG_HOME / XDG_CACHE_HOME whose history holds `sessions`.

        The file is written on first use and reused for the rest of the run.
        """
        home = self.root / f"sessions-{sessions}-{spacing}"
        if not home.exists():
            _make_home(home)
            if sessions:
                write_history(_history_in(home), sessions, spacing=spacing)
        return _environment(home)

    def fresh(self, sessions: int, spacing: Spacing = "compact") -> dict[str, str]:
        """A new home, never started in, with the same history (a hard link to the file)."""
        source = self.history_file(sessions, spacing) if sessions else None
        self._fresh += 1
        home = self.root / f"fresh-{self._fresh}"
        _make_home(home)
        if source is not None:
            try:
                _history_in(home).hardlink_to(source)
            except OSError:
                shutil.copyfile(source, _history_in(home))
        return _environment(home)

    def cache_dir(self, sessions: int, spacing: Spacing = "compact") -> Path:
        """The XDG cache folder of a size's home (coretui's caches go in its `coretui`)."""
        return Path(self.xdg(sessions, spacing)["XDG_CACHE_HOME"])

    def history_file(self, sessions: int, spacing: Spacing = "compact") -> Path:
        """The history file of a size, written if needed."""
        return Path(self.xdg(sessions, spacing)["XDG_DATA_HOME"]) / "coretui" / "history.jsonl"

    def cleanup(self) -> None:
        """Remove every folder made."""
        self._dir.cleanup()


def _make_home(home: Path) -> None:
    for folder in ("data", "config", "cache"):
        (home / folder / "coretui").mkdir(parents=True)


def _history_in(home: Path) -> Path:
    return home / "data" / "coretui" / "history.jsonl"


def _environment(home: Path) -> dict[str, str]:
    return {
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "TZ": "UTC",
    }
