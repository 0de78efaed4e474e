"""What the TUI and the CLI both use: the user's routines, settings, progress and history.

Pure Python: no Textual.
"""
