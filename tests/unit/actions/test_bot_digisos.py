import pytest

from actions.digisos import (
    KommuneCapability,
    capability_advice,
    capability_from_router,
    extract_extras,
    is_correction,
    parse_answer,
    required_fields,
)


@pytest.mark.parametrize(("field", "text", "expected"), [
    ("behov", "husleie og strøm", "husleie,strom"),
    ("behov", "trenger penger til mat", "livsopphold"),
    ("arbeid", "jeg er student og jobber litt", "student,arbeid"),
    ("arbeid", "jobber ikke nå", "ledig"),
    ("barn", "to barn", "ja"),
    ("barn", "har ikke barn", "nei"),
    ("bosituasjon", "jeg leier en hybel", "leier"),
    ("bosituasjon", "bor hos mamma", "bor_hos_andre"),
    ("bosituasjon", "eier leiligheten", "eier"),
    ("bosituasjon", "har ikke fast bolig", "uten_bolig"),
    ("inntekt", "lønn og bostøtte", "lonn,bostotte"),
    ("inntekt", "ingen", "ingen"),
    ("utgifter", "strøm og gjeld", "strom,gjeld"),
    ("utgifter", "vet ikke", "vet_ikke"),
    ("bosituasjon", "I rent a flat", "leier"),
    # the English guide's work question: "part time" alone was stored as "other"
    ("arbeid", "I work part time", "arbeid"),
    ("arbeid", "part time", "arbeid"),
    ("arbeid", "full-time", "arbeid"),
])
def test_parse_answer(field: str, text: str, expected: str) -> None:
    assert parse_answer(field, text) == expected


def test_yes_no_intents_answer_the_children_question() -> None:
    assert parse_answer("barn", "jepp", intent="affirm") == "ja"
    assert parse_answer("barn", "nope", intent="deny") == "nei"
    assert parse_answer("barn", "hmm") is None


def test_extras_prefill_and_corrections() -> None:
    assert extract_extras("jeg er student og leier hybel", asked="behov") == {"arbeid": "student",
                                                                              "bosituasjon": "leier"}
    assert extract_extras("jeg mener jeg bor hos mamma", asked="inntekt") == {"bosituasjon": "bor_hos_andre"}
    assert is_correction("nei jeg mener jeg leier")
    assert not is_correction("jeg leier")


def test_no_barnehage_question_without_children() -> None:
    assert "barnehage" not in required_fields({"barn": "nei"})
    assert "barnehage" in required_fields({"barn": "ja"})
    # probe 72 (r25): after "vet ikke" to the children question, "Går barna i barnehage eller SFO?" was asked
    assert "barnehage" not in required_fields({"barn": "vet_ikke"})
    assert "barnehage" in required_fields({"barn": None})


def test_capability_digital_with_innsyn() -> None:
    info = {"navn": "Bergen", "digisos": {"digital_soknad": True, "midlertidig_stengt": False, "innsyn": True}}
    text = capability_advice(capability_from_router("Bergen", info), "nb")
    assert "tar imot digitale søknader" in text and "Dine søknader" in text and "papir" in text


def test_capability_temporarily_closed_points_to_paper() -> None:
    cap = KommuneCapability(navn="Moss", digital_soknad=True, midlertidig_stengt=True, innsyn=True)
    assert cap.can_apply_digitally is False
    text = capability_advice(cap, "nb")
    assert "midlertidig stengt" in text and "papir" in text and "Dine søknader" not in text


def test_capability_no_digital_and_no_innsyn() -> None:
    info = {"navn": "Lesja", "digisos": {"digital_soknad": False, "midlertidig_stengt": None, "innsyn": False}}
    text = capability_advice(capability_from_router("Lesja", info), "en")
    assert "does not accept online applications" in text and "does not show case status" in text


def test_capability_unknown_when_router_down() -> None:
    text = capability_advice(capability_from_router("Oslo", None), "nb")
    assert "fikk ikke sjekket" in text and "55 55 33 33" in text


def test_validate_field_fills_prefills_and_corrects() -> None:
    from actions.digisos_form import validate_field
    from tests.unit.actions.bot_action_fakes import tracker

    t = tracker({"digisos_bosituasjon": None}, ["digisos_answer"], text="jeg er student og leier hybel")
    updates, corrected = validate_field("behov", "jeg er student og leier hybel", t)
    # the need in the bruker's own words, not a bare "annet" (it fits none of the need's choices)
    assert updates.pop("digisos_oppsummering") == ("Behov: «jeg er student og leier hybel»; Arbeid/utdanning: "
                                                   "student; Bosituasjon: leier")
    assert updates == {"digisos_arbeid": "student", "digisos_bosituasjon": "leier",
                       "digisos_behov": "annet:jeg er student og leier hybel"}
    assert corrected == []

    t = tracker({"digisos_bosituasjon": "eier"}, ["digisos_answer"], text="nei jeg mener jeg leier")
    updates, corrected = validate_field("inntekt", "nei jeg mener jeg leier", t)
    updates.pop("digisos_oppsummering")
    assert updates == {"digisos_bosituasjon": "leier", "digisos_inntekt": None}
    assert corrected == ["Bosituasjon: leier"], "said in words, not as a key and its code"


def test_button_payload_answer_entity_wins() -> None:
    from actions.digisos_form import validate_field
    from tests.unit.actions.bot_action_fakes import tracker

    t = tracker({}, ["digisos_answer"], text='/digisos_answer{"answer": "uten fast bolig"}',
                entities=[{"entity": "answer", "value": "uten fast bolig"}])
    updates, _ = validate_field("bosituasjon", t.latest_message["text"], t)
    assert updates["digisos_bosituasjon"] == "uten_bolig"


def test_summary_reads_as_words_not_codes() -> None:
    from actions.digisos import summary_lines

    text = summary_lines({"inntekt": "lonn,bostotte", "utgifter": "strom", "bosituasjon": "uten_bolig"}, "nb")
    assert "lønn, bostøtte" in text and "strøm" in text and "uten fast bolig" in text
    assert "lonn" not in text and "strom" not in text
    assert "løn" in summary_lines({"inntekt": "lonn"}, "nn")
