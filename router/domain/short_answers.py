"""A bare yes or no in any of the 20 supported languages, as an answer to the router's own offer of a person.

The router offers a person with its own notices (the emergency contacts, the helplines), in the bruker's
language, also where the bot cannot read it (no translation model). A typed "tak", "так" or "نعم" to that offer
got "we cannot translate" again, and a "ja" after the helplines got the bot's "what does your yes refer to?".
Only short replies count: "ja, men når kommer pengene?" is a question for the bot. "ok", "dobrze", "tamam" agree
to a question but after a statement only say "understood" (a probe's "ok" to "you have left the queue" queued the
bruker again, at the back): the caller says whether they count (``ok_is_yes``). Also two wishes the router
answers itself: a person ("Chcę rozmawiać z człowiekiem", where no model reads the language) and, while waiting in
a queue, the chatbot instead. Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from router.domain.acute_need import separated_words

# Lower case, without punctuation; one language a line, phrases separated by commas.
_YES = """
nb nn da sv en: ja, jaa, jo, jepp, ja takk, ja tack, ja tak, gjerne, ja gjerne, gjerne det, yes, yeah, yep,
    yes please, please
pl: tak, tak proszę, poproszę
ru uk: да, так, ага, да пожалуйста, так будь ласка
ar: نعم, ايوه, أيوه, اي, أجل, اجل, نعم من فضلك
fa: بله, آره, بله لطفا
ur: جی, جی ہاں, ہاں, ہاں جی
tr: evet, evet lütfen
es: sí, si, sí por favor, si por favor
de: ja bitte, gern, gerne, bitte
ro: da, da vă rog
lt: taip, taip prašau
so: haa, haye, haa fadlan
ti: እወ, እወ በጃኹም
th: ใช่, ใช่ครับ, ใช่ค่ะ
vi: có, vâng, dạ, có ạ, vâng ạ
"""
# "ok" and its kin: a yes to a question, "understood" after a statement.
_OK = """
nb nn da sv en: ok, okei, okay, sure
pl: dobrze
ru uk: хорошо, добре
fa: باشه
tr: tamam
es: vale
th: ได้, ได้ครับ, ได้ค่ะ
vi: được
"""
_NO = """
nb nn da sv en: nei, nej, nei takk, nej tack, nej tak, ikke nå, ikkje no, ikkje nå, no, nope, no thanks,
    no thank you, not now
pl: nie, nie dziękuję
ru uk: нет, ні, нет спасибо, ні дякую
ar: لا, لا شكرا
fa: نه, نه ممنون
ur: نہیں, نہیں شکریہ
tr: hayır, hayir, hayır teşekkürler
es: no gracias
de: nein, nein danke
ro: nu, nu mulțumesc
lt: ne, ne ačiū
so: maya, mayi
ti: ኣይፋል, ኣይኮነን
th: ไม่, ไม่ครับ, ไม่ค่ะ
vi: không, không cảm ơn
"""


def _by_language(block: str) -> dict[str, frozenset[str]]:
    """Each language's phrases; a line without a label goes on with the line above."""
    phrases: dict[str, set[str]] = {}
    labels: list[str] = []
    for line in block.strip().splitlines():
        label, colon, listed = line.partition(":")
        if colon and re.fullmatch(r"[a-z ]+", label):
            labels = label.split()
        else:
            listed = line
        for language in labels:
            phrases.setdefault(language, set()).update(p.strip() for p in listed.split(",") if p.strip())
    return {language: frozenset(listed) for language, listed in phrases.items()}


_OK_BY_LANGUAGE = _by_language(_OK)
_YES_BY_LANGUAGE = {language: phrases | _OK_BY_LANGUAGE.get(language, frozenset())
                    for language, phrases in _by_language(_YES).items()}
_NO_BY_LANGUAGE = _by_language(_NO)
YES = frozenset().union(*_YES_BY_LANGUAGE.values())
OK = frozenset().union(*_OK_BY_LANGUAGE.values())
NO = frozenset().union(*_NO_BY_LANGUAGE.values())


def normalized(text: str) -> str:
    """Lower case, NFC, one space between words (acute_need.separated_words: punctuation and emoji separate words,
    letters keep their marks)."""
    return separated_words(unicodedata.normalize("NFC", text).casefold())


# Longer than any listed phrase with room for spaces and punctuation: a long message is not read at all (every
# bruker message passes here, through the language policy; normalizing 2,000 characters took 170 µs).
_LONGEST_REPLY = 40


def yes_or_no(text: str, *, ok_is_yes: bool = True) -> Literal["yes", "no"] | None:
    """"yes" or "no" for a reply of at most three words that is only that; None for anything else. "ok" and its
    kin (OK) are a yes only with ``ok_is_yes`` (the reply answers a question); else None, an acknowledgement."""
    if len(text) > _LONGEST_REPLY:
        return None
    words = normalized(text)
    if not words or len(words.split()) > 3:
        return None
    if words in OK and not ok_is_yes:
        return None
    if words in YES:
        return "yes"
    if words in NO:
        return "no"
    return None


def languages_of_yes_or_no(text: str) -> frozenset[str]:
    """The languages in which ``text`` is a bare yes or no ("jaa": nb, nn, da, sv, en): a one-word answer a language
    detector cannot place (it takes "jaa" for Somali) is still known to be one of these."""
    if len(text) > _LONGEST_REPLY:
        return frozenset()
    words = normalized(text)
    return frozenset(language for by_language in (_YES_BY_LANGUAGE, _NO_BY_LANGUAGE)
                     for language, phrases in by_language.items() if words in phrases)


