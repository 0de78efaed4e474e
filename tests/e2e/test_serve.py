"""`coretui serve`: the app's page over HTTP, on localhost only by default."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("textual_serve", reason="the serve extra is part of the dev install")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on `port`, from /proc/net/tcp."""
    found: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if int(port_hex, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.add(address)
    return found


def test_serve_answers_with_the_app_page_on_localhost_only(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "coretui",
            "--data-dir",
            str(tmp_path),
            "serve",
            "--port",
            str(port),
            "--no-token",  # (the page as served openly on loopback; the token: its own tests)
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        page = ""
        for _ in range(100):  # wait for the server to come up
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    assert response.status == 200
                    page = response.read().decode()
                    break
            except OSError:
                time.sleep(0.1)
        assert "coretui" in page
        assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else
        # textual-serve's page asked Google's font service for its font: each visit
        # told Google, and offline the page waited. The font comes from the server.
        assert "googleapis" not in page and "https://" not in page
        font = re.search(r"url\('([^']*RobotoMono[^']*\.ttf)'\)", page)
        assert font is not None, page
        assert font[1].startswith(f"http://127.0.0.1:{port}/")
        with urllib.request.urlopen(font[1], timeout=5) as got:
            assert got.status == 200 and len(got.read()) > 10_000
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_without_the_extra_says_how_to_get_it(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['textual_serve'] = None; "
        "from coretui.cli.main import main; raise SystemExit(main(['serve']))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "pip install 'coretui[serve]'" in done.stderr
    assert "Traceback" not in done.stderr
