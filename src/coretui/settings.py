"""User settings: a pydantic model, loaded leniently and saved atomically.

A bad value never stops the app: that key falls back to its default and the
loader returns a notice saying so.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coretui.plain_errors import closest, plain_errors, shown_text, syntax_message
from coretui.textsafe import printable

MAX_SETTINGS_BYTES = 100_000


class Settings(BaseModel):
    """Everything a user can set. Each field says what it changes."""

    model_config = ConfigDict(extra="forbid", strict=True, validate_assignment=True)

    lead_in_s: Annotated[int, Field(ge=0, le=300)] | None = None
    """Seconds of "get ready" before the first exercise; None keeps each routine's own."""
    rest_between_sets_s: Annotated[int, Field(ge=0, le=1800)] | None = None
    """Rest between sets where a routine gives none of its own; None keeps the routine's."""
    rest_between_exercises_s: Annotated[int, Field(ge=0, le=1800)] | None = None
    """Rest between exercises where a routine gives none; None keeps the routine's."""
    sound: bool = True
    """Tones at 3-2-1, each change and each tempo phase (the bell where no device plays)."""
    volume: Annotated[int, Field(ge=0, le=100)] = 80
    """Loudness of the tones, 0-100."""
    tempo_sounds: bool = True
    """A tone at each phase of a tempo-paced rep (up / hold / down) and ticks in long holds."""
    voice: bool = False
    """Speak what comes next, 3-2-1 and rep counts (espeak-ng, spd-say, say or Windows)."""
    speech_rate: Annotated[int, Field(ge=80, le=400)] = 175
    """Speaking speed in words per minute."""
    ask_pain_before: bool = True
    """Ask "Back pain now, 0-10" (one line, skippable) before each workout."""
    weekly_goal: Annotated[int, Field(ge=1, le=7)] = 3
    """Workout days per ISO week that keep the weekly streak going."""
    theme: Annotated[str, Field(min_length=1, max_length=64)] = "textual-dark"
    """The Textual theme by name."""
    equipment: list[Annotated[str, Field(max_length=64)]] | None = None
    """Equipment the user owns; None means "everything the routines ask for"."""


@dataclass
class SettingsLoad:
    """Settings as loaded, with a notice for every key that fell back."""

    settings: Settings
    notices: list[str] = field(default_factory=list)
    file: Path | None = None


def _shown(text: object) -> str:
    """A key or message from the file as one short printable line, for a notice."""
    line = printable(str(text), single_line=True)
    line = line.encode("utf-8", "backslashreplace").decode("utf-8")
    return line if len(line) <= 80 else line[:79] + "…"


def _key_shown(key: str) -> str:
    """A plain key as it is; any other quoted, so "theme " never reads as "theme"."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]{1,64}", key) else _shown(repr(key))


def _read_raw(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    try:
        if path.stat().st_size > MAX_SETTINGS_BYTES:
            return None, f"{path}: too large; using default settings"
        if not path.is_file():  # a folder, or a FIFO that would block the start forever
            return None, f"{path}: not a regular file; using default settings"
        with path.open("rb") as handle:  # at most the limit, even if the file grows
            text = handle.read(MAX_SETTINGS_BYTES + 1).decode("utf-8-sig")
        raw = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        reason = str(getattr(exc, "strerror", None) or exc)
        if isinstance(exc, tomllib.TOMLDecodeError | json.JSONDecodeError):
            reason = syntax_message(exc, "json" if path.suffix == ".json" else "toml")
        if "integer string conversion" in reason:
            reason = "a number has too many digits"
        return None, f"{path}: {_shown(reason)}; using default settings"
    if not isinstance(raw, dict):
        return None, f"{path}: settings must be a table; using default settings"
    return raw, None


def _exists(path: Path) -> bool:
    """True if something is at `path`; a path that cannot even be checked counts as there."""
    try:
        path.stat()
    except FileNotFoundError:
        return False
    except OSError:
        return True  # unreadable, name too long...: reading it gives the user the reason
    return True


def load_settings(candidates: tuple[Path, ...]) -> SettingsLoad:
    """Load the first settings file that exists; bad keys fall back one by one."""
    path = next((p for p in candidates if _exists(p)), None)
    if path is None:
        return SettingsLoad(Settings())
    raw, problem = _read_raw(path)
    if raw is None:
        return SettingsLoad(Settings(), [problem or f"{path}: unreadable"], path)
    notices: list[str] = []
    values = dict(raw)
    for key in list(values):
        if key not in Settings.model_fields:
            guess = closest(key, Settings.model_fields)
            hint = f" (did you mean '{guess}'?)" if guess else ""
            notices.append(f"{path}: {_key_shown(key)}: unknown setting, ignored{hint}")
            del values[key]
    for _ in range(len(values) + 1):
        try:
            return SettingsLoad(Settings.model_validate(values), notices, path)
        except ValidationError as exc:
            for where, message in plain_errors(exc, Settings):
                key = re.split(r"[.\[]", where, maxsplit=1)[0]
                if key in values:
                    notices.append(f"{path}: {key}: {shown_text(message, 160)}; using the default")
                    del values[key]
    return SettingsLoad(Settings(), notices, path)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    # JSON string escapes are a subset of TOML basic-string escapes; TOML also
    # forbids a raw DEL, which JSON leaves alone.
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")


def settings_toml(settings: Settings) -> str:
    """The settings as TOML text; unset (None) fields are left out."""
    lines = ["# coretui settings. Delete a line to go back to its default."]
    for key, value in settings.model_dump().items():
        if value is not None:
            lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def atomic_write(path: Path, text: str, *, create_folder: bool = True) -> None:
    """Write a whole file so that a crash leaves the old or the new one, never half.

    With `create_folder=False` a missing folder is an error (FileNotFoundError): a
    mistyped `export -o` folder should be reported, not created.
    """
    if create_folder:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def save_settings(settings: Settings, path: Path) -> None:
    """Save as TOML (or JSON when the user's file is JSON), atomically."""
    if path.suffix == ".json":
        data = {k: v for k, v in settings.model_dump().items() if v is not None}
        atomic_write(path, json.dumps(data, indent=2) + "\n")
    else:
        atomic_write(path, settings_toml(settings))
