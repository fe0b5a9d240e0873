"""Rasa checks every action server response against its events schema with ``jsonschema.validate``, which first
checks the schema itself against the JSON Schema meta-schema and builds a new validator, on every call: 25 ms of
Rasa's CPU per custom action, against 0.7 ms with a validator built once (measured with jsonschema 4.17, Rasa 3.6;
py-spy put a quarter of Rasa's busy time under load in it). ``install()`` keeps the check and its error message and
builds the validator once. Runs inside Rasa's own process (.venv-rasa, Python 3.10); rasa_run.py calls it. Not in
bot/: it is no input of the trained model.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@cache
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    kind = validators.validator_for(schema)
    kind.check_schema(schema)  # once, as jsonschema.validate would on every call
    return kind(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result, with the same outcome and message, on the validator built once."""
    try:
        _validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the Action "
            f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
