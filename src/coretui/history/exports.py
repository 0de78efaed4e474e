"""A JSON export (`coretui export --format json`) read back to merge: a backup restored,
as much of it as reads whole when the copy was cut short."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec

from coretui.history.files import open_regular
from coretui.history.load import BadLine, HistoryLoad, Tally, session_at
from coretui.history.records import Session, SessionV1, upgrade
from coretui.history.wording import plain_reason


def read_export(path: Path) -> HistoryLoad | None:
    """The sessions of `coretui export --format json` (a list of records), to merge back;
    None when the file is not such a list. Raises OSError. A bad record is a bad line
    numbered by its place in the list; a list cut short (a copy that stopped part-way)
    keeps the records before the cut, and the cut is its last bad line."""
    with open_regular(path) as file:
        if not file.read(4096).removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"["):
            return None  # not a list: a large file of another kind is not read whole
        file.seek(0)
        data = file.read()
    try:
        items, cut = _records(data.decode("utf-8-sig"))  # (an export may hold "\\udc80")
    except (ValueError, RecursionError):
        return None
    tally: Tally[Session] = Tally(session_at)
    for item in items:
        tally.lines += 1
        try:
            tally.keep(upgrade(msgspec.convert(item, Session | SessionV1, strict=True)))
        except msgspec.ValidationError as err:
            tally.bad.append(BadLine(tally.lines, plain_reason(str(err), item)))
        except ValueError as err:  # a time no clock can show (see `utc`)
            tally.bad.append(BadLine(tally.lines, str(err)))
    if cut is not None:
        tally.bad.append(BadLine(tally.lines + 1, cut))
    return HistoryLoad(tally.records(True), tally.bad, False)


def _records(text: str) -> tuple[list[Any], str | None]:
    """The items of the JSON list `text`, and why it ended before its "]" (None: whole).
    ValueError when it is not a list."""
    decoder = json.JSONDecoder()
    items: list[Any] = []
    at = text.index("[") + 1
    while True:
        at = _past_space(text, at)
        if text.startswith("]", at):
            if _past_space(text, at + 1) < len(text):
                raise ValueError("text after the list")
            return items, None
        if items:
            if not text.startswith(",", at):
                break
            at = _past_space(text, at + 1)
        try:
            item, at = decoder.raw_decode(text, at)
        except ValueError:
            break
        items.append(item)
    before = "; the records before it are read" if items else ""
    return items, (
        f"the list stops part-way at character {at + 1} of {len(text)} (a copy cut short?)" + before
    )


def _past_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at
