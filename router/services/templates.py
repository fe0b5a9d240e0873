"""Reply templates for common answers in the veileder console (klarspråk): bokmål, and the bot's other languages.

``text`` is bokmål; ``texts`` has each template in bokmål, nynorsk and English, the languages a veileder writes in
without machine translation (a nynorsk bruker reads the reply as written, an English one gets it untranslated). The
console inserts the one in the chat's language, bokmål for every other (machine-translated or Norwegian-path)
language: a probe's veileder inserted "Jeg forstår at du trenger hjelp i dag" into a nynorsk chat.

A template made of one of the router's fixed texts (``in_every_language``) is hand-translated into all 20 languages:
sent word for word, the bruker reads it in her own (``hand_translation``), never machine-translated. «Tolk» is one,
so a bruker who needs an interpreter because nothing translates her language reads about the interpreter in it
(probe 163: she got it in Norwegian).
"""

from router.domain.language_policy import NORWEGIAN_PATH
from router.texts import fixed_text

TEMPLATE_LANGUAGES = ("nb", "nn", "en")
# Fixed texts a veileder may send as they are (router/texts/*.py has each in every supported language).
HAND_TRANSLATED = ("interpreter_info",)


def _template(title: str, nb: str, nn: str, en: str) -> dict[str, object]:
    return {"title": title, "text": nb, "texts": {"nb": nb, "nn": nn, "en": en}, "in_every_language": False}


def _fixed_template(title: str, key: str) -> dict[str, object]:
    assert key in HAND_TRANSLATED
    return {**_template(title, *(fixed_text(key, lang) for lang in TEMPLATE_LANGUAGES)), "in_every_language": True}


def hand_translation(text: str, language: str | None) -> str | None:
    """The bruker's own version of a reply that is word for word a hand-translated fixed text in bokmål, nynorsk or
    English (a template sent unchanged), for a bruker writing ``language``; None for any other reply, and for the
    Norwegian path (read as written)."""
    if not language or language in NORWEGIAN_PATH:
        return None
    sent = text.strip()
    for key in HAND_TRANSLATED:
        if any(sent == fixed_text(key, lang) for lang in TEMPLATE_LANGUAGES):
            return fixed_text(key, language)
    return None


REPLY_TEMPLATES: list[dict[str, object]] = [
    _template(
        "Hilsen",
        "Hei! Jeg heter {navn} og er veileder i NAV. Hva kan jeg hjelpe deg med?",
        "Hei! Eg heiter {navn} og er rettleiar i NAV. Kva kan eg hjelpe deg med?",
        "Hello! My name is {navn} and I am an adviser at NAV. How can I help you?",
    ),
    _template(
        "Vedlegg mangler",
        "For at vi skal kunne behandle søknaden din, trenger vi flere opplysninger. Du kan ettersende vedlegg på "
        "nav.no under «Dine søknader». Filene kan være PDF, PNG eller JPEG, høyst 10 MB hver.",
        "For at vi skal kunne behandle søknaden din, treng vi fleire opplysningar. Du kan ettersende vedlegg på "
        "nav.no under «Dine søknader». Filene kan vere PDF, PNG eller JPEG, høgst 10 MB kvar.",
        "To process your application, we need more information. You can send documents later on nav.no under "
        "«Dine søknader» (your applications). The files can be PDF, PNG or JPEG, at most 10 MB each.",
    ),
    # How it goes, not a fact of her case the veileder may not have looked up (probe 163: "Søknaden din er mottatt"
    # was offered in an anonymous chat).
    _template(
        "Saksbehandlingstid",
        "Når søknaden din er mottatt, går en saksbehandler gjennom den, og du får beskjed når det er fattet et "
        "vedtak. Du kan følge saken på nav.no.",
        "Når søknaden din er motteken, går ein saksbehandlar gjennom han, og du får beskjed når det er gjort eit "
        "vedtak. Du kan følgje saka på nav.no.",
        "Once your application has been received, a caseworker goes through it, and you will be told when a "
        "decision has been made. You can follow your case on nav.no.",
    ),
    # True from whoever sends it, the bruker's own office too, and it says what happens next: a probe's veileder at
    # the bruker's office sent "Jeg sørger for at NAV-kontoret ditt får vite det … Ring også NAV-kontoret ditt".
    _template(
        "Nødhjelp",
        "Jeg forstår at du trenger hjelp i dag, og jeg hjelper deg med det nå. Kan du fortelle kort hva du mangler i "
        "dag, for eksempel mat, strøm eller et sted å bo, og hvem som bor sammen med deg?",
        "Eg forstår at du treng hjelp i dag, og eg hjelper deg med det no. Kan du fortelje kort kva du manglar i "
        "dag, til dømes mat, straum eller ein stad å bu, og kven som bur saman med deg?",
        "I understand that you need help today, and I am helping you with it now. Can you tell me briefly what you "
        "are missing today, for example food, electricity or a place to stay, and who lives with you?",
    ),
    _fixed_template("Tolk", "interpreter_info"),
    _template(
        "Avslutning",
        "Takk for praten! Ta gjerne kontakt igjen hvis du lurer på noe mer.",
        "Takk for praten! Ta gjerne kontakt igjen om du lurer på noko meir.",
        "Thank you for the chat! You are welcome to contact us again if you have any other questions.",
    ),
]
