"""`coretui serve`: the app in a browser, for a phone or tablet propped by the mat.

On a loopback address the page is served without a token, to this machine's own
pages only: a request naming another host (a DNS rebinding) or sent by another
site's page (its Origin; a browser lets any page open a websocket to localhost) is
refused. Anywhere else anyone on the network could open it, drive the app and read
the history (pain ratings and notes), so every request must carry a token: in the
`token` query parameter of the printed link, then in the cookie that the first
page sets.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import ipaddress
import logging
import os
import re
import secrets
import shlex
import socket
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

from coretui.cli.serve_link import TOKEN_QUERY, access_url, link_host, print_access
from coretui.paths import AppPaths

if TYPE_CHECKING:
    from aiohttp import web
    from aiohttp.typedefs import Handler, Middleware
    from jinja2 import BaseLoader, Environment
    from textual_serve.server import Server

TOKEN_COOKIE = "coretui_token"
TOKEN_BYTES = 16  # 128 bits from `secrets`
FORBIDDEN_TEXT = "403: open the link that 'coretui serve' printed (it carries the token)\n"
FOREIGN_TEXT = "403: coretui serves pages of this machine's own address only\n"

# Characters that survive a URL query and a cookie unquoted; 16 of them is ~95 bits.
_FIXED_TOKEN = re.compile(r"[A-Za-z0-9._~-]{16,}")


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


def is_loopback(host: str) -> bool:
    """True when `host` is reachable from this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything, so it gets a token


def new_token() -> str:
    """A fresh random token for one run of the server."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def choose_token(host: str, token: str | None, no_token: bool) -> str | None:
    """The token the server will ask for, or None to serve openly.

    Raises `UserError` for `--no-token` beyond loopback and for a weak `--token`.
    """
    from coretui.cli.errors import EXIT_USAGE, UserError

    if no_token:
        if not is_loopback(host):
            try:
                ipaddress.ip_address(host or "0.0.0.0")  # ("": every address, as 0.0.0.0)
                why = "anyone on the network could open the app and read the history"
            except ValueError:  # ("127.1" too: a name to ipaddress, whatever it reaches)
                why = "a host name may reach beyond this machine; use 127.0.0.1 or ::1"
            raise UserError(
                f"--no-token only with a loopback --host such as 127.0.0.1: on {host!r}: {why}",
                EXIT_USAGE,
            )
        return None
    if token is not None:
        if not _FIXED_TOKEN.fullmatch(token):
            raise UserError(
                "--token needs 16 or more letters, digits, '-', '_', '.' or '~'", EXIT_USAGE
            )
        return token
    return None if is_loopback(host) else new_token()


def token_matches(given: str | None, token: str) -> bool:
    """Whether `given` is the token, compared in constant time."""
    if given is None:
        return False
    # Bytes, because compare_digest refuses str with non-ASCII characters.
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), token.encode("utf-8"))


def presented_token(query: Mapping[str, str], cookies: Mapping[str, str]) -> str | None:
    """The token a request carries: the query parameter when given, else the cookie."""
    given = query.get(TOKEN_QUERY)
    return given if given is not None else cookies.get(TOKEN_COOKIE)


def token_middleware(token: str) -> Middleware:
    """aiohttp middleware: 403 for any request (page, files, websocket) without the token.

    A request that brings the token in its query gets it back as a cookie, so the
    page's scripts and its websocket, which carry no query token, are let in too.
    """
    from aiohttp import web

    @web.middleware
    async def require_token(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not token_matches(presented_token(request.query, request.cookies), token):
            return web.Response(status=403, text=FORBIDDEN_TEXT)
        response = await handler(request)
        if TOKEN_QUERY in request.query and not response.prepared:
            # HttpOnly: no script reads it; Strict: no other site's page sends it.
            response.set_cookie(TOKEN_COOKIE, token, path="/", httponly=True, samesite="Strict")
        return response

    return require_token


def _loopback_host_header(host: str) -> bool:
    """True for a Host header naming this machine: "127.0.0.1:8000", "[::1]:8000",
    "localhost" (a DNS rebinding sends the attacker's own name)."""
    if host.startswith("["):  # an IPv6 address, with or without a port after it
        name = host[1 : host.find("]")] if "]" in host else ""
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return bool(name) and is_loopback(name)


def same_machine(host: str, origin: str | None) -> bool:
    """Whether a request comes from this machine's own page: its Host header names a
    loopback address, and its Origin, when it has one (a page's scripts and websocket
    do), is a loopback address on the same port (the page opened as localhost talks to
    127.0.0.1: the port, not the name, tells coretui's page from another local
    server's, such as a development server showing pages of the web)."""
    if not _loopback_host_header(host):
        return False
    if origin is None:
        return True  # typed into the address bar, or not a browser
    try:
        found = urlsplit(origin)
        origin_port = found.port or {"http": 80, "https": 443}.get(found.scheme)
        host_port = urlsplit(f"//{host}").port or 80
    except ValueError:
        return False
    return found.hostname is not None and is_loopback(found.hostname) and origin_port == host_port


def local_only_middleware() -> Middleware:
    """aiohttp middleware: 403 for any request not from this machine's own page
    (`same_machine`), for a server that asks for no token."""
    from aiohttp import web

    @web.middleware
    async def only_this_machine(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not same_machine(request.host, request.headers.get("Origin")):
            return web.Response(status=403, text=FOREIGN_TEXT)
        return await handler(request)

    return only_this_machine


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
                app.middlewares.append(token_middleware(token))
            else:
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
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions.discard(task)

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

        async def on_startup(self, app: web.Application) -> None:
            """Quiet: coretui said where it serves (textual-serve's banner would show a
            link without the token)."""

    return CoretuiServer(command, host=host, port=port, title="coretui", public_url=public_url)


def hide_token(record: logging.LogRecord) -> bool:
    """A request's log line without its token ("GET /?token=…"): the terminal serving
    may be seen, shared or recorded, and the token opens the app and the history."""
    said = re.sub(rf"({TOKEN_QUERY}=)[^&\s\"]+", r"\1…", record.getMessage())
    record.msg, record.args = said, ()
    return True


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

    Beyond loopback (or with `token` given) every request must carry the token;
    `no_token` serves openly, and only on a loopback host.
    """
    from coretui.cli.errors import UserError

    try:
        import textual_serve.server  # noqa: F401  (the serve extra is there)
    except ImportError:
        raise UserError(
            "'coretui serve' needs the serve extra: pip install 'coretui[serve]'"
            " (in a checkout set up by make: .venv/bin/pip install -e '.[serve]')"
        ) from None
    if not 0 < port < 65536:
        raise UserError(f"--port must be 1 to 65535, not {port}", 2)
    required = choose_token(host, token, no_token)
    command = serve_command(paths)
    _check_address(host, port)  # before saying "serving on": a bad host or a taken port
    if required is None:
        url = f"http://{link_host(host)}:{port}"  # (an IPv6 address in brackets)
        print(f"coretui: serving on {url} (Ctrl+C stops)", file=sys.stderr)
        server = web_server(command, host, port, None, public_url=url)
    else:
        print_access(access_url(host, port, required))
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
