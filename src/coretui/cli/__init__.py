"""The command line: `coretui` and its subcommands (the entry point is `main`)."""

from coretui.cli.main import main

__all__ = ["main"]
