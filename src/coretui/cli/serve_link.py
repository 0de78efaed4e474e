"""The link `coretui serve` prints for a phone: this machine's address, the port and
the token, and the same as a QR code (with the optional segno package)."""

from __future__ import annotations

import io
import ipaddress
import socket
import sys
from urllib.parse import quote

TOKEN_QUERY = "token"
"""The query parameter that carries the token."""
_WILDCARD_HOSTS = ("", "0", "0.0.0.0", "::")
"""Every address: no place to browse to ("0" as the socket reads it, 0.0.0.0)."""


def link_host(host: str) -> str:
    """The host name a phone can use for `host` in a URL.

    A wildcard address (0.0.0.0, ::) is no place to browse to: name this machine
    by the address its host name resolves to, else by the address it reaches the
    network from (a host name often resolves to 127.0.1.1 only), else by the name.
    """
    if host in _WILDCARD_HOSTS:
        name = socket.gethostname()
        try:
            found = socket.getaddrinfo(name, None, family=socket.AF_INET, type=socket.SOCK_STREAM)
        except OSError:
            found = []
        for *_, sockaddr in found:
            address = str(sockaddr[0])
            if not ipaddress.ip_address(address).is_loopback:
                return address
        return _outbound_address() or name
    try:
        if ipaddress.ip_address(host).version == 6:
            return f"[{host}]"
    except ValueError:
        pass
    return host


def _outbound_address() -> str | None:
    """This machine's address on the network its default route leads to (None: no
    network). Connecting a UDP socket only chooses a route: nothing is sent."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never a real host
            address = str(probe.getsockname()[0])
    except OSError:  # no route, no IPv4, no file descriptor left
        return None
    return None if ipaddress.ip_address(address).is_loopback else address


def access_url(host: str, port: int, token: str) -> str:
    """The one link that opens the app: address, port and token."""
    return f"http://{link_host(host)}:{port}/?{TOKEN_QUERY}={quote(token, safe='')}"


def qr_code_text(url: str) -> str | None:
    """`url` as a QR code in Unicode half blocks, or None without the segno package."""
    try:
        import segno
    except ImportError:
        return None
    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True)
    return out.getvalue()


def print_access(url: str, *, local: bool = False) -> None:
    """Where the server is, on stderr: the link with its token, and its QR code (not
    for a `local` server: only a browser on this machine reaches it)."""
    print(f"coretui: serving on {url} (Ctrl+C stops)", file=sys.stderr)
    code = None if local else qr_code_text(url)
    if code is not None:
        print(code, end="", file=sys.stderr)
    scan = "" if code is None else " (or scan the code)"
    where = "in a browser on this machine" if local else "on the same network"
    print(
        f"coretui: open that link{scan} {where}; without its token every request gets 403",
        file=sys.stderr,
    )
