"""TOML keys of very many dotted parts, refused before Python's TOML parser reads them.

`tomllib` keeps every leading part of a dotted key (`a.b.c = 1`, `[a.b.c]`), so its
time and memory grow with the square of the key's length: a 40 KB routine or
settings file of one key `a.a.a...` (20,000 parts) took 5 s and 1.6 GB, and one of
80 KB 20 s and 6 GB. No routine or setting has a key of more than four parts; one of
`MAX_KEY_PARTS` is refused in one line, before the parser sees it.

The same files may be JSON: `unique_keys` refuses a key named twice there, as TOML
refuses it (JSON's reader keeps the last one without a word).
"""

from __future__ import annotations

import re
from typing import Any

MAX_KEY_PARTS = 64

# Strings and comments first become empty strings and nothing: a key is never inside
# them, and prose there ("70. 69. 68. ...", "# -.-.-.-") is no chain of keys. A basic
# string's escapes are read as TOML reads them (a \" does not end it).
_STRINGS_AND_COMMENTS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*+(?:"""|\Z)'
    r"|'''(?:[^']|'(?!''))*+(?:'''|\Z)"
    r'|"(?:[^"\\\n]|\\.)*+"?'
    r"|'[^'\n]*+'?"
    r"|#[^\n]*+",
    re.DOTALL,
)
# A key part: bare, or a (now empty) quoted one, then a dot. A chain can begin only
# where a key can (after a blank, "=", a bracket, a brace or a comma, or at the start:
# never after a dot, inside a chain), and every part is taken whole (possessive), so
# the search stays linear in the text.
_PART = r"""(?:""|[^\s.="'\[\]{},]++)"""
_DEEP_KEY = re.compile(
    rf"""(?<![^\s=\[\]{{}},])(?:{_PART}[ \t]*+\.[ \t]*+){{{MAX_KEY_PARTS}}}{_PART}"""
)
TOO_MANY_PARTS = f"a key of more than {MAX_KEY_PARTS} dotted parts (a.b.c...)"


class DeepKeyError(ValueError):
    """A key of more than `MAX_KEY_PARTS` dotted parts."""


def check_key_parts(text: str) -> None:
    """Raise DeepKeyError when `text` holds a key of more than `MAX_KEY_PARTS` parts
    (outside its strings and comments: what they say is no key)."""
    keys = _STRINGS_AND_COMMENTS.sub(lambda found: '""' if found[0][0] in "\"'" else "", text)
    if _DEEP_KEY.search(keys):
        raise DeepKeyError(TOO_MANY_PARTS)


def read_toml(text: str) -> dict[str, Any]:
    """`tomllib.loads`, a key of more than `MAX_KEY_PARTS` parts refused first
    (DeepKeyError, a ValueError): every TOML a user writes is read through here."""
    import tomllib  # (the start reads the caches, not TOML)

    check_key_parts(text)
    return tomllib.loads(text)


class DuplicateKey(ValueError):
    """A JSON object names a key twice."""


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """`json.loads`' `object_pairs_hook`: the object, unless it names a key twice."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKey(f"duplicate key {key!r}")
        found[key] = value
    return found
