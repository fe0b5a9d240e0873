"""The widget's texts for a chat the router refuses (401, 403, 404): in every language of router/texts, in the
bundle the page and GET /api/widget/texts give, and none of them the "special characters" text."""

from __future__ import annotations

import pytest

from router.texts import available_languages, fixed_text
from router.web.widget_refusals import REFUSAL_KEYS, REFUSAL_TEXTS, widget_bundle


def test_one_text_per_status() -> None:
    assert sorted(REFUSAL_KEYS) == [401, 403, 404]
    assert len(set(REFUSAL_KEYS.values())) == 3


@pytest.mark.parametrize("lang", available_languages())
def test_every_language_has_its_own_three_texts(lang: str) -> None:
    texts = REFUSAL_TEXTS[lang]
    assert set(texts) == set(REFUSAL_KEYS.values())
    assert all(text.strip() and "{" not in text for text in texts.values())
    assert len(set(texts.values())) == 3, "each status says its own reason"
    assert fixed_text("widget_not_sent_refused", lang) not in texts.values()
    if lang not in ("nb", "nn"):
        assert not set(texts.values()) & set(REFUSAL_TEXTS["nb"].values()), "written for the language, not copied"


@pytest.mark.parametrize("lang", available_languages())
def test_the_widget_bundle_carries_them_in_its_language(lang: str) -> None:
    bundle = widget_bundle(lang)
    assert bundle["lang"] == lang
    texts = bundle["texts"]
    assert isinstance(texts, dict)
    assert {key: texts[key] for key in REFUSAL_KEYS.values()} == REFUSAL_TEXTS[lang]
    assert texts["widget_send"] == fixed_text("widget_send", lang), "the rest of the bundle as router/texts has it"


def test_an_unknown_language_gets_bokmaal_like_the_rest_of_the_widget() -> None:
    assert widget_bundle("xx")["texts"]["widget_not_sent_gone"] == REFUSAL_TEXTS["nb"]["widget_not_sent_gone"]  # type: ignore[index]
