"""The widget's texts for a chat the router refuses (401, 403, 404): in every language of router/texts, in the
bundle the page and GET /api/widget/texts give, and none of them the "special characters" text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from router.texts import available_languages, fixed_text, widget_texts

WIDGET_JS = Path(__file__).resolve().parents[3] / "router" / "web" / "static" / "widget" / "widget.js"
REFUSAL_KEYS = ("widget_not_sent_unauthorized", "widget_not_sent_forbidden", "widget_not_sent_gone")


def test_the_widget_names_one_text_per_status() -> None:
    """widget.js maps 401, 403 and 404 to these keys (CHAT_REFUSED)."""
    mapping = re.search(r"const CHAT_REFUSED = \{([^}]*)\}", WIDGET_JS.read_text(encoding="utf-8"))
    assert mapping is not None
    assert dict(re.findall(r'(\d{3}): "([a-z_]+)"', mapping.group(1))) == dict(zip(("401", "403", "404"), REFUSAL_KEYS,
                                                                                    strict=True))


@pytest.mark.parametrize("lang", available_languages())
def test_every_language_has_its_own_three_texts(lang: str) -> None:
    texts = {key: fixed_text(key, lang) for key in REFUSAL_KEYS}
    assert all(text.strip() and "{" not in text for text in texts.values())
    assert len(set(texts.values())) == 3, "each status says its own reason"
    assert fixed_text("widget_not_sent_refused", lang) not in texts.values()
    if lang not in ("nb", "nn"):
        assert not set(texts.values()) & {fixed_text(key, "nb") for key in REFUSAL_KEYS}, "written for the language"


@pytest.mark.parametrize("lang", available_languages())
def test_the_widget_bundle_carries_them_in_its_language(lang: str) -> None:
    bundle = widget_texts(lang)
    assert bundle["lang"] == lang
    texts = bundle["texts"]
    assert isinstance(texts, dict)
    assert {key: texts[key] for key in REFUSAL_KEYS} == {key: fixed_text(key, lang) for key in REFUSAL_KEYS}
