"""The `coretui` command: the TUI by default, plus subcommands for scripts.

User errors (an unknown routine, a bad file, a bad date) are one line on stderr
and a non-zero exit; tracebacks are for bugs only.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from coretui import __version__
from coretui.cli.errors import (
    EXIT_USAGE,
    UserError,
    check_routine,
    time_zone_problem,
    unknown_routine,
)
from coretui.cli.output import OutputError, drop_pending_output, guarded_stdout
from coretui.paths import AppPaths
from coretui.problem_words import os_reason
from coretui.textsafe import printable
from coretui.wording import counted

if TYPE_CHECKING:
    import argparse

    from coretui.workout.routines import Library

# The routine models (pydantic) load inside the commands that need them, so
# `coretui history` and `--version` start without them.


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar (a plain `coretui`, with no arguments, goes without it:
    `PLAIN_START`)."""
    import argparse

    from coretui.cli.arguments import (
        Parser,
        add_history_commands,
        add_routine_commands,
        folder_value,
        host_value,
        port_number,
        workout_options,
    )

    parser = Parser(prog="coretui", description="Core-strengthening interval trainer.")
    parser.add_argument("--version", action="version", version=f"coretui {__version__}")
    parser.add_argument("--data-dir", type=folder_value, help="folder for history (this run only)")
    parser.add_argument(
        "--config-dir", type=folder_value, help="folder for routines and settings (this run only)"
    )
    workout_options(parser, "for the workouts of this run")
    # Where a user's files are, for one who never opens the app (and --config-dir).
    where = AppPaths.resolve()
    files = (  # a line each: a path is never wrapped at one of its hyphens
        "Your files (unless --config-dir or --data-dir says otherwise):\n"
        f"  routines  {where.routines_dir}\n"
        f"  settings  {where.settings_files[0]}\n"
        f"  history   {where.history_file}"
    )
    parser.epilog = files
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    said_files: dict[str, Any] = {"epilog": files, "formatter_class": parser.formatter_class}
    sub = parser.add_subparsers(dest="command", parser_class=Parser, metavar="COMMAND")

    add_routine_commands(sub, said_files)
    add_history_commands(sub, said_files)

    from coretui.cli.cues import add_cues_command

    add_cues_command(sub)

    serve = sub.add_parser(
        "serve",
        help="follow along in a browser (needs coretui[serve])",
        description="The app in a browser, behind a token: the printed link (and its QR "
        "code) carries it; plain HTTP, for the local network.",
    )
    serve.add_argument(
        "--host",
        type=host_value,
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1)",
    )
    serve.add_argument("--port", type=port_number, default=8000, help="(default 8000)")
    access = serve.add_mutually_exclusive_group()
    access.add_argument(
        "--token",
        metavar="T",
        help="a fixed token, for a bookmark (CORETUI_TOKEN=T does the same, out of sight "
        "of other accounts' ps)",
    )
    access.add_argument(
        "--no-token", action="store_true", help="serve without a token (loopback --host only)"
    )
    return parser


def load_routines(paths: AppPaths) -> Library:
    """Bundled routines plus the user's, from the config folder."""
    from coretui.workout.routines import load_library

    return load_library(paths.routines_dir)


def cmd_schema() -> int:
    """`coretui schema`: the JSON Schema editors can use to check routine files."""
    from coretui.workout.routine_models import Routine

    schema = Routine.model_json_schema()
    # The key an editor reads the schema's place from, in the file (routine_table drops it).
    schema["properties"] = {"$schema": {"type": "string"}, **schema["properties"]}
    print(json.dumps(schema, indent=2))
    return 0


def cmd_show(paths: AppPaths, routine_id: str, number: int | None) -> int:
    """`coretui show`: the figures of a routine's exercises, colour only on a terminal."""
    import shutil

    from coretui.cli.show import routine_figures_text
    from coretui.services.trainer import Trainer

    library = load_routines(paths)
    loaded = library.get(routine_id)
    if loaded is None:
        raise unknown_routine(routine_id, library)
    count = len(loaded.routine.exercises)
    if number is not None and number > count:
        numbers = "its number is 1" if count == 1 else f"give a number from 1 to {count}"
        said = f"'{routine_id}' has {counted(count, 'exercise')}: {numbers}, not {number}"
        raise UserError(f"{said} (see 'coretui show --help')", EXIT_USAGE)
    terminal = sys.stdout.isatty()
    width = shutil.get_terminal_size().columns if terminal else 80
    colour = terminal and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    # As the user does it, as the routine list shows it: with the progress accepted.
    routine = Trainer.load(paths).plan(loaded.routine).routine
    for line in routine_figures_text(routine, number, width, colour=colour):
        print(line)
    return 0


