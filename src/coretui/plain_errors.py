"""Validation errors in plain words: which key is wrong, and what would be right.

pydantic reports "Input should be greater than or equal to 1" at
`('exercises', 0, 'hold', 'seconds')`; a person wants "seconds must be at least 1"
at `exercises[0].seconds`. The descriptions ("a whole number from 1 to 500") come
from the model's own fields, so they stay true when a limit changes.
"""

from __future__ import annotations

from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError

from coretui.model_places import Place, Slot, dotted, kind_of, locate, members, models_in
from coretui.plain_text import closest, set_already, shown, shown_text, unknown_key

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

TYPE_ERRORS = frozenset(
    {
        "int_type",
        "int_parsing",
        "int_parsing_size",
        "int_from_float",
        "float_type",
        "float_parsing",
        "string_type",
        "string_sub_type",
        "string_unicode",
        "bool_type",
        "bool_parsing",
        "list_type",
        "dict_type",
        "model_type",
        "model_attributes_type",
        "none_required",
        "is_instance_of",
    }
)
"""Errors that mean "this key holds the wrong kind of value"."""

PLAIN_TYPES = TYPE_ERRORS | {
    "missing",
    "extra_forbidden",
    "greater_than",
    "greater_than_equal",
    "less_than",
    "less_than_equal",
    "finite_number",
    "string_too_short",
    "string_too_long",
    "string_pattern_mismatch",
    "too_short",
    "too_long",
    "literal_error",
    "union_tag_invalid",
    "union_tag_not_found",
    "value_error",
    "assertion_error",
    "recursion_loop",
    "frozen_instance",
    "frozen_field",
}
"""Every pydantic error type given its own plain message here."""


def _range(limits: dict[str, Any]) -> str:
    low = limits.get("ge", limits.get("gt"))
    high = limits.get("le", limits.get("lt"))
    low_word = "more than " if "gt" in limits else ""
    if low is not None and high is not None:
        if "gt" in limits:
            return f" more than {low:g} and up to {high:g}"
        return f" from {low:g} to {high:g}"
    if low is not None:
        return f" of {low_word or 'at least '}{low:g}"
    if high is not None:
        return f" up to {high:g}"
    return ""


def describe(slot: Slot | None) -> str:
    """What a key holds, in words: "a whole number from 1 to 500", "a list of phases"."""
    if slot is None:
        return "a value"
    words = []
    for member in members(slot.tp):
        tp, limits = member.tp, {**slot.limits, **member.limits}
        if tp is bool:
            words.append("true or false")
        elif tp is int:
            words.append("a whole number" + _range(limits))
        elif tp is float:
            words.append("a number" + _range(limits))
        elif tp is str:
            pattern = limits.get("pattern")
            if pattern == SLUG_PATTERN:
                words.append(
                    "lowercase letters a-z, digits and single hyphens"
                    " (like 'core-six' or 'swiss-ball')"
                )
            else:
                words.append("text")
        elif get_origin(tp) is list:
            words.append(_list_words(tp, limits))
        elif get_origin(tp) is Literal:
            words.append(" or ".join(f"'{arg}'" for arg in get_args(tp)))
        elif isinstance(tp, type) and issubclass(tp, BaseModel):
            # "a table" alone is a word of TOML's: the keys it holds say what is meant.
            keys = list(tp.model_fields)
            listed = ", ".join(keys[:3]) + (", ..." if len(keys) > 3 else "")
            table = f"a table of its own keys ({listed})"
            if not any(word.startswith("a table") for word in words):
                words.append(table)
        else:
            words.append("a value")
    return " or ".join(words) or "a value"


def _entries(count: int, slot: Slot | None = None) -> str:
    """ "1 exercise", "2 phases", or "1 entry" for a list of something else."""
    items = models_in(get_args(slot.tp)[0]) if slot is not None and get_args(slot.tp) else []
    plural = _PLURALS.get(items[0].__name__) if items else None
    if plural is None:
        return f"{count} {'entry' if count == 1 else 'entries'}"
    return f"{count} {plural.removesuffix('s') if count == 1 else plural}"


