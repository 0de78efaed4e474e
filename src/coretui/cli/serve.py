"""`coretui serve`: the app in a browser, for a phone or tablet propped by the mat.

textual-serve runs a coretui for each browser, behind the checks of `serve_guard`
(the token, the page's own address), with its page made to need nothing from the
internet; the terminal serving says who opened the app and what was refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import shlex
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import unquote

from coretui.cli.serve_guard import (
    choose_token,
    is_loopback,
    local_only_middleware,
    token_middleware,
)
from coretui.cli.serve_link import TOKEN_QUERY, access_url, link_host, print_access
from coretui.paths import AppPaths

if TYPE_CHECKING:
    from aiohttp import web
    from jinja2 import BaseLoader, Environment
    from textual_serve.server import Server


def serve_command(paths: AppPaths) -> str:
    """The command textual-serve runs for each browser session."""
    return shlex.join(
        [
            sys.executable,
            "-m",
            "coretui",
            "--data-dir",
            str(paths.data_dir),
            "--config-dir",
            str(paths.config_dir),
        ]
    )


_WEB_FONT = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>", re.DOTALL)
_LOCAL_FONT = (
    "<style>@font-face { font-family: 'Roboto Mono'; src: url("
    "'{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf'); }</style>"
)


def offline_pages(folder: Path) -> BaseLoader:
    """textual-serve's page templates, with its font taken from the server itself.

    Its page asks Google's font service for the font it also ships: each visit would
    tell Google the page was opened, and an offline network leaves the page waiting.
    """
    from jinja2 import FileSystemLoader

    class OfflineLoader(FileSystemLoader):
        def get_source(
            self, environment: Environment, template: str
        ) -> tuple[str, str, Callable[[], bool]]:
            source, filename, uptodate = super().get_source(environment, template)
            return _WEB_FONT.sub(_LOCAL_FONT, source), filename, uptodate

    return OfflineLoader(folder)


def web_server(
    command: str, host: str, port: int, token: str | None, public_url: str | None = None
) -> Server:
    """A textual-serve `Server` whose page needs nothing from elsewhere, asking every
    request for `token` when one is given."""
    from textual_serve.server import Server

    class CoretuiServer(Server):
        """textual-serve with the page offline, behind the token check if any."""

        sessions: ClassVar[set[asyncio.Task[object]]] = set()
        """The browsers' connections, each running its own coretui."""

        async def _make_app(self) -> web.Application:
            import aiohttp_jinja2

            app = await super()._make_app()
            app.on_shutdown.append(self._end_sessions)
            aiohttp_jinja2.setup(app, loader=offline_pages(self.templates_path))
            if token is not None:
                app.middlewares.append(token_middleware(token, port))
            if token is None or is_loopback(host):  # (and only this machine's own pages)
                app.middlewares.append(local_only_middleware())
            return app

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            # textual-serve writes its own address into the page (scripts, websocket);
            # with 0.0.0.0 that address leads nowhere, so use the one the browser used.
            # Safe to set per request: the page is built with no await in between.
            if token is not None:
                self.public_url = f"http://{request.host}"
            response: web.StreamResponse = await super().handle_index(request)
            return response

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            task = asyncio.current_task()
            if task is not None:
                self.sessions.add(task)
            # Said, as a refused request is: who has the app open is never a secret.
            print(f"coretui: a browser at {request.remote} opened the app", file=sys.stderr)
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions.discard(task)
                print(f"coretui: the browser at {request.remote} left", file=sys.stderr)

        async def _end_sessions(self, app: web.Application) -> None:
            """Ctrl+C: each browser's coretui is told to quit (saving a workout under
            way as partial) and its connection closed. Left open, the server waited for
            the browser's next heartbeat, 15 to 20 s, before it stopped."""
            for task in list(self.sessions):
                task.cancel()  # (textual-serve then stops the app and closes the socket)
            await asyncio.gather(*self.sessions, return_exceptions=True)

        def initialize_logging(self) -> None:
            super().initialize_logging()
            access = logging.getLogger("aiohttp.access")
            access.addFilter(hide_token)
            access.addFilter(only_refused)
            logging.getLogger("asyncio").addFilter(not_a_closed_loop)

        async def on_startup(self, app: web.Application) -> None:
            """Quiet: coretui said where it serves (textual-serve's banner would show a
            link without the token)."""

    return CoretuiServer(command, host=host, port=port, title="coretui", public_url=public_url)


