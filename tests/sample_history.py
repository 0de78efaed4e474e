"""Made-up but plausible history, for screenshots, snapshot tests and benchmarks."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta

from coretui.history import Session, StepEntry

_ROUTINES = (
    ("core-six", "Core six (full session)", 1560.0),
    ("core-six-mat", "Core six (mat only)", 1510.0),
    ("core-quick", "Quick core (7 min)", 420.0),
)
_STEPS = ("Plank", "Side plank", "Back extension", "Pike", "Hip raise", "Superman")


def sample_sessions(count: int, today: date, seed: int = 7) -> list[Session]:
    """`count` sessions ending at `today`, most days done, a few partial, some pain ratings."""
    rng = random.Random(seed)
    sessions: list[Session] = []
    day = today
    while len(sessions) < count:
        if rng.random() < 0.72:  # most days have a session
            routine_id, name, planned = _ROUTINES[rng.randrange(len(_ROUTINES))]
            completed = rng.random() < 0.9
            active = planned * (0.62 if completed else rng.uniform(0.1, 0.5))
            started = datetime.combine(day, time(7 + rng.randrange(12), rng.randrange(60)), UTC)
            pain_before = rng.randrange(2, 7) if rng.random() < 0.5 else None
            steps = [
                StepEntry(
                    exercise=step,
                    side=None,
                    planned_s=60.0,
                    planned_reps=None,
                    done_s=60.0 if completed else 20.0,
                    done_reps=None,
                    ended="skipped" if not completed else "time",
                    variant=None,
                )
                for step in _STEPS
            ]
            sessions.append(
                Session(
                    id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    routine_id=routine_id,
                    routine_name=name,
                    started_at=started,
                    finished_at=started + timedelta(seconds=planned),
                    tz="UTC",
                    local_date=day,
                    status="completed" if completed else "partial",
                    duration_s=round(active / 0.62, 1),
                    active_s=round(active, 1),
                    steps=steps,
                    pain_before=pain_before,
                    pain_after=None
                    if pain_before is None
                    else max(0, pain_before - rng.randrange(3)),
                )
            )
        day -= timedelta(days=1)
    sessions.reverse()
    return sessions
