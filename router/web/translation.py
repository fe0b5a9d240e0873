"""The translator resource: Argos over the installed packages, or a null translator when none are installed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from router.adapters.translator import ArgosTranslator, NullTranslator, Translator, find_installed_models
from router.web.appkeys import SETTINGS

log = logging.getLogger(__name__)

TRANSLATOR = web.AppKey("translator", Translator)


async def translator_ctx(app: web.Application) -> AsyncIterator[None]:
    """Without a model the service still runs; the bruker is told that written translation is unavailable."""
    settings = app[SETTINGS]
    warm_up: asyncio.Task[None] | None = None
    if TRANSLATOR not in app:
        models = await asyncio.to_thread(find_installed_models, settings.argos_packages_dir)
        if models:
            translator = ArgosTranslator(settings.argos_packages_dir, timeout_s=settings.translation_timeout_s)
            # Loading argostranslate takes seconds: warm it in the background so start-up is not held up;
            # a message that comes first waits for the worker within its timeout, or gets the notice.
            warm_up = asyncio.create_task(translator.warm_up())
            app[TRANSLATOR] = translator
        else:
            app[TRANSLATOR] = NullTranslator()
        log.info("translation.models installed=%d", len(models))
    yield
    if warm_up is not None and not warm_up.done():
        warm_up.cancel()
    close = getattr(app[TRANSLATOR], "close", None)
    if close is not None:
        result = close()
        if asyncio.iscoroutine(result):
            await result
