"""Start the project's local OpenID provider (scripts/oidc_provider, installed by scripts/setup.sh) for a test."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
