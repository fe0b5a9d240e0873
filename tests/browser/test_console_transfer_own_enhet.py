"""The transfer form's way to a colleague at the veileder's own enhet."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_console_unanswered_close import opened_at_sagene

pytestmark = pytest.mark.browser


def test_a_colleague_at_the_own_enhet_is_one_press_away(new_context, router_url: str) -> None:  # type: ignore[no-untyped-def]
    """Probe 159: to give a chat to a colleague in her own office, the veileder had to type its number first."""
    _, _, console, _ = opened_at_sagene(new_context, router_url, "Jeg trenger hjelp med husleia")
    console.get_by_test_id("transfer-own-enhet").click()
    expect(console.locator("#transfer-enhet")).to_have_value(re.compile(r"^0314 "))
    expect(console.locator("#transfer-enhet")).to_be_focused()
    # Veileder4 is alone at Nav Sagene: the list is of its veiledere, without the one asking.
    expect(console.locator("#transfer-veileder-status")).to_contain_text("Nav Sagene (0314)")
    expect(console.locator("#transfer-veiledere")).not_to_contain_text("Veileder4")
