"""One screen per module."""

from pathlib import Path


def screen_css(name: str) -> str:
    """A screen's rules from its `.tcss` file beside it, to give as its DEFAULT_CSS.

    Textual reads a screen's CSS_PATH at its first push by parsing every stylesheet
    of the app again from scratch (its parse cache is not kept): about 50 ms, which
    the first workout, summary or editor of a run waited on. A screen's DEFAULT_CSS
    is parsed alone, once. Its rules rank below the app's own (app.tcss), and are
    scoped to the screen: Textual puts the screen's name before a rule that does not
    start with it, but of a comma list (`#a, #b`) only before the last selector. So
    each rule is written under the screen's name (`WorkoutScreen { ... }`).
    """
    return (Path(__file__).parent / name).read_text(encoding="utf-8")
