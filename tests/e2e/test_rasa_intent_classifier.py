"""bot/components/intent_classifier.py inside Rasa, on the trained model: for every NLU example the matrix it
builds is the one Rasa's own LogisticRegressionClassifier builds (so the same intent and confidences), and a message
Rasa's way would not suit (dense features) takes Rasa's way."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]
ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = str(ROOT / ".venv-rasa" / "bin" / "python")

CHECK = r'''
import asyncio, json, sys
import numpy as np
from scipy.sparse import coo_matrix
from rasa.core.agent import Agent
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.importers.importer import TrainingDataImporter
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from bot.components.intent_classifier import LogisticRegressionIntentClassifier

compared = {"messages": 0, "different": []}
fast = LogisticRegressionIntentClassifier._create_X


def both(self, messages):
    mine, rasas = fast(self, messages), LogisticRegressionClassifier._create_X(self, messages)
    compared["messages"] += len(messages)
    if mine.shape != rasas.shape or abs(mine - rasas).sum() != 0:
        compared["different"].append([m.get("text") for m in messages][:3])
    return mine


LogisticRegressionIntentClassifier._create_X = both


async def main():
    agent = Agent.load(sys.argv[1])
    examples = TrainingDataImporter.load_from_dict(training_data_paths=["data/nlu"]).get_nlu_data()
    texts = sorted({m.get("text") for m in examples.intent_examples})
    for text in texts:
        await agent.parse_message(text)
    out = {"texts": len(texts), **compared}

    # Dense text features (none in config.yml): Rasa's own way, which joins them too.
    message = Message(data={"text": "hei"})
    message.add_features(Features(coo_matrix(np.array([[1.0, 0.0, 2.0]])), "sentence", "text", "sparse"))
    message.add_features(Features(np.array([[0.5, 0.25]]), "sentence", "text", "dense"))
    calls = []
    original = LogisticRegressionClassifier._create_X
    LogisticRegressionClassifier._create_X = lambda self, ms: calls.append(1) or original(self, ms)
    x = fast(object.__new__(LogisticRegressionIntentClassifier), [message])
    out["dense_took_rasas_way"] = calls == [1] and x.toarray().tolist() == [[1.0, 0.0, 2.0, 0.5, 0.25]]
    print(json.dumps(out))

asyncio.run(main())
'''


def test_the_classifier_builds_rasas_matrix_for_every_nlu_example(trained_model: Path, tmp_path: Path) -> None:
    script = tmp_path / "check.py"
    script.write_text(CHECK)
    done = subprocess.run([RASA_PYTHON, str(script), str(trained_model)], cwd=ROOT, capture_output=True, text=True,
                          timeout=800, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["texts"] > 1000
    assert out["messages"] >= out["texts"], "every example went through the component"
    assert out["different"] == []
    assert out["dense_took_rasas_way"]
