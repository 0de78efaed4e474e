"""The C allocator's share of the app's memory: one malloc arena for all its threads.

glibc's malloc gives each new thread an arena of its own (up to 8 per core). The
app's threads run one at a time under the GIL, so separate arenas buy nothing here;
but the history and routine-file reads after the first paint each leave their
thread's arena holding pages the main thread never reuses (freed lines of the history
file; pydantic-core's buffers when a routine file is checked). With one arena the
workout reuses those pages: about 4 MB less resident memory in a workout with a
10,000-session history, 1 MB with none (benchmarks/README.md). It must run before
Textual starts its input and output threads: set after the first paint it saved a
quarter as much. A platform without glibc is left as it is.
"""

from __future__ import annotations

import sys

M_ARENA_MAX = -8
"""mallopt's parameter for the most arenas (malloc.h)."""


def share_one_arena() -> None:
    """Make threads started from now on use the main thread's malloc arena (glibc only)."""
    if not sys.platform.startswith("linux"):
        return
    # ctypes' own module, not ctypes: importing ctypes costs a plain start about 2 ms
    # before its first paint, and this is one call of two whole numbers.
    try:
        import _ctypes

        program = _ctypes.dlopen(None)  # type: ignore[arg-type]  # (as ctypes.CDLL(None))
        mallopt = _ctypes.dlsym(program, "mallopt")
        call = _ctypes.call_function
    # No ctypes, or no C library to ask (musl: a mallopt that does nothing): left as it is.
    except (ImportError, OSError, AttributeError):
        return
    call(mallopt, (M_ARENA_MAX, 1))
