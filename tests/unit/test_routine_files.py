"""Routine files the editor and `coretui new` write: readable, ordered, read back the same."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coretui.cli import main
from coretui.workout.draft_fields import Field, exercise_fields, field_text, set_field
from coretui.workout.routine_draft import Draft
from coretui.workout.routine_files import (
    EDITOR_COMMENT,
    NEW_COMMENT,
    Saved,
    copied,
    copy_id,
    copy_name,
    id_from_name,
    routine_data,
    routine_toml,
    save_routine,
    saved_words,
)
from coretui.workout.routine_models import routine_of
from coretui.workout.routine_sources import numbered
from coretui.workout.routine_types import MAX_NAME
from coretui.workout.routines import Routine, load_library, load_routine_file
from coretui.workout.timeline import compile_routine

BUNDLED = load_library(None)


@pytest.mark.parametrize("loaded", BUNDLED.routines, ids=lambda r: r.routine.id)
def test_a_bundled_routine_written_out_reads_back_the_same(loaded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{loaded.routine.id}.toml"
    save_routine(routine_data(loaded.routine), path, "a comment")
    assert load_routine_file(path) == loaded.routine


def test_keys_are_written_in_the_bundled_files_order() -> None:
    core_six = BUNDLED.get("core-six")
    assert core_six is not None
    text = routine_toml(routine_data(core_six.routine))
    keys = [line.split(" = ")[0] for line in text.splitlines() if " = " in line][:8]
    assert keys == [
        "id",
        "name",
        "description",
        "credit",
        "equipment",
        "lead_in_s",
        "rest_between_sets_s",
        "rest_between_exercises_s",
    ]
    first = text.split("[[exercises]]")[1]
    assert first.index("kind =") < first.index("name =") < first.index("seconds =")
    assert "[exercises.easier]" in first


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=40))
def test_any_text_survives_the_round_trip(text: str) -> None:
    data = {
        "id": "x",
        "name": "n",
        "description": text,
        "exercises": [{"kind": "hold", "name": "P", "seconds": 5, "cue": text}],
    }
    assert tomllib.loads(routine_toml(data)) == data


def test_copies_get_the_next_free_id_and_a_name_that_says_so() -> None:
    assert copy_id("core-six", {"core-six"}) == "core-six-copy"
    assert copy_id("core-six", {"core-six-copy"}) == "core-six-copy-2"
    assert copy_id("core-six-copy", {"core-six-copy", "core-six-copy-2"}) == "core-six-copy-3"
    # The words in brackets are kept: "(full session)" and "(mat only)" made one name.
    assert (
        copy_name("Core six (full session)", "core-six-copy") == "Core six (full session, my copy)"
    )
    assert copy_name("Core six (mat only)", "c-copy-2") == "Core six (mat only, my copy 2)"
    assert copy_name("Plank day", "plank-day-copy") == "Plank day (my copy)"
    # A copy of a copy: one "my copy", numbered as its id is.
    assert (
        copy_name("Core six (full session, my copy)", "c-copy-2")
        == "Core six (full session, my copy 2)"
    )
    assert copy_name("Plank day (my copy)", "p-copy-3") == "Plank day (my copy 3)"


def test_a_copy_starts_from_the_users_progress_and_says_so() -> None:
    core_six = BUNDLED.get("core-six")
    assert core_six is not None
    data, note = copied(core_six.routine, {"Plank": {"seconds": 65}}, ["core-six"])
    assert data["exercises"][0]["seconds"] == 65
    assert "your progress: Plank (65 s)" in note
    assert routine_of(data).id == "core-six-copy"


def test_keys_the_editor_has_no_field_for_are_kept() -> None:
    exercise = {
        "kind": "hold",
        "name": "Plank",
        "seconds": 30,
        "figure": "plank.txt",
        "easier": {"name": "Knees", "safety": "gently", "equipment": ["mat"]},
    }
    draft = Draft({"id": "x", "name": "X", "later": 1, "exercises": [exercise]})
    fields = {f.key: f for f in exercise_fields(draft.exercises[0])}
    set_field(draft.exercises[0], fields["seconds"], "45")
    set_field(draft.exercises[0], fields["easier"], "On knees: keep it slow")
    assert draft.data["later"] == 1
    assert draft.exercises[0]["figure"] == "plank.txt"
    assert draft.exercises[0]["easier"] == {
        "name": "On knees",
        "cue": "keep it slow",
        "safety": "gently",
        "equipment": ["mat"],
    }
    assert draft.exercises[0]["seconds"] == 45


@pytest.mark.parametrize(
    ("variant", "typed", "saved"),
    [
        # Its field reads "Plank 2:1 breathing: Knees down"; " ok" added at the end saved
        # the name "Plank 2" and the cue "1 breathing: Knees down ok".
        (
            {"name": "Plank 2:1 breathing", "cue": "Knees down"},
            "Plank 2:1 breathing: Knees down ok",
            {"name": "Plank 2:1 breathing", "cue": "Knees down ok"},
        ),
        ({"name": "Plank 2:1"}, "Plank 2:1", {"name": "Plank 2:1"}),
        (
            {"name": "Hold: knees", "cue": "Slow"},
            "Hold: knees: Slower",
            {"name": "Hold: knees", "cue": "Slower"},
        ),
        (None, "Ratio 3:1 plank: Knees down", {"name": "Ratio 3:1 plank", "cue": "Knees down"}),
        (None, "Knee plank:", {"name": "Knee plank"}),
        ({"name": "Knees"}, "On knees: keep it slow", {"name": "On knees", "cue": "keep it slow"}),
        # A name cut short before (by an earlier coretui) is mended by typing it whole.
        (
            {"name": "Plank 2"},
            "Plank 2:1 breathing: Slow",
            {"name": "Plank 2:1 breathing", "cue": "Slow"},
        ),
        (None, "Knee plank:Knees down", {"name": "Knee plank", "cue": "Knees down"}),
        ({"name": "Hold: knees"}, "Hold: knees", {"name": "Hold: knees"}),
    ],
)
def test_a_variant_s_name_keeps_its_colons(
    variant: dict[str, str] | None, typed: str, saved: dict[str, str]
) -> None:
    exercise: dict[str, Any] = {"kind": "hold", "name": "Plank", "seconds": 30}
    if variant is not None:
        exercise["easier"] = variant
    fields = {f.key: f for f in exercise_fields(exercise)}
    if variant is not None:
        assert field_text(exercise, fields["easier"]).startswith(variant["name"])
    set_field(exercise, fields["easier"], typed)
    assert exercise["easier"] == saved


def test_equipment_typed_twice_in_other_words_is_kept_once() -> None:
    # "mat, Mat, foam roller" was saved as ["mat", "mat", "foam-roller"].
    draft = Draft({"id": "x", "name": "X", "exercises": [{"kind": "hold", "name": "P"}]})
    set_field(draft.exercises[0], Field("equipment", "Equipment", "tags"), "mat, Mat, foam roller")
    assert draft.exercises[0]["equipment"] == ["mat", "foam-roller"]


def test_the_draft_total_is_the_workouts_total() -> None:
    draft = Draft(
        {
            "id": "x",
            "name": "X",
            "lead_in_s": 0,
            "exercises": [{"kind": "hold", "name": "P", "seconds": 40}],
        }
    )
    routine, _ = draft.check()
    assert routine is not None and compile_routine(routine).total_s == 40
    set_field(draft.exercises[0], Field("seconds", "Seconds", "int"), "0")
    assert draft.check()[0] is None
    assert draft.check()[1] == {"exercises[0].seconds": "seconds must be at least 1, got 0"}


# -- coretui new / edit --------------------------------------------------------------------


def test_new_writes_a_valid_starting_file_and_prints_its_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--config-dir", str(tmp_path), "new", "morning"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == tmp_path / "routines" / "morning.toml"
    assert isinstance(load_routine_file(path), Routine)
    assert main(["validate", str(path)]) == 0


def test_new_from_a_routine_copies_it_with_the_users_progress(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "progress.json").write_text('{"core-quick": {"Plank": {"seconds": 50}}}')
    assert main(["--config-dir", str(tmp_path), "new", "my-quick", "--from", "core-quick"]) == 0
    routine = load_routine_file(Path(capsys.readouterr().out.strip()))
    assert isinstance(routine, Routine)
    assert routine.id == "my-quick"
    plank = next(e for e in routine.exercises if e.name == "Plank")
    assert getattr(plank, "seconds", None) == 50


def test_a_copy_of_a_routine_with_a_long_name_gets_a_name_that_fits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A 78-letter name and " (my copy)" made 87: `new --from` ended in a traceback and
    # left a file that every later start refused ("name: must be at most 80 characters").
    long_name = "Runner's back " + "x" * (MAX_NAME - 19) + " [b]y"
    assert len(long_name) <= MAX_NAME
    assert len(copy_name(long_name, "a-copy")) == MAX_NAME
    assert copy_name(long_name, "a-copy").endswith("… (my copy)")
    assert copy_name(long_name, "a-copy-12").endswith("… (my copy 12)")
    mine = tmp_path / "routines" / "mine.toml"
    mine.parent.mkdir()
    quick = BUNDLED.get("core-quick")
    assert quick is not None
    mine.write_text(routine_toml({**routine_data(quick.routine), "id": "mine", "name": long_name}))
    assert main(["--config-dir", str(tmp_path), "new", "x2", "--from", "mine"]) == 0
    copy = load_routine_file(Path(capsys.readouterr().out.strip()))
    assert isinstance(copy, Routine) and copy.name.startswith("Runner's back xxx")


def test_a_file_new_from_wrote_is_saved_over_with_no_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Its "Copy of Quick core" comment was taken for the user's: the first save in the
    # editor kept a .bak and said "the file as you wrote it is kept".
    assert main(["--config-dir", str(tmp_path), "new", "baz", "--from", "core-quick"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.read_text().startswith("# A new routine from Quick core (7 min): ")
    data = tomllib.loads(path.read_text())
    assert save_routine({**data, "name": "Baz"}, path, EDITOR_COMMENT) is None
    assert sorted(p.name for p in path.parent.iterdir()) == ["baz.toml"]


@pytest.mark.parametrize("name", ["Red \x1b[31mback\x1b]0;T\x07", "Next \x85 line \u2028 ok"])
def test_a_copy_of_a_routine_whose_name_holds_a_control_is_a_file_coretui_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    # The name went raw into the comment above the copy: TOML refused the file ("found
    # invalid character"), the editor would not open it, and `cat` set the terminal's title.
    mine = tmp_path / "routines" / "mine.toml"
    mine.parent.mkdir()
    quick = BUNDLED.get("core-quick")
    assert quick is not None
    mine.write_text(routine_toml({**routine_data(quick.routine), "id": "mine", "name": name}))
    assert main(["--config-dir", str(tmp_path), "new", "x2", "--from", "mine"]) == 0
    path = Path(capsys.readouterr().out.strip())
    text = path.read_text()
    assert text.startswith("# A new routine from ")
    comment = text.split("\n")[0]
    assert comment.isprintable() and ("\\x1b" in comment or "\\x85" in comment)
    copy = load_routine_file(path)
    assert isinstance(copy, Routine) and copy.name.startswith(name.split()[0])
    data = tomllib.loads(text)
    assert save_routine({**data, "name": "Mine now"}, path, EDITOR_COMMENT) is None  # its own


def test_new_refuses_to_overwrite_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "routines" / "mine.toml"
    path.parent.mkdir()
    path.write_text("not a routine, but mine")
    assert main(["--config-dir", str(tmp_path), "new", "mine"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "not overwritten" in err
    assert path.read_text() == "not a routine, but mine"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["new", "Bad Id"], "coretui: the id must be lowercase letters"),
        (["new", "core-six"], "exists already"),
        (["new", "x", "--from", "nope"], "unknown routine 'nope'"),
        (["edit", "nope"], "unknown routine 'nope' (see 'coretui list')"),
        # A file's name for the routine's (its id): the id is said.
        (["edit", "core-six.toml"], "unknown routine 'core-six.toml' (did you mean 'core-six'?"),
        (["run", "routines/core-six-mat.json"], "(did you mean 'core-six-mat'?"),
        (["show", "core-sx"], "(did you mean 'core-six'?"),
    ],
)
def test_new_and_edit_mistakes_are_one_line(
    args: list[str], words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--config-dir", str(tmp_path), *args]) != 0
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and words in err, err


def test_a_file_s_name_typed_for_its_routine_s_id_gets_the_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `mine3.toml` holds `my-first`: "coretui run mine3" only said "see 'coretui list'".
    (tmp_path / "routines").mkdir()
    text = routine_toml({**routine_data(BUNDLED.routines[0].routine), "id": "my-first"})
    (tmp_path / "routines" / "mine3.toml").write_text(text)
    for typed in ("mine3", "mine3.toml", "mine"):
        assert main(["--config-dir", str(tmp_path), "show", typed]) != 0
        err = capsys.readouterr().err
        assert "did you mean 'my-first' (the routine in mine3.toml)?" in err, err


def test_delete_given_a_routine_says_how_a_routine_is_deleted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `delete` is for sessions: a routine's id only got "no session with id".
    config = ["--config-dir", str(tmp_path), "--data-dir", str(tmp_path / "data")]
    assert main([*config, "new", "mine"]) == 0
    capsys.readouterr()
    for routine_id, words in [
        ("mine", f"'mine' is a routine: to delete it, delete its file {tmp_path}"),
        ("core-six", "'core-six' is a bundled routine, which cannot be deleted"),
    ]:
        assert main([*config, "delete", routine_id]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"coretui: no session with id '{routine_id}'") and words in err
    assert (tmp_path / "routines" / "mine.toml").exists()


@pytest.mark.parametrize("loaded", BUNDLED.routines, ids=lambda r: r.routine.id)
@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_a_file_coretui_wrote_is_saved_over_with_no_copy(
    loaded, suffix: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # As `coretui new`, a copy or the editor wrote it: nothing to keep.
    path = tmp_path / f"mine{suffix}"
    data = routine_data(loaded.routine)
    assert save_routine(data, path, NEW_COMMENT) is None
    copy, note = copied(loaded.routine, {}, [loaded.routine.id])
    assert save_routine(copy, path, note) is None
    assert save_routine(data, path, EDITOR_COMMENT) is None
    assert save_routine(data, path) is None
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize(
    "comment",
    [
        "my plank notes",
        f"{EDITOR_COMMENT}\nwith my notes",
        "Copy of X\nmine",
        "Copy of the plank my physio showed me",  # (coretui's is above a copy's id only)
    ],
)
def test_a_comment_of_the_user_s_above_coretui_s_form_is_kept(comment: str, tmp_path: Path) -> None:
    # The file was in coretui's form below its comment: saved over with no copy, and
    # whatever the user wrote above it was gone.
    path = tmp_path / "mine.toml"
    data = routine_data(BUNDLED.routines[0].routine)
    save_routine(data, path, comment)
    written = path.read_text()
    assert save_routine(data, path, EDITOR_COMMENT) == tmp_path / "mine.toml.bak"
    assert (tmp_path / "mine.toml.bak").read_text() == written


def test_a_file_the_caller_knows_did_not_load_is_kept(tmp_path: Path) -> None:
    # A file in coretui's form refused only for an id another routine has loads alone.
    path = tmp_path / "mine.toml"
    data = routine_data(BUNDLED.routines[0].routine)
    save_routine(data, path, EDITOR_COMMENT)
    written = path.read_text()
    assert save_routine({**data, "id": "mine"}, path, EDITOR_COMMENT, keep=True) is not None
    assert (tmp_path / "mine.toml.bak").read_text() == written


@pytest.mark.parametrize(
    "text",
    [
        '# my plank\nid = "mine"\nname = "Mine"\n[[exercises]]\nkind = "hold"\nname = "P"\n'
        'seconds = 30\ncues = "long"\n',
        'name = "Mine"\nid = "mine"\n',
        "not toml at all [",
        'id = "mine"\nwhen = 2024-01-01\n',
        "x = " + "[" * 3000 + "]" * 3000 + "\n",
    ],
    ids=["a comment and a slip", "another order", "not TOML", "a TOML date", "nested deep"],
)
def test_a_hand_written_file_saved_over_is_kept_whole_beside_it(text: str, tmp_path: Path) -> None:
    # Its comments and a value left out as unknown were gone at the first save.
    path = tmp_path / "mine.toml"
    path.write_text(text)
    data = {
        "id": "mine",
        "name": "Mine",
        "exercises": [{"kind": "hold", "name": "P", "seconds": 5}],
    }
    kept = save_routine(data, path, "Made with the editor.")
    assert kept == tmp_path / "mine.toml.bak" and kept.read_text() == text
    path.write_text(text + "\n# again\n")
    assert save_routine(data, path) == tmp_path / "mine.toml.bak.1", "the first copy kept too"
    assert kept.read_text() == text
    assert isinstance(load_routine_file(path), Routine)


def test_a_json_routine_is_saved_as_json(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    data = {
        "id": "mine",
        "name": "Mine",
        "exercises": [{"kind": "hold", "name": "P", "seconds": 5}],
    }
    save_routine(data, path)
    assert json.loads(path.read_text(encoding="utf-8")) == data
    assert isinstance(load_routine_file(path), Routine)


def test_a_json_routine_saved_keeps_the_schema_it_names(tmp_path: Path) -> None:
    # The editor's save dropped "$schema" (loading leaves it out), and the editor that
    # checked the file against `coretui schema` lost its place.
    path = tmp_path / "mine.json"
    data = {
        "id": "mine",
        "name": "Mine",
        "exercises": [{"kind": "hold", "name": "P", "seconds": 5}],
    }
    path.write_text(json.dumps({"$schema": "./routine.schema.json", **data}, indent=2) + "\n")
    loaded = load_routine_file(path)
    assert isinstance(loaded, Routine)
    assert save_routine({**data, "name": "Mine again"}, path) is None, "its own form: no .bak"
    written = json.loads(path.read_text(encoding="utf-8"))
    assert list(written)[:2] == ["$schema", "id"]
    assert written["$schema"] == "./routine.schema.json" and written["name"] == "Mine again"
    assert save_routine(data, path) is None and not list(tmp_path.glob("*.bak*"))
    path.write_text("\ufeff" + json.dumps({"$schema": "./s.json", **data}))  # a BOM first
    save_routine(data, path)
    assert json.loads(path.read_text(encoding="utf-8"))["$schema"] == "./s.json"


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(["hold", "reps"]),
    mode=st.sampled_from(["none", "rep", "phases"]),
    typed=st.lists(st.tuples(st.integers(0, 30), st.text(max_size=30)), max_size=6),
)
def test_any_text_in_any_field_is_checked_never_crashes(
    kind: str, mode: str, typed: list[tuple[int, str]]
) -> None:
    """Whatever is typed, each field shows it back and the model explains what is wrong."""
    from coretui.workout.draft_fields import ROUTINE_FIELDS, field_text, set_kind, set_tempo_mode

    draft = Draft(
        {"id": "x", "name": "X", "exercises": [{"kind": "hold", "name": "P", "seconds": 5}]}
    )
    exercise = draft.exercises[0]
    set_kind(exercise, kind)
    set_tempo_mode(exercise, mode)
    forms = [(draft.data, ROUTINE_FIELDS), (exercise, exercise_fields(exercise))]
    for number, text in typed:
        values, fields = forms[number % 2]
        typeable = [f for f in fields if f.kind not in ("bool", "kind", "tempo")]
        field = typeable[number % len(typeable)]
        set_field(values, field, text)
        field_text(values, field)
    for values, fields in forms:  # the form shown again, as when coming back to it
        for field in fields:
            field_text(values, field)
    routine, problems = draft.check()
    assert (routine is None) == bool(problems)
    for message in problems.values():
        assert message
    if routine is not None:
        compile_routine(routine)  # (a routine that checks out runs)


@pytest.mark.parametrize(
    "args",
    [
        ["run", "bad-vals"],
        ["show", "bad-vals"],
        ["log", "bad-vals"],
        ["cues", "bad-vals"],
        ["new", "x", "--from", "bad-vals"],
    ],
)
def test_a_routine_whose_file_did_not_load_is_not_called_unknown(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The user wrote bad-vals.toml and asks for it: say why it did not load, in one line.
    # (`coretui edit` opens it to mend: tests/ui/test_editor.py)
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "bad-vals.toml").write_text(
        'id = "bad-vals"\nname = "Bad"\n[[exercises]]\nkind = "hold"\nname = "P"\nseconds = 0\n'
    )
    assert main(["--config-dir", str(tmp_path), "--data-dir", str(tmp_path), *args]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert "routine 'bad-vals' did not load" in err and "seconds" in err, err
    assert "unknown" not in err


def test_a_problem_s_place_is_counted_as_people_count() -> None:
    # `coretui validate`, `coretui list` and the app's notices name places this way;
    # `list --json` keeps the field path as pydantic gives it.
    assert numbered("exercises[1].tempo[0].seconds") == "exercise 2 · tempo phase 1 · seconds"
    assert (
        numbered("exercises[0].figure.props[2].radius") == "exercise 1 · figure · prop 3 · radius"
    )
    assert numbered("name") == "name" and numbered("(toml)") == "(toml)"
    # A key that is not a plain word is quoted by the place, not glued to it.
    assert numbered("exercises[0]['a b']") == "exercise 1 · 'a b'"
    assert numbered("exercises[0]['[bold]x.y[/]'].z") == "exercise 1 · '[bold]x.y[/]' · z"
    assert numbered('exercises[0]["it\'s"]') == 'exercise 1 · "it\'s"'


def test_a_file_with_several_problems_says_how_many_more_and_where_to_see_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "my config" / "routines"  # a space: the hint quotes the path
    folder.mkdir(parents=True)
    file = folder / "bad-vals.toml"
    file.write_text(
        'id = "bad-vals"\nname = "Bad"\n[[exercises]]\nkind = "hold"\nname = "P"\nseconds = 0\n'
        '[[exercises]]\nkind = "reps"\nname = "R"\nreps = -1\n'
    )
    args = ["--config-dir", str(folder.parent), "--data-dir", str(tmp_path), "log", "bad-vals"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.endswith(
        f"exercise 1 · seconds: must be at least 1, got 0 (and 1 more: coretui validate '{file}')\n"
    ), err


def test_a_file_that_did_not_load_and_went_meanwhile_is_saved(tmp_path: Path) -> None:
    # Moved away while the editor mended it: the save failed ("No such file").
    path = tmp_path / "mine.toml"
    data = routine_data(BUNDLED.routines[0].routine)
    assert save_routine({**data, "id": "mine"}, path, EDITOR_COMMENT, keep=True) is None
    assert path.exists() and list(tmp_path.iterdir()) == [path]


def test_saving_over_a_named_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    # The copy kept of a file not in coretui's own form read the pipe, for ever.
    import threading

    from coretui.workout.routine_files import save_routine, starting_routine

    pipe = tmp_path / "fifo.toml"
    os.mkfifo(pipe)
    said: list[BaseException] = []

    def save() -> None:
        try:
            save_routine(starting_routine("fifo"), pipe)
        except OSError as exc:
            said.append(exc)

    saving = threading.Thread(target=save, daemon=True)
    saving.start()
    saving.join(timeout=10)
    if saving.is_alive():  # (let the save go: a writer ends its wait)
        with open(pipe, "wb"):
            pass
    assert not saving.is_alive() and [str(e) for e in said] == [
        "not a regular file (a named pipe, socket or device)"
    ]


def test_saving_over_a_folder_says_it_is_a_folder(tmp_path: Path) -> None:
    # The editor said "Not saved: not a regular file (a named pipe, socket or device)".
    from coretui.problem_words import os_reason
    from coretui.workout.routine_files import save_routine, starting_routine

    folder = tmp_path / "mine.toml"
    folder.mkdir()
    with pytest.raises(OSError) as caught:
        save_routine(starting_routine("mine"), folder)
    assert os_reason(caught.value) == "is a folder, not a file"


NUMBERED_NAMES = ("1st pulse", "2nd", "4count down", "phase 1a", "lower 10cm", "up 12kg")


def test_phase_names_with_digits_read_as_a_file_may_write_them() -> None:
    # "hold2 3" was refused as "phases read 'name seconds, ...'": the shape the user had
    # typed. A file may name a phase "hold2" or "up 1"; the editor read neither.
    from coretui.workout.draft_fields import field_text, set_tempo_mode

    draft = Draft({"id": "x", "name": "X", "exercises": [{"kind": "reps", "name": "P", "reps": 5}]})
    exercise = draft.exercises[0]
    set_tempo_mode(exercise, "phases")
    (phases,) = (f for f in exercise_fields(exercise) if f.kind == "phases")
    assert set_field(exercise, phases, "hold2 3, p0 1.5, up 1 2") is None
    assert exercise["tempo"] == [
        {"name": "hold2", "seconds": 3},
        {"name": "p0", "seconds": 1.5},
        {"name": "up 1", "seconds": 2},
    ]
    shown = field_text(exercise, phases)
    assert set_field(exercise, phases, shown) is None  # read back as shown
    assert [p["name"] for p in exercise["tempo"]] == ["hold2", "p0", "up 1"]
    assert set_field(exercise, phases, "up 1, 5") is not None  # a phase with no name
    # Names that begin with a number, or hold a number and a letter, read back too.
    exercise["tempo"] = [{"name": name, "seconds": 1} for name in NUMBERED_NAMES]
    assert set_field(exercise, phases, field_text(exercise, phases)) is None
    assert [p["name"] for p in exercise["tempo"]] == list(NUMBERED_NAMES)


def test_whole_seconds_are_written_as_the_user_wrote_them(tmp_path: Path) -> None:
    # `"tempo": 3` came back from an editor's save as `3.0`; a half second stays one.
    path = tmp_path / "mine.json"
    written = {
        "id": "mine",
        "name": "Mine",
        "exercises": [
            {"kind": "reps", "name": "Crunch", "sets": 2, "reps": 10, "tempo": 3},
            {"kind": "reps", "name": "Raise", "reps": 10, "tempo": 2.5},
        ],
    }
    path.write_text(json.dumps(written))
    routine = load_routine_file(path)
    assert isinstance(routine, Routine)
    save_routine(routine_data(routine), path)
    tempos = [exercise["tempo"] for exercise in json.loads(path.read_text())["exercises"]]
    assert tempos == [3, 2.5] and isinstance(tempos[0], int)
    assert "tempo = 3\n" in routine_toml(routine_data(routine))


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        ({}, "Plank: 3 x 40 s hold"),  # the routine's rest between sets: not said
        ({"rest_s": 0}, "Plank: 3 x 40 s hold (rest 0 s)"),  # none: said, not taken for it
        ({"rest_s": 20, "per_side": True}, "Plank: 3 x 40 s hold each side (rest 20 s)"),
        ({"sets": 1, "rest_s": 20}, "Plank: 40 s hold"),
    ],
)
def test_an_exercise_line_says_its_own_rest_between_sets(
    changes: dict[str, object], line: str
) -> None:
    from coretui.workout.routine_summary import exercise_line

    data = {
        "id": "r",
        "name": "R",
        "exercises": [{"kind": "hold", "name": "Plank", "seconds": 40, "sets": 3, **changes}],
    }
    routine = routine_of(data)
    assert exercise_line(routine.exercises[0]) == line


@pytest.mark.parametrize(
    ("name", "made"),
    [
        ("Runner's back 🏃", "runners-back"),  # was "runner-s-back"
        ("Runner\u2019s back", "runners-back"),
        ("Évening core", "evening-core"),
        ("🏃", "my-routine"),
    ],
)
def test_a_new_routine_s_id_reads_as_its_name(name: str, made: str) -> None:
    assert id_from_name(name, ()) == made


def test_a_rep_made_a_hold_keeps_the_pose_it_moves_to_not_one_passed_on_the_way() -> None:
    # The knee tuck passes a pose marked via before its top: kept as the hold's one
    # pose, it refused the save ("the first keyframe ... cannot be via").
    from coretui.workout.draft_fields import set_kind
    from coretui.workout.routine_sources import bundled_dir

    data = tomllib.loads((bundled_dir() / "core-six.toml").read_text(encoding="utf-8"))
    draft = Draft({**data, "id": "mine"})
    pike = draft.exercises[3]
    assert [pose.get("via", False) for pose in pike["easier"]["figure"]["keyframes"]][:3] == [
        False,
        True,
        False,
    ]
    set_kind(pike, "hold")
    assert [pose["name"] for pose in pike["easier"]["figure"]["keyframes"]] == ["top"]
    routine, problems = draft.check()
    assert problems == {} and routine is not None


@pytest.mark.parametrize("name", ["mine.json", "mine.toml"])
def test_a_file_with_a_byte_order_mark_opens_in_the_editor_with_its_rests_left_out(
    tmp_path: Path, name: str
) -> None:
    # A JSON file saved by an editor that writes a BOM: reopened and saved unchanged,
    # it gained "lead_in_s": 10 and both rests (its text was not read past the BOM).
    from coretui.workout.routine_files import editable_data
    from coretui.workout.routine_models import routine_of

    data = {
        "id": "mine",
        "name": "Mine",
        "exercises": [{"kind": "hold", "name": "P", "seconds": 5}],
    }
    text = json.dumps(data) if name.endswith(".json") else routine_toml(data)
    file = tmp_path / name
    file.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    opened = editable_data(routine_of(data), file)
    assert not {"lead_in_s", "rest_between_sets_s", "rest_between_exercises_s"} & set(opened)


def test_the_save_notice_names_each_exercise_whose_figure_keeps_one_pose() -> None:
    path = Path("/r/mine.toml")
    one = Saved("mine", path, path.with_name("mine.toml.bak"), ("Hip raise",))
    assert saved_words(one) == (
        "Saved /r/mine.toml; Hip raise's figure keeps one pose, as a hold's does"
        " (the file as it was is kept as mine.toml.bak)"
    )
    two = Saved("mine", path, None, ("Hip raise", "Superman"))
    assert saved_words(two) == (
        "Saved /r/mine.toml; Hip raise's and Superman's figures keep one pose, as a hold's does"
    )
    assert saved_words(Saved("mine", path, path.with_name("mine.toml.bak"))) == (
        "Saved /r/mine.toml; the file as you wrote it is kept as mine.toml.bak"
    )
