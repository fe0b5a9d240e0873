"""The ID-porten login's libraries (authlib, joserfc, cryptography), imported at the first login, off the event loop.

Not at start: together they hold 9.5 MB resident, a tenth of the router, and most conversations never log in (#12,
nothing heavy loaded before it is needed). Not on the loop either: importing them takes 0.2 s (0.6 s from a cold
disk), which would stop every conversation's turn for that long; on a thread the loop keeps running meanwhile.
Code that needs them imports them where it uses them (router/adapters/idporten.py, sealing.py); after ``load()``
those imports only look them up.
"""

from __future__ import annotations

import asyncio
import importlib

MODULES = (
    "authlib.oauth2.rfc6749.parameters",
    "authlib.oauth2.rfc7636",
    "joserfc.errors",
    "joserfc.jwk",
    "joserfc.jwt",
    "cryptography.exceptions",
    "cryptography.hazmat.primitives.ciphers.aead",
)
_loaded = False


def _import_all() -> None:
    for name in MODULES:
        importlib.import_module(name)


async def load() -> None:
    """Import the login's libraries on a worker thread, once per process."""
    global _loaded
    if not _loaded:
        await asyncio.to_thread(_import_all)
        _loaded = True
