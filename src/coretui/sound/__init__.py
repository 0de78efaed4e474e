"""Coaching by ear: synthesised tones, the cue schedule, WAV rendering, playback, speech.

Only `player` touches an audio library (miniaudio, imported lazily); the rest is
the standard library, so the schedule and the synthesiser run anywhere.
"""
