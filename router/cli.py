"""Operator commands: migrate, users, reference data (enheter, rules), translation models.

Each topic registers its subcommands from ``router/commands/<topic>.py`` through ``register(subparsers)``;
a subcommand sets ``func`` (sync or async, taking the parsed args) and returns an exit code.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import os
import pkgutil
import sys

import router.commands
from router.adapters.db import PRIVATE_UMASK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m router.cli", description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module_info in sorted(pkgutil.iter_modules(router.commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"router.commands.{module_info.name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result = args.func(args)
    if inspect.isawaitable(result):
        result = asyncio.run(result)
    return int(result or 0)


if __name__ == "__main__":
    # What a command writes (a migrated router.db, a backup, secrets.json) holds chats: the service's user only.
    os.umask(PRIVATE_UMASK)
    sys.exit(main())
