"""Start the project's local OpenID provider (scripts/oidc_provider, installed by scripts/setup.sh) for a test; what a
person does on its login page (also `make load`'s brukere who log in)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path

import aiohttp

from tests.processes import free_port, stop

ROOT = Path(__file__).resolve().parent.parent
PROVIDER = ROOT / "scripts" / "oidc_provider"
CLIENT_ID, CLIENT_SECRET = "navchat-test", "navchat-test-secret"


def available() -> bool:
    return shutil.which("node") is not None and (PROVIDER / "node_modules" / "oidc-provider").is_dir()


@contextmanager
def local_provider(redirect_uri: str, post_logout_uri: str) -> Iterator[str]:
    """The issuer URL of a fresh provider process; stopped afterwards."""
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    env = {**os.environ, "OIDC_PORT": str(port), "OIDC_ISSUER": issuer, "OIDC_CLIENT_ID": CLIENT_ID,
           "OIDC_CLIENT_SECRET": CLIENT_SECRET, "OIDC_REDIRECT_URIS": redirect_uri,
           "OIDC_POST_LOGOUT_URIS": post_logout_uri}
    process = subprocess.Popen(["node", str(PROVIDER / "provider.mjs")], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the local OpenID provider did not start") from None
                time.sleep(0.2)
        yield issuer
    finally:
        stop(process, timeout_s=5)


async def log_in_at_the_provider(browser: aiohttp.ClientSession, url: str, ident: str) -> aiohttp.ClientResponse:
    """What a person does on the provider's page: pick the synthetic person; then the redirects back."""
    async with browser.get(url) as page:
        html = await page.text()
        assert page.status == 200 and "SYNTETISKE" in html
    action = re.search(rf'action="([^"]+)">\s*<input type="hidden" name="ident" value="{ident}"', html)
    assert action, "the person is on the provider's login page"
    form_url = str(page.url.join(aiohttp.client.URL(action.group(1))))
    response = await browser.post(form_url, data={"ident": ident})
    # Another person than the provider's session had: the provider ends that session first with a form a browser
    # submits at once (script); submitted here the same way, then the redirects go on.
    for _ in range(3):
        text = await response.text()
        form = re.search(r'<form method="post" action="([^"]+)">(.*?)</form>', text, re.S)
        if "document.forms[0].submit()" not in text or not form:
            break
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(2)))
        response = await browser.post(unescape(form.group(1)), data=fields)
    return response
