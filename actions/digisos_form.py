"""rasa-sdk actions of the Digisos application guide, thin wrappers around actions/digisos.py and vedlegg.py."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import known, language, latest_intent, pick
from actions.digisos import (
    ADRESSEBESKYTTELSE,
    DELAY_AND_DECISION,
    FIELDS,
    SLOT_PREFIX,
    amount,
    answers_from_slots,
    capability_advice,
    capability_from_router,
    child_count,
    extract_extras,
    fallback_value,
    is_correction,
    parse_answer,
    required_fields,
    slots_summary,
    summary_lines,
)
from actions.office_lookup import extract_kommune_from_place_slots, validate_place_answer
from actions.router_client import RouterClient
from actions.vedlegg import LIMITS, build_checklist, render_checklist

TEXTS = {
    "corrected": {"nb": "Takk, jeg har rettet det: {what}.", "nn": "Takk, eg har retta det: {what}.",
                  "en": "Thanks, I have corrected it: {what}."},
    "unchanged": {"nb": "Det hadde jeg allerede notert: {what}. Er det noe annet som er feil, skriv det riktige.",
                  "nn": "Det hadde eg alt notert: {what}. Er det noko anna som er feil, skriv det rette.",
                  "en": "I already had that: {what}. If something else is wrong, write the right answer."},
    "understood": {
        "nb": "Takk! Dette har jeg forstått: {summary}. Stemmer ikke noe, skriv det riktige (for eksempel «jeg "
        "leier»), så oppdaterer jeg listen.",
        "nn": "Takk! Dette har eg forstått: {summary}. Stemmer ikkje noko, skriv det rette (til dømes «eg leiger»), "
        "så oppdaterer eg lista.",
        "en": "Thank you! This is what I understood: {summary}. If something is wrong, write the right answer "
        "(for example «I rent») and I will update the list.",
    },
    "checklist": {"nb": "Dette bør du legge ved søknaden:", "nn": "Dette bør du leggje ved søknaden:",
                  "en": "You should attach these documents:"},
    "no_form": {
        "nb": "Takk! Vil du at jeg hjelper deg å forberede en søknad om økonomisk sosialhjelp, eller lurer du på "
        "noe annet?",
        "nn": "Takk! Vil du at eg hjelper deg å førebu ein søknad om økonomisk sosialhjelp, eller lurer du på "
        "noko anna?",
        "en": "Thank you! Would you like me to help you prepare an application for financial assistance, or is "
        "there something else?",
    },
    "acute_hint": {
        "nb": "Trenger du hjelp allerede i dag, si fra, så setter jeg deg over til en veileder med en gang.",
        "nn": "Treng du hjelp alt i dag, sei frå, så set eg deg over til ein rettleiar med ein gong.",
        "en": "If you need help today, say so and I will pass you to a person right away.",
    },
}
BUTTONS = {
    "human": {"nb": "Snakk med en veileder", "nn": "Snakk med ein rettleiar", "en": "Talk to a person"},
    "office": {"nb": "Finn NAV-kontoret mitt", "nn": "Finn NAV-kontoret mitt", "en": "Find my NAV office"},
    "apply": {"nb": "Hjelp meg å søke", "nn": "Hjelp meg å søkje", "en": "Help me apply"},
}


def answer_text(value: Any, tracker: Tracker) -> str:
    """The answer as text: a button's `answer` entity, else what the person typed."""
    entity = next(tracker.get_latest_entity_values("answer"), None)
    if entity:
        return str(entity)
    return "" if value is None else str(value)


