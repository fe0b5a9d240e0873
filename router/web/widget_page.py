"""The bruker's chat page (GET /), its own texts filled in from router/texts in one language.

The page is written with placeholders: ``{t:widget_send}`` becomes that hand-written text (HTML-escaped, NAV's phone
number in it a tel: link), ``{a:widget_send}`` the same in an attribute value, ``{lang}`` and ``{dir}`` the page's language and direction, ``{widget_texts_json}`` the
same texts for widget.js (a JSON data block, never executed). The language is ``?lang=`` when supported, else the
browser's first language (the one the widget sends as ``page_locale``, so the greeting and the page agree), else
bokmål. widget.js switches to the conversation's language (GET /api/widget/texts) as soon as it knows it.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from aiohttp import web

from router.domain.language_policy import normalize_language
from router.texts import contact_text, widget_texts
from router.web.middleware import PAGE_SECURITY_HEADERS

TEMPLATE = Path(__file__).parent / "static" / "widget" / "index.html"
PLACEHOLDER = re.compile(r"\{([ta]):([a-z_]+)\}")


def page_language(request: web.Request) -> str | None:
    chosen = normalize_language(request.query.get("lang"))
    if chosen:
        return chosen
    first = request.headers.get("Accept-Language", "").split(",", 1)[0].split(";", 1)[0]
    return normalize_language(first)


# Numbers written in groups read left to right in every language (widget.js: NUMBER_GROUPS).
NUMBER_GROUPS = re.compile(r"\+?\d+(?:[ \u00a0]\d+)+")


def _html_text(text: str, bundle: dict[str, object]) -> str:
    """Escaped text; each number group isolated left to right (in Arabic "+47 55 55 33 33" would otherwise show as
    "33 33 55 55 +47"), NAV's phone number a tel: link (it must show even when the API is down)."""
    phone, tel = str(bundle["phone"]), html.escape(str(bundle["phone_tel"]))

    def isolate(match: re.Match[str]) -> str:
        number = match.group(0)
        if phone and number.endswith(phone):
            return f'<a href="tel:{tel}" class="phone" dir="ltr">{number}</a>'
        return f'<bdi dir="ltr">{number}</bdi>'

    return NUMBER_GROUPS.sub(isolate, html.escape(text))


def render(template: str, bundle: dict[str, object]) -> str:
    texts: dict[str, str] = bundle["texts"]  # type: ignore[assignment]

    def fill(match: re.Match[str]) -> str:
        kind, key = match.groups()
        return _html_text(texts[key], bundle) if kind == "t" else html.escape(texts[key])

    page = contact_text(PLACEHOLDER.sub(fill, template))
    page = page.replace("{lang}", str(bundle["lang"])).replace("{dir}", str(bundle["dir"]))
    # Last, so nothing in the texts is taken for a placeholder; "<" escaped, so no text can end the data block.
    return page.replace("{widget_texts_json}", json.dumps(bundle, ensure_ascii=False).replace("<", "\\u003c"))


async def widget_page(request: web.Request) -> web.Response:
    bundle = widget_texts(page_language(request))
    return web.Response(
        text=render(TEMPLATE.read_text(encoding="utf-8"), bundle),
        content_type="text/html",
        headers={"Cache-Control": "no-cache", "Vary": "Accept-Language", **PAGE_SECURITY_HEADERS},
    )
