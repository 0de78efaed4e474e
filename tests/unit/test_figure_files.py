"""Figures in files and on the command line: bad figures get one-line errors, `coretui show`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coretui.cli import main
from coretui.figures.shapes import Figure
from coretui.workout.routine_mend import mend_file
from coretui.workout.routine_sources import LoadError, numbered
from coretui.workout.routines import load_library

LIBRARY = load_library(None)

# -- bad figures get one-line errors -----------------------------------------------------

FIGURE_ROUTINE = """\
id = "drawn"
name = "Drawn"

[[exercises]]
kind = "{kind}"
name = "Move"
{amount}

[exercises.figure]
props = [{props}]
keyframes = [
{keyframes}
]
"""
POSE = (
    '{{ name = "{name}", head = [10, 30], shoulder = [30, 30], elbow = [30, 10], '
    "hand = [10, 5], hip = [80, 20], knee = [120, 10], foot = [160, 3]{extra} }},"
)
HOLD = ("hold", "seconds = 30")
TEMPO = ("reps", 'reps = 5\ntempo = [{ name = "up", seconds = 1 }, { name = "down", seconds = 1 }]')


def write(tmp_path: Path, kind_amount: tuple[str, str], poses: list[str], props: str) -> Path:
    kind, amount = kind_amount
    text = FIGURE_ROUTINE.format(kind=kind, amount=amount, props=props, keyframes="\n".join(poses))
    path = tmp_path / "drawn.toml"
    path.write_text(text, encoding="utf-8")
    return path


def pose(name: str = "hold", extra: str = "") -> str:
    return POSE.format(name=name, extra=extra)


def test_a_good_figure_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, TEMPO, [lowered("start"), pose("top")], '{ kind = "floor" }')
    assert main(["validate", str(path)]) == 0


def test_poses_passed_on_the_way_are_not_counted_as_phases(tmp_path: Path) -> None:
    # Two phases move between two keyframes, through each one marked via.
    poses = [
        lowered("start"),
        pose("rising", ", via = true"),
        pose("top"),
        lowered("back", ", via = true"),
    ]
    path = write(tmp_path, TEMPO, poses, '{ kind = "floor" }')
    assert main(["validate", str(path)]) == 0


@pytest.mark.parametrize(
    ("kind_amount", "poses", "props", "expected"),
    [
        (
            HOLD,
            [pose("a"), pose("b")],
            "",
            "exercises[0]: figure has 2 keyframes; a hold's figure has one",
        ),
        (
            TEMPO,
            [pose("a"), pose("b"), pose("c")],
            "",
            "exercises[0]: figure has 3 keyframes but a rep has only 2 phases",
        ),
        (
            TEMPO,
            [pose("a"), pose("b", ", via = true"), pose("c"), pose("d")],
            "",
            "exercises[0]: figure has 3 keyframes not marked via but a rep has only 2 phases",
        ),
        (
            TEMPO,
            [pose("a", ", via = true"), pose("b")],
            "",
            "exercises[0].figure: the first keyframe is where a rep starts; it cannot be via",
        ),
        (  # (it validated, and never moved: one stop has nowhere to go)
            TEMPO,
            [pose("a"), pose("b", ", via = true")],
            "",
            "exercises[0].figure: a via keyframe is passed between two others: add a second stop",
        ),
        (
            HOLD,
            [pose(extra=", head2 = [1, 2]")],
            "",
            "exercises[0].figure.keyframes[0].head2: unknown key 'head2',"
            " and head is set already (to [10, 30])",
        ),
        (
            HOLD,
            [pose(extra=", far_foot = [1, 2, 3]")],
            "",
            "exercises[0].figure.keyframes[0].far_foot: a point is two numbers, [x, y]",
        ),
        (
            HOLD,  # (it was "is missing (expected a list)")
            [
                '{ name = "hold", head = [10, 30], shoulder = [30, 30], elbow = [30, 10], '
                "hand = [10, 5], hip = [80, 20], knee = [120, 10] },"
            ],
            "",
            "exercises[0].figure.keyframes[0].foot: foot is missing"
            " (expected a point, two numbers [x, y])",
        ),
        (
            HOLD,
            [pose(extra=", far_foot = [1, 900]")],
            "",
            "exercises[0].figure.keyframes[0].far_foot[1]: far_foot[1] must be at most 500",
        ),
        (
            HOLD,
            [pose(extra=", ball = [1, 2]")],
            "",
            "exercises[0].figure: a keyframe places the ball, but props has no ball",
        ),
        (  # Drawn in metres: it validated, and drew a big head with a floor through it.
            HOLD,
            [pose().replace("160", "1.6").replace("120", "1.2").replace("80", "0.8")],
            "",
            "exercises[0].figure: the body is only 39 cm from end to end: joints are in"
            " centimetres (a body is about 170 cm long; the head is drawn 22 cm across)",
        ),
        (  # (it validated, and was drawn under the floor line)
            HOLD,
            [pose(extra=", far_knee = [120, -4]")],
            '{ kind = "floor" }',
            "exercises[0].figure: keyframe 'hold' puts the far knee 4 cm below the floor"
            " (y counts up from the floor, 0)",
        ),
        (
            ("hold", "seconds = 30\nper_side = true"),
            [pose("left"), pose("right")],
            "",
            "exercises[0]: figure has 2 keyframes; a hold's figure has one (the right side is"
            " drawn mirrored from it)",
        ),
        (
            TEMPO,
            [pose("a"), pose("a")],
            "",
            "exercises[0].figure: keyframe names must differ; 'a' is used twice",
        ),
        (HOLD, [pose()], '{ kind = "trampoline" }', "exercises[0].figure.props[0]"),
        (
            HOLD,
            [pose()],
            '{ kind = "ball", at = [1, 2], radius = 500 }',
            "exercises[0].figure.props[0].radius: radius must be at most 60, got 500",
        ),
    ],
)
def test_bad_figures_get_one_line_each(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    kind_amount: tuple[str, str],
    poses: list[str],
    props: str,
    expected: str,
) -> None:
    path = write(tmp_path, kind_amount, poses, props)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    place, _, message = expected.partition(": ")
    if message:  # the line as LoadError words it: "far_foot: entry 2 must be..."
        assert out[0].startswith(str(LoadError(str(path), place, message)))
    else:
        assert out[0].startswith(f"{path}: {numbered(place)}")


DOWN_UP_HOLD = (
    "reps",
    "reps = 5\ntempo = ["
    + ", ".join(
        f'{{ name = "{n}", seconds = {s} }}' for n, s in (("down", 2), ("up", 2), ("hold", 1))
    )
    + "]",
)


def lowered(name: str, extra: str = "", hip_y: int = 8) -> str:
    """A pose apart from `pose`'s: the hips lower."""
    return pose(name, extra).replace("hip = [80, 20]", f"hip = [80, {hip_y}]")


