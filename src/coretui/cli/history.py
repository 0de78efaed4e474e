"""The history subcommands: history, export, log, merge and delete.

`coretui history --json` prints a stable object; its keys are documented in the
README ("History on the command line") and only ever added to, never renamed.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections import Counter
from dataclasses import replace
from datetime import date
from operator import attrgetter
from pathlib import Path

from coretui.cli.output import json_text, saying_if_new, warn, without_lone_surrogates
from coretui.durations import elapsed_text
from coretui.history import (
    BadLine,
    HistoryError,
    HistoryStore,
    NoSuchSession,
    Session,
    SessionBrief,
    cache_file_for,
)
from coretui.history.ids import session_by_id
from coretui.history.load import MOVED_ASIDE
from coretui.history.notices import ahead_notice
from coretui.history.streaks import counting_days, daily_streaks, week_progress, weekly_streak
from coretui.paths import AppPaths
from coretui.textsafe import json_printable, printable

CSV_COLUMNS = (
    "id",
    "routine_id",
    "routine_name",
    "local_date",
    "started_at",
    "finished_at",
    "tz",
    "status",
    "duration_s",
    "active_s",
    "steps_done",
    "steps_skipped",
    "pain_before",
    "pain_after",
    "note",
    # Added later, so at the end: a script reading the columns by place still works.
    "steps_ended_early",
    "steps_not_done",
    "counted",
    "hurt",
    "easier",
)


def run_history_command(paths: AppPaths, args: argparse.Namespace) -> int:
    """Dispatch history, export, log, merge or delete."""
    from coretui.cli.errors import UserError

    store = HistoryStore(
        paths.history_file, brief_cache=cache_file_for(paths.history_file, paths.cache_folder)
    )
    try:
        match args.command:
            case "history" if args.session_id is not None:
                return cmd_session(store, args.session_id, args.json)
            case "history":
                return cmd_history(paths, store, args.json)
            case "export":
                return cmd_export(paths, store, args.format, args.output)
            case "log":
                from coretui.cli.log import cmd_log

                with saying_if_new(store.path):
                    rated = (args.pain_before, args.pain_after, args.note)
                    return cmd_log(paths, store, args.routine_id, args.date, args.status, rated)
            case "merge":
                with saying_if_new(store.path):
                    return cmd_merge(store, args.file)
            case "delete":
                return cmd_delete(store, args.session_id, args.yes)
    except NoSuchSession as exc:
        hint = _routine_hint(paths, args.session_id) if args.command == "delete" else ""
        raise UserError(f"{exc}{hint}") from None
    except HistoryError as exc:
        raise UserError(str(exc)) from None
    finally:  # (a write that moved a crash's torn last line aside: where it went)
        warn(
            f"{store.path} ended in an incomplete line: moved to {kept}" for kept in store.set_aside
        )
    raise UserError(f"unknown command {args.command!r}", 2)


def _load(store: HistoryStore, keep_deleted: bool = False) -> list[Session]:
    loaded = store.load(keep_deleted)
    _warn(loaded.bad_lines, str(store.path), unread=store.unread)
    return loaded.sessions


def _load_briefs(store: HistoryStore) -> list[SessionBrief]:
    """What `history` shows of every session: several times faster than whole sessions."""
    loaded = store.load_briefs()
    _warn(loaded.bad_lines, str(store.path), unread=store.unread)
    return loaded.briefs


LISTED = 10  # sessions `coretui history` lists under its summary line
WARN_AT_MOST = 5
"""Bad lines named one by one; the rest are counted (a stray file has hundreds)."""
NUMBERED_AT_MOST = 20
"""Of the rest, the numbers of the first few, to look them up in the file."""


def _warn(
    bad_lines: list[BadLine],
    where: str,
    unit: str = "line",
    unread: list[str] | None = None,
) -> None:
    """The bad lines of the file `where` (the first few said, the rest by number), and
    the files that held no record (`unread`)."""
    warn(unread or [])
    for bad in bad_lines[:WARN_AT_MOST]:
        print(f"warning: {where} {unit} {bad.line_number} skipped: {bad.reason}", file=sys.stderr)
    if rest := bad_lines[WARN_AT_MOST:]:
        numbers = ", ".join(str(bad.line_number) for bad in rest[:NUMBERED_AT_MOST])
        numbers += ", …" if len(rest) > NUMBERED_AT_MOST else ""
        units = unit if len(rest) == 1 else f"{unit}s"
        said = f"... and {len(rest)} more {where} {units} skipped ({units} {numbers})"
        print(f"warning: {said}", file=sys.stderr)


def history_summary(sessions: list[SessionBrief], today: date, goal: int) -> dict[str, object]:
    """The stable object `coretui history --json` prints."""
    days = counting_days(sessions)
    current, longest = daily_streaks(days, today)
    statuses = Counter(map(attrgetter("status"), sessions))
    return {
        "sessions": len(sessions),
        "completed": statuses["completed"],
        "partial": statuses["partial"],
        "current_streak": current,
        "longest_streak": longest,
        "weekly_goal": goal,
        "this_week": week_progress(days, today),
        "weekly_streak": weekly_streak(days, today, goal),
        "active_s": round(sum(map(attrgetter("active_s"), sessions)), 3),
        "last_session": _brief_object(sessions[-1]) if sessions else None,
        "newest": [_brief_object(s) for s in reversed(sessions[-LISTED:])],
    }


def _brief_object(session: SessionBrief) -> dict[str, object]:
    """A session as `history --json` lists it."""
    return {
        "id": session.id,
        "routine_id": session.routine_id,
        "routine_name": session.routine_name,
        "local_date": session.local_date.isoformat(),
        "status": session.status,
        "duration_s": session.duration_s,
        "pain_before": session.pain_before,
        "pain_after": session.pain_after,
        "counted": session.did_the_work,
    }


def cmd_history(paths: AppPaths, store: HistoryStore, as_json: bool) -> int:
    """`coretui history`: counts, streaks and the latest sessions."""
    from coretui.history.session_words import hurt_and_note, routine_names
    from coretui.settings import load_settings

    sessions = _load_briefs(store)
    settings = load_settings(paths.settings_files)
    warn(settings.notices)  # the weekly goal read may be the default
    goal = settings.settings.weekly_goal
    warn(filter(None, [ahead_notice(sessions, date.today())]))
    summary = history_summary(sessions, date.today(), goal)
    if as_json:
        print(json_text(summary))
        return 0
    print(
        f"{_count(summary['sessions'], 'session')} · streak"
        f" {_count(summary['current_streak'], 'day')} (best {summary['longest_streak']})"
        f" · this week {summary['this_week']}/{goal}"
        f" · goal met {_count(summary['weekly_streak'], 'week')} in a row"  # (80 columns)
    )
    if not sessions and not store.path.exists():
        # Also a mistyped --data-dir: say where the history was looked for.
        print(f"no history file at {printable(str(store.path), single_line=True)}")
    if len(sessions) > LISTED:
        print(f"the newest {LISTED}; coretui export lists them all")
    listed = store.load_sessions(sessions[-LISTED:])  # (their steps and notes: ten lines)
    names = routine_names(listed)  # (as on the History screen)
    for session in reversed(listed):  # newest first, as on the History screen
        pain = ""
        if session.pain_before is not None or session.pain_after is not None:
            pain = f"  pain {_dash(session.pain_before)}→{_dash(session.pain_after)}"
        name = printable(names[session.id], single_line=True)
        status = session.status if session.did_the_work else "not counted"  # (as on screen)
        print(
            f"{session.id[:8]}  {session.local_date}  {status:<11}"
            f"  {elapsed_text(session.duration_s):>8}"
            f"  {name}{pain}{hurt_and_note(session)}"
        )
    return 0


NAME_CELLS = 32
"""An exercise's name in `history ID` is cut to this, as on the session page: a long one
pushed every column past the width of a terminal."""


def cmd_session(store: HistoryStore, session_id: str, as_json: bool) -> int:
    """`coretui history ID`: one session, every step planned against done, and its note,
    in the words of the History screen's session page."""
    from rich.cells import cell_len  # (not at start: `history --json` needs none)

    from coretui.cells import cut
    from coretui.history.session_words import (
        session_heading,
        set_numbers,
        step_marks,
        step_words,
    )

    found = session_by_id({s.id: s for s in _load(store, keep_deleted=True)}, session_id)
    if isinstance(found, str):
        raise NoSuchSession(found)
    if found.deleted:  # ("no session with id": the user may look for it elsewhere)
        raise NoSuchSession(f"the session '{session_id}' was deleted (coretui delete)")
    if as_json:
        text = json_text(found.to_dict())
        print(json_printable(text) if _to_terminal() else text)  # (as export prints it)
        return 0
    print(session_heading(found))
    rows = [("Exercise", "Side", "Set", "Planned", "Done", "Ended")] if found.steps else []
    for step, sets in zip(found.steps, set_numbers(found.steps), strict=True):
        side, planned, done, ended = step_words(step)
        ended = " · ".join((ended, *step_marks(step)))
        name = cut(printable(step.exercise, single_line=True), NAME_CELLS)
        rows.append((name, side, sets, planned, done, ended))
    widths = [max((cell_len(row[column]) for row in rows), default=0) for column in range(5)]
    for row in rows:  # (padded by the cells each takes: an emoji takes two)
        cells = [c + " " * (w - cell_len(c)) for c, w in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[5]]))
    print(f"Note: {printable(found.note)}" if found.note else "No note.")
    return 0


