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
HOME, POWER = AcuteCategory.HOME_AT_RISK, AcuteCategory.POWER_CUT

# (language, text, category): at least two per language; every category in nb, nn and en.
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
    ("nb", "jeg har fått varsel om utkastelse", HOME),
    ("nb", "strømmen er stengt og vi har barn", POWER),
    ("nn", "eg har ikkje pengar til mat", FOOD),
    ("nn", "ikkje pengar att", MONEY),
    ("nn", "eg treng naudhjelp", MONEY),
    ("nn", "eg har ingen stad å sova i natt", SLEEP),
    ("nn", "ingen stad a sova", SLEEP),
    ("nn", "mannen min trugar meg", VIOLENCE),
    ("nn", "eg vil ikkje leve meir", SELF_HARM),
    ("nn", "eg har fått varsel om utkasting", HOME),
    ("nn", "straumen er stengd", POWER),
    ("en", "I have no food", FOOD),
    ("en", "we have nothing to eat today", FOOD),
    ("en", "I don't have any money left", MONEY),
    ("en", "I have nowhere to sleep tonight", SLEEP),
    ("en", "he hits me when he is drunk", VIOLENCE),
    ("en", "I want to kill myself", SELF_HARM),
    ("en", "I have received an eviction notice", HOME),
    ("en", "my power has been cut off", POWER),
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
    # The food has run out (probe 159: a Ukrainian bruker's words, while a veileder had the chat, were not flagged).
    ("uk", "Так, у мене є рахунок у DNB. Але грошей немає, у мене закінчилась їжа.", FOOD),
    ("uk", "їжа закінчилась", FOOD),
    ("ru", "у нас закончилась еда", FOOD),
    ("nb", "maten er slutt og ungene er sultne", FOOD),
    ("nn", "maten har teke slutt", FOOD),
    ("sv", "maten är slut", FOOD),
    ("da", "maden er sluppet op", FOOD),
    ("en", "we have run out of food", FOOD),
    ("pl", "skończyło się jedzenie", FOOD),
    ("nb", "hvor kan jeg sove i natt?", SLEEP),
    ("nn", "kvar kan eg sove i natt?", SLEEP),
    ("en", "where can I sleep tonight?", SLEEP),
]

