"""What coretui knows about its user: routines, settings, progress and history.

Pure (no Textual): the app holds one Trainer and its screens ask it questions,
so everything here is tested without a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from coretui.history import HistoryStore, Session, cache_file_for
from coretui.paths import AppPaths
from coretui.services.sessions import SessionBook
from coretui.settings import Settings, load_settings, save_settings
from coretui.workout.coaching import SESSIONS_IN_FULL, Plan, Suggestion, plan_for, suggestions
from coretui.workout.engine import Clock, WorkoutEngine
from coretui.workout.overlays import Overlays, describe
from coretui.workout.recording import WorkoutResult, resume_point, work_steps
from coretui.workout.routines import Library, Routine, load_library
from coretui.workout.timeline import compile_routine


@dataclass(frozen=True)
class ResumeOffer:
    """An unfinished session that can be carried on, and where."""

    session: Session
    step: int
    """The exercise step (0 = first) to carry on from."""
    label: str
    """"Side plank · Left side (exercise 2 of 5)"."""


@dataclass
class Trainer:
    """Routines, settings, accepted progress and the history, loaded for one run."""

    paths: AppPaths
    library: Library
    settings: Settings
    settings_file: Path
    overlays: Overlays
    book: SessionBook
    notices: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, paths: AppPaths, today: date | None = None) -> Trainer:
        """Read routines, settings and progress; the history is read later, on demand."""
        settings = load_settings(paths.settings_files)
        overlays = Overlays.load(paths.config_dir / "progress.json")
        notices = [*settings.notices, *([overlays.problem] if overlays.problem else [])]
        store = HistoryStore(paths.history_file, brief_cache=cache_file_for(paths.history_file))
        book = SessionBook(store, today=today, weekly_goal=settings.settings.weekly_goal)
        return cls(
            paths=paths,
            library=load_library(paths.routines_dir),
            settings=settings.settings,
            settings_file=settings.file or paths.settings_files[0],
            overlays=overlays,
            book=book,
            notices=notices,
        )

    # -- workouts ----------------------------------------------------------------------

    def plan(self, routine: Routine) -> Plan:
        """The routine as this user does it: their rests, progress and equipment."""
        return plan_for(routine, self.settings, self.overlays.for_routine(routine.id))

    def resume_offer(self, routine: Routine, now: datetime) -> ResumeOffer | None:
        """An unfinished session of `routine` to carry on, if there is one."""
        earlier = self.book.resumable(routine.id, now)
        if earlier is None:
            return None
        timeline = compile_routine(self.plan(routine).routine)
        at = resume_point(earlier, timeline)
        if at is None:
            return None
        step = timeline.steps[work_steps(timeline)[at]]
        number = (step.exercise_index or 0) + 1
        where = f"{step.title} (exercise {number} of {len(timeline.routine.exercises)})"
        return ResumeOffer(earlier, at, where)

    def engine_for(
        self,
        routine: Routine,
        clock: Clock,
        lead_in_s: float | None = None,
        resume: ResumeOffer | None = None,
    ) -> tuple[WorkoutEngine, Plan]:
        """A ready engine for the user's version of `routine` (carrying on `resume`)."""
        plan = self.plan(routine)
        lead_in = self.settings.lead_in_s if lead_in_s is None else lead_in_s
        timeline = compile_routine(plan.routine, lead_in)
        engine = WorkoutEngine(
            timeline,
            clock,
            easier=set(plan.start_easier),
            resume_at=None if resume is None else work_steps(timeline)[resume.step],
        )
        return engine, plan

    def suggestions_for(self, result: WorkoutResult) -> list[Suggestion]:
        """Progression ideas after a workout, from the history as it stands now."""
        # The routine's latest sessions are all `suggestions` looks at: only they are read whole.
        mine = [s for s in self.book.sessions if s.routine_id == result.routine.id]
        latest = self.book.whole(mine[-SESSIONS_IN_FULL:])
        return suggestions(result.routine, latest, set(result.preset_easier))

    def accept(self, suggestion: Suggestion) -> str:
        """Store an accepted progression in the overlay; returns what to tell the user."""
        try:
            self.overlays.accept(suggestion.routine_id, suggestion.exercise, suggestion.change)
        except OSError as exc:
            return f"Not saved: {exc.strerror or exc}"
        return f"Saved: {suggestion.exercise} {describe(suggestion.change)} from next time."

    # -- settings ----------------------------------------------------------------------

    def change_setting(self, key: str, value: object) -> bool:
        """Validate one new value, save the settings atomically, and use them.

        Raises pydantic's ValidationError for a bad value and OSError when the
        file cannot be written; the settings in use change only on success.
        Returns False when the value was already in use (nothing written).
        """
        new = Settings.model_validate({**self.settings.model_dump(), key: value})
        if new == self.settings:
            return False
        save_settings(new, self.settings_file)
        self.settings = new
        self.book.weekly_goal = new.weekly_goal
        return True

    def equipment_tags(self) -> list[str]:
        """Every equipment tag the routines mention, for the settings screen."""
        return sorted({tag for r in self.library.routines for tag in r.routine.equipment})