@pytest.mark.parametrize(
    ("poses", "expected"),
    [
        # Phase i moves keyframe i to the next: the figure lowered in "down", held still
        # in "up" and rose in "hold", and the file validated.
        (
            [pose("top"), lowered("bottom")],
            "holds still during 'up', phase 2, which goes from keyframe 'bottom' to 'bottom'",
        ),
        (  # (named as the file names them: a via pose is no stop, and would shift a count)
            [
                pose("top"),
                lowered("dip", ", via = true"),
                lowered("bottom"),
                lowered("low", "", 14),
            ],
            "moves during 'hold', phase 3, which goes from keyframe 'low' to 'top': a rep ends"
            " where it began, so add a phase after the hold that goes back (like 'down 1')",
        ),
        ([pose("top"), lowered("bottom"), lowered("low", "", 14)], "moves during 'hold'"),
        (  # Two keyframes of one pose: "up" between them held still, and validated.
            [pose("top"), lowered("bottom"), lowered("low")],
            "holds still during 'up', phase 2, which goes from keyframe 'bottom' to 'low'",
        ),
        ([pose("top"), lowered("bottom"), pose("again")], None),  # (hold: top to top)
    ],
)
def test_a_figure_moves_in_the_phases_named_for_moves_and_holds_in_a_hold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], poses: list[str], expected: str | None
) -> None:
    path = write(tmp_path, DOWN_UP_HOLD, poses, "")
    code = main(["validate", str(path)])
    out = capsys.readouterr().out
    if expected is None:
        assert code == 0, out
        return
    assert code == 1
    [line] = out.splitlines()
    assert line.startswith(f"{path}: exercise 1: figure {expected}"), line


def test_schema_documents_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    for word in ('"figure"', '"keyframes"', '"far_hand"', '"station"', "centimetres"):
        assert word in out


# -- coretui show ---------------------------------------------------------------------------


