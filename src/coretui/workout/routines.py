"""Routine files: the pydantic models, and loading them with readable errors.

A routine is data only. Files are TOML or JSON; every model forbids unknown
keys, so a typo is an error rather than a silently ignored setting.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from coretui.figures.model import Figure
from coretui.plain_errors import plain_errors
from coretui.plain_text import shown_text, syntax_message
from coretui.workout.routine_sources import (  # some re-exported: callers find them here
    ROUTINE_SUFFIXES as ROUTINE_SUFFIXES,
)
from coretui.workout.routine_sources import (
    Found,
    arrange,
    bundled_files,
    folder_problem,
)
from coretui.workout.routine_sources import LoadError as LoadError
from coretui.workout.routine_sources import bundled_dir as bundled_dir
from coretui.workout.routine_sources import user_routine_files as user_routine_files

# Limits keep a hostile or mistaken file from hanging the app or the terminal.
# They are documented in the README ("Routine files").
MAX_FILE_BYTES = 1_000_000
MAX_NAME = 80
MAX_TEXT = 2_000
MAX_EXERCISES = 100
MAX_STEPS = 2_000
MAX_HOLD_S = 3_600
MAX_REST_S = 1_800
MAX_LEAD_IN_S = 300
MAX_SETS = 50
MAX_REPS = 500
MAX_PHASE_S = 60.0
MAX_PHASES = 10
MAX_SET_S = MAX_HOLD_S
"""A paced rep set lasts at most as long as a hold."""
# Self-paced sets have no planned length; totals estimate them at this pace.
SELF_PACED_ESTIMATE_S_PER_REP = 3.0

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]


def _one_line_shown(name: str) -> str:
    """A name is shown on one line, in lists and headings: it needs something to show."""
    if not name.strip():
        raise ValueError("must not be blank")
    if any(c in name for c in "\n\r\t\v\f"):
        raise ValueError("must be one line (no line breaks or tabs)")
    return name


Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME), AfterValidator(_one_line_shown)]
Text = Annotated[str, Field(max_length=MAX_TEXT)]


class _Model(BaseModel):
    """Base for routine models: strict types, no unknown keys, no NaN or inf."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


class Phase(_Model):
    """One part of a rep, such as "up" 1 s, "hold" 5 s, "down" 1 s."""

    name: Annotated[str, Field(min_length=1, max_length=20)]
    seconds: Annotated[float, Field(gt=0, le=MAX_PHASE_S)]


class Variant(_Model):
    """An easier or harder version of an exercise, with its own cue."""

    name: Name
    cue: Text = ""
    safety: Text = ""
    equipment: list[Slug] = Field(default_factory=list, max_length=10)
    figure: Figure | None = None
    """How the variant looks; the exercise's figure when absent."""


class _ExerciseBase(_Model):
    name: Name
    cue: Text = ""
    safety: Text = ""
    equipment: list[Slug] = Field(default_factory=list, max_length=10)
    sets: Annotated[int, Field(ge=1, le=MAX_SETS)] = 1
    rest_s: Annotated[int, Field(ge=0, le=MAX_REST_S)] | None = None
    """Rest between sets; the routine's `rest_between_sets_s` when absent."""
    per_side: bool = False
    """Work each side in turn: left, a switch pause, then right."""
    switch_s: Annotated[int, Field(ge=0, le=60)] = 5
    rest_after_s: Annotated[int, Field(ge=0, le=MAX_REST_S)] | None = None
    """Rest after this exercise; the routine's `rest_between_exercises_s` when absent."""
    easier: Variant | None = None
    harder: Variant | None = None
    figure: Figure | None = None
    """A side-view stick figure of the move (`coretui show` prints it)."""

    def figures(self) -> list[tuple[str, Figure]]:
        """The figures this exercise carries, with their field paths."""
        found = [("figure", self.figure)]
        found += [
            (f"{key}.figure", v.figure)
            for key, v in (("easier", self.easier), ("harder", self.harder))
            if v
        ]
        return [(path, figure) for path, figure in found if figure is not None]


class HoldExercise(_ExerciseBase):
    """A timed hold, done `sets` times (plank 60 s; superman 30 s x 3)."""

    kind: Literal["hold"]
    seconds: Annotated[int, Field(ge=1, le=MAX_HOLD_S)]

    @model_validator(mode="after")
    def _one_keyframe(self) -> HoldExercise:
        for path, figure in self.figures():
            if len(figure.keyframes) != 1:
                raise ValueError(
                    f"{path} has {len(figure.keyframes)} keyframes; a hold's figure has one"
                )
        return self


