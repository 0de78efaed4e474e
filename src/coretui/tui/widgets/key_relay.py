"""Keys taken in the order they come, by the widget they were sent to.

Textual gives each key to the focused widget's queue; a key it has no use for goes up
to the app, which acts on the screen's bindings then, a few messages later. By then the
keys sent after it have reached the widget and been taken: Ctrl+D then "45", at once
(a quick hand, a slow link), put the 45 in the exercise duplicated, and "a" then a name
on the editor's list lost the name. A widget with a `KeyRelay` acts on its own bindings
and its screen's as each key comes, and passes the keys that were waiting behind a
command that moved the focus on to the widget focused now.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.widget import Widget


async def took_own_key(widget: Widget, event: events.Key) -> bool:
    """Act on the widget's own binding of `event` (not a priority one) as the key comes,
    not a message hop later, when Textual would look it up on whatever has the focus
    then; True when one acted."""
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if not binding.priority and await widget.app.run_action(binding.action, widget):
            KeyRelay._taken(event)
            return True
    return False


@dataclass
class KeyRelay:
    """Acts on a widget's keys in order; see the module's text.

    `own`: act on the widget's own bindings too (the editor's list: its Down and its
    "a" must keep their order). `may_wait`: the screen's form may take the widget down
    (a text field): while the form is changing, a command key goes up as usual, as the
    change would wait for the field, which would be waiting for the change.
    """

    own: bool = False
    may_wait: bool = True
    passing_on: bool = False
    """A command moved the focus: the keys sent here meanwhile go on to the focused."""

    async def take(self, widget: Widget, event: events.Key) -> bool:
        """Act on `event` if it is a command (or one to pass on); True when taken.

        Not under a dialog: a key that reached the widget after a command opened one
        (Escape's question, then Ctrl+N at once) is no command of a screen the user
        cannot see, and one changing the form under it would wait for this very key."""
        app = widget.app
        if self.passing_on and app.focused not in (widget, None) and widget.is_attached:
            self._taken(event)
            app.post_message(events.Key(event.key, event.character))
            return True
        if widget.screen is not app.screen:
            return False
        chains = [(widget, widget._bindings)] if self.own else []
        changing = getattr(widget.screen, "changing", None)
        if changing is not None and (self.may_wait or not changing()):
            chains.append((widget.screen, widget.screen._bindings))
        for namespace, bindings in chains:
            for binding in bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await app.run_action(binding.action, namespace):
                    self._taken(event)
                    self.passing_on = True
                    widget.call_later(self._caught_up)  # behind the keys sent meanwhile
                    return True
        return False

    @staticmethod
    def _taken(event: events.Key) -> None:
        event.prevent_default()
        event.stop()

    def _caught_up(self) -> None:
        self.passing_on = False
