"""Figures as plain text, for `coretui show`: every keyframe, side by side."""

from __future__ import annotations

from collections.abc import Sequence

from coretui.figures.drawing import Drawing, Layer, draw, viewport
from coretui.figures.pose import pose_frames
from coretui.figures.shapes import Figure
from coretui.textsafe import printable
from coretui.workout.routine_summary import dose_text
from coretui.workout.routines import Routine

SHOW_COLS, SHOW_ROWS = 38, 12
"""The size of one keyframe's drawing in `coretui show` (braille cells)."""
GAP = 3
# Bold for the body, faint for the props: the same contrast the widget draws in.
_ANSI: dict[Layer, tuple[str, str]] = {
    "figure": ("\x1b[1m", "\x1b[0m"),
    "prop": ("\x1b[2m", "\x1b[0m"),
    "blank": ("", ""),
}


def keyframe_drawings(
    figure: Figure, cols: int = SHOW_COLS, rows: int = SHOW_ROWS, *, mirrored: bool = False
) -> list[tuple[str, Drawing]]:
    """Each keyframe's name (a pose passed on the way: "(via)" after it) and drawing, all
    at one scale."""
    view = viewport(figure, cols, rows, mirrored=mirrored)
    frames = pose_frames(figure)
    return [
        (f"{pose.name} (via)" if pose.via else pose.name, draw(figure, frame, view))
        for pose, frame in zip(figure.keyframes, frames, strict=True)
    ]


def _row_text(drawing: Drawing, row: int, colour: bool) -> str:
    if not colour:
        return "".join(text for text, _ in drawing.runs(row))
    parts = []
    for text, layer in drawing.runs(row):
        start, end = _ANSI[layer]
        parts.append(f"{start}{text}{end}")
    return "".join(parts)


def figure_text(
    figure: Figure,
    width: int = 80,
    *,
    colour: bool = False,
    cols: int = SHOW_COLS,
    rows: int = SHOW_ROWS,
) -> list[str]:
    """Lines showing every keyframe labelled by name, as many across as fit `width`."""
    drawings = keyframe_drawings(figure, cols, rows)
    # Rows above every keyframe's highest dot say nothing: a plank need not be square.
    top = min((drawing.first_row() for _, drawing in drawings), default=0)
    per_line = max(1, (width + GAP) // (cols + GAP))
    lines: list[str] = []
    for first in range(0, len(drawings), per_line):
        group: Sequence[tuple[str, Drawing]] = drawings[first : first + per_line]
        if lines:
            lines.append("")
        labels = [f"[{printable(name, single_line=True)}]"[:cols].ljust(cols) for name, _ in group]
        lines.append((" " * GAP).join(labels).rstrip())
        for row in range(top, rows):
            cells = [_row_text(drawing, row, colour) for _, drawing in group]
            lines.append((" " * GAP).join(cells).rstrip())
    return lines


def routine_figures_text(
    routine: Routine, number: int | None = None, width: int = 80, *, colour: bool = False
) -> list[str]:
    """`coretui show`: each exercise (or only exercise `number`, from 1) with its figures."""
    lines = [printable(routine.name, single_line=True)]
    chosen = list(enumerate(routine.exercises, 1))
    if number is not None:
        chosen = chosen[number - 1 : number]
    for index, exercise in chosen:
        drawn = exercise.per_side and exercise.figure is not None
        side = " (left shown; the right is mirrored)" if drawn else ""
        name = printable(exercise.name, single_line=True)
        lines += ["", f"{index}. {name} · {dose_text(exercise)}{side}"]
        entries: list[tuple[str, Figure | None]] = [("", exercise.figure)]
        for label, variant in (("easier", exercise.easier), ("harder", exercise.harder)):
            if variant is not None:
                shown = printable(variant.name, single_line=True)
                entries.append((f"{label}: {shown}", variant.figure or exercise.figure))
        for label, figure in entries:
            if label:
                lines += ["", f"   {label}"]
            if figure is None:
                lines.append("(no figure)")
                continue
            # A terminal narrower than one drawing gets narrower drawings, one a row.
            cols = min(SHOW_COLS, max(12, width))
            lines += figure_text(figure, width, colour=colour, cols=cols)
    return lines
