"""The CLI's user errors and exit codes: a leaf every command module imports."""

from __future__ import annotations

EXIT_USAGE = 2
"""A bad flag, an unknown routine id: the command line itself was wrong."""


class UserError(Exception):
    """A problem with what the user asked for: printed as one line, exit code attached."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code
