"""The start cache: validated settings and routine cards, so the app starts without pydantic.

The routine list and the theme come up from what the last run validated. Each
file is keyed by its path, size, modification time, inode and change time (a
bundled one by its bytes' hash), and the whole cache by coretui's version: a file
that changed, or is new, has no card until it is validated after the first paint. A cache that
is missing, unreadable, corrupt (its checksum line tells) or from another version
is ignored. The package
ships a seed (`data/start-cache.json`): the bundled routines with the default
settings, so even the first start of a fresh install validates nothing first.
"""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
from msgspec import Struct

from coretui import __version__
from coretui.paths import AppPaths
from coretui.safe_files import atomic_write, file_stamp, read_regular
from coretui.settings import settings_file
from coretui.workout.routine_cards import RoutineCard
from coretui.workout.routine_sources import (
    Found,
    LoadError,
    Source,
    arrange,
    bundled_files,
    data_dir,
    routine_folder,
    user_routine_files,
)

if TYPE_CHECKING:
    from coretui.workout.routines import Library, Routine

CACHE_FORMAT = 8
"""Bumped when what a card holds, or what a file must hold to make one, changes within
one version (a development build)."""
SEED_NAME = "start-cache.json"


class FileKey(Struct, frozen=True, array_like=True):
    """Which version of a file an entry was made from."""

    path: str
    stamp: str
    """"size:mtime_ns:ino:ctime_ns" of a user's file; "crc32:size:checksum" of a bundled one."""


class CachedError(Struct, frozen=True, array_like=True):
    """A LoadError, as stored."""

    file: str
    path: str
    message: str


NO_ROUTINE = msgspec.Raw(b"")


class CachedRoutine(Struct, frozen=True, omit_defaults=True):
    """One routine file: its card and routine when it validated, else its errors."""

    key: FileKey
    card: RoutineCard | None = None
    errors: tuple[CachedError, ...] = ()
    routine: msgspec.Raw = NO_ROUTINE
    """The validated routine as JSON (`coretui.workout.routines.Routine`), decoded only
    when a workout needs it: a workout started from the cache needs no pydantic."""


class CachedSettings(Struct, frozen=True):
    """The settings file's validated values (the defaults when there is no file)."""

    key: FileKey | None
    values: dict[str, Any]
    notices: tuple[str, ...] = ()


class StartCache(Struct, frozen=True, kw_only=True):
    """Everything the first paint needs, and what it was made from."""

    version: str
    format: int
    settings: CachedSettings
    plan: str
    """The settings and progress the cards were made with (see `plan_key`)."""
    routines: tuple[CachedRoutine, ...]


# -- keys --------------------------------------------------------------------------------


def file_key(path: Path) -> FileKey | None:
    """The key of a user's file as it is now (`file_stamp`); None when it cannot be seen."""
    stamp = file_stamp(path)
    return None if stamp is None else FileKey(str(path), ":".join(map(str, stamp)))


def bundled_key(name: str, data: bytes) -> FileKey:
    """A bundled file's key, by content: its modification time differs between installs.

    A checksum, not a secure hash: it tells an edited file from the one the seed was
    made from, and needs no hashing library at start.
    """
    return FileKey(name, f"crc32:{len(data)}:{zlib.crc32(data):08x}")


def routine_keys(paths: AppPaths) -> list[FileKey | None]:
    """Every routine file's key, bundled first, in the order the library reads them."""
    keys: list[FileKey | None] = [bundled_key(name, data) for name, data in bundled_files()]
    keys += [file_key(path) for path in user_routine_files(paths.routines_dir)]
    return keys


def progress_file(paths: AppPaths) -> Path:
    """The user's accepted progress (Overlays), which changes the cards."""
    return paths.config_dir / "progress.json"


def plan_key(settings: dict[str, Any], progress: FileKey | None) -> str:
    """What the cards depend on beyond the routine files: lead-in, rests, equipment, progress."""
    used = [
        settings.get("lead_in_s"),
        settings.get("rest_between_sets_s"),
        settings.get("rest_between_exercises_s"),
        settings.get("equipment"),
        None if progress is None else [progress.path, progress.stamp],
    ]
    try:
        return msgspec.json.encode(used).decode("utf-8")
    except UnicodeEncodeError:  # a folder's name that is not UTF-8 ("R\xfccken"): only a key
        return repr(used)


# -- reading and writing -------------------------------------------------------------------


