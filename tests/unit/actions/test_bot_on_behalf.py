"""Writing for someone else (probe 117, intent on_behalf): in the middle of the guide the message is no answer to
the guide's question (it was taken as one), and the bot's answer offers a person in nb, nn and en."""

from __future__ import annotations

from pathlib import Path

import yaml

BOT = Path(__file__).resolve().parents[3] / "bot"


def test_no_answer_slot_of_the_guide_takes_a_message_written_for_someone_else() -> None:
    from actions.digisos import FIELDS, SLOT_PREFIX

    slots = yaml.safe_load((BOT / "digisos.yml").read_text())["slots"]
    for field in FIELDS:
        for mapping in slots[SLOT_PREFIX + field]["mappings"]:
            if mapping.get("type") == "from_text":
                assert "on_behalf" in (mapping.get("not_intent") or []), field


def test_the_answer_says_bankid_is_personal_and_offers_a_person_in_each_language() -> None:
    variants = yaml.safe_load((BOT / "handoff.yml").read_text())["responses"]["utter_on_behalf"]
    assert len(variants) == 3
    for variant, bankid, person in zip(variants, ("BankID er personlig", "BankID er personleg", "BankID is personal"),
                                       ("veileder", "rettleiar", "adviser"), strict=True):
        assert bankid in variant["text"] and person in variant["text"] and "fullmakt" in variant["text"]
        assert "/human_handoff" in [button["payload"] for button in variant["buttons"]]
