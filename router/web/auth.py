"""Staff login cookie, roles and CSRF: a decorator that puts the StaffUser on the request."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable

from aiohttp import web

from router.domain.access import Role, StaffUser
from router.services import staff as staff_service
from router.services.errors import Forbidden
from router.web.appkeys import DEPS

COOKIE = "navchat_staff"
STAFF = web.RequestKey("staff", StaffUser)
CSRF = web.RequestKey("csrf", str)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def set_session_cookie(response: web.StreamResponse, request: web.Request, token: str) -> None:
    response.set_cookie(
        COOKIE,
        token,
        httponly=True,
        samesite="Strict",
        secure=request.app[DEPS].settings.cookie_secure or not is_local(request),
        path="/",
        max_age=int(staff_service.SESSION_LIFETIME.total_seconds()),
    )


def is_local(request: web.Request) -> bool:
    """Served to a browser on this machine (development): the only case a cookie may go without TLS."""
    host = (request.url.host or "").strip("[]").lower()
    return host in {"localhost", "127.0.0.1", "::1"} or host.endswith(".localhost")


# Sent by the console and the dashboard on their own periodic refreshes: not the person's activity, so a screen
# left open still reaches the idle timeout (docs/API.md).
BACKGROUND_HEADER = "X-Navchat-Background"


async def current_staff(request: web.Request) -> tuple[StaffUser, str]:
    user, csrf, _ = await staff_service.session_user(request.app[DEPS], request.cookies.get(COOKIE),
                                                     activity=request.headers.get(BACKGROUND_HEADER) != "1")
    return user, csrf


def staff_required(*roles: Role) -> Callable[[Handler], Handler]:
    """Logged in, holding one of ``roles`` (any role when none given), CSRF token on every unsafe method."""

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def wrapper(request: web.Request) -> web.StreamResponse:
            user, csrf = await current_staff(request)
            if request.method not in ("GET", "HEAD", "OPTIONS") and not staff_service.csrf_matches(
                csrf, request.headers.get("X-CSRF-Token")
            ):
                raise Forbidden("missing or wrong X-CSRF-Token header")
            if roles and not any(user.has_role(role) for role in roles):
                raise Forbidden(f"needs the role {' or '.join(r.value for r in roles)}")
            request[STAFF] = user
            request[CSRF] = csrf
            return await handler(request)

        return wrapper

    return decorate
