"""Values and messages from a user's files, quoted in one short printable line.

No pydantic: a settings or routine file that does not parse is reported without it.
"""

from __future__ import annotations

import ast
import contextlib
import difflib
import json
import math
import re
import tomllib
from collections.abc import Iterable, Sequence
from typing import Literal

from coretui.textsafe import printable

MAX_SHOWN = 40
"""How much of a bad value a message quotes."""


def shown(value: object) -> str:
    """A value from a file, as a short printable quote: 'ten', 5, a table, a list."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if value is None:  # (only JSON has it)
        return "null"
    if value == "":  # ('' read as two quote marks)
        return "an empty text"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value in (math.inf, -math.inf):  # inf, or 1e400 read so
        if value < 0:
            return "minus infinity (or a number too far below zero to hold)"
        return "infinity (or a number too large to hold)"
    if isinstance(value, float) and math.isnan(value):
        return "nan (not a number)"
    # A text as typed, in quotes: repr() doubled each backslash ('x\\[0]' for x\[0]).
    text = f"'{value}'" if isinstance(value, str) else str(value)
    text = printable(text, single_line=True).encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice a typo most likely meant ("cues" -> "cue", "Seconds" -> "seconds"), if
    any is close; none for a word of its own ("notes" is not "name", "colour" not "cue")."""
    options = list(choices)
    found = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not found:
        lowered = {option.lower(): option for option in options}
        found = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        found = [lowered[f] for f in found]
    return found[0] if found else None


