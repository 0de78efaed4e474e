"""Stick figures of the exercises: the format, poses over time, and braille drawings.

Pure Python, no Textual: the workout screen, the picker and `coretui show` all
draw with the same code.
"""
