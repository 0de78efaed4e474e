"""Make user text safe to show: control characters become visible escapes.

Routine names, cues and notes come from files anyone can write. Shown as-is, an
escape sequence would reach the terminal and recolour or move the cursor, so
every control character (other than newline and tab) is shown as `\\xNN`.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""Control characters; line and paragraph separators; the direction embeddings,
overrides and isolates, which would reorder the text drawn after them; and lone
surrogates (an argument's byte that is not UTF-8), which no stream can write."""


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8 (a file's name): as the shell
        code -= 0xDC00  # writes it, and the mend hint's command (`$'bad\\xff'`)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"  # (U+2028 is not \\x2028)


_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: a window title, a link
    r"|\x1b[@-Z\\-_]"  # any other two-character escape
)


def without_controls(text: str) -> str:
    """`text` pasted from a terminal without its escape sequences (its colours, a
    title) and control characters: what a person meant to type."""
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def printable(text: str, *, single_line: bool = False) -> str:
    """`text` with control characters written out, e.g. ESC as `\\x1b`."""
    shown = _CONTROL.sub(_escape, text)
    if single_line:
        shown = " ".join(shown.split())
    return shown


def json_printable(text: str) -> str:
    """JSON text with the control characters it may hold raw (C1, U+2028/2029: JSON
    escapes only C0 ones) as `\\uNNNN`: the same JSON, safe to show."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def speakable(text: str) -> str:
    """`text` as one line for a voice: a control character is a space, not read out."""
    return " ".join(_CONTROL.sub(" ", text).split())


_PICTURES = {
    **{code: chr(0x2400 + code) for code in range(0x20)},  # NUL..US: the Control Pictures
    0x7F: "\u2421",  # DEL: ␡
    **{code: "\ufffd" for code in range(0x80, 0xA0)},  # C1 controls have no pictures
    0x2028: "\u21b5",
    0x2029: "\u21b5",
}


def control_pictures(text: str) -> str:
    """`text` with each control character (newline and tab too) as one visible character
    of one cell, ESC as ␛: for a text field, whose cursor must stay on its character."""
    return text.translate(_PICTURES)


def short_line(text: object, limit: int = 80) -> str:
    """`text` as one printable line of at most `limit` characters (cut with "…"), for a notice."""
    line = printable(str(text), single_line=True)
    line = line.encode("utf-8", "backslashreplace").decode("utf-8")  # lone surrogates
    return line if len(line) <= limit else line[: limit - 1] + "…"
