"""Train the Rasa model only when its inputs changed; print the model's path.

The model is named by a hash of config.yml, the domain (bot/), the training data (data/) and the Rasa lock,
and kept in models/ and in a cache outside the checkout (~/.cache/navchat/models, or NAVCHAT_MODEL_CACHE),
so a fresh clone on the same machine does not train again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = [ROOT / "config.yml", ROOT / "requirements" / "rasa.lock", ROOT / "bot", ROOT / "data"]
CACHE = Path(os.environ.get("NAVCHAT_MODEL_CACHE", Path.home() / ".cache" / "navchat" / "models"))


def inputs_hash() -> str:
    digest = hashlib.sha256()
    for root in INPUTS:
        files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       ) if root.is_dir() else [root]
        for path in files:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path() -> Path:
    return ROOT / "models" / f"model-{inputs_hash()}.tar.gz"


def train() -> Path:
    target = model_path()
    if target.exists():
        return target
    cached = CACHE / target.name
    target.parent.mkdir(parents=True, exist_ok=True)
    if cached.exists():
        shutil.copy2(cached, target)
        return target
    print(f"[train] inputs changed: training {target.name} (a few minutes)", file=sys.stderr)
    started = time.monotonic()
    subprocess.run(
        [
            str(ROOT / ".venv-rasa" / "bin" / "rasa"), "train",
            "--config", "config.yml", "--domain", "bot", "--data", "data",
            "--out", "models", "--fixed-model-name", target.name.removesuffix(".tar.gz"),
        ],
        cwd=ROOT,
        check=True,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
    )
    print(f"[train] trained in {time.monotonic() - started:.0f} s", file=sys.stderr)
    CACHE.mkdir(parents=True, exist_ok=True)
    shutil.copy2(target, cached)
    return target


if __name__ == "__main__":
    print(train())
