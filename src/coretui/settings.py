"""User settings: a pydantic model, loaded leniently and saved atomically.

A bad value never stops the app: that key falls back to its default and the
loader returns a notice saying so. The model itself lives in
`coretui.settings_model` and loads on first use (`Settings` here is that
class): the app starts from the cached, validated values without pydantic.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from coretui.problem_words import os_reason
from coretui.safe_files import atomic_write, keep_copy, link_gone
from coretui.textsafe import short_line
from coretui.toml_text import toml_value

if TYPE_CHECKING:
    from coretui.settings_model import Settings as Settings

MAX_SETTINGS_BYTES = 100_000


class SettingsValues(msgspec.Struct, frozen=True):
    """The settings in use, as plain attributes: validated values, read without pydantic.

    Field for field the model's (`coretui.settings_model.Settings`, which checks a
    file or a change and documents each); a test keeps the two alike.
    """

    lead_in_s: int | None = None
    rest_between_sets_s: int | None = None
    rest_between_exercises_s: int | None = None
    sound: bool = True
    volume: int = 80
    tempo_sounds: bool = True
    voice: bool = False
    speech_rate: int = 175
    ask_pain_before: bool = True
    weekly_goal: int = 3
    theme: str = "textual-dark"
    equipment: list[str] | None = None

    @classmethod
    def of(cls, values: dict[str, Any]) -> SettingsValues:
        """The settings of validated values; equipment as the routines write it (a cache
        written before the model wrote tags so may hold the file's own "Mat"). A key it
        does not know (a cache of another build) is left out, never an error."""
        values = {key: value for key, value in values.items() if key in _SETTINGS_KEYS}
        equipment = values.get("equipment")
        if isinstance(equipment, list):
            from coretui.plain_text import as_tag  # (difflib, tomllib: not at start)

            values = {**values, "equipment": [as_tag(tag) for tag in equipment]}
        return cls(**values)


_SETTINGS_KEYS = frozenset(SettingsValues.__struct_fields__)


class SettingsLoad(msgspec.Struct):
    """Settings as loaded, with a notice for every key that fell back."""

    settings: Settings
    notices: list[str] = msgspec.field(default_factory=list)
    file: Path | None = None
    read: frozenset[str] = frozenset()
    """The keys whose values came from the file (the others are defaults)."""


def _read_raw(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    import tomllib  # only when a settings file changed: the start reads the cache

    from coretui.toml_keys import read_toml, unique_keys

    try:
        if (gone := link_gone(path)) is not None:  # (a dotfiles folder not mounted)
            return None, f"{path}: {os_reason(gone)}; using default settings"
        if (size := path.stat().st_size) > MAX_SETTINGS_BYTES:
            too_large = f"too large: {size:,} bytes; at most {MAX_SETTINGS_BYTES:,}"
            return None, f"{path}: {too_large}; using default settings"
        if not path.is_file():  # a folder, or a FIFO that would block the start forever
            return None, f"{path}: not a regular file; using default settings"
        with path.open("rb") as handle:  # at most the limit, even if the file grows
            text = handle.read(MAX_SETTINGS_BYTES + 1).decode("utf-8-sig")
        # (read_toml's DeepKeyError is a ValueError, said as it is)
        raw = (
            json.loads(text, object_pairs_hook=unique_keys)
            if path.suffix == ".json"
            else read_toml(text)
        )
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else str(exc)
        from coretui.plain_text import not_utf8, syntax_message  # only for a broken file

        if isinstance(exc, tomllib.TOMLDecodeError | json.JSONDecodeError):
            reason = syntax_message(exc, "json" if path.suffix == ".json" else "toml", text)
        if "integer string conversion" in reason:
            reason = "a number has too many digits"
        elif isinstance(exc, UnicodeDecodeError):  # as a routine file's is said
            reason = not_utf8(exc)
        elif isinstance(exc, RecursionError):
            reason = "nested too deeply"
        return None, f"{path}: {short_line(reason, 200)}; using default settings"  # (whole words)
    if not isinstance(raw, dict):  # (JSON: a TOML file is a table)
        return (
            None,
            f"{path}: settings are keys and values, as {{...}} holds; using default settings",
        )
    return raw, None


def _exists(path: Path) -> bool:
    """True if something is at `path`; a path that cannot even be checked counts as there."""
    try:
        path.stat()
    except FileNotFoundError:
        return path.is_symlink()  # a link to a place gone is there: reading it says where
    except OSError:
        return True  # unreadable, name too long...: reading it gives the user the reason
    return True


def settings_file(candidates: tuple[Path, ...]) -> Path | None:
    """The settings file in use: the first of `candidates` that exists."""
    return next((p for p in candidates if _exists(p)), None)


def unknown_equipment(owned: Sequence[str], known: Sequence[str], file: Path) -> str | None:
    """A notice when the settings name equipment no routine asks for (a misspelling
    would otherwise quietly count as not owning the real thing)."""
    unknown = [tag for tag in owned if tag not in known]
    if not unknown or not known:
        return None
    names = ", ".join(f"'{tag}'" for tag in unknown)
    return f"{file}: equipment: no routine asks for {names}; they ask for {', '.join(known)}"


def load_settings(candidates: tuple[Path, ...]) -> SettingsLoad:
    """Load the first settings file that exists; bad keys fall back one by one."""
    from coretui.settings_model import Settings, validated

    path = settings_file(candidates)
    if path is None:
        return SettingsLoad(Settings())
    raw, problem = _read_raw(path)
    if raw is None:
        return SettingsLoad(Settings(), [problem or f"{path}: unreadable"], path)
    settings, notices, read = validated(raw, path)
    return SettingsLoad(settings, notices, path, read)


def not_saved(path: Path, exc: Exception) -> str:
    """`path` and why it was not saved, in words: "…/settings.toml: read-only file
    system" (not an errno and the name of the temporary file written first)."""
    return f"{path}: {os_reason(exc) if isinstance(exc, OSError) else exc}"


def settings_toml(settings: Settings) -> str:
    """The settings as TOML text; unset (None) fields are left out."""
    lines = ["# coretui settings. Delete a line to go back to its default."]
    for key, value in settings.model_dump().items():
        if value is not None:
            lines.append(f"{key} = {toml_value(value)}")
    return "\n".join(lines) + "\n"


def settings_text(settings: Settings, path: Path) -> str:
    """What coretui writes for `settings`: TOML, or JSON when the user's file is JSON."""
    if path.suffix == ".json":
        data = {k: v for k, v in settings.model_dump().items() if v is not None}
        return json.dumps(data, indent=2) + "\n"
    return settings_toml(settings)


def _own_text(path: Path) -> bool:
    """True if `path` is missing or holds exactly what coretui would write for it.

    A file the user wrote or edited (a comment, an unknown key, a bad value, its own
    order) is not: rewriting it would lose what coretui does not keep. An unreadable
    file raises OSError, so that it is never replaced unseen.
    """
    from coretui.settings_model import validated

    try:
        if not stat.S_ISREG(path.stat().st_mode):  # never open a FIFO: it would block
            raise OSError(f"{path.name} is not a regular file")
        with path.open("rb") as handle:
            data = handle.read(MAX_SETTINGS_BYTES + 1)
    except FileNotFoundError:
        return True
    raw, problem = _read_raw(path)
    if raw is None or problem:
        return False
    settings, notices, _ = validated(raw, path)
    return not notices and data == settings_text(settings, path).encode()


def save_settings(settings: Settings, path: Path) -> Path | None:
    """Save as TOML (or JSON when the user's file is JSON), atomically.

    A file not exactly as coretui writes it (the user's comments, a misspelt key, a bad
    value, their own order) is first copied to `<name>.bak`, whose path is returned:
    nothing the user wrote is lost to a settings change. None when there was nothing
    to keep. A link stays a link: the file it points to is written; a link to a place
    gone is refused (OSError), not filled in (a sync folder not mounted).
    """
    if (gone := link_gone(path)) is not None:
        raise gone
    copy = None if _own_text(path) else keep_copy(path)
    # Through a link (a dotfiles folder), so that the link stays and its file changes.
    atomic_write(path.resolve() if path.is_symlink() else path, settings_text(settings, path))
    return copy


def copy_words(copy: Path, *, short: bool = False) -> str:
    """What to tell the user when a save kept their own file as `copy`; `short` for a
    one-line notice (the file's name only: it is beside the settings file)."""
    if short:
        return f"your settings file as it was is kept as {copy.name}"
    return (
        f"Your settings file as it was is kept as {copy}: coretui writes the file in its"
        " own form, one line per setting."
    )


def __getattr__(name: str) -> Any:
    """`coretui.settings.Settings`: the pydantic model, imported on first use."""
    if name == "Settings":
        from coretui.settings_model import Settings

        return Settings
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
