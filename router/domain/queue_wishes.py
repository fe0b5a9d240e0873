"""A waiting bruker who no longer wants the veileder: "nei forresten", "glem det", "jeg klarer meg", "never mind".

While a conversation waits in a queue, every message is the veileder's to read and Rasa is not asked (DESIGN: the
bot only has BOT). Without a word of its own the router answered "nei forresten" with "your message is saved, you are
number 1", and then nothing: the bruker had changed their mind and was not understood. The router hears the wish
itself, with a short phrase list per language, and offers the way out of the queue (the bruker decides; the message
is stored for the veileder all the same).

Why a phrase list and not Rasa's NLU (POST /model/parse): the bot's intents are trained on what brukere ask the bot,
not on taking back a wish in a queue, so a parse would name some intent with some confidence for "nei forresten"; it
costs a request to the busiest process for every message of every waiting bruker, fails when Rasa is down (when
queues are longest), and reads one language. These phrases are few, fixed, cheap (microseconds) and tested; a miss
costs little: the message is stored for the veileder, and the bruker can press the queue's own "back to the chatbot".

Pure: no I/O.
"""

from __future__ import annotations

import re

from router.domain.short_answers import normalized

# Phrases that take the wish for a person back, anywhere in a short message. Lower case, as normalized() leaves them
# (punctuation gone, one space between words). A phrase followed by a negation ("jeg klarer meg ikke", "I can't
# manage") is the opposite and does not count.
_CANCEL_PHRASES = (
    # nb, nn
    "nei forresten", "nei forresten da", "nei førresten", "glem det", "gløym det", "trenger ikke lenger",
    "trenger det ikke lenger", "treng ikkje lenger", "treng det ikkje lenger", "trenger ikke hjelp lenger",
    "treng ikkje hjelp lenger", "trenger ikke veileder", "trenger ingen veileder", "treng ikkje rettleiar",
    "jeg klarer meg", "eg klarer meg", "jeg greier meg", "eg greier meg", "eg greier meg sjølv",
    "klarer meg selv", "klarer meg sjølv", "fant svaret", "fann svaret", "funnet svaret", "ikke nødvendig lenger",
    "ikkje naudsynt lenger", "ikkje nødvendig lenger", "vil ikke vente", "vil ikkje vente",
    "orker ikke vente", "gidder ikke vente", "ikke likevel", "ikkje likevel", "gå ut av køen", "forlate køen",
    "ut av køen", "ombestemt meg", "ombestemte meg",
    # da, sv
    "glem det", "glöm det", "behöver inte längre", "har ikke brug for", "jag klarar mig", "jeg klarer mig",
    "strunt samma", "ligegyldigt", "hittade svaret", "fandt svaret",
    # en
    "never mind", "nevermind", "forget it", "i found the answer", "found it myself",
    "no longer need", "don t need help anymore", "dont need help anymore", "i ll manage", "ill manage",
    "i can manage", "i will manage", "not needed anymore", "leave the queue", "cancel the chat", "cancel the queue",
    "cancel my place", "don t want to wait", "dont want to wait", "changed my mind", "change of mind",
    # de, pl, ro, lt, es, tr
    "vergiss es", "schon gut", "nicht mehr nötig", "nieważne", "niewazne", "już nie trzeba", "juz nie trzeba",
    "nu mai e nevoie", "nu mai am nevoie", "nebereikia", "nebereikia pagalbos", "olvídalo", "olvidalo",
    "ya no hace falta", "ya no necesito", "boş ver", "bos ver", "gerek yok", "artık gerek yok",
    # ru, uk
    "неважно", "не важно", "уже не нужно", "больше не нужно", "забудьте", "не треба", "вже не треба",
    "більше не потрібно", "забудьте про це",
    # ar, fa, ur
    "لا يهم", "انسى", "انسي الموضوع", "لم اعد احتاج", "ما عدت احتاج", "مش محتاج", "ولش", "بیخیال", "ولش کن",
    "دیگه لازم نیست", "دیگر لازم نیست", "کوئی بات نہیں", "اب ضرورت نہیں",
    # so, ti, th, vi
    "iska daa", "hadda uma baahni", "uma baahni", "ግደፎ", "ኣየድልየንን", "ไม่เป็นไร", "ไม่ต้องแล้ว",
    "thôi không cần", "không cần nữa", "thôi bỏ đi",
)
# Single words that cancel only when they are (nearly) the whole message: "avbryt", "cancel"; "hvordan avbryter jeg
# søknaden?" is a question for the veileder, not a wish to leave.
_CANCEL_WORDS = frozenset({
    "avbryt", "cancel", "stopp", "stop", "avslutt", "nevermind", "anuluj", "abbrechen", "cancelar",
    "iptal", "отмена", "скасувати", "الغاء", "لغو", "منسوخ", "jooji", "huỷ", "hủy", "ยกเลิก",
})
# "jeg klarer meg ikke", "jeg klarer meg nesten ikke", "I'll manage not": the opposite. "jeg har ikke funnet svaret",
# "I have not found the answer": not found.
_NEGATION_AFTER = re.compile(r"^\s*(?:\S+\s+)?(?:ikke|ikkje|inte|not|nicht|nie|не|ні)(?:\s|$)")
_NEGATION_BEFORE = re.compile(r"(?:^|\s)(?:ikke|ikkje|inte|not|never|aldri|t|nicht|nie|не|ні)\s+(?:\S+\s+)?$")
_CANCEL_RE = re.compile("|".join(sorted((re.escape(p) for p in set(_CANCEL_PHRASES)), key=len, reverse=True)))
# Only a short message is read: a long one is a question or an explanation for the veileder, whatever it begins with.
_MOST_WORDS = 12
_ONLY_A_WORD = 3


def cancels_the_wait(text: str) -> bool:
    """Whether a waiting bruker's message takes the wish for a person back ("nei forresten", "glem det, jeg klarer
    meg", "never mind", "avbryt"); not "jeg klarer meg ikke", not a long question that mentions one of the words."""
    words = normalized(text.replace("'", " ").replace("’", " "))
    split = words.split()
    if not split or len(split) > _MOST_WORDS:
        return False
    if len(split) <= _ONLY_A_WORD and any(word in _CANCEL_WORDS for word in split) \
            and not (len(split) > 1 and split[-1] in {"ikke", "ikkje", "not"}):
        return True
    padded = f" {words} "
    for match in _CANCEL_RE.finditer(padded):
        start, end = match.span()
        # Whole words only: "ut av køen" is not in "ikke ut av køene".
        if padded[start - 1] != " " or padded[end] != " ":
            continue
        if _NEGATION_AFTER.match(padded[end:]) or _NEGATION_BEFORE.search(padded[:start]):
            continue
        return True
    return False
