"""The command line's grammar helpers: one-line usage errors, value types, and the
options every workout takes (`--lead-in`, `--voice`, `--mute`)."""

from __future__ import annotations

import argparse
import math
import re
import sys
import textwrap
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from coretui.cli.errors import EXIT_USAGE, UserError
from coretui.cli.values import file_value, output_value
from coretui.wording import MAX_NOTE

# Sessions logged by hand are for real workouts: nothing before the Unix epoch.
EARLIEST_LOG_DATE = date(1970, 1, 1)


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (plus a hint), not the whole usage."""

    def error(self, message: str) -> NoReturn:
        raise UserError(f"{message} (see '{self.prog} --help')", EXIT_USAGE)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        """As argparse's, but an unknown option after a command points to that command's
        help ('coretui history --help'), where its options are, not to the top's."""
        words = list(sys.argv[1:] if args is None else args)
        commands = next(
            (a.choices for a in self._actions if isinstance(a, argparse._SubParsersAction)), {}
        )
        try:
            parsed, extra = self.parse_known_args(words, namespace)
        except UserError as exc:
            # `coretui --sound off` said "invalid choice: 'off'" (the option's value, taken
            # for the command): the unknown option is the slip.
            if "invalid choice" in str(exc) and (odd := self._unknown_option(words, commands)):
                self.error(f"unrecognized arguments: {odd}")
            # `coretui show --bogus` said "the following arguments are required:
            # ROUTINE_ID": the option the command does not know is the slip.
            named = next((word for word in words if word in commands), None)
            if "arguments are required" in str(exc) and named is not None:
                sub = commands[named]
                given = words[words.index(named) + 1 :]
                options = [w for w in given if re.match("-[-a-z]", w, re.I)]  # (not "-1")
                if odd := sub._unknown_option(options, {}):
                    sub.error(f"unrecognized arguments: {odd}")
            raise
        if extra:
            command = getattr(parsed, "command", None) or ""
            after = command in words and words.index(command) < words.index(extra[0])
            owner = commands.get(command, self) if after else self
            option = self._option_string_actions.get(extra[0].split("=", 1)[0])
            if after and option is not None and option.nargs != 0:  # `history --data-dir D`
                name = option.option_strings[-1]
                value = option.metavar or option.dest.upper()
                self.error(f"{name} goes before the command: coretui {name} {value} {command} ...")
            owner.error(f"unrecognized arguments: {' '.join(extra)}")
        return parsed

    def _unknown_option(self, words: list[str], commands: Any) -> str | None:
        """The first option before the command that this parser does not know."""
        known = list(self._option_string_actions)
        for word in words:
            if word in commands:
                break
            name = word.split("=", 1)[0]
            if word.startswith("-") and not any(option.startswith(name) for option in known):
                return word
        return None


