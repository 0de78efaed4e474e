"""A ProgressBar that only moves when told: no timer of its own."""

from __future__ import annotations

from textual import events
from textual.widgets import ProgressBar


class StillProgressBar(ProgressBar):
    """A ProgressBar without its once-a-second ETA timer: the workout updates it itself."""

    # Taking the event (unlike ProgressBar's) lets it stop ProgressBar.on_mount's timer.
    def on_mount(self, event: events.Mount) -> None:  # type: ignore[override]
        event.prevent_default()
        self.update()
