"""The app's threads share the main thread's malloc arena (`coretui.tui.malloc`): the
memory a history read leaves in its thread's arena is reused by the workout."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

ARENAS = """
import ctypes, sys, threading
from coretui.tui.malloc import share_one_arena

if sys.argv[1] == "shared":
    share_one_arena()

def work():
    kept = [bytearray(3000) for _ in range(100)]  # (past pymalloc's 512 bytes: malloc)

threads = [threading.Thread(target=work) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
ctypes.CDLL(None).malloc_stats()  # (on stderr: "Arena 0:", "Arena 1:"...)
"""


def arenas(how: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", ARENAS, how], capture_output=True, text=True, check=True
    )
    return done.stderr.count("Arena ")


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc alone has arenas")
def test_threads_started_after_the_call_use_the_main_thread_s_arena() -> None:
    assert arenas("apart") > 1, "each thread takes an arena of its own"
    assert arenas("shared") == 1
