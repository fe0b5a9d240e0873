"""A router for the browser tests when tests/conftest.py has no `live_router`: the real app, a stand-in bot.

Run: `.venv/bin/python -m tests.browser.serve_router --port 8089 --database /tmp/browser.db`.
The bot answers every message with "Bot: <text>" (tests/fakes.py) and understands a few words the way the real
bot names them (``BrowserBot``), so staff pages show real intent names and a real summary; the seeded staff users
match the ones the lead's `live_router` fixture promises (veileder1, veileder2, nks1, admin1, password
"passord-<name>"), and for transfers to a named veileder veileder3 beside veileder2 at Nav Frogner and
veileder4 alone at Nav Sagene.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web

from actions.handoff import build_summary, user_intents
from actions.innsyn import case_reply
from router.adapters.clock import SystemClock
from router.app import Overrides, create_app
from router.config import Settings
from router.ports.bot import BotReply
from router.services import handoff, innsyn, retention, staff
from router.web.appkeys import DEPS
from tests.fakes import FakeBot
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET

# Words -> the intent the real bot gives them, and the Digisos guide's answers it would have filled (and the kommune
# its entity extraction hears in any sentence that names Bergen, "jeg bor ikke i Bergen lenger" too).
INTENTS = (("søknaden", "sosialhjelp_status"), ("søke", "sosialhjelp_apply"), ("mat", "sosialhjelp_emergency"), ("veileder", "human_handoff"))
GUIDE_ANSWERS = (("bor hos", "digisos_bosituasjon", "bor_hos_andre"), ("strøm", "digisos_behov", "strom,husleie"),
                 ("bergen", "kommune", "Bergen"))


class BrowserBot(FakeBot):
    """The fake bot with the real bot's intent names and guide answers in its tracker; a case question is answered
    the way actions/innsyn.py does (tests/e2e/test_own_case.py runs the real action)."""

    case_answer: Any = None

    async def send(self, conversation_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[BotReply]:
        if text.lower().startswith("sakte"):
            # A slow bot turn: the bruker's next message is stored before this answer.
            await asyncio.sleep(1.5)
        if "over til et menneske" in text.lower() and self.on_handoff is not None:
            # As the real handoff action: the router queues the bruker (its notices stored during the turn, answering
            # nothing), then the bot's own words end the turn (they answer the bruker's message).
            self.received.append((conversation_id, text))
            self.metadata.append(dict(metadata or {}))
            await self.on_handoff(conversation_id)
            return [BotReply(text="Bot: Jeg setter deg over til en veileder.")]
        if self.case_answer is not None and "søknaden" in text.lower():
            self.received.append((conversation_id, text))
            self.metadata.append(dict(metadata or {}))
            return await self.case_answer(conversation_id, text)
        return await super().send(conversation_id, text, metadata)

    async def tracker(self, conversation_id: str) -> dict[str, Any]:
        tracker = await super().tracker(conversation_id)
        slots = dict(tracker["slots"])
        for event in tracker["events"]:
            text = event["text"].lower()
            name = next((intent for word, intent in INTENTS if word in text), "nlu_fallback")
            event["parse_data"]["intent"]["name"] = name
            slots.update({slot: value for words, slot, value in GUIDE_ANSWERS if words in text})
        return {**tracker, "slots": slots}

STAFF = [
    # username, enhet, roles, capacity
    ("veileder1", "0315", ["veileder"], 3),
    ("veileder2", "0312", ["veileder"], 3),
    ("veileder3", "0312", ["veileder"], 3),
    ("veileder4", "0314", ["veileder"], 3),
    ("nks1", "4100", ["kontaktsenter"], 3),
    ("admin1", "0315", ["admin"], 3),
    ("revisor1", "0315", ["revisor"], 3),
]


def build(port: int, database: str, oidc: dict[str, str] | None = None,
          clock_start: datetime | None = None) -> web.Application:
    """``oidc``: issuer, client_id, client_secret of a local OpenID provider (tests/oidc_provider.py); login is
    off without it. ``clock_start``: the router's clock starts there and runs on (NAVCHAT_CLOCK_START's setting)."""
    oidc = oidc or {}
    settings = Settings(
        oidc_issuer=oidc.get("issuer", ""),
        oidc_client_id=oidc.get("client_id", "navchat-local"),
        oidc_client_secret=oidc.get("client_secret", ""),
        oidc_redirect_uri=f"http://127.0.0.1:{port}/oauth2/callback",
        port=port,
        database_url=f"sqlite+aiosqlite:///{database}",
        rasa_url="http://127.0.0.1:9",
        action_server_url="http://127.0.0.1:9",
        internal_token="browser-test-internal-token",
        bot_timeout_s=2.0,
        # A bruker's closed tab is said to the veileder after seconds, not a minute (tests/browser/test_with_a_veileder.py).
        bruker_gone_after_s=3.0,
        # The browser suite opens many conversations and logs in often from one address; the limits have their
        # own tests (tests/integration/web/test_limits.py and the widget's length test).
        limit_conversations_per_address=100_000,
        limit_logins_per_address=100_000,
        login_failures_per_address=100_000,
        # Every browser test's bruker waits from 127.0.0.1: the queue-spam limit (98e0278) has its own tests.
        limit_waiting_per_address=0,
        clock_start=clock_start,
    )
    bot = BrowserBot()
    app = create_app(settings, Overrides(bot=bot))

    async def seed(app: web.Application) -> None:
        deps = app[DEPS]

        async def handoff_like_the_action(conversation_id: str) -> None:
            # With the summary the real action builds (actions/handoff.py) from the intents and the slots.
            tracker = await bot.tracker(conversation_id)
            summary = build_summary(user_intents(tracker["events"]), tracker["slots"])
            await handoff.hand_off(deps, conversation_id, reason="bruker ba om veileder", actor="bot", summary=summary)

        async def case_like_the_action(conversation_id: str, text: str) -> list[BotReply]:
            result = await innsyn.answer_for_conversation(deps, conversation_id, text, who="chatrobot",
                                                          why="brukeren spurte om egen sak")
            reply, buttons, general_follows = case_reply(result, "nb")
            replies = [BotReply(text=reply, buttons=tuple(buttons))] if reply else []
            return replies + ([BotReply(text=f"Bot: {text}")] if general_follows else [])

        bot.on_handoff = handoff_like_the_action
        bot.case_answer = case_like_the_action
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

    async def retention_later(request: web.Request) -> web.Response:
        """The retention sweep as it would run ``minutes_ahead`` from now (tests/browser/test_widget_silence.py): a
        silent chat's warning and its close, without waiting two hours. Test-only; the app has no such route."""
        body = await request.json()
        start = datetime.now(UTC) + timedelta(minutes=float(body["minutes_ahead"]))
        closed = await retention.close_abandoned(replace(request.app[DEPS], clock=SystemClock(start)))
        return web.json_response({"closed": closed})

    app.router.add_post("/test/retention", retention_later)
    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8089)
    parser.add_argument("--database", default="/tmp/navchat-browser.db")
    parser.add_argument("--oidc-issuer", default="", help="a local OpenID provider: login on (tests/oidc_provider.py)")
    parser.add_argument("--clock-start", type=datetime.fromisoformat, default=None,
                        help="the router's clock starts at this time, with its UTC offset, and runs on")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    oidc = {"issuer": args.oidc_issuer, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET} if args.oidc_issuer \
        else None
    web.run_app(build(args.port, args.database, oidc, args.clock_start), host="127.0.0.1", port=args.port, print=lambda *_: None)


if __name__ == "__main__":
    main()