def cmd_new(paths: AppPaths, routine_id: str, source: str | None) -> int:
    """`coretui new`: a starting routine file in the user's folder; never overwrites."""
    from coretui.workout import routine_files as files
    from coretui.workout.overlays import Overlays

    library = load_routines(paths)
    if library.get(routine_id) is not None:
        raise UserError(f"a routine '{routine_id}' exists already (see 'coretui list')")
    if source is None:
        data = files.starting_routine(routine_id)
        comment = files.NEW_COMMENT
    else:
        loaded = library.get(source)
        if loaded is None:
            raise unknown_routine(source, library)
        changes = Overlays.load(paths.config_dir / "progress.json").for_routine(source)
        data, _ = files.copied(loaded.routine, changes, [])
        data["id"], data["name"] = routine_id, files.copy_name(loaded.routine.name, routine_id)
        comment = files.NEW_FROM_COMMENT.format(name=loaded.routine.name)
    problem = _new_problem(data)
    if problem:
        raise problem
    path = paths.routines_dir / f"{routine_id}.toml"
    try:  # (a routines folder that cannot be read fails the check itself)
        if path.exists():
            raise UserError(f"{path} exists already; not overwritten")
        files.save_routine(data, path, comment)
    except OSError as exc:
        raise UserError(f"{path}: not written: {os_reason(exc)}") from None
    print(path)
    return 0


def _new_problem(data: dict[str, object]) -> UserError | None:
    """Why `coretui new` cannot write `data`: its id (the user's argument), else the
    first field that would not load (nothing is written that a start would refuse)."""
    from pydantic import ValidationError

    from coretui.plain_errors import plain_errors
    from coretui.workout.routine_models import Routine

    try:
        Routine.model_validate(data)
    except ValidationError as exc:
        errors = plain_errors(exc, Routine)
        said = next((f"the {m}" for p, m in errors if p == "id"), None)
        if said is not None:
            return UserError(said, EXIT_USAGE)
        place, message = errors[0] if errors else ("routine", str(exc))
        return UserError(f"not written: {place}: {message}")
    return None


def cmd_tui(paths: AppPaths, args: argparse.Namespace) -> int:
    """Start the Textual app, at the picker or straight into a routine."""
    from coretui.services import start_cache
    from coretui.tui.app import CoreApp
    from coretui.tui.hangup import (
        draw_in_utf8,
        measure_the_screen,
        no_terminal,
        read_keys_leniently,
    )
    from coretui.tui.launch import LaunchOptions
    from coretui.tui.malloc import share_one_arena

    routine_id: str | None = getattr(args, "routine_id", None)
    options = LaunchOptions(
        routine_id=routine_id,
        lead_in_s=getattr(args, "lead_in", None),
        voice=bool(getattr(args, "voice", False)),
        mute=bool(getattr(args, "mute", False)),
        edit_id=getattr(args, "edit_id", None),
    )
    for wanted, edit in ((routine_id, False), (options.edit_id, True)):
        if wanted is not None:  # (checked files from the start cache)
            check_routine(wanted, start_cache.library(paths), edit=edit)
    if (problem := no_terminal()) is not None:
        if not sys.stderr.isatty() and sys.stdout.isatty():  # (stderr went to a file)
            print(f"coretui: {problem}")
        raise UserError(problem, EXIT_USAGE)
    draw_in_utf8()
    read_keys_leniently()
    measure_the_screen()
    share_one_arena()  # before Textual starts its threads (see coretui.tui.malloc)
    app = CoreApp(paths, options)
    app.run()
    return app.return_code or 0


