"""The `coretui` command line: validate, list, schema, --version and `run` errors.

Most tests call `coretui.cli.main.main` in-process; where the exit path matters (exit code,
no traceback on stderr) they also run the real `python -m coretui` process.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

import coretui
from coretui.cli import main
from coretui.cli.errors import shell_word
from coretui.cli.main import PLAIN_START, build_parser
from coretui.durations import minutes_text
from coretui.paths import AppPaths
from coretui.services.trainer import Trainer
from tests.plain_check import assert_plain

REPO_ROOT = Path(__file__).resolve().parents[2]
BUNDLED_DIR = REPO_ROOT / "data" / "routines"
BUNDLED_FILES = sorted(BUNDLED_DIR.glob("*.toml"))
BUNDLED_IDS = {"core-six", "core-six-mat", "core-quick"}

GOOD_ROUTINE = """\
id = "{id}"
name = "{name}"

[[exercises]]
kind = "hold"
name = "Plank"
seconds = 60
"""


MINE_TOML = 'id = "mine"\nname = "Mine"\n[[exercises]]\nkind = "hold"\nname = "P"\nseconds = 20\n'
"""A routine of one 20 s hold (0:30 with its get-ready time), as a user's file."""


def good_toml(routine_id: str = "my-plank", name: str = "My plank") -> str:
    return GOOD_ROUTINE.format(id=routine_id, name=name)


