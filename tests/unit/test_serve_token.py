"""The token check of `coretui serve`: who may open the page, and how the link reads."""

from __future__ import annotations

import hmac
import socket
import sys
from typing import Any

import pytest

from coretui.cli import main, serve, serve_link
from coretui.cli.errors import UserError
from coretui.cli.serve_guard import (
    FORBIDDEN_TEXT,
    FOREIGN_TEXT,
    choose_token,
    is_loopback,
    presented_token,
    same_machine,
    token_matches,
)
from coretui.cli.serve_link import access_url, qr_code_text

TOKEN = "A-fixed_token.for~tests"


def test_the_token_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[Any, Any]] = []
    real = hmac.compare_digest

    def spy(a: Any, b: Any) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert token_matches(TOKEN, TOKEN)
    assert not token_matches(TOKEN[:-1] + "x", TOKEN)
    assert compared == [
        (TOKEN.encode(), TOKEN.encode()),
        ((TOKEN[:-1] + "x").encode(), TOKEN.encode()),
    ]


@pytest.mark.parametrize("given", [None, "", "a", TOKEN + "x", TOKEN.upper(), "tökén\udcff"])
def test_anything_but_the_token_is_refused(given: str | None) -> None:
    assert not token_matches(given, TOKEN)


def test_the_query_parameter_comes_first_then_the_cookie() -> None:
    assert presented_token({"token": "q"}, {"coretui_token_8000": "c"}, 8000) == "q"
    assert presented_token({}, {"coretui_token_8000": "c"}, 8000) == "c"
    assert presented_token({"width": "80"}, {"other": "c"}, 8000) is None
    # A cookie is sent to every port of a host: another port's server's is not this one's.
    assert presented_token({}, {"coretui_token_8001": "c"}, 8000) is None
    # A wrong link is refused even when the browser still holds a good cookie.
    cookies = {"coretui_token_8000": TOKEN}
    assert not token_matches(presented_token({"token": "old"}, cookies, 8000), TOKEN)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.0.1", "::1", "localhost", "LOCALHOST"])
def test_loopback_hosts_have_a_token_too_unless_told_not_to(host: str) -> None:
    # Without one, any other account on this machine could open the app on 127.0.0.1:
    # the Host and Origin checks look at headers a program sets as it likes.
    assert is_loopback(host)
    token = choose_token(host, None, no_token=False)
    assert token is not None and len(token) >= 22
    assert choose_token(host, None, no_token=True) is None


def test_localhost_is_loopback_only_where_it_resolves_to_loopback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Taken by its name, "localhost" served openly on whatever a hosts file made it.
    def resolves_to(*addresses: str) -> None:
        found = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, 0)) for a in addresses]
        monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: found)

    resolves_to("192.0.2.2")
    assert not is_loopback("localhost")
    with pytest.raises(UserError, match="--no-token only with a loopback --host"):
        choose_token("localhost", None, no_token=True)
    resolves_to("127.0.0.1", "192.0.2.2")
    assert not is_loopback("localhost")
    resolves_to("127.0.0.1", "::1")
    assert is_loopback("localhost")


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "", "192.168.1.20", "fe80::1", "mybox.local"])
def test_beyond_loopback_a_fresh_128_bit_token_each_start(host: str) -> None:
    assert not is_loopback(host)
    first, second = choose_token(host, None, False), choose_token(host, None, False)
    assert first is not None and second is not None and first != second
    assert len(first) >= 22  # 16 random bytes in URL-safe base64


def test_no_token_beyond_loopback_is_refused_in_one_line() -> None:
    with pytest.raises(UserError) as refused:
        choose_token("0.0.0.0", None, no_token=True)
    assert refused.value.code == 2
    assert "--no-token only with a loopback --host" in str(refused.value)
    assert "\n" not in str(refused.value)
    assert str(refused.value).endswith(
        "anyone on the network could open the app and read the history"
    )
    # An IPv4 address written as IPv6 is refused, but not as reaching the network.
    with pytest.raises(UserError) as refused:
        choose_token("::ffff:127.0.0.1", None, no_token=True)
    assert str(refused.value).endswith("write 127.0.0.1 for this machine")
    with pytest.raises(UserError) as refused:  # (not loopback: the network's reason)
        choose_token("::ffff:10.0.0.1", None, no_token=True)
    assert str(refused.value).endswith(
        "anyone on the network could open the app and read the history"
    )
    # "127.1" is a name to coretui (not an address it reads), and may be loopback:
    # "anyone on the network" was not true of it.
    with pytest.raises(UserError) as refused:
        choose_token("127.1", None, no_token=True)
    assert str(refused.value).endswith(
        "on '127.1': a host name may reach beyond this machine; use 127.0.0.1 or ::1"
    )