# A waiting bruker's wish to write with the chatbot instead ("Kan jeg heller snakke med chatroboten?", "back to the
# bot"): the chatbot named, with a word of talking, writing or going back. Norwegian, Danish, Swedish and English.
_THE_BOT = re.compile(r"\b(?:chat ?robot\w*|chat ?bot\w*|robot(?:en|ten)?|bot(?:en|ten)?)\b")
_TO_THE_BOT = re.compile(
    r"\b(?:snakke|snakka|prate|skrive|skriva|chatte|tale|tala|prata|tilbake|tilbage|tillbaka|heller|hellere|"
    r"hellre|talk|speak|chat|write|back|go|return|rather|instead|i staden|i stedet|i stället)\b")


def wants_the_bot(text: str) -> bool:
    """Whether a waiting bruker asks to write with the chatbot instead of waiting for a veileder."""
    words = normalized(text)
    return bool(_THE_BOT.search(words) and _TO_THE_BOT.search(words))


# A clear wish for a person, in each supported language: where no translation model reads the bruker's language, the
# router hears it itself and hands off ("Chcę rozmawiać z człowiekiem" got "we cannot translate" once more). Patterns
# over the normalized words (lower case, punctuation as spaces); a language a line.
_PERSON = {
    "nb nn da sv": r"\b(?:snakke|snakka|snakk|prate|prata|tale|tala|chatte)\s+med\s+(?:en\s+|ein\s+|et\s+|eit\s+)?"
                   r"(?:veileder|veiledar|rettleiar|menneske|människa|person|rådgiver|rådgivar|handläggare|"
                   r"saksbehandler|sakshandsamar|ansatt|noen|nokon|någon)\b",
    "en": r"\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+|an\s+|some\s+)?(?:real\s+)?(?:person|human|adviser|advisor|"
          r"someone|agent|caseworker|staff)\b",
    "pl": r"\b(?:po)?rozmawia\w*\s+z\s+(?:człowiekiem|doradcą|doradca|konsultantem|pracownikiem|osobą|kimś)",
    "uk": r"(?:по)?говори\w*\s+з\s+(?:живою\s+)?(?:людиною|консультантом|працівником|оператором|кимось)",
    "ru": r"(?:по)?говори\w*\s+с\s+(?:живым\s+)?(?:человеком|консультантом|сотрудником|оператором|кем\s+то)",
    "lt": r"\b(?:kalbėti|pasikalbėti|pakalbėti|kalbėtis)\s+su\s+(?:žmogumi|konsultantu|darbuotoju|kuo\s+nors)",
    "ar": r"(?:التحدث|التكلم|اتكلم|أتكلم|أتحدث|اتحدث|احكي|أحكي)\s+(?:مع|إلى|الى)\s+(?:موظف|شخص|مستشار|إنسان|انسان|أحد|احد)",
    "fa": r"با\s+(?:یک\s+)?(?:کارمند|مشاور|انسان|آدم|شخص)\b.*(?:صحبت|حرف)",
    "ur": r"(?:انسان|ملازم|مشیر|کسی\s+شخص|آدمی|کسی)\s+سے\s+بات",
    "tr": r"\b(?:bir\s+)?(?:insanla|danışmanla|temsilciyle|görevliyle|yetkiliyle|biriyle|personelle)\s+"
          r"(?:konuşmak|görüşmek|konuşabilir|konuşmam|görüşebilir)",
    "es": r"\bhablar\s+con\s+(?:una\s+persona|un\s+asesor|una\s+asesora|un\s+humano|alguien|un\s+agente)\b",
    "de": r"\bmit\s+(?:einem\s+menschen|einer\s+person|einem\s+berater|einer\s+beraterin|jemandem|"
          r"einem\s+mitarbeiter|einer\s+mitarbeiterin)\s+(?:sprechen|reden)\b",
    "ro": r"\b(?:vorbesc|vorbi|vorbească|vorbeasca)\s+cu\s+(?:un\s+om|o\s+persoană|un\s+consilier|cineva|un\s+operator)",
    "so": r"\bla\s+hadl\w*\s+(?:qof|la\s+taliye|shaqaale)",
    "ti": r"ምስ\s+(?:ሰብ|ኣማኻሪ|ሰራሕተኛ)\S*\s+(?:ክዛረብ|ክራኸብ|ክዛተ)",
    "th": r"(?:คุย|พูด)(?:\s*กับ)?\s*(?:คน|เจ้าหน้าที่|พนักงาน)",
    "vi": r"\b(?:nói chuyện|trò chuyện|gặp|nói)\s+với\s+(?:người thật|nhân viên|tư vấn viên|một người|ai đó|người)",
}
_PERSON_RE = re.compile("|".join(f"(?:{pattern})" for pattern in _PERSON.values()))
# A wish said not to be one ("jeg vil ikke snakke med noen", "I don't want to talk to a person"): a negation in the
# few words before it, in the same clause ("jeg har ikke penger, kan jeg snakke med en veileder?" is a wish).
_NOT_BEFORE = re.compile(r"\b(?:ikke|ikkje|inte|not|don t|dont|never|aldri|no)\b(?:\s+\S+){0,3}\s*$")
_CLAUSES = re.compile(r"[,.;:!?]+")


def person_wish(text: str) -> bool | None:
    """Whether ``text`` asks to talk with a person (a veileder, a human), in any supported language: True; False
    when it speaks of one only to say it does not want one ("jeg vil ikke snakke med noen, bare vite …"); None
    when it speaks of none."""
    said: bool | None = None
    for clause in _CLAUSES.split(text):
        words = normalized(clause)
        for match in _PERSON_RE.finditer(words):
            if not _NOT_BEFORE.search(words[:match.start()]):
                return True
            said = False
    return said


def wants_a_person(text: str) -> bool:
    """Whether ``text`` asks to talk with a person (a veileder, a human), in any supported language."""
    return person_wish(text) is True
