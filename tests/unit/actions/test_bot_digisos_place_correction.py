"""A corrected place in and after the Digisos guide does one consistent thing: the kommune (bydel, postnummer)
changes, the bruker is told so, and the oppsummering and checklist use the new one; a message that changes nothing
says so and changes nothing.

A tester in the guide with "Stavanger" heard "noted: Sandnes" and then a checklist for Stavanger, and for
"jeg bor egentlig i Sandnes" heard "found nothing to correct" while the kommune changed anyway: Rasa's from_entity
mapping of the kommune slot had set it (to the last kommune named) before the guide's own correction ran."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from tests.unit.actions.bot_action_fakes import FakeRouter

ROOT = Path(__file__).resolve().parents[3]
FORM_DOMAIN = yaml.safe_load((ROOT / "bot" / "digisos.yml").read_text(encoding="utf-8"))
DIGITAL = {"digisos": {"digital_soknad": True, "midlertidig_stengt": False, "innsyn": True}}
ANSWERED = {"kommune": "Stavanger", "digisos_behov": "livsopphold", "digisos_arbeid": "ledig",
            "digisos_sivilstatus": "enslig", "digisos_barn": "nei", "digisos_bosituasjon": "leier",
            "digisos_inntekt": "ingen", "digisos_formue": "ingen", "digisos_utgifter": "strom"}


def slot(name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "name": name, "value": value}


def turn(known: dict[str, Any], text: str, *, requested: str | None, intent: str = "digisos_answer",
         mapped: dict[str, Any] | None = None, loop: str | None = "digisos_form") -> Tracker:
    """A tracker after the bruker wrote `text` at the guide's question `requested` (None: after the guide).
    `known` was set before the message; `mapped` is what Rasa's slot mappings set from the message itself (a
    from_text answer, a from_entity place), as the slot events trailing the message that the form validates."""
    mapped = mapped or {}
    before = [slot(k, v) for k, v in known.items()] + [slot("requested_slot", requested)]
    parse = {"intent": {"name": intent, "confidence": 0.9}, "entities": [], "text": text}
    events = [*before, {"event": "user", "text": text, "parse_data": parse},
              {"event": "action", "name": loop or "action_digisos_correction"},
              *[slot(k, v) for k, v in mapped.items()]]
    return Tracker("conv-1", {**known, "requested_slot": requested, **mapped}, parse, events, False, None,
                   {"name": loop} if loop else {}, "action_listen")


async def run_form(t: Tracker, router: FakeRouter | None = None) -> tuple[dict[str, Any], list[str]]:
    """The whole validation action, as Rasa calls it: the slots it sets (with "asks": the question the form asks
    next) and what it says."""
    from actions.digisos_form import ValidateDigisosForm

    form = ValidateDigisosForm()
    form.client_factory = lambda: router or FakeRouter(kommune=DIGITAL)  # type: ignore[assignment,misc]
    dispatcher = CollectingDispatcher()
    events = await form.run(dispatcher, t, FORM_DOMAIN)
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    required = await form.required_slots([], dispatcher, t, FORM_DOMAIN)  # `t` holds the validated slots now
    slots["asks"] = next((name for name in required if t.slots.get(name) is None), None)
    return slots, [m["text"] for m in dispatcher.messages]


# --- the root: the kommune slot's own mappings leave the guide's place to the guide -------------------------------

def test_no_entity_mapping_sets_a_place_while_the_guide_asks_something_else() -> None:
    """Rasa sets a from_entity slot before any action runs, taking the last entity ("Sandnes, not Stavanger" set
    Stavanger); inside the guide only the kommune question itself takes the kommune from an entity (and bydel and
    postnummer only outside forms: Rasa takes a form in a condition only for the form's own slots)."""
    office = yaml.safe_load((ROOT / "bot" / "office.yml").read_text(encoding="utf-8"))
    for name in ("kommune", "bydel", "postnummer"):
        for mapping in office["slots"][name]["mappings"]:
            if mapping["type"] != "from_entity":
                continue
            conditions = mapping.get("conditions") or []
            assert conditions, f"{name}: an unconditional from_entity mapping fights the guide's corrections"
            guide = [c for c in conditions if c.get("active_loop") == "digisos_form"]
            assert all(c.get("requested_slot") == "kommune" for c in guide), (name, guide)
            assert {"active_loop": None} in conditions, f"{name}: outside any form a named place is still heard"


async def test_the_kommune_question_reads_the_whole_answer_not_the_last_kommune_named() -> None:
    """At the kommune question the entity mapping still fills the slot, with the last kommune named."""
    text = "Sandnes, ikke Stavanger"
    slots, _ = await run_form(turn({}, text, requested="kommune", mapped={"kommune": "Stavanger"}))
    assert slots["kommune"] == "Sandnes"


# --- inside the guide, at another question -------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["jeg bor egentlig i Sandnes", "actually I live in Sandnes, not Stavanger"])
async def test_a_new_kommune_at_a_guide_question_is_corrected_said_and_the_question_asked_again(text: str) -> None:
    slots, said = await run_form(turn({"kommune": "Stavanger"}, text, requested="digisos_behov",
                                      mapped={"digisos_behov": text}))
    assert slots["kommune"] == "Sandnes"
    assert slots["digisos_behov"] is None and slots["asks"] == "digisos_behov", "asked again, not stored as 'annet'"
    assert said == ["Takk, jeg har rettet det: Kommune: Sandnes."]


async def test_the_same_kommune_at_a_guide_question_says_it_was_noted_and_changes_nothing() -> None:
    known = {"kommune": "Sandnes", "digisos_behov": "livsopphold"}
    slots, said = await run_form(turn(known, "jeg bor i Sandnes", requested="digisos_arbeid",
                                      mapped={"digisos_arbeid": "jeg bor i Sandnes"}))
    assert slots.get("kommune", "Sandnes") == "Sandnes" and slots["asks"] == "digisos_arbeid"
    assert said == ["Det hadde jeg allerede notert: Kommune: Sandnes. Er det noe annet som er feil, skriv det "
                    "riktige."]


async def test_an_answer_that_also_names_a_new_kommune_keeps_the_answer_and_says_the_correction() -> None:
    text = "jeg bor hos mamma i Sandnes"
    slots, said = await run_form(turn({"kommune": "Stavanger"}, text, requested="digisos_bosituasjon",
                                      mapped={"digisos_bosituasjon": text}))
    assert slots["kommune"] == "Sandnes" and slots["digisos_bosituasjon"] == "bor_hos_andre"
    assert said == ["Takk, jeg har rettet det: Kommune: Sandnes."]


async def test_a_new_bydel_or_postnummer_in_the_same_kommune_is_a_correction_too() -> None:
    known = {"kommune": "Oslo", "bydel": "Grünerløkka", "postnummer": "0557", "digisos_sted_ok": "ja"}
    slots, said = await run_form(turn(known, "jeg bor egentlig på Frogner", requested="digisos_arbeid",
                                      mapped={"digisos_arbeid": "jeg bor egentlig på Frogner"}))
    assert slots["bydel"] == "Frogner" and slots["postnummer"] is None, "0557 is Grünerløkka, not Frogner"
    assert said == ["Takk, jeg har rettet det: Kommune: Oslo, bydel Frogner."]

    # A typed postnummer is confirmed with its place before the guide goes on, as at the kommune question.
    slots, said = await run_form(turn({"kommune": "Stavanger"}, "jeg bor på 4306", requested="digisos_arbeid",
                                      mapped={"digisos_arbeid": "jeg bor på 4306"}))
    assert (slots["kommune"], slots["postnummer"], slots["digisos_sted_ok"]) == ("Sandnes", "4306", None)
    assert slots["asks"] == "digisos_sted_ok"
    assert said == ["Takk, jeg har rettet det: Kommune: Sandnes (postnummer 4306)."]


# --- at the oppsummering ---------------------------------------------------------------------------------------------

async def test_a_kommune_correction_at_the_oppsummering_is_the_kommune_the_checklist_gets() -> None:
    """The entity mapping (as the old domain had it) set the last kommune named; the correction still wins."""
    text = "actually I live in Sandnes, not Stavanger"
    slots, said = await run_form(turn(ANSWERED, text, requested="digisos_bekreftet", intent="nlu_fallback",
                                      mapped={"digisos_bekreftet": text, "kommune": "Stavanger"}))
    assert slots["kommune"] == "Sandnes" and slots["digisos_bekreftet"] is None
    assert said[0] == "Takk, jeg har rettet det: Kommune: Sandnes."
    assert "• Kommune: Sandnes" in said[1]


async def test_a_kommune_already_set_by_the_mapping_is_still_a_correction_at_the_oppsummering() -> None:
    """"jeg bor egentlig i Sandnes" got "fant ikke hva som skal rettes" while the mapping had changed the kommune."""
    text = "jeg bor egentlig i Sandnes"
    slots, said = await run_form(turn(ANSWERED, text, requested="digisos_bekreftet",
                                      mapped={"digisos_bekreftet": text, "kommune": "Sandnes"}))
    assert slots["kommune"] == "Sandnes" and said[0] == "Takk, jeg har rettet det: Kommune: Sandnes."


async def test_the_same_kommune_at_the_oppsummering_changes_nothing_and_says_so() -> None:
    text = "jeg bor i Stavanger"
    slots, said = await run_form(turn(ANSWERED, text, requested="digisos_bekreftet",
                                      mapped={"digisos_bekreftet": text}))
    assert slots.get("kommune", "Stavanger") == "Stavanger" and slots["digisos_bekreftet"] is None
    assert said == ["Det hadde jeg allerede notert: Kommune: Stavanger. Er det noe annet som er feil, skriv det "
                    "riktige."]


# --- after the guide (action_digisos_correction) ---------------------------------------------------------------------

async def correct_after_the_guide(text: str, mapped: dict[str, Any], router: FakeRouter | None = None,
                                  lang: str = "nb") -> tuple[dict[str, Any], list[str]]:
    from actions.digisos_form import ActionDigisosCorrection

    action = ActionDigisosCorrection()
    router = router or FakeRouter(kommune={"navn": "Sandnes", **DIGITAL})
    action.client_factory = lambda: router  # type: ignore[assignment]
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, turn({**ANSWERED, "digisos_done": True, "language": lang}, text,
                                               requested=None, loop=None, mapped=mapped), {})
    return {e["name"]: e["value"] for e in events}, [m["text"] for m in dispatcher.messages]


