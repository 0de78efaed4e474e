"""The files `export -o` and `cues --wav` may write: never coretui's own, never a
folder, device, pipe or socket. A symlink is written through, the link kept."""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import re
import stat
from pathlib import Path

from coretui.cli.errors import UserError
from coretui.history.checkpoint import folder_for
from coretui.paths import AppPaths
from coretui.problem_words import os_reason


def output_file(path: Path, paths: AppPaths) -> Path:
    """The file to write for `path` (where a symlink points); UserError if it is not one
    a command should replace."""
    real = Path(os.path.realpath(path))
    try:
        # The path as given, links followed: /dev/stdout on a pipe has no real path
        # (pipe:[1234]) but is a pipe all the same.
        mode: int | None = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:  # a symlink loop, a folder without access
        raise UserError(f"{path}: {os_reason(exc)}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise UserError(f"{path}: is a folder; give a file name")
    if mode is not None and not stat.S_ISREG(mode):
        raise UserError(f"{path}: is a device, pipe or socket, not a file; not written")
    # Written beside and renamed over, it needs only its folder writable: a file made
    # read-only (chmod 444, or not the user's to write) would be replaced all the same.
    if mode is not None and (not mode & 0o222 or not os.access(real, os.W_OK)):
        raise UserError(f"{path}: is read-only; not written")
    if _coretuis_own(real, paths):
        raise UserError(
            f"{path}: is one of coretui's own files or your routines; give another file name"
        )
    return real


def cannot_write(shown: str, target: Path, exc: OSError) -> UserError:
    """Why the file the user named (`shown`, as typed) was not written: "no folder
    out/2026" where the folder is missing ("No such file or directory" blamed the file)."""
    folder = target.parent
    if exc.errno == errno.ENOENT and not folder.exists():
        return UserError(f"cannot write {shown}: there is no folder {folder}")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) and target.exists():
        # (a read-only file is refused before: `output_file`) Its new copy is made
        # beside it, then put in its place: a shell's `>` would have written it.
        reason = f"no file can be made in {folder}, where its new copy is written first"
        return UserError(f"cannot write {shown}: {reason} ({os_reason(exc)})")
    return UserError(f"cannot write {shown}: {os_reason(exc)}")


def kept_mode(target: Path, new: int) -> int:
    """The permissions of the file written at `target`: those it had (whoever could read
    it still can; a private one stays private), else `new`."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return new


def usual_mode() -> int:
    """A new file's usual permissions, as the umask leaves them (mkstemp's are private)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _coretuis_own(real: Path, paths: AppPaths) -> bool:
    """The history and what goes with it (lock, moved-aside lines, in-progress records),
    the settings and their kept copies, the progress file and the user's routines:
    through a symlink or a hard link too."""
    # The lock and the moved-aside lines are named after the history's path as given
    # (a link's own folder and name), and where the link points is guarded too.
    given = paths.history_file
    beside_history = any(
        real.parent == Path(os.path.realpath(history.parent))
        and (
            real.name in (history.name, history.with_suffix(".lock").name)
            or real.name.startswith(f"{history.stem}.corrupt-")
        )
        for history in (given, Path(os.path.realpath(given)))
    )
    in_progress = Path(os.path.realpath(folder_for(paths.history_file)))
    # The user's routines (and the copies kept when they were mended), and the copies
    # of hand-written settings kept before coretui first wrote them (`.bak`, `.bak.1`).
    routines = Path(os.path.realpath(paths.routines_dir))
    settings_copy = any(
        real.parent == Path(os.path.realpath(settings.parent))
        and re.fullmatch(rf"{re.escape(settings.name)}\.bak(\.\d+)?", real.name)
        for settings in paths.settings_files
    )
    if beside_history or settings_copy or any(map(real.is_relative_to, (in_progress, routines))):
        return True
    owned = [paths.history_file, *paths.settings_files, paths.config_dir / "progress.json"]
    with contextlib.suppress(OSError):  # (no routines folder, or none to list)
        owned += [file for file in paths.routines_dir.iterdir() if file.is_file()]
    for settings in paths.settings_files:  # (their kept copies: `.bak`, `.bak.1`...)
        with contextlib.suppress(OSError):
            owned += settings.parent.glob(f"{glob.escape(settings.name)}.bak*")
    for file in owned:
        if real == Path(os.path.realpath(file)):
            return True
        try:
            if os.path.samefile(real, file):  # a hard link elsewhere: the same bytes
                return True
        except OSError:  # either is missing
            continue
    return False
