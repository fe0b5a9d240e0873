"""POST /api/language/detect through aiohttp's test client, with the real default detector."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from router.adapters.language_detector import CombinedDetector, create_default_detector
from router.domain.language_policy import SUPPORTED_LANGUAGES
from router.web.language_api import LANGUAGE_DETECTOR, detect_language, language_detector_ctx

URL = "/api/language/detect"


@pytest.fixture(scope="module")
def detector() -> CombinedDetector:
    # One detector for the module: its models take seconds to load, the app around it milliseconds.
    return create_default_detector()


def build_app(detector: CombinedDetector | None) -> web.Application:
    app = web.Application()
    if detector is not None:
        app[LANGUAGE_DETECTOR] = detector
    app.cleanup_ctx.append(language_detector_ctx)
    app.router.add_post(URL, detect_language)
    return app


@pytest.fixture
async def client(detector: CombinedDetector) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(build_app(detector))) as test_client:
        yield test_client


async def test_detects_a_language(client: TestClient) -> None:
    response = await client.post(URL, json={"text": "jeg har mistet jobben og trenger hjelp til husleia"})
    assert response.status == 200
    body = await response.json()
    assert body["lang"] == "nb"
    assert 0.5 <= body["confidence"] <= 1.0
    assert body["candidates"][0] == {"lang": "nb", "confidence": body["confidence"]}
    assert all(set(c) == {"lang", "confidence"} for c in body["candidates"])


@pytest.mark.parametrize(
    ("text", "lang"),
    [("ስራሕ ጠፊኡኒ ገንዘብ የብለይን", "ti"), ("مجھے مدد چاہیے", "ur"), ("мені потрібна допомога", "uk")],
)
async def test_detects_languages_the_libraries_lack(client: TestClient, text: str, lang: str) -> None:
    body = await (await client.post(URL, json={"text": text})).json()
    assert body["lang"] == lang


async def test_lang_is_null_when_too_unclear_to_trust(client: TestClient) -> None:
    response = await client.post(URL, json={"text": "ok"})
    assert response.status == 200
    body = await response.json()
    assert body["lang"] is None
    assert body["candidates"]
    assert {c["lang"] for c in body["candidates"]} <= SUPPORTED_LANGUAGES


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"{not json", "body is not valid JSON"),
        (b"[1, 2]", "body must be a JSON object"),
        (b"{}", "text is required"),
        (b'{"text": 42}', "text must be a string"),
        (b'{"text": null}', "text must be a string"),
        (b'{"text": ""}', "text is empty"),
        (b'{"text": "   "}', "text is empty"),
        (b"\xff\xfe", "body is not valid JSON"),
    ],
)
async def test_bad_requests_are_400_with_a_reason(client: TestClient, payload: bytes, reason: str) -> None:
    response = await client.post(URL, data=payload, headers={"Content-Type": "application/json"})
    assert response.status == 400
    assert await response.json() == {"error": reason}


async def test_text_over_2000_characters_is_refused(client: TestClient) -> None:
    ok = await client.post(URL, json={"text": "a" * 2000})
    assert ok.status == 200
    response = await client.post(URL, json={"text": "a" * 2001})
    assert response.status == 400
    assert "2000" in (await response.json())["error"]


async def test_cleanup_ctx_creates_and_stores_the_detector() -> None:
    app = build_app(None)
    async with TestClient(TestServer(app)) as test_client:
        assert isinstance(app[LANGUAGE_DETECTOR], CombinedDetector)
        response = await test_client.post(URL, json={"text": "i need help with my application please"})
        assert (await response.json())["lang"] == "en"