def set_already(
    key: str, data: object, where: Sequence[int | str], keys: Iterable[str]
) -> str | None:
    """ "and seconds is set already (to 30)" of an unknown key (`secs`) that resembles
    one of `keys` set in the table at `where` in `data`, whatever key it is nearer:
    "did you mean 'sets'?" sent the user to type a key that was not meant."""
    table = data
    for part in where:
        try:
            table = table[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    if not isinstance(table, dict):
        return None
    known = set(keys)
    guess = closest(key, [name for name in table if name in known])
    if guess is None:
        return None
    value = shown(table[guess])
    if isinstance(table[guess], list | dict):  # ("a list" says little of `head = [10, 30]`)
        with contextlib.suppress(ValueError, TypeError, RecursionError):
            value = shown_text(json.dumps(table[guess], default=str), 40)
    return f"and {guess} is set already (to {value})"


def unknown_key(key: str, choices: Iterable[str]) -> str:
    """ "unknown key 'colour' (did you mean 'cue'?)"."""
    guess = closest(key, choices)
    hint = f" (did you mean '{guess}'?)" if guess else ""
    return f"unknown key {shown(key)}{hint}"


TOML_WORDS = {
    "Illegal character '\\n'": "text in quotes not closed before the line ends",
    "Invalid value": 'invalid value (text needs quotes: "like this")',
    "Cannot overwrite a value": "a key given twice",
    "Unterminated string": "text in quotes never closed",
    'Expected "\'"': "text in quotes never closed",
    "Expected '=' after a key in a key/value pair": "'=' expected after the key",
    "Expected newline or end of document after a statement": (
        "more after the value: a number stands alone (30, not 30 s or 05), text is in quotes"
    ),
    "Unclosed array": "a list not closed: commas between its entries, and ] after the last",
    "Unclosed inline table": "a { } not closed: commas between its keys, and } after the last",
    "Invalid initial character for a key part": (
        'a key is made of letters, digits, - and _ (any other in quotes: "my key")'
    ),
    "Invalid statement": "a line is key = value, a [table] or a # comment",
    "Escaped character is not a Unicode scalar value": (
        "a \\u code of half a character (a surrogate): write the character itself"
    ),
    "Unescaped '\\' in a string": (
        "a \\ in text in quotes starts a code (\\n, \\t...):"
        " write \\\\ for one, or put the text in 'single quotes'"
    ),
}
"""tomllib's messages for the slips people make most, in plain words."""

JSON_WORDS = {
    "Expecting value": "a value expected",
    "Extra data": "more after the last }: the file holds one { }",
    "Expecting ',' delimiter": "a comma expected between two entries",
    "Expecting ':' delimiter": "':' expected after the key",
    "Expecting property name enclosed in double quotes": 'a key in "double quotes" expected',
}
"""json's messages in plain words (a comma before a closing bracket is said apart)."""


def syntax_message(exc: Exception, fmt: Literal["toml", "json"], text: str = "") -> str:
    """A TOML or JSON parse error as "TOML syntax: line 2, column 20: invalid value";
    `text`, the file's, lets a key given twice be named."""
    if isinstance(exc, json.JSONDecodeError):
        return f"JSON syntax: line {exc.lineno}, column {exc.colno}: {json_words(exc)}"
    message = str(exc)
    if isinstance(exc, tomllib.TOMLDecodeError):
        found = re.match(r"(?s)(.*?) \(at line (\d+), column (\d+)\)$", message)
        if found:
            what, line, column = found.groups()
            # (tomllib counts "\n" alone: U+2028 in a comment ends no line for it)
            lines = text.split("\n")[int(line) - 1 : int(line)]
            what = toml_words(what, lines, int(column))
            return f"TOML syntax: line {line}, column {column}: {what[:1].lower()}{what[1:]}"
        found = re.match(r"(?s)(.*?) \(at end of document\)$", message)
        if found:
            what = found.group(1)
            if what in ("Invalid value", "Invalid initial character for a key part"):
                what = "the file ends where more was due: is a [ or { not closed?"
            what = toml_words(what, [])
            return f"TOML syntax: at the end of the file: {what[:1].lower()}{what[1:]}"
    return f"{fmt.upper()} syntax: {message}"


def toml_words(what: str, line: list[str], column: int = 0) -> str:
    """tomllib's `what`, of the file's `line` (when known) at `column`, in plain words."""
    table = re.fullmatch(r"Cannot declare (\(.*\)) twice", what)
    if table:  # the table's keys as a tuple's repr: "('exercises', 'easier')", "('meta',)"
        with contextlib.suppress(ValueError, SyntaxError, TypeError):
            name = ".".join(map(str, ast.literal_eval(table.group(1))))
            return f"the table [{shown_text(name, MAX_SHOWN)}] given twice: one holds all its keys"
    control = re.fullmatch(r"Illegal character '(\\x[0-9a-f]{2}|\\u[0-9a-f]{4})'", what)
    if control:
        return f"a control character (U+{control.group(1)[2:].upper():0>4}); delete it"
    if what == "Cannot overwrite a value" and line and "=" in line[0]:
        key = line[0].split("=", 1)[0].strip().strip("'\"")  # ("b" = 2: b)
        return f"{shown(key)} given twice"
    before, after = (line[0][: column - 1], line[0][column - 1 :]) if line and column else ("", "")
    if what == "Invalid value" and line and column:
        if not after.strip() or after.lstrip().startswith("#"):  # "seconds = " and no more
            return "a value expected after '=': a number, text in quotes, true, false or [ ]"
        if not before.strip() and "=" in after.split("#")[0]:  # a key: a list's entry was due
            return "a key where a value goes: is a [ above not closed?"
    if what.startswith("Expected newline") and "=" in before:
        value = before.split("=", 1)[1].lstrip()
        if value[:1] in ("'", '"'):  # cue = 'it''s'
            return "more after the text in quotes: all of it goes in one pair of quotes"
    return TOML_WORDS.get(what, what)


def json_words(exc: json.JSONDecodeError) -> str:
    """json's message in plain words; a comma before a closing bracket, as such."""
    before, at = exc.doc[: exc.pos].rstrip(), exc.doc[exc.pos : exc.pos + 1]
    if before.endswith(",") and at in "]}" and at:
        return f"a comma before {at}: none goes after the last entry"
    return JSON_WORDS.get(exc.msg, exc.msg[:1].lower() + exc.msg[1:])


def not_utf8(exc: UnicodeDecodeError) -> str:
    """Where a file's text is not UTF-8, as a line and column: "not UTF-8 text (line 3,
    column 9): save the file as UTF-8"."""
    data = bytes(exc.object)
    line_start = data.rfind(b"\n", 0, exc.start) + 1
    # In characters, as an editor counts them (what comes before the byte is UTF-8).
    before = data[line_start : exc.start].decode("utf-8", "replace")
    line, column = data.count(b"\n", 0, exc.start) + 1, len(before) + 1
    return f"not UTF-8 text (line {line}, column {column}): save the file as UTF-8"


def shown_text(text: str, limit: int = 200) -> str:
    """A message as one printable line of at most `limit` characters."""
    line = printable(text, single_line=True).encode("utf-8", "backslashreplace").decode("utf-8")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def as_tag(tag: str) -> str:
    """An equipment tag as the routines write it: "Mat" is "mat", "swiss ball" "swiss-ball"
    (" mat ", a hand edit's spaces around it, "mat")."""
    tag = tag.strip()
    return tag.lower().replace(" ", "-").replace("_", "-") if tag.isascii() else tag
