"""coretui's own theme: high contrast, to read from across a room."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.color import Color
from textual.theme import BUILTIN_THEMES, Theme

from coretui.settings import copy_words, not_saved
from coretui.textsafe import printable

if TYPE_CHECKING:
    from pathlib import Path

    from textual.app import App

    from coretui.services.trainer import Trainer

HIGH_CONTRAST = Theme(
    name="coretui-high-contrast",
    primary="#00BFFF",
    secondary="#FFFF00",
    accent="#FF00FF",
    warning="#FFD700",
    error="#FF4040",
    success="#00FF66",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    dark=True,
)


LEGIBLE = 4.5
"""The contrast the phase colours keep with the background (WCAG's for text): the
countdown is read from across a room, and several light themes drew it at 1.4:1."""
PHASE_COLOURS = ("warning", "success", "primary", "error")
"""Get ready, work, rest, paused: the digits, the phase badge, and words of success
and failure are drawn in their `$legible-*` forms."""


def contrast(one: Color, other: Color) -> float:
    """WCAG's contrast ratio of two colours, from 1 (alike) to 21 (black on white)."""

    def luminance(colour: Color) -> float:
        def channel(value: int) -> float:
            v = value / 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def legible(variables: dict[str, str]) -> dict[str, str]:
    """`$legible-warning`... : the theme's colour, darkened on a light background (lightened
    on a dark one) by tenths until it reads at `LEGIBLE`. ANSI colours are the terminal's
    to choose, and are kept."""
    background = Color.parse(variables["background"])
    toward = Color(0, 0, 0) if background.brightness > 0.5 else Color(255, 255, 255)
    found = {}
    for name in PHASE_COLOURS:
        colour = shown = Color.parse(variables[name])
        for tenth in range(1, 11):
            if shown.ansi is not None or contrast(shown, background) >= LEGIBLE:
                break
            shown = colour.blend(toward, tenth / 10)
        found[f"legible-{name}"] = variables[name] if shown.ansi is not None else shown.hex
    return found


def remember_theme(app: App[Any], trainer: Trainer, theme: str) -> None:
    """Keep the theme the user picked in the settings; a notice when it cannot be."""
    if theme == trainer.settings_values["theme"]:
        return
    try:
        trainer.change_setting("theme", theme)
    except (OSError, ValueError) as exc:
        said = f"Theme not saved in {not_saved(trainer.settings_file, exc)}"
        app.notify(said, severity="warning", markup=False)
    if (copy := trainer.settings_copy) is not None:
        app.notify(f"Theme kept; {copy_words(copy, short=True)}", timeout=8, markup=False)


def start_theme(app: App[Any], trainer: Trainer) -> None:
    """The settings' theme, as coretui starts (their validated values, not the settings
    model: no pydantic before the first paint); a notice when there is no such theme."""
    name = str(trainer.settings_values["theme"])
    if (unknown := use_theme(app, name, trainer.settings_file)) is not None:
        trainer.notices.append(unknown)
        trainer.cannot_use("theme", app.theme)


def use_theme(app: App[Any], name: str, file: Path) -> str | None:
    """Offer coretui's theme and switch to `name`, the settings `file`'s; a notice when
    there is no such theme."""
    app.register_theme(HIGH_CONTRAST)
    if name in app.available_themes:
        app.theme = name
        return None
    return unknown_theme(name, file)


def unknown_theme(name: str, file: Path) -> str | None:
    """The notice for a theme neither Textual nor coretui has, named in the settings
    `file` (`coretui list` says it too, without starting the app); None for a theme
    there is."""
    if name in BUILTIN_THEMES or name == HIGH_CONTRAST.name:
        return None
    shown = printable(name, single_line=True)
    return f"{file}: theme: no theme '{shown}' (Settings lists them); using the default"
