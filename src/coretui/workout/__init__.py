"""The workout: routine files and their model, the timeline, the engine and what it records.

Pure Python: nothing here imports Textual (an import-linter contract keeps it so).
"""
