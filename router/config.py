"""One typed settings object (profiles: embedded | scaled); nothing else reads the environment."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from router.domain.opening_hours import DEFAULT_CHAT_HOURS, parse_weekly

PROJECT_ROOT = Path(__file__).resolve().parent.parent

Profile = Literal["embedded", "scaled"]


def _env(name: str, default: str) -> str:
    return os.environ.get(f"NAVCHAT_{name}", default)


def _int(name: str, default: int) -> int:
    return int(_env(name, str(default)))


def _chat_hours(text: str) -> str:
    """NAVCHAT_CHAT_HOURS as given, once it reads (a wrong value stops the start, naming the setting)."""
    try:
        parse_weekly(text)
    except ValueError as error:
        raise ValueError(f"NAVCHAT_CHAT_HOURS: {error}") from error
    return text


# Keys that must outlive a restart (and be shared by routers of one database): pseudonyms tie a person's
# conversations together, the login key opens stored logins.
KEPT_SECRETS = ("PSEUDONYM_KEY", "LOGIN_KEY")


def _kept_secrets(database_url: str) -> dict[str, str]:
    """The embedded profile's kept keys: from the environment, else generated once into secrets.json beside the
    SQLite file (mode 0600), so a restart neither logs everyone out nor breaks own-veileder continuity."""
    given = {name: _env(name, "") for name in KEPT_SECRETS}
    if all(given.values()) or not database_url.startswith("sqlite") or ":memory:" in database_url:
        return {name: value or secrets.token_urlsafe(32) for name, value in given.items()}
    path = Path(database_url.split(":///", 1)[1]).parent / "secrets.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    stored: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    missing = [name for name in KEPT_SECRETS if not stored.get(name)]
    if missing:
        stored.update({name: secrets.token_urlsafe(32) for name in missing})
        fd = os.open(path.with_suffix(".tmp"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            json.dump(stored, out)
        os.replace(path.with_suffix(".tmp"), path)
    return {name: given[name] or stored[name] for name in KEPT_SECRETS}


def _clock_start() -> datetime | None:
    value = _env("CLOCK_START", "")
    if not value:
        return None
    if _env("PROFILE", "embedded") == "scaled":
        raise ValueError("NAVCHAT_CLOCK_START is for trying the embedded profile out; the scaled profile keeps the "
                         "real time")
    start = datetime.fromisoformat(value)
    if start.tzinfo is None:
        raise ValueError(f"NAVCHAT_CLOCK_START needs a UTC offset, for example 2026-12-07T09:30+01:00 (got {value})")
    return start


_DEFAULT_PORTS = {"http": 80, "https": 443}


def web_origin(value: str, name: str) -> str:
    """``value`` as a browser sends it in ``Origin``: exactly ``scheme://host[:port]``, http or https, no path, no
    trailing slash, no default port (a browser leaves :443 out, so it would never match); lower-cased. Raises
    ValueError naming the setting, so a mistyped origin stops the start instead of refusing every browser."""
    parts = urlsplit(value.strip())
    try:
        port = parts.port
    except ValueError:
        port = -1
    if (parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname or parts.path or parts.query
            or parts.fragment or parts.username is not None or parts.password is not None or port == -1
            or port == _DEFAULT_PORTS[parts.scheme.lower()] or "?" in value or "#" in value):
        raise ValueError(f"NAVCHAT_{name} must be exactly scheme://host[:port] as browsers send it in Origin, for "
                         f"example https://chat.nav.no (no path, no trailing slash, no default port); got {value!r}")
    return f"{parts.scheme}://{parts.netloc}".lower()


@dataclass(frozen=True)
class Settings:
    profile: Profile = "embedded"
    host: str = "127.0.0.1"
    port: int = 8080
    database_url: str = f"sqlite+aiosqlite:///{PROJECT_ROOT / 'var' / 'router.db'}"
    # Rasa's HTTP API; several processes comma-separated (the scaled profile): each conversation stays on the one
    # a stable hash of its id picks, and goes to the next when that one cannot be reached (rasa_urls).
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: str = ""
    action_server_url: str = "http://127.0.0.1:5055"
    # Shared secret for the action server -> router calls (handoff); never exposed to browsers.
    internal_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    redis_url: str = ""
    # Rasa's own time for one turn, counted from when the turn has a slot at its Rasa (rasa_max_in_flight).
    bot_timeout_s: float = 10.0
    # Backpressure: at most this many turns at each Rasa process from this router. Rasa overlaps a few turns while
    # they wait for the action server, on one core; many more only queue inside it, where they time out (and 4
    # throttled the 8 conversations/s that Rasa alone holds). Further turns wait for a slot, their durable turn
    # keeping its lease; one that waited bot_busy_notice_s tells the bruker the bot is busy, and one that found no
    # slot in bot_queue_wait_s gets the "not answering" notice with the way to a human. 0: no limit.
    rasa_max_in_flight: int = 16
    bot_busy_notice_s: float = 2.0
    bot_queue_wait_s: float = 120.0
    # No Rasa listening (stopped, restarting): the bruker is told her message is saved and answered when the bot is
    # back, and it is sent again until this long after she wrote it (router/services/bot_outage.py); 0: told at once
    # that the bot is not answering, as for any other failure.
    bot_back_window_s: float = 180.0
    # With a veileder: every page of the bruker closed and none back within this long tells the veileder the bruker
    # has gone (router/web/ws.py). Longer than a reload or the widget's reconnects after a short network blip.
    bruker_gone_after_s: float = 60.0
    translation_timeout_s: float = 8.0
    max_message_chars: int = 2000
    reference_dir: Path = PROJECT_ROOT / "reference"
    argos_packages_dir: Path = PROJECT_ROOT / "var" / "argos"
    # Browsers may only open the WebSockets from these origins (empty: same host only).
    allowed_origins: tuple[str, ...] = ()
    # The site's own origin as browsers see it (scheme://host[:port]): when set, a browser's state-changing /api/
    # request and its sockets must come from it (router/web/middleware.py is_own_origin), not from whatever Host the
    # request names (a proxy may rewrite it, a non-browser forge it). Empty: the Host header is compared (development).
    public_origin: str = ""
    # The staff cookie is Secure whenever the page is not served from this machine (localhost); 1 forces it.
    cookie_secure: bool = False
    # A staff session ends after this much idleness (and at most after a working day).
    staff_idle_minutes: float = 30.0
    # Prometheus scrapes /metrics with this bearer token; empty: /metrics answers 403.
    metrics_token: str = ""
    # The kontaktsenter page's figures and /metrics come from one read of the window's history shared by every
    # reader, made at most this often (each costs most of a second of CPU at a national day, and every open
    # page refreshes every 5 s): the figures are at most this old. 0: a new read for each request.
    overview_max_age_s: float = 4.0
    # Retention (NAV deletes unauthenticated chats after two days): a conversation nobody wrote in for
    # abandoned_after_minutes is closed; closed conversations are deleted after retention_days, with Rasa's tracker.
    abandoned_after_minutes: float = 120.0
    retention_days: float = 2.0
    # A chat closed as threats or harassment against staff ("Trusler eller sjikane") is kept this long instead, as
    # evidence for a police report or an HMS-avvik (docs/PRIVACY.md); then deleted as any other.
    threat_retention_days: float = 365.0
    # The person (logged in) or address (anonymous) who threatened a veileder is not given to that veileder again
    # automatically for this long; their next chats' queue cards say so to staff while the evidence is kept.
    threat_avoid_hours: float = 24.0
    # The audit log (who read, looked up or did what) is deleted after this many days by the same job: a year
    # covers a bruker's request to know who looked her up and the office's yearly control of staff reads, and
    # outlasts a threat chat's evidence it documents (docs/PRIVACY.md). Change it only with the personvernombud.
    audit_retention_days: float = 365.0
    # A chat waiting for or with a veileder is closed by the system (outcome "utlopt"; then deleted as any other)
    # when its bruker's page has gone and nobody wrote for expire_gone_hours, or when nobody wrote in it or moved it
    # for expire_idle_hours (router/domain/expiry.py). Both count only the open hours of the enhet whose queue it is
    # in (a holiday or a weekend does not run the clock): 6 is an office day of 09-15, so a gone bruker's chat
    # closes a day later on a weekday, as it did when these were 24 hours and 3 days of calendar time, but never
    # before the office has been open that long after what it promised. A veileder's answer counts as writing: a
    # chat being handled is never closed by this.
    expire_gone_hours: float = 6.0
    expire_idle_hours: float = 18.0
    # The chat's staffed hours (tjenestens bemanningstid): when veiledere answer in this chat, for every queue. What
    # a waiting bruker is told ("tidligst mandag 28. desember kl. 09:00"), the SLA deadlines, expiry and the closing
    # notices count these, never an office's visiting hours (no source has them). Helligdager and the NAV-wide days of
    # reference/nav_dager.csv are closed on top. Format: "mon-fri 09:00-15:00; sat 10:00-13:00"
    # (router/domain/opening_hours.parse_weekly). The bot states the default in its own words: change both.
    chat_hours: str = DEFAULT_CHAT_HOURS
    # How often the retention job runs; 0 switches it off.
    retention_sweep_s: float = 600.0
    # Rasa's tracker store, so retention can delete a conversation's tracker too (SQLAlchemy URL; empty: skip).
    rasa_tracker_url: str = ""
    # Embedded: the router migrates its SQLite file at start. Scaled: run `router.cli migrate` once instead.
    auto_migrate: bool = True
    log_level: str = "INFO"
    # How often the SLA sweep runs (escalation of breached waits); 0 switches it off (tests drive it by hand).
    sla_sweep_s: float = 30.0
    # How often each router looks for bot turns nobody runs (left by a router that died, or its own after a
    # restart); 0 switches the loop off (tests run the sweep by hand). A start always sweeps once.
    turn_sweep_s: float = 2.0
    # Limits against abuse (router/web/limits.py): 429 with Retry-After. Counted in this router's memory, or with
    # redis_url in Redis, shared by every router (N routers allow these numbers once; Redis away: each router alone).
    # Rates are requests per limit_window_s (a burst of that many, then refilled evenly); 0 switches one off.
    limit_window_s: float = 60.0
    limit_conversations_per_address: int = 20
    limit_messages_per_conversation: int = 30
    limit_messages_per_address: int = 60
    limit_detections_per_address: int = 60
    limit_logins_per_address: int = 10
    # Anonymous chats from one address (origin_key) that may wait in queues at the same time; the next handoff from it
    # is told so instead of getting a place (services/handoff.py). Counted in the store, so across routers; 0 switches
    # it off. Against one source taking the queue (probe 96: 30 chats from one browser took 27 places): it then gets
    # 10. A mobile operator's carrier-grade NAT puts hundreds of phones behind one address, but at NAV's peak (some
    # 400 chats waiting nationwide, 12,500 a day) that many strangers have far less than one chat waiting between
    # them; 10 is for the places where people really chat side by side: a reception centre, a shelter, a library's
    # or an office's wireless network (probe 107: six phones on one address, the 5th refused at 5). Logged-in
    # brukere are not counted here but by person (limit_waiting_per_person).
    limit_waiting_per_address: int = 10
    # Chats of one logged-in person (pseudonym) open at the same time (waiting, or with a veileder) before the next
    # handoff is refused; logging in again folds a person's new chat into the open one (services/login.py).
    limit_waiting_per_person: int = 3
    # Login failures within login_failure_window_s lock the account (for every address) or the address (for
    # every account): login_lockout_s after the latest failure, doubling per further failure up to the max.
    login_failures_per_account: int = 5
    login_failures_per_address: int = 20
    login_failure_window_s: float = 900.0
    login_lockout_s: float = 60.0
    login_lockout_max_s: float = 900.0
    # At most this many keys (addresses, conversations, usernames) per table; the least recently used go first.
    limit_max_keys: int = 50_000
    # Proxies whose X-Forwarded-For is believed (addresses or networks, e.g. "10.0.0.0/8"); empty: none, the
    # client address is the peer address. Behind a proxy, list it, or every bruker shares the proxy's limits.
    trusted_proxies: tuple[str, ...] = ()
    # Login with ID-porten (OpenID Connect; router/adapters/idporten.py). Empty issuer: login is off. `make up`
    # starts the local provider (scripts/oidc_provider) and points here when no real issuer is configured.
    oidc_issuer: str = ""
    oidc_client_id: str = "navchat-local"
    oidc_client_secret: str = field(default="", repr=False)
    # Where the provider sends the browser back (registered with it); empty: http://{host}:{port}/oauth2/callback
    oidc_redirect_uri: str = ""
    # Registers behind login: "embedded" (SYNTETISKE data files in synthetic_dir) or "http" (the URLs below).
    registers: str = "embedded"
    synthetic_dir: Path = PROJECT_ROOT / "reference" / "synthetic"
    pdl_url: str = ""
    skjerming_url: str = ""
    oppfolging_url: str = ""
    register_token: str = field(default="", repr=False)
    # Key of the person pseudonym on conversations (HMAC); routers sharing a database must share it.
    pseudonym_key: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    # Key that seals the stored logins (ident, ID token); routers sharing a database must share it.
    login_key: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    # How often expired logins end their tie to the conversation; 0 switches the loop off.
    login_sweep_s: float = 30.0
    # Trying the service out only (the embedded profile): the router's clock starts at this instant and runs on,
    # so opening hours, waits and reminders can be seen on a weekday morning at any time. ISO 8601 with offset.
    clock_start: datetime | None = None

    @property
    def rasa_urls(self) -> tuple[str, ...]:
        """NAVCHAT_RASA_URL split at commas: one URL per Rasa process."""
        return tuple(url.strip() for url in self.rasa_url.split(",") if url.strip())

    @classmethod
    def from_env(cls) -> Settings:
        base = cls()
        if _env("PROFILE", base.profile) == "scaled":
            # Several processes must share these; a generated default would differ per process, and a missing
            # one would leave a door open. The scaled profile refuses to start without them.
            missing = [name for name in ("INTERNAL_TOKEN", *KEPT_SECRETS) if len(_env(name, "")) < 16]
            if missing:
                raise ValueError("the scaled profile needs shared secrets of at least 16 characters: "
                                 + ", ".join(f"NAVCHAT_{name}" for name in missing))
        if _env("EXPIRE_IDLE_DAYS", ""):
            # Renamed when expiry came to count open hours: a deployment's old value is not silently dropped.
            raise ValueError("NAVCHAT_EXPIRE_IDLE_DAYS is now NAVCHAT_EXPIRE_IDLE_HOURS, in the office's open hours "
                             "(default 18: three office days of 09-15)")
        origins = tuple(web_origin(o, "ALLOWED_ORIGINS") for o in _env("ALLOWED_ORIGINS", "").split(",") if o.strip())
        public_origin = _env("PUBLIC_ORIGIN", "")
        database_url = _env("DATABASE_URL", base.database_url)
        kept = _kept_secrets(database_url)
        return cls(
            profile=_env("PROFILE", base.profile),  # type: ignore[arg-type]
            host=_env("HOST", base.host),
            port=int(_env("PORT", str(base.port))),
            database_url=database_url,
            rasa_url=_env("RASA_URL", base.rasa_url),
            rasa_token=_env("RASA_TOKEN", base.rasa_token),
            action_server_url=_env("ACTION_SERVER_URL", base.action_server_url),
            internal_token=_env("INTERNAL_TOKEN", base.internal_token),
            redis_url=_env("REDIS_URL", base.redis_url),
            bot_timeout_s=float(_env("BOT_TIMEOUT_S", str(base.bot_timeout_s))),
            rasa_max_in_flight=_int("RASA_MAX_IN_FLIGHT", base.rasa_max_in_flight),
            bot_busy_notice_s=float(_env("BOT_BUSY_NOTICE_S", str(base.bot_busy_notice_s))),
            bot_queue_wait_s=float(_env("BOT_QUEUE_WAIT_S", str(base.bot_queue_wait_s))),
            bot_back_window_s=float(_env("BOT_BACK_WINDOW_S", str(base.bot_back_window_s))),
            bruker_gone_after_s=float(_env("BRUKER_GONE_AFTER_S", str(base.bruker_gone_after_s))),
            translation_timeout_s=float(_env("TRANSLATION_TIMEOUT_S", str(base.translation_timeout_s))),
            reference_dir=Path(_env("REFERENCE_DIR", str(base.reference_dir))),
            argos_packages_dir=Path(_env("ARGOS_PACKAGES_DIR", str(base.argos_packages_dir))),
            allowed_origins=origins,
            public_origin=web_origin(public_origin, "PUBLIC_ORIGIN") if public_origin.strip() else "",
            cookie_secure=_env("COOKIE_SECURE", "0") == "1",
            staff_idle_minutes=float(_env("STAFF_IDLE_MINUTES", str(base.staff_idle_minutes))),
            metrics_token=_env("METRICS_TOKEN", base.metrics_token),
            overview_max_age_s=float(_env("OVERVIEW_MAX_AGE_S", str(base.overview_max_age_s))),
            abandoned_after_minutes=float(_env("ABANDONED_AFTER_MINUTES", str(base.abandoned_after_minutes))),
            retention_days=float(_env("RETENTION_DAYS", str(base.retention_days))),
            threat_retention_days=float(_env("THREAT_RETENTION_DAYS", str(base.threat_retention_days))),
            threat_avoid_hours=float(_env("THREAT_AVOID_HOURS", str(base.threat_avoid_hours))),
            audit_retention_days=float(_env("AUDIT_RETENTION_DAYS", str(base.audit_retention_days))),
            expire_gone_hours=float(_env("EXPIRE_GONE_HOURS", str(base.expire_gone_hours))),
            expire_idle_hours=float(_env("EXPIRE_IDLE_HOURS", str(base.expire_idle_hours))),
            chat_hours=_chat_hours(_env("CHAT_HOURS", base.chat_hours)),
            retention_sweep_s=float(_env("RETENTION_SWEEP_S", str(base.retention_sweep_s))),
            rasa_tracker_url=_env("RASA_TRACKER_URL", base.rasa_tracker_url),
            auto_migrate=_env("AUTO_MIGRATE", "1") == "1",
            log_level=_env("LOG_LEVEL", base.log_level),
            sla_sweep_s=float(_env("SLA_SWEEP_S", str(base.sla_sweep_s))),
            turn_sweep_s=float(_env("TURN_SWEEP_S", str(base.turn_sweep_s))),
            limit_window_s=float(_env("LIMIT_WINDOW_S", str(base.limit_window_s))),
            limit_conversations_per_address=_int("LIMIT_CONVERSATIONS_PER_ADDRESS", base.limit_conversations_per_address),
            limit_messages_per_conversation=_int("LIMIT_MESSAGES_PER_CONVERSATION", base.limit_messages_per_conversation),
            limit_messages_per_address=_int("LIMIT_MESSAGES_PER_ADDRESS", base.limit_messages_per_address),
            limit_detections_per_address=_int("LIMIT_DETECTIONS_PER_ADDRESS", base.limit_detections_per_address),
            limit_logins_per_address=_int("LIMIT_LOGINS_PER_ADDRESS", base.limit_logins_per_address),
            limit_waiting_per_address=_int("LIMIT_WAITING_PER_ADDRESS", base.limit_waiting_per_address),
            limit_waiting_per_person=_int("LIMIT_WAITING_PER_PERSON", base.limit_waiting_per_person),
            login_failures_per_account=_int("LOGIN_FAILURES_PER_ACCOUNT", base.login_failures_per_account),
            login_failures_per_address=_int("LOGIN_FAILURES_PER_ADDRESS", base.login_failures_per_address),
            login_failure_window_s=float(_env("LOGIN_FAILURE_WINDOW_S", str(base.login_failure_window_s))),
            login_lockout_s=float(_env("LOGIN_LOCKOUT_S", str(base.login_lockout_s))),
            login_lockout_max_s=float(_env("LOGIN_LOCKOUT_MAX_S", str(base.login_lockout_max_s))),
            limit_max_keys=_int("LIMIT_MAX_KEYS", base.limit_max_keys),
            trusted_proxies=tuple(p.strip() for p in _env("TRUSTED_PROXIES", "").split(",") if p.strip()),
            oidc_issuer=_env("OIDC_ISSUER", base.oidc_issuer),
            oidc_client_id=_env("OIDC_CLIENT_ID", base.oidc_client_id),
            oidc_client_secret=_env("OIDC_CLIENT_SECRET", base.oidc_client_secret),
            oidc_redirect_uri=_env("OIDC_REDIRECT_URI", base.oidc_redirect_uri),
            registers=_env("REGISTERS", base.registers),
            synthetic_dir=Path(_env("SYNTHETIC_DIR", str(base.synthetic_dir))),
            pdl_url=_env("PDL_URL", base.pdl_url),
            skjerming_url=_env("SKJERMING_URL", base.skjerming_url),
            oppfolging_url=_env("OPPFOLGING_URL", base.oppfolging_url),
            register_token=_env("REGISTER_TOKEN", base.register_token),
            pseudonym_key=kept["PSEUDONYM_KEY"],
            login_key=kept["LOGIN_KEY"],
            login_sweep_s=float(_env("LOGIN_SWEEP_S", str(base.login_sweep_s))),
            clock_start=_clock_start(),
        )
