# coretui: `make run` starts the app, `make test` runs every test.
# Both create .venv on first use and install the pinned development set.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check lint typecheck imports screenshots bench bench-long clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# exec: coretui takes the recipe shell's place. make still waits in between and keeps
# the terminal's SIGHUP to itself; coretui notices a closed terminal on its own.
run: $(STAMP)
	exec $(BIN)/coretui

# Two workers (pytest-xdist): the suite waits on real terminals and processes as much
# as it computes, so two at once halve its time on a 2-core machine.
test: $(STAMP)
	$(BIN)/python -m pytest -n 2

check: lint typecheck imports

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

bench-long: $(STAMP)
	$(BIN)/python -m benchmarks.run --long

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist
