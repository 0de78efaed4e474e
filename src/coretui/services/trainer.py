"""What coretui knows about its user: routines, settings, progress and history.

Pure (no Textual): the app holds one Trainer and its screens ask it questions,
so everything here is tested without a terminal.

The start needs no pydantic: the routine list (`cards`) and the settings values
come from the start cache, and the routines, settings and progress load after the
first paint (`load_validated`, from a worker) or when first asked for. Nor does a
workout: the routines the cache checked come back from it as plain structs, and
the settings in use are plain values; pydantic loads only to check a routine
file that changed, or a setting being changed.
"""

from __future__ import annotations

import threading
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from coretui.paths import AppPaths
from coretui.problem_words import os_reason
from coretui.services import start_cache
from coretui.services.start_cache import CachedSettings, FileKey, StartCache
from coretui.settings import (
    SettingsValues,
    load_settings,
    save_settings,
    settings_file,
    unknown_equipment,
)
from coretui.workout.routine_cards import RoutineCard
from coretui.workout.routine_sources import Found, LoadError

if TYPE_CHECKING:
    from coretui.services.sessions import SessionBook
    from coretui.workout.coaching import Plan, Suggestion
    from coretui.workout.engine import Clock, WorkoutEngine
    from coretui.workout.overlays import Overlays
    from coretui.workout.recording import ResumeOffer, WorkoutResult
    from coretui.workout.routines import Library, Routine