def folder_value(text: str) -> Path:
    """A folder given on the command line: '' would quietly mean the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("needs a folder, not an empty name")
    return Path(text)


def written_number(text: str) -> str:
    """`text` when it is a number written as a routine file's are (ASCII digits, no
    "_"): Python reads "٣" and "1_0" too, which no other number coretui reads allows.
    Raises ValueError otherwise."""
    if not text.isascii() or "_" in text:
        raise ValueError(text)
    return text


def port_number(text: str) -> int:
    """`--port`: a whole number from 1 to 65535 ("http" said argparse's "invalid int
    value")."""
    try:
        port = int(written_number(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"must be 1 to 65535, not {port}")
    return port


def host_value(text: str) -> str:
    """`--host`: an address or name; an IPv6 address may come in brackets, as in a link
    ("[::1]"). An empty one is refused ("" was looked up as a name)."""
    host = text.strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not host:
        raise argparse.ArgumentTypeError(
            "needs an address, such as 127.0.0.1 (this machine) or 0.0.0.0 (every address)"
        )
    return host


def seconds_value(text: str) -> int:
    """`--lead-in`: whole seconds, as a routine file's (0.5 was taken for 0, and 2.5 for 2)."""
    try:
        value = float(written_number(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value < 0 or value > 300 or not value.is_integer():
        raise argparse.ArgumentTypeError(f"must be whole seconds from 0 to 300, not {text}")
    return int(value)


def workout_options(parser: argparse.ArgumentParser, scope: str, default: Any = None) -> None:
    """--lead-in, --voice and --mute: for `coretui` (the list's workouts) and `coretui run`."""
    suffix = f" {scope}" if scope else ""
    flag_default = False if default is None else default  # SUPPRESS: keep what came before
    parser.add_argument(
        "--lead-in",
        type=seconds_value,
        metavar="SECONDS",
        default=default,
        help=f"get-ready seconds{suffix}",
    )
    for flag, words in (
        ("--voice", "spoken guidance (espeak-ng, spd-say, say or Windows)"),
        ("--mute", "no sounds and no voice"),
    ):
        parser.add_argument(
            flag, action="store_true", default=flag_default, help=f"{words}{suffix}"
        )


def exercise_number(text: str) -> int:
    try:
        value = int(written_number(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an exercise number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"exercises are numbered from 1, not {value}")
    return value


WORKOUT_FLAGS = {"lead_in": "--lead-in", "voice": "--voice", "mute": "--mute"}
"""The options of a run's workouts, as their attributes and flags."""
TAKES_WORKOUT_FLAGS: dict[str | None, set[str]] = {
    None: set(WORKOUT_FLAGS),
    "run": set(WORKOUT_FLAGS),
    "edit": set(WORKOUT_FLAGS),  # the editor's session goes on to the list's workouts
    "cues": {"lead_in", "voice"},  # the track as such a run would sound
}


def unused_workout_flag(args: argparse.Namespace) -> str | None:
    """A workout option given to a command that would ignore it, if any."""
    wanted = TAKES_WORKOUT_FLAGS.get(args.command, set())
    for attr, flag in WORKOUT_FLAGS.items():
        value = getattr(args, attr, None)
        # `is`, not `in (None, False)`: 0 == False, and '--lead-in 0' was given.
        if attr not in wanted and value is not None and value is not False:
            return flag
    return None


ROUTINE_ID_HELP = "the routine's id, as 'coretui list' shows it"


def wrapped(description: str) -> str:
    """A command's description in lines of 78: the commands whose help ends with the
    user's files print it as it is (`RawDescriptionHelpFormatter`, for the paths)."""
    return textwrap.fill(description, 78)


def add_routine_commands(sub: Any, said_files: dict[str, Any]) -> None:
    """Register run, list, validate, schema, show, new and edit on the main parser's
    subparsers; `said_files`: the help's ending that names the user's files."""
    run = sub.add_parser(
        "run",
        help="start a routine straight away",
        description=wrapped("Start the routine's workout at once, without the routine list."),
    )
    run.add_argument("routine_id", metavar="ROUTINE_ID", help=ROUTINE_ID_HELP)
    # Given after `run` or before it (`coretui --lead-in 5 run core-six`), the same.
    workout_options(run, "", default=argparse.SUPPRESS)

    ls = sub.add_parser(
        "list",
        help="routines and load errors",
        description=wrapped(
            "Every routine: its id, its length as you run it (your rests and "
            "progress), bundled or yours, its name; then the files that did not load (exit 1)."
        ),
        **said_files,
    )
    ls.add_argument("--json", action="store_true", help="machine-readable output")

    validate = sub.add_parser(
        "validate",
        help="check routine files",
        description=wrapped(
            "Check routine files as the routine list reads them: each says ok "
            "with its length as the file has it, or its problems, one a line (exit 1). "
            "A folder stands for its .toml and .json files."
        ),
    )
    validate.add_argument("files", nargs="+", type=file_value, metavar="FILE")

    sub.add_parser(
        "schema",
        help="print the JSON Schema of a routine file",
        description=wrapped(
            "The JSON Schema of a routine file (TOML or JSON), for a text editor "
            "that checks the file as you write it."
        ),
    )

    show = sub.add_parser(
        "show",
        help="draw the figures of a routine's exercises",
        description=wrapped(
            "Draw each exercise of the routine (or one) as its figure, every pose."
        ),
    )
    show.add_argument("routine_id", metavar="ROUTINE_ID", help=ROUTINE_ID_HELP)
    show.add_argument(
        "number",
        nargs="?",
        type=exercise_number,
        metavar="EXERCISE_NUMBER",
        help="only this exercise (from 1)",
    )

    new = sub.add_parser(
        "new",
        help="write a starting routine file and print its path",
        description=wrapped(
            "Write a routine file to fill in, in your routines folder (never over "
            "one that is there), and print its path."
        ),
        **said_files,
    )
    new.add_argument("routine_id", metavar="ID", help="the new routine's id (its file name)")
    new.add_argument("--from", dest="source", metavar="ROUTINE_ID", help="start from a copy")

    edit = sub.add_parser(
        "edit",
        help="open the routine editor on a routine",
        description=wrapped(
            "Open the routine editor on one of your routines (a bundled one: "
            "on a copy), or on a file that did not load, to mend it."
        ),
        **said_files,
    )
    edit.add_argument("edit_id", metavar="ROUTINE_ID", help=ROUTINE_ID_HELP)
    workout_options(edit, "for the workouts begun after it", default=argparse.SUPPRESS)


def add_history_commands(sub: Any, said_files: dict[str, Any]) -> None:
    """Register history, export, log, merge and delete on the main parser's subparsers;
    `said_files`: the help's ending that names the user's files."""
    history = sub.add_parser(
        "history",
        help="sessions and streaks",
        description=wrapped(
            "The history's totals, streaks and newest sessions; with an ID (its first 4"
            " characters or more), that session: every step, planned against done, and its note."
        ),
        **said_files,
    )
    history.add_argument("session_id", nargs="?", metavar="ID", help="one session, step by step")
    history.add_argument("--json", action="store_true", help="machine-readable output")

    export = sub.add_parser(
        "export",
        help="export every session",
        description=wrapped("Every session: a row each (CSV), or whole with its steps (JSON)."),
        **said_files,
    )
    export.add_argument("--format", choices=("csv", "json"), required=True)
    export.add_argument(
        "-o",
        "--output",
        type=output_value,
        metavar="FILE",
        help="write here, not stdout ('-': stdout)",
    )

    log = sub.add_parser(
        "log",
        help="record a session done away from the terminal",
        description=wrapped(
            "Record a session of the routine done without the timer, as you run "
            "it (your rests and progress), ending now (or on --date)."
        ),
    )
    log.add_argument("routine_id", metavar="ROUTINE_ID", help=ROUTINE_ID_HELP)
    log.add_argument("--date", type=past_date, metavar="YYYY-MM-DD", help="default: today")
    log.add_argument(
        "--status",
        choices=("completed", "partial"),
        default="completed",
        help="default: completed; a partial session holds no work: no streak day",
    )
    for when in ("before", "after"):
        log.add_argument(
            f"--pain-{when}",
            type=pain_value,
            metavar="0-10",
            help=f"your back pain {when} it, 0 (none) to 10, as the summary asks it",
        )
    log.add_argument("--note", type=note_value, metavar="TEXT", help="a note on the session")

    merge = sub.add_parser(
        "merge",
        help="merge another machine's history.jsonl (or a JSON export)",
        description=wrapped("Add another machine's sessions; nothing of this history is lost."),
        **said_files,
    )
    merge.add_argument("file", type=file_value, metavar="FILE")

    delete = sub.add_parser(
        "delete",
        help="delete a mistaken session (appends a tombstone)",
        description=wrapped(
            "Delete a session: a line saying so is added to the history, "
            "which keeps the session's own line."
        ),
        **said_files,
    )
    delete.add_argument(
        "session_id",
        metavar="ID",
        help="the session's id, or its first 4 characters or more: 'coretui history'"
        " shows 8 at the start of each line",
    )
    delete.add_argument(
        "--yes", "-y", action="store_true", help="do not ask first (at a terminal it asks)"
    )


def pain_value(text: str) -> int:
    """A pain rating, 0 (none) to 10, as the summary takes it."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a whole number from 0 to 10, not {text!r}") from None
    if not 0 <= value <= 10:
        raise argparse.ArgumentTypeError(f"from 0 (no pain) to 10, not {value}")
    return value


def note_value(text: str) -> str:
    """A session's note: as long as the summary's note field takes."""
    if len(text) > MAX_NOTE:
        raise argparse.ArgumentTypeError(
            f"a note is at most {MAX_NOTE} characters; this one has {len(text)}"
        )
    return text


def past_date(text: str) -> date:
    # Only the form the help shows: fromisoformat() also takes 20240101 and 2024-W01-1.
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None
    if day > date.today():
        raise argparse.ArgumentTypeError(f"{text} is in the future")
    if day < EARLIEST_LOG_DATE:
        raise argparse.ArgumentTypeError(f"{text} is before {EARLIEST_LOG_DATE}")
    return day
