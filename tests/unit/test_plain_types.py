"""The plain types a workout runs on say what the pydantic models that check files say.

Routines, figures and settings are checked by pydantic models once (a file, the
editor, a change in Settings) and used as msgspec structs or a dataclass, which the
start cache keeps. A field added to a model and not to its plain twin would be
dropped on the way; these tests fail first.
"""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from pydantic import BaseModel

from coretui.figures import model as figure_models
from coretui.figures import shapes
from coretui.settings import SettingsValues
from coretui.settings_model import Settings
from coretui.workout import routine_models, routine_types
from coretui.workout.routines import load_library

PAIRS: list[tuple[type[BaseModel], type[msgspec.Struct]]] = [
    (routine_models.Routine, routine_types.Routine),
    (routine_models.HoldExercise, routine_types.HoldExercise),
    (routine_models.RepsExercise, routine_types.RepsExercise),
    (routine_models.Variant, routine_types.Variant),
    (routine_models.Phase, routine_types.Phase),
    (figure_models.Figure, shapes.Figure),
    (figure_models.Pose, shapes.Pose),
    (figure_models.Bench, shapes.Bench),
    (figure_models.Ball, shapes.Ball),
    (figure_models.Station, shapes.Station),
    (figure_models.Floor, shapes.Floor),
]


def _model_defaults(model: type[BaseModel]) -> dict[str, Any]:
    return {
        name: info.get_default(call_default_factory=True)
        for name, info in model.model_fields.items()
        if name != "kind" and not info.is_required()
    }


@pytest.mark.parametrize(("model", "plain"), PAIRS, ids=lambda t: getattr(t, "__qualname__", ""))
def test_each_plain_type_has_its_models_fields_and_defaults(
    model: type[BaseModel], plain: type[msgspec.Struct]
) -> None:
    info = msgspec.structs.fields(plain)
    assert {f.name for f in info} == set(model.model_fields) - {"kind"}
    defaults = {f.name: f.default for f in info if f.default is not msgspec.NODEFAULT}
    defaults |= {
        f.name: f.default_factory() for f in info if f.default_factory is not msgspec.NODEFAULT
    }
    assert defaults == _model_defaults(model)
    tag = model.model_fields.get("kind")
    assert (plain.__struct_config__.tag or None) == (tag and tag.annotation.__args__[0])


def test_the_settings_values_have_the_models_fields_and_defaults() -> None:
    fields = {f.name: f.default for f in msgspec.structs.fields(SettingsValues)}
    assert fields == _model_defaults(Settings)
    assert SettingsValues(**Settings().model_dump()) == SettingsValues()


@pytest.mark.parametrize("loaded", load_library(None).routines, ids=lambda r: r.routine.id)
def test_a_checked_routine_comes_back_from_the_cache_the_same(loaded: Any) -> None:
    # The start cache keeps a routine as JSON; a workout runs on what it decodes.
    routine = loaded.routine
    kept = msgspec.json.encode(routine)
    assert msgspec.json.decode(kept, type=routine_types.Routine) == routine
    model = routine_models.Routine.model_validate(msgspec.to_builtins(routine))
    assert routine_models.runtime_routine(model) == routine, "the file's data, all of it"


def test_settings_values_take_what_a_cache_may_hold() -> None:
    # A cache of another build may name a key this one lacks, or hold equipment as a
    # file wrote it: neither stops the start.
    values = SettingsValues.of({"voice": True, "gone": 1, "equipment": ["Mat", "Swiss ball"]})
    assert values.voice is True
    assert values.equipment == ["mat", "swiss-ball"]
