"""The settings model (pydantic) and the validation of a settings file's values.

Kept apart from `coretui.settings` so that starting the app needs no pydantic:
the start reads the cached, already validated values, and this module loads only
when a settings file changed or a setting is changed in the app.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from coretui.plain_errors import plain_errors
from coretui.plain_text import as_tag, closest, shown_text
from coretui.problem_words import message_after
from coretui.textsafe import short_line


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

    @field_validator("equipment", mode="before")
    @classmethod
    def _as_tags(cls, value: Any) -> Any:
        """ "Mat" and "swiss ball" as the routines write them: "mat", "swiss-ball"."""
        if not isinstance(value, list):
            return value
        # The same length in and out but for the spaces around a tag (" bench "), so the
        # length limit reads the tag as the file spells it. A blank entry names nothing.
        tags = [tag for tag in value if not (isinstance(tag, str) and not tag.strip())]
        return [as_tag(tag) if isinstance(tag, str) else tag for tag in tags]


def _key_shown(key: str) -> str:
    """A plain key as it is; any other quoted, so "theme " never reads as "theme"."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]{1,64}", key) else short_line(repr(key))


def validated(raw: dict[str, Any], path: Path) -> tuple[Settings, list[str], frozenset[str]]:
    """The settings a file's table gives; each bad or unknown key falls back, with a notice.

    Also the keys whose values came from the file (the rest are defaults).
    """
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
            return Settings.model_validate(values), notices, frozenset(values)
        except ValidationError as exc:
            for where, message in plain_errors(exc, Settings):
                key = re.split(r"[.\[]", where, maxsplit=1)[0]
                if key in values:
                    told = shown_text(message_after(where, message), 160)
                    notices.append(f"{path}: {key}: {told}; using the default")
                    del values[key]
    return Settings(), notices, frozenset()
