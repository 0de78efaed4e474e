"""The house's plan holds: no import cycle anywhere, screens never reach for the App.

grimp (import-linter's graph) reads every import statement, those inside functions
and under TYPE_CHECKING included, so an import moved into a function to dodge a
cycle is still seen.
"""

from __future__ import annotations

import grimp

GRAPH = grimp.build_graph("coretui", cache_dir=None)
MODULES = sorted(GRAPH.modules)


def test_no_module_imports_itself_back_through_another() -> None:
    cycles = []
    for module in MODULES:
        for imported in GRAPH.find_modules_directly_imported_by(module):
            back = GRAPH.find_shortest_chain(importer=imported, imported=module)
            if back is not None:
                cycles.append((module, *back))
    assert cycles == []


def test_screens_and_widgets_never_import_the_app() -> None:
    for module in MODULES:
        if module.startswith(("coretui.tui.screens", "coretui.tui.widgets", "coretui.tui.palette")):
            chain = GRAPH.find_shortest_chain(importer=module, imported="coretui.tui.app")
            assert chain is None, chain


def test_no_source_module_is_longer_than_a_reader_can_hold() -> None:
    import importlib.util
    from pathlib import Path

    long = {}
    for module in MODULES:
        spec = importlib.util.find_spec(module)
        if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
            continue
        lines = len(Path(spec.origin).read_text(encoding="utf-8").splitlines())
        if lines > 400:
            long[module] = lines
    assert long == {}


def test_the_app_class_only_wires_the_rooms_together() -> None:
    """Sound, signals and the workout flow live in their own modules, not in the App."""
    import ast
    import inspect

    from coretui.tui import app

    tree = ast.parse(inspect.getsource(app))
    (core,) = (node for node in tree.body if isinstance(node, ast.ClassDef))
    assert core.end_lineno is not None
    assert core.end_lineno - core.lineno + 1 < 200


def test_every_part_of_coretui_has_a_place_in_the_layers_and_the_pure_core() -> None:
    # cells, toml_text and toml_keys were in neither contract of pyproject.toml: nothing
    # kept them from importing Textual, or a layer above them.
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    contracts = {c["type"]: c for c in config["tool"]["importlinter"]["contracts"]}
    layers, pure = contracts["layers"], contracts["forbidden"]
    placed = {name.strip() for layer in layers["layers"] for name in layer.split("|")}
    parts = {module for module in MODULES if module.count(".") == 1} - {"coretui.__main__"}
    assert sorted(parts - placed) == []
    below_the_tui = placed - {"coretui.cli", "coretui.tui"}
    assert sorted(below_the_tui - set(pure["source_modules"])) == []


def test_screens_give_their_rules_as_default_css_not_css_path() -> None:
    # A screen's CSS_PATH (or CSS) made Textual parse every stylesheet of the app again,
    # without its cache, at the screen's first push: the first workout of a run waited.
    import importlib
    import inspect

    from textual.screen import Screen

    reparsing = []
    for module in MODULES:
        if module.startswith("coretui.tui.screens."):
            for name, kind in inspect.getmembers(importlib.import_module(module), inspect.isclass):
                own = issubclass(kind, Screen) and kind.__module__ == module
                if own and ("CSS_PATH" in vars(kind) or vars(kind).get("CSS")):
                    reparsing.append(name)
    assert reparsing == []
