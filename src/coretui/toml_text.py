"""Values written as TOML, for the files coretui writes for people to read and edit: the
settings and the routines (Python's `tomllib` reads TOML, and writes none)."""

from __future__ import annotations

import json
import math
import re


def toml_string(text: str) -> str:
    """A basic string. JSON's escapes are a subset of TOML's; TOML also forbids a raw
    DEL, which JSON leaves alone."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_key(key: str) -> str:
    """A key, bare when TOML takes it so, else quoted."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_string(key)


def toml_value(value: object) -> str:
    """One value: strings quoted, lists and tables inline (a list of tables, such as a
    tempo's phases, one a line as in the bundled files)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("TOML written by coretui holds no infinite or NaN numbers")
        # 1.0 reads as 1, as in the bundled files; the models take either for a number.
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, dict):
        pairs = ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{ " + pairs + " }"
    if isinstance(value, list | tuple):
        if value and all(isinstance(item, dict) for item in value):
            return "[\n" + "".join(f"    {toml_value(item)},\n" for item in value) + "]"
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")
