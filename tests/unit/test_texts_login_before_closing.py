"""The queue notice promises what a login keeps only as it is (probe: "Logger du inn, finner du samtalen igjen også
om du lukker fanen" holds only if she logs in before she closes the tab: a closed tab without a login loses it)."""

from __future__ import annotations

import pytest

from router.texts import available_languages, fixed_text

# "before (you close)" in each language's text: the login must come first.
BEFORE = {"nb": "før du lukker", "nn": "før du lukkar", "en": "before you close", "da": "før du lukker",
          "sv": "innan du stänger", "de": "bevor Sie", "es": "antes de cerrar", "pl": "przed zamknięciem",
          "lt": "prieš uždarydami", "ro": "înainte de a închide", "ru": "до того, как", "uk": "до того, як",
          "tr": "kapatmadan önce", "fa": "پیش از بستن", "ar": "قبل أن تغلق", "ur": "بند کرنے سے پہلے",
          "so": "ka hor", "th": "ก่อนปิด", "ti": "ቅድሚ", "vi": "trước khi đóng"}


def test_every_language_is_listed() -> None:
    assert sorted(BEFORE) == sorted(available_languages())


@pytest.mark.parametrize("language", sorted(BEFORE))
def test_the_login_keeps_the_chat_only_if_it_comes_before_the_tab_is_closed(language: str) -> None:
    assert BEFORE[language] in fixed_text("answer_found_again_if_logged_in", language)
