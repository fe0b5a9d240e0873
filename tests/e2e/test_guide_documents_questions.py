"""Particular vedlegg questions through the real trained bot, action server and router, inside the Digisos guide and
outside it (probe 159: "Eg har ikkje husleigekontrakt, berre ein munnleg avtale" and "Kva om eg ikkje har alle
vedlegga?" got the general list of vedlegg, and the guide's offer of a list she had been given)."""

from __future__ import annotations

import aiohttp
import pytest

from tests.e2e.conftest import Service
from tests.e2e.test_full_path import Bruker
from tests.e2e.test_guide_journeys import reply, start_the_guide, texts

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]


async def test_inside_the_guide_no_written_contract_is_answered_and_the_guide_goes_on(
        running_service: Service) -> None:
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await start_the_guide(bruker, "Asker")
        said = await reply(bruker, "jeg har ikke husleiekontrakt, bare en muntlig avtale med utleieren",
                           "Hva trenger du penger til")
        assert "Har du ikke skriftlig husleiekontrakt, kan du søke likevel" in texts(said), texts(said)
        assert "Vil du ha en personlig liste" not in texts(said)


async def test_outside_the_guide_a_missing_document_is_answered_as_asked(running_service: Service) -> None:
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        said = await reply(bruker, "hva hvis jeg ikke har alle vedleggene?", "mangler vedlegg")
        assert "Du kan sende søknaden selv om du mangler vedlegg" in texts(said), texts(said)
        assert "Vil du ha en personlig liste" not in texts(said)
