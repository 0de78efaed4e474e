"""Values of command-line arguments that every command reads alike."""

from __future__ import annotations

import argparse
from pathlib import Path


def file_value(text: str) -> Path:
    """A file given on the command line: '' would be read as the current folder (".")."""
    if not text:  # (" " is a name a file may have)
        raise argparse.ArgumentTypeError("needs a file name, not an empty one")
    return Path(text)


STDOUT = "-"


def output_value(text: str) -> str:
    """A file to write, as given: "-" is standard output, and a file of that name is
    "./-" (a Path would make both "-"). Messages name it as the user wrote it."""
    file_value(text)
    return text
