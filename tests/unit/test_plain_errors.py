"""Validation errors in plain words: every error the models can raise, and the examples.

The error types are enumerated from the models' own core schemas (each type, each
limit, each union), so a field added later with a new kind of limit fails here
until it has a plain message.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from coretui.plain_errors import PLAIN_TYPES, plain_errors
from coretui.plain_text import syntax_message
from coretui.settings import Settings, load_settings
from coretui.workout.routine_models import Routine as RoutineModel
from coretui.workout.routines import Routine, parse_routine_bytes
from tests.plain_check import assert_plain

Loc = tuple[int | str, ...]

# The context pydantic gives each error type, filled from the schema's own limits.
LIMIT_ERRORS = {
    "ge": "greater_than_equal",
    "gt": "greater_than",
    "le": "less_than_equal",
    "lt": "less_than",
}


def _errors_of(
    schema: dict[str, Any], loc: Loc, defs: dict[str, Any]
) -> Iterator[tuple[Loc, str, dict[str, Any]]]:
    """(location, error type, context) for every error a core-schema node can raise."""
    kind = schema["type"]
    if kind == "definitions":
        defs = {**defs, **{d["ref"]: d for d in schema["definitions"]}}
        yield from _errors_of(schema["schema"], loc, defs)
    elif kind == "definition-ref":
        yield from _errors_of(defs[schema["schema_ref"]], loc, defs)
    elif kind in ("default", "nullable"):
        yield from _errors_of(schema["schema"], loc, defs)
    elif kind in ("function-after", "function-before", "function-wrap"):
        yield loc, "value_error", {"error": ValueError("tempo needs at least one phase")}
        yield loc, "assertion_error", {"error": AssertionError("a check failed")}
        yield from _errors_of(schema["schema"], loc, defs)
    elif kind == "model":
        yield loc, "model_type", {"class_name": schema["cls"].__name__}
        if schema.get("config", {}).get("extra_fields_behavior") == "forbid":
            yield (*loc, "colour"), "extra_forbidden", {}
        yield from _errors_of(schema["schema"], loc, defs)
    elif kind == "model-fields":
        yield loc, "model_attributes_type", {}
        if schema.get("extra_behavior") == "forbid":
            yield (*loc, "colour"), "extra_forbidden", {}
        for name, field in schema["fields"].items():
            if field["schema"]["type"] != "default":
                yield (*loc, name), "missing", {}
            yield from _errors_of(field["schema"], (*loc, name), defs)
    elif kind == "tagged-union":
        tags = ", ".join(f"'{t}'" for t in schema["choices"])
        yield (
            loc,
            "union_tag_invalid",
            {"discriminator": "'kind'", "tag": "jump", "expected_tags": tags},
        )
        yield loc, "union_tag_not_found", {"discriminator": "'kind'"}
        for tag, choice in schema["choices"].items():
            yield from _errors_of(choice, (*loc, tag), defs)
    elif kind == "union":
        for choice in schema["choices"]:
            member = choice[0] if isinstance(choice, tuple) else choice
            yield from _errors_of(member, loc, defs)
    elif kind == "list":
        yield loc, "list_type", {}
        if "min_length" in schema:
            yield (
                loc,
                "too_short",
                {"field_type": "List", "min_length": schema["min_length"], "actual_length": 0},
            )
        if "max_length" in schema:
            yield (
                loc,
                "too_long",
                {
                    "field_type": "List",
                    "max_length": schema["max_length"],
                    "actual_length": schema["max_length"] + 1,
                },
            )
        yield from _errors_of(schema["items_schema"], (*loc, 0), defs)
    elif kind in ("int", "float"):
        yield loc, f"{kind}_type", {}
        if kind == "float":  # models forbid inf and NaN in their config
            yield loc, "finite_number", {}
        for limit, error in LIMIT_ERRORS.items():
            if limit in schema:
                yield loc, error, {limit: schema[limit]}
    elif kind == "str":
        yield loc, "string_type", {}
        if "min_length" in schema:
            yield loc, "string_too_short", {"min_length": schema["min_length"]}
        if "max_length" in schema:
            yield loc, "string_too_long", {"max_length": schema["max_length"]}
        if "pattern" in schema:
            yield loc, "string_pattern_mismatch", {"pattern": schema["pattern"]}
    elif kind == "bool":
        yield loc, "bool_type", {}
    elif kind == "literal":
        expected = " or ".join(repr(e) for e in schema["expected"])
        yield loc, "literal_error", {"expected": expected}
    else:
        raise AssertionError(f"a schema node this test does not know: {kind}")


def every_error(model: type[BaseModel]) -> list[tuple[Loc, str, dict[str, Any]]]:
    return list(_errors_of(model.__pydantic_core_schema__, (), {}))  # type: ignore[arg-type]


MODELS = [RoutineModel, Settings]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_error_type_the_models_can_raise_has_a_plain_message(model: type[BaseModel]) -> None:
    errors = every_error(model)
    kinds = {kind for _, kind, _ in errors}
    assert {"extra_forbidden", "int_type", "bool_type", "greater_than_equal"} <= kinds
    assert kinds <= PLAIN_TYPES, f"no plain message for {sorted(kinds - PLAIN_TYPES)}"
    for loc, kind, ctx in errors:
        details: Any = {"type": kind, "loc": loc, "input": "ten", "ctx": ctx}
        error = ValidationError.from_exception_data(model.__name__, [details])
        library = error.errors()[0]["msg"]
        [(path, message)] = plain_errors(error, model)
        assert message != library
        assert_plain(message)
        assert path and "constrained" not in path, (loc, path)


def test_a_typo_is_taken_for_the_key_missing_beside_it() -> None:
    # "secs" is closer to "sets" (a key a hold may have) than to "seconds"; but
    # "seconds" is the one missing. Said once, by the typo: "seconds is missing" came
    # first, and the line that explains it hid behind "and 1 more".
    text = 'id = "r"\nname = "R"\n[[exercises]]\nkind = "hold"\nname = "P"\nsecs = 30\n'
    with pytest.raises(ValidationError) as caught:
        RoutineModel.model_validate(tomllib.loads(text))
    assert plain_errors(caught.value, RoutineModel) == [
        ("exercises[0].secs", "unknown key 'secs' (did you mean 'seconds'?)"),
    ]


def test_a_typo_beside_the_key_it_resembles_says_that_key_is_set() -> None:
    # `coretui validate` said "did you mean 'sets'?" of `secs` beside `seconds = 30`:
    # typed as told, a 40-set plank.
    text = 'id = "r"\nname = "R"\n[[exercises]]\nkind = "hold"\nname = "P"\nseconds = 30\n'
    raw = tomllib.loads(text + "secs = 40\nset = 2\n")
    with pytest.raises(ValidationError) as caught:
        RoutineModel.model_validate(raw)
    assert plain_errors(caught.value, RoutineModel, raw) == [
        ("exercises[0].secs", "unknown key 'secs', and seconds is set already (to 30)"),
        ("exercises[0].set", "unknown key 'set' (did you mean 'sets'?)"),
    ]
    loaded = parse_routine_bytes("mine.toml", (text + "secs = 40\n").encode())
    assert isinstance(loaded, list)
    assert [e.message for e in loaded] == ["unknown key 'secs', and seconds is set already (to 30)"]


def test_a_key_is_only_guessed_when_it_is_close() -> None:
    # "saftey" beside "secs" was taken for the missing "seconds" too, and words of
    # their own for any key at all: "notes" for "name", "myextra" for "sets".
    text = (
        'id = "r"\nname = "R"\n[[exercises]]\nkind = "hold"\nname = "P"\nsecs = 30\n'
        'saftey = "slow"\nnotes = "n"\nmyextra = 1\nSeconds_ = 3\n'
    )
    with pytest.raises(ValidationError) as caught:
        RoutineModel.model_validate(tomllib.loads(text))
    assert dict(plain_errors(caught.value, RoutineModel)) == {
        "exercises[0].secs": "unknown key 'secs' (did you mean 'seconds'?)",
        "exercises[0].saftey": "unknown key 'saftey' (did you mean 'safety'?)",
        "exercises[0].notes": "unknown key 'notes'",
        "exercises[0].myextra": "unknown key 'myextra'",
        "exercises[0].Seconds_": "unknown key 'Seconds_' (did you mean 'seconds'?)",
    }


def test_a_key_of_the_other_kind_says_which_kind_has_it() -> None:
    # `reps = 5` in a hold got "did you mean 'rest_s'?": typed as told, a rest of 5 s,
    # and the hold still had no length. Likewise a prop's key in another kind of prop.
    text = (
        'id = "r"\nname = "R"\n[[exercises]]\nkind = "hold"\nname = "P"\nseconds = 30\n'
        'reps = 5\n[[exercises]]\nkind = "reps"\nname = "R"\nreps = 8\nseconds = 3\n'
        '[exercises.figure]\nprops = [{ kind = "floor", radius = 30 }]\nkeyframes = [{ name = "a",'
        " head = [16, 38], shoulder = [40, 32], elbow = [40, 3], hand = [13, 3],"
        " hip = [89, 22], knee = [133, 12], foot = [177, 3] }]\n"
    )
    raw = tomllib.loads(text)
    with pytest.raises(ValidationError) as caught:
        RoutineModel.model_validate(raw)
    assert dict(plain_errors(caught.value, RoutineModel, raw)) == {
        "exercises[0].reps": "unknown key 'reps' in a 'hold' exercise: "
        "it is a key of the 'reps' kind",
        "exercises[1].seconds": "unknown key 'seconds' in a 'reps' exercise: "
        "it is a key of the 'hold' kind",
        "exercises[1].figure.props[0].radius": "unknown key 'radius' in a 'floor' prop: "
        "it is a key of the 'ball' kind",
    }


@pytest.mark.parametrize(
    ("text", "path", "message"),
    [
        (
            '[[exercises]]\nkind = "hold"\nname = "P"\nseconds = 5\ncolour = "red"\n',
            "exercises[0].colour",
            "unknown key 'colour'",  # no guess: a colour is not a cue
        ),
        (
            '[[exercises]]\nkind = "hold"\nname = "P"\nseconds = 0\n',
            "exercises[0].seconds",
            "seconds must be at least 1, got 0",
        ),
        (
            '[[exercises]]\nkind = "reps"\nname = "P"\nreps = "ten"\n',
            "exercises[0].reps",
            "reps must be a whole number from 1 to 500, got 'ten'",
        ),
        ("exercises = 5\n", "exercises", "expected a list of exercises, got 5"),
        ("exercises = []\n", "exercises", "exercises needs at least 1 exercise, got none"),
        (
            '[[exercises]]\nkind = "jump"\nname = "P"\n',
            "exercises[0]",
            "kind must be 'hold' or 'reps', got 'jump'",
        ),
        (
            '[[exercises]]\nkind = 5\nname = "P"\n',
            "exercises[0]",
            "kind must be 'hold' or 'reps', got 5",  # a number, not the text '5'
        ),
        (
            '[[exercises]]\nkind = "reps"\nname = "P"\nreps = 3\ntempo = "fast"\n',
            "exercises[0].tempo",
            "tempo must be a number from 0.1 to 60 or a list of phases, got 'fast'",
        ),
        (
            '[[exercises]]\nkind = "hold"\nname = "P"\n',
            "exercises[0].seconds",
            "seconds is missing (expected a whole number from 1 to 3600)",
        ),
        # Shown as a blank line, or over two, in the picker and the workout's heading.
        (
            '[[exercises]]\nkind = "hold"\nname = "   "\nseconds = 5\n',
            "exercises[0].name",
            "must not be blank",
        ),
        (  # a zero-width space, a direction mark, a lone accent, fillers: nothing to see
            '[[exercises]]\nkind = "hold"\nname = "\\u200b\\u200f\\u0301\\u3164\\u2800"\n'
            "seconds = 5\n",
            "exercises[0].name",
            "must not be blank",
        ),
        (  # a rep of 1e-300 s: ten reps lasted 0:00
            '[[exercises]]\nkind = "reps"\nname = "P"\nreps = 10\ntempo = 1e-300\n',
            "exercises[0].tempo",
            "tempo must be at least 0.1, got 1e-300",
        ),
        (
            '[[exercises]]\nkind = "hold"\nname = "Plank\\nhold"\nseconds = 5\n',
            "exercises[0].name",
            "must be one line (no line breaks or tabs)",
        ),
        (
            '[[exercises]]\nkind = "hold"\nname = "P"\nseconds = 5\n[exercises.figure]\n'
            'props = [{}]\nkeyframes = [{ name = "a", head = [0, 9], shoulder = [0, 8],'
            " elbow = [0, 7], hand = [0, 6], hip = [0, 5], knee = [0, 4], foot = [0, 3] }]\n",
            "exercises[0].figure.props[0]",
            "kind is missing ('floor' or 'bench' or 'ball' or 'station')",  # not 'hold'/'reps'
        ),
        (
            '[[exercises]]\nkind = "hold"\nname = "P"\nseconds = 5\n[exercises.figure]\n'
            'colour = "red"\nkeyframes = [{ name = "a", head = [0, 9], shoulder = [0, 8],'
            " elbow = [0, 7], hand = [0, 6], hip = [0, 5], knee = [0, 4], foot = [0, 3] }]\n",
            "exercises[0].figure.colour",
            "unknown key 'colour'",  # a figure has no 'cue', its exercise has
        ),
        (  # "must be a table": TOML's word, with nothing of what goes in it
            '[[exercises]]\nkind = "hold"\nname = "P"\nseconds = 5\nfigure = 3\n',
            "exercises[0].figure",
            "figure must be a table of its own keys (keyframes, props), got 3",
        ),
        (  # "got ''": two quote marks
            '[[exercises]]\nkind = "hold"\nname = "P"\nseconds = ""\n',
            "exercises[0].seconds",
            "seconds must be a whole number from 1 to 3600, got an empty text",
        ),
    ],
)
def test_routine_mistakes_read_in_plain_words(text: str, path: str, message: str) -> None:
    result = parse_routine_bytes("mine.toml", b'id = "mine"\nname = "Mine"\n' + text.encode())
    assert not isinstance(result, Routine)
    assert [(e.path, e.message) for e in result] == [(path, message)]


def test_a_bad_id_says_what_an_id_looks_like() -> None:
    result = parse_routine_bytes("mine.toml", b'id = "My Routine"\nname = "M"\nexercises = []\n')
    assert not isinstance(result, Routine)
    assert result[0].path == "id"
    assert "lowercase letters a-z, digits and single hyphens" in result[0].message


def test_half_an_emoji_in_json_is_said_to_be_half_a_character() -> None:
    # "\ud83d" alone in a JSON routine: "cue: must be text, got 'Hips up \ud83d'".
    data = b'{"id": "x", "name": "X", "exercises": [{"kind": "hold", "name": "P",'
    data += b' "seconds": 30, "cue": "Hips up \\ud83d"}]}'
    result = parse_routine_bytes("mine.json", data)
    assert not isinstance(result, Routine)
    message = "cue holds half of a character: 'Hips up \\ud83d' (type the character again)"
    assert result[0].message == message


def test_a_bad_value_is_quoted_as_typed() -> None:
    # repr() doubled each backslash: an id typed as x\[0] was quoted 'x\\[0]'.
    data = b'id = "x\\\\[0]"\nname = "M"\nexercises = []\n'
    result = parse_routine_bytes("mine.toml", data)
    assert not isinstance(result, Routine)
    assert result[0].message.endswith(", got 'x\\[0]'")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "bad.toml",
            b'id = "x"\nname = "abc\n',
            "TOML syntax: line 2, column 12: text in quotes not closed before the line ends",
        ),
        ("bad.toml", b"id = 1\nid = 2\n", "TOML syntax: line 2, column 7: 'id' given twice"),
        ("bad.toml", b"id = = 3\n", "TOML syntax: line 1, column 6: invalid value"),
        ("bad.json", b'{"id": ', "JSON syntax: line 1, column 8: a value expected"),
        # What the parsers said of these slips: "cannot declare ('exercises', 'easier')
        # twice", "expected newline or end of document after a statement", "unclosed
        # array" (of a list closed, a comma missing), "illegal character '\x01'",
        # "expecting property name enclosed in double quotes" (of a comma too many).
        (
            "bad.toml",
            b"[[exercises]]\n[exercises.easier]\nname = 'a'\n[exercises.easier]\n",
            "TOML syntax: line 4, column 18: the table [exercises.easier] given twice",
        ),
        # A one-word table ("[meta.]", its tuple's comma kept), a quoted key ("'\"b\"'").
        ("bad.toml", b"[meta]\n[meta]\n", "TOML syntax: line 2, column 6: the table [meta] given"),
        ("bad.toml", b'"b" = 1\n"b" = 2\n', "TOML syntax: line 2, column 8: 'b' given twice"),
        ("bad.toml", b"seconds = 05\n", "TOML syntax: line 1, column 12: more after the value"),
        # "invalid value (text needs quotes)" of these three, which lack no quotes: a value
        # left out, a list left open above a key, a quote doubled inside a text.
        (
            "bad.toml",
            b"seconds = \n",
            "TOML syntax: line 1, column 11: a value expected after '='",
        ),
        (
            "bad.toml",
            b'equipment = ["mat",\nname = "x"\n',
            "TOML syntax: line 2, column 1: a key where a value goes: is a [ above not closed?",
        ),
        # A line of a pasted text, U+2028 in a comment: the hint read the line before.
        (
            "bad.toml",
            "# see\u2028 a = b\ncue = 'it''s'\n".encode(),
            "TOML syntax: line 2, column 11: more after the text in quotes",
        ),
        # An entry with no quotes, its comment with an "=": not a key.
        (
            "bad.toml",
            b"equipment = [\n  mat,  # a=b\n]\n",
            "TOML syntax: line 2, column 3: invalid value (text needs quotes",
        ),
        (
            "bad.toml",
            b"cue = 'it''s'\n",
            "TOML syntax: line 1, column 11: more after the text in quotes: all of it goes in one",
        ),
        ("bad.toml", b"t = [1 2]\n", "TOML syntax: line 1, column 8: a list not closed: commas"),
        ("bad.toml", b'n = "a\x01"\n', "TOML syntax: line 1, column 7: a control character"),
        # tomllib's own words, which name parts of its grammar ("key part", "statement").
        ("bad.toml", b"[@x]\n", "TOML syntax: line 1, column 2: a key is made of letters,"),
        ("bad.toml", b"= 1\n", "TOML syntax: line 1, column 1: a line is key = value,"),
        ("bad.toml", b'"\\ud800" = 1', "TOML syntax: line 1, column 8: a \\u code of half a"),
        ("bad.toml", b'a = "x\\q"', "TOML syntax: line 1, column 9: a \\ in text in quotes"),
        # "invalid value (text needs quotes)": the list is what was left open.
        ("bad.toml", b"exercises = [1,", "TOML syntax: at the end of the file: the file ends"),
        ("bad.toml", b"a = {b = 1,", "TOML syntax: at the end of the file: the file ends"),
        ("bad.json", b'{"id": "x"} trailing', "JSON syntax: line 1, column 13: more after the"),
        ("bad.json", b'{"id": "x",}', "JSON syntax: line 1, column 12: a comma before }"),
        # "not UTF-8 text (byte 10)": a count of bytes no editor shows.
        ("bad.toml", b'id = "x"\nn = "\xe9"\n', "not UTF-8 text (line 2, column 6): save the file"),
        # Its column in characters: "Café" is four, not five (bytes).
        ("bad.toml", b'n = "Caf\xc3\xa9 \xe9"', "not UTF-8 text (line 1, column 11)"),
    ],
)
def test_syntax_errors_name_the_line_and_column(name: str, data: bytes, message: str) -> None:
    result = parse_routine_bytes(name, data)
    assert not isinstance(result, Routine)
    assert result[0].message.startswith(message), result[0].message


def test_an_exercise_written_with_one_pair_of_brackets_is_told_the_two() -> None:
    # "[exercises]" for "[[exercises]]": "expected a list of exercises, got a table".
    result = parse_routine_bytes("mine.toml", b'id = "m"\nname = "M"\n[exercises]\nname = "P"\n')
    assert not isinstance(result, Routine)
    assert [str(problem) for problem in result] == [
        "mine.toml: exercises: expected a list of exercises, got a table:"
        " each entry begins [[exercises]] in TOML"
    ]
    # Of a JSON file, the TOML for it was no help.
    data = b'{"id": "m", "name": "M", "exercises": {"name": "P"}}'
    result = parse_routine_bytes("mine.json", data)
    assert not isinstance(result, Routine)
    assert [str(problem) for problem in result] == [
        "mine.json: exercises: expected a list of exercises, got a table:"
        ' in JSON, a list in square brackets: "exercises": [{...}, {...}]'
    ]


@pytest.mark.parametrize("name", ["mine.toml", "mine.json"])
def test_an_empty_routine_file_is_said_to_be_empty_once(name: str) -> None:
    # Three lines said it: "id: is missing", "name: is missing", "exercises: is missing"
    # (and of a JSON file, "expecting value").
    result = parse_routine_bytes(name, b"\n \n")
    assert not isinstance(result, Routine)
    assert [str(problem) for problem in result] == [
        f"{name}: (file): empty: a routine has an id, a name and its exercises"
        " ('coretui new' writes one)"
    ]


def test_syntax_message_of_a_toml_error_at_the_end() -> None:
    import tomllib

    with pytest.raises(tomllib.TOMLDecodeError) as caught:
        tomllib.loads('a = "')
    assert syntax_message(caught.value, "toml").startswith("TOML syntax: ")


def test_a_number_too_large_to_hold_is_said_so_not_inf(tmp_path: Path) -> None:
    # lead_in_s = 1e400 was "must be a whole number from 0 to 300, got inf".
    file = tmp_path / "settings.toml"
    file.write_text("lead_in_s = 1e400\n")
    assert load_settings((file,)).notices == [
        f"{file}: lead_in_s: must be a whole number from 0 to 300, got infinity (or a number"
        " too large to hold); using the default"
    ]


@pytest.mark.parametrize(
    ("name", "data", "got"),
    [
        # inf typed was "a number too large to hold"; JSON's null was "nothing".
        ("mine.toml", b"seconds = inf", "got infinity (or a number too large to hold)"),
        ("mine.json", b'"seconds": Infinity', "got infinity (or a number too large to hold)"),
        (
            "mine.toml",
            b"seconds = -1e400",
            "got minus infinity (or a number too far below zero to hold)",
        ),
        ("mine.toml", b"seconds = nan", "got nan (not a number)"),
        ("mine.json", b'"seconds": null', "got null"),
    ],
)
def test_inf_nan_and_null_are_named_as_typed(name: str, data: bytes, got: str) -> None:
    if name.endswith(".json"):
        text = b'{"id": "x", "name": "X", "exercises": [{"kind": "hold", "name": "P", %s}]}'
    else:
        text = b'id = "x"\nname = "X"\n[[exercises]]\nkind = "hold"\nname = "P"\n%s\n'
    result = parse_routine_bytes(name, text % data)
    assert not isinstance(result, Routine)
    assert [error.message for error in result] == [
        f"seconds must be a whole number from 1 to 3600, {got}"
    ]


def test_settings_notices_are_plain_and_suggest_the_setting_meant(tmp_path: Path) -> None:
    file = tmp_path / "settings.toml"
    file.write_text('them = "nord"\nweekly_goal = 9\nlead_in_s = "ten"\n')
    notices = load_settings((file,)).notices
    assert f"{file}: them: unknown setting, ignored (did you mean 'theme'?)" in notices
    assert f"{file}: weekly_goal: must be at most 7, got 9; using the default" in notices
    assert (
        f"{file}: lead_in_s: must be a whole number from 0 to 300, got 'ten'; using the default"
    ) in notices
    for notice in notices:
        assert_plain(notice)