@pytest.mark.parametrize("token", ["short", "has space in it 1234", "x" * 15, "ünïcödé-token-1234"])
def test_a_weak_or_unsafe_fixed_token_is_refused(token: str) -> None:
    with pytest.raises(UserError, match="--token needs 16 or more"):
        choose_token("0.0.0.0", token, no_token=False)


def test_a_fixed_token_is_used_as_given_even_on_loopback() -> None:
    assert choose_token("0.0.0.0", TOKEN, False) == TOKEN
    assert choose_token("127.0.0.1", TOKEN, False) == TOKEN


def test_a_fixed_token_can_come_from_the_environment_out_of_the_process_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # --token shows in `ps` to every account on the machine; the environment does not.
    monkeypatch.setenv("CORETUI_TOKEN", TOKEN)
    assert choose_token("127.0.0.1", None, False) == TOKEN
    assert choose_token("127.0.0.1", "Another-token-given-by-flag", False) == (
        "Another-token-given-by-flag"
    )
    assert choose_token("127.0.0.1", None, no_token=True) is None
    monkeypatch.setenv("CORETUI_TOKEN", "short")
    with pytest.raises(UserError, match=r"^CORETUI_TOKEN needs 16 or more"):
        choose_token("127.0.0.1", None, False)
    monkeypatch.setenv("CORETUI_TOKEN", "")  # set but empty: as if not set
    assert choose_token("127.0.0.1", None, False) != ""


def test_token_and_no_token_together_are_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--token", TOKEN, "--no-token"]) == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_the_link_names_an_address_a_phone_can_reach(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "gethostname", lambda: "mybox")

    def resolve(name: str, *args: Any, **kwargs: Any) -> list[Any]:
        assert name == "mybox"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, 0)) for address in addresses]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    addresses = ["127.0.1.1", "192.168.1.20"]
    assert access_url("0.0.0.0", 8000, TOKEN) == f"http://192.168.1.20:8000/?token={TOKEN}"
    # `--host 0` is every address too (as the socket reads it): it printed http://0:8000.
    assert access_url("0", 8000, TOKEN) == f"http://192.168.1.20:8000/?token={TOKEN}"
    # The name resolves to 127.0.1.1 only (as Debian's /etc/hosts has it): it printed
    # http://mybox:8000, which a phone on the network could not use.
    addresses = ["127.0.1.1"]
    monkeypatch.setattr(serve_link, "_outbound_address", lambda: "192.0.2.7")
    assert access_url("::", 8000, TOKEN) == f"http://192.0.2.7:8000/?token={TOKEN}"
    monkeypatch.setattr(serve_link, "_outbound_address", lambda: None)  # no network at all
    assert access_url("::", 8000, TOKEN) == f"http://mybox:8000/?token={TOKEN}"
    assert access_url("10.0.0.5", 9000, TOKEN) == f"http://10.0.0.5:9000/?token={TOKEN}"
    assert access_url("fd00::5", 9000, TOKEN) == f"http://[fd00::5]:9000/?token={TOKEN}"


def test_the_qr_code_is_unicode_blocks_without_colour_codes() -> None:
    pytest.importorskip("segno")
    code = qr_code_text(f"http://192.168.1.20:8000/?token={TOKEN}")
    assert code is not None
    rows = code.splitlines()
    assert len({len(row) for row in rows}) == 1  # a square drawn in equal rows
    assert 21 <= len(rows[0]) <= 80  # fits a terminal
    assert set(code) <= {"\u2588", "\u2580", "\u2584", " ", "\n"}


