"""Textual's Footer, built again only when the keys it shows change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyFooter(Footer):
    """Textual's footer, built again only when the keys it shows change.

    Textual's footer builds its keys anew at each change of a screen's bindings: each
    focus change and each `refresh_bindings`, most of which show the same keys. Each
    key it builds is styled three times (as made, then its `compact` set twice), which
    cost a workout's pause or step change milliseconds for nothing, and tens of
    seconds over the tests. The keys as last built are remembered, and a change of
    bindings that leaves them as they were is let be; a key is made compact or not
    before it is styled, as the footer is. (Textual's footer is read as it is in
    Textual 8, which pyproject allows: its keys are `FooterKey`s, each yielded by
    `compose`. Anything unexpected falls back to Textual's own rebuild.)
    """

    _shown: tuple[object, ...] | None = None
    """The bindings the keys shown were built from (None: none built yet)."""

    def _keys_now(self) -> tuple[object, ...]:
        """The screen's bindings as the footer's keys would show them (the hidden ones too:
        the command palette's key is one)."""
        return tuple(
            (binding, self.app.get_key_display(binding), enabled, tip)
            for _, binding, enabled, tip in self.screen.active_bindings.values()
        )

    def compose(self) -> ComposeResult:
        built = False
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # Born compact or not, as the footer is; the palette's key, which the
                # footer leaves alone, as FooterKey is by default (compact).
                compact = self.compact or widget.has_class("-command-palette")
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
                built = True
            yield widget
        # (Read at once, as Textual composes: none built before the bindings are ready.)
        try:
            self._shown = self._keys_now() if built else None
        except Exception:  # (then every change of bindings rebuilds, as Textual's does)
            self._shown = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        try:
            mine = self._shown is not None and self.is_attached and screen is self.screen
            same = mine and self._keys_now() == self._shown
        except Exception:  # (the signal would swallow it, and the footer stop following)
            same = False
        if not same:
            super().bindings_changed(screen)