# Ordinary questions and near misses that must not raise the alarm.
NEGATIVES = [
    "når kommer pengene", "hvor mye penger får jeg", "how much money will I get", "hvordan søker jeg sosialhjelp",
    # Decided: asking how to apply says nothing of having nothing today; the bot answers and offers a human.
    "kan jeg søke om penger til mat?", "kan jeg søke om hjelp til mat", "money for food - can I apply?",
    "jeg har ikke penger til husleie", "hva er nødhjelp", "klage på avslag om nødhjelp",
    "søke nødhjelp på forhånd for neste måned", "ta livet med ro", "jeg ble kastet ut av kurset",
    "jeg har ikke fått svar på søknaden", "jeg vil ikke være her i køen", "jeg vil dø av kjedsomhet her",
    "vi måtte flykte fra krigen", "the news hit me hard", "hit me up later",
    "how do I apply for food stamps", "I don't have my BankID", "orker ikke mer av dette skjemaet",
    "ich habe kein Konto", "no tengo cuenta bancaria", "nie mam konta",
    "tôi muốn đổi số tài khoản", "số tài khoản bị đổi", "không có gì an toàn", "từ từ thôi",
    "mă bate gândul să aplic", "hesap açmak istiyorum", "kalacak yer arıyorum", "", "   ", "?!",
    "når er søknaden slutt behandlet", "the form ran out of space", "hvor kan jeg bo når jeg flytter til Oslo?",
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


# The bot's emergency intent holds, besides these, only "jeg trenger hjelp nå" without saying with what, and
# questions of what nødhjelp or sosialvakten is (probe 106: answered by the bot in its acute thread, no danger said).
NOT_THE_ROUTERS = re.compile(r"^jeg trenger hjelp (nå|i dag, det haster)$|^(hva|kva|hvem|kven|what|who) (er|betyr|is)\b.*"
                             r"\b(nødhjelp|naudhjelp|sosialvakt\w*|emergency assistance|social emergency service)\b",
                             re.IGNORECASE)
# ... and (probe 117) no money said without what for ("har ingen penger"), none for weeks or months, money for food
# without a when ("trenger cash til mat"), or just out of prison (with or without "har ingenting"): the bot answers
# them in its acute thread, asking whether help is needed now; no danger is said for the
# router's net (food, a roof, power, violence, life).
NO_MONEY_ALONE = re.compile(r"^\W*((jeg|eg|æ|i) )?(har|have) (ingen|no) (penger|pengar|peng|money)$"
                            r"|\b(hatt|fått|had)( noe| noen| any)? (penger|pengar|money) (på|for) (en|ei|to|\d+|flere|"
                            r"fleire) (uker|veker|måned|måneder|månader|weeks|months)$"
                            r"|\b(fengsel\w*|soning|løslatt|lauslaten|prison)\b"
                            r"|^trenger (litt )?(cash|penger) til mat$", re.IGNORECASE)


def test_false_positives_on_the_bots_training_data_stay_rare() -> None:
    """Measured 0 of 2,525, and 120 of 122 hits (scripts/acute_need_report.py); a handful more false positives
    would still be a safe net."""
    examples = _nlu_examples()
    others = [text for intent, text in examples if intent != "sosialhjelp_emergency"]
    emergency = [text for intent, text in examples
                 if intent == "sosialhjelp_emergency" and not NOT_THE_ROUTERS.search(text)
                 and not NO_MONEY_ALONE.search(text)]
    false_positives = [text for text in others if detect(text)]
    hits = [text for text in emergency if detect(text)]
    assert len(others) > 1000 and len(emergency) > 50
    assert len(false_positives) <= 3, false_positives
    assert len(hits) / len(emergency) >= 0.95, [text for text in emergency if not detect(text)]


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
    # Standard Arabic "I do not own" (probe 156: the first sentence got only the "cannot translate" notice).
    ("ar", "مرحبا، أحتاج إلى مساعدة مالية لأنني لا أملك مالا لشراء الطعام. كيف أقدم طلبا للمساعدة الاجتماعية؟", FOOD),
    ("ar", "لا أملك طعاما", FOOD),
    ("ar", "لا نملك أي طعام للأطفال", FOOD),
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
    "كيف اقدم طلب للحصول على مال للطعام", "ما عندي فلوس للايجار", "لا أملك سيارة", "لا أملك المال لدفع الإيجار",
    "هل يمكنني أن أملك مالا للطعام؟", "پول برای اجاره ندارم",
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


# A home at risk (an eviction notice, the bailiff, a landlord who will throw the bruker out, a forced sale) and a power
# cut, in every language: before these were categories, only the Norwegian and English bot caught them, so an eviction
# written in Somali was not put first in line.
AT_RISK = [
    ("nb", "namsmannen kommer på torsdag", HOME),
    ("nb", "jeg kan miste leiligheten fordi jeg ikke har betalt husleie", HOME),
    ("nb", "utleier truer med å kaste meg ut", HOME),
    ("nb", "de truer med å stenge strømmen", POWER),
    ("nb", "strømmen blir stengt i morgen", POWER),
    ("nn", "namsmannen kjem neste veke", HOME),
    ("nn", "dei stengjer straumen i morgon", POWER),
    ("da", "fogeden kommer på fredag", HOME),
    ("da", "de har lukket for strømmen", POWER),
    ("sv", "jag har fått ett vräkningsbesked", HOME),
    ("sv", "de har stängt av strömmen", POWER),
    ("en", "I owe rent and my landlord will evict me", HOME),
    ("en", "they will cut off my electricity tomorrow", POWER),
    ("de", "ich habe eine Räumungsklage bekommen", HOME),
    ("de", "der Strom wurde abgestellt", POWER),
    ("es", "me van a desahuciar el lunes", HOME),
    ("es", "me han cortado la luz", POWER),
    ("pl", "komornik przyjdzie w czwartek", HOME),
    ("pl", "odcięli mi prąd", POWER),
    ("lt", "gavau įspėjimą dėl iškeldinimo", HOME),
    ("lt", "atjungė man elektrą", POWER),
    ("ro", "executorul vine vineri", HOME),
    ("ro", "mi-au tăiat curentul", POWER),
    ("ru", "пришло уведомление о выселении", HOME),
    ("ru", "угрожают отключить свет", POWER),
    ("uk", "прийшло попередження про виселення", HOME),
    ("uk", "нам відключили світло", POWER),
    ("ar", "وصلني إنذار بالإخلاء", HOME),
    ("ar", "قطعوا الكهرباء عنا", POWER),
    ("fa", "حکم تخلیه گرفتم", HOME),
    ("fa", "برقم را قطع کردند", POWER),
    ("ur", "مجھے بے دخلی کا نوٹس ملا ہے", HOME),
    ("ur", "ہماری بجلی کاٹ دی گئی ہے", POWER),
    ("so", "waxaan helay ogeysiis ah in guriga laga saarayo", HOME),
    ("so", "korontada waa la iga jaray", POWER),
    ("ti", "ካብ ገዛ ክወጽእ መጠንቀቕታ ተዋሂቡኒ", HOME),
    ("ti", "መብራህቲ ቆሪጾምለይ", POWER),
    ("tr", "tahliye kararı geldi", HOME),
    ("tr", "elektriğimi kestiler", POWER),
    ("th", "ได้รับหนังสือแจ้งให้ย้ายออก", HOME),
    ("th", "ถูกตัดไฟแล้ว", POWER),
    ("vi", "chủ nhà đuổi tôi đi", HOME),
    ("vi", "nhà tôi bị cắt điện", POWER),
]

# The same words in a question, a condition, or a bill that is hard to pay: nothing is at risk yet, the bot answers.
AT_RISK_NEAR_MISSES = [
    ("nb", "hva skjer hvis jeg ikke betaler husleia?"), ("nb", "kan de stenge strømmen?"),
    ("nb", "hva skjer hvis strømmen blir stengt?"), ("nb", "kan jeg miste leiligheten hvis jeg ikke betaler?"),
    ("nb", "kan utleier kaste meg ut?"), ("nb", "hva er et varsel om utkastelse?"),
    ("nb", "jeg har fått varsel om husleieøkning"), ("nb", "jeg klarer ikke å betale strømregningen"),
    ("nb", "har ikke strøm på mobilen"),
    ("nn", "kva skjer viss eg ikkje betalar husleiga?"), ("nn", "kan dei stengje straumen?"),
    ("da", "hvad sker der hvis jeg ikke betaler huslejen?"), ("da", "kan de lukke for strømmen?"),
    ("sv", "vad händer om strömmen blir avstängd?"), ("sv", "kan hyresvärden vräka mig?"),
    ("en", "what happens if I don't pay my rent?"), ("en", "can they cut off my electricity?"),
    ("en", "what if my power is cut off?"), ("en", "what is an eviction notice?"),
    ("de", "was passiert, wenn der Strom abgestellt wird?"), ("de", "kann der Vermieter mir kündigen?"),
    ("es", "¿qué pasa si no pago el alquiler?"), ("es", "¿me pueden cortar la luz?"),
    ("pl", "co się stanie, jeśli nie zapłacę czynszu?"), ("pl", "czy mogą odciąć prąd?"),
    ("lt", "kas bus, jei nesumokėsiu nuomos?"), ("lt", "ar gali atjungti elektrą?"),
    ("ro", "ce se întâmplă dacă nu plătesc chiria?"), ("ro", "dacă îmi taie curentul ce fac?"),
    ("ru", "что будет, если отключат свет?"), ("ru", "могут ли меня выселить?"),
    ("uk", "що буде, якщо відключать світло?"), ("uk", "чи можуть мене виселити?"),
    ("ar", "ماذا يحدث اذا لم ادفع الايجار؟"), ("ar", "هل سيقطعون الكهرباء؟"),
    ("fa", "اگر اجاره را ندهم چه می‌شود؟"), ("fa", "آیا برق را قطع می‌کنند؟"),
    ("ur", "اگر کرایہ نہ دوں تو کیا ہوگا؟"), ("ur", "کیا بجلی کاٹ دیں گے؟"),
    ("so", "maxaa dhacaya haddii aanan bixin kirada?"), ("so", "ma la iga jari karaa korontada?"),
    ("ti", "ክራይ እንተዘይከፊለ እንታይ ይኸውን?"), ("ti", "ክፍሊት መብራህቲ ክንደይ እዩ?"),
    ("tr", "kirayı ödemezsem ne olur?"), ("tr", "elektrik kesilecek mi?"),
    ("th", "ถ้าไม่จ่ายค่าเช่าจะเกิดอะไรขึ้น"), ("th", "ถ้าไม่จ่ายจะถูกตัดไฟไหม"),
    ("vi", "nếu không trả tiền nhà thì sao?"), ("vi", "có bị cắt điện không?"),
]


@pytest.mark.parametrize(("language", "text", "category"), AT_RISK)
def test_a_home_at_risk_and_a_power_cut_are_found_in_each_language(language: str, text: str,
                                                                    category: AcuteCategory) -> None:
    signal = detect(text, prefer=language)
    assert signal is not None, text
    assert (signal.category, signal.language) == (category, language)


@pytest.mark.parametrize(("language", "text"), AT_RISK_NEAR_MISSES)
def test_questions_about_rent_eviction_and_the_power_do_not_hit(language: str, text: str) -> None:
    assert detect(text, prefer=language) is None, text


def test_every_language_has_a_home_at_risk_a_power_cut_and_a_near_miss() -> None:
    for language in SUPPORTED_LANGUAGES:
        assert {c for lang, _, c in AT_RISK if lang == language} == {HOME, POWER}, language
        assert any(lang == language for lang, _ in AT_RISK_NEAR_MISSES), language


def test_the_lack_of_today_comes_before_a_home_at_risk_and_a_home_before_the_power() -> None:
    order = list(AcuteCategory)
    assert order.index(MONEY) < order.index(HOME) < order.index(POWER)
    both = detect("jeg har fått varsel om utkastelse og har ikke noe sted å sove i natt")
    assert both is not None and both.category is SLEEP
    food = detect("strømmen er stengt og vi har ikke mat")
    assert food is not None and food.category is FOOD
    home = detect("namsmannen kommer og strømmen er stengt")
    assert home is not None and home.category is HOME
    # Already out stays nowhere to sleep; an eviction with a date ahead is a home at risk.
    assert detect("jeg ble kastet ut i går").category is SLEEP  # type: ignore[union-attr]
    assert detect("blir kastet ut av leiligheten på fredag").category is HOME  # type: ignore[union-attr]


# Eviction in everyday words (probe 86): a letter or notice to leave, the landlord throwing the bruker out, having to
# leave the flat by a near date, ending up on the street. The probe's six first: all found nothing before.
EVICTION = [
    ("ar", "وصلتني رسالة إخلاء من المالك، يجب أن أغادر الشقة يوم الجمعة. لدي ثلاثة أطفال."),
    ("pl", "Dostałem wypowiedzenie mieszkania, muszę się wyprowadzić w piątek"),
    ("tr", "Ev sahibi beni evden çıkarıyor"),
    ("so", "Waxaan helay warqad guri ka saarid"),
    ("en", "My landlord is kicking me out on Friday"),
    ("nb", "Jeg må flytte ut av leiligheten på fredag"),
    ("nb", "På fredag må jeg flytte ut"),  # the date first: the verb before its subject (left by probe 86's fix)
    ("nb", "Utleier ringte. Innen fredag må jeg være ute av leiligheten."),
    ("nn", "I morgon må eg flytte ut av husværet"),
    ("nb", "utleieren min sier at jeg må flytte ut"),
    ("nb", "jeg har fått oppsigelse av leiligheten og må være ute innen 1. januar"),
    ("nb", "vi må være ute av leiligheten i morgen"),
    ("nb", "vi står på gata på fredag"),
    ("nb", "huseier har sagt meg opp"),
    ("nb", "jeg har fått et utkastelsesbrev"),
    ("nn", "eg må flytte ut av husværet på fredag"),
    ("nn", "utleigaren seier at eg må flytte"),
    ("nn", "eg har fått oppseiing av husleigekontrakten"),
    ("da", "jeg er nødt til at flytte ud af lejligheden på fredag"),
    ("da", "udlejeren smider mig ud"),
    ("da", "jeg har fået opsigelse af lejligheden"),
    ("sv", "jag måste flytta ut ur lägenheten på fredag"),
    ("sv", "hyresvärden kastar ut mig"),
    ("sv", "hyresvärden har sagt upp mitt kontrakt"),
    ("en", "I have to move out by Friday"),
    ("en", "we have to leave the flat next week"),
    ("en", "my landlord told me I have to move out"),
    ("en", "I'll be on the street on Monday"),
    ("en", "the landlord is throwing us out"),
    ("en", "I have eviction letter. Friday I must go"),
    ("de", "der Vermieter wirft mich raus"),
    ("de", "ich muss bis Freitag aus der Wohnung ausziehen"),
    ("de", "wir müssen am Montag ausziehen"),
    ("de", "der Vermieter hat mir gekündigt"),
    ("es", "el casero me echa del piso"),
    ("es", "tengo que dejar el piso el viernes"),
    ("es", "me voy a quedar en la calle"),
    ("pl", "właściciel wyrzuca mnie z mieszkania"),
    ("pl", "muszę się wyprowadzić do piątku"),
    ("lt", "savininkas išmeta mane iš buto"),
    ("lt", "turiu išsikraustyti iki penktadienio"),
    ("ro", "proprietarul mă dă afară"),
    ("ro", "trebuie să mă mut până vineri"),
    ("ru", "хозяин выгоняет меня из квартиры"),
    ("ru", "я должна съехать до пятницы"),
    ("ru", "мне нужно освободить квартиру в пятницу"),
    ("uk", "господар виганяє нас"),
    ("uk", "я мушу з'їхати до п'ятниці"),
    ("ar", "صاحب البيت يطردني"),
    ("ar", "لازم اطلع من البيت بكرا"),
    ("fa", "صاحبخانه داره بیرونم می‌کنه"),
    ("fa", "باید تا جمعه خانه را تخلیه کنم"),
    ("ur", "مالک مکان مجھے نکال رہا ہے"),
    ("ur", "مجھے جمعہ تک گھر خالی کرنا ہے"),
    ("so", "milkiilaha ayaa iga saarayaa guriga"),
    ("so", "waa inaan ka guuraa guriga jimcaha"),
    ("ti", "ካብ ገዛ ክወጽእ ኣለኒ"),
    ("ti", "ዋና ገዛ ካብ ገዛ የውጽኣኒ ኣሎ"),
    ("tr", "cumaya kadar evden çıkmam gerekiyor"),
    ("tr", "sokakta kalacağım"),
    ("th", "ต้องย้ายออกภายในวันศุกร์"),
    ("th", "ได้รับจดหมายให้ย้ายออก"),
    ("vi", "tôi phải dọn ra khỏi nhà vào thứ sáu"),
    ("vi", "tôi nhận được thư đuổi nhà"),
]

# A move that is not forced or has no near date, a question, a condition, the same verbs for something else.
EVICTION_NEAR_MISSES = [
    ("nb", "jeg skal flytte til Bergen"), ("nb", "jeg må flytte timen min på fredag"),
    ("nb", "må jeg flytte ut hvis jeg ikke betaler husleia?"), ("nb", "hva skjer hvis jeg må flytte ut på fredag?"),
    ("nb", "jeg har fått oppsigelse fra jobben"), ("nb", "jeg må flytte ut neste år"), ("nb", "jeg flytter ut på fredag"),
    ("nb", "kan utleier si at jeg må flytte?"), ("nb", "havner jeg på gata?"),
    ("nb", "på fredag må jeg flytte timen min"), ("nb", "på mandag må jeg flytte til Bergen"),
    ("nb", "hvis jeg ikke betaler innen fredag må jeg flytte ut"), ("nb", "neste år må jeg flytte ut"),
    ("nn", "kva skjer viss eg må flytte ut på fredag?"), ("nn", "eg skal flytte til Bergen i morgon"),
    ("da", "hvad sker der hvis jeg skal flytte ud på fredag?"), ("da", "jeg skal flytte til Aarhus på fredag"),
    ("sv", "måste jag flytta ut på fredag?"), ("sv", "jag ska flytta till Malmö på fredag"),
    ("en", "do I have to move out if I can't pay rent?"), ("en", "what happens if I have to move out on Friday?"),
    ("en", "I'm moving to Bergen next week"), ("en", "can my landlord kick me out?"),
    ("en", "will I end up on the street?"), ("en", "I have to move my appointment to Friday"),
    ("en", "what is a notice to quit?"), ("en", "is he going to kick me out?"), ("en", "are they kicking me out?"),
    ("de", "muss ich ausziehen, wenn ich die Miete nicht zahle?"), ("de", "ich ziehe am Freitag nach Berlin"),
    ("de", "Guten Morgen, ich muss mich auf dich verlassen"), ("de", "werde ich auf der Straße landen?"),
    ("es", "¿me pueden echar del piso?"), ("es", "mi madre me echa de menos"), ("es", "me mudo a Madrid el viernes"),
    ("pl", "czy muszę się wyprowadzić w piątek?"), ("pl", "muszę wyprowadzić psa jutro"),
    ("pl", "czy właściciel może mnie wyrzucić?"),
    ("lt", "ar turiu išsikraustyti iki penktadienio?"), ("lt", "kraustausi į Vilnių rytoj"),
    ("ro", "dacă trebuie să mă mut vineri, ce fac?"), ("ro", "mă poate da afară proprietarul?"),
    ("ru", "должен ли я съехать до пятницы?"), ("ru", "если мне надо съехать завтра, что делать?"),
    ("ru", "если я должен съехать завтра"), ("ru", "могут ли меня выгнать?"),
    ("uk", "чи мушу я з'їхати до п'ятниці?"), ("uk", "якщо треба з'їхати завтра, що робити?"),
    ("uk", "чи я мушу з'їхати завтра"),
    ("ar", "هل يجب ان اغادر الشقة يوم الجمعة؟"), ("ar", "ما هو خطاب الإخلاء؟"),
    ("ar", "اذا لازم اطلع من البيت بكرا شو بعمل"),
    ("fa", "آیا باید تا جمعه خانه را تخلیه کنم؟"), ("fa", "اگر صاحبخانه مرا بیرون کند چه کنم؟"),
    ("fa", "آیا صاحبخانه می‌تواند مرا بیرون کند؟"),
    ("ur", "کیا مجھے جمعہ تک گھر خالی کرنا ہوگا؟"), ("ur", "اگر گھر خالی کرنا پڑے تو کیا ہوگا؟"),
    ("so", "ma la iga saari karaa guriga?"), ("so", "waa inaan tagaa xafiiska maanta"),
    ("ti", "ክራይ እንተዘይከፊለ እንታይ ይኸውን?"),
    ("tr", "ev sahibi beni evden çıkarabilir mi?"), ("tr", "cumaya kadar evden çıkmam gerekiyor mu?"),
    ("tr", "yarın Ankara'ya taşınıyorum"),
    ("th", "ต้องย้ายออกภายในวันศุกร์ไหม"), ("th", "ถ้าต้องย้ายออกพรุ่งนี้จะทำอย่างไร"),
    ("vi", "tôi có phải dọn ra vào thứ sáu không?"), ("vi", "nếu tôi phải dọn ra ngày mai thì sao"),
]


@pytest.mark.parametrize(("language", "text"), EVICTION)
def test_eviction_in_everyday_words_is_a_home_at_risk_in_each_language(language: str, text: str) -> None:
    signal = detect(text, prefer=language)
    assert signal is not None, text
    assert (signal.category, signal.language) == (HOME, language)


@pytest.mark.parametrize(("language", "text"), EVICTION_NEAR_MISSES)
def test_a_move_without_force_or_a_near_date_and_questions_about_one_do_not_hit(language: str, text: str) -> None:
    assert detect(text, prefer=language) is None, text


def test_every_language_has_everyday_eviction_words_and_a_near_miss() -> None:
    for language in SUPPORTED_LANGUAGES:
        assert sum(lang == language for lang, _ in EVICTION) >= 2, language
        assert any(lang == language for lang, _ in EVICTION_NEAR_MISSES), language


def test_patterns_matched_at_the_start_are_anchored_as_a_whole() -> None:
    """Patterns that begin with "^" are matched once, at the start (acute_need._compile): an alternative at the top
    of one ("^a|b") would then never be looked for further on."""
    for by_category in PATTERNS.values():
        for patterns in by_category.values():
            for pattern in patterns:
                if pattern.startswith("^"):
                    depth, escaped = 0, False
                    for char in pattern:
                        depth += (char == "(") - (char == ")") if not escaped else 0
                        assert escaped or depth or char != "|", pattern
                        escaped = char == "\\" and not escaped


# Probe 117, brukere as they write: SMS style and dialect the bot's NLU caught and the router's own check did not.
@pytest.mark.parametrize(("text", "category"), [
    ("trenger penger til mat asap", AcuteCategory.NO_FOOD),
    ("hj trenger cash til mat asap", AcuteCategory.NO_FOOD),
    ("æ har ikke ei krone igjen", AcuteCategory.NO_MONEY),
    ("æ har itj ei krone", AcuteCategory.NO_MONEY),
    ("trenger litt cash til mat asap", AcuteCategory.NO_FOOD),
    # A probe's nynorsk bruker, no money and no food in one breath: the bot's NLU caught it, the router did not.
    ("Eg har ingen pengar og ikkje mat til borna i dag.", AcuteCategory.NO_FOOD),
    ("Jeg har ingen penger og ikke mat til barna i dag", AcuteCategory.NO_FOOD),
    ("eg har korkje pengar eller mat", AcuteCategory.NO_FOOD),
    ("har verken penger eller mat", AcuteCategory.NO_FOOD),
])
def test_sms_style_and_dialect_lacks_of_today_are_found(text: str, category: AcuteCategory) -> None:
    signal = detect(text)
    assert signal is not None and signal.category is category, text


@pytest.mark.parametrize("text", ["trenger penger til mat neste måned", "kan jeg få penger til mat", "ei krone",
                                  "hva om jeg ikke har penger eller mat neste måned", "eg har ingen pengar"])
def test_the_same_words_without_a_lack_of_today_do_not_hit(text: str) -> None:
    assert detect(text) is None, text
