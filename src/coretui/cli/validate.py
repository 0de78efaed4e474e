"""`coretui validate`: whether routine files would load, each said in the order given."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from coretui.durations import minutes_text
from coretui.paths import AppPaths
from coretui.problem_words import os_reason
from coretui.textsafe import printable

if TYPE_CHECKING:
    from coretui.workout.routines import LoadError


def _in_folders(
    given: Sequence[Path], suffixes: tuple[str, ...]
) -> list[tuple[Path, tuple[str, str] | None]]:
    """The files given, a folder for its files ending in `suffixes`: each with None, or
    with why it is none to read as (field, message): "(file)", "no such file or directory";
    "", "cannot read the folder: permission denied"."""
    files: list[tuple[Path, tuple[str, str] | None]] = []
    for path in given:
        try:
            folder = path.is_dir() and not path.name.lower().endswith(suffixes)
        except OSError as exc:  # (a name too long, no permission to look)
            files.append((path, ("(file)", os_reason(exc))))
            continue
        if not folder:
            there = path.name.lower().endswith(suffixes) or os.path.lexists(path)
            files.append((path, None if there else ("(file)", "no such file or directory")))
            continue
        try:
            inside = sorted(p for p in path.iterdir() if p.name.lower().endswith(suffixes))
        except OSError as exc:
            files.append((path, ("", f"cannot read the folder: {os_reason(exc)}")))
            continue
        files += [(file, None) for file in inside] or [(path, ("", NO_ROUTINE_FILE))]
    return files


NO_ROUTINE_FILE = "a folder with no routine file (.toml, .json)"


def cmd_validate(paths: AppPaths, files: Sequence[Path]) -> int:
    """`coretui validate`: exit 0 when every file is a valid routine that would load
    beside the others (its id used by no bundled routine, nor by another of yours)."""
    from coretui.cli.listing import as_run
    from coretui.workout.routine_sources import NOT_READ, ROUTINE_SUFFIXES, id_taken_words
    from coretui.workout.routines import LoadError, Routine, load_library, load_routine_file
    from coretui.workout.timeline import compile_routine

    library = load_library(paths.routines_dir)
    planned = as_run(paths)[0]  # its length as `list` and the routine list give it
    bundled = {r.routine.id: r.file for r in library.routines if r.source == "bundled"}
    mine = {r.routine.id: r.file for r in library.routines if r.source == "user"}
    seen: dict[str, str] = {}
    problems: list[LoadError] = []
    checked: set[str] = set()
    for path, unread in _in_folders(files, ROUTINE_SUFFIXES):
        if (real := os.path.realpath(path)) in checked:
            continue  # named twice (by a path and a glob): one file, checked once
        checked.add(real)
        result: Routine | list[LoadError]
        if unread is not None:  # (not there, or not to be looked at: said why)
            result = [LoadError(str(path), *unread)]
        elif path.name.lower().endswith(ROUTINE_SUFFIXES):  # (a folder so named: "not a file")
            result = load_routine_file(path)
        else:  # ("mine.toml.txt": the app never reads it)
            result = [LoadError(str(path), "", NOT_READ)]
        if not isinstance(result, Routine):
            problems += _said(result)
            continue
        clash = seen.get(result.id)
        is_bundled_copy = bundled.get(result.id) == f"bundled:{path.name}" and _same_as_bundled(
            path
        )
        if clash is None and result.id in bundled and not is_bundled_copy:
            clash = bundled[result.id]
        if clash is None and os.path.realpath(mine.get(result.id, real)) != real:
            clash = mine[result.id]  # the file of yours that `list` loads with that id
        if clash is not None:
            problems += _said([LoadError(str(path), "id", id_taken_words(result.id, clash))])
            continue
        seen[result.id] = str(path)
        name = printable(result.name, single_line=True)
        run = minutes_text(planned(result).total_s())
        written = minutes_text(compile_routine(result).total_s)
        length = run if run == written else f"{run} as you run it, {written} as written"
        print(f"{path}: ok ({name}, {length})")
    return 1 if problems else 0


def _said(problems: list[LoadError]) -> list[LoadError]:
    """Print a file's problems where it comes in the list (as its "ok" would be)."""
    for problem in problems:
        print(printable(str(problem), single_line=True))
    return problems


def _same_as_bundled(path: Path) -> bool:
    from coretui.history.files import open_regular
    from coretui.workout.routines import bundled_dir

    try:
        with open_regular(path) as mine:  # a named pipe there is not waited on
            return (bundled_dir() / path.name).read_bytes() == mine.read()
    except OSError:
        return False