def test_without_segno_the_plain_link_is_printed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "segno", None)
    url = f"http://192.168.1.20:8000/?token={TOKEN}"
    assert qr_code_text(url) is None
    serve_link.print_access(url)
    printed = capsys.readouterr().err
    assert f"serving on {url} " in printed
    assert "\u2588" not in printed
    assert "scan" not in printed  # no code to scan


async def test_a_browser_with_the_link_gets_the_page_then_files_by_its_cookie() -> None:
    pytest.importorskip("textual_serve")
    from aiohttp import CookieJar
    from aiohttp.test_utils import TestClient, TestServer

    app = await serve.web_server("true", "0.0.0.0", 8000, TOKEN)._make_app()
    # unsafe: keep cookies from an IP address (127.0.0.1), as a browser does.
    async with TestClient(TestServer(app), cookie_jar=CookieJar(unsafe=True)) as browser:
        refused = await browser.get("/static/js/textual.js")
        assert refused.status == 403
        assert await refused.text() == FORBIDDEN_TEXT
        assert (await browser.get(f"/?token={TOKEN}x")).status == 403
        assert (await browser.get("/ws")).status == 403

        # The link sets the cookie and sends the browser on to the page without the
        # token: it stayed in the address bar, the history and bookmarks.
        page = await browser.get(f"/?token={TOKEN}")
        assert page.status == 200 and page.url.query_string == ""
        [link] = page.history
        assert link.status == 303
        cookie = link.cookies["coretui_token_8000"]
        assert cookie.value == TOKEN and cookie["httponly"] and cookie["samesite"] == "Lax"
        assert page.headers["Referrer-Policy"] == "no-referrer"

        # An address of many slashes stays on this site ("////evil.example/" is another).
        many = f"{browser.make_url('/')}/evil.example/?token={TOKEN}"
        sent_on = await browser.session.get(many, allow_redirects=False)
        assert sent_on.status == 303 and sent_on.headers["Location"] == "/evil.example/"

        # Later requests carry no query token: the cookie alone lets them in.
        assert (await browser.get("/static/js/textual.js")).status == 200
        assert (await browser.get("/")).status == 200
        # ... unless another site's page sends them: the cookie goes with those too.
        for origin in ("https://evil.example", f"http://127.0.0.1:{browser.port + 1}"):
            sent = await browser.get("/ws", headers={"Origin": origin})
            assert sent.status == 403 and await sent.text() == FOREIGN_TEXT, origin
        own = {"Origin": f"http://127.0.0.1:{browser.port}"}
        assert (await browser.get("/", headers=own)).status == 200
        # A websocket given the token in its address is let in, not sent elsewhere (a
        # browser's websocket does not follow a redirect).
        upgrade = {
            **own,
            "Connection": "Upgrade",
            "Upgrade": "websocket",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        }
        handshake = await browser.get(f"/ws?token={TOKEN}", headers=upgrade, allow_redirects=False)
        assert handshake.status != 303


def _host_that_does_not_resolve(monkeypatch: pytest.MonkeyPatch) -> None:
    """No network here: any name but the loopback ones fails to resolve, as a typo does."""
    real = socket.getaddrinfo

    def lookup(host: str, *args: Any, **kwargs: Any) -> Any:
        if host == "nosuch.invalid":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)


