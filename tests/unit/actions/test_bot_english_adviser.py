"""One English word for the human the bruker can talk to: "adviser" (probe 106 #13 read "adviser", "counsellor" and
"person" in the same conversation). The router's fixed texts say adviser; so do the action server's."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ACTIONS = Path(__file__).resolve().parents[3] / "actions"
OTHER_WORDS = re.compile(r"\b(talk to|ask for|pass you to|queue for|chat with|help from) a person\b|\ba person can\b|"
                         r"\bcounsellor\b", re.I)


def english_texts() -> list[tuple[str, str]]:
    """Every "en" value of a text dict in actions/*.py, with its file."""
    found = []
    for path in sorted(ACTIONS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value == "en" and isinstance(value, ast.Constant) \
                            and isinstance(value.value, str):
                        found.append((path.name, value.value))
    return found


def test_the_human_is_an_adviser_in_english() -> None:
    texts = english_texts()
    assert len(texts) > 100
    wrong = [f"{name}: {text[:90]}" for name, text in texts if OTHER_WORDS.search(text)]
    assert not wrong, "\n".join(wrong)


def test_the_button_says_adviser() -> None:
    from actions.common import HUMAN_TITLE

    assert HUMAN_TITLE["en"] == "Talk to an adviser"