class RepsExercise(_ExerciseBase):
    """Repetitions in sets, paced by a tempo or self-paced when `tempo` is absent.

    `tempo` is seconds per rep (a number) or a list of phases.
    """

    kind: Literal["reps"]
    reps: Annotated[int, Field(ge=1, le=MAX_REPS)]
    tempo: Annotated[float, Field(gt=0, le=MAX_PHASE_S)] | list[Phase] | None = None

    @model_validator(mode="after")
    def _phases_not_empty(self) -> RepsExercise:
        if isinstance(self.tempo, list) and not self.tempo:
            raise ValueError("tempo needs at least one phase, or a number of seconds per rep")
        if isinstance(self.tempo, list) and len(self.tempo) > MAX_PHASES:
            raise ValueError(f"tempo has {len(self.tempo)} phases; at most {MAX_PHASES}")
        if (rep_s := self.rep_seconds) is not None and rep_s * self.reps > MAX_SET_S:
            raise ValueError(
                f"a set of {self.reps} reps at {rep_s:g} s a rep lasts {rep_s * self.reps:,.0f} s;"
                f" at most {MAX_SET_S:,}"
            )
        # Phase i moves keyframe i to i + 1: keyframes past the phases would never show.
        phases = len(self.tempo) if isinstance(self.tempo, list) else 1
        for path, figure in self.figures():
            if phases > 1 and len(figure.keyframes) > phases:
                raise ValueError(
                    f"{path} has {len(figure.keyframes)} keyframes but a rep has only"
                    f" {phases} phases"
                )
        return self

    @property
    def rep_seconds(self) -> float | None:
        """Seconds one rep takes, or None when self-paced."""
        if self.tempo is None:
            return None
        if isinstance(self.tempo, list):
            return sum(phase.seconds for phase in self.tempo)
        return self.tempo

    @property
    def most_reps(self) -> int:
        """The most reps a set of this tempo may have (progress stays within the limits)."""
        rep_s = self.rep_seconds
        return MAX_REPS if rep_s is None else min(MAX_REPS, int(MAX_SET_S // rep_s))

    @property
    def phases(self) -> list[Phase]:
        """The rep's phases; a plain tempo is one phase called "rep"."""
        if isinstance(self.tempo, list):
            return list(self.tempo)
        if self.tempo is None:
            return []
        return [Phase(name="rep", seconds=self.tempo)]


Exercise = Annotated[HoldExercise | RepsExercise, Field(discriminator="kind")]


class Routine(_Model):
    """A whole session: exercises in order, with the rests between them."""

    id: Slug
    name: Name
    description: Text = ""
    credit: Text = ""
    """Where the routine comes from."""
    equipment: list[Slug] = Field(default_factory=list, max_length=20)
    lead_in_s: Annotated[int, Field(ge=0, le=MAX_LEAD_IN_S)] = 10
    rest_between_sets_s: Annotated[int, Field(ge=0, le=MAX_REST_S)] = 30
    rest_between_exercises_s: Annotated[int, Field(ge=0, le=MAX_REST_S)] = 30
    exercises: list[Exercise] = Field(min_length=1, max_length=MAX_EXERCISES)

    @model_validator(mode="after")
    def _not_too_many_steps(self) -> Routine:
        steps = sum(ex.sets * (2 if ex.per_side else 1) * 2 for ex in self.exercises)
        if steps > MAX_STEPS:
            raise ValueError(f"too many steps ({steps}); at most {MAX_STEPS}")
        return self


@dataclass(frozen=True)
class LoadedRoutine:
    """A routine and where it came from (`bundled` or `user`)."""

    routine: Routine
    source: Literal["bundled", "user"]
    file: str


@dataclass
class Library:
    """Every routine that loaded, and the errors of those that did not."""

    routines: list[LoadedRoutine]
    errors: list[LoadError]

    def get(self, routine_id: str) -> LoadedRoutine | None:
        """The routine with this id, if it loaded."""
        return next((r for r in self.routines if r.routine.id == routine_id), None)

    def error_for(self, routine_id: str) -> LoadError | None:
        """The first problem of a file named for this id (`ID.toml`) that did not load."""
        return next((e for e in self.errors if PurePath(e.file).stem == routine_id), None)

    def equipment_tags(self) -> list[str]:
        """Every equipment tag the routines mention (theirs, their exercises' and their
        variants'), sorted."""
        tags: set[str] = set()
        for routine in (loaded.routine for loaded in self.routines):
            tags.update(routine.equipment)
            for exercise in routine.exercises:
                parts = (exercise, exercise.easier, exercise.harder)
                tags.update(tag for part in parts if part for tag in part.equipment)
        return sorted(tags)


# Messages can quote a file's own text; keep them to one short, printable line so a
# hostile file cannot drive the terminal.
MAX_MESSAGE = 200


def _one_line(text: str) -> str:
    return shown_text(str(text), MAX_MESSAGE)


def validation_errors(file: str, error: ValidationError) -> list[LoadError]:
    """One LoadError per wrong key, in plain words with a dotted key path."""
    return [LoadError(file, path, message) for path, message in plain_errors(error, Routine)]


class _DuplicateKey(ValueError):
    """A JSON object names a key twice; TOML refuses that, and so do we."""


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    found: dict[str, object] = {}
    for key, value in pairs:
        if key in found:
            raise _DuplicateKey(f"duplicate key {key!r}")
        found[key] = value
    return found


def parse_routine_bytes(name: str, data: bytes) -> Routine | list[LoadError]:
    """Parse TOML or JSON bytes (by the file name's suffix) into a Routine."""
    if len(data) > MAX_FILE_BYTES:
        return [
            LoadError(name, "(file)", f"too large: {len(data):,} bytes; at most {MAX_FILE_BYTES:,}")
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [LoadError(name, "(file)", f"not UTF-8 text (byte {exc.start})")]
    if "\x00" in text:
        return [LoadError(name, "(file)", "contains NUL bytes; not a text file")]
    is_json = name.lower().endswith(".json")
    raw: object
    try:
        raw = json.loads(text, object_pairs_hook=_unique_keys) if is_json else tomllib.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        message = syntax_message(exc, "json" if is_json else "toml")
        return [LoadError(name, "(json)" if is_json else "(toml)", _one_line(message))]
    except _DuplicateKey as exc:
        return [LoadError(name, "(json)", _one_line(f"JSON: {exc}"))]
    except RecursionError:
        return [LoadError(name, "(file)", "nested too deeply")]
    except ValueError:
        # Python refuses to convert integers of more than 4,300 digits.
        return [LoadError(name, "(json)" if is_json else "(toml)", "a number has too many digits")]
    if not isinstance(raw, dict):
        found = "a list" if isinstance(raw, list) else shown_text(json.dumps(raw), 40)
        message = f"a routine file holds keys and values, as {{...}} does; got {found}"
        return [LoadError(name, "(json)", message)]
    try:
        return Routine.model_validate(raw)
    except ValidationError as exc:
        return validation_errors(name, exc)
    except RecursionError:
        return [LoadError(name, "(top)", "nested too deeply")]


def load_routine_file(path: Path) -> Routine | list[LoadError]:
    """Read and parse one routine file; never raises for a user's bad file."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return [
                LoadError(
                    str(path), "(file)", f"too large: {size:,} bytes; at most {MAX_FILE_BYTES:,}"
                )
            ]
        if not path.is_file():
            return [LoadError(str(path), "(file)", "not a regular file")]
        # Read one byte past the limit: a file that grew since stat() is still refused.
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return [LoadError(str(path), "(file)", exc.strerror or str(exc))]
    return parse_routine_bytes(str(path), data)


def read_routine_files(
    user_dir: Path | None, extra_files: Iterable[Path] = ()
) -> list[Found[Routine]]:
    """Every routine file, bundled first, read and validated one by one."""
    found: list[Found[Routine]] = [
        (name, "bundled", parse_routine_bytes(name, data)) for name, data in bundled_files()
    ]
    files = [*(user_routine_files(user_dir) if user_dir else []), *extra_files]
    found += [(str(path), "user", load_routine_file(path)) for path in files]
    if user_dir and (problem := folder_problem(user_dir)):
        found.append((str(user_dir), "user", problem))
    return found


def library_of(found: Iterable[Found[Routine]]) -> Library:
    """The library that files read by `read_routine_files` make."""
    placed, errors = arrange(found, lambda routine: routine.id)
    return Library([LoadedRoutine(r, source, file) for file, source, r in placed], errors)


def load_library(user_dir: Path | None, extra_files: Iterable[Path] = ()) -> Library:
    """Load bundled routines, then the user's; bad files become errors, never exceptions."""
    return library_of(read_routine_files(user_dir, extra_files))
