"""Zalgo text (a letter under hundreds of combining marks) is cut to a few marks per letter before it is stored;
real writing in the service's languages passes untouched (probe 96: 500 marks painted over the console)."""

from __future__ import annotations

import unicodedata

import pytest

from router.domain.language_policy import SUPPORTED_LANGUAGES
from router.services.conversations import create_conversation
from router.services.receive import receive_user_message
from router.services.relay import MAX_MARKS_PER_LETTER, limit_combining_marks, validate_user_text
from router.texts import _module_texts
from tests.unit.services.conftest import World

# Real text with marks, typed as people type it (several decomposed, as some phones and keyboards send them).
REAL = {
    "vi": "Tôi cần giúp đỡ về trợ cấp xã hội, người ở đâu? Nguyễn Thị Hường",
    "ar": "أُرِيدُ التَّحَدُّثَ مَعَ مُوَظَّفٍ، شُكْرًا جَزِيلًا. مُحَمَّدٌ",
    "th": "ฉันต้องการความช่วยเหลือเรื่องเงินช่วยเหลือสังคม ขอบคุณครับ ผู้ที่อยู่ที่นี่",
    "ti": "ሰላም፡ ሓገዝ የድልየኒ ኣሎ። ገንዘብ የብለይን።",
    "hi": "मुझे सामाजिक सहायता चाहिए। क्षत्रिय ज़रूरत फ़ॉर्म कृपया धन्यवाद",
    "ur": "مجھے سماجی مدد کی ضرورت ہے، شُکریہ۔ اِنْشَاءَ اللّٰہ",
    "fa": "من به کمک نیاز دارم، مُتِشَکِّرَم",
    "uk": "Мені потрібна допомога, будь ласка. Йо́сип",
    "pl": "Potrzebuję pomocy z zasiłkiem, dziękuję. Źdźbło",
    "lt": "Man reikia pagalbos, ačiū. Ąžuolas ėjo į mokyklą",
    "ro": "Am nevoie de ajutor, mulțumesc. Ștefan și Țara",
    "tr": "Yardıma ihtiyacım var, teşekkürler. Çağrı Işık",
}


def _forms(text: str) -> list[str]:
    return [text, unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)]


@pytest.mark.parametrize("language", sorted(SUPPORTED_LANGUAGES))
def test_the_fixed_texts_of_every_language_pass_untouched(language: str) -> None:
    texts = [t for t in _module_texts(language).values() if isinstance(t, str)]
    assert texts
    for text in texts:
        for form in _forms(text):
            assert limit_combining_marks(form) == form


@pytest.mark.parametrize("language", sorted(REAL))
def test_real_writing_with_marks_passes_untouched(language: str) -> None:
    for form in _forms(REAL[language]):
        assert limit_combining_marks(form) == form
        assert validate_user_text(form, 4000) == form.strip()


def test_zalgo_keeps_a_few_marks_per_letter() -> None:
    zalgo = "H" + "\u0301" * 500 + "ei" + "\u0308\u0327" * 100
    cleaned = validate_user_text(zalgo, 4000)
    assert cleaned == "H" + "\u0301" * MAX_MARKS_PER_LETTER + "e" + "i" + "\u0308\u0327" * 2
    assert MAX_MARKS_PER_LETTER == 4


def test_joiners_between_marks_do_not_start_a_new_letter() -> None:
    stacked = "a" + "\u200d\u0301" * 50 + "b"
    cleaned = limit_combining_marks(stacked)
    assert sum(1 for c in cleaned if unicodedata.category(c)[0] == "M") == MAX_MARKS_PER_LETTER
    assert cleaned.startswith("a") and cleaned.endswith("b")


def test_marks_with_no_letter_before_them_are_cut_too() -> None:
    assert limit_combining_marks("\u0301" * 30 + "x") == "\u0301" * MAX_MARKS_PER_LETTER + "x"


async def test_a_zalgo_message_is_stored_with_a_few_marks(world: World) -> None:
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    message, _ = await receive_user_message(world.deps, conversation.id, token, client_msg_id="z1",
                                            text="Hei" + "\u0301" * 500 + " der")
    await world.deps.tasks.drain()
    assert message["text"] == "Hei" + "\u0301" * MAX_MARKS_PER_LETTER + " der"
    stored = [m for m in world.store.messages.values() if m.conversation_id == conversation.id and m.sender == "user"]
    assert [m.original_text for m in stored] == [message["text"]]
