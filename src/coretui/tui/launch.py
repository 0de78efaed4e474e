"""What the command line asks the app for: a routine to start, one-run options."""

from __future__ import annotations

import msgspec


class LaunchOptions(msgspec.Struct, frozen=True):
    """What the command line asked for."""

    routine_id: str | None = None
    lead_in_s: float | None = None
    voice: bool = False
    mute: bool = False
    ask_pain: bool = True
    """Ask for the pain rating before a workout (when the settings do too)."""
    edit_id: str | None = None
    """Open the routine editor on this routine (`coretui edit`)."""
