"""`coretui serve` beyond localhost: only the printed link (with its token) gets in.

The server listens on 0.0.0.0; every request here goes to 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("textual_serve", reason="the serve extra is part of the dev install")

import aiohttp

from tests.e2e.test_serve import free_port

STARTUP_S = 30.0
APP_OUTPUT_S = 60.0
APP_MARK = b"Quick core"  # a bundled routine in the picker: the app is running
BANNER_END = "without its token every request gets 403"
URL_LINE = re.compile(r"serving on (http://\S+:(\d+)/\?token=(\S+))")


def coretui_serve(folder: Path, *flags: str) -> list[str]:
    """The command line of `coretui serve FLAGS` with its files under `folder`."""
    return [sys.executable, "-m", "coretui", "--data-dir", str(folder), "serve", *flags]


@dataclass
class Served:
    """A running `coretui serve --host 0.0.0.0`, and what it printed."""

    port: int
    printed_url: str
    token: str
    stderr_lines: list[str]

    @property
    def local(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _serving(command_for: Callable[[int], list[str]]) -> tuple[subprocess.Popen[bytes], int]:
    """A server listening on a port found free. The port may be taken (by another
    test's connection, from the same range) before the server binds it: the server
    then says so and exits, and a new port is tried, up to three times."""
    for _ in range(3):
        port = free_port()
        with tempfile.TemporaryFile() as said:  # (a pipe left unread could fill and block it)
            server = subprocess.Popen(command_for(port), stdout=subprocess.DEVNULL, stderr=said)
            deadline = time.monotonic() + STARTUP_S
            while server.poll() is None and time.monotonic() < deadline:
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", port)) == 0:
                        return server, port
                time.sleep(0.1)
            if server.poll() is None:
                server.kill()
                server.wait(timeout=10)
                raise AssertionError(f"nothing listened on {port} in {STARTUP_S:.0f} s")
            said.seek(0)
            text = said.read().decode(errors="replace")
        if not ("cannot serve on" in text and f":{port}: " in text):
            raise AssertionError(f"the server stopped: {text}")
    raise AssertionError("every port tried was taken before the server could bind it")


def _read_lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path, "0.0.0.0") as server:
        yield server


@contextlib.contextmanager
def serving(tmp_path: Path, host: str) -> Iterator[Served]:
    """`coretui serve --host HOST` running, once it has printed its link."""
    port = free_port()
    process = subprocess.Popen(
        coretui_serve(tmp_path, "--host", host, "--port", str(port)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        encoding="utf-8",
        errors="replace",
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_read_lines, args=(process.stderr, lines), daemon=True).start()
    try:
        seen: list[str] = []
        deadline = time.monotonic() + STARTUP_S
        # Up to the banner's last line, which follows the link and its QR code.
        while not any(BANNER_END in line for line in seen) and time.monotonic() < deadline:
            try:
                seen.append(lines.get(timeout=0.5))
            except queue.Empty:
                continue
        match = next(filter(None, map(URL_LINE.search, seen)), None)
        assert match is not None, f"no link printed: {seen}"
        assert int(match.group(2)) == port
        yield Served(port, match.group(1), match.group(3), seen)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class _Unfollowed(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # (a redirect is answered as it is: its status and its cookie)


def _get(url: str, cookie: str | None = None) -> tuple[int, str, str | None]:
    """Status, body and Set-Cookie of a GET (a redirect not followed), waiting (bounded)
    for the server to listen."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    opener = urllib.request.build_opener(_Unfollowed)
    deadline = time.monotonic() + STARTUP_S
    while True:
        try:
            with opener.open(request, timeout=5) as response:
                return response.status, response.read().decode(), response.headers["Set-Cookie"]
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers["Set-Cookie"]
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


async def _app_output(url: str, cookie: str | None) -> tuple[int, bytes]:
    """Open the page's websocket; return the handshake status and the app's first output."""
    headers = {"Cookie": cookie} if cookie else {}
    received = b""
    async with aiohttp.ClientSession() as session:
        try:
            websocket = await session.ws_connect(f"{url}/ws?width=100&height=30", headers=headers)
        except aiohttp.WSServerHandshakeError as error:
            return error.status, received
        async with websocket:
            deadline = time.monotonic() + APP_OUTPUT_S
            # Until the picker's title shows up: it proves the app runs behind the socket.
            while APP_MARK not in received and time.monotonic() < deadline:
                try:
                    message = await websocket.receive(timeout=deadline - time.monotonic())
                except TimeoutError:
                    break
                if message.type == aiohttp.WSMsgType.BINARY:
                    received += message.data
                elif message.type != aiohttp.WSMsgType.TEXT:
                    break
        return 101, received


def test_the_printed_link_opens_the_page_and_its_websocket_runs_the_app(served: Served) -> None:
    # The link sets the cookie and sends the browser on to the page without the token.
    status, _, set_cookie = _get(f"{served.local}/?token={served.token}")
    assert status == 303 and set_cookie is not None
    cookie = set_cookie.split(";")[0]
    assert cookie == f"coretui_token_{served.port}={served.token}"
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie
    status, page, _ = _get(f"{served.local}/", cookie)
    assert status == 200
    assert "coretui" in page and "textual.js" in page
    # The page points its websocket at the address the browser used, not at 0.0.0.0.
    assert f'data-session-websocket-url="ws://127.0.0.1:{served.port}/ws"' in page

    # The page's script and websocket carry no query token: the cookie lets them in.
    assert _get(f"{served.local}/static/js/textual.js", cookie)[0] == 200
    status, output = asyncio.run(_app_output(served.local, cookie))
    assert status == 101
    assert APP_MARK in output


def test_without_the_token_or_with_a_wrong_one_nothing_is_served(served: Served) -> None:
    wrong = "x" * len(served.token)
    for url, cookie in [
        (f"{served.local}/", None),
        (f"{served.local}/?token={wrong}", None),
        (f"{served.local}/?token=", None),
        (f"{served.local}/", f"coretui_token_{served.port}={wrong}"),
        (f"{served.local}/static/js/textual.js", None),
    ]:
        status, body, set_cookie = _get(url, cookie)
        assert status == 403, url
        assert "<html" not in body.lower() and "textual" not in body
        assert set_cookie is None

    for cookie in (None, f"coretui_token_{served.port}={wrong}"):
        status, output = asyncio.run(_app_output(served.local, cookie))
        assert status == 403
        assert output == b""


def test_the_link_and_a_qr_code_of_it_are_printed(served: Served) -> None:
    assert len(served.token) >= 22  # 128 bits, URL-safe base64
    printed = "".join(served.stderr_lines)
    assert served.printed_url in printed
    assert "0.0.0.0" not in served.printed_url  # a wildcard is no address to browse to
    assert "\u2584" in printed or "\u2580" in printed  # the QR code's half blocks


def test_on_loopback_too_the_page_asks_for_the_token(tmp_path: Path) -> None:
    # On 127.0.0.1 no token was asked: any other account on this machine could open
    # the app, read the history and change the routines (its Host and Origin headers
    # are the program's to choose).
    with serving(tmp_path, "127.0.0.1") as served:
        printed = "".join(served.stderr_lines)
        assert served.printed_url.startswith(f"http://127.0.0.1:{served.port}/?token=")
        assert "in a browser on this machine" in printed
        assert "\u2584" not in printed and "\u2580" not in printed, "no QR code: no phone gets in"
        assert _get(f"{served.local}/")[0] == 403
        assert asyncio.run(_app_output(served.local, None))[0] == 403
        status, _, set_cookie = _get(served.printed_url)
        assert status == 303 and set_cookie is not None
        assert _get(f"{served.local}/", set_cookie.split(";")[0])[0] == 200


def test_a_fixed_token_is_the_one_asked_for(tmp_path: Path) -> None:
    token = "my-bookmark-token-1234"
    process, port = _serving(
        lambda port: coretui_serve(
            tmp_path, "--host", "0.0.0.0", "--port", str(port), "--token", token
        )
    )
    try:
        assert _get(f"http://127.0.0.1:{port}/?token={token}")[0] == 303
        assert _get(f"http://127.0.0.1:{port}/")[0] == 403
        assert _get(f"http://127.0.0.1:{port}/", f"coretui_token_{port}={token}")[0] == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize(
    ("flags", "says"),
    [
        (["--host", "0.0.0.0", "--no-token"], "--no-token only with a loopback --host"),
        (["--host", "0.0.0.0", "--token", "short"], "--token needs 16 or more"),
    ],
)
def test_serving_openly_beyond_loopback_is_refused(
    tmp_path: Path, flags: list[str], says: str
) -> None:
    port = free_port()
    done = subprocess.run(
        coretui_serve(tmp_path, *flags, "--port", str(port)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert says in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_a_busy_port_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            coretui_serve(tmp_path, "--port", str(port)),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert f"coretui: cannot serve on 127.0.0.1:{port}: " in done.stderr
    assert "Traceback" not in done.stderr


async def _workout_then_stop(url: str, cookie: str, server: subprocess.Popen[bytes]) -> bool:
    """In the browser's coretui, start the top routine; once its work runs, Ctrl+C the
    server. True when the server closed the browser's connection itself."""
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{url}/ws?width=100&height=30", headers={"Cookie": cookie}) as ws,
    ):
        received = b""
        while APP_MARK not in received:
            message = await ws.receive(timeout=APP_OUTPUT_S)
            assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT)
            received += message.data if message.type == aiohttp.WSMsgType.BINARY else b""
        await ws.send_json(["stdin", "\r"])  # Enter: the top routine, no lead-in
        received = b""
        while b"Pause" not in received:  # the workout screen: its work runs
            message = await ws.receive(timeout=APP_OUTPUT_S)
            received += message.data if message.type == aiohttp.WSMsgType.BINARY else b""
        await asyncio.sleep(1.5)  # (a second and more of work to record)
        server.send_signal(signal.SIGINT)
        while True:  # the browser waits, as one does, for what the server sends
            message = await ws.receive(timeout=APP_OUTPUT_S)
            if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                return True


def test_ctrl_c_on_serve_saves_a_browser_s_workout_and_closes_its_connection(
    tmp_path: Path,
) -> None:
    # The server used to wait for the browser's next heartbeat (15-20 s) before it
    # stopped, and the browser's coretui was told to quit without saving its workout
    # (its record in progress was kept, as after a crash, until the next start).
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text("lead_in_s = 0\nask_pain_before = false\n")
    token = secrets.token_urlsafe(24)

    def command(port: int) -> list[str]:
        # "--token=": a random token may begin with "-" (argparse then took it for a flag).
        words = coretui_serve(tmp_path, "--port", str(port), f"--token={token}")
        return [*words[:3], "--config-dir", str(config), *words[3:]]

    server, port = _serving(command)
    try:
        status, _, set_cookie = _get(f"http://127.0.0.1:{port}/?token={token}")
        assert status == 303 and set_cookie is not None
        cookie = set_cookie.split(";")[0]
        assert asyncio.run(_workout_then_stop(f"http://127.0.0.1:{port}", cookie, server))
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
    [line] = (tmp_path / "history.jsonl").read_text().splitlines()
    assert '"status":"partial"' in line
    assert not list((tmp_path / "in-progress").glob("*.json")), "no record left to recover"
