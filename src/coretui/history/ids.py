"""A session named by its id, or by the start of it as `coretui history` shows it."""

from __future__ import annotations

import re

from coretui.history.records import Session

ID_START_MIN = 4
"""The fewest characters of an id that stand for the whole (`history` shows 8)."""


def session_by_id(known: dict[str, Session], typed: str) -> Session | str:
    """The session with this id, or the one whose id begins so (a live one before a
    deleted one); else why none, in one line."""
    if typed in known:
        return known[typed]
    if not typed.strip():  # (an empty argument: "coretui history ''", a variable unset)
        return "no session id given: give one 'coretui history' shows"
    start = typed.lower()  # coretui writes ids in lower case; one typed from a note may not be
    found = [s for i, s in known.items() if i.lower().startswith(start)] if typed else []
    if len(found) > 1:
        found = [s for s in found if not s.deleted] or found
    if not found and re.fullmatch(r"\d{4}-\d\d-\d\d", typed):
        return f"'{typed}' is a date: give the id 'coretui history' shows before it"
    if not found:
        return f"no session with id '{typed}' (see 'coretui history')"
    if len(typed) < ID_START_MIN:
        return f"'{typed}' is too short: give at least {ID_START_MIN} of the id"
    if len(found) > 1:
        return f"'{typed}' begins {len(found)} sessions' ids: give more of it"
    return found[0]
