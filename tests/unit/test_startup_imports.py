"""Nothing heavy before the first paint (SPEC 9): no pydantic, no audio library, no history reader.

Each test starts the real `coretui` entry point in a subprocess under
`python -X importtime` (tests/start_probe.py: headless, 100x30), and reads which
modules were imported before the routine list's first paint.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.start_probe import FIRST_PAINT

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pydantic", "pydantic_core", "miniaudio", "filelock")
BUNDLED = "core-six core-six-mat core-quick"


def env_in(home: Path) -> dict[str, str]:
    """The environment of a coretui whose files are all under `home`."""
    return {
        **os.environ,
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "TZ": "UTC",
    }


def probe(home: Path, *python_args: str) -> str:
    """Run the interpreter with `python_args` in `home` (a probe of this folder); its
    standard error, once it exited cleanly."""
    done = subprocess.run(
        [sys.executable, *python_args],
        cwd=ROOT,
        env=env_in(home),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr


def start(home: Path, *args: str) -> tuple[list[str], dict[str, str]]:
    """Run coretui to its first paint and on until the files are validated.

    Returns the modules imported before the first paint, and the probe's lines
    (`routines` at the first paint, `validated` and `errors` after).
    """
    stderr = probe(home, "-X", "importtime", "-m", "tests.start_probe", *args)
    lines = stderr.splitlines()
    assert FIRST_PAINT in lines, stderr[-3000:]
    before = lines[: lines.index(FIRST_PAINT)]
    modules = [line.split("|")[-1].strip() for line in before if line.startswith("import time:")]
    said = dict(
        line.split(": ", 1) for line in lines if line.startswith(("routines", "valid", "err"))
    )
    return modules, said


def heavy(modules: list[str]) -> list[str]:
    return [name for name in modules if name.split(".")[0] in HEAVY]


def test_the_routine_list_paints_before_pydantic_or_the_audio_library_loads(
    tmp_path: Path,
) -> None:
    for run in ("cold (a fresh home)", "warm (the second start)"):
        modules, said = start(tmp_path)
        assert "coretui.tui.screens.picker" in modules, "the probe saw the start path"
        assert heavy(modules) == [], f"{run}: imported before the first paint"
        assert said["routines"] == BUNDLED, run
        assert said["validated"] == BUNDLED, run


def test_the_start_path_makes_no_dataclasses(tmp_path: Path) -> None:
    # Making a dataclass compiles its methods from source: 0.2-1 ms each on a slow
    # machine, ten of them a twentieth of a bare Textual app's first paint. The types
    # the first paint needs are msgspec structs, made in C (about 30 us each).
    modules, said = start(tmp_path)
    assert said["routines"] == BUNDLED
    ours = [name for name in modules if name.split(".")[0] == "coretui"]
    assert "coretui.services.start_cache" in ours, "the probe saw the start path"
    making = [
        name
        for name in ours
        if re.search(r"^@(dataclasses\.)?dataclass\b", module_source(name), re.MULTILINE)
    ]
    assert making == [], "these make dataclasses before the first paint"


def module_source(name: str) -> str:
    """The source of coretui's module `name` (a package: its __init__)."""
    path = ROOT / "src" / Path(*name.split("."))
    file = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    return file.read_text(encoding="utf-8")


def test_the_history_reader_loads_after_the_first_paint(tmp_path: Path) -> None:
    # The history is read in a thread once the list shows; its reader (the session
    # book, the history package, csv, zoneinfo) is not needed for the first frame.
    modules, said = start(tmp_path)
    assert said["routines"] == BUNDLED
    late = ("coretui.history", "coretui.services.sessions", "coretui.cli.history", "csv")
    early = [name for name in modules if name.startswith(late)]
    assert early == [], "imported before the first paint"


