"""The router's own acute-need patterns: every supported language, every category, and what must not hit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from router.domain.acute_need import LANGUAGE_ORDER, PATTERNS, AcuteCategory, detect, normalize
from router.domain.language_policy import SUPPORTED_LANGUAGES

ROOT = Path(__file__).resolve().parents[3]
SELF_HARM, VIOLENCE, SLEEP, FOOD, MONEY = (AcuteCategory.SELF_HARM, AcuteCategory.VIOLENCE,
                                           AcuteCategory.NOWHERE_TO_SLEEP, AcuteCategory.NO_FOOD,
                                           AcuteCategory.NO_MONEY)

# (language, text, category): at least two per language; all five categories in nb, nn and en.
POSITIVES = [
    ("nb", "Jeg har ikke penger til mat", FOOD),
    ("nb", "jeg har ingen mat til barna", FOOD),
    ("nb", "har ikke noe mat igjen i kjøleskapet", FOOD),
    ("nb", "ingen mat ingen penger", FOOD),
    ("nb", "jeg har null kroner", MONEY),
    ("nb", "jeg trenger nødhjelp", MONEY),
    ("nb", "har ikke noen penger igjen", MONEY),
    ("nb", "jeg har ikke noe sted å sove i natt", SLEEP),
    ("nb", "jeg har ikke noe sted a sove", SLEEP),
    ("nb", "jeg er hjemløs", SLEEP),
    ("nb", "samboeren min slår meg", VIOLENCE),
    ("nb", "jeg tør ikke dra hjem", VIOLENCE),
    ("nb", "jeg vil ikke leve lenger", SELF_HARM),
    ("nb", "jeg tenker på å ta livet av meg", SELF_HARM),
    ("nn", "eg har ikkje pengar til mat", FOOD),
    ("nn", "ikkje pengar att", MONEY),
    ("nn", "eg treng naudhjelp", MONEY),
    ("nn", "eg har ingen stad å sova i natt", SLEEP),
    ("nn", "ingen stad a sova", SLEEP),
    ("nn", "mannen min trugar meg", VIOLENCE),
    ("nn", "eg vil ikkje leve meir", SELF_HARM),
    ("en", "I have no food", FOOD),
    ("en", "we have nothing to eat today", FOOD),
    ("en", "I don't have any money left", MONEY),
    ("en", "I have nowhere to sleep tonight", SLEEP),
    ("en", "he hits me when he is drunk", VIOLENCE),
    ("en", "I want to kill myself", SELF_HARM),
    ("da", "jeg har ingen penge til mad", FOOD),
    ("da", "jeg har ingen steder at sove", SLEEP),
    ("sv", "jag har inga pengar till mat", FOOD),
    ("sv", "jag har ingenstans att sova i natt", SLEEP),
    ("sv", "han slår mig", VIOLENCE),
    ("pl", "nie mam pieniędzy na jedzenie", FOOD),
    ("pl", "nie mam gdzie spać", SLEEP),
    ("pl", "mąż mnie bije", VIOLENCE),
    ("lt", "neturiu pinigų maistui", FOOD),
    ("lt", "neturiu kur miegoti", SLEEP),
    ("uk", "в мене немає грошей на їжу", FOOD),
    ("uk", "мені ніде жити", SLEEP),
    ("uk", "він б'є мене", VIOLENCE),
    ("ru", "у меня нет денег на еду", FOOD),
    ("ru", "мне негде спать", SLEEP),
    ("ru", "не хочу жить", SELF_HARM),
    ("ar", "ليس عندي فلوس للاكل", FOOD),
    ("ar", "زوجي يضربني", VIOLENCE),
    ("ar", "ما عندي مكان انام فيه", SLEEP),
    ("so", "cunto ma haysto", FOOD),
    ("so", "meel aan seexdo ma haysto", SLEEP),
    ("ti", "መግቢ የብለይን", FOOD),
    ("ti", "ዝድቅሰሉ ቦታ የብለይን", SLEEP),
    ("fa", "پول برای غذا ندارم", FOOD),
    ("fa", "جایی برای خوابیدن ندارم", SLEEP),
    ("fa", "به خودکشی فکر می‌کنم", SELF_HARM),
    ("ur", "میرے پاس کھانے کے پیسے نہیں ہیں", FOOD),
    ("ur", "میرے پاس رہنے کی جگہ نہیں", SLEEP),
    ("tr", "yemek alacak param yok", FOOD),
    ("tr", "kalacak yerim yok", SLEEP),
    ("tr", "kocam beni dövüyor", VIOLENCE),
    ("es", "no tengo dinero para comida", FOOD),
    ("es", "no tengo donde dormir esta noche", SLEEP),
    ("es", "mi pareja me pega", VIOLENCE),
    ("de", "ich habe kein Geld für Essen", FOOD),
    ("de", "ich bin obdachlos", SLEEP),
    ("de", "ich will nicht mehr leben", SELF_HARM),
    ("ro", "nu am bani de mâncare", FOOD),
    ("ro", "nu am unde să dorm", SLEEP),
    ("th", "ไม่มีเงินซื้ออาหาร", FOOD),
    ("th", "ไม่มีที่นอนคืนนี้", SLEEP),
    ("th", "สามีทำร้ายฉัน", VIOLENCE),
    ("vi", "tôi không có tiền mua đồ ăn", FOOD),
    ("vi", "tôi không có chỗ ở", SLEEP),
    ("vi", "toi khong co cho ngu", SLEEP),
    # everyday phrasings a probe found missed (without a model these languages reach no bot: this is the only net)
    ("pl", "Nie mam dziś nic do jedzenia", FOOD),
    ("tr", "Bugün hiç yiyeceğim yok", FOOD),
    ("tr", "yiyecek hiçbir şeyim yok", FOOD),
    ("uk", "нема що їсти", FOOD),
    ("uk", "мені нема де спати", SLEEP),
    ("ar", "بدي موت", SELF_HARM),
    ("so", "waxaan doonayaa inaan dhinto", SELF_HARM),
]

# Ordinary questions and near misses that must not raise the alarm.
NEGATIVES = [
    "når kommer pengene", "hvor mye penger får jeg", "how much money will I get", "hvordan søker jeg sosialhjelp",
    # Decided: asking how to apply says nothing of having nothing today; the bot answers and offers a human.
    "kan jeg søke om penger til mat?", "kan jeg søke om hjelp til mat", "money for food - can I apply?",
    "jeg har ikke penger til husleie", "hva er nødhjelp", "klage på avslag om nødhjelp",
    "søke nødhjelp på forhånd for neste måned", "ta livet med ro", "jeg ble kastet ut av kurset",
    "jeg har ikke fått svar på søknaden", "jeg vil ikke være her i køen", "jeg vil dø av kjedsomhet her",
    "vi måtte flykte fra krigen", "de truer med å stenge strømmen", "the news hit me hard", "hit me up later",
    "how do I apply for food stamps", "I don't have my BankID", "orker ikke mer av dette skjemaet",
    "ich habe kein Konto", "no tengo cuenta bancaria", "nie mam konta", "угрожают отключить свет",
    "tôi muốn đổi số tài khoản", "số tài khoản bị đổi", "không có gì an toàn", "từ từ thôi",
    "mă bate gândul să aplic", "hesap açmak istiyorum", "kalacak yer arıyorum", "", "   ", "?!",
]


@pytest.mark.parametrize(("language", "text", "category"), POSITIVES)
def test_acute_need_is_found_in_each_language(language: str, text: str, category: AcuteCategory) -> None:
    signal = detect(text, prefer=language)
    assert signal is not None, text
    assert (signal.category, signal.language) == (category, language)


def test_every_supported_language_has_patterns_and_positives() -> None:
    assert set(PATTERNS) == SUPPORTED_LANGUAGES
    assert all(set(PATTERNS[language]) == set(AcuteCategory) for language in PATTERNS)
    for language in SUPPORTED_LANGUAGES:
        assert sum(1 for lang, _, _ in POSITIVES if lang == language) >= 2, language
    for language in ("nb", "nn", "en"):
        assert {c for lang, _, c in POSITIVES if lang == language} == set(AcuteCategory), language


@pytest.mark.parametrize("text", NEGATIVES)
def test_ordinary_questions_do_not_hit(text: str) -> None:
    assert detect(text) is None


def test_norwegian_letters_case_and_spelling_do_not_matter() -> None:
    assert normalize("  HAR  Ikkje   NOKO!! ") == " har ikje noko "
    for text in ("ingen stad å sova", "INGEN STAD A SOVA", "ingen stad aa sova", "Ingen stad å søva"):
        assert detect(text) is not None, text
    for text in ("jeg sover ute i natt", "jeg sover ute i nat", "JEG SØVER UTE"):
        assert detect(text) is not None, text


def test_the_most_serious_category_wins_and_the_preferred_language_answers() -> None:
    signal = detect("jeg har ingen mat og han slår meg")
    assert signal is not None and signal.category is VIOLENCE
    shared = detect("jag har ingen mat")  # "ingen mat" is Norwegian and Swedish
    assert shared is not None and shared.language == "nb" and "sv" in shared.languages
    chosen = detect("jag har ingen mat", prefer="sv")
    assert chosen is not None and chosen.language == "sv"
    assert detect("ไม่มีเงินซื้ออาหาร", prefer="nb").language == "th"  # type: ignore[union-attr]
    assert LANGUAGE_ORDER[0] == "nb"


def _nlu_examples() -> list[tuple[str, str]]:
    examples = []
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for item in (yaml.safe_load(path.read_text()) or {}).get("nlu", []):
            for line in str(item.get("examples", "")).splitlines() if "intent" in item else []:
                text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line.strip().removeprefix("- ").strip())
                if text:
                    examples.append((item["intent"], text))
    return examples


# The bot's emergency intent also holds a power cut and a home at risk (an eviction notice, rent with a deadline,
# namsmannen): urgent, answered by the bot with the numbers and a person at once, but not one of the router's
# categories (nothing to eat or nowhere to sleep today), so they are left out of the hit rate below.
NOT_THE_ROUTERS = re.compile(r"str[oø]m|straum|power|electricity|utkast|kast\w* (meg )?ut|kaste meg ut|husleie|husleige|"
                             r"fravikelse|namsmann|evict|owe rent|miste (boligen|bustaden|leiligheten)|lose my apartment",
                             re.IGNORECASE)


def test_false_positives_on_the_bots_training_data_stay_rare() -> None:
    """Measured 0 of 1,694 (scripts/acute_need_report.py); a handful more would still be a safe net."""
    examples = _nlu_examples()
    others = [text for intent, text in examples if intent != "sosialhjelp_emergency"]
    emergency = [text for intent, text in examples
                 if intent == "sosialhjelp_emergency" and not NOT_THE_ROUTERS.search(text)]
    false_positives = [text for text in others if detect(text)]
    hits = [text for text in emergency if detect(text)]
    assert len(others) > 1000 and len(emergency) > 50
    assert len(false_positives) <= 3, false_positives
    assert len(hits) / len(emergency) >= 0.8


# The core meaning "no money for food", "nowhere to sleep" in the word orders people write, not only the one a
# pattern was first written for. The probe: "Salaan, waxaan u baahanahay caawimaad lacageed, ma haysto lacag aan
# cunto ku iibsado" ("I have no money to buy food") got no emergency notice and priority Vanlig.
WORD_ORDERS = [
    ("so", "Salaan, waxaan u baahanahay caawimaad lacageed, ma haysto lacag aan cunto ku iibsado", FOOD),
    ("so", "ma haysto lacag aan cunto ku iibsado", FOOD),
    ("so", "lacag aan cunto ku iibsado ma haysto", FOOD),
    ("so", "ma hayo lacag cunto", FOOD),
    ("so", "lacag cunto lagu iibsado ma hayno", FOOD),
    ("so", "ma haysto meel aan seexdo", SLEEP),
    ("so", "ma lihi meel aan ku seexdo caawa", SLEEP),
    ("so", "meel aan ku seexdo ma haysto", SLEEP),
    ("so", "ma lihi guri", SLEEP),
    ("ar", "ما عندي مصاري لأشتري أكل", FOOD),
    ("ar", "ليس لدي مال حتى اشتري الطعام", FOOD),
    ("ar", "ما عندي فلوس عشان اشتري اكل", FOOD),
    ("fa", "پول برای خرید غذا ندارم", FOOD),
    ("fa", "هیچ پولی ندارم که غذا بخرم", FOOD),
    ("fa", "ندارم پول برای غذا", FOOD),
    ("ur", "میرے پاس کھانا خریدنے کے لیے پیسے نہیں ہیں", FOOD),
    ("ur", "پیسے نہیں ہیں کہ کھانا خرید سکوں", FOOD),
    ("ur", "میرے پاس کوئی جگہ نہیں سونے کے لیے", SLEEP),
    ("ti", "ገንዘብ የብለይን መግቢ ክገዝእ", FOOD),
    ("ti", "ቦታ የብለይን ዝድቅሰሉ", SLEEP),
]

# The same words where nothing is lacking now: a question, money for something else.
WORD_ORDER_NEGATIVES = [
    "sidee baan u codsadaa lacag cunto", "lacagta cunto goormay imaaneysaa", "ma haysto lacag kirada",
    "ma haysto su'aal kale", "meel aan ku seexdo ayaan haystaa", "ma haysto BankID",
    "كيف اقدم طلب للحصول على مال للطعام", "ما عندي فلوس للايجار", "پول برای اجاره ندارم",
    "چطور برای پول غذا درخواست بدهم", "کرایے کے لیے پیسے نہیں", "کھانے کے پیسے کب ملیں گے",
    "ገንዘብ የብለይን ንኽራይ",
]


@pytest.mark.parametrize(("language", "text", "category"), WORD_ORDERS)
def test_no_money_for_food_and_nowhere_to_sleep_in_other_word_orders(language: str, text: str,
                                                                     category: AcuteCategory) -> None:
    signal = detect(text, prefer=language)
    assert signal is not None, text
    assert (signal.category, signal.language) == (category, language)


@pytest.mark.parametrize("text", WORD_ORDER_NEGATIVES)
def test_the_freer_word_orders_do_not_hit_questions_or_other_needs(text: str) -> None:
    assert detect(text) is None, text