def decode(data: bytes) -> StartCache | None:
    """A cache from its bytes; None when corrupt, of another shape or another version."""
    # The settings values are not typed here (pydantic typed them when they were
    # cached): a checksum tells the bytes coretui wrote from any other.
    check, _, body = data.partition(b"\n")
    if check != _checksum(body):
        return None
    try:
        cache = msgspec.json.decode(body, type=StartCache)
    except (msgspec.DecodeError, RecursionError):  # ValidationError is a DecodeError
        return None
    if cache.version != __version__ or cache.format != CACHE_FORMAT:
        return None
    return cache


MAX_BYTES = 16_000_000
"""A start cache larger than this is not one coretui wrote (it holds routine cards)."""


def read(path: Path) -> StartCache | None:
    """The cache at `path`; None when it is missing or cannot be used (a named pipe or a
    device put there is not waited on or read without end)."""
    try:
        data = read_regular(path, MAX_BYTES)
    except OSError:
        return None
    return None if data is None else decode(data)


_seed_in_use = [True]
"""False while a new seed is made (`seed_set_aside`)."""


@contextlib.contextmanager
def seed_set_aside() -> Iterator[None]:
    """No seed is read meanwhile: a new one is made from the bundled files alone, not
    from the routines the old one holds by their files' checksums."""
    _seed_in_use[0] = False
    try:
        yield
    finally:
        _seed_in_use[0] = True


def read_seed() -> StartCache | None:
    """The seed shipped with the package: the bundled routines and default settings."""
    if not _seed_in_use[0]:
        return None
    try:
        data = (data_dir() / SEED_NAME).read_bytes()
    except OSError:
        return None
    return decode(data)


def encode(cache: StartCache) -> str:
    """The cache as text: a checksum line, then one line of JSON (nobody reads it but
    coretui)."""
    body = msgspec.json.encode(cache)
    return (_checksum(body) + b"\n" + body).decode("utf-8")


def _checksum(body: bytes) -> bytes:
    return b"crc32:%08x" % zlib.crc32(body)


def write(path: Path, cache: StartCache) -> None:
    """Save the cache atomically; a cache that cannot be written is only a slower start
    (nor one whose file names are not UTF-8, "R\xfccken.toml": JSON holds no such text)."""
    with contextlib.suppress(OSError, UnicodeEncodeError):
        atomic_write(path, encode(cache))


# -- the start -------------------------------------------------------------------------------


class StartView(Struct):
    """What the first paint shows, from the cache; files it does not know wait for the
    validation after the first paint."""

    settings: dict[str, Any] | None
    """Validated settings values; None when the settings file must be validated first."""
    settings_key: FileKey | None
    settings_notices: list[str] = msgspec.field(default_factory=list)
    cards: list[RoutineCard] = msgspec.field(default_factory=list)
    errors: list[LoadError] = msgspec.field(default_factory=list)
    """Routine files the cache knows nothing of (new, changed, or unreadable)."""
    from_cache: StartCache | None = None


def start_view(paths: AppPaths) -> StartView:
    """The settings as the caches know them (None when the file changed), without validating."""
    cache, seed = read(paths.start_cache_file), read_seed()
    path = settings_file(paths.settings_files)
    key = None if path is None else file_key(path)
    view = StartView(None, key, from_cache=cache)
    if path is not None and key is None:
        return view  # there but unseen: validating it says why
    for known in (cache, seed):
        if known is not None and known.settings.key == key:
            view.settings = known.settings.values
            view.settings_notices = list(known.settings.notices)
            break
    return view


def fill_routines(view: StartView, paths: AppPaths, settings: dict[str, Any]) -> None:
    """The cards and errors the caches hold for the routine files as they are now."""
    plan = plan_key(settings, file_key(progress_file(paths)))
    entries: dict[FileKey, CachedRoutine] = {}
    for known in (read_seed(), view.from_cache):  # the user's cache wins
        if known is not None and known.plan == plan:
            entries.update((entry.key, entry) for entry in known.routines)
    found: list[Found[RoutineCard]] = []
    for key in routine_keys(paths):
        entry = None if key is None else entries.get(key)
        if key is None or entry is None:
            continue  # changed or new: validated after the first paint
        source: Source = "bundled" if key.path.startswith("bundled:") else "user"
        if entry.card is not None:
            found.append((key.path, source, entry.card))
        else:
            found.append((key.path, source, [LoadError(*astuple(e)) for e in entry.errors]))
    placed, view.errors = arrange(found, lambda card: card.id)
    view.cards = [card for _, _, card in placed]


