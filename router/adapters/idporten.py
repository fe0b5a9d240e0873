"""The OpenID Connect client for ID-porten (or the local provider): authlib builds and checks the protocol,
joserfc (authlib's JOSE library) verifies the ID token against the issuer's JWKS; aiohttp carries the requests.

Code flow with PKCE S256, ``state`` and ``nonce`` (registers.md "Login: ID-porten"). The ID token must be signed
by a key in the issuer's JWKS (fetched again once when a ``kid`` is unknown: the provider rotated its keys), come
from the configured issuer, for this client, unexpired, with our nonce, a ``pid`` and an ``acr`` of at least
``idporten-loa-substantial``.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import aiohttp

from router.adapters import login_libraries
from router.ports.login import LoginFailed, PendingLogin, ProviderUnavailable, VerifiedLogin

if TYPE_CHECKING:
    from joserfc.jwk import KeySet

# authlib and joserfc are imported where they are used, at the first login (router/adapters/login_libraries.py).

# ID-porten's levels, weakest first; the chat needs at least substantial.
ACR_LEVELS = ("idporten-loa-substantial", "idporten-loa-high")
SIGNING_ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "PS256"]
LEEWAY_S = 30


class IdPortenClient:
    def __init__(self, http: aiohttp.ClientSession, issuer: str, client_id: str, client_secret: str,
                 redirect_uri: str, *, post_logout_redirect_uri: str | None = None, timeout_s: float = 5.0):
        self.http = http
        self.issuer = issuer.rstrip("/")
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.post_logout_redirect_uri = post_logout_redirect_uri
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None
        self._lock = asyncio.Lock()

    async def _get_json(self, url: str) -> Any:
        try:
            async with self.http.get(url, timeout=self.timeout) as response:
                if response.status != 200:
                    raise ProviderUnavailable(f"{url} answered {response.status}")
                return await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise ProviderUnavailable(f"{url}: {type(error).__name__}") from None

    async def metadata(self) -> dict[str, Any]:
        async with self._lock:
            if self._metadata is None:
                data = await self._get_json(f"{self.issuer}/.well-known/openid-configuration")
                # OIDC Discovery 4.3: the issuer in the document must be exactly the one configured.
                if not isinstance(data, dict) or data.get("issuer", "").rstrip("/") != self.issuer:
                    raise ProviderUnavailable("discovery document names another issuer")
                self._metadata = data
            return self._metadata

    async def _key_set(self, *, refresh: bool = False) -> KeySet:
        from joserfc.errors import JoseError
        from joserfc.jwk import KeySet

        if self._keys is None or refresh:
            data = await self._get_json((await self.metadata())["jwks_uri"])
            try:
                self._keys = KeySet.import_key_set(data)
            except (JoseError, ValueError, TypeError):
                raise ProviderUnavailable("the provider's JWKS cannot be read") from None
        return self._keys

    async def authorization_url(self, pending: PendingLogin, ui_locales: str = "nb") -> str:
        await login_libraries.load()
        from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
        from authlib.oauth2.rfc7636 import create_s256_code_challenge

        endpoint = (await self.metadata())["authorization_endpoint"]
        return prepare_grant_uri(
            endpoint, self.client_id, "code", redirect_uri=self.redirect_uri, scope="openid profile",
            state=pending.state, nonce=pending.nonce, acr_values=ACR_LEVELS[0],
            # Always a fresh login: without it ID-porten's (or the local provider's) single sign-on session let the
            # next person on a shared computer in as the one before, without choosing anyone.
            prompt="login", ui_locales=ui_locales,
            code_challenge=create_s256_code_challenge(pending.code_verifier), code_challenge_method="S256",
        )

    async def finish(self, pending: PendingLogin, code: str) -> VerifiedLogin:
        await login_libraries.load()
        from authlib.oauth2.rfc6749.parameters import prepare_token_request

        metadata = await self.metadata()
        body = prepare_token_request("authorization_code", code=code, redirect_uri=self.redirect_uri,
                                     code_verifier=pending.code_verifier, client_id=self.client_id,
                                     client_secret=self.client_secret)
        try:
            async with self.http.post(metadata["token_endpoint"], data=body, timeout=self.timeout,
                                      headers={"Content-Type": "application/x-www-form-urlencoded",
                                               "Accept": "application/json"}) as response:
                tokens = await response.json(content_type=None)
                if response.status != 200:
                    raise LoginFailed(f"token endpoint refused the code: {tokens.get('error', response.status)}")
        except (aiohttp.ClientError, TimeoutError, ValueError, AttributeError) as error:
            raise ProviderUnavailable(f"token endpoint: {type(error).__name__}") from None
        id_token = tokens.get("id_token") if isinstance(tokens, dict) else None
        if not isinstance(id_token, str):
            raise LoginFailed("no ID token in the token response")
        claims = await self._verify(id_token, pending.nonce)
        return VerifiedLogin(ident=str(claims["pid"]), acr=str(claims["acr"]), sid=claims.get("sid"),
                             expires_at=datetime.fromtimestamp(int(claims["exp"]), UTC), id_token=id_token,
                             issued_at=datetime.fromtimestamp(int(claims["iat"]), UTC) if "iat" in claims else None)

    async def _verify(self, id_token: str, nonce: str) -> dict[str, Any]:
        from joserfc import jwt
        from joserfc.errors import JoseError

        try:
            try:
                token = jwt.decode(id_token, await self._key_set(), algorithms=SIGNING_ALGORITHMS)
            except JoseError:
                # An unknown kid: the provider may have rotated its keys since we read them.
                token = jwt.decode(id_token, await self._key_set(refresh=True), algorithms=SIGNING_ALGORITHMS)
            registry = jwt.JWTClaimsRegistry(
                now=lambda: int(time.time()), leeway=LEEWAY_S,
                iss={"essential": True, "value": self.issuer},
                aud={"essential": True, "value": self.client_id},
                exp={"essential": True},
                nonce={"essential": True, "value": nonce},
                pid={"essential": True},
                acr={"essential": True, "values": list(ACR_LEVELS)},
            )
            registry.validate(token.claims)
        except JoseError as error:
            raise LoginFailed(f"the ID token did not verify: {error.error}") from None
        return dict(token.claims)

    async def logout_url(self, id_token: str, state: str) -> str | None:
        # Built for the router's redirect (GET /oauth2/logout) only: id_token_hint is the whole ID token, with the
        # person's pid, and never goes to the page's script.
        try:
            endpoint = (await self.metadata()).get("end_session_endpoint")
        except ProviderUnavailable:
            return None
        if not endpoint:
            return None
        params = {"id_token_hint": id_token, "client_id": self.client_id, "state": state}
        if self.post_logout_redirect_uri:
            params["post_logout_redirect_uri"] = self.post_logout_redirect_uri
        return str(aiohttp.client.URL(endpoint).update_query(params))
