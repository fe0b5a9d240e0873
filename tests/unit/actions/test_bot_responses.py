"""Every answer in which the bot says it cannot help carries a way to a human and NAV's phone number."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
# The bot saying what it cannot do ("Jeg kan ikke se saken din", "Sorry, I cannot help with that").
CANNOT = re.compile(r"\b(jeg kan (dessverre )?ikke|kan jeg (dessverre )?ikke|eg kan (dessverre )?ikkje|"
                    r"kan eg (dessverre )?ikkje|I cannot|I can't|I could not|jeg fikk ikke|eg fekk ikkje)\b",
                    re.IGNORECASE)
PHONE = "55 55 33 33"


def _responses() -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for path in sorted((ROOT / "bot").glob("*.yml")):
        found.update((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {})
    return found


def test_every_i_cannot_answer_has_a_human_and_the_phone() -> None:
    missing = []
    for name, variants in _responses().items():
        for variant in variants:
            text = variant.get("text") or ""
            if not CANNOT.search(text):
                continue
            payloads = [b.get("payload") for b in variant.get("buttons") or []]
            if PHONE not in text or "/human_handoff" not in payloads:
                missing.append(f"{name}: {text[:70]}")
    assert not missing, "\n".join(missing)


HOURS = {"nb": "(hverdager 09–15)", "nn": "(kvardagar 09–15)", "en": "(weekdays 09–15)"}


def test_every_response_that_gives_nav_s_phone_gives_its_hours_in_its_language() -> None:
    """31 responses gave 55 55 33 33 with no hours: a bruker on a Saturday called a closed phone."""
    missing = []
    for name, variants in _responses().items():
        for variant in variants:
            text = variant.get("text") or ""
            lang = next((c["value"] for c in variant.get("condition") or [] if c.get("name") == "language"), "nb")
            if text.count(PHONE) != text.count(f"{PHONE} {HOURS[lang]}"):
                missing.append(f"{name} ({lang}): {text[:70]}")
    assert not missing, "\n".join(missing)


def _action_texts() -> list[tuple[str, str, str]]:
    """(where, language, text) of every nb/nn/en text the action modules define, at any depth of their dicts."""
    import importlib
    import pkgutil

    import actions

    found: list[tuple[str, str, str]] = []

    def walk(where: str, value: object) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key in HOURS and isinstance(inner, str):
                    found.append((where, key, inner))
                else:
                    walk(f"{where}.{key}", inner)

    for info in pkgutil.iter_modules(actions.__path__):
        module = importlib.import_module(f"actions.{info.name}")
        for name, value in vars(module).items():
            if name.isupper():
                walk(f"{info.name}.{name}", value)
    return found


def test_every_action_text_that_gives_nav_s_phone_gives_its_hours_in_its_language() -> None:
    texts = _action_texts()
    assert len([t for t in texts if "{phone}" in t[2]]) > 20, "the walk finds the action texts"
    # A text said only while the phone is closed says when it opens ({opens}, from the router) instead of its hours.
    missing = [f"{where} ({lang}): {text[:60]}" for where, lang, text in texts
               if "{opens}" not in text and text.count("{phone}") != text.count("{phone} ({phone_hours})")]
    assert not missing, "\n".join(missing)


def test_the_action_texts_give_the_phone_s_hours_from_the_router_s_one_text(monkeypatch) -> None:
    """The action texts wrote NAV's phone hours themselves ("(hverdager 09–15)", 66 places) beside the router's one
    text per language (router/texts nav_phone_hours): new hours would have reached the router's texts and not the
    bot's. pick fills {phone_hours} from that text, as the router's texts are filled."""
    import importlib

    from actions.common import pick

    hours = {"nb": "hverdager 08–16", "nn": "kvardagar 08–16", "en": "weekdays 08–16"}
    for lang, said in hours.items():
        monkeypatch.setitem(importlib.import_module(f"router.texts.{lang}").TEXTS, "nav_phone_hours", said)
    with_hours = [(where, lang, pick({lang: text}, lang)) for where, lang, text in _action_texts()
                  if "{phone}" in text and "{opens}" not in text]
    assert len(with_hours) > 60, "the walk finds the action texts"
    missing = [f"{where} ({lang}): {text[:70]}" for where, lang, text in with_hours
               if "09–15" in text or text.count(PHONE) != text.count(f"{PHONE} ({hours[lang]})")]
    assert not missing, "\n".join(missing)


def test_no_action_source_writes_nav_s_phone_hours() -> None:
    """NAV's phone hours live in one text per language (router/texts nav_phone_hours): the actions write
    {phone_hours}."""
    written = [f"{path.name}:{number}" for path in sorted((ROOT / "actions").glob("*.py"))
               for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if re.search(r"\b0?9 ?[–-] ?15\b", line)]
    assert not written, written


def test_nav_s_phone_in_english_has_the_country_code() -> None:
    """The English bot wrote "55 55 33 33" where the router writes "+47 55 55 33 33": a bruker writing English may
    call from abroad. Every English response and every English text of the actions gives it with +47 (the digisos
    and guide texts were left out of this check, and five of theirs wrote it without)."""
    import actions.conversation
    import actions.emergency
    import actions.fallback
    import actions.handoff
    import actions.login
    import actions.office_lookup

    missing = [f"{name}: {variant['text'][:70]}" for name, variants in _responses().items() for variant in variants
               if any(c.get("value") == "en" for c in variant.get("condition") or [])
               and (variant.get("text") or "").count(PHONE) != (variant.get("text") or "").count(f"+47 {PHONE}")]
    # Texts these modules define (actions/emergency.py's, which conversation imports, are not theirs).
    owned = tuple(f"{module.__name__.split('.')[-1]}.{name}."
                  for module in (actions.office_lookup, actions.fallback, actions.conversation, actions.handoff,
                                 actions.login)
                  for name, value in vars(module).items()
                  if name.isupper() and not any(value is other for other in vars(actions.emergency).values()))
    missing += [f"{where}: {text[:60]}" for where, lang, text in _action_texts()
                if lang == "en" and text.count("{phone}") != text.count("+47 {phone}")]
    assert not missing, "\n".join(missing)
    assert len([where for where, lang, _ in _action_texts() if where.startswith(owned) and lang == "en"]) > 10


def test_the_answer_about_savings_and_a_car_does_not_start_with_an_unconditional_yes() -> None:
    """"må jeg selge bilen" got "Ja, sparepenger og annen formue (…, bil …) teller med": a car needed for work,
    health or the children may be kept, and NAV assesses each situation."""
    for variant in _responses()["utter_sosialhjelp_savings"]:
        text = variant["text"]
        assert not text.lower().startswith(("ja", "yes")), text
        assert any(word in text for word in ("jobb", "work")) and any(w in text for w in ("hels", "health")), text


def test_barnetrygd_is_not_called_income() -> None:
    """A probe: "teller barnetrygd som inntekt?" got no word of it, and the guide's children question said children
    "can mean income such as barnetrygd". Since 1 September 2022 barnetrygd is kept out of the assessment of
    økonomisk sosialhjelp (sosialtjenesteloven § 18); barnebidrag is income."""
    from actions.guide_questions import WHY_WE_ASK

    said = [variant["text"] for variant in _responses()["utter_sosialhjelp_eligibility"]] + list(WHY_WE_ASK["barn"].values())
    assert len(said) == 6
    for text in said:
        assert re.search(r"(Barnetrygd|Child benefit \(barnetrygd\)) (regnes ikke|blir ikkje rekna|does not count)",
                         text), text
        assert "inntekter som barnetrygd" not in text and "income such as child benefit" not in text, text
