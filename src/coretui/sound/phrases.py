"""What the voice says: counts in words, a set's target, an exercise's name and set-up,
and about how long a phrase takes to say (so that it fits the pause it is said in)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coretui.textsafe import speakable

if TYPE_CHECKING:
    from coretui.workout.engine import WorkoutEngine
    from coretui.workout.timeline import Step

# fmt: off
NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)
# fmt: on


def number_words(n: int) -> str:
    """A count as speech reads it best: words up to twenty, digits beyond."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def speaking_s(text: str, rate: int) -> float:
    """About how long a speech command takes to say `text` at `rate` words a minute:
    its words, a pause at each stop or comma, and starting up (a little more than
    espeak-ng takes: "Switch sides. Next: Side plank, right side." 3.7 s at 175)."""
    pauses = sum(text.count(mark) for mark in ".,:;?!")
    return 0.3 + len(text.split()) * 60 / rate + 0.35 * pauses


def sentences(text: str) -> list[str]:
    """`text` cut after each full stop (a setup cue is said a sentence at a time)."""
    found = [part.strip() for part in text.replace(". ", ".\n").splitlines()]
    return [part for part in found if part]


def target_words(step: Step) -> str:
    """What a set asks for, as the voice says it: "10 reps", "45 seconds", "1 minute"."""
    if step.reps is not None:
        return f"{step.reps} {'rep' if step.reps == 1 else 'reps'}"
    return seconds_words(step.seconds or 0)


def seconds_words(length: float) -> str:
    """A length as the voice says it: "45 seconds", "1 minute", "90 seconds"."""
    seconds = round(length)
    if seconds < 60 or seconds % 60:
        return f"{seconds} {'second' if seconds == 1 else 'seconds'}"
    return "1 minute" if seconds == 60 else f"{seconds // 60} minutes"


def tempo_words(step: Step) -> str:
    """A set's tempo as the voice says it: "up 1, hold 5, down 1" (seconds each), what
    its phase tones will mark; a tempo of one phase, "3 seconds a rep"."""
    if len(step.phases) == 1:
        seconds = step.phases[0].seconds
        return f"{seconds:g} {'second' if seconds == 1 else 'seconds'} a rep"
    return ", ".join(f"{speakable(p.name)} {p.seconds:g}" for p in step.phases)


def upcoming_words(
    engine: WorkoutEngine, step: Step, *, toned: bool, switch: bool = False
) -> tuple[str, ...]:
    """What the pause before `step` says of it, fullest first, then shorter forms for a
    pause too short (a variant's longer name): "Next: Hip raise, 10 reps, up 1, hold 5,
    down 1.", ..., "Next: Hip raise."; in a side `switch`, last "Next: right side."

    The tempo is said before an exercise's first set: its tones are heard from the set's
    first second, unexplained otherwise.
    """
    title = exercise_title(engine, step)
    sets = f", set {step.set_number} of {step.sets}" if step.sets > 1 else ""
    target = f", {target_words(step)}" if toned else ""
    tempo = f", {tempo_words(step)}" if toned and step.set_number == 1 else ""
    forms = [f"Next: {title}{sets}{target}{tempo}.", f"Next: {title}{sets}{target}."]
    forms += [f"Next: {title}.", f"Next: {step.side} side." if switch and step.side else ""]
    return tuple(dict.fromkeys(form for form in forms if form))


def exercise_title(engine: WorkoutEngine, step: Step) -> str:
    """The exercise as the voice names it: the variant in use, and the side."""
    name = engine.variant_name(step.exercise_index) or step.label
    side = f", {step.side} side" if step.side else ""
    return speakable(f"{name}{side}")


def setup_cue(engine: WorkoutEngine, step: Step) -> str:
    """How to set up for a step: the cue of the variant in use, else the exercise's."""
    exercise = engine.timeline.exercise_of(step)
    if exercise is None:
        return ""
    index = step.exercise_index
    variant = engine.timeline.variant_of(step, index in engine.easier)
    text = variant.cue if variant is not None and variant.cue else exercise.cue
    return speakable(text)
