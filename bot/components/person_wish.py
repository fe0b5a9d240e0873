"""The router's reading of a wish for a person, applied to the model's intent ranking. Pure, so it is tested
without Rasa; the Rasa component is bot/components/person_asked.py."""

from __future__ import annotations

from typing import Any

HANDOFF = "human_handoff"
# The model's other readings, kept after the heard handoff (the handoff takes its tema from the next one), at this
# share of their confidence: the FallbackClassifier that runs next (config.yml, ambiguity_threshold 0.02) made "jeg
# bor på Grünerløkka. strømmen blir stengt i morgen … jeg vil snakke med noen" nlu_fallback, with human_handoff at 1.0
# and sosialhjelp_emergency at 0.9996 beside it, and the bot answered "Hva kan jeg hjelpe deg med?" (probe 162).
OTHERS_SHARE = 0.5

Intent = dict[str, Any]


def heard(wish: bool | None, intent: Intent | None, ranking: list[Intent]) -> tuple[Intent, list[Intent]] | None:
    """The intent and ranking the message gets, or None when the model's stand. ``wish``: True, the message asks
    for a person (human_handoff first, the model's readings after it); False, it names a person only to say none is
    wanted (the model's human_handoff gives way to its next reading); None, the router said nothing."""
    read_as_handoff = (intent or {}).get("name") == HANDOFF
    others = [i for i in ranking if i.get("name") != HANDOFF]
    if wish is True and not read_as_handoff:
        handoff = {"name": HANDOFF, "confidence": 1.0}
        return handoff, [handoff, *({**i, "confidence": (i.get("confidence") or 0.0) * OTHERS_SHARE} for i in others)]
    if wish is False and read_as_handoff and others:
        return others[0], others
    return None


def asks_for_person(metadata: Any) -> bool | None:
    """The router's reading: True (a wish for a person), False (a person named only to say none is wanted), None."""
    wish = metadata.get("asks_for_person") if isinstance(metadata, dict) else None
    return wish if isinstance(wish, bool) else None
