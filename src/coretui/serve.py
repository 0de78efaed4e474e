"""`coretui serve`: the app in a browser, for a phone or tablet propped by the mat."""

from __future__ import annotations

import shlex
import sys

from coretui.paths import AppPaths


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


def serve(paths: AppPaths, host: str, port: int) -> int:
    """Serve until interrupted; binds to localhost unless `host` says otherwise."""
    from coretui.cli import UserError

    try:
        from textual_serve.server import Server
    except ImportError:
        raise UserError(
            "'coretui serve' needs the serve extra: pip install 'coretui[serve]'"
        ) from None
    if not 0 < port < 65536:
        raise UserError(f"--port must be 1 to 65535, not {port}", 2)
    print(f"coretui: serving on http://{host}:{port} (Ctrl+C stops)", file=sys.stderr)
    Server(serve_command(paths), host=host, port=port, title="coretui").serve()
    return 0
