"""The built wheel ships the bundled routines, and an installed coretui finds them.

An editable checkout can fall back to the repo's data/ folder, so only a real wheel,
installed into a fresh virtualenv and run outside the repo, shows what users get.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ("core-six", "core-six-mat", "core-quick")


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, (
        f"{' '.join(map(str, args))} exited {result.returncode}\n"
        f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    )
    return result.stdout


def test_the_wheel_ships_and_finds_the_bundled_routines(tmp_path: Path) -> None:
    # Build: the build backend (hatchling) comes from this environment, so no download.
    wheel_dir = tmp_path / "wheels"
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "-w",
        wheel_dir,
        REPO_ROOT,
        cwd=tmp_path,
    )
    wheels = list(wheel_dir.glob("coretui-*.whl"))
    assert len(wheels) == 1, wheels
    wheel = wheels[0]

    names = set(zipfile.ZipFile(wheel).namelist())
    for routine_id in BUNDLED:
        assert f"coretui/data/routines/{routine_id}.toml" in names, (
            f"{routine_id}.toml is missing from {wheel.name}"
        )

    # Install into a fresh venv. --system-site-packages only exposes the base interpreter's
    # packages, and this project's dependencies may live in the current virtualenv instead,
    # so that virtualenv's site-packages is added after the new one's with a .pth file.
    # The wheel's own coretui comes first on sys.path (checked below).
    venv = tmp_path / "venv"
    _run(
        sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", venv, cwd=tmp_path
    )
    python = venv / "bin" / "python"
    new_site = Path(
        _run(
            python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path
        ).strip()
    )
    (new_site / "zz_test_parent_env.pth").write_text(sysconfig.get_path("purelib") + "\n")
    _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--no-deps",
        "--no-index",
        wheel,
        cwd=tmp_path,
    )

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "xdg-config")
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg-data")

    where = _run(
        python,
        "-c",
        "import coretui, coretui.workout.routines as r;"
        " print(coretui.__file__); print(r.bundled_dir())",
        cwd=elsewhere,
        env=env,
    ).splitlines()
    assert Path(where[0]).is_relative_to(venv), f"coretui imported from {where[0]}, not the wheel"
    assert Path(where[1]).is_relative_to(venv), f"bundled routines read from {where[1]}"

    out = _run(venv / "bin" / "coretui", "list", "--json", cwd=elsewhere, env=env)
    listing = json.loads(out)
    ids = {row["id"] for row in listing["routines"]}
    assert set(BUNDLED) <= ids, f"installed coretui lists {sorted(ids)}"
    assert listing["errors"] == []
    assert all(row["source"] == "bundled" for row in listing["routines"])
