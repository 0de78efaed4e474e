"""The validation library's own phrases, read from pydantic-core, so tests can refuse them."""

from __future__ import annotations

import re
import typing
from functools import cache

from pydantic_core import PydanticKnownError, core_schema


def _template(kind: str) -> str:
    """pydantic-core's message template for one error type (filling any context it needs)."""
    context: dict[str, object] = {}
    for _ in range(8):
        try:
            return PydanticKnownError(kind, context).message_template  # type: ignore[arg-type]
        except (KeyError, TypeError) as exc:
            needed = re.search(r"'(\w+)' required in context", str(exc))
            if needed is None:
                return ""
            context[needed.group(1)] = "x"
    return ""


@cache
def library_phrases() -> tuple[str, ...]:
    """Every fixed stretch (12+ characters) of every pydantic-core message template."""
    phrases: set[str] = {"Value error, ", "Assertion failed, "}
    for kind in typing.get_args(core_schema.ErrorType):
        for part in re.split(r"\{[^}]*\}", _template(kind)):
            if len(part.strip()) >= 12:
                phrases.add(part.strip())
    return tuple(sorted(phrases))


def assert_plain(message: str) -> None:
    """No sentence from the validation library reaches the user unchanged."""
    for phrase in library_phrases():
        assert phrase not in message, f"the validation library's words: {message!r}"