def test_show_prints_every_exercise_with_its_keyframes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "core-six"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out  # no colour when not a terminal
    loaded = LIBRARY.get("core-six")
    assert loaded is not None
    for number, name in enumerate([e.name for e in loaded.routine.exercises], 1):
        assert f"{number}. {name}" in out
    assert "[start]" in out and "[top]" in out and "easier: Swiss-ball knee tuck" in out
    assert any("\u2800" < ch <= "\u28ff" for ch in out)


def test_the_readme_shows_what_coretui_show_prints(capsys: pytest.CaptureFixture[str]) -> None:
    # The README's example had drifted from the figures as they are drawn now.
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("$ coretui show core-quick 3\n", 1)[1].split("```", 1)[0]
    assert main(["show", "core-quick", "3"]) == 0
    shown = capsys.readouterr().out.splitlines()  # (the easier variant follows: left out)
    lines = [line.rstrip() for line in example.splitlines()]
    assert [line.rstrip() for line in shown[: len(lines)]] == lines


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "no-such"], "unknown routine 'no-such'"),
        (
            ["show", "core-quick", "6"],
            "'core-quick' has 5 exercises: give a number from 1 to 5, not 6"
            " (see 'coretui show --help')",
        ),
        (["show", "core-quick", "0"], "exercises are numbered from 1"),
        (["show", "core-quick", "two"], "not an exercise number: 'two'"),
    ],
)
def test_show_refuses_a_bad_id_or_number_in_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(args) == 2  # a usage error, whichever argument is wrong
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and message in err


def test_show_says_when_an_exercise_has_no_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "config" / "routines"
    folder.mkdir(parents=True)
    (folder / "bare.toml").write_text(
        'id = "bare"\nname = "Bare"\n'
        '[[exercises]]\nkind = "hold"\nname = "Wall sit"\nseconds = 30\n'
        '[[exercises]]\nkind = "hold"\nname = "Side bridge"\nseconds = 20\nsets = 2\n'
        "per_side = true\n",
        encoding="utf-8",
    )
    assert main(["--config-dir", str(tmp_path / "config"), "show", "bare"]) == 0
    out = capsys.readouterr().out
    assert "1. Wall sit · 30 s hold\n(no figure)" in out
    # No "left shown; the right is mirrored" of a drawing that is not there.
    assert "2. Side bridge · 2 x 20 s hold each side\n(no figure)" in out


def test_figure_model_round_trips_through_the_routine() -> None:
    loaded = LIBRARY.get("core-six")
    assert loaded is not None
    figure = next(e for e in loaded.routine.exercises if e.name == "Swiss-ball pike").figure
    assert isinstance(figure, Figure) and figure.ball is not None


def test_show_colours_body_and_props_only_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert main(["show", "core-six", "4"]) == 0
    out = capsys.readouterr().out
    assert "\x1b[1m" in out and "\x1b[2m" in out  # bold body, faint props (the ball)
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["show", "core-six", "4"]) == 0
    assert "\x1b" not in capsys.readouterr().out


def test_show_fits_a_narrow_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr("shutil.get_terminal_size", lambda: os.terminal_size((30, 20)))
    assert main(["show", "core-quick", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    drawing_lines = [line for line in out if any("\u2800" <= ch <= "\u28ff" for ch in line)]
    assert drawing_lines and all(len(line) <= 30 for line in drawing_lines)


def test_a_figure_s_problems_read_as_a_person_would_write_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "foot: entry 1 must be..." for a point's x, "easier.figure has 2 keyframes", and
    # the editor's refusal kept "foot[1]" with "entry 2" after it.
    variant = (
        '\n[exercises.easier]\nname = "Easier"\n[exercises.easier.figure]\nkeyframes = ['
        + pose("a")
        + lowered("b")
        + "]\n"
    )
    path = write(tmp_path, HOLD, [pose(extra=", far_foot = [900, 2]")], "")
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{path}: exercise 1 · figure · keyframe 1 · far_foot: x must be at most 500, got 900",
    ]
    refused = f"{path}: exercise 1 · figure · keyframe 1 · far_foot: x must be at most 500"
    assert str(mend_file(path, [])).startswith(refused)  # (the editor's refusal)
    path = write(tmp_path, HOLD, [pose()], "")
    path.write_text(path.read_text() + variant)
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{path}: exercise 1: the easier variant's figure has 2 keyframes; a hold's figure has one",
    ]
