"""POST /api/language/detect: the language of a text, for the widget and the action server.

Request ``{"text": str}`` (1 to 2000 characters). Response 200
``{"lang": "nb" | ... | null, "confidence": float, "candidates": [{"lang", "confidence"}]}``: ISO 639-1
codes; ``lang`` is null when the text is too short or unclear to trust (the UI then shows the language
picker), while ``candidates`` still lists what the detector saw. 400 ``{"error": reason}`` on bad input.
The route is registered in ``router/web/routes.py``; the detector lives in ``language_detector_ctx``.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from router.adapters.language_detector import LanguageDetector, create_default_detector
from router.domain.language_policy import Detection, trusted_language
from router.web.appkeys import SETTINGS

log = logging.getLogger(__name__)

LANGUAGE_DETECTOR = web.AppKey("language_detector", LanguageDetector)
# Same bound as Settings.max_message_chars, used when the app has no settings (bare test apps).
MAX_TEXT_CHARS = 2000


async def language_detector_ctx(app: web.Application) -> AsyncIterator[None]:
    """Creates the default detector and loads its models before the first request (cleanup_ctx)."""
    if LANGUAGE_DETECTOR not in app:
        detector = await asyncio.to_thread(_create_warm_detector)
        app[LANGUAGE_DETECTOR] = detector
    yield


@functools.cache
def _create_warm_detector() -> LanguageDetector:
    # One warm detector per process: loading lingua's models takes seconds and hundreds of MB.
    detector = create_default_detector()
    detector.warm_up()
    return detector


class BadRequest(ValueError):
    """The request body is not a JSON object with a usable ``text``."""


async def detect_language(request: web.Request) -> web.Response:
    try:
        text = _parse_text(await request.read(), _max_chars(request.app))
    except BadRequest as exc:
        return web.json_response({"error": str(exc)}, status=400)
    detection = request.app[LANGUAGE_DETECTOR].detect(text)
    lang = trusted_language(detection, text)
    log.info("language.detected", extra={"lang": lang, "text_chars": len(text)})
    return web.json_response(_serialize(detection, lang))


def _max_chars(app: web.Application) -> int:
    settings = app.get(SETTINGS)
    return settings.max_message_chars if settings is not None else MAX_TEXT_CHARS


def _parse_text(raw: bytes, max_chars: int) -> str:
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise BadRequest("body is not valid JSON") from None
    if not isinstance(body, dict):
        raise BadRequest("body must be a JSON object")
    if "text" not in body:
        raise BadRequest("text is required")
    text = body["text"]
    if not isinstance(text, str):
        raise BadRequest("text must be a string")
    if not text.strip():
        raise BadRequest("text is empty")
    if len(text) > max_chars:
        raise BadRequest(f"text is longer than {max_chars} characters")
    return text


def _serialize(detection: Detection, lang: str | None) -> dict[str, object]:
    return {
        "lang": lang,
        "confidence": round(detection.confidence, 4),
        "candidates": [{"lang": code, "confidence": round(c, 4)} for code, c in detection.candidates],
    }
