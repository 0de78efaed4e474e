# coretui: `make run` starts the app, `make test` runs every test.
# Both need only Python 3.11+. `make run` sets up .venv with coretui and what it runs on
# (constraints.txt); `make test` and the other developer targets add the development
# tools (requirements-dev.txt). Each set is installed once: its stamp says it is there.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The pip that venv brings is recent enough: upgrading it first costs seconds, every time.
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed

.PHONY: run test check lint typecheck imports screenshots bench bench-long clean

# An editable install by hand: the checkout's src/ on .venv's path (coretui.pth) and the
# `coretui` script pip would write, so `make run` runs the checkout as it is now.
# Building an editable wheel for that costs seconds (hatchling in an isolated
# environment); make test does it, for the package's metadata. constraints.txt lists
# exactly what coretui runs on (tests/unit/test_setup.py), so it is installed as it is.
$(RUN_STAMP): pyproject.toml constraints.txt
	@echo "Installing the pinned packages coretui runs on into .venv (the first run takes a while)..."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(PIP) install -r constraints.txt
	@echo "$(CURDIR)/src" > "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')/coretui.pth"
	@printf '#!%s\nfrom coretui.cli import main\nraise SystemExit(main())\n' "$(abspath $(BIN))/python" > $(BIN)/coretui
	@chmod +x $(BIN)/coretui
	@touch $@

# Adds the tools, and coretui's metadata (pip's editable install, built with the tools'
# hatchling); what coretui runs on stays as it is.
$(DEV_STAMP): requirements-dev.txt constraints.txt pyproject.toml | $(RUN_STAMP)
	@echo "Adding the pinned development tools (pytest, ruff, mypy...) to .venv..."
	@$(PIP) install -c constraints.txt -r requirements-dev.txt
	@$(PIP) install --no-deps --no-build-isolation -e .
	@touch $@

# exec: coretui takes the recipe shell's place. make still waits in between and keeps
# the terminal's SIGHUP to itself; coretui notices a closed terminal on its own.
run: $(RUN_STAMP)
	@exec $(BIN)/coretui

# Four workers (pytest-xdist) on a 2-core machine: the suite waits on real terminals,
# processes and timers about a third of its time, and while one worker waits the
# others compute (on the project's VM: 5 min 43 s with two, 4 min 51 s with three,
# 4 min 19 s with four, the same 1,125 tests; six later gave no more: 4 min 48 s
# against 4 min 56 s with four, 1,287 tests, the CPU 1.8 cores busy either way).
# Work stealing: a worker that runs out takes tests queued for another, so no worker
# ends the run alone on a long queue (1,370 tests: 3 min 48 s against 5 min 17 s with
# xdist's default batches, the same VM, the same hour).
# coretui's bytecode is compiled first: where PYTHONDONTWRITEBYTECODE is set, every
# coretui process the tests start (and each worker) would compile its modules again.
test: $(DEV_STAMP)
	@$(BIN)/python -m compileall -q src
	$(BIN)/python -m pytest -n 4 --dist worksteal

check: lint typecheck imports

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

imports: $(DEV_STAMP)
	$(BIN)/lint-imports

screenshots: $(DEV_STAMP)
	$(BIN)/python scripts/screenshots.py

bench: $(DEV_STAMP)
	$(BIN)/python -m benchmarks.run

bench-long: $(DEV_STAMP)
	$(BIN)/python -m benchmarks.run --long

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist
