"""The login's libraries load at the first login on a worker thread, once (router/adapters/login_libraries.py)."""

from __future__ import annotations

import sys
import threading

import pytest

from router.adapters import login_libraries


async def test_the_libraries_are_imported_off_the_event_loop_and_only_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(login_libraries, "_loaded", False)
    threads: list[int] = []
    real = login_libraries._import_all
    monkeypatch.setattr(login_libraries, "_import_all", lambda: threads.append(threading.get_ident()) or real())

    await login_libraries.load()
    await login_libraries.load()

    assert len(threads) == 1
    assert threads[0] != threading.get_ident()  # not on the loop's thread
    assert all(name in sys.modules for name in login_libraries.MODULES)
