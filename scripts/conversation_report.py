"""Conversation success beside intent accuracy: reports/conversations/README.md and conversations.json.

Trains the model if its inputs changed, starts the action server and `rasa run` on free ports, plays every Rasa
test story (tests/test_*.yml) as a whole conversation (scripts/story_runner.py: the custom actions run for real),
and runs the production model on the held-out NLU set (eval/nlu/heldout.yml) for intent accuracy.

    make conversation-report          # or: .venv/bin/python scripts/conversation_report.py
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import story_runner  # noqa: E402

RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
OUT = ROOT / "reports" / "conversations"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def train() -> Path:
    result = subprocess.run([sys.executable, "scripts/train_if_needed.py"], cwd=ROOT, capture_output=True, text=True,
                            check=True)
    return Path(result.stdout.strip().splitlines()[-1])


def heldout_accuracy(model: Path, work: Path) -> float | None:
    out = work / "heldout"
    subprocess.run([str(RASA), "test", "nlu", "--nlu", "eval/nlu/heldout.yml", "--model", str(model), "--out",
                    str(out), "--no-plot"], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                   capture_output=True, text=True, check=True)
    report = json.loads((out / "intent_report.json").read_text(encoding="utf-8"))
    return report.get("accuracy")


def main() -> int:
    model = train()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        action_port, rasa_port = free_port(), free_port()
        endpoints = work / "endpoints.yml"
        endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n', encoding="utf-8")
        env = {**os.environ, "NAVCHAT_ROUTER_URL": os.environ.get("NAVCHAT_ROUTER_URL", "http://127.0.0.1:9")}
        with (work / "actions.log").open("w") as alog, (work / "rasa.log").open("w") as rlog:
            actions = subprocess.Popen([sys.executable, "-m", "rasa_sdk", "--actions", "actions", "-p", str(action_port)],
                                       cwd=ROOT, env=env, stdout=alog, stderr=subprocess.STDOUT)
            rasa = subprocess.Popen([str(RASA), "run", "--enable-api", "-m", str(model), "--endpoints", str(endpoints),
                                     "--credentials", "credentials.yml", "-i", "127.0.0.1", "-p", str(rasa_port)],
                                    cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)}, stdout=rlog,
                                    stderr=subprocess.STDOUT)
            try:
                url = f"http://127.0.0.1:{rasa_port}"
                story_runner.wait_for(url)
                results = story_runner.run(url, sorted((ROOT / "tests").glob("test_*.yml")))
            finally:
                for proc in (rasa, actions):
                    proc.terminate()
                    proc.wait(timeout=30)
        report = story_runner.summary(results)
        report["model"] = model.name
        report["heldout_intent_accuracy"] = heldout_accuracy(model, work)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "conversations.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (OUT / "README.md").write_text(markdown(report), encoding="utf-8")
    print(f"conversation success {report['passed']}/{report['stories']}; held-out intent accuracy "
          f"{report['heldout_intent_accuracy']}; report: {OUT / 'README.md'}")
    return 0 if not report["failed"] else 1


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f} %"


def markdown(report: dict) -> str:
    lines = [
        "# Conversations: success beside intent accuracy",
        "",
        "Regenerate with `make conversation-report` (scripts/conversation_report.py). Every Rasa test story",
        "(`tests/test_*.yml`) is played as a whole conversation through `rasa run` and the action server, with the",
        "story's language as message metadata, so the custom actions run for real; a story succeeds when every turn",
        "runs the expected actions and sets the expected slots.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| conversation success (stories passed / total) | {report['passed']} / {report['stories']} "
        f"({pct(report['conversation_success'])}) |",
        f"| intent accuracy, held-out NLU set (eval/nlu/heldout.yml) | {pct(report['heldout_intent_accuracy'])} |",
        f"| intent accuracy on the stories' user turns ({report['story_user_turns']} turns) | "
        f"{pct(report['story_intent_accuracy'])} |",
        f"| model | `{report.get('model', '')}` |",
        "",
        "| language | stories passed |",
        "|---|---|",
    ]
    lines += [f"| {lang} | {v['passed']} / {v['stories']} |" for lang, v in report["by_language"].items()]
    lines += ["", "## Failed stories", ""]
    lines += [f"- {f['story']} ({f['file']}): " + "; ".join(f["problems"]) for f in report["failed"]] or ["none"]
    lines += ["", "## Intents the stories expected but NLU gave otherwise", "",
              "The story may still succeed: inside the guide any answer that is not a side question is taken as",
              "the answer.", ""]
    lines += [f"- {n}" for m in report["intent_misses"] for n in m["notes"]] or ["none"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
