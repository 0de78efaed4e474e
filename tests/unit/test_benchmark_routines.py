"""The benchmarks build their routines with the program's own types.

`make bench` runs the clock and sound rows in subprocesses; when the routine types
changed, those rows failed there ("not measured") and no test said so.
"""

from __future__ import annotations

from benchmarks.clock_accuracy import hold_routine, mixed_routine
from benchmarks.sound_timing import tempo_routine

from coretui.workout.timeline import compile_routine


def test_the_clock_and_sound_benchmarks_routines_build() -> None:
    assert compile_routine(hold_routine(60)).total_s == 60
    assert compile_routine(mixed_routine(5)).total_s == 300
    tempo = tempo_routine()
    assert tempo.exercises and compile_routine(tempo).total_s > 0