def known_files(cache: StartCache | None) -> dict[FileKey, msgspec.Raw]:
    """The routines the seed and `cache` (which wins) hold as validated, as JSON, by
    their file's key (they do not depend on the settings or progress, as the cards do).
    A file with errors is read again: a file unreadable then (its permissions) may be
    readable now under the same key."""
    known: dict[FileKey, msgspec.Raw] = {}
    for source in (read_seed(), cache):
        for entry in () if source is None else source.routines:
            if entry.routine:
                known[entry.key] = entry.routine
    return known


def cached_routines(cache: StartCache | None) -> dict[str, Routine]:
    """The user's routines as `cache` last held them, by id (what a file edited while
    coretui was closed said before); a cached routine that no longer decodes is left out."""
    found: dict[str, Routine] = {}
    for entry in () if cache is None else cache.routines:
        bundled = entry.key.stamp.startswith("crc32:")  # (`bundled_key`)
        if entry.routine and not bundled and (routine := _known(entry.routine)) is not None:
            found[routine.id] = routine
    return found


def astuple(error: CachedError) -> tuple[str, str, str]:
    """A cached error's fields, to make a LoadError of."""
    return error.file, error.path, error.message


def cache_of(
    settings: CachedSettings,
    plan: str,
    files: list[tuple[FileKey | None, tuple[RoutineCard, bytes] | list[LoadError]]],
) -> StartCache:
    """A cache to write: settings, and each routine file's card and routine (as JSON),
    or its errors."""
    routines = tuple(
        CachedRoutine(key, card=result[0], routine=msgspec.Raw(result[1]))
        if isinstance(result, tuple)
        else CachedRoutine(
            key, errors=tuple(CachedError(e.file, e.path, e.message) for e in result)
        )
        for key, result in files
        if key is not None
    )
    return StartCache(
        version=__version__, format=CACHE_FORMAT, settings=settings, plan=plan, routines=routines
    )


def read_routine_files(
    paths: AppPaths, cache: StartCache | None
) -> list[tuple[FileKey | None, Found[Routine]]]:
    """Every routine file, bundled first, with its key: as the start cache knows it
    (the seed or `cache`, by that key), else read and validated (pydantic loads then)."""
    from coretui.workout.routines import load_routine_file, parse_routine_bytes

    known = known_files(cache)
    read: list[tuple[FileKey | None, Found[Routine]]] = []
    for name, data in bundled_files():
        bundled = bundled_key(name, data)
        cached = _known(known.get(bundled))
        found = parse_routine_bytes(name, data) if cached is None else cached
        read.append((bundled, (name, "bundled", found)))
    files, problem = routine_folder(paths.routines_dir)
    for path in files:
        key = file_key(path)  # before reading: see Trainer._save_cache
        cached = None if key is None else _known(known.get(key))
        found = load_routine_file(path) if cached is None else cached
        read.append((key, (str(path), "user", found)))
    if problem:
        read.append((None, (str(paths.routines_dir), "user", problem)))
    return read


def folder_now(paths: AppPaths) -> list[object]:
    """The user's routine files by key (None: not seen), then the folder's own problems
    (names never read, such as "mine.toml.txt"; a folder that cannot be listed): to
    tell whether it changed since `read_routine_files` (`folder_as_read`)."""
    files, problem = routine_folder(paths.routines_dir)
    return [*filter(None, map(file_key, files)), *problem]


def folder_as_read(
    paths: AppPaths, read: list[tuple[FileKey | None, Found[Routine]]]
) -> list[object]:
    """What `folder_now` said of the folder when `read_routine_files` read it."""
    keys = [key for key, (_, source, _) in read if source == "user" and key is not None]
    folder = str(paths.routines_dir)
    said = [found for key, (file, _, found) in read if key is None and file == folder]
    return [
        *keys,
        *(problem for problems in said if isinstance(problems, list) for problem in problems),
    ]


def library(paths: AppPaths) -> Library:
    """Every routine, as the start cache knows it where it can (no pydantic for those)."""
    from coretui.workout.routines import library_of

    return library_of(found for _, found in read_routine_files(paths, read(paths.start_cache_file)))


def _known(cached: msgspec.Raw | None) -> Routine | None:
    """A routine file as the cache knows it; None when it does not (or not readably)."""
    from coretui.workout.routines import Routine

    if cached is None:
        return None
    try:
        return msgspec.json.decode(cached, type=Routine)
    except msgspec.DecodeError:  # (a cache of another build of this version)
        return None
