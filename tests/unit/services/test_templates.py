"""The veileder console's reply templates: each in bokmål, nynorsk and English, the languages a veileder writes in
unaided (a probe's veileder inserted the bokmål "Nødhjelp" template into a nynorsk chat)."""

from __future__ import annotations

import re

import pytest

from router.domain.language_policy import reads_as_norwegian
from router.services.templates import REPLY_TEMPLATES, TEMPLATE_LANGUAGES
from router.web.answers import ReplyTemplate

BOKMAAL_ONLY = re.compile(r"\b(?:jeg|ikke|hva|hvilket|hvis|noe|en gang|trenger|være|høyst|hver|mottatt)\b", re.I)


@pytest.mark.parametrize("template", REPLY_TEMPLATES, ids=lambda t: str(t["title"]))
def test_every_template_is_written_in_bokmaal_nynorsk_and_english(template: dict[str, object]) -> None:
    ReplyTemplate.model_validate(template)
    texts = template["texts"]
    assert isinstance(texts, dict) and tuple(texts) == TEMPLATE_LANGUAGES
    assert texts["nb"] == template["text"], "text stays bokmål for every other language"
    placeholders = {language: set(re.findall(r"\{\w+\}", text)) for language, text in texts.items()}
    assert placeholders["nn"] == placeholders["en"] == placeholders["nb"]
    assert texts["nn"] != texts["nb"]
    assert not BOKMAAL_ONLY.search(texts["nn"]), texts["nn"]
    assert not reads_as_norwegian(texts["en"]), "the console would hold it as Norwegian to an English bruker"
