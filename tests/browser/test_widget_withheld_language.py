"""A placeholder the widget words itself follows a change of language with its lang attribute, not only its words,
in Chromium against the local OpenID provider: on a chat where a login was refused as another person's, "Denne
meldingen vises bare for personen samtalen tilhører." became the English text after choosing English, but kept
lang="nb": a screen reader would read the English words as Norwegian. A router of its own (login_router)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from router.texts import fixed_text
from tests.browser.test_login import login_router, pick_person_at_the_provider  # noqa: F401 (the fixture)
from tests.browser.test_login_after_close import NOT_HERS, logged_in_and_said
from tests.oidc_provider import available

pytestmark = pytest.mark.skipif(not available(), reason="scripts/setup.sh installs the local OpenID provider")


def test_a_placeholder_reworded_in_another_language_says_that_language(  # type: ignore[no-untyped-def]
        new_context, login_router: str) -> None:  # noqa: F811
    widget = logged_in_and_said(new_context, login_router, "Kari Syntetisk", "Hei")
    widget.click("#logout-button")
    expect(widget.locator("#notice")).to_contain_text("også fra ID-porten")
    widget.click("#login-button")
    pick_person_at_the_provider(widget, "Nils Syntetisk (skjermet)")
    withheld = widget.locator("#messages .message.withheld [data-testid='message-text']")
    expect(withheld.first).to_have_text(NOT_HERS)
    expect(withheld.first).to_have_attribute("lang", "nb")

    widget.click("#language-button")
    widget.click("#language-list button[data-language='en']")
    expect(widget.locator("html")).to_have_attribute("lang", "en")
    english = fixed_text("widget_withheld_other_person", "en")
    expect(withheld).to_have_text([english] * withheld.count())
    for n in range(withheld.count()):
        expect(withheld.nth(n)).to_have_attribute("lang", "en")
