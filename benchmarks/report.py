"""The results: one row per SPEC 9 goal, printed as a table and kept as JSON."""

from __future__ import annotations

import json
import os
import platform
import sys
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Row:
    """One measure: coretui's value, the reference's (when there is one), the goal."""

    measure: str
    coretui: float | None
    """None: not measured (see `note`)."""
    reference: float | None
    unit: str
    goal: str
    met: bool | None
    """None: not measured."""
    ratio: float | None = None
    note: str = ""
    """Why a goal was not measured."""

    def cells(self) -> list[str]:
        """The row's table cells."""
        verdict = "not measured" if self.met is None else "yes" if self.met else "NO"
        return [
            self.measure,
            "-" if self.coretui is None else _amount(self.coretui, self.unit),
            "-" if self.reference is None else _amount(self.reference, self.unit),
            "-" if self.ratio is None else f"{self.ratio:.2f}x",
            self.goal,
            verdict,
        ]


def ratio_row(measure: str, ours: float, reference: float, unit: str, at_most: float) -> Row:
    """A row whose goal is coretui at most `at_most` times the reference."""
    ratio = ours / reference
    return Row(measure, ours, reference, unit, f"<= {at_most:g}x", ratio <= at_most, ratio)


def missing_row(measure: str, goal: str, why: str) -> Row:
    """A goal that this run did not measure, and why."""
    return Row(measure, None, None, "", goal, None, note=why)


def limit_row(
    measure: str,
    ours: float,
    unit: str,
    below: float,
    *,
    reference: float | None = None,
    inclusive: bool = False,
) -> Row:
    """A row whose goal is an absolute limit (`< below`, or `<= below` when inclusive)."""
    met = ours <= below if inclusive else ours < below
    goal = f"{'<=' if inclusive else '<'} {_amount(below, unit)}"
    ratio = None if not reference else ours / reference
    return Row(measure, ours, reference, unit, goal, met, ratio)


def _amount(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "MB":
        return f"{value:.1f} MB"
    if unit == "cpu-s":
        return f"{value:.2f} CPU s"
    if unit == "us":
        return f"{value:.2f} us"
    return f"{value:g} {unit}".strip()


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, columns padded so it also reads well in a terminal."""
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def results_table(rows: list[Row]) -> str:
    """measure | coretui | reference | ratio | goal | met?"""
    headers = ["measure", "coretui", "reference", "ratio", "goal", "met?"]
    return table(headers, [row.cells() for row in rows])


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb: float | None = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "textual": _version("textual"),
        "termdown": _version("termdown"),
        "coretui": _version("coretui"),
    }


def _version(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def write_json(
    path: Path, rows: list[Row], extra: dict[str, Any], started: datetime, long: bool
) -> None:
    """Everything measured, so two runs can be compared."""
    document = {
        "started": started.isoformat(),
        "finished": datetime.now(UTC).isoformat(),
        "long": long,
        "machine": machine(),
        "rows": [asdict(row) for row in rows],
        **extra,
    }
    path.write_text(json.dumps(document, indent=2) + "\n")
