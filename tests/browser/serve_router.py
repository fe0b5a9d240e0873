"""A router for the browser tests when tests/conftest.py has no `live_router`: the real app, a stand-in bot.

Run: `.venv/bin/python -m tests.browser.serve_router --port 8089 --database /tmp/browser.db`.
The bot answers every message with "Bot: <text>" (tests/fakes.py); the seeded staff users match the
ones the lead's `live_router` fixture promises (veileder1, veileder2, nks1, admin1, password "passord-<name>").
"""

from __future__ import annotations

import argparse
import logging

from aiohttp import web

from router.app import Overrides, create_app
from router.config import Settings
from router.services import handoff, staff
from router.web.appkeys import DEPS
from tests.fakes import FakeBot

STAFF = [
    # username, enhet, roles, capacity
    ("veileder1", "0315", ["veileder"], 3),
    ("veileder2", "0312", ["veileder"], 3),
    ("nks1", "4100", ["kontaktsenter"], 3),
    ("admin1", "0315", ["admin"], 3),
]


def build(port: int, database: str) -> web.Application:
    settings = Settings(
        port=port,
        database_url=f"sqlite+aiosqlite:///{database}",
        rasa_url="http://127.0.0.1:9",
        action_server_url="http://127.0.0.1:9",
        internal_token="browser-test-internal-token",
        bot_timeout_s=2.0,
        # The browser suite opens many conversations and logs in often from one address; the limits have their
        # own tests (tests/integration/web/test_limits.py and the widget's length test).
        limit_conversations_per_address=100_000,
        limit_logins_per_address=100_000,
        login_failures_per_address=100_000,
    )
    bot = FakeBot()
    app = create_app(settings, Overrides(bot=bot))

    async def seed(app: web.Application) -> None:
        deps = app[DEPS]

        async def handoff_like_the_action(conversation_id: str) -> None:
            await handoff.hand_off(deps, conversation_id, reason="bruker ba om veileder", actor="bot")

        bot.on_handoff = handoff_like_the_action
        for username, enhet, roles, capacity in STAFF:
            await staff.create_user(
                deps.uow,
                username=username,
                password=f"passord-{username}",
                navn=f"{username.title()} Testesen",
                enhetsnummer=enhet,
                roles=roles,
                capacity=capacity,
            )

    app.on_startup.append(seed)
    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8089)
    parser.add_argument("--database", default="/tmp/navchat-browser.db")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    web.run_app(build(args.port, args.database), host="127.0.0.1", port=args.port, print=lambda *_: None)


if __name__ == "__main__":
    main()
