"""The trained bot as a bruker meets it: clean training data, held-out accuracy, and no loops."""

from __future__ import annotations

import json
import subprocess
import uuid
from pathlib import Path

import aiohttp
import pytest

from tests.e2e.conftest import ROOT, Service

RASA = str(ROOT / ".venv-rasa" / "bin" / "rasa")
# The unseen evaluation the bot is judged on expects at least 0.85; our own held-out set estimates it.
MIN_HELDOUT_ACCURACY = 0.85
MAX_REPLIES_PER_TURN = 3

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1800)]


def test_rasa_data_validate_is_clean() -> None:
    result = subprocess.run([RASA, "data", "validate", "--domain", "bot", "--data", "data", "--config", "config.yml"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


def test_heldout_intent_accuracy(trained_model: Path, tmp_path: Path) -> None:
    result = subprocess.run([RASA, "test", "nlu", "--model", str(trained_model), "--nlu", "eval/nlu/heldout.yml",
                             "--out", str(tmp_path), "--no-plot"], cwd=ROOT, capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads((tmp_path / "intent_report.json").read_text())
    assert report["accuracy"] >= MIN_HELDOUT_ACCURACY, f"held-out accuracy {report['accuracy']:.3f}"


async def test_the_bot_never_loops(running_service: Service) -> None:
    """Whatever the bruker writes, one turn never floods the chat (DESIGN: fallback must not loop)."""
    turns = ["hvor er nav-kontoret mitt", "hei", "hvor er nav-kontoret mitt", "asdfgh", "qwerty uiop",
             "jeg vil søke om sosialhjelp", "vet ikke", "hvor er nav-kontoret mitt", "blablabla", "nei"]
    sender = f"loop-{uuid.uuid4().hex}"
    async with aiohttp.ClientSession() as http:
        for text in turns:
            async with http.post(f"{running_service.rasa_url}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": text}) as response:
                replies = await response.json()
            assert len(replies) <= MAX_REPLIES_PER_TURN, (text, [r.get("text", "")[:60] for r in replies])
