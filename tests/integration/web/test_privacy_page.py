"""Probe 108 (#4): the widget never told the bruker what is stored, for how long, or who reads it (GDPR art. 13):
only "Ikke skriv fødselsnummer eller kontonummer". Now a plain line in the widget, and a link to the router's page
"Slik behandler vi opplysningene dine" (nb, nn, en in full)."""

from __future__ import annotations

import re

import pytest
from aiohttp.test_utils import TestClient

from router.texts import fixed_text


async def test_the_widget_says_how_long_and_links_the_privacy_page(client: TestClient) -> None:
    page = await (await client.get("/?lang=nb")).text()
    assert fixed_text("widget_privacy", "nb") in page and "2 dager" in fixed_text("widget_privacy", "nb")
    link = re.search(r'<a id="privacy-link" href="([^"]+)"[^>]*>([^<]+)</a>', page)
    assert link and link.group(1) == "/personvern?lang=nb" and link.group(2) == "Slik behandler vi opplysningene dine"
    polish = await (await client.get("/?lang=pl")).text()
    assert fixed_text("widget_privacy_link", "pl") in polish and 'href="/personvern?lang=pl"' in polish


@pytest.mark.parametrize(("lang", "title", "words"), [
    ("nb", "Slik behandler vi opplysningene dine i chatten", ["slettes 2 dager", "365 dager", "maskinelt",
                                                               "Folkeregisteret", "skjermede", "oppfølgingsregisteret",
                                                               "NAV Kontaktsenter", "chatrobot"]),
    ("nn", "Slik behandlar vi opplysningane dine i chatten", ["sletta 2 dagar", "Kven som les"]),
    ("en", "How we process your information in the chat", ["deleted 2 days", "machine-translated", "365 days"]),
    ("pl", "How we process your information in the chat", []),  # no Polish page: English
    ("sv", "Slik behandler vi opplysningene dine i chatten", []),  # Swedish reads bokmål
])
async def test_the_privacy_page_in_nb_nn_en(client: TestClient, lang: str, title: str, words: list[str]) -> None:
    response = await client.get(f"/personvern?lang={lang}")
    assert response.status == 200 and response.content_type == "text/html"
    page = await response.text()
    assert f"<h1>{title}</h1>" in page
    for word in words:
        assert word in page
    assert "{" not in page, "every period filled in from the settings"
    assert "Content-Security-Policy" in response.headers
