"""Login with ID-porten (OpenID Connect) and the server-side sessions that hold who logged in.

``IdentityProvider`` is the OIDC client: it builds the authorization URL (code flow, PKCE S256, state, nonce) and
turns the callback's code into verified claims (signature against the issuer's JWKS, iss, aud, exp, nonce, acr).
``LoginSessions`` keeps each login on the server: the browser holds only an opaque id. The ident lives only here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class LoginFailed(Exception):
    """The provider refused, the callback did not match a login we started, or the ID token did not verify."""


class ProviderUnavailable(Exception):
    """The OpenID provider could not be reached (discovery, token or keys)."""


@dataclass(frozen=True)
class PendingLogin:
    """A login started from a conversation: what the callback must match (kept server-side, by state)."""

    state: str
    nonce: str
    code_verifier: str
    conversation_id: str
    started_at: datetime
    # A hash of a random value the starting browser holds (cookie): only that browser can finish the login, so
    # nobody can send another person a login link that ties them to a conversation someone else reads.
    browser_binding: str = ""


@dataclass(frozen=True)
class VerifiedLogin:
    ident: str  # pid
    acr: str
    sid: str | None
    expires_at: datetime
    id_token: str  # for the provider's logout (id_token_hint)
    issued_at: datetime | None = None  # the token's iat: with expires_at, how long the login lasts


@dataclass(frozen=True)
class LoginSession:
    # the opaque value the browser holds (cookie), random; a session found by its conversation holds its hash
    session_id: str
    conversation_id: str
    ident: str
    pseudonym: str
    expires_at: datetime
    id_token: str


class IdentityProvider(Protocol):
    async def authorization_url(self, pending: PendingLogin, ui_locales: str = "nb") -> str:
        """The provider's login URL; it always asks the person to log in (a shared computer keeps no one logged
        in for the next), in ``ui_locales`` (ID-porten: nb, nn, en, se)."""
        ...

    async def finish(self, pending: PendingLogin, code: str) -> VerifiedLogin:
        """Exchange the code (with the PKCE verifier) and verify the ID token; LoginFailed / ProviderUnavailable."""
        ...

    async def logout_url(self, id_token: str, state: str) -> str | None:
        """The provider's end-session URL for this login (``id_token_hint``, back to the chat with ``state``), or
        None when it has none or cannot be reached. Server-side only: the URL holds the whole ID token (with the
        person's pid); the router redirects the browser to it and never hands it to the page's script."""
        ...


class LoginSessions(Protocol):
    """Shared by every router and kept across restarts; one login per conversation."""

    async def start(self, pending: PendingLogin) -> None: ...

    async def take_pending(self, state: str, browser_binding: str) -> PendingLogin | None:
        """The pending login for ``state``, once, and only for the browser that started it (``browser_binding``,
        the hash it was started with): a replayed callback finds nothing, and another browser's callback leaves
        it for its own browser instead of spoiling it."""
        ...

    async def add(self, session: LoginSession) -> None:
        """Keep the session (replacing the conversation's earlier login)."""
        ...

    async def get(self, session_id: str) -> LoginSession | None:
        """By the opaque id the browser holds."""
        ...

    async def for_conversation(self, conversation_id: str) -> LoginSession | None: ...

    async def remove(self, conversation_id: str) -> None: ...

    async def expired(self, now: datetime) -> list[LoginSession]: ...

    async def start_logout(self, ticket: str, conversation_id: str, id_token: str, at: datetime) -> None:
        """A logout the chat has done and the provider has not yet: the ended login's ID token, kept server-side
        for ten minutes under ``ticket`` (a random value only the logging-out browser holds, in a cookie) until
        the browser is sent to the provider's end-session endpoint."""
        ...

    async def take_logout(self, ticket: str, now: datetime) -> str | None:
        """The ID token of the pending logout under ``ticket``, once; None when there is none (taken, expired)."""
        ...
