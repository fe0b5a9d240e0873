"""Operator commands for the database and staff users: migrate, create-user, seed-dev-users."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from router.adapters.db import create_engine, migrate
from router.adapters.store import unit_of_work_factory
from router.config import Settings
from router.ports.store import UnitOfWorkFactory
from router.services.staff import create_user

# Development users, printed by seed-dev-users. Never used outside a developer's machine and the tests.
DEV_USERS = [
    {"username": "veileder1", "navn": "Kari Nordmann", "enhetsnummer": "0315", "roles": ["veileder"],
     "languages": ["nb", "en"], "temaer": ["KOM"]},
    {"username": "veileder2", "navn": "Ola Hansen", "enhetsnummer": "0312", "roles": ["veileder"],
     "languages": ["nb"], "temaer": ["KOM"]},
    {"username": "veileder3", "navn": "Aisha Ali", "enhetsnummer": "0315", "roles": ["veileder"],
     "languages": ["nb", "ar", "so"], "temaer": ["KOM"], "permissions": ["fortrolig"]},
    # Vikafossen (2103) answers every kode 6 bruker in the country: without someone there, such a chat on a
    # developer's machine would be visible to nobody.
    {"username": "vikafossen1", "navn": "Ingrid Vik", "enhetsnummer": "2103", "roles": ["veileder"],
     "languages": ["nb", "en"], "temaer": ["KOM"], "permissions": ["strengt_fortrolig", "fortrolig"]},
    # Skjermet brukere (NAV's own employees) are seen only by staff with that permission: one at Nav Bergen nord,
    # where the skjermet test person (Nils) belongs.
    {"username": "bergen1", "navn": "Lars Berg", "enhetsnummer": "1203", "roles": ["veileder"],
     "languages": ["nb", "nn", "en"], "temaer": ["KOM"], "permissions": ["skjermet"]},
    {"username": "nks1", "navn": "Per Kontaktsenter", "enhetsnummer": "4100", "roles": ["kontaktsenter"],
     "languages": ["nb", "en"], "temaer": ["DAG", "SYK", "AAP", "BAR", "FOR", "PEN"]},
    {"username": "admin1", "navn": "Anne Admin", "enhetsnummer": "0315", "roles": ["admin"],
     "languages": ["nb"], "temaer": ["KOM"]},
    # The security officer (personvernombud): reads the whole audit log, the rows about kode 6/7 and skjermet chats
    # too (who read them, who was refused), which admin1 is not shown; sees no chat.
    {"username": "revisor1", "navn": "Rita Revisor", "enhetsnummer": "0315", "roles": ["revisor"],
     "languages": ["nb"], "temaer": ["KOM"]},
]


@asynccontextmanager
async def _store() -> AsyncIterator[UnitOfWorkFactory]:
    engine = create_engine(Settings.from_env().database_url)
    try:
        await migrate(engine)
        yield unit_of_work_factory(engine)
    finally:
        await engine.dispose()


async def _migrate(args: argparse.Namespace) -> int:
    engine = create_engine(Settings.from_env().database_url)
    try:
        upgraded = await migrate(engine)
    finally:
        await engine.dispose()
    print("database migrated to the newest schema" if upgraded else "database was already at the newest schema")
    return 0


async def _create_user(args: argparse.Namespace) -> int:
    # Never an argument: a password on the command line is in the shell's history and in every `ps` listing.
    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else getpass.getpass("password: ")
    if not password:
        print("refused: an empty password", file=sys.stderr)
        return 2
    settings = Settings.from_env()
    if is_published_password(args.username, password) and not is_development_database(settings):
        # The scaled profile refuses to start while a staff user has one (router/app.py): refused here, before it
        # is saved, instead of at the routers' next start (probe 98).
        print(f"refused: that password is published (passord-<username> or a development user's) and anyone may "
              f"know it; choose another for {args.username}. Development passwords are only for the embedded "
              f"SQLite database, not {settings.profile} / {settings.database_url.split(':')[0]}.", file=sys.stderr)
        return 2
    async with _store() as store:
        await create_user(
            store,
            username=args.username,
            password=password,
            navn=args.navn,
            enhetsnummer=args.enhet,
            roles=args.role,
            permissions=args.permission,
            languages=args.language,
            temaer=args.tema,
            capacity=args.capacity,
        )
    print(f"user {args.username} saved")
    return 0


def development_passwords() -> dict[str, str]:
    return {user["username"]: f"passord-{user['username']}" for user in DEV_USERS}  # type: ignore[misc]


def is_published_password(username: str, password: str) -> bool:
    """The development pattern ``passord-<username>`` for this user, or any development user's password."""
    return password == f"passord-{username}" or password in development_passwords().values()


def is_development_database(settings: Settings) -> bool:
    """The embedded profile's own SQLite file (or one beside it): the only place development users may live."""
    return settings.profile == "embedded" and settings.database_url.startswith("sqlite")


async def _seed_dev_users(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if not is_development_database(settings):
        print("refused: development users (with published passwords) go only into the embedded SQLite database, "
              f"not into {settings.profile} / {settings.database_url.split(':')[0]}", file=sys.stderr)
        return 2
    async with _store() as store:
        for user in DEV_USERS:
            await create_user(store, password=development_passwords()[user["username"]], capacity=3, **user)  # type: ignore[arg-type]
            print(f"{user['username']:<10} passord-{user['username']:<12} {','.join(user['roles'])} enhet {user['enhetsnummer']}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    subparsers.add_parser("migrate", help="bring the database to the newest schema").set_defaults(func=_migrate)

    # No abbreviations: "--password x" must not be read as --password-stdin with a stray argument.
    create = subparsers.add_parser("create-user", help="create or update a staff user", allow_abbrev=False)
    create.add_argument("--username", required=True)
    create.add_argument("--password-stdin", action="store_true",
                        help="read the password from the first line of standard input (else it is asked for)")
    create.add_argument("--navn", required=True)
    create.add_argument("--enhet", required=True, help="enhetsnummer the user works for")
    create.add_argument("--role", action="append", required=True, choices=["veileder", "kontaktsenter", "admin", "revisor"])
    create.add_argument("--permission", action="append", default=[],
                        choices=["fortrolig", "strengt_fortrolig", "skjermet"])
    create.add_argument("--language", action="append", default=[])
    create.add_argument("--tema", action="append", default=[])
    create.add_argument("--capacity", type=int, default=3)
    create.set_defaults(func=_create_user)

    seed = subparsers.add_parser("seed-dev-users", help="create the development users (passwords printed)")
    seed.set_defaults(func=_seed_dev_users)
