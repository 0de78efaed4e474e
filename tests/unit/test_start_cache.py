"""The start cache: the routine list and settings come up from it, and never lie for long.

Trainer.load is what the app does before its first paint (cache only, no
validation); load_validated is what it does right after, in a worker.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import pytest

from coretui.paths import AppPaths
from coretui.services import start_cache
from coretui.services.start_seed import seed_text
from coretui.services.trainer import Trainer
from coretui.workout.routine_sources import data_dir

BUNDLED = ["core-six", "core-six-mat", "core-quick"]
MINE = """
id = "mine"
name = "Mine ({n})"
[[exercises]]
kind = "hold"
name = "Plank"
seconds = {s}
"""


def write(paths: AppPaths, name: str, text: str) -> Path:
    paths.routines_dir.mkdir(parents=True, exist_ok=True)
    path = paths.routines_dir / name
    path.write_text(text, encoding="utf-8")
    return path


def later(path: Path) -> None:
    """A new modification time, as an editor saving the file a moment later gives it."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def started(paths: AppPaths) -> Trainer:
    """A run that has shown its first screen and validated after it (writing the cache)."""
    trainer = Trainer.load(paths)
    trainer.load_validated()
    return trainer


def names(trainer: Trainer) -> list[str]:
    return [card.name for card in trainer.cards]


def test_a_cached_routine_is_listed_at_start_without_validating(paths: AppPaths) -> None:
    write(paths, "mine.toml", MINE.format(n=1, s=30))
    first = Trainer.load(paths)
    assert [c.id for c in first.cards] == BUNDLED, "a new file waits for its validation"
    first.load_validated()
    assert [c.id for c in first.cards] == [*BUNDLED, "mine"]

    again = Trainer.load(paths)
    assert [c.id for c in again.cards] == [*BUNDLED, "mine"]
    assert not again.validated
    assert again.load_validated() is False, "the cache told the truth: nothing to update"


@pytest.mark.parametrize("seconds", [40, 400], ids=["same size", "new size"])
def test_an_edited_file_is_shown_as_it_is_now_after_validation(
    paths: AppPaths, seconds: int
) -> None:
    path = write(paths, "mine.toml", MINE.format(n=1, s=30))
    started(paths)
    write(paths, "mine.toml", MINE.format(n=2, s=seconds))
    later(path)

    trainer = Trainer.load(paths)
    assert "Mine (1)" not in names(trainer), "the old version is never shown"
    assert trainer.load_validated() is True
    assert "Mine (2)" in names(trainer)
    card = next(c for c in trainer.cards if c.id == "mine")
    assert card.exercises[0].text == f"Plank: {seconds} s hold"
    assert "Mine (2)" in names(Trainer.load(paths)), "and the cache now holds the new one"


def test_an_edit_that_kept_the_size_and_put_the_time_back_is_seen(paths: AppPaths) -> None:
    # A sync or `cp -p` writes new numbers of one size with the old time: the cache,
    # keyed by size and time, kept showing and running the old plank for good.
    path = write(paths, "mine.toml", MINE.format(n=1, s=30))
    started(paths)
    before = path.stat()
    write(paths, "mine.toml", MINE.format(n=1, s=90))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    trainer = Trainer.load(paths)
    trainer.load_validated()
    card = next(c for c in trainer.cards if c.id == "mine")
    assert card.exercises[0].text == "Plank: 90 s hold"


def test_a_removed_file_is_gone_at_once(paths: AppPaths) -> None:
    path = write(paths, "mine.toml", MINE.format(n=1, s=30))
    started(paths)
    path.unlink()
    trainer = Trainer.load(paths)
    assert [c.id for c in trainer.cards] == BUNDLED
    assert trainer.load_validated() is False


def test_a_file_broken_after_caching_shows_its_error_after_validation(paths: AppPaths) -> None:
    path = write(paths, "mine.toml", MINE.format(n=1, s=30))
    started(paths)
    write(paths, "mine.toml", MINE.format(n=1, s=-5))
    later(path)

    trainer = Trainer.load(paths)
    assert "mine" not in [c.id for c in trainer.cards]
    assert trainer.load_validated() is True
    assert [str(e) for e in trainer.errors] == [
        f"{path}: exercise 1 · seconds: must be at least 1, got -5"
    ]
    again = Trainer.load(paths)
    assert [str(e) for e in again.errors] == [str(e) for e in trainer.errors], "cached too"


def test_a_user_routine_reusing_a_bundled_id_is_refused_from_the_cache_too(
    paths: AppPaths,
) -> None:
    path = write(paths, "six.toml", MINE.format(n=1, s=30).replace('"mine"', '"core-six"'))
    validated = started(paths)
    cached = Trainer.load(paths)
    assert [c.id for c in cached.cards] == BUNDLED
    assert [str(e) for e in cached.errors] == [str(e) for e in validated.errors]
    assert [str(e) for e in cached.errors] == [
        f"{path}: id: 'core-six' is already the id of the bundled routine core-six.toml;"
        " give this one another id"
    ]


