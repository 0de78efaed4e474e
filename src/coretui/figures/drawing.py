"""A figure's pose drawn in braille, scaled to a box, with its props as a second layer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby, pairwise
from typing import Literal

from coretui.figures.braille import Canvas, cell_text
from coretui.figures.pose import XY, Frame, pose_frames, rep_frames
from coretui.figures.shapes import HEAD_RADIUS, Ball, Bench, Figure, Floor, Prop, Station

Layer = Literal["figure", "prop", "blank"]
# The lines of the body, near limbs last so they draw over the far ones.
LIMBS: tuple[tuple[str, ...], ...] = (
    ("far_hand", "far_elbow", "shoulder"),
    ("far_foot", "far_knee", "hip"),
    ("shoulder", "hip"),
    ("hand", "elbow", "shoulder"),
    ("foot", "knee", "hip"),
)
MARGIN_DOTS = 1


@dataclass(frozen=True)
class Viewport:
    """Maps centimetres to dots: the figure's whole range of motion fits the box."""

    x_min: float
    y_min: float
    scale: float
    """Dots per centimetre."""
    x_max: float
    x_off: float
    cols: int
    rows: int
    mirrored: bool = False

    def to_dots(self, point: XY) -> XY:
        """Dot coordinates (y down) of a point in centimetres (y up)."""
        x = self.x_min + self.x_max - point[0] if self.mirrored else point[0]
        return (
            self.x_off + (x - self.x_min) * self.scale,
            self.rows * 4 - 1 - (point[1] - self.y_min) * self.scale,
        )


def _extent(frames: Iterable[Frame], props: Sequence[Prop]) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for frame in frames:
        for name, (x, y) in frame.joints.items():
            reach = HEAD_RADIUS if name == "head" else 0.0
            xs += [x - reach, x + reach]
            ys += [y - reach, y + reach]
        if frame.ball is not None:
            radius = next((p.radius for p in props if isinstance(p, Ball)), 0.0)
            xs += [frame.ball[0] - radius, frame.ball[0] + radius]
            ys += [frame.ball[1] - radius, frame.ball[1] + radius]
    for prop in props:
        if isinstance(prop, Floor):
            ys.append(0.0)
        elif isinstance(prop, Bench):
            xs += [prop.x_from, prop.x_to]
            ys += [0.0, prop.height]
        elif isinstance(prop, Station):
            xs += [prop.pad[0], prop.anchor[0]]
            ys += [0.0, prop.pad[1], prop.anchor[1]]
    return min(xs), min(ys), max(xs), max(ys)


def viewport(
    figure: Figure, cols: int, rows: int, *, mirrored: bool = False, still: bool = False
) -> Viewport:
    """The scale that fits a rep's every pose (and the props) into cols x rows cells.

    One viewport serves the whole rep, so the drawing never rescales as it moves;
    it is centred across and stands on the bottom of the box. A figure shown `still`
    (its first keyframe: a rest's next move, the routine list) fits that pose alone:
    the back extension's head at the top of its rep made its start pose a few cells.
    """
    frames = pose_frames(figure)[:1] if still else rep_frames(figure)
    x_min, y_min, x_max, y_max = _extent(frames, figure.props)
    width, height = cols * 2, rows * 4
    room_x, room_y = width - 1 - 2 * MARGIN_DOTS, height - 1 - MARGIN_DOTS
    scale = max(0.0, min(room_x / max(1.0, x_max - x_min), room_y / max(1.0, y_max - y_min)))
    x_off = (width - 1 - (x_max - x_min) * scale) / 2
    return Viewport(x_min, y_min, scale, x_max, x_off, cols, rows, mirrored)


