"""The OIDC client (router/adapters/idporten.py) against a stand-in issuer that signs what each test asks for:
every check on the ID token refuses what it must (signature, issuer, audience, expiry, nonce, acr, pid)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from joserfc import jwt
from joserfc.jwk import RSAKey

from router.adapters.idporten import IdPortenClient
from router.ports.login import LoginFailed, PendingLogin

KEY = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig", "alg": "RS256"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig", "alg": "RS256"})
PENDING = PendingLogin(state="s" * 43, nonce="n" * 43, code_verifier="v" * 64, conversation_id="c",
                       started_at=datetime.now(UTC))


class Issuer:
    def __init__(self) -> None:
        self.claims: dict[str, Any] = {}
        self.key = KEY
        self.token_requests: list[dict[str, str]] = []
        self.url = ""

    def app(self) -> web.Application:
        async def discovery(request: web.Request) -> web.Response:
            return web.json_response({"issuer": self.url, "authorization_endpoint": f"{self.url}/authorize",
                                      "token_endpoint": f"{self.url}/token", "jwks_uri": f"{self.url}/jwks",
                                      "end_session_endpoint": f"{self.url}/logout"})

        async def jwks(request: web.Request) -> web.Response:
            return web.json_response({"keys": [KEY.as_dict(private=False)]})

        async def token(request: web.Request) -> web.Response:
            self.token_requests.append(dict(await request.post()))
            id_token = jwt.encode({"alg": "RS256", "kid": "k1"}, self.claims, self.key)
            return web.json_response({"id_token": id_token, "access_token": "a", "token_type": "Bearer"})

        app = web.Application()
        app.router.add_get("/.well-known/openid-configuration", discovery)
        app.router.add_get("/jwks", jwks)
        app.router.add_post("/token", token)
        return app

    def good_claims(self) -> dict[str, Any]:
        now = int(time.time())
        return {"iss": self.url, "aud": "navchat", "sub": "x", "iat": now, "exp": now + 3600, "nonce": PENDING.nonce,
                "pid": "01019012480", "acr": "idporten-loa-substantial", "amr": ["BankID"], "sid": "sid-1"}


@pytest.fixture
async def issuer() -> AsyncIterator[tuple[Issuer, IdPortenClient]]:
    stand_in = Issuer()
    server = TestServer(stand_in.app())
    await server.start_server()
    stand_in.url = str(server.make_url("")).rstrip("/")
    async with aiohttp.ClientSession() as http:
        yield stand_in, IdPortenClient(http, stand_in.url, "navchat", "secret", "http://127.0.0.1:8080/oauth2/callback")
    await server.close()


async def test_the_authorization_url_has_pkce_s256_state_nonce_and_acr(issuer: Any) -> None:
    _, client = issuer
    query = parse_qs(urlsplit(await client.authorization_url(PENDING)).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0] != PENDING.code_verifier
    assert query["state"] == [PENDING.state] and query["nonce"] == [PENDING.nonce]
    assert query["acr_values"] == ["idporten-loa-substantial"] and query["response_type"] == ["code"]
    # Always a fresh login (a shared computer), in the bruker's language where ID-porten has it.
    assert query["prompt"] == ["login"] and query["ui_locales"] == ["nb"]
    english = parse_qs(urlsplit(await client.authorization_url(PENDING, ui_locales="en")).query)
    assert english["ui_locales"] == ["en"]


async def test_a_good_token_gives_the_pid_and_the_code_went_with_its_verifier(issuer: Any) -> None:
    stand_in, client = issuer
    stand_in.claims = stand_in.good_claims()
    verified = await client.finish(PENDING, "code-1")
    assert (verified.ident, verified.acr, verified.sid) == ("01019012480", "idporten-loa-substantial", "sid-1")
    assert stand_in.token_requests[0]["code_verifier"] == PENDING.code_verifier
    assert stand_in.token_requests[0]["grant_type"] == "authorization_code"


@pytest.mark.parametrize("change", [
    {"nonce": "another"}, {"aud": "someone-else"}, {"iss": "https://evil.example"}, {"acr": "idporten-loa-low"},
    {"exp": int(time.time()) - 3600}, {"pid": None}, {"acr": None}, "wrong-key",
])
async def test_every_check_refuses(issuer: Any, change: Any) -> None:
    stand_in, client = issuer
    claims = stand_in.good_claims()
    if change == "wrong-key":
        stand_in.key = OTHER_KEY
    else:
        claims.update(change)
        claims = {k: v for k, v in claims.items() if v is not None}
    stand_in.claims = claims
    with pytest.raises(LoginFailed):
        await client.finish(PENDING, "code-1")