_PLURALS = {
    "Phase": "phases",
    "HoldExercise": "exercises",
    "RepsExercise": "exercises",
    **dict.fromkeys(("Floor", "Bench", "Ball", "Station"), "props"),
}


def _list_words(tp: Any, limits: dict[str, Any]) -> str:
    items = models_in(get_args(tp)[0]) if get_args(tp) else []
    if items:
        return f"a list of {_PLURALS.get(items[0].__name__, 'tables')}"
    if limits.get("min_length") == limits.get("max_length") == 2:  # a figure's point
        return "a point, two numbers [x, y]"
    return "a list"


def _fields(place: Place) -> list[str]:
    return [f for model in place.parents for f in model.model_fields]


def _other_kinds_key(place: Place) -> str | None:
    """ "unknown key 'reps' in a 'hold' exercise: it is a key of the 'reps' kind", when
    the key belongs to another kind of the same table (not "did you mean 'rest_s'?")."""
    if place.name in _fields(place):
        return None
    kinds = [k for m in place.other_kinds if place.name in m.model_fields and (k := kind_of(m))]
    own = next((m for m in place.parents if kind_of(m)), None)
    if not kinds or own is None:
        return None
    table = _PLURALS.get(own.__name__, "tables").removesuffix("s")
    theirs = " or ".join(f"'{k}'" for k in kinds)
    return (
        f"unknown key {shown(place.name)} in a '{kind_of(own)}' {table}: "
        f"it is a key of the {theirs} kind"
    )


def _message(error: Any, place: Place) -> str:
    kind: str = error["type"]
    ctx: dict[str, Any] = error.get("ctx") or {}
    trail = place.path[place.path.index(place.name) :] if place.name in place.path else []
    name = dotted(trail) if place.name else "the file"
    got = shown(error.get("input"))
    limits = place.slot.limits if place.slot else {}
    if kind == "extra_forbidden":
        return unknown_key(place.name, _fields(place))
    if kind == "missing":
        return f"{name} is missing (expected {describe(place.slot)})"
    if kind == "list_type":
        if isinstance(error.get("input"), dict):  # [exercises] written for [[exercises]]
            header = ".".join(part for part in place.path if isinstance(part, str))
            return f"expected a list of {name}, got a table: each entry begins [[{header}]] in TOML"
        return f"expected a list of {name}, got {got}"
    if kind == "string_unicode":  # "\ud83d" in JSON: half an emoji, not text a file holds
        return f"{name} holds half of a character: {got} (type the character again)"
    if kind in TYPE_ERRORS:
        return f"{name} must be {describe(place.slot)}, got {got}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        words = {
            "greater_than_equal": ("at least", "ge"),
            "greater_than": ("more than", "gt"),
            "less_than_equal": ("at most", "le"),
            "less_than": ("less than", "lt"),
        }[kind]
        bound = ctx.get(words[1], limits.get(words[1]))
        return f"{name} must be {words[0]} {bound:g}, got {got}"
    if kind == "finite_number":
        return f"{name} must be an ordinary number, got {got}"
    if kind == "string_too_short":
        if ctx.get("min_length", 1) == 1:
            return f"{name} must not be empty"
        return f"{name} must be at least {ctx['min_length']} characters"
    if kind == "string_too_long":
        length = len(str(error.get("input")))
        return f"{name} must be at most {ctx.get('max_length')} characters, got {length}"
    if kind == "string_pattern_mismatch":
        return f"{name} must be {describe(place.slot)}, got {got}"
    if kind == "too_short":
        least, actual = ctx.get("min_length", 1), ctx.get("actual_length", 0)
        return f"{name} needs at least {_entries(least, place.slot)}, got {actual or 'none'}"
    if kind == "too_long":
        most, actual = ctx.get("max_length", 0), ctx.get("actual_length")
        return f"{name} can have at most {_entries(most, place.slot)}, got {actual}"
    if kind == "literal_error":
        return f"{name} must be {ctx.get('expected', 'one of the listed values')}, got {got}"
    if kind == "union_tag_invalid":
        expected = str(ctx.get("expected_tags", "")).replace(", ", " or ")
        given = error.get("input")  # the table: its own kind, not pydantic's text of it
        tag = given.get("kind", ctx.get("tag")) if isinstance(given, dict) else ctx.get("tag")
        return f"kind must be {expected}, got {shown(tag)}"
    if kind == "union_tag_not_found":
        members = models_in(place.slot.tp) if place.slot else []
        kinds = " or ".join(f"'{k}'" for m in members if (k := kind_of(m)))
        return f"kind is missing ({kinds})" if kinds else "kind is missing"
    if kind in ("value_error", "assertion_error"):
        return shown_text(str(ctx.get("error", "not accepted")))
    if kind == "recursion_loop":
        return "nested too deeply"
    if kind in ("frozen_instance", "frozen_field"):
        return f"{name} cannot be changed"
    return f"{name} is not accepted here, got {got}"