def run_cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real process, as a user's shell would start it."""
    return subprocess.run(
        [sys.executable, "-m", "coretui", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def call(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """`coretui ARGS` in-process: (exit code, stdout, stderr)."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def lines_about(output: str, file: Path) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(f"{file}: ")]


# --- validate: good files -------------------------------------------------------------


def test_the_bundled_files_exist() -> None:
    assert {p.stem for p in BUNDLED_FILES} >= BUNDLED_IDS


@pytest.mark.parametrize("file", BUNDLED_FILES, ids=lambda p: p.name)
def test_validate_accepts_each_bundled_file(file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(capsys, "validate", file)
    assert code == 0, f"validate {file.name} failed:\n{out}{err}"
    assert err == ""
    assert lines_about(out, file), f"no line about {file} in:\n{out}"


def test_validate_accepts_all_bundled_files_at_once_in_a_real_process(tmp_path: Path) -> None:
    result = run_cli("validate", *BUNDLED_FILES, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_validate_accepts_a_users_own_json_routine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "mine.json"
    file.write_text(
        json.dumps(
            {
                "id": "json-plank",
                "name": "JSON plank",
                "exercises": [{"kind": "hold", "name": "Plank", "seconds": 30}],
            }
        )
    )
    code, out, err = call(capsys, "validate", file)
    assert code == 0, out + err


def test_validate_checks_a_file_named_twice_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # By a path and by an overlapping glob: it was said to clash with itself.
    file = tmp_path / "mine.toml"
    file.write_text(MINE_TOML)
    code, out, err = call(capsys, "validate", file, tmp_path / "." / "mine.toml")
    assert code == 0, out + err
    assert out.splitlines() == [f"{file}: ok (Mine, 0:30)"]


def test_validate_on_a_folder_checks_the_routine_files_in_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "folder: not read: routine files end in .toml or .json", of a folder.
    good = tmp_path / "a.toml"
    good.write_text(MINE_TOML)
    (tmp_path / "b.json").write_text("{")
    (tmp_path / "notes.txt").write_text("not a routine")
    code, out, err = call(capsys, "validate", tmp_path)
    assert code == 1, out + err
    assert f"{good}: ok (Mine, 0:30)" in out
    assert lines_about(out + err, tmp_path / "b.json"), out + err
    assert "notes.txt" not in out + err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = call(capsys, "validate", empty)
    assert code == 1 and lines(out + err) == [
        f"{empty}: a folder with no routine file (.toml, .json)"
    ]


def test_validate_refuses_a_routine_with_a_suffix_never_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "ok" for a file `list` says is not read, and `run` cannot find.
    file = tmp_path / "mine.toml.txt"
    file.write_text(MINE_TOML)
    code, out, err = call(capsys, "validate", file)
    assert code == 1, out + err
    assert f"{file}: not read: routine files end in .toml or .json" in out + err


def test_validate_says_an_id_another_of_your_files_holds_as_list_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Two files with id "mini" in the routines folder: `validate dup2.toml` said "ok",
    # and `list` then refused it ("'mini' is already used by dup1.toml").
    config = tmp_path / "config"
    folder = config / "routines"
    folder.mkdir(parents=True)
    text = 'id = "mini"\nname = "Mini"\n[[exercises]]\nkind = "hold"\nname = "P"\nseconds = 5\n'
    first, second, outside = folder / "dup1.toml", folder / "dup2.toml", tmp_path / "new.toml"
    for file in (first, second, outside):
        file.write_text(text)
    base = ("--config-dir", config, "validate")
    code, out, _ = call(capsys, *base, second)
    assert code == 1
    assert lines(out) == [
        f"{second}: id: 'mini' is already the id of your routine {first}; give this one another id"
    ]
    code, out, _ = call(capsys, *base, first)
    assert code == 0, out  # the one `list` loads
    code, out, _ = call(capsys, *base, outside)  # copied in, it would be refused too
    assert code == 1 and f"already the id of your routine {first}" in out
    _, listed, errors = call(capsys, "--config-dir", config, "list")
    assert "already the id of" in listed + errors


def test_the_file_named_for_an_id_keeps_it_when_a_copy_takes_it_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # my-core.toml copied by hand to dup.toml, only its name changed: dup.toml sorts
    # first and took the id, the user's own my-core.toml was the one refused, and the
    # line offering to mend it ("coretui edit my-core") opened dup.toml.
    config = tmp_path / "config"
    folder = config / "routines"
    folder.mkdir(parents=True)
    text = '[[exercises]]\nkind = "hold"\nname = "P"\nseconds = 5\n'
    mine, copy = folder / "my-core.toml", folder / "dup.toml"
    mine.write_text(f'id = "my-core"\nname = "My core"\n{text}')
    copy.write_text(f'id = "my-core"\nname = "Dup"\n{text}')
    code, out, _ = call(capsys, "--config-dir", config, "validate", copy)
    assert code == 1
    assert lines(out) == [
        f"{copy}: id: 'my-core' is already the id of your routine {mine}; give this one another id"
    ]
    code, out, _ = call(capsys, "--config-dir", config, "validate", mine)
    assert code == 0, out
    _, listed, errors = call(capsys, "--config-dir", config, "list")
    assert "My core" in listed and "Dup" not in listed
    assert "mend dup.toml in the editor: coretui edit dup" in errors
    # Two files named for the id (my-core.json beside it): the first by name keeps it.
    as_json = folder / "my-core.json"
    as_json.write_text(
        '{"id": "my-core", "name": "Json core", "exercises": '
        '[{"kind": "hold", "name": "P", "seconds": 5}]}'
    )
    _, listed, errors = call(capsys, "--config-dir", config, "list")
    assert "Json core" in listed and "My core" not in listed


# --- validate: broken files -----------------------------------------------------------


def _write(name: str, content: str | bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return make


def _directory(folder: Path) -> Path:
    path = folder / "a-folder.toml"
    path.mkdir()
    return path


def _missing(folder: Path) -> Path:
    return folder / "not-there.toml"


def _too_large(folder: Path) -> Path:
    path = folder / "huge.toml"
    body = good_toml("huge").encode()
    path.write_bytes(body + b"# " + b"x" * 1_000_001 + b"\n")
    return path


# (how to make the file, the place the error line must name, counted as people count)
BROKEN: dict[str, tuple[Callable[[Path], Path], str | None]] = {
    "wrong-type": (
        _write("wrong-type.toml", good_toml("wrong-type").replace("60", '"sixty"')),
        "exercise 1 · seconds",
    ),
    "unknown-key": (
        _write("unknown-key.toml", good_toml("unknown-key") + "secs = 3\n"),
        "exercise 1 · secs",
    ),
    "negative-duration": (
        _write("negative.toml", good_toml("negative").replace("60", "-60")),
        "exercise 1 · seconds",
    ),
    "empty-exercises": (
        _write("empty.toml", 'id = "empty"\nname = "Empty"\nexercises = []\n'),
        "exercises",
    ),
    "invalid-toml": (_write("bad.toml", 'id = "bad\nname = \n'), None),
    "invalid-json": (_write("bad.json", '{"id": "bad", "name": '), None),
    "json-list": (_write("list.json", "[1, 2]"), "(json)"),
    "directory": (_directory, None),
    "missing": (_missing, None),
    "over-1-mb": (_too_large, None),
    "nul-byte": (_write("nul.toml", good_toml("nul").encode() + b'note = "a\x00b"\n'), None),
    "invalid-utf8": (_write("latin1.toml", good_toml("latin").encode() + b"# caf\xe9\n"), None),
}

LINE_FORMAT = re.compile(r"^(?P<file>.+?): (?P<path>[^:]+): (?P<message>\S.*)$")


@pytest.mark.parametrize("case", BROKEN, ids=str)
def test_validate_reports_one_line_per_broken_file(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, field_path = BROKEN[case]
    file = make(tmp_path)

    code, out, err = call(capsys, "validate", file)

    assert code == 1, f"{case}: exit {code}, expected 1\n{out}{err}"
    problem_lines = lines_about(out + err, file)
    assert len(problem_lines) == 1, f"{case}: expected one 'FILE: path: message' line:\n{out}{err}"
    match = LINE_FORMAT.match(problem_lines[0])
    assert match, f"{case}: not 'FILE: field.path: message': {problem_lines[0]!r}"
    if field_path is not None:
        assert match["path"] == field_path, problem_lines[0]
    assert_plain(match["message"])
    assert "Traceback" not in err


def test_validate_in_a_real_process_reports_every_broken_file_without_a_traceback(
    tmp_path: Path,
) -> None:
    files = [make(tmp_path) for make, _ in BROKEN.values()]

    result = run_cli("validate", *files, cwd=tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    output = result.stdout + result.stderr
    for (case, (_, field_path)), file in zip(BROKEN.items(), files, strict=True):
        about = lines_about(output, file)
        assert len(about) == 1, f"{case}: expected exactly one line about {file}:\n{output}"
        if field_path is not None:
            assert about[0].startswith(f"{file}: {field_path}: "), about[0]


def test_a_wrong_type_for_tempo_names_the_field_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`tempo` is a number or a list of phases; a string is one mistake at one field."""
    file = _write(
        "tempo.toml",
        'id = "tempo"\nname = "T"\n[[exercises]]\nkind = "reps"\nname = "Hip raise"\n'
        'reps = 15\ntempo = "fast"\n',
    )(tmp_path)

    code, out, err = call(capsys, "validate", file)

    assert code == 1
    matches = [LINE_FORMAT.match(line) for line in lines_about(out + err, file)]
    paths = [m["path"] if m else "(not FILE: path: message)" for m in matches]
    assert all(path == "exercise 1 · tempo" for path in paths), (
        f"field paths should read 'exercise 1 · tempo', not pydantic's union labels: {paths}"
    )
    assert len(paths) == 1, f"one mistake should give one line, got:\n{out}{err}"


def test_validate_fails_when_one_of_several_files_is_broken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _write("good.toml", good_toml("good-one"))(tmp_path)
    bad = _write("bad.toml", good_toml("bad-one").replace("60", "-1"))(tmp_path)

    code, out, err = call(capsys, "validate", good, bad)

    assert code == 1
    assert len(lines_about(out + err, bad)) == 1
    assert not any("Input should" in line for line in lines_about(out + err, good))


def test_validate_says_each_file_in_the_order_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The "ok" lines came first and every problem after: a file's line was not where
    # it stood in the list (or in the folder), in a long list hard to find.
    bad = _write("a-bad.toml", good_toml("bad-one").replace("60", "-1"))(tmp_path)
    good = _write("b-good.toml", good_toml("good-one"))(tmp_path)
    clash = _write("c-clash.toml", good_toml("good-one", "Again"))(tmp_path)

    code, out, _ = call(capsys, "validate", clash, good, bad)
    assert code == 1
    # The clash is the first named: the later file with its id is the one reported.
    assert [line.split(":")[0] for line in lines(out)] == [str(clash), str(good), str(bad)]
    code, out, _ = call(capsys, "validate", str(tmp_path))
    assert [line.split(":")[0] for line in lines(out)] == [str(bad), str(good), str(clash)]


def test_a_user_routine_reusing_a_bundled_id_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clash = _write("clash.toml", good_toml("core-six", "My core six"))(tmp_path)

    code, out, err = call(capsys, "validate", clash)

    assert code == 1, out + err
    about = lines_about(out + err, clash)
    assert len(about) == 1, out + err
    assert about[0].startswith(f"{clash}: id: "), about[0]
    assert "core-six" in about[0]


def test_two_given_files_with_the_same_id_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _write("first.toml", good_toml("twin", "First"))(tmp_path)
    second = _write("second.toml", good_toml("twin", "Second"))(tmp_path)

    code, out, err = call(capsys, "validate", first, second)

    assert code == 1, out + err
    about = lines_about(out + err, second)
    assert len(about) == 1, out + err
    assert about[0].startswith(f"{second}: id: "), about[0]
    assert str(first) in about[0], f"the clash should name {first}: {about[0]}"


def test_validate_without_files_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = call(capsys, "validate")
    assert code == 2
    assert len(lines(err)) == 1


# --- list -----------------------------------------------------------------------------


def list_json(capsys: pytest.CaptureFixture[str], *args: str | Path) -> dict[str, Any]:
    code, out, err = call(capsys, *args, "list", "--json")
    data: dict[str, Any] = json.loads(out)
    assert code == (1 if data["errors"] else 0), err
    return data


def by_id(listing: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in listing["routines"]}


def test_list_json_shows_bundled_and_user_routines_and_errors_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config"
    routines = config / "routines"
    routines.mkdir(parents=True)
    (routines / "good.toml").write_text(good_toml("my-plank", "My plank"))
    broken = routines / "broken.toml"
    broken.write_text(good_toml("broken").replace("60", '"sixty"'))

    listing = list_json(capsys, "--config-dir", config)

    assert set(listing) >= {"routines", "errors"}
    rows = by_id(listing)
    assert set(rows) == BUNDLED_IDS | {"my-plank"}, "the broken file must not hide the good one"
    for routine_id, row in rows.items():
        assert {"id", "name", "source", "duration_s"} <= set(row), row
        assert isinstance(row["name"], str) and row["name"]
        assert isinstance(row["duration_s"], int) and row["duration_s"] > 0, row
        assert row["source"] == ("user" if routine_id == "my-plank" else "bundled"), row
    assert rows["my-plank"]["name"] == "My plank"
    # one 60 s plank plus the default 10 s lead-in
    assert rows["my-plank"]["duration_s"] == 70
    assert rows["core-quick"]["duration_s"] < 8 * 60

    assert len(listing["errors"]) == 1, listing["errors"]
    error = listing["errors"][0]
    assert Path(error["file"]) == broken
    assert error["path"] == "exercises[0].seconds"
    assert error["message"] == "seconds must be a whole number from 1 to 3600, got 'sixty'"


def test_list_gives_the_durations_the_picker_shows_and_says_a_bad_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The user's own rests (and no Swiss ball) make core-six shorter in the picker;
    # the list said the routine file's 26 minutes, and nothing of the volume of 400.
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text(
        "lead_in_s = 3\nrest_between_sets_s = 5\nrest_between_exercises_s = 5\n"
        'volume = 400\nequipment = ["mat", "bench", "back-extension-station"]\n'
    )
    paths = AppPaths.resolve(tmp_path / "data", config)
    trainer = Trainer.load(paths)
    trainer.load_validated()
    shown = {card.id: round(card.total_s) for card in trainer.cards}

    code, out, err = call(capsys, "--config-dir", config, "list", "--json")

    assert code == 0
    listed = {row["id"]: row["duration_s"] for row in json.loads(out)["routines"]}
    assert listed == shown
    assert listed["core-six"] < 25 * 60
    assert lines(err) == [
        f"warning: {config / 'settings.toml'}: volume: must be at most 100, got 400; "
        "using the default"
    ]
    code, out, err = call(capsys, "--config-dir", config, "list")
    assert code == 0 and out.split()[:2] == ["core-six", minutes_text(shown["core-six"])]
    assert len(lines(err)) == 1 and "volume" in err


def test_validate_gives_a_routine_the_length_list_gives_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # With a get-ready time of 5 s in the settings, validate said 0:30 (the file's own
    # 10 s) where list and the routine list said 0:25. It says both now.
    config = tmp_path / "config"
    (config / "routines").mkdir(parents=True)
    (config / "settings.toml").write_text("lead_in_s = 5\n")
    file = config / "routines" / "mine.toml"
    file.write_text(MINE_TOML)
    code, out, err = call(capsys, "--config-dir", config, "validate", file)
    assert code == 0, out + err
    assert out.splitlines() == [f"{file}: ok (Mine, 0:25 as you run it, 0:30 as written)"]
    code, out, err = call(capsys, "--config-dir", config, "list")
    assert ["mine", "0:25", "user", "Mine"] in [line.split() for line in out.splitlines()], out


def test_list_says_what_the_app_says_of_a_theme_equipment_or_a_broken_settings_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The app said "unknown theme 'nope'" and "no routine asks for 'trampoline'" at
    # start; `coretui list` said nothing. A syntax error was cut mid-word ("a sta…").
    config = tmp_path / "config"
    config.mkdir()
    settings = config / "settings.toml"
    # Blank entries are no equipment: "no routine asks for '', ''".
    settings.write_text('theme = "nope"\nequipment = ["", "mat", "  ", "trampoline"]\n')
    code, _, err = call(capsys, "--config-dir", config, "list")
    assert code == 0
    assert lines(err) == [
        f"warning: {settings}: theme: no theme 'nope' (Settings lists them); using the default",
        f"warning: {settings}: equipment: no routine asks for 'trampoline'; they ask for "
        "back-extension-station, bench, mat, swiss-ball",
    ]
    settings.write_text("volume = 50 [\n")
    code, _, err = call(capsys, "--config-dir", config, "list")
    assert code == 0
    assert lines(err) == [
        f"warning: {settings}: TOML syntax: line 1, column 13: more after the value: a number"
        " stands alone (30, not 30 s or 05), text is in quotes; using default settings"
    ]


def test_list_json_reports_a_user_routine_clashing_with_a_bundled_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    routines = tmp_path / "config" / "routines"
    routines.mkdir(parents=True)
    (routines / "mine.toml").write_text(good_toml("core-quick", "Not the real one"))

    listing = list_json(capsys, "--config-dir", tmp_path / "config")

    rows = by_id(listing)
    assert rows["core-quick"]["source"] == "bundled"
    assert rows["core-quick"]["name"] != "Not the real one"
    assert [(Path(e["file"]).name, e["path"]) for e in listing["errors"]] == [("mine.toml", "id")]


def test_plain_list_prints_routines_and_sends_errors_to_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    routines = tmp_path / "config" / "routines"
    routines.mkdir(parents=True)
    (routines / "good.toml").write_text(good_toml("my-plank"))
    (routines / "broken.json").write_text("{")

    code, out, err = call(capsys, "--config-dir", tmp_path / "config", "list")

    assert code == 1, "a bad routine file is a user error: listed, and exit 1"
    assert {line.split()[0] for line in lines(out)} == BUNDLED_IDS | {"my-plank"}
    assert len(lines(err)) == 1 and "broken.json" in err, "not JSON: no editor can show it"


def test_list_names_the_command_that_mends_a_file_in_the_editor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The list said what was wrong, and not that `coretui edit` opens the file to mend.
    routines = tmp_path / "config" / "routines"
    routines.mkdir(parents=True)
    (routines / "slips.toml").write_text(good_toml("slips").replace("seconds = 60", "secs = 60"))
    code, _, err = call(capsys, "--config-dir", tmp_path / "config", "list")
    assert code == 1
    assert lines(err)[-1] == "mend slips.toml in the editor: coretui edit slips"


def test_a_file_name_with_control_characters_is_shown_escaped_with_no_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "mend esc<ESC>[31mred.toml" reached the terminal raw (recolouring it), and the
    # command it gave named the escaped text, which is no file's name: bash's $'...'
    # reads the escapes back.
    routines = tmp_path / "config" / "routines"
    routines.mkdir(parents=True)
    bad = good_toml("odd").replace("seconds = 60", "secs = 60")
    (routines / "esc\x1b[31mred.toml").write_text(bad)
    code, _, err = call(capsys, "--config-dir", tmp_path / "config", "list")
    assert code == 1 and "\x1b" not in err, err
    assert lines(err)[-1] == (
        "mend esc\\x1b[31mred.toml in the editor: coretui edit $'esc\\x1b[31mred'"
    )
    assert shell_word("it's\\ \x1b\n") == "$'it\\'s\\\\ \\x1b\\x0a'"
    assert shell_word("my plank") == "'my plank'"
    assert shell_word("caf\x85") == "$'caf\\u0085'"  # ($'\x85' is a byte, not U+0085)


def test_a_file_name_not_utf8_is_shown_with_its_byte_as_the_mend_command_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The error line said "bad\udcffname.toml", the mend command $'bad\xffname'.
    routines = tmp_path / "config" / "routines"
    routines.mkdir(parents=True)
    (routines / os.fsdecode(b"bad\xffname.toml")).write_text(
        good_toml("odd").replace("seconds = 60", "secs = 60")
    )
    code, _, err = call(capsys, "--config-dir", tmp_path / "config", "list")
    assert code == 1 and "udcff" not in err, err
    assert "bad\\xffname.toml: " in err
    assert lines(err)[-1].endswith("coretui edit $'bad\\xffname'")


def test_list_honours_xdg_config_home_and_config_dir_overrides_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    xdg = tmp_path / "my-xdg"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(xdg))
    (xdg / "coretui" / "routines").mkdir(parents=True)
    (xdg / "coretui" / "routines" / "from-xdg.toml").write_text(good_toml("from-xdg"))
    override = tmp_path / "override"
    (override / "routines").mkdir(parents=True)
    (override / "routines" / "from-flag.toml").write_text(good_toml("from-flag"))

    assert set(by_id(list_json(capsys))) == BUNDLED_IDS | {"from-xdg"}
    assert set(by_id(list_json(capsys, "--config-dir", override))) == BUNDLED_IDS | {"from-flag"}


def test_list_honours_xdg_config_home_in_a_real_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    xdg = tmp_path / "my-xdg"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(xdg))
    (xdg / "coretui" / "routines").mkdir(parents=True)
    (xdg / "coretui" / "routines" / "from-xdg.toml").write_text(good_toml("from-xdg"))

    result = run_cli("list", "--json", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "from-xdg" in {row["id"] for row in json.loads(result.stdout)["routines"]}


# --- schema and --version ---------------------------------------------------------------


def _resolve_refs(node: Any, schema: dict[str, Any]) -> None:
    """Every local $ref in the schema points at something that exists."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            assert ref.startswith("#/"), ref
            target: Any = schema
            for part in ref[2:].split("/"):
                assert part in target, f"dangling $ref {ref}"
                target = target[part]
        for value in node.values():
            _resolve_refs(value, schema)
    elif isinstance(node, list):
        for value in node:
            _resolve_refs(value, schema)


def test_schema_prints_a_json_schema_for_routine_files(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = call(capsys, "schema")

    assert code == 0, err
    schema = json.loads(out)
    assert schema["type"] == "object"
    assert {"id", "name", "exercises"} <= set(schema["properties"])
    assert {"id", "name", "exercises"} <= set(schema["required"])
    assert schema["properties"]["exercises"]["type"] == "array"
    assert schema.get("additionalProperties") is False, "unknown keys must be refused"
    _resolve_refs(schema, schema)


def test_a_json_routine_may_name_its_schema_as_editors_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An editor checks a JSON file against the schema its "$schema" key names: the
    # schema allowed no such key, and the file was refused for it ("unknown key").
    _, out, _ = call(capsys, "schema")
    assert json.loads(out)["properties"]["$schema"] == {"type": "string"}
    routines = tmp_path / "config" / "routines"
    routines.mkdir(parents=True)
    mine = {
        "$schema": "./routine.schema.json",
        "id": "mine",
        "name": "Mine",
        "exercises": [{"kind": "hold", "name": "Plank", "seconds": 30}],
    }
    (routines / "mine.json").write_text(json.dumps(mine))
    code, out, err = call(capsys, "--config-dir", tmp_path / "config", "list")
    assert code == 0 and err == "", err
    assert "mine" in {line.split()[0] for line in lines(out)}


def test_version_prints_the_version(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code in (0, None)
    out = capsys.readouterr().out
    assert coretui.__version__ in out

    result = run_cli("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"coretui {coretui.__version__}"


# --- run: user errors -------------------------------------------------------------------


def assert_one_line_usage_error(result: subprocess.CompletedProcess[str], what: str) -> None:
    assert result.returncode == 2, f"{what}: exit {result.returncode}\n{result.stderr}"
    assert "Traceback" not in result.stderr, f"{what}:\n{result.stderr}"
    assert len(lines(result.stderr)) == 1, f"{what}: expected one line:\n{result.stderr}"
    assert result.stdout == "", f"{what}: nothing on stdout, got {result.stdout!r}"


def test_run_an_unknown_routine_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = call(capsys, "run", "no-such-routine")
    assert code == 2
    assert len(lines(err)) == 1 and "no-such-routine" in err
    assert out == ""

    assert_one_line_usage_error(run_cli("run", "no-such-routine", cwd=tmp_path), "unknown id")


@pytest.mark.parametrize("argv", [[], ["run", "core-quick"], ["--mute"], ["edit", "core-quick"]])
def test_without_a_terminal_on_stdin_the_app_says_so_and_exits_2(
    argv: list[str], tmp_path: Path
) -> None:
    # stdin is /dev/null here: Textual's reader would spin on its end-of-file for ever.
    result = run_cli(*argv, cwd=tmp_path)
    assert_one_line_usage_error(result, f"coretui {' '.join(argv)} </dev/null")
    assert "needs a terminal" in result.stderr and "workout screens" not in result.stderr


def test_with_its_screen_sent_to_a_file_the_app_says_so_on_the_terminal(tmp_path: Path) -> None:
    # `coretui 2>log`: the whole screen went into the log, the app running unseen.
    import os
    import pty

    primary, secondary = pty.openpty()
    log = tmp_path / "log"
    with open(log, "w") as stderr:
        done = subprocess.run(
            [sys.executable, "-m", "coretui", "--config-dir", str(tmp_path)],
            stdin=secondary,
            stdout=secondary,
            stderr=stderr,
            cwd=tmp_path,
            timeout=60,
            check=False,
        )
    os.close(secondary)
    try:
        seen = os.read(primary, 4096).decode()
    except OSError:  # (EIO: nothing was written to the terminal before it closed)
        seen = ""
    os.close(primary)
    assert done.returncode == 2
    assert "standard error" in seen and "'2>'" in seen, seen
    assert lines(log.read_text()) == [line for line in lines(seen)], "the same line in the log"


BAD_LEAD_INS: Sequence[str] = ("-5", "abc", "1e9", "nan", "inf", "")


@pytest.mark.parametrize("value", BAD_LEAD_INS)
def test_run_with_a_bad_lead_in_is_one_line_and_exit_2(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = call(capsys, "run", "core-six", "--lead-in", value)
    assert code == 2, f"--lead-in {value!r}: exit {code}"
    assert len(lines(err)) == 1, err
    assert "lead-in" in err
    assert out == ""


@pytest.mark.parametrize("value", ["-5", "abc", ""])
def test_a_bad_lead_in_for_the_list_s_workouts_is_one_line_and_exit_2(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = call(capsys, "--lead-in", value)
    assert code == 2 and len(lines(err)) == 1 and "lead-in" in err, err
    assert out == ""


@pytest.mark.parametrize(
    ("argv", "lead_in", "voice", "mute"),
    [
        (["--lead-in", "5"], 5, False, False),  # the list's workouts, as the README says
        (["--lead-in", "5", "run", "core-six"], 5, False, False),
        (["run", "core-six", "--lead-in", "7"], 7, False, False),
        (["--lead-in", "5", "run", "core-six", "--lead-in", "7"], 7, False, False),
        (["--voice", "run", "core-six", "--mute"], None, True, True),
        ([], None, False, False),
        # After `edit` and `cues` too, where they were "unrecognized arguments".
        (["edit", "core-six", "--voice", "--lead-in", "4"], 4, True, False),
        (["--mute", "edit", "core-six", "--lead-in", "4"], 4, False, True),
        (["cues", "core-six", "--lead-in", "0"], 0, False, False),
        (["--lead-in", "5", "cues", "core-six", "--lead-in", "0", "--voice"], 0, True, False),
    ],
)
def test_workout_options_go_before_or_after_run(
    argv: list[str], lead_in: int | None, voice: bool, mute: bool
) -> None:
    args = build_parser().parse_args(argv)
    assert (args.lead_in, args.voice, args.mute) == (lead_in, voice, mute)


@pytest.mark.parametrize("value", ["-5", "abc", "1e9"])
def test_run_with_a_bad_lead_in_in_a_real_process(value: str, tmp_path: Path) -> None:
    result = run_cli("run", "core-six", "--lead-in", value, cwd=tmp_path)
    assert_one_line_usage_error(result, f"--lead-in {value}")
    assert "lead-in" in result.stderr


def test_an_unknown_flag_or_command_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv in (
        ["--no-such-flag"],
        ["frobnicate"],
        ["list", "--yaml"],
        ["cues", "core-quick", "--json", "--wav", "/dev/null/x.wav"],  # (--json unheeded)
    ):
        code, _, err = call(capsys, *argv)
        assert code == 2, argv
        assert len(lines(err)) == 1, f"{argv}: {err}"


def test_a_problem_line_names_the_key_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        good_toml("bad").replace("seconds = 60", "seconds = -3")
        + '[[exercises]]\nkind = "hold"\nname = "Side"\nseconds = 30\n'
        + 'equipment = ["mat", "Swiss Ball"]\n'
    )
    code, out, _ = call(capsys, "validate", bad)
    assert code == 1
    assert lines(out) == [
        f"{bad}: exercise 1 · seconds: must be at least 1, got -3",
        f"{bad}: exercise 2 · equipment: entry 2 must be lowercase letters a-z, digits and single"
        " hyphens (like 'core-six' or 'swiss-ball'), got 'Swiss Ball'",
    ]


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["history", "--bogus"], "see 'coretui history --help'"),
        (["list", "--jsn"], "see 'coretui list --help'"),
        (["--bogus"], "see 'coretui --help'"),
        (["--bogus", "history"], "see 'coretui --help'"),  # before the command: the top's
        # The option's value was taken for the command: "invalid choice: 'off'".
        (["--sound", "off"], "see 'coretui --help'"),
        (["--volume=3", "run", "core-quick"], "see 'coretui --help'"),
        # Its routine left out too: "the following arguments are required: ROUTINE_ID".
        (["show", "--bogus"], "see 'coretui show --help'"),
        (["log", "--yes"], "see 'coretui log --help'"),
    ],
)
def test_an_unknown_option_points_to_the_help_of_the_command_it_was_given_to(
    argv: list[str], hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unrecognized arguments: --" in err and f"({hint})" in err, err


def test_a_value_like_a_negative_number_is_not_taken_for_an_unknown_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["export", "--output", "-1"]) == 2
    err = capsys.readouterr().err
    assert "the following arguments are required: --format" in err, err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["history", "--data-dir", "x"], "coretui --data-dir DATA_DIR history ..."),
        (["run", "core-quick", "--config-dir=x"], "coretui --config-dir CONFIG_DIR run ..."),
    ],
)
def test_an_option_of_coretui_s_own_after_the_command_is_said_to_go_before_it(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # "unrecognized arguments: --data-dir (see 'coretui history --help')", where it is not.
    assert main(argv) == 2
    name = said.split()[1]
    expected = f"coretui: {name} goes before the command: {said} (see 'coretui --help')\n"
    assert capsys.readouterr().err == expected


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["new", "--help"],
        ["edit", "--help"],
        ["history", "--help"],
        ["export", "--help"],
    ],
)
def test_help_says_where_the_routine_files_are(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A user of the command line alone found the routines folder only in what
    # `coretui new` printed.
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 0
    out = capsys.readouterr().out.splitlines()
    assert f"  routines  {tmp_path / 'xdg-config' / 'coretui' / 'routines'}" in out


def test_every_command_says_what_it_does_and_what_a_routine_id_is() -> None:
    # `coretui log --help` (and run, show, validate...) said nothing but its usage:
    # not what it does, nor where a ROUTINE_ID comes from, nor that a partial log
    # makes no streak day.
    from coretui.cli.main import build_parser

    parser = build_parser()
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for name, command in commands.choices.items():
        assert command.description, f"'coretui {name} --help' says nothing of what it does"
        for action in command._actions:
            if action.metavar == "ROUTINE_ID" and not action.option_strings:
                assert "coretui list" in (action.help or ""), name
    status = next(a for a in commands.choices["log"]._actions if a.dest == "status")
    assert "no streak day" in (status.help or "")


def test_a_broken_file_named_other_than_its_id_is_said_to_not_load_by_that_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `coretui run b8-other` said "unknown routine" of the routine in B8.toml, which
    # holds that id and has a mistake.
    routines = tmp_path / "config" / "routines"
    routines.mkdir(parents=True)
    (routines / "B8.toml").write_text(
        'id = "b8-other"\nname = "Mine"\n[[exercises]]\nkind = "hold"\nname = "Plank"\n'
        'seconds = "sixty"\n'
    )
    for command in ("run", "show"):
        code, _, err = call(capsys, "--config-dir", tmp_path / "config", command, "b8-other")
        said = "coretui: routine 'b8-other' did not load: "
        assert code != 0 and lines(err)[0].startswith(said), err
        assert "seconds: must be a whole number" in err


def test_the_id_a_broken_file_holds_is_read_from_its_top_only_and_never_from_a_pipe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A named pipe in the folder made `coretui show nosuch` wait for ever (its "id"
    # was read to find a broken file holding it); an `id` under [[exercises]] was taken
    # for the routine's, and a broken JSON file's id was not looked at.
    import os

    routines = tmp_path / "config" / "routines"
    routines.mkdir(parents=True)
    os.mkfifo(routines / "pipe.toml")
    (routines / "M.toml").write_text('name = "M"\n[[exercises]]\nid = "zz"\nkind = "hold"\n')
    (routines / "J.json").write_text('{"id": "jj-other", "name": "J", "exercises": 5}')
    code, _, err = call(capsys, "--config-dir", tmp_path / "config", "show", "nosuch")
    assert code == 2 and "unknown routine 'nosuch'" in err
    code, _, err = call(capsys, "--config-dir", tmp_path / "config", "show", "zz")
    assert code == 2 and "unknown routine 'zz'" in err
    code, _, err = call(capsys, "--config-dir", tmp_path / "config", "show", "jj-other")
    assert code != 0 and lines(err)[0].startswith("coretui: routine 'jj-other' did not load: ")


def test_show_gives_the_routine_as_the_user_does_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # With a 90 s plank accepted, `show` said "hold 60 s" while the list and the
    # workout used 90 s.
    config = tmp_path / "config"
    config.mkdir()
    (config / "progress.json").write_text('{"core-quick": {"Plank": {"seconds": 90}}}')
    code, out, err = call(capsys, "--config-dir", config, "show", "core-quick", "1")
    assert code == 0, err
    assert lines(out)[1] == "1. Plank · 90 s hold"


def test_a_named_pipe_among_the_routines_is_refused_not_waited_on(tmp_path: Path) -> None:
    # `list` said the pipe was "not a regular file", then read it to see whether the
    # editor could mend it, and waited for a writer for ever (so did `edit` and Ctrl+P).
    from coretui.workout.routine_files import _own_form
    from coretui.workout.routine_mend import mend_file

    routines = tmp_path / "config" / "routines"
    routines.mkdir(parents=True)
    pipe = routines / "fifo.toml"
    os.mkfifo(pipe)
    # In a process of its own: a wait for ever ends in the helper's timeout, a failure.
    result = run_cli("--config-dir", tmp_path / "config", "list", cwd=tmp_path)
    assert result.returncode == 1
    assert f"error: {pipe}: (file): not a regular file" in result.stderr.splitlines()
    assert "mend fifo.toml" not in result.stderr
    said = mend_file(pipe)
    assert isinstance(said, str) and said.endswith(
        "not a regular file (a named pipe, socket or device)"
    )
    assert _own_form(pipe) is False, "never written over: it is not coretui's to replace"


@pytest.mark.parametrize("command", [["run"], ["show"], ["cues"], ["log"], ["edit"]])
def test_a_routine_in_a_folder_that_cannot_be_read_is_not_called_unknown(
    command: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # "unknown routine 'mine' (see 'coretui list')", exit 2, where `coretui list` said
    # the folder could not be read: the routine may well be in it.
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "routines").write_text("")  # (unreadable as root: not a folder)
    code, out, err = call(capsys, "--config-dir", tmp_path / "config", *command, "mine")
    assert (code, out) == (1, "")
    routines = tmp_path / "config" / "routines"
    assert err == (
        f"coretui: routine 'mine' not found: {routines}: cannot list your routines: not a folder\n"
    )


def test_a_plain_start_has_the_arguments_the_grammar_gives_no_arguments() -> None:
    # A plain `coretui` skips argparse (a faster start): its arguments are written out,
    # and must stay what parsing nothing gives, defaults included (a new option would
    # otherwise be missing from it).
    assert vars(build_parser().parse_args([])) == PLAIN_START
