"""One screen per module."""

from pathlib import Path


def screen_css(name: str) -> str:
    """A screen's rules from its `.tcss` file beside it, to give as its DEFAULT_CSS.

    Textual reads a screen's CSS_PATH at its first push by parsing every stylesheet
    of the app again from scratch (its parse cache is not kept): about 50 ms, which
    the first workout, summary or editor of a run waited on. A screen's DEFAULT_CSS
    is parsed alone, once. Its rules rank below the app's own (app.tcss), and each
    starts with the screen's name (the rules are scoped to it).
    """
    return (Path(__file__).parent / name).read_text(encoding="utf-8")
