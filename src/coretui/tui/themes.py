"""coretui's own theme: high contrast, to read from across a room."""

from __future__ import annotations

from textual.theme import Theme

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
