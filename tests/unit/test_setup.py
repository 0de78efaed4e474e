"""`make run` installs what coretui runs on and nothing else; `make test` only adds the tools.

The pins are checked against the installed packages' own metadata: constraints.txt is
exactly coretui's dependencies and everything they pull in, and requirements-dev.txt
holds the rest of what the tools pull in. The Makefile's plans are read with `make -n`
(nothing is installed).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name

REPO = Path(__file__).resolve().parents[2]
RUN_PINS = REPO / "constraints.txt"
DEV_PINS = REPO / "requirements-dev.txt"
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]


def pins(path: Path) -> dict[NormalizedName, str]:
    """name -> version of each `name==version` line."""
    found = {}
    for line in path.read_text().splitlines():
        spec = line.split("#", 1)[0].strip()
        if spec:
            name, version = spec.split("==")
            found[canonicalize_name(name)] = version.strip()
    return found


def closure(requirements: list[str]) -> set[NormalizedName]:
    """The installed distributions `requirements` need, theirs included."""
    seen: set[tuple[NormalizedName, str]] = set()  # a package, and one extra of it or ""
    todo = [Requirement(r) for r in requirements]
    while todo:
        req = todo.pop()
        name = canonicalize_name(req.name)
        extras = {"", *req.extras} - {e for n, e in seen if n == name}
        if not extras:
            continue
        seen |= {(name, e) for e in extras}
        for raw in metadata.requires(name) or []:
            sub = Requirement(raw)
            if sub.marker is None or any(sub.marker.evaluate({"extra": e}) for e in extras):
                todo.append(sub)
    return {name for name, _ in seen}


def test_the_runtime_pins_are_exactly_what_coretui_runs_on() -> None:
    assert set(pins(RUN_PINS)) == closure(PROJECT["dependencies"])


def test_the_dev_pins_hold_what_the_tools_pull_in_and_repeat_no_runtime_pin() -> None:
    run, dev = pins(RUN_PINS), pins(DEV_PINS)
    assert not set(run) & set(dev)
    needed = closure([f"{name}=={version}" for name, version in dev.items()])
    needed |= closure([r for extra in PROJECT["optional-dependencies"].values() for r in extra])
    assert needed <= set(run) | set(dev), needed - set(run) - set(dev)


def test_the_installed_versions_are_the_pinned_ones() -> None:
    wrong = {
        name: (version, metadata.version(name))
        for name, version in (pins(RUN_PINS) | pins(DEV_PINS)).items()
        if metadata.version(name) != version
    }
    assert wrong == {}


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """What make reads, copied, with the files' order of age as in a fresh clone."""
    for name in ("Makefile", "pyproject.toml", RUN_PINS.name, DEV_PINS.name):
        shutil.copy(REPO / name, tmp_path / name)
    return tmp_path


def plan(checkout: Path, target: str) -> str:
    """The commands `make` would run for `target`, run by nobody (-n)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    done = subprocess.run(
        ["make", "-n", "--no-print-directory", "-C", str(checkout), target],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return done.stdout


def installs(plan: str) -> list[str]:
    return [line for line in plan.splitlines() if "pip" in line and " install " in line]


def stamp(checkout: Path, name: str) -> None:
    (checkout / ".venv").mkdir(exist_ok=True)
    (checkout / ".venv" / name).touch()


def test_make_run_installs_the_runtime_pins_only(checkout: Path) -> None:
    whole = plan(checkout, "run")
    assert installs(whole) == [
        ".venv/bin/python -m pip --quiet --disable-pip-version-check install -r constraints.txt"
    ]
    assert "requirements-dev" not in whole
    assert "--upgrade" not in whole
    # An editable install: the checkout on the venv's path, and the coretui script.
    assert "coretui.pth" in whole
    assert "> .venv/bin/coretui" in whole


def test_make_test_after_make_run_only_adds_the_tools_and_coretuis_script(checkout: Path) -> None:
    stamp(checkout, ".installed-run")
    tools, coretui = installs(plan(checkout, "test"))
    assert tools.endswith(" install -c constraints.txt -r requirements-dev.txt")
    assert coretui.endswith(" install --no-deps --no-build-isolation -e .")


@pytest.mark.parametrize("after", ["run", "test"])
def test_once_installed_make_run_starts_coretui_at_once(checkout: Path, after: str) -> None:
    stamp(checkout, ".installed-run")
    if after == "test":
        stamp(checkout, ".installed")
    assert plan(checkout, "run").splitlines() == ["exec .venv/bin/coretui"]
