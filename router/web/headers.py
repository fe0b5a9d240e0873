"""Headers on every answer as it is sent (router/app.py on_response_prepare): caching, HSTS, the Server header."""

from __future__ import annotations

from aiohttp import hdrs, web

from router.web.auth import is_local

# The one-year HSTS a browser keeps for this host once it has been reached over HTTPS (ignored over plain HTTP).
HSTS = "max-age=31536000"
# What the Server header says: not aiohttp's "Python/3.11 aiohttp/3.x.y" (versions to look up vulnerabilities for).
SERVER_NAME = "navchat"


async def privacy_headers(request: web.Request, response: web.StreamResponse) -> None:
    """On every answer as it is sent (errors and redirects too, which no middleware sees when raised):

    - ``Cache-Control: no-store`` for the APIs and the login's redirects unless the handler chose otherwise (the
      widget's fixed texts are public): staff JSON holds chat content and case facts, a bruker's the conversation,
      and no browser cache or proxy on a shared computer should keep them;
    - HSTS when the host is not this machine (as the Secure flag of the cookies is decided, auth.is_local);
    - a Server header without versions."""
    if request.path.startswith(("/api/", "/oauth2/")):
        response.headers.setdefault(hdrs.CACHE_CONTROL, "no-store")
    if not is_local(request):
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    response.headers[hdrs.SERVER] = SERVER_NAME
