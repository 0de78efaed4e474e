"""`coretui list`: the routines as the picker lists them, and the files that did not load.

A routine's duration is the one the picker shows: with the user's own lead-in and
rests (settings), their accepted progress and the easier moves their equipment asks
for. A setting or a progress file that could not be used is said on stderr, as the
app says it; it does not change the exit status, which is about the routine files.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from coretui.cli.errors import print_load_errors
from coretui.cli.output import json_text, warn
from coretui.durations import minutes_text
from coretui.paths import AppPaths
from coretui.textsafe import printable

if TYPE_CHECKING:
    from coretui.settings import SettingsLoad
    from coretui.workout.coaching import Plan
    from coretui.workout.overlays import Overlays
    from coretui.workout.routines import Routine


def as_run(paths: AppPaths) -> tuple[Callable[[Routine], Plan], SettingsLoad, Overlays]:
    """Each routine as the user runs it (with their settings and accepted progress, as
    the routine list shows it), and the settings and progress it comes from."""
    from coretui.services.start_cache import progress_file
    from coretui.settings import SettingsValues, load_settings
    from coretui.workout.coaching import plan_for
    from coretui.workout.overlays import Overlays

    loaded = load_settings(paths.settings_files)
    settings = SettingsValues.of(loaded.settings.model_dump())
    progress = Overlays.load(progress_file(paths))
    return lambda r: plan_for(r, settings, progress.for_routine(r.id)), loaded, progress


def cmd_list(paths: AppPaths, as_json: bool) -> int:
    """`coretui list`: every routine that loads; the files that did not, and exit 1
    (a script sees the bad file, as with `validate`; the good routines are listed)."""
    from coretui.settings import settings_file, unknown_equipment
    from coretui.tui.themes import unknown_theme
    from coretui.workout.routines import load_library

    library = load_library(paths.routines_dir)
    planned, loaded, progress = as_run(paths)
    rows = [_routine_row(planned(r.routine), r.source, r.file) for r in library.routines]
    if as_json:
        errors = [{"file": e.file, "path": e.path, "message": e.message} for e in library.errors]
        print(json_text({"routines": rows, "errors": errors}))
    else:
        width = max((len(str(row["id"])) for row in rows), default=2)
        for row in rows:
            duration = minutes_text(float(str(row["duration_s"])))
            name = printable(str(row["name"]), single_line=True)
            print(f"{row['id']:<{width}}  {duration:>6}  {row['source']:<7}  {name}")
    used_file = settings_file(paths.settings_files) or paths.settings_files[0]
    owned, known = loaded.settings.equipment or [], library.equipment_tags()
    said = [
        unknown_theme(loaded.settings.theme, used_file),
        unknown_equipment(owned, known, used_file),
        progress.problem,
    ]
    warn([*loaded.notices, *filter(None, said)])
    if not as_json:
        print_load_errors(library, paths.routines_dir)
    return 1 if library.errors else 0


def _routine_row(plan: Plan, source: str, file: str) -> dict[str, object]:
    routine = plan.routine
    return {
        "id": routine.id,
        "name": routine.name,
        "source": source,
        "file": file,
        "duration_s": round(plan.total_s()),
        "exercises": len(routine.exercises),
        "equipment": list(routine.equipment),
    }