def unknown_keys(
    error: ValidationError, model: type[BaseModel]
) -> list[tuple[list[int | str], dict[str, bool]]]:
    """Where each key the model has no place for is, as a path of keys and indexes
    (`["exercises", 0, "colour"]`; the union's labels left out), with the keys its
    table could have (each: whether it is required)."""
    located = [
        locate(model, tuple(i["loc"]))
        for i in error.errors(include_url=False)
        if i["type"] == "extra_forbidden"
    ]
    return [
        (p.path, {key: f.is_required() for m in p.parents for key, f in m.model_fields.items()})
        for p in located
    ]


def plain_errors(
    error: ValidationError, model: type[BaseModel], data: object = None
) -> list[tuple[str, str]]:
    """One (key path, plain message) per key that is wrong, in the file's order (`data`:
    what was checked, to tell which keys are set)."""
    found: dict[str, list[tuple[str, str]]] = {}
    located = [
        (item, locate(model, tuple(item["loc"]))) for item in error.errors(include_url=False)
    ]
    # A key typed wrong is missing where it belongs too: "secs" means the "seconds"
    # missing beside it, not the "sets" that spelling is closer to.
    # Said once, by the typo's line ("unknown key 'secs' (did you mean 'seconds'?)"), not
    # first as "seconds is missing", which reads as if the line were not there.
    missing: dict[str, list[str]] = {}
    for item, place in located:
        if item["type"] == "missing":
            missing.setdefault(dotted(place.path[:-1]), []).append(place.name)
    meant = {
        (dotted(place.path[:-1]), guess)
        for item, place in located
        if item["type"] == "extra_forbidden"
        and (guess := closest(place.name, missing.get(dotted(place.path[:-1]), [])))
    }
    for item, place in located:
        path = dotted(place.path)
        wanted = missing.get(dotted(place.path[:-1]), [])
        if item["type"] == "missing" and (dotted(place.path[:-1]), place.name) in meant:
            continue
        if item["type"] == "extra_forbidden" and (elsewhere := _other_kinds_key(place)):
            message = elsewhere
        elif item["type"] == "extra_forbidden" and closest(place.name, wanted):
            message = unknown_key(place.name, wanted)
        elif item["type"] == "extra_forbidden" and (
            told := set_already(place.name, data, place.path[:-1], _fields(place))
        ):
            message = f"unknown key {shown(place.name)}, {told}"
        else:
            message = _message(item, place)
        entry = (item["type"], shown_text(message))
        if entry not in found.setdefault(path, []):
            found[path].append(entry)
    result: list[tuple[str, str]] = []
    for path, entries in found.items():
        typed = [m for t, m in entries if t in TYPE_ERRORS]
        other = [m for t, m in entries if t not in TYPE_ERRORS]
        if not other and any(p.startswith((f"{path}[", f"{path}.")) for p in found if p != path):
            continue  # a list of phases with a bad phase also "is not a number": say the first
        if other:
            # The value had a right type for one union member but broke its limit.
            result.append((path, "; ".join(other)))
        else:
            result.append((path, typed[0]))
    return result