@dataclass(frozen=True)
class Drawing:
    """A drawn pose: braille dot bits per cell for the body and for the props."""

    body: tuple[tuple[int, ...], ...]
    props: tuple[tuple[int, ...], ...]

    def lines(self) -> list[str]:
        """Both layers as plain text lines of braille."""
        return ["".join(text for text, _ in self.runs(row)) for row in range(len(self.body))]

    def first_row(self) -> int:
        """The first row with any dot (the row count when there is none)."""
        rows = zip(self.body, self.props, strict=True)
        return next((i for i, (b, p) in enumerate(rows) if any(b) or any(p)), len(self.body))

    def runs(self, row: int) -> list[tuple[str, Layer]]:
        """One row as runs of text, each tagged with the layer it belongs to."""

        def layer(cell: tuple[int, int]) -> Layer:
            return "figure" if cell[0] else "prop" if cell[1] else "blank"

        cells = zip(self.body[row], self.props[row], strict=True)
        return [
            ("".join(cell_text(body | prop) for body, prop in group), kind)
            for kind, group in groupby(cells, key=layer)
        ]


def _draw_props(canvas: Canvas, view: Viewport, props: Sequence[Prop], frame: Frame) -> None:
    def seg(a: XY, b: XY) -> None:
        (x0, y0), (x1, y1) = view.to_dots(a), view.to_dots(b)
        canvas.line(x0, y0, x1, y1)

    for prop in props:
        if isinstance(prop, Floor):
            _, y = view.to_dots((0.0, 0.0))
            canvas.line(0, y, canvas.width - 1, y)
        elif isinstance(prop, Bench):
            left, right = sorted((prop.x_from, prop.x_to))
            seg((left, prop.height), (right, prop.height))
            seg((left, prop.height - 4), (right, prop.height - 4))
            inset = min(8.0, (right - left) / 4)
            seg((left + inset, prop.height), (left + inset, 0.0))
            seg((right - inset, prop.height), (right - inset, 0.0))
        elif isinstance(prop, Ball):
            at = frame.ball or (prop.at[0], prop.at[1])
            cx, cy = view.to_dots(at)
            canvas.circle(cx, cy, prop.radius * view.scale)
        elif isinstance(prop, Station):
            pad, anchor = (prop.pad[0], prop.pad[1]), (prop.anchor[0], prop.anchor[1])
            seg(pad, (pad[0], 0.0))
            seg(anchor, (anchor[0], 0.0))
            seg((min(pad[0], anchor[0]) - 10, 0.0), (max(pad[0], anchor[0]) + 10, 0.0))
            for centre, radius in ((pad, 6.0), (anchor, 5.0)):
                cx, cy = view.to_dots(centre)
                canvas.circle(cx, cy, max(1.0, radius * view.scale), fill=True)


def _draw_body(canvas: Canvas, view: Viewport, frame: Frame) -> None:
    for chain in LIMBS:
        points = [view.to_dots(frame[name]) for name in chain]
        for (x0, y0), (x1, y1) in pairwise(points):
            canvas.line(x0, y0, x1, y1)
    hx, hy = view.to_dots(frame["head"])
    sx, sy = view.to_dots(frame["shoulder"])
    radius = HEAD_RADIUS * view.scale
    canvas.circle(hx, hy, radius, fill=radius < 2.5)
    # The neck stops at the head's outline.
    gap = ((hx - sx) ** 2 + (hy - sy) ** 2) ** 0.5
    if gap > radius:
        t = 1 - radius / gap
        canvas.line(sx, sy, sx + (hx - sx) * t, sy + (hy - sy) * t)


def draw(figure: Figure, frame: Frame, view: Viewport) -> Drawing:
    """Draw one pose of `figure` in the viewport's box: the body and the props apart."""
    body = Canvas(view.cols, view.rows)
    props = Canvas(view.cols, view.rows)
    if view.scale > 0:
        _draw_props(props, view, figure.props, frame)
        _draw_body(body, view, frame)
    return Drawing(
        tuple(tuple(row) for row in body.cells), tuple(tuple(row) for row in props.cells)
    )