def test_a_users_routine_is_listed_at_once_from_the_second_start(tmp_path: Path) -> None:
    routines = tmp_path / "config" / "coretui" / "routines"
    routines.mkdir(parents=True)
    (routines / "mine.toml").write_text(
        'id = "mine"\nname = "Mine"\n[[exercises]]\nkind = "hold"\nname = "Plank"\nseconds = 30\n',
        encoding="utf-8",
    )
    modules, said = start(tmp_path)
    assert heavy(modules) == []
    assert said["routines"] == BUNDLED, "a new file is validated after the first paint"
    assert said["validated"] == f"{BUNDLED} mine"

    modules, said = start(tmp_path)
    assert heavy(modules) == []
    assert said["routines"] == f"{BUNDLED} mine"


def test_a_hand_edited_settings_file_is_validated_once(tmp_path: Path) -> None:
    config = tmp_path / "config" / "coretui"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text('theme = "nord"\nvolume = 40\n', encoding="utf-8")
    modules, _ = start(tmp_path)
    assert "pydantic" in modules, "a changed settings file is validated before the theme is set"
    modules, said = start(tmp_path)
    assert heavy(modules) == [], "then its validated values are cached"
    assert said["routines"] == BUNDLED


def run_workout(home: Path, routine_id: str) -> dict[str, str]:
    """`coretui run ROUTINE_ID --mute` to its workout screen (tests/workout_probe.py):
    the probe's lines, `loaded` naming the watched modules a running workout has."""
    stderr = probe(home, "-m", "tests.workout_probe", "run", routine_id, "--mute")
    assert "-- workout shown --" in stderr, stderr[-3000:]
    return dict(line.split(": ", 1) for line in stderr.splitlines() if ": " in line)


def test_a_workout_runs_without_pydantic_on_routines_the_cache_knows(tmp_path: Path) -> None:
    # pydantic (with the routine models) costs a workout about 13 MB (SPEC 9: at most
    # 60 MB with a long history): the routines the start cache checked come back as
    # plain structs. A settings file (no pain question) is checked at its first start.
    config = tmp_path / "config" / "coretui"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text("ask_pain_before = false\n", encoding="utf-8")
    said = run_workout(tmp_path, "core-six")
    assert said["loaded"].startswith("pydantic"), "a new settings file is checked"
    for routine_id in ("core-six", "core-quick"):
        said = run_workout(tmp_path, routine_id)
        assert said["step"] == "Get ready", routine_id
        assert said["loaded"] == "", f"{routine_id}: a running workout loaded these"


def test_a_changed_routine_file_is_checked_before_its_workout(tmp_path: Path) -> None:
    routines = tmp_path / "config" / "coretui" / "routines"
    routines.mkdir(parents=True)
    (routines.parent / "settings.toml").write_text("ask_pain_before = false\n", encoding="utf-8")
    mine = routines / "mine.toml"
    mine.write_text(
        'id = "mine"\nname = "Mine"\n[[exercises]]\nkind = "hold"\nname = "Plank"\nseconds = 30\n',
        encoding="utf-8",
    )
    assert "pydantic" in run_workout(tmp_path, "mine")["loaded"], "a new file is checked"
    assert run_workout(tmp_path, "mine")["loaded"] == "", "then its checked routine is cached"
    mine.write_text(mine.read_text(encoding="utf-8").replace("30", "45"), encoding="utf-8")
    assert "pydantic" in run_workout(tmp_path, "mine")["loaded"], "a changed file is checked"


def test_a_plain_start_leaves_the_command_line_grammar_and_ctypes_for_later(
    tmp_path: Path,
) -> None:
    # `coretui` with no arguments, the start a user makes every day: argparse (with
    # gettext), ctypes and shlex took about 5 ms of it before the first paint.
    modules, said = start(tmp_path)
    assert said["routines"] == BUNDLED
    early = [name for name in modules if name.split(".")[0] in ("argparse", "ctypes", "shlex")]
    assert early == [], "imported before the first paint"
    modules, said = start(tmp_path, "--mute")  # (options: the grammar, as before)
    assert said["routines"] == BUNDLED and "argparse" in modules
