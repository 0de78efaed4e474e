"""A key of thousands of dotted parts is refused in one line, before the TOML parser.

Python's parser takes time and memory by the square of a dotted key's length: a 40 KB
routine file of one key `a.a.a...` took 5 s and 1.6 GB, an 80 KB one 20 s and 6 GB,
and with less memory it ended in a MemoryError traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coretui.cli import main
from coretui.settings import Settings, load_settings
from coretui.toml_keys import MAX_KEY_PARTS, TOO_MANY_PARTS, check_key_parts
from coretui.workout.routines import parse_routine_bytes

DEEP = "a." * 5_000 + "b = 1\n"  # cheap to parse either way, and as long a chain as any


@pytest.mark.parametrize(
    "text",
    [
        f'id = "d"\nname = "D"\n{DEEP}',
        f'id = "d"\n[{"a." * 5_000}b]\n',  # a table's name
        f'id = "d"\nx = {{ {DEEP.strip()} }}\n',  # an inline table's key
        f'id = "d"\n{"a . " * 5_000}b = 1\n',  # blanks around the dots
        'id = "d"\n' + '"x y".' * 5_000 + "b = 1\n",  # quoted parts
        # An escaped quote in a quoted part ended the part for the check, not for TOML.
        'id = "d"\n' + ("a." * 60 + '"\\"".') * 100 + "b = 1\n",
    ],
    ids=["key", "table", "inline-table", "blanks", "quoted", "escaped-quote"],
)
def test_a_routine_file_with_a_key_of_thousands_of_parts_is_refused_in_one_line(
    text: str,
) -> None:
    errors = parse_routine_bytes("deep.toml", text.encode())
    assert isinstance(errors, list) and len(errors) == 1
    assert errors[0].message == TOO_MANY_PARTS


def test_validate_says_so_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(f'id = "d"\nname = "D"\n{DEEP}')
    assert main(["validate", str(path)]) != 0
    said = capsys.readouterr()
    lines = (said.out + said.err).strip().splitlines()
    assert lines == [f"{path}: (toml): {TOO_MANY_PARTS}"]


def test_a_settings_file_with_such_a_key_falls_back_to_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(f"volume = 40\n{DEEP}")
    loaded = load_settings((path,))
    assert loaded.settings == Settings()
    assert loaded.notices == [f"{path}: {TOO_MANY_PARTS}; using default settings"]


@pytest.mark.parametrize(
    "text",
    [
        'description = "' + " ".join(f"{n}." for n in range(70, 0, -1)) + '"\n',
        "# " + "-." * 70 + "\n",
        'cue = "' + "Go. " * 70 + '"\n',
        'cue = """\n' + "a." * 100 + 'b = 1\n"""\n',
    ],
    ids=["counted-prose", "comment", "one-word-sentences", "multi-line-string"],
)
def test_chains_in_strings_and_comments_are_no_keys(text: str) -> None:
    # A description counting down "70. 69. ... 1." was refused as a deep key.
    check_key_parts(f'id = "d"\n{text}')


def test_keys_and_prose_as_routines_hold_them_are_not_refused() -> None:
    # A routine's keys have four parts at most; a cue's sentences are no chain of keys.
    text = (
        'id = "d"\nname = "D"\n[[exercises]]\nname = "Plank"\nkind = "hold"\nseconds = 30\n'
        'cue = "Hold. Breathe. Hold. Breathe. Hips level... Good. Rest 1.5 s, then again."\n'
        f"{'a.' * (MAX_KEY_PARTS - 1)}b = 1\n"
    )
    errors = parse_routine_bytes("fine.toml", text.encode())
    assert isinstance(errors, list)  # refused by the model, for its unknown key "a"...
    assert all(error.message != TOO_MANY_PARTS for error in errors)
