"""Where a problem with a file is, and its message, worded to be read one after the other.

A leaf (no pydantic): routine errors from the start cache are shown before any model loads.
"""

from __future__ import annotations

import errno
import os
import re

ENTRY_INDEX = re.compile(r"\[\d+\]$")
"""The index of a list's entry at the end of a path or key: "equipment[1]"."""


def message_after(path: str, message: str) -> str:
    """A problem's message as it reads after its place, which names the key: "rest_s must
    be..." is "must be...", "equipment[1] must be..." is "entry 2 must be...", and a
    figure's point's "foot[1] must be..." is "y must be..."."""
    key = ENTRY_INDEX.sub("", path.rsplit(".", 1)[-1])
    entry = re.match(rf"{re.escape(key)}\[(\d+)\] ", message)
    if entry and "figure" in path and key not in ("keyframes", "props") and int(entry[1]) < 2:
        return f"{'xy'[int(entry[1])]} {message[entry.end() :]}"  # a point's: [x, y]
    if entry:
        return f"entry {int(entry[1]) + 1} {message[entry.end() :]}"
    return message.removeprefix(f"{key} ")


class LinkGone(FileNotFoundError):
    """A link to a place gone (a sync folder not mounted); its words say where it points:
    "a link to ..., not there"."""


def os_reason(err: OSError) -> str:
    """'read-only file system', 'is a folder, not a file', 'not a folder' (as coretui
    calls them); a message of coretui's own ("a link to ..., not there") as it is."""
    system = os.strerror(err.errno) if err.errno else None
    if err.strerror and err.strerror != system:
        reason = err.strerror
    elif err.errno == errno.EISDIR:
        return "is a folder, not a file"
    elif err.errno == errno.ENOTDIR:  # (it, or a folder on its path, is a file)
        return "not a folder"
    else:
        reason = system or str(err)
    return f"{reason[:1].lower()}{reason[1:]}"
