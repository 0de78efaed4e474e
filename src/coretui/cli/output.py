"""Standard output for the commands: a failed write becomes one error, and a character
the output's encoding lacks becomes an ASCII stand-in.

`coretui history >/dev/full` must end in one line, not a traceback, and
`PYTHONIOENCODING=ascii coretui list` must still list. `main()` runs every command
inside `guarded_stdout()`, so each print() of every command goes through here.
"""

from __future__ import annotations

import codecs
import errno
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO, cast

from coretui.problem_words import os_reason
from coretui.textsafe import printable

STAND_IN = "coretui-stand-in"
"""The codec error handler that writes what an encoding lacks in ASCII."""

LOOKALIKES = {"·": "-", "…": "...", "→": "->"}
"""ASCII for the marks coretui itself prints (in a routine's name, too: in JSON output
these three are the only characters not kept exactly)."""

BRAILLE = range(0x2800, 0x2900)
"""The dots the figures are drawn with (`coretui show`)."""


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
"""Half a UTF-16 pair: JSON's "\\udc80" decodes to one (a hand-edited history, a JSON
routine file), and no UTF-8 text can hold it: writing it failed, or wrote a raw byte."""


def warn(notices: Iterable[str]) -> None:
    """Each notice as one "warning: ..." line on stderr (stdout stays the command's)."""
    for notice in notices:
        print(f"warning: {printable(notice, single_line=True)}", file=sys.stderr)


@contextmanager
def saying_if_new(history: Path) -> Iterator[None]:
    """A write that starts the history file says so: with a mistyped --data-dir, the
    sessions went quietly into a new history nobody would look at."""
    before = _holds_anything(history)  # (an empty file a refused write left: none)
    try:
        yield
    finally:  # (also when the confirmation after it could not be printed)
        if not before and _holds_anything(history):
            where = printable(str(history), single_line=True)
            print(
                f"note: no history was at {where}, so a new one was started there", file=sys.stderr
            )


def _holds_anything(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def json_text(data: object, indent: int = 2) -> str:
    """`data` as JSON, non-ASCII kept as text; a lone surrogate as its escape, which
    reads back as the same string."""
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    return _LONE_SURROGATE.sub(lambda found: f"\\u{ord(found[0]):04x}", text)


def without_lone_surrogates(text: str) -> str:
    """Text for a format with no escapes (CSV): a lone surrogate as U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", text)


class OutputError(Exception):
    """Standard output could not be written: a full disk, an I/O error, a closed pipe."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(os_reason(cause))
        self.cause = cause

    @property
    def reader_left(self) -> bool:
        """The pipe's reader stopped reading (`coretui history | head -1`): no error."""
        return isinstance(self.cause, BrokenPipeError)


def _stand_in(char: str) -> str:
    if char in LOOKALIKES:
        return LOOKALIKES[char]
    if ord(char) in BRAILLE:  # one character each, so a figure keeps its shape
        dots = (ord(char) - BRAILLE.start).bit_count()
        return " .:#"[(dots + 2) // 3]
    # A JSON escape: non-ASCII text in coretui's JSON is inside strings, where it means
    # the same character, so `--json` output stays valid and loses nothing.
    units = char.encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{int.from_bytes(units[i : i + 2]):04x}" for i in range(0, len(units), 2))


def _stand_ins(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(map(_stand_in, text)), error.end


codecs.register_error(STAND_IN, _stand_ins)


class GuardedStdout:
    """sys.stdout while a command runs: raises OutputError where the stream raised
    OSError, and retries text its encoding lacks with ASCII stand-ins."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            try:
                return self._stream.write(text)
            except UnicodeEncodeError:  # encoded whole before buffering: nothing written
                encoding = self._stream.encoding or "ascii"
                return self._stream.write(text.encode(encoding, STAND_IN).decode(encoding))
        except OSError as exc:
            raise OutputError(exc) from exc

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise OutputError(exc) from exc

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def guarded_stdout() -> Iterator[None]:
    """Run a command with sys.stdout guarded; what is still buffered is written at the end,
    where a failure is still reported, not at interpreter exit."""
    stream = sys.stdout
    if stream is None:  # started with standard output closed (`coretui list >&-`)
        raise OutputError(OSError(errno.EBADF, "standard output is closed"))
    sys.stdout = cast(TextIO, GuardedStdout(stream))
    try:
        try:
            yield
        except SystemExit:  # `--help`, `--version`: their text may still be buffered
            sys.stdout.flush()
            raise
        sys.stdout.flush()
    finally:
        sys.stdout = stream


def drop_pending_output() -> None:
    """Send what stdout still buffers to the null device, so that Python's own flush
    at exit does not fail a second time with a traceback-like "Exception ignored"."""
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):  # a test's capture, or no stdout at all
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)
