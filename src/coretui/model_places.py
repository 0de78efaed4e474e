"""Where a validation error points in a model: the key, what it holds, the tables around it.

pydantic locates an error as `('exercises', 0, 'hold', 'seconds')`, with the label of the
union member it tried; `locate` follows that through the model to the key `seconds` of
`exercises[0]`, the field's type and limits, and the models whose table holds it (for an
unknown key: the keys it could have meant, and the other kinds' keys).
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from coretui.plain_text import shown


@dataclass
class Slot:
    """What one key of the model accepts: its type and limits."""

    tp: Any
    limits: dict[str, Any]


def limits_of(metadata: Iterable[object]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, FieldInfo):
            found.update(limits_of(item.metadata))
            continue
        for name in ("ge", "le", "gt", "lt", "min_length", "max_length", "pattern"):
            value = getattr(item, name, None)
            if value is not None:
                found[name] = value
    return found


def slot_of(tp: Any, limits: dict[str, Any] | None = None) -> Slot:
    """Unwrap Annotated layers, gathering their limits."""
    gathered = dict(limits or {})
    while get_origin(tp) is Annotated:
        tp, *metadata = get_args(tp)
        gathered.update(limits_of(metadata))
    return Slot(tp, gathered)


def members(tp: Any) -> list[Slot]:
    """The alternatives of a union (X | None gives X), each unwrapped."""
    slot = slot_of(tp)
    if get_origin(slot.tp) in (Union, types.UnionType):
        return [
            member
            for arg in get_args(slot.tp)
            for member in members(arg)
            if member.tp is not type(None)
        ]
    return [slot]


def models_in(tp: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    for member in members(tp):
        if get_origin(member.tp) is list:
            continue
        if isinstance(member.tp, type) and issubclass(member.tp, BaseModel):
            found.append(member.tp)
    return found


def field_slot(model: type[BaseModel], key: str) -> Slot:
    info = model.model_fields[key]
    return slot_of(info.annotation, limits_of(info.metadata))


@dataclass
class Place:
    """Where an error's location points: the key's name, its slot and the models around it."""

    name: str
    slot: Slot | None
    parents: list[type[BaseModel]]
    path: list[int | str]
    other_kinds: list[type[BaseModel]] = field(default_factory=list)
    """The union members not chosen for the table the key is in (a reps exercise, for a
    key of a hold): a key of theirs is in the wrong kind of table, not misspelt."""


def locate(model: type[BaseModel], loc: tuple[int | str, ...]) -> Place:
    """Follow pydantic's location through the model, skipping its union labels."""
    current: Slot | None = Slot(model, {})
    parents: list[type[BaseModel]] = [model]
    name = ""
    path: list[int | str] = []
    others: list[type[BaseModel]] = []
    for item in loc:
        if isinstance(item, int):
            path.append(item)
            if current is not None:
                lists = [m for m in members(current.tp) if get_origin(m.tp) is list]
                current = slot_of(get_args(lists[0].tp)[0]) if lists else None
                parents = models_in(current.tp) if current else []
            continue
        models = models_in(current.tp) if current else []
        tagged = [m for m in models if kind_of(m) == item]
        if tagged and len(models) > 1:
            parents = tagged  # the tag pydantic adds after choosing a union member
            others = [m for m in models if m not in tagged]
            current = Slot(tagged[0], {})
            continue
        owner = next((m for m in models if item in m.model_fields), None)
        if owner is not None:
            name = item
            path.append(item)
            current = field_slot(owner, item)
            parents, others = [owner], []
            continue
        if models or current is None:
            # An unknown key (extra_forbidden), or anything under one.
            name = item
            path.append(item)
            current = None
            parents = models  # the keys it could have meant: of the table it is in
        # Otherwise a union-member label ("constrained-float", "list[Phase]"): noise.
    return Place(name, current, parents, path, others)


def kind_of(model: type[BaseModel]) -> str | None:
    kind = model.model_fields.get("kind")
    if kind is None:
        return None
    args = get_args(kind.annotation)
    return str(args[0]) if get_origin(kind.annotation) is Literal and args else None


def dotted(path: Iterable[int | str]) -> str:
    """`exercises[0].seconds`; a key that is not a plain word is quoted."""
    text = ""
    for item in path:
        if isinstance(item, int):
            text += f"[{item}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]{0,63}", item):
            text += f".{item}" if text else item
        else:
            text += f"[{shown(item)}]"
    return text or "(file)"  # (the routine as a whole)
