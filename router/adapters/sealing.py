"""Sealing of secrets at rest (the ident and tokens of a login): AES-256-GCM from the cryptography package.

The key is derived from NAVCHAT_LOGIN_KEY; every router sharing a database must share it. The row's own key is
the associated data, so a sealed value copied into another row does not open.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12


class SealBroken(Exception):
    """The value was not sealed with this key for this row (wrong key, tampering, or another row's value)."""


class Sealer:
    def __init__(self, key: str) -> None:
        if len(key) < 16:
            raise ValueError("the sealing key needs at least 16 characters")
        self._key = hashlib.sha256(("navchat-seal:" + key).encode()).digest()

    @cached_property
    def _aead(self) -> AESGCM:
        # cryptography (6 MB resident) is imported at the first login, not at start (router/adapters/login_libraries.py).
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        return AESGCM(self._key)

    def seal(self, value: dict[str, Any], *, bound_to: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, json.dumps(value).encode(), bound_to.encode())
        return base64.urlsafe_b64encode(nonce + sealed).decode()

    def open(self, sealed: str, *, bound_to: str) -> dict[str, Any]:
        from cryptography.exceptions import InvalidTag

        try:
            raw = base64.urlsafe_b64decode(sealed.encode())
            value = self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], bound_to.encode())
        except (InvalidTag, ValueError) as error:
            raise SealBroken("the sealed value does not open with this key") from error
        result = json.loads(value)
        assert isinstance(result, dict)
        return result
