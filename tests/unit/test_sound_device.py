"""The audio library loads as light as it can: a workout's memory is at most 60 MB (SPEC 9)."""

from __future__ import annotations

import subprocess
import sys

LOAD = """
import sys
from coretui.sound.device import miniaudio_module
miniaudio = miniaudio_module()
print(miniaudio.PlaybackDevice.__name__, miniaudio.SampleFormat.SIGNED16.name)
print(*[name for name in ("urllib.request", "http.client", "email.message") if name in sys.modules
    and type(sys.modules[name]).__name__ == "module"])
{then}
"""


def run(then: str = "") -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", LOAD.format(then=then)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.splitlines()


def test_miniaudio_loads_without_the_web_modules_it_never_uses() -> None:
    # miniaudio imports urllib.request (http.client, email) for its internet radio:
    # 1.6 MB of a workout that coretui never streams.
    said = run()
    assert said[0] == "PlaybackDevice SIGNED16"
    assert said[1] == "", "loaded with the audio library"


def test_urllib_request_still_works_for_whoever_uses_it_later() -> None:
    said = run(
        "from urllib.request import Request\n"
        "import urllib.request\n"
        "print(Request('https://example.org/a').host, urllib.request.urlopen.__name__)\n"
        "print('http.client' in sys.modules)"
    )
    assert said[2:] == ["example.org urlopen", "True"]
