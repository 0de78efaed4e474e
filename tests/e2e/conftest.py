"""The e2e tests' shared fixture: a private tmux server, killed at the end of each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.tmux import Tmux


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    """A tmux server of this test's own, with coretui's folders in `tmp_path`."""
    server = Tmux(tmp_path)
    try:
        yield server
    finally:
        server.kill_server()
