"""The CLI's user errors and exit codes: a leaf every command module imports."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coretui.workout.routines import Library

EXIT_USAGE = 2
"""A bad flag, an unknown routine id: the command line itself was wrong."""


class UserError(Exception):
    """A problem with what the user asked for: printed as one line, exit code attached."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def unknown_routine(routine_id: str, library: Library) -> UserError:
    """No routine has this id: say so, or, when its file is there but did not load, why."""
    error = library.error_for(routine_id)
    if error is not None:
        more = sum(1 for e in library.errors if e.file == error.file) - 1
        # One line still: the first problem, and where to see the others.
        also = f" (and {more} more: coretui validate {shell_word(error.file)})" if more else ""
        return UserError(f"routine '{routine_id}' did not load: {error}{also}")
    from coretui.workout.routine_sources import FOLDER_PLACE

    folder = next((e for e in library.errors if e.path == FOLDER_PLACE), None)
    if folder is not None:  # (it may be there: not a slip of the command line)
        return UserError(f"routine '{routine_id}' not found: {folder.file}: {folder.message}")
    # A file's name typed for its id (`mine.toml`, `routines/mine.toml`), or a slip.
    from coretui.plain_text import closest

    known = [loaded.routine.id for loaded in library.routines]
    known += [PurePath(e.file).stem for e in library.errors]
    # A user's file named other than its routine (`mine3.toml` holding `my-first`).
    named = {
        PurePath(loaded.file).stem: loaded
        for loaded in library.routines
        if PurePath(loaded.file).stem != loaded.routine.id
    }
    stem = PurePath(routine_id).stem
    guess = stem if stem in known or stem in named else closest(routine_id, [*known, *named])
    hint = f"did you mean '{guess}'? " if guess else ""
    if guess in named:
        loaded = named[guess]
        hint = f"did you mean '{loaded.routine.id}' (the routine in {PurePath(loaded.file).name})? "
    return UserError(f"unknown routine '{routine_id}' ({hint}see 'coretui list')", EXIT_USAGE)


def check_routine(routine_id: str, library: Library, *, edit: bool = False) -> None:
    """The one-line error for a routine that cannot be run, or with `edit` opened in the
    editor: a file of the user's that did not load can be, when the form can show it."""
    if library.get(routine_id) is not None:
        return
    error = library.error_for(routine_id)
    if edit and error is not None:
        from coretui.workout.routine_mend import mend_file

        taken = [loaded.routine.id for loaded in library.routines]
        if isinstance(problem := mend_file(Path(error.file), taken), str):
            raise UserError(f"routine '{routine_id}' cannot open in the editor: {problem}")
        return
    raise unknown_routine(routine_id, library)


def print_load_errors(library: Library, routines_dir: Path) -> None:
    """Each problem of the files that did not load, a line each on stderr; then, for
    each of the user's own that the editor can show, the command that opens it there."""
    from coretui.textsafe import printable
    from coretui.workout.routine_mend import mend_file

    for error in library.errors:
        print(f"error: {printable(str(error), single_line=True)}", file=sys.stderr)
    taken = [loaded.routine.id for loaded in library.routines]
    for file in dict.fromkeys(Path(e.file) for e in library.errors):
        mine = file.parent.resolve() == routines_dir.resolve()  # (`coretui edit` opens these)
        if mine and not isinstance(mend_file(file, taken), str):
            shown, name = _escaped(file.name), shell_word(file.stem)
            print(f"mend {shown} in the editor: coretui edit {name}", file=sys.stderr)


def shell_word(text: str) -> str:
    """`text` as a shell reads it back: quoted as shlex does when it is all printable,
    else in bash's and zsh's $'...' with each control character (and each byte of a
    name that is not UTF-8) as \\xNN, so that what the terminal shows can be typed."""
    if _escaped(text) == text:
        import shlex  # (not at start: a plain `coretui` has no use for it)

        return shlex.quote(text)
    return "$'" + _escaped(text.replace("\\", "\\\\").replace("'", "\\'")) + "'"


def _escaped(text: str) -> str:
    """`text` with what a terminal would act on (control characters, newline and tab
    too) as \\xNN, and each byte that is not UTF-8 (a lone surrogate) as that byte."""
    from coretui.textsafe import printable

    def one(char: str) -> str:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # (os.fsdecode's surrogateescape)
            return f"\\x{code - 0xDC00:02x}"
        if 0x80 <= code <= 0x9F:  # (a C1 control: $'\\x85' would be the byte, not U+0085)
            return f"\\u{code:04x}"
        return printable(char) if char not in "\n\t" else f"\\x{code:02x}"

    return "".join(map(one, text))


def time_zone_problem() -> str | None:
    """Why local times cannot be told, in one line, or None.

    Python refuses a UTC offset of 24 hours or more, which the C library takes from
    a TZ such as "UTC+24"; no place uses one, so it is reported, not guessed round.
    """
    try:
        datetime.now().astimezone()
    except (ValueError, OverflowError):
        tz_env = os.environ.get("TZ")
        zone = "the local time zone" if tz_env is None else f"the time zone TZ={tz_env!r}"
        return f"{zone} is 24 hours or more from UTC; set TZ to a zone such as Europe/Paris"
    return None