def previous_slot_value(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the latest user message (what a wrongly extracted entity overwrote)."""
    events = list(tracker.events)
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    for event in reversed(events[:last_user]):
        if event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def validate_field(field: str, value: Any, tracker: Tracker) -> tuple[dict[str, Any], list[str]]:
    """Slot updates for an answer to `field` (plus pre-filled or corrected other fields) and the corrected ones."""
    text = answer_text(value, tracker)
    slot = SLOT_PREFIX + field
    parsed = parse_answer(field, text, latest_intent(tracker))
    correcting = is_correction(text)
    updates: dict[str, Any] = {}
    corrected: list[str] = []
    for other, other_value in extract_extras(text, asked=field).items():
        current = tracker.get_slot(SLOT_PREFIX + other)
        if current is None or (correcting and current != other_value):
            updates[SLOT_PREFIX + other] = other_value
            if current is not None:
                corrected.append(f"{other} = {other_value.replace('_', ' ')}")
    count = child_count(text)
    if count and count != tracker.get_slot(SLOT_PREFIX + "antall_barn"):
        if tracker.get_slot(SLOT_PREFIX + "antall_barn") is not None:
            corrected.append(f"antall barn = {count}")
        updates[SLOT_PREFIX + "antall_barn"] = count
        if field != "barn" and tracker.get_slot(SLOT_PREFIX + "barn") != "ja":
            updates[SLOT_PREFIX + "barn"] = "ja"
    belop = amount(text)
    if belop and field in ("inntekt", "formue", "utgifter"):
        formue_said = field == "formue" or updates.get(SLOT_PREFIX + "formue") not in (None, "ingen")
        if formue_said:
            updates[SLOT_PREFIX + "formue_belop"] = belop
    if correcting and updates and parsed in (None, "ingen", "nei", "vet_ikke"):
        # "nei, jeg mener jeg leier": the message corrects an earlier answer; ask the current question again
        updates[slot] = None
    else:
        updates[slot] = parsed or fallback_value(field)
    # Four digits in an answer about money are an amount, never a postnummer ("sparepenger ca 8000").
    postnummer_entity = next(tracker.get_latest_entity_values("postnummer"), None)
    if postnummer_entity and field != "kommune" and (belop or field in ("inntekt", "formue", "utgifter")):
        updates["postnummer"] = previous_slot_value(tracker, "postnummer")
    merged = {**tracker.slots, **updates}
    updates[SLOT_PREFIX + "oppsummering"] = slots_summary(merged, "nb") or None
    return updates, corrected


class ValidateDigisosForm(FormValidationAction):
    """Asks only what applies (no barnehage question without children); accepts "vet ikke" and corrections."""

    def name(self) -> str:
        return "validate_digisos_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        answers = answers_from_slots(tracker.slots)
        return ["kommune"] + [SLOT_PREFIX + f for f in required_fields(answers)]

    async def extract_kommune(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> dict[str, Any]:
        return extract_kommune_from_place_slots(tracker)

    def validate_kommune(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> dict[str, Any]:
        return validate_place_answer(answer_text(value, tracker), tracker)

    def _validate(self, field: str, value: Any, dispatcher: CollectingDispatcher,
                  tracker: Tracker) -> dict[str, Any]:
        updates, corrected = validate_field(field, value, tracker)
        lang = language(tracker)
        if corrected:
            dispatcher.utter_message(text=pick(TEXTS["corrected"], lang).format(what=", ".join(corrected)))
        if field == "behov" and latest_intent(tracker) == "sosialhjelp_emergency":
            dispatcher.utter_message(text=pick(TEXTS["acute_hint"], lang),
                                     buttons=[{"title": pick(BUTTONS["human"], lang), "payload": "/human_handoff"}])
        return updates

    def validate_digisos_behov(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> dict[str, Any]:
        return self._validate("behov", value, dispatcher, tracker)

    def validate_digisos_arbeid(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> dict[str, Any]:
        return self._validate("arbeid", value, dispatcher, tracker)

    def validate_digisos_sivilstatus(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> dict[str, Any]:
        return self._validate("sivilstatus", value, dispatcher, tracker)

    def validate_digisos_formue(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> dict[str, Any]:
        return self._validate("formue", value, dispatcher, tracker)

    def validate_digisos_barn(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> dict[str, Any]:
        return self._validate("barn", value, dispatcher, tracker)

    def validate_digisos_barnehage(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        return self._validate("barnehage", value, dispatcher, tracker)

    def validate_digisos_bosituasjon(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> dict[str, Any]:
        return self._validate("bosituasjon", value, dispatcher, tracker)

    def validate_digisos_inntekt(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> dict[str, Any]:
        return self._validate("inntekt", value, dispatcher, tracker)

    def validate_digisos_utgifter(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> dict[str, Any]:
        return self._validate("utgifter", value, dispatcher, tracker)


async def send_checklist(dispatcher: CollectingDispatcher, slots: Mapping[str, Any], lang: str,
                         client: RouterClient, full: bool = True) -> None:
    """The end of the guide: what we understood, the personal vedlegg list, the limits, where to apply.
    After a correction (`full=False`) only the summary and the updated list, with the way to a human."""
    answers = answers_from_slots(slots)
    summary = slots_summary(slots, lang)
    if summary:
        dispatcher.utter_message(text=pick(TEXTS["understood"], lang).format(summary=summary))
    checklist = render_checklist(build_checklist(answers), lang)
    if not full:
        dispatcher.utter_message(
            text=pick(TEXTS["checklist"], lang) + "\n" + checklist,
            buttons=[{"title": pick(BUTTONS["human"], lang), "payload": "/human_handoff"},
                     {"title": pick(BUTTONS["office"], lang), "payload": "/office_contact"}],
        )
        return
    dispatcher.utter_message(text=pick(TEXTS["checklist"], lang) + "\n" + checklist)
    dispatcher.utter_message(text=pick(LIMITS, lang))
    kommune = known(slots.get("kommune"))
    info = await client.get_kommune(kommune) if kommune else None
    advice = capability_advice(capability_from_router(kommune, info), lang)
    dispatcher.utter_message(text=advice + " " + pick(ADRESSEBESKYTTELSE, lang))
    dispatcher.utter_message(
        text=pick(DELAY_AND_DECISION, lang),
        buttons=[{"title": pick(BUTTONS["human"], lang), "payload": "/human_handoff"},
                 {"title": pick(BUTTONS["office"], lang), "payload": "/office_contact"}],
    )


class ActionDigisosChecklist(Action):
    """After the guide: personal vedlegg checklist and kommune-specific advice."""

    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "action_digisos_checklist"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        await send_checklist(dispatcher, tracker.slots, language(tracker), self.client_factory())
        return [SlotSet("digisos_done", True)]


class ActionDigisosCorrection(Action):
    """A guide-style answer outside the guide: correct the finished checklist, or offer the guide."""

    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "action_digisos_correction"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        lang = language(tracker)
        text = answer_text((tracker.latest_message or {}).get("text"), tracker)
        said = {SLOT_PREFIX + f: v for f, v in extract_extras(text, asked="").items()}
        count = child_count(text)
        if count:
            said[SLOT_PREFIX + "antall_barn"] = count
            said.setdefault(SLOT_PREFIX + "barn", "ja")
        belop = amount(text)
        if belop and said.get(SLOT_PREFIX + "formue") not in (None, "ingen"):
            said[SLOT_PREFIX + "formue_belop"] = belop
        if not tracker.get_slot("digisos_done") or not said:
            dispatcher.utter_message(
                text=pick(TEXTS["no_form"], lang),
                buttons=[{"title": pick(BUTTONS["apply"], lang), "payload": "/sosialhjelp_apply"},
                         {"title": pick(BUTTONS["human"], lang), "payload": "/human_handoff"}],
            )
            return []
        changed = {k: v for k, v in said.items() if tracker.get_slot(k) != v}
        slots = {**tracker.slots, **changed}
        if changed.get(SLOT_PREFIX + "barn") == "nei":
            slots[SLOT_PREFIX + "barnehage"] = None
            slots[SLOT_PREFIX + "antall_barn"] = None
        shown = {k.removeprefix(SLOT_PREFIX): v for k, v in said.items() if k.removeprefix(SLOT_PREFIX) in FIELDS}
        what = summary_lines(shown, lang, slots.get(SLOT_PREFIX + "antall_barn"), slots.get(SLOT_PREFIX + "formue_belop"))
        if not changed:
            dispatcher.utter_message(text=pick(TEXTS["unchanged"], lang).format(what=what))
            return []
        dispatcher.utter_message(text=pick(TEXTS["corrected"], lang).format(what=what))
        slots[SLOT_PREFIX + "oppsummering"] = slots_summary(slots, "nb")
        await send_checklist(dispatcher, slots, lang, self.client_factory(), full=False)
        keys = {*changed, SLOT_PREFIX + "barnehage", SLOT_PREFIX + "antall_barn", SLOT_PREFIX + "oppsummering"}
        return [SlotSet(k, slots.get(k)) for k in sorted(keys)]


__all__ = ["FIELDS", "ActionDigisosChecklist", "ActionDigisosCorrection", "ValidateDigisosForm"]
