"""How counts and equipment read: "1 exercise", "3 exercises", "swiss ball, bench"."""

from __future__ import annotations

from collections.abc import Iterable

MAX_NOTE = 500
"""A session's note, in characters: the summary's note field, `coretui log --note`."""


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """`number` and `noun`, the noun in the plural unless the number is one."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def equipment_words(tags: Iterable[str]) -> str:
    """Equipment tags as words for reading: "back extension station, swiss ball" (the
    tags themselves are for files and settings: one wraps in a narrow list only where
    it has spaces, and "back-extension-station," was cut before its comma)."""
    return ", ".join(tag.replace("-", " ") for tag in tags)