def cmd_serve(paths: AppPaths, args: argparse.Namespace) -> int:
    """`coretui serve`: the app in a browser through textual-serve."""
    from coretui.cli.serve import serve

    return serve(paths, args.host, args.port, token=args.token, no_token=args.no_token)


_NO_CLOCK = frozenset({"list", "validate", "schema", "show", "new", "cues"})
"""Commands that never tell a local date or time."""


def dispatch(args: argparse.Namespace) -> int:
    """Run the chosen subcommand."""
    if args.command is not None:  # (a plain `coretui` takes every workout option)
        from coretui.cli.arguments import unused_workout_flag

        if (flag := unused_workout_flag(args)) is not None:
            why = f"{flag} is for workouts; '{args.command}' has no use for it"
            raise UserError(why, EXIT_USAGE)
    if args.command not in _NO_CLOCK and (problem := time_zone_problem()) is not None:
        raise UserError(problem)
    paths = AppPaths.resolve(args.data_dir, args.config_dir)
    for folder, given, flag in (
        (paths.data_dir, args.data_dir, "--data-dir"),
        (paths.config_dir, args.config_dir, "--config-dir"),
    ):
        hint = f"check {flag}" if given else "coretui keeps its files in this folder"
        try:
            folder.stat()  # (every command reads or writes there)
        except (FileNotFoundError, PermissionError):
            continue  # made when first written to; or said by the command that uses it
        except OSError as exc:  # a name too long, a folder on the way that cannot be read
            raise UserError(f"{folder}: {os_reason(exc)} ({hint})", EXIT_USAGE) from None
        if not folder.is_dir():
            raise UserError(f"{folder}: not a folder ({hint})", EXIT_USAGE)
    match args.command:
        case "list":
            from coretui.cli.listing import cmd_list

            return cmd_list(paths, args.json)
        case "validate":
            from coretui.cli.validate import cmd_validate

            return cmd_validate(paths, args.files)
        case "schema":
            return cmd_schema()
        case "show":
            return cmd_show(paths, args.routine_id, args.number)
        case "new":
            return cmd_new(paths, args.routine_id, args.source)
        case "serve":
            return cmd_serve(paths, args)
        case "cues":
            from coretui.cli.cues import cmd_cues

            return cmd_cues(paths, args)
        case None | "run" | "edit":
            return cmd_tui(paths, args)
        case _:
            from coretui.cli.history import run_history_command

            return run_history_command(paths, args)


SAVED_BEFORE_PRINTING = {
    "log": "the session was saved",
    "merge": "the merge was saved",
    "delete": "the deletion was saved",
    "new": "the routine file was written",
}
"""Commands that change files before they print: a failed print must not read as a
failed command."""


def output_failed(exc: OutputError, command: str | None) -> int:
    """Report that stdout could not be written, in one line, or not at all for `| head`."""
    drop_pending_output()
    saved = SAVED_BEFORE_PRINTING.get(command or "")
    if exc.reader_left:
        # Quiet, as Python's own recipe for a closed pipe; a change made is a success
        # (a script that took exit 1 for a failed `log` would log the session twice).
        return 0 if saved else 1
    message = (
        f"{saved}, but its confirmation could not be printed: {exc}"
        if saved
        else f"could not write the output: {exc}"
    )
    print(f"coretui: {message}", file=sys.stderr)
    return 1


PLAIN_START = {
    "data_dir": None,
    "config_dir": None,
    "lead_in": None,
    "voice": False,
    "mute": False,
    "command": None,
}
"""What `coretui` with no arguments parses to (a test holds it to `build_parser`): its
start, the one a user makes every day, skips argparse and the grammar's modules."""


def plain() -> argparse.Namespace:
    """The arguments of a plain `coretui`, without argparse."""
    return cast("argparse.Namespace", SimpleNamespace(**PLAIN_START))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    command: str | None = None
    try:
        with guarded_stdout():
            words = sys.argv[1:] if argv is None else list(argv)
            args = build_parser().parse_args(words) if words else plain()
            command = args.command
            return dispatch(args)
    except UserError as exc:
        print(f"coretui: {printable(str(exc), single_line=True)}", file=sys.stderr)
        return exc.code
    except OutputError as exc:
        return output_failed(exc, command)
    except KeyboardInterrupt:
        return 130
