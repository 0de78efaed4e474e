"""coretui's own theme: high contrast, to read from across a room."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.theme import BUILTIN_THEMES, Theme

from coretui.textsafe import printable

if TYPE_CHECKING:
    from pathlib import Path

    from textual.app import App

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
