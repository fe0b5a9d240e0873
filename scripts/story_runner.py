"""Rasa test stories (tests/test_*.yml) played as whole conversations against a live Rasa and action server.

`rasa test core` replays a story's own events and never runs a custom action; this plays each story's user
messages through Rasa's REST webhook (with the language as message metadata, as the router sends it) so every
custom action runs for real in the action server, then compares, turn by turn, the intent Rasa understood, the
actions it ran and the slots the story says were set. A story passes when every turn matches.

The language of a story is the prefix of its name ("nn: ...", "en: ..."); bokmål otherwise.

    python scripts/story_runner.py --rasa-url http://127.0.0.1:5005 --out reports/conversations
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
IGNORED_ACTIONS = {"action_listen", "action_session_start", "action_extract_slots"}
LANG_PREFIX = re.compile(r"^(nb|nn|en):")
ENTITY_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")  # "[sparepenger](formue_word)" -> the words


@dataclass
class Turn:
    text: str
    intent: str | None
    actions: list[str] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)


@dataclass
class Story:
    name: str
    file: str
    language: str
    turns: list[Turn]
    preset: dict[str, Any] = field(default_factory=dict)  # slots set before the first message (by the router)


@dataclass
class StoryResult:
    story: Story
    passed: bool
    problems: list[str]
    intents_right: int
    intents_total: int
    notes: list[str] = field(default_factory=list)


def load_stories(paths: list[Path]) -> list[Story]:
    stories: list[Story] = []
    for path in paths:
        # every scalar as text, as Rasa reads slot values ("0557" stays a postnummer, not an octal number)
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}
        for item in data.get("stories") or []:
            name = str(item.get("story"))
            m = LANG_PREFIX.match(name)
            turns: list[Turn] = []
            preset: dict[str, Any] = {}
            for step in item.get("steps") or []:
                if "user" in step:
                    text = ENTITY_ANNOTATION.sub(r"\1", str(step["user"]).strip())
                    turns.append(Turn(text=text, intent=step.get("intent")))
                elif not turns:
                    for entry in step.get("slot_was_set") or []:
                        if isinstance(entry, dict):
                            preset.update(entry)
                elif "action" in step:
                    turns[-1].actions.append(str(step["action"]))
                elif "slot_was_set" in step:
                    for entry in step["slot_was_set"]:
                        if isinstance(entry, dict):
                            turns[-1].slots.update(entry)
            stories.append(Story(name, path.name, m.group(1) if m else "nb", turns, preset))
    return stories


def _norm(value: Any) -> str:
    if value is None:
        return "null"
    return str(value).lower()


def _request(url: str, body: dict[str, Any] | None = None, timeout: float = 60) -> Any:
    req = urllib.request.Request(url, method="POST" if body is not None else "GET",
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as response:
        return json.loads(response.read())


def play(story: Story, rasa_url: str) -> StoryResult:
    sender = f"story-{uuid.uuid4().hex}"
    problems: list[str] = []
    notes: list[str] = []
    right = total = 0
    if story.preset:
        _request(f"{rasa_url}/conversations/{sender}/tracker/events",
                 [{"event": "slot", "name": k, "value": v} for k, v in story.preset.items()])
    for n, turn in enumerate(story.turns, 1):
        _request(f"{rasa_url}/webhooks/rest/webhook",
                 {"sender": sender, "message": turn.text, "metadata": {"language": story.language}})
        events = _request(f"{rasa_url}/conversations/{sender}/tracker")["events"]
        last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
        new = events[last_user:]
        user = new[0] if new else {}
        intent = ((user.get("parse_data") or {}).get("intent") or {}).get("name")
        if turn.intent and not turn.text.startswith("/"):
            total += 1
            right += intent == turn.intent
            # a wrong intent counts against intent accuracy; the story fails only when what the bruker gets
            # (the actions run, the slots set) differs
            if intent != turn.intent:
                notes.append(f"turn {n} «{turn.text}»: intent {intent}, expected {turn.intent}")
        actions = [e["name"] for e in new if e.get("event") == "action" and e.get("name") not in IGNORED_ACTIONS]
        if actions != turn.actions:
            problems.append(f"turn {n} «{turn.text}»: actions {actions}, expected {turn.actions}")
        slots = {}
        for e in new:
            if e.get("event") == "slot":
                slots[e["name"]] = e.get("value")
        for name, value in turn.slots.items():
            if name not in slots or _norm(slots[name]) != _norm(value):
                problems.append(f"turn {n} «{turn.text}»: slot {name}={slots.get(name, '(not set)')!r}, "
                                f"expected {value!r}")
    return StoryResult(story, not problems, problems, right, total, notes)


def run(rasa_url: str, paths: list[Path]) -> list[StoryResult]:
    return [play(story, rasa_url) for story in load_stories(paths)]


def summary(results: list[StoryResult]) -> dict[str, Any]:
    passed = sum(r.passed for r in results)
    right = sum(r.intents_right for r in results)
    total = sum(r.intents_total for r in results)
    by_lang: dict[str, list[int]] = {}
    for r in results:
        counts = by_lang.setdefault(r.story.language, [0, 0])
        counts[0] += r.passed
        counts[1] += 1
    return {
        "stories": len(results), "passed": passed,
        "conversation_success": round(passed / len(results), 4) if results else None,
        "story_intent_accuracy": round(right / total, 4) if total else None, "story_user_turns": total,
        "by_language": {k: {"passed": v[0], "stories": v[1]} for k, v in sorted(by_lang.items())},
        "failed": [{"story": r.story.name, "file": r.story.file, "problems": r.problems}
                   for r in results if not r.passed],
        "intent_misses": [{"story": r.story.name, "notes": r.notes} for r in results if r.notes],
    }


def wait_for(url: str, timeout_s: float = 180) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            status = _request(f"{url}/status", timeout=5)
            if status.get("model_file"):
                return
        except OSError:
            pass
        time.sleep(1)
    raise TimeoutError(f"Rasa at {url} did not load a model")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rasa-url", required=True)
    parser.add_argument("--stories", default=str(ROOT / "tests"))
    parser.add_argument("--out", default=None, help="directory for conversations.json")
    args = parser.parse_args()
    wait_for(args.rasa_url)
    results = run(args.rasa_url, sorted(Path(args.stories).glob("test_*.yml")))
    report = summary(results)
    if args.out:
        Path(args.out).mkdir(parents=True, exist_ok=True)
        (Path(args.out) / "conversations.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n",
                                                          encoding="utf-8")
    print(f"conversation success: {report['passed']}/{report['stories']} stories "
          f"({(report['conversation_success'] or 0) * 100:.1f} %), intent accuracy on their user turns "
          f"{(report['story_intent_accuracy'] or 0) * 100:.1f} %")
    for failed in report["failed"]:
        print(f"- {failed['story']} ({failed['file']})")
        for problem in failed["problems"]:
            print(f"    {problem}")
    return 0 if not report["failed"] else 1


if __name__ == "__main__":
    sys.exit(main())
