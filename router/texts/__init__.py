"""Hand-written fixed texts per language, so the key messages never depend on machine translation.

Each language is one module holding a ``TEXTS`` dict with the same keys as ``nb``. A text
that a language lacks falls back to English, then bokmål.
"""

from __future__ import annotations

import importlib
from functools import cache

FALLBACK_CHAIN = ("en", "nb")


@cache
def _texts(language: str) -> dict[str, str]:
    try:
        module = importlib.import_module(f"router.texts.{language}")
    except ModuleNotFoundError:
        return {}
    return dict(module.TEXTS)


def available_languages() -> list[str]:
    """The languages with a hand-written module (nb first)."""
    from importlib import resources

    names = sorted(
        p.name.removesuffix(".py")
        for p in resources.files("router.texts").iterdir()
        if p.name.endswith(".py") and not p.name.startswith("_")
    )
    return ["nb"] + [n for n in names if n != "nb"]


def has_text(key: str, language: str) -> bool:
    return key in _texts(language)


def fixed_text(key: str, language: str | None, **params: object) -> str:
    """The hand-written text for ``key`` in ``language`` (fallback: English, then bokmål)."""
    for lang in (language or "nb", *FALLBACK_CHAIN):
        text = _texts(lang).get(key)
        if text is not None:
            return text.format(**params) if params else text
    raise KeyError(f"no fixed text {key!r}")
