"""Undoing the progress a user accepted, a routine at a time (Ctrl+P on the routine
list): the summary's ideas are accepted one by one, and an easier variant taken had no
way back but editing `progress.json` by hand (a number has the editor too)."""

from __future__ import annotations

from coretui.problem_words import os_reason
from coretui.services.trainer import Trainer


def forget_changes(trainer: Trainer, routine_id: str, name: str) -> tuple[str, bool]:
    """Undo every change accepted for a routine: what to tell the user, and whether the
    disk refused (then nothing changed)."""
    try:
        dropped = trainer.overlays.forget(routine_id)
    except OSError as exc:
        return f"Not saved: {os_reason(exc)}", True
    trainer.use_changes()
    undone = f"; undone: {'; '.join(dropped)}" if dropped else ""
    return f"{name} runs as its file has it again{undone}.", False
