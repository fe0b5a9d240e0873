"""scripts/rasa_action_validation.py inside Rasa's own interpreter: the action server's answers are checked exactly
as Rasa checks them (same outcome, same message), on a validator whose schema is checked once, not on every call."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = str(ROOT / ".venv-rasa" / "bin" / "python")

CHECK = r'''
import json, sys
from unittest import mock
from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
import rasa_action_validation

answers = json.loads(sys.argv[1])
original = RemoteAction._validate_action_result

def outcome(validate, answer):
    try:
        return ["valid", validate(RemoteAction, answer)]
    except ValidationError as error:
        return ["invalid", error.message]

before = [outcome(original, a) for a in answers]
kind = validators.validator_for(RemoteAction.action_response_format_spec())
with mock.patch.object(kind, "check_schema", wraps=kind.check_schema) as check_schema:
    rasa_action_validation.install()
    after = [outcome(RemoteAction._validate_action_result, a) for a in answers * 5]
print(json.dumps({"before": before, "after": after[: len(answers)], "again": after[len(answers):],
                  "schema_checks": check_schema.call_count}))
'''

ANSWERS = [
    {"events": [{"event": "slot", "name": "kommune", "value": "Asker", "timestamp": None}],
     "responses": [{"text": "Hei", "buttons": [{"title": "Snakk med en veileder", "payload": "/human_handoff"}]}]},
    {"events": [{"event": "followup", "name": "action_digisos_next"}], "responses": []},
    {"events": [], "responses": [{"text": "x"}]},
    {"events": "not a list", "responses": []},
    {"events": [{"event": "no_such_event"}], "responses": []},
    {"events": [{"event": "slot", "value": "no name"}], "responses": []},
    {"events": [], "responses": "not a list"},
]


def test_the_action_server_answers_are_checked_as_rasa_checks_them_with_the_schema_checked_once() -> None:
    run = subprocess.run([RASA_PYTHON, "-c", CHECK, json.dumps(ANSWERS)], cwd=ROOT / "scripts", capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["before"] == result["after"] == result["again"][: len(ANSWERS)]
    assert [kind for kind, _ in result["before"]] == ["valid"] * 3 + ["invalid"] * 4, result["before"]
    assert all("Failed to validate Action server response" in message for _, message in result["before"][3:])
    assert result["schema_checks"] == 1, "the schema is checked once, not on each of the 35 answers"