async def test_after_the_guide_a_new_kommune_is_corrected_said_with_where_to_apply_there() -> None:
    slots, said = await correct_after_the_guide("jeg bor egentlig i Sandnes", {"kommune": "Sandnes"})
    assert slots["kommune"] == "Sandnes"
    assert said[0].startswith("Takk, jeg har rettet det: Kommune: Sandnes.")
    assert "Sandnes tar imot digitale søknader" in said[0]
    assert said[-1].startswith("Dette bør du legge ved søknaden:")

    # "not Stavanger": the mapping took the last kommune named; the place the bruker lives in wins
    slots, said = await correct_after_the_guide("actually I live in Sandnes, not Stavanger",
                                                {"kommune": "Stavanger"}, lang="en")
    assert slots["kommune"] == "Sandnes" and said[0].startswith("Thanks, I have corrected it: Municipality: Sandnes.")


async def test_after_the_guide_the_same_kommune_changes_nothing_and_says_so() -> None:
    slots, said = await correct_after_the_guide("jeg bor i Stavanger", {"kommune": "Stavanger"})
    assert slots.get("kommune", "Stavanger") == "Stavanger"
    assert said == ["Det hadde jeg allerede notert: Kommune: Stavanger. Er det noe annet som er feil, skriv det "
                    "riktige."]