def hide_token(record: logging.LogRecord) -> bool:
    """A request's log line without its token ("GET /?token=…"): the terminal serving
    may be seen, shared or recorded, and the token opens the app and the history."""
    said = _QUERY_VALUE.sub(_without_token, record.getMessage())
    record.msg, record.args = said, ()
    return True


_QUERY_VALUE = re.compile(r"([?&;])([^=&;\s\"]+)=[^&;\s\"]*")
"""A query parameter in a logged request line: its separator, name and value."""


def _without_token(found: re.Match[str]) -> str:
    """The parameter as logged, its value hidden when its name is the token's, read as
    aiohttp reads it (tok%65n is token) or in another case (TOKEN). The line itself is
    not decoded: a %0a would print a line of the client's own making."""
    mark, name = found.groups()
    return f"{mark}{name}=…" if unquote(name).lower() == TOKEN_QUERY else found.group()


def not_a_closed_loop(record: logging.LogRecord) -> bool:
    """Leave out asyncio's "Loop ... that handles pid ... is closed": a browser's coretui
    ending after Ctrl+C closed the server's loop (its workout saved, as it should be)."""
    return not str(record.msg).startswith("Loop %r that handles pid")


def only_refused(record: logging.LogRecord) -> bool:
    """Log a refused request (403: no token, another site's page), not each one served:
    a page's own requests pushed the link and its QR code off the terminal."""
    # The status aiohttp gives the record, not one read from the line: a client's own
    # User-Agent could hold '" 200 ' and hide its refusal.
    status = getattr(record, "response_status", None)
    return not (isinstance(status, int) and status < 400)


def serve(
    paths: AppPaths,
    host: str,
    port: int,
    token: str | None = None,
    no_token: bool = False,
) -> int:
    """Serve until interrupted; binds to localhost unless `host` says otherwise.

    Every request must carry the token (`token`, else a new one); `no_token` serves
    openly, and only on a loopback host.
    """
    from coretui.cli.errors import UserError

    required = choose_token(host, token, no_token)  # (options first: refused either way)
    try:
        import textual_serve.server  # noqa: F401  (the serve extra is there)
    except ImportError:
        raise UserError(
            "'coretui serve' needs the serve extra: pip install 'coretui[serve]'"
            " (in a checkout set up by make: .venv/bin/pip install -e '.[serve]')"
        ) from None
    command = serve_command(paths)
    _check_address(host, port)  # before saying "serving on": a bad host or a taken port
    if required is None:
        url = f"http://{link_host(host)}:{port}"  # (an IPv6 address in brackets)
        print(f"coretui: serving on {url} (Ctrl+C stops)", file=sys.stderr)
        server = web_server(command, host, port, None, public_url=url)
    else:
        print_access(access_url(host, port, required), local=is_loopback(host))
        server = web_server(command, host, port, required)
    try:
        server.serve()
    except OSError as exc:
        raise UserError(f"cannot serve on {host}:{port}: {_reason(exc)}") from None
    return 0


def _reason(exc: OSError) -> str:
    """An address error in words ("Name or service not known", not "Unknown error -2")."""
    if isinstance(exc, socket.gaierror) or not exc.errno:
        return str(exc.strerror or exc)
    return os.strerror(exc.errno)


def _check_address(host: str, port: int) -> None:
    """Raise a UserError unless a server could listen on host:port now."""
    from coretui.cli.errors import UserError

    # Every address the name gives, each bound as asyncio's server binds it: IPv6
    # sockets IPv6-only (so `--host ::` is free while 0.0.0.0 on the port is taken),
    # all held at once ("localhost": ::1 and 127.0.0.1 on one port).
    with contextlib.ExitStack() as held:
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
            for family, kind, proto, _, address in dict.fromkeys(found):
                probe = held.enter_context(socket.socket(family, kind, proto))
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                if family == socket.AF_INET6 and hasattr(socket, "IPV6_V6ONLY"):
                    probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                probe.bind(address)
        except OSError as exc:
            raise UserError(f"cannot serve on {host}:{port}: {_reason(exc)}") from None
        except UnicodeError:  # (IDNA: an empty label, one too long, a byte not UTF-8)
            raise UserError(f"cannot serve on {host}:{port}: not a host name") from None
