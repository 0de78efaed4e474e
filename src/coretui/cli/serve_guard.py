"""Who may open `coretui serve`'s page: the token, and the page's own address.

Every request must carry the token: in the `token` query parameter of the printed
link, then in the cookie that the first page sets. That holds on loopback too, as
another account on this machine reaches 127.0.0.1 as well; `--no-token` serves
openly there, never beyond. A request sent by another site's page (its `Origin`: a
browser lets any page open a websocket to any address) is refused; and on loopback
one naming another host (a DNS rebinding).
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import re
import secrets
import socket
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from coretui.cli.serve_link import TOKEN_QUERY

if TYPE_CHECKING:
    from aiohttp import web
    from aiohttp.typedefs import Handler, Middleware

TOKEN_COOKIE = "coretui_token_{port}"
"""The cookie that keeps the token, one name a port: cookies do not tell ports apart,
and two coretui servers on one host would each put theirs in the other's place."""
TOKEN_BYTES = 16  # 128 bits from `secrets`
TOKEN_VARIABLE = "CORETUI_TOKEN"
"""The environment variable that may fix the token, as --token does, out of `ps`."""
FORBIDDEN_TEXT = "403: open the link that 'coretui serve' printed (it carries the token)\n"
FOREIGN_TEXT = "403: coretui serves pages of this machine's own address only\n"

# Characters that survive a URL query and a cookie unquoted; 16 of them is ~95 bits.
_FIXED_TOKEN = re.compile(r"[A-Za-z0-9._~-]{16,}")


def _loopback_name(host: str) -> bool:
    """True for a loopback address (127.0.0.0/8, ::1) or the name "localhost", as given."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_loopback(host: str) -> bool:
    """True when a server on `host` is reachable from this machine only: a loopback
    address, or "localhost" where every address it resolves to is one (the name is
    the hosts file's to define). Any other name may resolve to anything."""
    if not _loopback_name(host):
        return False
    if host.lower() != "localhost":
        return True
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return False
    addresses = {str(sockaddr[0]).partition("%")[0] for *_, sockaddr in found}
    return bool(addresses) and all(ipaddress.ip_address(a).is_loopback for a in addresses)


def new_token() -> str:
    """A fresh random token for one run of the server."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def choose_token(host: str, token: str | None, no_token: bool) -> str | None:
    """The token the server will ask for, or None to serve openly (`no_token`). There
    is one on loopback too: another account on this machine reaches 127.0.0.1 as well.
    A fixed one is `token` (--token), else the environment's `TOKEN_VARIABLE`, which,
    unlike a flag, other accounts do not see in the list of processes; else a new one.

    Raises `UserError` for `--no-token` beyond loopback and for a weak `--token`.
    """
    from coretui.cli.errors import EXIT_USAGE, UserError

    if no_token:
        if not is_loopback(host):
            try:
                address = ipaddress.ip_address(host or "0.0.0.0")  # ("": as 0.0.0.0)
                why = "anyone on the network could open the app and read the history"
                mapped = isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped
                if mapped and mapped.is_loopback:  # (a loopback address, written as IPv6)
                    why = f"write {mapped} for this machine"
            except ValueError:  # ("127.1" too: a name to ipaddress, whatever it reaches)
                why = "a host name may reach beyond this machine; use 127.0.0.1 or ::1"
            raise UserError(
                f"--no-token only with a loopback --host such as 127.0.0.1: on {host!r}: {why}",
                EXIT_USAGE,
            )
        return None
    given_as = "--token"
    if token is None and os.environ.get(TOKEN_VARIABLE):
        token, given_as = os.environ[TOKEN_VARIABLE], TOKEN_VARIABLE
    if token is not None:
        if not _FIXED_TOKEN.fullmatch(token):
            raise UserError(
                f"{given_as} needs 16 or more letters, digits, '-', '_', '.' or '~'", EXIT_USAGE
            )
        return token
    return new_token()


def token_matches(given: str | None, token: str) -> bool:
    """Whether `given` is the token, compared in constant time."""
    if given is None:
        return False
    # Bytes, because compare_digest refuses str with non-ASCII characters.
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), token.encode("utf-8"))


def presented_token(query: Mapping[str, str], cookies: Mapping[str, str], port: int) -> str | None:
    """The token a request carries: the query parameter when given, else the cookie."""
    given = query.get(TOKEN_QUERY)
    return given if given is not None else cookies.get(TOKEN_COOKIE.format(port=port))


def token_middleware(token: str, port: int) -> Middleware:
    """aiohttp middleware: 403 for any request (page, files, websocket) without the
    token, or sent by another site's page (an `Origin` not the page's own).

    A page opened with the token in its query is sent to the same address without it,
    the token in a cookie: the page's scripts and its websocket carry the cookie, and
    the token does not stay in the address bar, the browser's history or a bookmark.
    """
    from aiohttp import hdrs, web

    @web.middleware
    async def require_token(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not token_matches(presented_token(request.query, request.cookies, port), token):
            return web.Response(status=403, text=FORBIDDEN_TEXT)
        if not same_origin(request.host, request.headers.get(hdrs.ORIGIN)):
            return web.Response(status=403, text=FOREIGN_TEXT)
        opened = request.method == hdrs.METH_GET and hdrs.UPGRADE not in request.headers
        if TOKEN_QUERY in request.query and opened:  # (a websocket is let in as it is)
            without = request.rel_url.without_query_params(TOKEN_QUERY)
            # One leading slash: "//evil.example/" is another site to a browser.
            where = "/" + str(without).lstrip("/\\")  # (and "/\\host", read so too)
            response: web.StreamResponse = web.Response(status=303, headers={hdrs.LOCATION: where})
            # HttpOnly: no script reads it. Lax: another site's page does not send it with
            # its requests (nor its websocket, refused by its Origin too), while the link
            # followed from a chat or a mail still gets the page after this redirect
            # (Strict is not sent there: the redirect counts as the other site's).
            cookie = TOKEN_COOKIE.format(port=port)
            response.set_cookie(cookie, token, path="/", httponly=True, samesite="Lax")
        else:
            response = await handler(request)
        if not response.prepared:  # (a websocket's is: its headers are sent)
            response.headers["Referrer-Policy"] = "no-referrer"
        return response

    return require_token


def _loopback_host_header(host: str) -> bool:
    """True for a Host header naming this machine: "127.0.0.1:8000", "[::1]:8000",
    "localhost" (a DNS rebinding sends the attacker's own name)."""
    if host.startswith("["):  # an IPv6 address, with or without a port after it
        name = host[1 : host.find("]")] if "]" in host else ""
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return bool(name) and _loopback_name(name)


def _origin(url: str) -> tuple[str, int | None] | None:
    """An Origin's (or a Host header's, as "//host") host name and port; None if unread."""
    try:
        found = urlsplit(url)
        port = found.port or {"http": 80, "https": 443, "": 80}.get(found.scheme)
    except ValueError:
        return None
    return None if found.hostname is None else (found.hostname, port)


def same_origin(host: str, origin: str | None) -> bool:
    """Whether a request comes from the page served at `host` (its Host header): it has
    no Origin (typed into the address bar, or not a browser), or one of the same host
    and port. A page of another site, or of another server on this machine, has its own."""
    return origin is None or (_origin(origin) or 0) == _origin(f"//{host}")


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
    found, served = _origin(origin), _origin(f"//{host}")
    return (
        found is not None
        and served is not None
        and _loopback_name(found[0])
        and (found[1] == served[1])
    )


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