class Trainer(msgspec.Struct):
    """Routines, settings, accepted progress and the history, loaded for one run."""

    paths: AppPaths
    settings_file: Path
    settings_values: dict[str, Any]
    """The validated settings as plain values: what the start uses (the theme...)."""
    cards: list[RoutineCard]
    """The routine list as shown: from the start cache, then from the validated routines."""
    errors: list[LoadError]
    notices: list[str] = msgspec.field(default_factory=list)
    settings_copy: Path | None = None
    """Where the last settings change kept the user's own file (see `save_settings`)."""
    _settings_key: FileKey | None = None
    """The settings file's key when its values were validated (None: no file)."""
    _settings_notices: list[str] = msgspec.field(default_factory=list)
    _cached: StartCache | None = None
    """The start cache as read, or as last written."""
    _late_notices: list[str] = msgspec.field(default_factory=list)
    _settings: SettingsValues | None = None
    _settings_of: dict[str, Any] | None = None
    """The values `_settings` was made from."""
    _library: Library | None = None
    _read: list[tuple[FileKey | None, Found[Routine]]] | None = None
    """The routine files as last read, each with its key from just before the read."""
    _overlays: Overlays | None = None
    _lock: threading.RLock = msgspec.field(default_factory=threading.RLock)
    _book: SessionBook | None = None
    _book_lock: threading.Lock = msgspec.field(default_factory=threading.Lock)
    _today: date | None = None
    _unusable: dict[str, tuple[object, object]] = msgspec.field(default_factory=dict)
    """Values the settings file holds that the app could not use: (that value, the one
    it uses instead), by key."""

    @classmethod
    def load(cls, paths: AppPaths, today: date | None = None) -> Trainer:
        """Settings and the routine list from the start cache; the history is read later."""
        view = start_cache.start_view(paths)
        if view.settings is None:  # the settings file changed: validate it now, for the theme
            loaded = load_settings(paths.settings_files)
            view.settings = loaded.settings.model_dump()
            view.settings_notices = loaded.notices
        start_cache.fill_routines(view, paths, view.settings)
        return cls(
            paths=paths,
            settings_file=settings_file(paths.settings_files) or paths.settings_files[0],
            # (this build's keys)
            settings_values=msgspec.structs.asdict(SettingsValues.of(view.settings)),
            cards=view.cards,
            errors=view.errors,
            notices=list(view.settings_notices),
            _settings_key=view.settings_key,
            _settings_notices=view.settings_notices,
            _cached=view.from_cache,
            _today=today,
        )

    @property
    def book(self) -> SessionBook:
        """The history, made on first use, after the first paint: the session book and
        the history reader are imported then. Its own lock: validation holds `_lock`."""
        with self._book_lock:
            if self._book is None:
                from coretui.history import HistoryStore, cache_file_for
                from coretui.services.sessions import SessionBook

                file, cache = self.paths.history_file, self.paths.cache_folder
                store = HistoryStore(file, brief_cache=cache_file_for(file, cache))
                goal = self.settings_values["weekly_goal"]
                self._book = SessionBook(store, today=self._today, weekly_goal=goal)
            return self._book

    # -- what loads after the first paint ----------------------------------------------

    @property
    def validated(self) -> bool:
        """True once the routine files have been read and validated."""
        return self._library is not None

    @property
    def settings(self) -> SettingsValues:
        """The settings in use, made from `settings_values` (no pydantic) when they change."""
        with self._lock:
            if self._settings is None or self._settings_of is not self.settings_values:
                self._settings = SettingsValues.of(self.settings_values)
                self._settings_of = self.settings_values
            return self._settings

    @property
    def overlays(self) -> Overlays:
        """The user's accepted progress."""
        with self._lock:
            if self._overlays is None:
                from coretui.workout.overlays import Overlays

                self._overlays = Overlays.load(start_cache.progress_file(self.paths))
                if self._overlays.problem:
                    self._late_notices.append(self._overlays.problem)
            return self._overlays

    @property
    def library(self) -> Library:
        """Every routine, validated (read on first use, from any thread)."""
        self.load_validated()
        assert self._library is not None
        return self._library

    def reload_routines(self) -> Library:
        """Read the routine files again (the editor saved one): the cards and cache follow."""
        from coretui.workout.routines import library_of

        with self._lock:
            routines = self._library.routines if self._library else []
            before = {r.routine.id: r.routine for r in routines}
            self._read = start_cache.read_routine_files(self.paths, self._cached)
            self._library = library_of(found for _, found in self._read)
            self._give_way(before)
            self._refresh_cards()
            self._save_cache()
            return self._library

    def routine_files_changed(self) -> bool:
        """True when a user's routine file was added, removed or changed since last read
        (a stat of each), or one named so that it is never read ("mine.toml.txt"). Asked
        from the UI thread: False, not a wait, while another thread holds the routines
        (the validation after the start); the next look asks."""
        if not self._lock.acquire(blocking=False):
            return False
        try:
            if self._read is None:
                return False  # not read yet: the first read sees them as they are
            known = start_cache.folder_as_read(self.paths, self._read)
        finally:
            self._lock.release()
        return start_cache.folder_now(self.paths) != known

    def late_notices(self) -> list[str]:
        """Problems found after the start (a damaged progress file), each told once."""
        with self._lock:
            notices, self._late_notices = self._late_notices, []
            return notices

    def load_validated(self) -> bool:
        """Read and validate the routine files, settings and progress, once.

        True when the routine list differs from what the start showed. Safe from any
        thread: a second caller waits for the first."""
        with self._lock:
            if self._library is not None:
                return False
            shown, earlier = (self.cards, self.errors), start_cache.cached_routines(self._cached)
            self._save_cache()
            self._give_way(earlier)  # (a file edited while coretui was closed)
            if (unknown := self._unknown_equipment()) is not None:
                self._late_notices.append(unknown)
            return (self.cards, self.errors) != shown

    def _give_way(self, before: dict[str, Routine]) -> None:
        """A number a routine file now gives anew (the editor, a hand edit) replaces the
        progress accepted for it, with a notice: it went on overriding the file's."""
        from coretui.workout.overlays import give_way_to_edits

        if said := give_way_to_edits(self.overlays, before, self.library.routines):
            self._late_notices += said
            self.use_changes()

    def _refresh_cards(self) -> None:
        from coretui.workout.routine_summary import routine_card

        assert self._library is not None
        self.cards = [routine_card(r, self.plan(r.routine)) for r in self._library.routines]
        self.errors = list(self._library.errors)

    def _save_cache(self) -> None:
        """Write the cards so the next start shows them at once: from the routine files
        as last read (read now, the first time); a changed setting re-plans them.

        Each file's key is taken before the file is read: a file that changes in
        between is seen as changed by the next start, never cached as it was.
        """
        from coretui.workout.routine_summary import routine_card
        from coretui.workout.routines import LoadedRoutine, Routine, library_of

        progress = start_cache.file_key(start_cache.progress_file(self.paths))
        if self._read is None:
            self._read = start_cache.read_routine_files(self.paths, self._cached)
        read = self._read
        if self._library is None:
            self._library = library_of(found for _, found in read)
            self._refresh_cards()
        files: list[tuple[FileKey | None, tuple[RoutineCard, bytes] | list[LoadError]]] = []
        for key, (file, source, result) in read:
            if isinstance(result, Routine):
                card = routine_card(LoadedRoutine(result, source, file), self.plan(result))
                files.append((key, (card, msgspec.json.encode(result))))
            else:
                files.append((key, result))
        values, notices = dict(self.settings_values), tuple(self._settings_notices)
        settings = CachedSettings(self._settings_key, values, notices)
        plan = start_cache.plan_key(settings.values, progress)
        cache = start_cache.cache_of(settings, plan, files)
        if cache != self._cached:
            start_cache.write(self.paths.start_cache_file, cache)
            self._cached = cache

    # -- workouts ----------------------------------------------------------------------

    def plan(self, routine: Routine, edited_from: Routine | None = None) -> Plan:
        """The routine as this user does it (rests, progress, equipment); as saved over
        `edited_from` (the editor's draft: `as_edited`)."""
        from coretui.workout.coaching import plan_for
        from coretui.workout.overlays import as_edited

        changes = self.overlays.for_routine(routine.id)
        return plan_for(routine, self.settings, as_edited(changes, edited_from, routine))

    def resume_offer(self, routine: Routine, now: datetime) -> ResumeOffer | None:
        """An unfinished session of `routine` to carry on, if there is one."""
        earlier = self.book.resumable(routine.id, now)
        if earlier is None:
            return None
        from coretui.workout.recording import ResumeOffer, resume_label, resume_point
        from coretui.workout.timeline import compile_routine

        plan = self.plan(routine)
        timeline = compile_routine(plan.routine)
        at = resume_point(earlier, timeline, timeline.passing(plan.unfit))
        if at is None:
            return None
        return ResumeOffer(earlier, at, resume_label(timeline, at, earlier, plan.start_easier))

    def engine_for(
        self,
        routine: Routine,
        clock: Clock,
        lead_in_s: float | None = None,
        resume: ResumeOffer | None = None,
    ) -> tuple[WorkoutEngine, Plan]:
        """A ready engine for the user's version of `routine` (carrying on `resume`)."""
        from coretui.workout.engine import WorkoutEngine
        from coretui.workout.recording import easier_carried_on, work_steps
        from coretui.workout.timeline import compile_routine

        plan = self.plan(routine)
        lead_in = self.settings.lead_in_s if lead_in_s is None else lead_in_s
        timeline = compile_routine(plan.routine, lead_in)
        passed = timeline.passing(plan.unfit)  # (nothing in the user's equipment fits)
        easier, at = set(plan.start_easier), None
        if resume is not None:
            easier = easier_carried_on(plan.start_easier, timeline, resume.session)
            at = work_steps(timeline)[resume.step]
        return WorkoutEngine(timeline, clock, easier=easier, resume_at=at, passed_over=passed), plan

    def suggestions_for(
        self, result: WorkoutResult, pain: tuple[int | None, int | None] | None = None
    ) -> list[Suggestion]:
        """Progression ideas after a workout, from the history as it stands now; with
        `pain`, as if the workout's ratings were these (typed, not saved yet)."""
        from coretui.workout.coaching import evidence, suggestions

        # Its latest days' sessions are all `suggestions` looks at: only they are read whole.
        mine = [s for s in self.book.sessions if s.routine_id == result.routine.id]
        latest = self.book.whole(evidence(mine))
        if pain is not None and latest and latest[-1].id == result.session_id:
            before, after = pain
            latest[-1] = msgspec.structs.replace(latest[-1], pain_before=before, pain_after=after)
        loaded = self.library.get(result.routine.id)  # its file's names: progress's keys
        written = loaded.routine if loaded else None
        return suggestions(result.routine, latest, set(result.preset_easier), written)

    def accept(self, suggestion: Suggestion, *, back: bool = False) -> str:
        """Keep an accepted progression (`back`: take it back); what to tell the user."""
        routine_id, exercise = suggestion.routine_id, suggestion.exercise
        try:
            if back:
                self.overlays.take_back(routine_id, exercise)
            else:
                self.overlays.accept(routine_id, exercise, suggestion.change)
        except OSError as exc:
            return f"Not saved: {os_reason(exc)}"
        from coretui.workout.coaching import saved_words

        self.use_changes()
        if back:
            return f"Taken back: {suggestion.name} stays as it was before."
        return saved_words(suggestion, self.overlays.kept)

    # -- settings ----------------------------------------------------------------------

    def change_setting(self, key: str, value: object) -> bool:
        """Validate one new value, save the settings atomically, and use them.

        Raises pydantic's ValidationError for a bad value and OSError when the
        file cannot be written; the settings in use change only on success.
        Returns False when nothing was written: the value was in use, or the file
        (changed since: another window) already held it, and is now followed.
        """
        from coretui.settings import Settings

        self.settings_copy = None  # a copy kept by an earlier change was told then
        current, clean = self.settings_values, True  # unless the file changed since
        if (key_now := start_cache.file_key(self.settings_file)) != self._settings_key:
            current, clean = self._settings_now()  # (another window, by hand): build on it
        instead = {k: used for k, (bad, used) in self._unusable.items() if current.get(k) == bad}
        new = Settings.model_validate({**current, **instead, key: value})
        values = new.model_dump()
        if values == current and (clean or current == self.settings_values):
            if current != self.settings_values:  # the file already says so: follow it
                self._use(current, key_now)
            return False
        self.settings_copy = save_settings(new, self.settings_file)
        self._unusable.clear()
        self._use(values, start_cache.file_key(self.settings_file))
        return True

    def cannot_use(self, key: str, instead: object) -> None:
        """The settings file's `key` could not be used (an unknown theme): the app uses
        `instead`, and the next change of any setting saves that, as it saves the
        default of a value that did not validate (unless the file was mended since,
        by hand or in another window). Until then each start says so."""
        self._unusable[key] = (self.settings_values.get(key), instead)

    def _settings_now(self) -> tuple[dict[str, Any], bool]:
        """The settings file as it is now, and whether it read cleanly. Where a key does
        not read (a hand edit under way), this window's value stands in, not the default
        (`save_settings` copies such a file aside before it writes)."""
        from coretui.settings import Settings

        loaded = load_settings(self.paths.settings_files)
        if not loaded.notices:
            return loaded.settings.model_dump(), True
        read = {k: v for k, v in loaded.settings.model_dump().items() if k in loaded.read}
        return Settings.model_validate({**self.settings_values, **read}).model_dump(), False

    def _use(self, values: dict[str, Any], key: FileKey | None) -> None:
        """Use the settings `values`, which the settings file (as of `key`) holds."""
        with self._lock:  # the start-up validation may be writing the cache meanwhile
            self._settings, self.settings_values = None, values
            self.book.weekly_goal = values["weekly_goal"]
            self._settings_key = key
            self._settings_notices = []  # the file is coretui's own, or was re-read
        self.use_changes()

    def use_changes(self) -> None:
        """Settings or progress changed: new cards, and a cache the next start can use."""
        with self._lock:
            if self._library is not None:
                self._refresh_cards()
                self._save_cache()

    def _unknown_equipment(self) -> str | None:
        # Validated settings: a cache may hold "Mat".
        owned = self.settings.equipment or []
        return unknown_equipment(owned, self.library.equipment_tags(), self.settings_file)