def test_a_bad_host_or_a_taken_port_is_said_before_any_link(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("textual_serve")
    _host_that_does_not_resolve(monkeypatch)
    assert main(["serve", "--host", "nosuch.invalid"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == (
        "coretui: cannot serve on nosuch.invalid:8000: Name or service not known"
    ), err
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert "serving on" not in err and len(err.strip().splitlines()) == 1, err
    assert f"cannot serve on 127.0.0.1:{port}: Address already in use" in err


def test_ipv6_any_is_free_while_ipv4_any_on_the_port_is_taken() -> None:
    # asyncio's server binds IPv6 sockets IPv6-only: `--host ::` works beside a server
    # on 0.0.0.0 of the same port, and the check before the link must agree.
    from coretui.cli.errors import UserError
    from coretui.cli.serve import _check_address

    if not socket.has_ipv6:
        pytest.skip("no IPv6 here")
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        try:
            _check_address("::", port)
        except UserError as exc:
            if "not available" in str(exc) or "not supported" in str(exc):
                pytest.skip(f"IPv6 cannot be bound here: {exc}")
            raise
        with pytest.raises(UserError, match="Address already in use"):
            _check_address("0.0.0.0", port)


def test_an_ipv6_loopback_is_linked_in_brackets_on_screen_and_in_the_page(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # "http://::1:8000" opens nothing, and the page pointed its scripts and websocket
    # at that address too.
    pytest.importorskip("textual_serve")
    from textual_serve.server import Server

    served: list[str] = []
    monkeypatch.setattr(serve, "_check_address", lambda host, port: None)
    monkeypatch.setattr(Server, "serve", lambda self, debug=False: served.append(self.public_url))
    assert main(["serve", "--host", "::1", "--no-token", "--port", "8123"]) == 0
    assert "serving on http://[::1]:8123 " in capsys.readouterr().err
    assert served == ["http://[::1]:8123"]


def test_the_outbound_address_is_none_without_a_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Making the probe socket can fail too (no IPv4, no descriptors left): a traceback.
    class Probe:
        def __init__(self, *_: object) -> None:
            if address is None:
                raise OSError(24, "Too many open files")

        def __enter__(self) -> Probe:
            return self

        def __exit__(self, *_: object) -> None:
            pass

        def connect(self, _: object) -> None:
            pass

        def getsockname(self) -> tuple[str, int]:
            return address or "", 0

    monkeypatch.setattr(serve_link.socket, "socket", Probe)
    for address, expected in (("192.0.2.9", "192.0.2.9"), ("127.0.0.1", None), (None, None)):
        assert serve_link._outbound_address() == expected, address


@pytest.mark.parametrize(
    ("host", "origin", "allowed"),
    [
        ("127.0.0.1:8000", None, True),
        ("localhost:8000", "http://localhost:8000", True),
        ("[::1]:8000", "http://[::1]:8000", True),
        ("[::1]", None, True),
        ("127.0.0.1:8000", "http://127.0.0.1:8000", True),
        ("127.0.0.1:8000", "http://localhost:3000", False),  # another local server's page
        ("127.0.0.1", "http://localhost", True),  # port 80 both
        ("127.0.0.1:8000", "https://evil.example", False),  # another site's page
        ("127.0.0.1:8000", "null", False),  # a sandboxed frame, a file
        ("evil.example:8000", None, False),  # a DNS rebinding: the attacker's name
        ("evil.example:8000", "http://evil.example:8000", False),
        ("", None, False),
    ],
)
def test_without_a_token_only_this_machine_s_own_pages_are_served(
    host: str, origin: str | None, allowed: bool
) -> None:
    assert same_machine(host, origin) is allowed


async def test_without_a_token_another_site_s_page_cannot_open_the_websocket() -> None:
    # Any web page the user opened could connect to ws://127.0.0.1:PORT/ws, press
    # keys in coretui and read the history: no token was asked on loopback, and
    # neither the page's Origin nor the Host it asked for was looked at.
    pytest.importorskip("textual_serve")
    from aiohttp.test_utils import TestClient, TestServer

    app = await serve.web_server("true", "127.0.0.1", 8000, None)._make_app()
    async with TestClient(TestServer(app)) as client:
        own = {"Origin": f"http://127.0.0.1:{client.port}"}
        assert (await client.get("/", headers=own)).status == 200
        for headers in (
            {"Origin": "https://evil.example"},
            {"Host": "evil.example"},
        ):
            refused = await client.get("/ws", headers=headers)
            assert refused.status == 403, headers
            assert await refused.text() == FOREIGN_TEXT
            assert (await client.get("/", headers=headers)).status == 403


@pytest.mark.parametrize("host", ["a..b", "a" * 64, "caf\udcff"])
def test_a_host_name_no_lookup_can_take_is_one_line(
    host: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # An empty label, one over 63 characters, a byte that is not UTF-8: the name is
    # refused before any lookup (UnicodeError, not OSError), and was a traceback.
    pytest.importorskip("textual_serve")
    assert main(["serve", "--host", host]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "serving on" not in err, err
    assert err.startswith("coretui: cannot serve on "), err


def test_a_request_s_log_line_does_not_show_the_token() -> None:
    # Each request printed 'INFO ... "GET /?token=4dVm..."' in the terminal serving.
    pytest.importorskip("textual_serve")
    import logging

    server = serve.web_server("true", "0.0.0.0", 8000, TOKEN)
    server.initialize_logging()
    access = logging.getLogger("aiohttp.access")
    assert serve.hide_token in access.filters
    record = access.makeRecord(
        "aiohttp.access",
        logging.INFO,
        __file__,
        1,
        '%s "%s"',
        ("192.0.2.4", f"GET /?token={TOKEN} HTTP/1.1"),
        None,
    )
    assert all(f(record) for f in access.filters)
    assert record.getMessage() == '192.0.2.4 "GET /?token=… HTTP/1.1"'
    # Spelt otherwise, as aiohttp still reads it (tok%65n is token) or not (TOKEN):
    # a refused request's line showed the token.
    for spelt in ("tok%65n", "%74oken", "TOKEN"):
        line = ("192.0.2.4", f"GET /nope?{spelt}={TOKEN} HTTP/1.1")
        record = access.makeRecord(
            "aiohttp.access", logging.INFO, __file__, 1, '%s "%s"', line, None
        )
        assert all(f(record) for f in access.filters)
        assert TOKEN not in record.getMessage(), spelt
    # The line is not decoded to hide it: a %0a would print a line of the client's making.
    line = ("192.0.2.4", f"GET /x%0acoretui:%20opened?token={TOKEN} HTTP/1.1")
    record = access.makeRecord("aiohttp.access", logging.INFO, __file__, 1, '%s "%s"', line, None)
    assert all(f(record) for f in access.filters)
    assert record.getMessage() == '192.0.2.4 "GET /x%0acoretui:%20opened?token=… HTTP/1.1"'


@pytest.mark.parametrize(
    ("status", "logged"), [(200, False), (101, False), (304, False), (403, True)]
)
def test_only_a_refused_request_is_logged(status: int, logged: bool) -> None:
    # A page's own requests (its files, its websocket) each printed a line, and pushed
    # the link and its QR code off the terminal; a refusal is worth seeing.
    pytest.importorskip("textual_serve")
    import logging

    server = serve.web_server("true", "0.0.0.0", 8000, TOKEN)
    server.initialize_logging()
    access = logging.getLogger("aiohttp.access")
    # (A User-Agent of its own choosing does not hide a refusal.)
    line = f'192.0.2.4 "GET / HTTP/1.1" {status} 4487 "-" "x HTTP/1.1" 200 y"'
    extra = {"response_status": status}  # (as aiohttp's AccessLogger gives it)
    record = access.makeRecord(
        "aiohttp.access", logging.INFO, __file__, 1, line, (), None, extra=extra
    )
    assert all(f(record) for f in access.filters) is logged
    access.removeFilter(serve.hide_token)


def test_a_browser_s_coretui_ending_after_ctrl_c_prints_no_asyncio_warning() -> None:
    # "WARNING  Loop <_UnixSelectorEventLoop ... closed=True> that handles pid 2666 is
    # closed": its workout was saved; the line only alarmed.
    pytest.importorskip("textual_serve")
    import logging

    serve.web_server("true", "127.0.0.1", 8000, TOKEN).initialize_logging()
    said = logging.getLogger("asyncio")
    closed = said.makeRecord(
        "asyncio",
        logging.WARNING,
        __file__,
        1,
        "Loop %r that handles pid %r is closed",
        ("<loop>", 2666),
        None,
    )
    other = said.makeRecord("asyncio", logging.WARNING, __file__, 1, "Unclosed %r", ("x",), None)
    assert not said.filter(closed)
    assert said.filter(other)


def test_no_token_beyond_loopback_is_refused_without_the_serve_extra_too(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # "needs the serve extra" first; once installed, refused for --no-token after all.
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert main(["serve", "--host", "0.0.0.0", "--no-token"]) == 2
    assert "--no-token only with a loopback --host" in capsys.readouterr().err
