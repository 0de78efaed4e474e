"""coretui: a terminal interval trainer for core-strengthening routines."""

__version__ = "0.1.0"
