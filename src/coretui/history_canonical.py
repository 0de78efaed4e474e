"""Reading history lines in the exact form the store writes them, without a JSON parser.

Nearly every line of a history file is one `Session.to_json_line` wrote: the same keys
in the same order, no spaces, ASCII only. One regular expression accepts only that form,
and only values `Session.from_dict` accepts; it reads a whole block of such lines at
once (`findall`), and the values are converted a column at a time, which together is
several times faster than decoding each line as JSON and checking the result. A
routine's steps, which repeat from session to session, are decoded once per load.

A line it does not accept (a hand-edited one, an older schema, a bad value) is handed
back as bytes for `Session.from_dict`, which reads it or explains what is wrong: this
module only ever says "here are the sessions" or "ask the slow path", so it never
changes what a load accepts, rejects or reports.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable, Iterator
from datetime import date, datetime
from itertools import repeat
from typing import TypeVar

from pydantic_core import from_json

from coretui.history_records import (
    SCHEMA_VERSION,
    Session,
    SessionBrief,
    StepEntry,
    StepKey,
    steps_from_json,
)

# The inside of a JSON string as json.dumps writes it (the block is ASCII): anything
# but a quote, a backslash or a control character (a newline among them), or an escape.
_CHARS = r'[^"\\\x00-\x1f]*'
_TEXT = _CHARS + r'(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})' + _CHARS + r")*"
# Seconds in the range Session.from_dict accepts (0 <= s < 1e9), without an exponent.
_SECONDS = r"(?:0|[1-9][0-9]{0,8})(?:\.[0-9]+)?"
_UTC_TIME = r'"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{6})?Z)"'
_PAIN = r"(null|[0-9]|10)"
# One whole line, from a line's start to its newline (or the end of the block). The
# steps are captured as they are, to be checked by decoding them (or found among the
# steps this load already checked); everything else is checked here.
_LINES = re.compile(
    r'^\{"schema_version":' + str(SCHEMA_VERSION) + r',"id":"(' + _TEXT + r')"'
    r',"routine_id":"(' + _TEXT + r')","routine_name":"(' + _TEXT + r')"'
    r',"started_at":' + _UTC_TIME + r',"finished_at":' + _UTC_TIME +
    r',"tz":(null|"' + _TEXT + r'"),"local_date":"([0-9]{4}-[0-9]{2}-[0-9]{2})"'
    r',"status":"(completed|partial)","duration_s":(' + _SECONDS + r')'
    r',"active_s":(' + _SECONDS + r'),"steps":(\[[^\n]*\])'
    r',"pain_before":' + _PAIN + r',"pain_after":' + _PAIN +
    r',"note":"(' + _TEXT + r')"\}(?:\n|\Z)',
    re.MULTILINE,
)  # fmt: skip
_STATUS = {"completed": "completed", "partial": "partial"}
_PAINS: dict[str, int | None] = {"null": None} | {str(n): n for n in range(11)}
# Distinct step lists and names remembered per load: most sessions repeat their
# routine's steps and names; past this many, the rest are simply decoded.
_MAX_REMEMBERED = 4096

Record = TypeVar("Record", Session, SessionBrief)
Columns = list[tuple[str, ...]]


class CanonicalReader:
    """Reads the blocks of one load; equal steps and repeated names share one object."""

    def __init__(self) -> None:
        self.shared_steps: dict[StepKey, StepEntry] = {}
        """Equal steps, one object each: for the slow path of the same load, too."""
        self._steps: dict[str, list[StepEntry]] = {}
        self._texts: dict[str, str] = {}

    def scan(
        self, block: bytes, build: Callable[[Columns], list[Record] | None]
    ) -> Iterator[list[Record] | bytes]:
        """The records of `block` in order, in runs, and as bytes each line they are not.

        `build` is `sessions` or `briefs`. Every line but the block's last ends with a
        newline. A block of nothing but the store's own lines is one run.
        """
        whole = self._records_of(block, build)
        if whole is not None:
            yield whole
            return
        # Some line is not the store's own: try each line on its own.
        start, end = 0, len(block)
        while start < end:
            stop = block.find(b"\n", start) + 1 or end
            line = block[start:stop]
            records = self._records_of(line, build)
            yield line if records is None else records
            start = stop

    def _records_of(
        self, block: bytes, build: Callable[[Columns], list[Record] | None]
    ) -> list[Record] | None:
        """Every line of `block` read by `build`, or None if any line is not the store's."""
        if not block.isascii():
            return None
        text = block.decode("ascii")
        found: Columns = _LINES.findall(text)
        lines = block.count(b"\n") + (not block.endswith(b"\n"))
        if len(found) != lines:  # each match is one line, so some line did not match
            return None
        return build([*zip(*found, strict=True)])

    def sessions(self, columns: Columns) -> list[Session] | None:
        """Whole sessions from the matched lines' columns; None if any value is not valid."""
        checked = self._common(columns)
        if checked is None:
            return None
        ids, routine_ids, names, started, local_dates, statuses, steps = checked
        _, _, _, _, finished, zones, _, _, durations, actives, _, before, after, notes = columns
        try:
            finished_at = list(map(datetime.fromisoformat, finished))
        except ValueError:
            return None
        inner = [None if zone == "null" else zone[1:-1] for zone in zones]  # no quotes
        texts = self._texts_of({zone for zone in inner if zone is not None})
        # Positional, in field order: a third faster than keywords, which counts a
        # hundred thousand times. The tests compare every field with the slow path's.
        return list(
            map(
                Session,
                ids,
                routine_ids,
                names,
                started,
                finished_at,
                [None if zone is None else texts[zone] for zone in inner],
                local_dates,
                statuses,
                map(float, durations),
                map(float, actives),
                [list(known) for known in steps],  # every session owns its list
                map(_PAINS.__getitem__, before),
                map(_PAINS.__getitem__, after),
                _texts(notes),
                repeat(SCHEMA_VERSION),
            )
        )

    def briefs(self, columns: Columns) -> list[SessionBrief] | None:
        """Briefs from the matched lines' columns, every value checked as `sessions` does."""
        checked = self._common(columns)
        if checked is None:
            return None
        ids, routine_ids, names, started, local_dates, statuses, _ = checked
        _, _, _, _, finished, _, _, _, durations, actives, _, before, after, _ = columns
        try:
            deque(map(datetime.fromisoformat, finished), maxlen=0)  # only checked
        except ValueError:
            return None
        return list(
            map(
                SessionBrief,
                ids,
                routine_ids,
                names,
                started,
                local_dates,
                statuses,
                map(float, durations),
                map(float, actives),
                map(_PAINS.__getitem__, before),
                map(_PAINS.__getitem__, after),
            )
        )

    def _common(
        self, columns: Columns
    ) -> (
        tuple[
            list[str], list[str], list[str], list[datetime], list[date], list[str],
            list[list[StepEntry]],
        ]
        | None
    ):  # fmt: skip
        """The columns both record kinds need, decoded and checked; None if any is bad."""
        ids, routine_ids, names, started, _, _, days, statuses, _, _, steps, _, _, _ = columns
        if not all(ids):
            return None
        try:
            started_at = list(map(datetime.fromisoformat, started))
            local_dates = list(map(date.fromisoformat, days))
        except ValueError:  # a month 13 or a February 30th: the slow path says so
            return None
        known = self._steps_of(steps)
        if known is None:
            return None
        texts = self._texts_of({*routine_ids, *names})
        return (
            _texts(ids),
            list(map(texts.__getitem__, routine_ids)),
            list(map(texts.__getitem__, names)),
            started_at,
            local_dates,
            list(map(_STATUS.__getitem__, statuses)),
            known,
        )

    def _steps_of(self, column: tuple[str, ...]) -> list[list[StepEntry]] | None:
        """Each line's steps (equal lines share one list), or None if any are not valid."""
        remembered = self._steps
        block: dict[str, list[StepEntry]] = {}
        for text in {*column}:
            steps = remembered.get(text)
            if steps is None:
                try:
                    decoded = _decode(text)
                    if type(decoded) is not list:
                        return None
                    steps = steps_from_json(decoded, self.shared_steps)
                except (ValueError, RecursionError):
                    return None
            block[text] = steps
        if len(remembered) < _MAX_REMEMBERED:
            remembered.update(block)
        return list(map(block.__getitem__, column))

    def _texts_of(self, raws: set[str]) -> dict[str, str]:
        """The decoded text of each raw string (names and zones repeat line after line)."""
        remembered = self._texts
        block = {raw: remembered.get(raw) or _text(raw) for raw in raws}
        if len(remembered) < _MAX_REMEMBERED:
            remembered.update(block)
        return block


def _decode(text: str) -> object:
    """JSON as `decode_line` decodes it: jiter, else json (which takes lone surrogates)."""
    try:
        return from_json(text, cache_strings="all", allow_inf_nan=False)
    except ValueError:
        return json.loads(text)


def _texts(column: tuple[str, ...]) -> list[str]:
    """`_text` of each, at C speed when none holds an escape (as ids and most notes)."""
    return list(column) if "\\" not in "".join(column) else list(map(_text, column))


def _text(raw: str) -> str:
    """The text inside a JSON string the regular expression accepted."""
    if "\\" not in raw:
        return raw
    # json, not jiter: it accepts lone surrogates ("\udc80"), as the slow path does.
    text: str = json.loads('"' + raw + '"')
    return text
