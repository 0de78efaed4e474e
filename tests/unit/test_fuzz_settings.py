"""Settings files of any shape: the app always starts, bad keys fall back one by one.

`load_settings` never raises. Good keys are kept; each bad key falls back to its
default with exactly one notice, and so does each unknown key. A file that cannot
be read at all gives one notice and every default. The app starts on the picker
with such a file, and saved settings are private (0600) and read back the same.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from textual.widgets._toast import Toast

from coretui.paths import AppPaths
from coretui.settings import Settings, load_settings, save_settings, settings_text
from coretui.tui.screens.picker import PickerScreen
from tests.conftest import FakeClock
from tests.plain_check import assert_plain
from tests.ui.conftest import make_app

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
DEFAULTS = Settings()

# --- good and bad values, key by key ------------------------------------------------------

WRONG_TYPES: list[object] = ["3", 3.0, math.nan, math.inf, [], {}, [1], {"a": 1}]


def ints(low: int, high: int) -> tuple[st.SearchStrategy[Any], st.SearchStrategy[Any]]:
    good = st.integers(low, high)
    bad = st.one_of(
        st.integers(max_value=low - 1),
        st.integers(min_value=high + 1, max_value=2**63 - 1),
        st.booleans(),  # strict: true is not 1
        st.sampled_from(WRONG_TYPES),
    )
    return good, bad


def flag() -> tuple[st.SearchStrategy[Any], st.SearchStrategy[Any]]:
    return st.booleans(), st.one_of(
        st.sampled_from([0, 1, "yes", "true", "on"]), st.sampled_from(WRONG_TYPES)
    )


KEYS: dict[str, tuple[st.SearchStrategy[Any], st.SearchStrategy[Any]]] = {
    "lead_in_s": ints(0, 300),
    "rest_between_sets_s": ints(0, 1800),
    "rest_between_exercises_s": ints(0, 1800),
    "sound": flag(),
    "volume": ints(0, 100),
    "tempo_sounds": flag(),
    "voice": flag(),
    "ask_pain_before": flag(),
    "speech_rate": ints(80, 400),
    "weekly_goal": ints(1, 7),
    "theme": (
        st.text(min_size=1, max_size=64),
        st.one_of(st.just(""), st.text(min_size=65, max_size=70), st.sampled_from([1, True, []])),
    ),
    "equipment": (
        st.lists(st.text(max_size=64), max_size=5),
        st.one_of(
            st.just("mat"),
            st.lists(st.integers(), min_size=1, max_size=3),
            # (too long once the spaces around it go: " bench " is the tag "bench")
            st.lists(
                st.text(min_size=65, max_size=66).filter(lambda tag: len(tag.strip()) > 64),
                min_size=1,
                max_size=2,
            ),
            st.just([["nested"]]),
        ),
    ),
}
assert set(KEYS) == set(Settings.model_fields), "a new setting needs fuzzing here"

unknown_keys = st.text(min_size=1, max_size=20).filter(lambda k: k not in KEYS) | st.sampled_from(
    ["[/x]", "[bold", "\x1b[31mred", "Lead_In_S", "theme ", "a.b"]
)


def _string(text: str) -> str:
    # A JSON string is a TOML basic string, if astral characters stay unescaped
    # (JSON would write surrogate pairs) and DEL is escaped (TOML forbids it raw).
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{_string(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def write(folder: Path, doc: dict[str, object], fmt: str) -> Path:
    path = folder / f"settings.{fmt}"
    if fmt == "json":
        path.write_text(json.dumps(doc), encoding="utf-8")
    else:
        text = "".join(f"{_string(k)} = {toml_value(v)}\n" for k, v in doc.items())
        path.write_text(text, encoding="utf-8")
    return path


def assert_readable(notices: list[str], path: Path) -> None:
    for notice in notices:
        assert notice.startswith(f"{path}: "), notice
        assert not CONTROL.search(notice), f"control characters in a notice: {notice!r}"
        assert_plain(notice)


@st.composite
def settings_files(draw: st.DrawFn) -> tuple[dict[str, object], dict[str, object], set[str]]:
    """(file contents, the good values that must survive, the keys that must fall back)."""
    doc: dict[str, object] = {}
    good: dict[str, object] = {}
    bad: set[str] = set()
    for key, (good_values, bad_values) in KEYS.items():
        choice = draw(st.sampled_from(["absent", "good", "bad"]))
        if choice == "good":
            doc[key] = good[key] = draw(good_values)
        elif choice == "bad":
            doc[key] = draw(bad_values)
            bad.add(key)
    for key in draw(st.lists(unknown_keys, max_size=3, unique=True)):
        doc[key] = draw(st.one_of(st.integers(), st.text(max_size=5), st.booleans()))
    return doc, good, bad


@FUZZ
@given(case=settings_files(), fmt=st.sampled_from(["toml", "json"]))
def test_bad_keys_fall_back_one_by_one_with_one_notice_each(
    case: tuple[dict[str, object], dict[str, object], set[str]], fmt: str
) -> None:
    doc, good, bad = case
    unknown = set(doc) - set(KEYS)
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), doc, fmt)
        loaded = load_settings((Path(folder) / "settings.toml", Path(folder) / "settings.json"))

    assert loaded.file == path
    assert loaded.settings == Settings.model_validate(good), "good kept, bad defaulted"
    for key in bad:
        about = [n for n in loaded.notices if n.startswith(f"{path}: {key}: ")]
        assert len(about) == 1, f"expected one notice about {key}: {loaded.notices}"
        assert about[0].endswith("; using the default"), about[0]
    assert len(loaded.notices) == len(bad) + len(unknown), loaded.notices
    assert sum("unknown setting" in n for n in loaded.notices) == len(unknown)
    assert_readable(loaded.notices, path)


# --- files that cannot be read at all ---------------------------------------------------------


def _fifo(path: Path) -> None:
    os.mkfifo(path)


WHOLE_FILE: dict[str, tuple[str, object]] = {
    "invalid toml": ("toml", b'theme = "unterminated\nsound = \n'),
    "invalid json": ("json", b'{"theme": '),
    "binary garbage": ("toml", bytes(range(256)) * 8),
    "latin-1": ("toml", 'theme = "caf\xe9"\n'.encode("latin-1")),
    "utf-16": ("toml", 'theme = "nord"\n'.encode("utf-16")),
    "nul bytes": ("toml", b'theme = "a\x00b"\n'),
    "top-level array": ("json", b'["theme", "nord"]'),
    "top-level string": ("json", b'"nord"'),
    "5000-digit number": ("json", b'{"weekly_goal": ' + b"9" * 5_000 + b"}"),
    "5000-digit toml number": ("toml", b"weekly_goal = " + b"9" * 5_000 + b"\n"),
    "deeply nested": ("json", b'{"equipment": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
    "deeply nested toml": ("toml", b"equipment = " + b"[" * 50_000 + b"]" * 50_000 + b"\n"),
    "duplicate toml key": ("toml", b"weekly_goal = 2\nweekly_goal = 3\n"),
    "huge": ("toml", b"# " + b"x" * 200_000 + b"\nweekly_goal = 5\n"),
    "a folder": ("toml", "folder"),
    "a fifo": ("toml", _fifo),
}


@pytest.mark.parametrize("case", WHOLE_FILE, ids=str)
def test_an_unreadable_settings_file_gives_defaults_and_one_notice(
    case: str, tmp_path: Path
) -> None:
    fmt, content = WHOLE_FILE[case]
    path = tmp_path / f"settings.{fmt}"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content == "folder":
        path.mkdir()
    else:
        assert callable(content)
        content(path)
    found: list[Any] = []
    # Loading runs in a thread so that a loader blocked on a FIFO fails the test, not hangs it.
    worker = threading.Thread(target=lambda: found.append(load_settings((path,))), daemon=True)
    worker.start()
    worker.join(timeout=10)
    if worker.is_alive():
        with open(path, "wb"):  # unblock the reader so the thread can end
            pass
        pytest.fail(f"load_settings blocked on {case}")

    loaded = found[0]
    assert loaded.settings == DEFAULTS
    assert len(loaded.notices) == 1, loaded.notices
    assert loaded.notices[0].endswith("using default settings"), loaded.notices
    assert_readable(loaded.notices, path)


def test_a_config_folder_whose_name_is_too_long_gives_defaults_and_a_notice(
    tmp_path: Path,
) -> None:
    folder = tmp_path / ("x" * 300)  # stat() fails with ENAMETOOLONG, not "no such file"
    loaded = load_settings((folder / "settings.toml", folder / "settings.json"))
    assert loaded.settings == DEFAULTS
    assert len(loaded.notices) == 1, loaded.notices
    assert "too long" in loaded.notices[0]


def test_no_settings_file_means_defaults_and_no_notice(tmp_path: Path) -> None:
    loaded = load_settings((tmp_path / "settings.toml", tmp_path / "settings.json"))
    assert loaded.settings == DEFAULTS
    assert loaded.notices == []
    assert loaded.file is None


@pytest.mark.parametrize(
    ("name", "written", "said"),
    [
        # Read as the last one says, with no word, where a routine file gets one.
        ("settings.json", '{"volume": 3, "volume": 5}', "duplicate key 'volume'"),
        # "must be a table": TOML's word, in a JSON file.
        ("settings.json", "[1, 2]", "settings are keys and values, as {...} holds"),
    ],
)
def test_a_json_settings_file_is_refused_in_its_own_words(
    tmp_path: Path, name: str, written: str, said: str
) -> None:
    (tmp_path / name).write_text(written)
    loaded = load_settings((tmp_path / "settings.toml", tmp_path / "settings.json"))
    assert loaded.settings == DEFAULTS
    assert loaded.notices == [f"{tmp_path / name}: {said}; using default settings"]


def test_a_settings_file_linked_to_a_place_gone_is_said_not_passed_over(tmp_path: Path) -> None:
    # A settings.toml linked into a dotfiles folder not mounted: the defaults, unsaid.
    gone = tmp_path / "unmounted" / "settings.toml"
    (tmp_path / "settings.toml").symlink_to(gone)
    loaded = load_settings((tmp_path / "settings.toml", tmp_path / "settings.json"))
    assert loaded.settings == DEFAULTS
    assert loaded.notices == [
        f"{tmp_path / 'settings.toml'}: a link to {gone}, not there; using default settings"
    ]
    # A change in the app then filled the folder not mounted with a settings file.
    with pytest.raises(OSError):
        save_settings(Settings(), tmp_path / "settings.toml")
    assert not gone.parent.exists()


def test_a_settings_file_linked_to_itself_is_said_to_be_a_loop_of_links(tmp_path: Path) -> None:
    # "a link to settings.toml, not there": it is there, and links to itself.
    (tmp_path / "settings.toml").symlink_to("settings.toml")
    loaded = load_settings((tmp_path / "settings.toml", tmp_path / "settings.json"))
    assert loaded.notices == [
        f"{tmp_path / 'settings.toml'}: too many levels of symbolic links; using default settings"
    ]
    with pytest.raises(OSError):
        save_settings(Settings(), tmp_path / "settings.toml")
    assert os.readlink(tmp_path / "settings.toml") == "settings.toml", "the link left as it was"


# --- the app starts whatever the file holds -----------------------------------------------


APP_FILES: dict[str, tuple[str, bytes]] = {
    "markup in keys and values": (
        "toml",
        b'"[/x]" = 1\n"[bold" = 2\ntheme = "[/]"\nweekly_goal = 5\nsound = "[red]no"\n',
    ),
    "escape sequences": (
        "json",
        b'{"\\u001b[2J": 1, "theme": "\\u001b]0;pwned\\u0007", "voice": "\\u001b"}',
    ),
    "binary garbage": ("toml", bytes(range(256)) * 4),
    "invalid toml": ("toml", b"lead_in_s = = 3\n"),
    "wrong types everywhere": (
        "json",
        b'{"lead_in_s": "ten", "rest_between_sets_s": -1, "rest_between_exercises_s": 1e9,'
        b' "sound": 1, "voice": null, "weekly_goal": 0, "theme": "", "equipment": "mat"}',
    ),
}


@pytest.mark.parametrize("case", APP_FILES, ids=str)
async def test_the_app_starts_on_the_picker_with_a_bad_settings_file(
    case: str, tmp_path: Path
) -> None:
    fmt, content = APP_FILES[case]
    paths = AppPaths(data_dir=tmp_path / "data", config_dir=tmp_path / "config")
    paths.config_dir.mkdir()
    (paths.config_dir / f"settings.{fmt}").write_bytes(content)
    expected = load_settings(paths.settings_files).notices
    app = make_app(paths, FakeClock())

    toasts: list[str] = []
    try:
        # notifications=True: the notices are drawn as they would be in a real terminal.
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen)
            toasts = [str(toast.render()).replace("\n", "") for toast in app.screen.query(Toast)]
    except AssertionError:
        raise
    except Exception as exc:
        pytest.fail(
            f"the app crashed at start with this settings file: {exc!r} (src/coretui/tui/app.py "
            "on_mount passes notices to notify() as markup; it needs markup=False)"
        )

    assert expected, "each of these files deserves a notice"
    for toast in toasts:
        assert not CONTROL.search(toast), (
            f"control characters reach the terminal: {toast!r} (src/coretui/tui/app.py builds the "
            "'unknown theme' notice without textsafe.printable)"
        )
    for notice in expected:  # (a file's notices come in one toast, a line each)
        assert any(notice in toast for toast in toasts), (
            f"notice not shown literally: {notice!r} (shown: {toasts})"
        )


# --- saving: private, atomic, and read back the same -------------------------------------------

valid_settings = st.builds(
    Settings,
    lead_in_s=st.none() | st.integers(0, 300),
    rest_between_sets_s=st.none() | st.integers(0, 1800),
    rest_between_exercises_s=st.none() | st.integers(0, 1800),
    sound=st.booleans(),
    voice=st.booleans(),
    weekly_goal=st.integers(1, 7),
    theme=st.text(min_size=1, max_size=64),
    equipment=st.none() | st.lists(st.text(max_size=64), max_size=4),
)


# Characters TOML and JSON write differently; random text finds them only rarely.
AWKWARD = ["a\x7fb", "\x00\x1b[31m", 'quote " and \\ backslash', "tab\tnew\nline", "🧘 \u202e"]


@FUZZ
@given(saved=valid_settings, fmt=st.sampled_from(["toml", "json"]))
@example(saved=Settings(theme=AWKWARD[0], equipment=AWKWARD), fmt="toml").via("awkward text")
@example(saved=Settings(theme=AWKWARD[0], equipment=AWKWARD), fmt="json").via("awkward text")
def test_saved_settings_read_back_the_same(saved: Settings, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config" / f"settings.{fmt}"
        save_settings(saved, path)

        loaded = load_settings((path,))

        assert loaded.notices == [], f"saved settings did not load cleanly: {path.read_bytes()!r}"
        assert loaded.settings == saved
        assert [p.name for p in path.parent.iterdir()] == [path.name], "temp file left behind"


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_saved_settings_are_private(fmt: str, tmp_path: Path) -> None:
    folder = tmp_path / "new-config"
    path = folder / f"settings.{fmt}"

    save_settings(Settings(weekly_goal=4), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700

    path.chmod(0o644)  # a file the user made readable stays private once coretui saves it
    save_settings(Settings(weekly_goal=5), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_settings((path,)).settings.weekly_goal == 5


@pytest.mark.parametrize(
    ("fmt", "content", "said"),
    [
        (
            "toml",
            'theme = "caf\xe9"\n'.encode("latin-1"),
            "not UTF-8 text (line 1, column 13): save the file as UTF-8",
        ),
        ("json", b'{"equipment": ' + b"[" * 20_000 + b"]" * 20_000 + b"}", "nested too deeply"),
    ],
    ids=["latin-1", "deeply nested"],
)
def test_a_settings_file_not_text_or_too_deep_is_said_as_a_routine_file_is(
    fmt: str, content: bytes, said: str, tmp_path: Path
) -> None:
    # It said "'utf-8' codec can't decode byte 0xe9..." and "maximum recursion depth
    # exceeded while decoding a JSON array...".
    path = tmp_path / f"settings.{fmt}"
    path.write_bytes(content)
    [notice] = load_settings((path,)).notices
    assert notice == f"{path}: {said}; using default settings"


# --- a settings change never loses what the user wrote --------------------------------------

HAND_WRITTEN = {
    "toml": b"# my weekly plan\nweekly_goal = 4\nsound_volum = 40\nlead_in_s = -3\n",
    "json": b'{"weekly_goal": 4, "sound_volum": 40}\n',
}


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_a_hand_written_file_is_kept_whole_before_a_change_rewrites_it(
    fmt: str, tmp_path: Path
) -> None:
    path = tmp_path / f"settings.{fmt}"
    path.write_bytes(HAND_WRITTEN[fmt])

    copy = save_settings(Settings(weekly_goal=5), path)

    assert copy == tmp_path / f"settings.{fmt}.bak"
    assert copy.read_bytes() == HAND_WRITTEN[fmt]  # the comment and the misspelt key too
    assert load_settings((path,)).notices == []  # the new file loads cleanly, changed
    assert load_settings((path,)).settings.weekly_goal == 5
    # The file is now coretui's own: a second change has nothing of the user's to keep,
    # and the copy of what the user wrote stays as it was.
    assert save_settings(Settings(weekly_goal=6), path) is None
    assert copy.read_bytes() == HAND_WRITTEN[fmt]


@FUZZ
@given(text=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_whatever_the_file_held_a_change_keeps_it_or_writes_it_again(text: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.toml"
        path.write_bytes(text)
        before = load_settings((path,)).settings

        copy = save_settings(before.model_copy(update={"weekly_goal": 2}), path)

        if copy is None:  # only a file coretui could have written itself goes unkept
            assert text == settings_text(before, path).encode()
        else:
            assert copy.read_bytes() == text


def test_a_settings_file_that_cannot_be_read_is_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "settings.toml"
    os.mkfifo(fifo)  # opening it to read would wait for a writer forever

    with pytest.raises(OSError, match="not a regular file"):
        save_settings(Settings(weekly_goal=5), fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_linked_settings_file_stays_a_link_and_its_file_changes(tmp_path: Path) -> None:
    # Dotfiles: ~/.config/coretui/settings.toml links into a folder the user keeps.
    dotfiles, config = tmp_path / "dotfiles", tmp_path / "config"
    dotfiles.mkdir()
    config.mkdir()
    real = dotfiles / "coretui.toml"
    real.write_text("# mine\nweekly_goal = 3\n")
    link = config / "settings.toml"
    link.symlink_to(real)

    copy = save_settings(Settings(weekly_goal=5), link)

    assert link.is_symlink() and link.resolve() == real
    assert load_settings((real,)).settings.weekly_goal == 5
    assert copy == config / "settings.toml.bak"
    assert copy.read_text() == "# mine\nweekly_goal = 3\n"


def test_an_earlier_copy_or_the_users_own_bak_is_never_written_over(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    (tmp_path / "settings.toml.bak").write_text("# my own backup\n")
    path.write_text("# first\nweekly_goal = 3\n")
    assert save_settings(Settings(weekly_goal=4), path) == tmp_path / "settings.toml.bak.1"

    path.write_text("# second\nweekly_goal = 5\n")  # edited by hand again
    assert save_settings(Settings(weekly_goal=6), path) == tmp_path / "settings.toml.bak.2"
    path.write_text("# second\nweekly_goal = 5\n")  # the same text again: its copy is there
    assert save_settings(Settings(weekly_goal=6), path) == tmp_path / "settings.toml.bak.2"

    kept = {p.name: p.read_text() for p in tmp_path.glob("settings.toml.bak*")}
    assert kept == {
        "settings.toml.bak": "# my own backup\n",
        "settings.toml.bak.1": "# first\nweekly_goal = 3\n",
        "settings.toml.bak.2": "# second\nweekly_goal = 5\n",
    }


def test_a_settings_file_too_large_says_its_size_and_the_limit(tmp_path: Path) -> None:
    # "too large; using default settings": how large, and what is not, was left unsaid.
    path = tmp_path / "settings.toml"
    path.write_text("# padding\n" * 20_000, encoding="utf-8")
    loaded = load_settings((path,))
    assert loaded.settings == Settings()
    assert loaded.notices == [
        f"{path}: too large: 200,000 bytes; at most 100,000; using default settings"
    ]