@pytest.mark.parametrize(
    "damage", ["garbage", "truncated", "folder", "named-pipe", "device", "unreadable"]
)
def test_a_damaged_cache_is_ignored(paths: AppPaths, damage: str) -> None:
    write(paths, "mine.toml", MINE.format(n=1, s=30))
    started(paths)
    cache = paths.start_cache_file
    if damage == "garbage":
        cache.write_bytes(b"\x00\xffnot json")
    elif damage == "truncated":
        cache.write_bytes(cache.read_bytes()[:100])
    elif damage == "folder":
        cache.unlink()
        cache.mkdir()
    elif damage == "named-pipe":  # read, it waited for ever: the app never painted
        cache.unlink()
        os.mkfifo(cache)
    elif damage == "device":
        cache.unlink()
        cache.symlink_to("/dev/zero")
    else:
        if os.geteuid() == 0:
            pytest.skip("root reads any file")
        cache.chmod(0)

    trainer = Trainer.load(paths)
    assert [c.id for c in trainer.cards] == BUNDLED, "bundled from the seed; mine waits"
    trainer.load_validated()
    assert [c.id for c in trainer.cards] == [*BUNDLED, "mine"]


def test_a_cache_edited_by_hand_is_ignored(paths: AppPaths) -> None:
    # Well-formed JSON of the right shape, but a value no validation let through:
    # the app's weekly streak would have compared a number with "x".
    started(paths)
    cache = paths.start_cache_file
    text = cache.read_text(encoding="utf-8")
    assert '"weekly_goal":3' in text
    cache.write_text(text.replace('"weekly_goal":3', '"weekly_goal":"x"'), encoding="utf-8")

    trainer = Trainer.load(paths)
    assert trainer.settings_values["weekly_goal"] == 3, "the seed's, not the edited cache's"
    assert trainer.settings.weekly_goal == 3


def test_a_cache_from_another_version_is_ignored(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(paths, "mine.toml", MINE.format(n=1, s=30))
    started(paths)
    monkeypatch.setattr(start_cache, "__version__", "99.0")
    trainer = Trainer.load(paths)
    assert trainer.cards == [], "neither the user's cache nor the seed is of this version"
    trainer.load_validated()
    assert [c.id for c in trainer.cards] == [*BUNDLED, "mine"]


def test_settings_come_from_the_cache_until_the_file_changes(paths: AppPaths) -> None:
    paths.config_dir.mkdir(parents=True)
    settings = paths.settings_files[0]
    settings.write_text('theme = "gruvbox"\nweekly_goal = 9\n', encoding="utf-8")
    first = started(paths)
    assert first.settings_values["theme"] == "gruvbox"
    assert first.notices == [
        f"{settings}: weekly_goal: must be at most 7, got 9; using the default"
    ]

    cached = Trainer.load(paths)
    assert cached._settings is None, "the start did not validate"
    assert cached.settings_values["theme"] == "gruvbox"
    assert cached.notices == first.notices, "the file's problems are still told"

    settings.write_text('theme = "nord"\n', encoding="utf-8")
    later(settings)
    assert Trainer.load(paths).settings_values["theme"] == "nord"


def test_settings_changed_in_the_app_are_cached_for_the_next_start(paths: AppPaths) -> None:
    trainer = started(paths)
    trainer.change_setting("rest_between_exercises_s", 45)
    again = Trainer.load(paths)
    assert again._settings is None
    assert again.settings_values["rest_between_exercises_s"] == 45
    card = next(c for c in again.cards if c.id == "core-quick")
    assert card.rest_between_exercises_s == 45, "the cards follow the new rests"


def test_the_shipped_seed_is_current() -> None:
    shipped = (data_dir() / start_cache.SEED_NAME).read_text(encoding="utf-8")
    assert shipped == seed_text(), "run: python scripts/write_start_seed.py"


def test_the_seed_is_made_from_the_bundled_files_not_from_the_seed_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Made again, the seed took each bundled routine from the seed it replaced (known
    # by the file's checksum): a change in how a file becomes a routine stayed unseen,
    # and the test above compared the old seed with itself.
    body = (data_dir() / start_cache.SEED_NAME).read_bytes().split(b"\n", 1)[1]
    doctored = body.replace(b'"name":"Plank"', b'"name":"Plonk"')
    seed = tmp_path / start_cache.SEED_NAME
    seed.write_bytes(b"crc32:%08x\n" % zlib.crc32(doctored) + doctored)
    monkeypatch.setattr(start_cache, "data_dir", lambda: tmp_path)
    read = start_cache.read_seed()
    assert read is not None and "Plonk" in start_cache.encode(read)  # (read as a seed)
    assert "Plonk" not in seed_text()


def test_a_file_unreadable_once_loads_when_readable_again(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """chmod 000 then chmod 644: the file's size and mtime do not change, so its key
    does not; the cached "Permission denied" must not stand in for the file."""
    paths.routines_dir.mkdir(parents=True)
    mine = paths.routines_dir / "mine.toml"
    mine.write_text(MINE.format(n=1, s=30), encoding="utf-8")
    real_open = Path.open

    def refused(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self == mine:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    with monkeypatch.context() as m:  # first run: the file cannot be read
        m.setattr(Path, "open", refused)
        first = Trainer.load(paths)
        first.load_validated()
        assert first.library.get("mine") is None
    second = Trainer.load(paths)  # readable again (chmod does not touch the mtime)
    second.load_validated()
    assert second.library.get("mine") is not None, second.library.errors


def test_a_routine_file_named_in_another_encoding_loads_without_a_cache(
    paths: AppPaths,
) -> None:
    # "Rücken.toml" saved from a Latin-1 system: its name is no UTF-8, and the cache's
    # JSON cannot hold it. Every start ended in a traceback; now the cache is skipped.
    paths.routines_dir.mkdir(parents=True)
    odd = os.fsdecode(bytes(paths.routines_dir) + b"/R\xfccken.toml")
    Path(odd).write_text(MINE.format(n=1, s=30), encoding="utf-8")
    for _ in range(2):  # the second start reads the cache the first could not write
        trainer = started(paths)
        assert trainer.library.get("mine") is not None, trainer.library.errors
