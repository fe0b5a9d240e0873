"""CPU per NLU parse of two trained models, alternated in one Rasa process (old, new, new, old, ...).

    PYTHONPATH=. .venv-rasa/bin/python reports/load/intent_classifier_2026-12-04_1321/nlu_ab.py OLD.tar.gz NEW.tar.gz [load]

The old model: config.yml with `- name: LogisticRegressionClassifier` (scripts/train_if_needed.py trains it);
"load" parses the load generator's texts (bench/loadgen.py SCRIPTS, 20 times each) instead of the NLU examples.
"""

import asyncio
import sys
import time

from rasa.core.agent import Agent
from rasa.shared.importers.importer import TrainingDataImporter


async def main() -> None:
    old, new = Agent.load(sys.argv[1]), Agent.load(sys.argv[2])
    if sys.argv[3:] == ["load"]:
        from bench.loadgen import SCRIPTS
        texts = [t for _, conversations in SCRIPTS.values() for c in conversations for t in c] * 20
    else:
        examples = TrainingDataImporter.load_from_dict(training_data_paths=["data/nlu"]).get_nlu_data()
        texts = sorted({m.get("text") for m in examples.intent_examples})
    result: dict[str, list[float]] = {"old": [], "new": []}
    for round_ in range(4):
        for name in (["old", "new"] if round_ % 2 == 0 else ["new", "old"]):
            agent = old if name == "old" else new
            started = time.process_time()
            for text in texts:
                await agent.parse_message(text)
            result[name].append((time.process_time() - started) / len(texts) * 1000)
    for name, figures in result.items():
        print(name, [round(x, 2) for x in figures], "ms CPU per parse")


asyncio.run(main())
