"""The widget's style sheet (router/web/static/widget/widget.css): what it hides from sight only, said once."""

from __future__ import annotations

import re
from pathlib import Path

WIDGET_CSS = Path(__file__).resolve().parents[3] / "router" / "web" / "static" / "widget" / "widget.css"
# The visually-hidden pattern's tell: a box clipped to nothing.
CLIPPED = re.compile(r"clip:\s*rect\(0(?:,?\s*0){3}\)")


def test_on_a_phone_one_rule_hides_the_title_words_and_the_language_name_from_sight_only() -> None:
    """The pattern was written out twice in the phone media query; one rule names both (the 320 x 568 screenshot is
    the same before and after: tests/browser/test_widget.py)."""
    css = WIDGET_CSS.read_text(encoding="utf-8")
    rules = [match.start() for match in CLIPPED.finditer(css)]
    assert len(rules) == 1, f"the visually-hidden pattern is written {len(rules)} times in widget.css"
    selector = css[css.rindex("}", 0, rules[0]) + 1:css.index("{", css.rindex("}", 0, rules[0]))]
    assert '.chat-title-row h1 [data-text="widget_title"]' in selector
    assert ".language-button .language-name" in selector
