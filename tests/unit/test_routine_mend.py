"""A routine file that did not load, opened in the editor to be mended: what no field
could mend is set right on the way in and said; what the form cannot hold is refused
in one line naming the problem as `coretui validate` does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coretui.workout.draft_fields import ROUTINE_FIELDS, exercise_fields, field_text
from coretui.workout.routine_draft import Draft
from coretui.workout.routine_mend import Mended, mend_file
from tests.plain_check import assert_plain

PLANK = '[[exercises]]\nkind = "hold"\nname = "Plank"\nseconds = 30\n'


def mended(tmp_path: Path, text: str, name: str = "mine", taken: tuple[str, ...] = ()) -> Mended:
    file = tmp_path / f"{name}.toml"
    file.write_text(text)
    result = mend_file(file, taken)
    assert isinstance(result, Mended), result
    return result


def test_unknown_keys_are_left_out_and_said_with_what_was_meant(tmp_path: Path) -> None:
    # Kept, a key no field shows could never be mended: every save was refused.
    text = f'id = "mine"\nname = "Mine"\ncolour = "red"\n{PLANK}colour = "blue"\n'
    result = mended(tmp_path, text)
    assert "colour" not in result.data and "colour" not in result.data["exercises"][0]
    assert sorted(result.said) == [
        "Left out colour = 'red': unknown key 'colour'.",
        "Left out exercise 1 · colour = 'blue': unknown key 'colour'.",
    ]
    assert Draft(result.data).check()[0] is not None, "nothing left to mend"


def test_a_left_out_inf_or_nan_is_quoted_as_it_can_be_typed_back(tmp_path: Path) -> None:
    # Quoted as "infinity (or a number too large to hold)": not a value to type back.
    result = mended(tmp_path, f'id = "mine"\nname = "Mine"\nspeed = inf\n{PLANK}pace = nan\n')
    assert sorted(result.said) == [
        "Left out exercise 1 · pace = nan: unknown key 'pace'.",
        "Left out speed = inf: unknown key 'speed'.",
    ]


def test_a_key_misspelt_by_a_letter_is_read_as_the_key_meant(tmp_path: Path) -> None:
    # Left out, a long cue typed under `cues` was gone at the next save: the note
    # quoted its first 40 characters.
    cue = "Keep your back flat and breathe out slowly through the whole hold"
    text = f'id = "mine"\nname = "Mine"\n{PLANK}cues = "{cue}"\nsaftey = "Stop if it hurts"\n'
    result = mended(tmp_path, text)
    plank = result.data["exercises"][0]
    assert (plank["cue"], plank["safety"]) == (cue, "Stop if it hurts")
    assert result.said == [
        "Read exercise 1 · cues as cue.",
        "Read exercise 1 · saftey as safety.",
    ]


def test_a_misspelt_key_beside_the_key_meant_says_that_one_is_set(tmp_path: Path) -> None:
    # "(did you mean 'sets'?)" beside a `sets` already there sent the user to type it.
    text = f'id = "mine"\nname = "Mine"\n{PLANK}sets = 3\nset = 2\n'
    result = mended(tmp_path, text)
    assert result.data["exercises"][0]["sets"] == 3
    assert result.said == [
        "Left out exercise 1 · set = 2: unknown key, and sets is set already (to 3)."
    ]
    # `secs` is nearer `sets` (free) than `seconds` (set): "did you mean 'sets'?" it said.
    result = mended(tmp_path, f'id = "mine"\nname = "Mine"\n{PLANK}secs = 40\n')
    assert result.said == [
        "Left out exercise 1 · secs = 40: unknown key, and seconds is set already (to 30)."
    ]


def test_a_table_under_a_misspelt_key_is_checked_where_it_is_read(tmp_path: Path) -> None:
    # `[[exercise]]` read as `exercises`: its own slips are mended there too, and a
    # value the form cannot hold there is refused in one line (it ended in a traceback).
    text = 'id = "mine"\nname = "Mine"\n[[exercise]]\nkind = "hold"\nname = "P"\nseconds = 30\n'
    result = mended(tmp_path, text + 'cues = "Flat back"\n')
    assert result.data["exercises"] == [
        {"kind": "hold", "name": "P", "seconds": 30, "cue": "Flat back"}
    ]
    assert result.said == ["Read exercise as exercises.", "Read exercise 1 · cues as cue."]
    file = tmp_path / "other.toml"
    file.write_text('id = "other"\nname = "Other"\nexercise = 5\n')
    said = mend_file(file)
    assert isinstance(said, str) and "\n" not in said and said.endswith("mend it by hand"), said
    assert "(Read exercise as exercises.)" in said, "where the exercises came from"


def test_a_short_form_of_a_key_the_exercise_must_have_is_read_as_it(tmp_path: Path) -> None:
    # `secs = 30` was left out beside "Seconds: is missing", the 30 to be typed again.
    text = 'id = "mine"\nname = "Mine"\n[[exercises]]\nkind = "hold"\nname = "P"\nsecs = 30\n'
    result = mended(tmp_path, text + "time = 5\n")
    assert result.data["exercises"][0]["seconds"] == 30
    assert result.said[0] == "Read exercise 1 · secs as seconds."
    assert result.said[1].startswith("Left out exercise 1 · time = 5"), "not a key it lacks"


def test_a_value_left_out_is_quoted_whole_enough_to_type_back(tmp_path: Path) -> None:
    long = "A note far longer than forty characters, kept whole in the note"
    text = f'id = "mine"\nname = "Mine"\nremark = "{long}"\n{PLANK}colour = {{ a = 1 }}\n'
    said = sorted(mended(tmp_path, text).said)
    assert said[1].startswith(f"Left out remark = '{long}': unknown key 'remark'"), said
    assert said[0].startswith('Left out exercise 1 · colour = {"a": 1}: unknown key'), said
    for line in said:
        assert_plain(line)


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("", "the file has no id"),
        ('id = "Bad Id"\n', "its id 'Bad Id' is not lowercase letters a-z, digits and hyphens"),
        ('id = "core-six"\n', "its id 'core-six' is another routine's"),
    ],
    ids=["missing", "malformed", "taken"],
)
def test_an_id_no_field_could_mend_becomes_the_file_s_name(
    tmp_path: Path, line: str, why: str
) -> None:
    # The form keeps an existing file's id: it has no field for it.
    result = mended(tmp_path, f'{line}name = "Mine"\n{PLANK}', taken=("core-six", "core-quick"))
    assert result.data["id"] == "mine"
    assert result.said == [f"Id set to 'mine', the file's name: {why}."]
    assert Draft(result.data).check()[0] is not None


def test_an_id_is_made_of_a_file_s_name_that_is_not_one(tmp_path: Path) -> None:
    # "My Routine.toml" with a bad id was refused: "its file's name will not do either".
    result = mended(tmp_path, f'id = "Bad Id"\nname = "Mine"\n{PLANK}', name="My Routine")
    assert result.data["id"] == "my-routine"
    why = "its id 'Bad Id' is not lowercase letters a-z, digits and hyphens"
    assert result.said == [f"Id set to 'my-routine', made of the file's name: {why}."]


@pytest.mark.parametrize(
    ("name", "made"),
    [("Rücken Übung", "rucken-ubung"), ("Straße", "strasse"), ("日本", "my-routine")],
)
def test_an_id_is_made_of_a_file_s_name_in_any_letters(
    tmp_path: Path, name: str, made: str
) -> None:
    # Letters outside a-z were dropped ('r-cken-bung'), and a name of none refused.
    result = mended(tmp_path, f'name = "Mine"\n{PLANK}', name=name)
    assert result.data["id"] == made
    assert result.said == [f"Id set to '{made}', made of the file's name: the file has no id."]


def test_an_id_made_of_a_file_s_name_that_is_taken_is_numbered(tmp_path: Path) -> None:
    # A bundled routine's file copied to be changed was refused: "mend it by hand".
    file = tmp_path / "core-six.toml"
    file.write_text(f'id = "core-six"\nname = "Mine"\n{PLANK}')
    result = mend_file(file, ["core-six", "core-six-2"])
    assert isinstance(result, Mended), result
    assert result.data["id"] == "core-six-3"
    why = "its id 'core-six' is another routine's"
    assert result.said == [f"Id set to 'core-six-3', made of the file's name: {why}."]


def test_values_of_the_wrong_type_are_read_back_as_their_field_shows_them(
    tmp_path: Path,
) -> None:
    # `seconds = "5"` showed 5 beside "must be a whole number, got '5'" until retyped.
    text = (
        'id = "mine"\nname = 7\nequipment = "mat"\n'
        '[[exercises]]\nkind = "hold"\nname = "Plank"\nseconds = "45"\n'
        'easier = "Plank on knees"\nequipment = "mat, ball"\nper_side = "Yes"\n'
        '[[exercises]]\nkind = "reps"\nname = "Bridge"\nreps = 10\n'
        'tempo = [{ name = "up", seconds = 1 }, { name = "hold", seconds = "5" }]\n'
    )
    data = mended(tmp_path, text).data
    plank, bridge = data["exercises"]
    assert (data["name"], data["equipment"]) == ("7", ["mat"])
    assert plank["seconds"] == 45 and plank["equipment"] == ["mat", "ball"]
    assert plank["easier"] == {"name": "Plank on knees"} and plank["per_side"] is True
    assert bridge["tempo"] == [{"name": "up", "seconds": 1}, {"name": "hold", "seconds": 5}]
    assert Draft(data).check()[0] is not None


def test_a_tempo_written_as_text_of_phases_is_read_as_those_phases(tmp_path: Path) -> None:
    # `tempo = "up 2, hld 1"` went into "Per rep (s)", refused as no number; switched to
    # named phases, the form then showed a tempo of its own, and the text was gone.
    text = (
        'id = "mine"\nname = "Mine"\n[[exercises]]\nkind = "reps"\nname = "Bridge"\n'
        'reps = 10\ntempo = "up 2, hld 1"\n'
    )
    data = mended(tmp_path, text).data
    [bridge] = data["exercises"]
    assert bridge["tempo"] == [{"name": "up", "seconds": 2}, {"name": "hld", "seconds": 1}]
    assert [f.key for f in exercise_fields(bridge) if f.key.startswith("tempo_")] == [
        "tempo_phases"
    ]
    assert Draft(data).check()[0] is not None  # (it saves: a phase's name is the user's)
    bridge["tempo"] = "4 s"  # (a number written as text stays the seconds per rep)
    assert [f.key for f in exercise_fields(bridge) if f.key.startswith("tempo_")] == ["tempo_rep"]


def test_numbers_a_field_shows_right_are_what_it_shows(tmp_path: Path) -> None:
    # Each showed right beside its own refusal: "30" beside "must be a whole number,
    # got 30.0", a ticked box beside "must be true or false, got 1", and "5" beside
    # "must be text, got 5"; the tempo's other phases were cut to 6 digits.
    text = (
        'id = "mine"\nname = "Mine"\nlead_in_s = 5.0\n'
        '[[exercises]]\nkind = "hold"\nname = "Plank"\nseconds = 30.0\nper_side = 1\n'
        "easier = { name = 5 }\n"
        '[[exercises]]\nkind = "reps"\nname = "Bridge"\nreps = 10\nper_side = 0\n'
        'tempo = [{ name = "up", seconds = 1.2345678 }, { name = "hold", seconds = "5" }]\n'
    )
    data = mended(tmp_path, text).data
    plank, bridge = data["exercises"]
    assert data["lead_in_s"] == 5 and isinstance(data["lead_in_s"], int)
    assert plank["seconds"] == 30 and isinstance(plank["seconds"], int)
    assert (plank["per_side"], bridge["per_side"]) == (True, False)
    assert plank["easier"] == {"name": "5"}
    assert bridge["tempo"] == [{"name": "up", "seconds": 1.2345678}, {"name": "hold", "seconds": 5}]
    assert Draft(data).check()[1] == {}, "nothing left to mend"


def test_values_of_the_right_type_are_left_as_written(tmp_path: Path) -> None:
    text = (
        'id = "mine"\nname = "Mine"\n[[exercises]]\nkind = "hold"\nname = "Plank"\n'
        'seconds = -3\neasier = { name = "Knee: plank", cue = "Knees down" }\n'
    )
    data = mended(tmp_path, text).data
    assert data["exercises"][0]["easier"] == {"name": "Knee: plank", "cue": "Knees down"}
    assert data["exercises"][0]["seconds"] == -3, "shown beside its field, for the user"


def test_a_kind_in_capitals_is_read_and_any_other_is_left_to_choose(tmp_path: Path) -> None:
    # `kind = "Hold"` and `kind = "stretch"` were refused whole: "mend it by hand".
    text = 'id = "mine"\nname = "M"\n' + "".join(
        f'[[exercises]]\nkind = {kind}\nname = "P"\n'
        for kind in ('"Hold"', '" REPS "', '"stretch"', "5")
    )
    result = mended(tmp_path, text)
    assert [e.get("kind") for e in result.data["exercises"]] == ["hold", "reps", None, None]
    assert result.said == [
        "Read exercise 1 · kind 'Hold' as 'hold'.",
        "Read exercise 2 · kind ' REPS ' as 'reps'.",
        "Left out exercise 3 · kind = 'stretch': not 'hold' or 'reps' (choose one).",
        "Left out exercise 4 · kind = 5: not 'hold' or 'reps' (choose one).",
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('id = "mine"\nname = "Mine"\nexercises = 5\n', "exercises: expected a list"),
        ('id = "mine"\nname = "Mine"\nexercises = [1]\n', "entry 1 must be a table"),
        ('id = "mine"\nname = ', "TOML syntax"),
    ],
    ids=["exercises a number", "an exercise not a table", "not TOML"],
)
def test_a_file_the_form_cannot_hold_is_refused_with_its_problem(
    tmp_path: Path, text: str, words: str
) -> None:
    file = tmp_path / "mine.toml"
    file.write_text(text)
    said = mend_file(file)
    assert isinstance(said, str) and "\n" not in said, said
    assert words in said and said.endswith("mend it by hand"), said
    assert "cannot show" not in said, "the problem itself, not a vague line"
    assert_plain(said)


@pytest.mark.parametrize(
    ("lines", "words"),
    [
        ("figure = 5\n", "exercise 1 · figure"),
        ("[exercises.figure]\nfoo = 1\n", "exercise 1 · figure"),
    ],
    ids=["a number", "an unknown key"],
)
def test_a_figure_no_field_shows_is_refused_in_one_line(
    tmp_path: Path, lines: str, words: str
) -> None:
    # The form has no field for a figure: it opened with nothing in red, and every
    # save was refused for a problem the user could not see.
    file = tmp_path / "mine.toml"
    file.write_text(f'id = "mine"\nname = "Mine"\n{PLANK}{lines}')
    said = mend_file(file)
    assert isinstance(said, str) and "\n" not in said, said
    assert words in said and said.endswith("mend it by hand"), said
    assert_plain(said)


def test_an_unknown_key_of_an_exercise_with_no_kind_is_left_out(tmp_path: Path) -> None:
    # Kept, it showed only once a kind was chosen, as a problem no field could mend;
    # and a rep set's keys are not unknown to it (`reps` and `tempo` were left out).
    text = (
        'id = "mine"\nname = "Mine"\n[[exercises]]\nname = "Bridge"\ncolour = "blue"\n'
        'reps = 12\ntempo = [{ name = "up", seconds = 1 }]\n'
        '[[exercises]]\nname = "Plank"\nseconds = 30\n'
    )
    result = mended(tmp_path, text)
    assert result.data["exercises"] == [
        {"name": "Bridge", "reps": 12, "tempo": [{"name": "up", "seconds": 1}]},
        {"name": "Plank", "seconds": 30},
    ]
    [said] = result.said
    assert said.startswith("Left out exercise 1 · colour = 'blue': unknown key 'colour'"), said


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 100) | st.floats(-1, 99) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
EXERCISE_KEYS = ["kind", "name", "seconds", "reps", "sets", "rest_s", "per_side", "switch_s",
                 "tempo", "cue", "safety", "equipment", "rest_after_s", "easier", "harder",
                 "figure", "colour", "cues", "temp", "easy"]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    routine=st.dictionaries(
        st.sampled_from(
            ["id", "name", "description", "lead_in_s", "equipment", "colour", "exercise", "ids"]
        ),
        VALUES,
    ),
    exercises=st.lists(st.dictionaries(st.sampled_from(EXERCISE_KEYS), VALUES), max_size=3),
)
def test_any_table_is_either_refused_in_one_line_or_shown_by_every_field(
    tmp_path_factory: pytest.TempPathFactory,
    routine: dict[str, object],
    exercises: list[dict[str, object]],
) -> None:
    # Whatever a hand-written file holds, `coretui edit` never ends in a traceback.
    file = tmp_path_factory.mktemp("mend") / "mine.json"
    file.write_text(json.dumps({**routine, "exercises": exercises}))
    result = mend_file(file, ["core-six"])
    if isinstance(result, str):
        assert "\n" not in result
        return
    draft = Draft(result.data)
    draft.check()
    for field in ROUTINE_FIELDS:
        field_text(draft.data, field)
    for exercise in draft.exercises:
        for field in exercise_fields(exercise):
            field_text(exercise, field)