def _count(value: object, noun: str) -> str:
    """ "1 day", "3 days"."""
    return f"{value} {noun}" if value == 1 else f"{value} {noun}s"


def _dash(value: int | None) -> str:
    return "-" if value is None else str(value)


def _spreadsheet_safe(value: object) -> object:
    """Keep a note like "=HYPERLINK(...)" from running as a formula when the CSV is opened;
    a bare "\r" in it as "\n", which the writer quotes (left unquoted, it began a new row
    there: "x\r=1+1" made a row whose first cell was a formula)."""
    if not isinstance(value, str):
        return value
    value = re.sub(r"\r(?!\n)", "\n", value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\n") else value


def export_text(sessions: list[Session], fmt: str) -> str:
    """Every session as CSV (one row each) or JSON (the full records)."""
    from coretui.history.session_words import easier_moves, hurt_moves

    if fmt == "json":
        return json_text([s.to_dict() for s in sessions]) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in sessions:
        row = s.to_dict()
        # Counted as the summary counts them: a step the workout stopped in, or never
        # reached, is "not done", not "skipped".
        said = [step.outcome for step in s.steps]
        row["steps_done"] = said.count("done")
        row["steps_skipped"] = said.count("skipped")
        row["steps_ended_early"] = said.count("ended early")
        row["steps_not_done"] = said.count("stopped") + said.count("not reached")
        row["counted"] = "true" if s.did_the_work else "false"  # (toward the streak)
        row["hurt"] = "; ".join(hurt_moves(s))
        row["easier"] = "; ".join(easier_moves(s))
        writer.writerow([_spreadsheet_safe(row[column]) for column in CSV_COLUMNS])
    return without_lone_surrogates(buffer.getvalue())


def _to_terminal() -> bool:
    """Whether standard output is a terminal (its own function: tests stand in for it)."""
    return sys.stdout.isatty()


def cmd_export(paths: AppPaths, store: HistoryStore, fmt: str, output: str | None) -> int:
    """`coretui export`: to stdout, or atomically to a file (through a symlink)."""
    from coretui.cli.targets import cannot_write, kept_mode, output_file
    from coretui.cli.values import STDOUT
    from coretui.safe_files import atomic_write

    if output == STDOUT:  # "-o -": standard output, as for most tools
        output = None
    target = None if output is None else output_file(Path(output), paths)  # (before the work)
    text = export_text(_load(store), fmt)
    if output is None or target is None:
        # To a terminal, a note's or a name's control characters are shown, not acted
        # on (an ESC [2J cleared the screen); to a pipe, the file is as it is.
        if _to_terminal():
            text = printable(text) if fmt == "csv" else json_printable(text)
        print(text, end="")
        return 0
    try:
        # A new export is private, as the history is; a file written over keeps its
        # permissions. A mistyped folder is an error, not made.
        atomic_write(target, text, create_folder=False, mode=kept_mode(target, 0o600))
    except OSError as exc:
        raise cannot_write(output, target, exc) from None
    print(f"wrote {output}", file=sys.stderr)  # stdout stays clean for pipes
    return 0


def cmd_merge(store: HistoryStore, other: Path) -> int:
    """`coretui merge`: add another machine's sessions; nothing local is lost."""
    if other.suffix.lower() == ".csv":  # (was "not valid JSON (invalid character...)")
        raise HistoryError(
            f"cannot merge {other}: a CSV export is for reading, not merging back;"
            " merge takes a history.jsonl or an export made with --format json"
        )
    result = store.merge(other)
    # Another file's torn last line is only skipped: it is not ours to move aside.
    bad = [replace(b, reason=b.reason.replace(MOVED_ASIDE, "")) for b in result.bad_lines]
    _warn(bad, str(other), result.unit)
    counts = f"{result.added} added, {result.updated} updated, {result.unchanged} unchanged"
    if result.deleted:
        counts += f", {result.deleted} deleted"
    if result.deletions_kept:  # (of sessions never here: a copy merged in later stays gone)
        kept = result.deletions_kept
        counts += f", {kept} deletion{'s' if kept != 1 else ''} kept"
    print(f"merged {other}: {counts}")
    return 0


def _routine_hint(paths: AppPaths, name: str) -> str:
    """For `delete ROUTINE_ID`: how a routine is deleted (delete is for sessions)."""
    from coretui.workout.routines import load_library

    loaded = load_library(paths.routines_dir).get(name)
    if loaded is None:
        return ""
    if loaded.source == "bundled":
        return f"; '{name}' is a bundled routine, which cannot be deleted"
    return f"; '{name}' is a routine: to delete it, delete its file {loaded.file}"


def cmd_delete(store: HistoryStore, session_id: str, yes: bool = False) -> int:
    """`coretui delete`: hide a mistaken session everywhere (a tombstone line is appended).

    Typed at a terminal it names the session and asks first (on stderr, as `rm -i`:
    its output may go to a file or a pipe), as the History screen does (a start of 4
    characters is enough to name one, and there is no undo); `yes`, or a script's
    input, deletes at once."""
    if not yes and sys.stdin.isatty():
        found = session_by_id({s.id: s for s in store.load().sessions}, session_id)
        if isinstance(found, str):
            store.delete(session_id)  # says why, as without the question: none, or gone
            raise NoSuchSession(found)  # (not reached)
        name = printable(found.routine_name, single_line=True)
        try:
            print(f"Delete {found.local_date} {name} ({found.id})? [y/N] ", end="", file=sys.stderr)
            answer = input()
        except (EOFError, KeyboardInterrupt):  # the prompt's line ended, not the shell's
            print(file=sys.stderr)
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print("not deleted", file=sys.stderr)
            return 1
        session_id = found.id
    gone = store.delete(session_id)
    name = printable(gone.routine_name, single_line=True)
    print(f"deleted {gone.local_date} {name} ({gone.id})")
    return 0