async def test_after_the_guide_a_kommune_the_bot_did_not_understand_as_a_correction_is_not_changed_silently() -> None:
    """"jeg mener Sandnes" says no place to live in the bot understands: it says it is unsure, and the kommune the
    mapping set from the name is put back."""
    slots, said = await correct_after_the_guide("jeg mener Sandnes", {"kommune": "Sandnes"})
    assert slots["kommune"] == "Stavanger"
    assert said[0].startswith("Jeg er ikke sikker på at jeg forsto deg")


async def test_an_office_question_inside_the_guide_answers_for_the_place_asked_and_keeps_the_guides_place() -> None:
    """With no entity mapping inside the guide, "hvor er NAV-kontoret i Sandnes?" must still name Sandnes' office
    (before, it did so by changing the guide's kommune without a word)."""
    from actions.office_lookup import ActionOfficeLookup

    router = FakeRouter(resolve=[{"enhetsnummer": "1108", "navn": "Nav Sandnes"}], enhet={"navn": "Nav Sandnes"})
    action = ActionOfficeLookup()
    action.client_factory = lambda: router  # type: ignore[assignment]
    text = "hvor er NAV-kontoret i Sandnes?"
    t = turn({"kommune": "Stavanger"}, text, requested="digisos_arbeid", intent="office_contact")
    t.latest_message["entities"] = [{"entity": "kommune", "value": "Sandnes"}]
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, {})
    [criteria] = [args for name, args in router.calls if name == "resolve"]
    assert criteria["kommune"] == "Sandnes" and "Nav Sandnes" in dispatcher.messages[0]["text"]
    assert events == [], "the guide's kommune stays Stavanger"


async def test_living_abroad_at_the_kommune_question_is_told_that_sosialhjelp_needs_staying_in_norway() -> None:
    """"jeg bor i Spania" at "Hvilken kommune bor du i?" was taken in silence and the guide went on to the next
    question: sosialhjelp needs staying in Norway, so that is said, and the kommune question comes again."""
    from actions.digisos_form import ValidateDigisosForm

    t = turn({}, "jeg bor i Spania", requested="kommune", mapped={"kommune": "jeg bor i Spania"})
    t.latest_message["entities"] = [{"entity": "utland_word", "value": "bor i Spania"}]
    form = ValidateDigisosForm()
    form.client_factory = lambda: FakeRouter(kommune=DIGITAL)  # type: ignore[assignment,misc]
    dispatcher = CollectingDispatcher()
    events = await form.run(dispatcher, t, FORM_DOMAIN)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_sosialhjelp_abroad"]
    assert {e["name"]: e["value"] for e in events if e.get("event") == "slot"}.get("kommune") is None
    required = await form.required_slots([], dispatcher, t, FORM_DOMAIN)
    assert next(name for name in required if t.slots.get(name) is None) == "kommune"
