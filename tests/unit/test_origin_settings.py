"""NAVCHAT_PUBLIC_ORIGIN and NAVCHAT_ALLOWED_ORIGINS are checked at start: exactly scheme://host[:port], as a
browser sends Origin. A path, a trailing slash or a default port never matches a browser's Origin, so such a value
refused every browser (or, for the public origin, every console) without a word."""

from __future__ import annotations

import pytest

from router.config import Settings


def test_without_a_public_origin_none_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NAVCHAT_PUBLIC_ORIGIN", raising=False)
    assert Settings.from_env().public_origin == ""


@pytest.mark.parametrize(("given", "kept"), [
    ("https://chat.nav.no", "https://chat.nav.no"), ("HTTPS://Chat.NAV.no", "https://chat.nav.no"),
    ("http://127.0.0.1:8080", "http://127.0.0.1:8080"), ("https://[::1]:8443", "https://[::1]:8443")])
def test_an_origin_is_kept_as_browsers_send_it(monkeypatch: pytest.MonkeyPatch, given: str, kept: str) -> None:
    monkeypatch.setenv("NAVCHAT_PUBLIC_ORIGIN", given)
    monkeypatch.setenv("NAVCHAT_ALLOWED_ORIGINS", f"{given},https://www.kommune.no")
    settings = Settings.from_env()
    assert settings.public_origin == kept
    assert settings.allowed_origins == (kept, "https://www.kommune.no")


@pytest.mark.parametrize("bad", ["chat.nav.no", "https://chat.nav.no/", "https://chat.nav.no/chat",
                                 "https://chat.nav.no:443", "http://chat.nav.no:80", "ftp://chat.nav.no",
                                 "https://chat.nav.no?x=1", "https://user@chat.nav.no", "https://chat.nav.no:99999",
                                 "https://"])
@pytest.mark.parametrize("name", ["PUBLIC_ORIGIN", "ALLOWED_ORIGINS"])
def test_anything_else_stops_the_start(monkeypatch: pytest.MonkeyPatch, bad: str, name: str) -> None:
    monkeypatch.setenv(f"NAVCHAT_{name}", bad)
    with pytest.raises(ValueError, match=f"NAVCHAT_{name} must be exactly scheme://host"):
        Settings.from_env()
