"""The action server, as rasa_sdk runs it, plus one check: only Rasa (holding the shared token) may call it.

rasa_sdk's own server accepts any caller, and the actions call the router with the router's internal token, so
an open action server would let anyone act as the bot (a confused deputy). Rasa sends the token as the `token`
query parameter (endpoints.yml action_endpoint.token); /health stays open for the launcher.

    NAVCHAT_ACTION_TOKEN=... python -m actions.server -p 5055
"""

from __future__ import annotations

import hmac
import logging
import os
import sys
from functools import partial
from typing import Any

from rasa_sdk import endpoint, utils
from rasa_sdk.executor import ActionExecutor
from sanic import Request, Sanic
from sanic.response import HTTPResponse, json
from sanic.worker.loader import AppLoader

from actions.router_client import close_shared_session

log = logging.getLogger(__name__)
TOKEN_ENV = "NAVCHAT_ACTION_TOKEN"


def create_app(action_executor: ActionExecutor, token: str, **kwargs: Any) -> Sanic:
    """rasa_sdk's app for each worker, with the token check in front of every route but /health."""
    app = endpoint.create_app_for_serve(action_executor, **kwargs)

    @app.on_request
    async def require_token(request: Request) -> HTTPResponse | None:
        if request.path == "/health":
            return None
        given = request.args.get("token") or ""
        if not hmac.compare_digest(given.encode(), token.encode()):
            return json({"error": "this action server answers Rasa only (wrong or missing token)"}, status=401)
        return None

    @app.listener("after_server_stop")
    async def close_router_connections(*_: Any) -> None:
        await close_shared_session()

    return app


def main(argv: list[str] | None = None) -> int:
    args = endpoint.create_argument_parser().parse_args(argv)
    token = os.environ.get(TOKEN_ENV, "")
    if len(token) < 16:
        print(f"{TOKEN_ENV} must hold the shared secret Rasa sends (at least 16 characters)", file=sys.stderr)
        return 2
    utils.configure_colored_logging(args.loglevel)
    utils.update_sanic_log_level()
    executor = ActionExecutor()
    executor.register_package(args.actions_module or args.actions)
    loader = AppLoader(factory=partial(create_app, executor, token, cors_origins=args.cors,
                                       endpoints=args.endpoints))
    app = loader.load()
    host = os.environ.get("SANIC_HOST", "127.0.0.1")
    app.prepare(host=host, port=args.port, workers=utils.number_of_sanic_workers())
    log.info("actions.started host=%s port=%s", host, args.port)
    Sanic.serve(primary=app, app_loader=loader)
    return 0


if __name__ == "__main__":
    sys.exit(main())
