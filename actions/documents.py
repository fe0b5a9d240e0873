"""Particular questions about vedlegg, answered as asked. The general list ("Hvilke vedlegg du trenger, avhenger av
situasjonen din …") answered every one of them, and ended each time with the offer of a personal list the bruker
had just been given (probe 159: "Kva er ein kontoutskrift, og kor lang periode må han dekkje?", "Eg har ikkje
husleigekontrakt, berre ein munnleg avtale", "Kva om eg ikkje har alle vedlegga?" got the same text).

The choice is pure, the question's words and the language in, the answer out; outside the guide
actions/innsyn.py ActionCaseAnswer says it, inside it ActionDocumentsInGuide (below), before the guide's next
question. No rule of a particular kommune is promised: where offices differ (the period a kontoutskrift covers), the
answer says so and where the bruker learns what her own office asks for.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language, pick

_STATEMENT = r"(kontoutskrift\w*|kontoutdrag\w*|(bank|account) ?statements?)"

# "kor lang periode må han dekkje?", "hvor mange måneder kontoutskrift?", "how many months of bank statements?"
STATEMENT_PERIOD = re.compile(
    rf"\b{_STATEMENT}\b.*\b(hvor|kor|how)\s+(lang|langt|mange|long|many|far)\b|"
    rf"\b(hvor|kor|how)\s+(lang|langt|mange|long|many|far)\b.*\b{_STATEMENT}\b|"
    rf"\b{_STATEMENT}\b.*\b(periode\w*|måned\w*|månad\w*|months?|period)\b|"
    rf"\b(periode\w*|måned\w*|månad\w*|months?|period)\b.*\b{_STATEMENT}\b", re.I)

# "Eg har ikkje husleigekontrakt, berre ein munnleg avtale", "jeg har ingen leiekontrakt", "no rental contract"
NO_CONTRACT = re.compile(
    r"\b(ikke|ikkje|ingen|inga|not|no|don'?t have|do not have|without)\b(\s+\w+){0,3}?\s+"
    r"(skriftl\w+\s+|written\s+)?(husleie|husleige|leie|leige)?kontrakt\w*|"
    r"\b(ikke|ikkje|ingen|inga|not|no|don'?t have|do not have|without)\b(\s+\w+){0,3}?\s+"
    r"(written\s+)?(rental|tenancy|lease)\s+(contract|agreement)|"
    r"\b(muntlig\w*|munnleg\w*|oral|verbal)\s+(avtale\w*|agreement)", re.I)

# "Må eg leggje ved husleigekontrakten?", "do I need the rental contract?"
CONTRACT = re.compile(r"\b(husleie|husleige|leie|leige)kontrakt\w*|\b(rental|tenancy)\s+(contract|agreement)|\blease\b",
                      re.I)

# "Kva om eg ikkje har alle vedlegga?", "hva hvis jeg mangler noe?", "what if I don't have all the documents?"; not
# "mangler det noen dokumenter?", a question of the person's own case.
MISSING = re.compile(
    r"\b(jeg|eg|i)\s+(mangler|manglar|am missing|'?m missing|ikke har alle|ikkje har alle|don'?t have all|"
    r"do not have all|haven'?t got all|får ikke tak i|får ikkje tak i|fær ikkje tak i|can'?t get)\b", re.I)

_STATEMENT_PERIOD = {
    "nb": "Hvor lang periode kontoutskriften skal vise, kan variere fra kommune til kommune, og jeg kan ikke si sikkert "
          "hva ditt NAV-kontor ber om. Har kontoret bedt om en bestemt periode i et brev eller i saken din på nav.no, "
          "er det den som gjelder. Ta med alle kontoene dine, også sparekonto og BSU, med saldo og bevegelser. "
          "Trenger kontoret en annen periode, sier de fra, og du kan ettersende den.",
    "nn": "Kor lang periode kontoutskrifta skal vise, kan variere frå kommune til kommune, og eg kan ikkje seie sikkert "
          "kva NAV-kontoret ditt ber om. Har kontoret bede om ein bestemt periode i eit brev eller i saka di på nav.no, "
          "er det den som gjeld. Ta med alle kontoane dine, også sparekonto og BSU, med saldo og rørsler. Treng "
          "kontoret ein annan periode, seier dei frå, og du kan ettersende han.",
    "en": "How long a period the bank statement must cover can differ from one municipality to another, and I cannot "
          "say for sure what your NAV office asks for. If the office has asked for a particular period in a letter or "
          "in your case on nav.no, that is what counts. Include all your accounts, also savings and BSU, with the "
          "balance and transactions. If the office needs another period, they will tell you, and you can send it "
          "later.",
}

_NO_CONTRACT = {
    "nb": "Har du ikke skriftlig husleiekontrakt, kan du søke likevel. Send det som viser hva du betaler i husleie, for "
          "eksempel kontoutskrift eller kvittering som viser at husleien er betalt, og skriv i søknaden at du har en "
          "muntlig avtale med utleieren. Du kan også be utleieren skrive en enkel bekreftelse på at du leier, og hvor "
          "mye husleien er. Trenger NAV-kontoret noe mer, sier de fra.",
    "nn": "Har du ikkje skriftleg husleigekontrakt, kan du søkje likevel. Send det som viser kva du betaler i husleige, "
          "til dømes kontoutskrift eller kvittering som viser at husleiga er betalt, og skriv i søknaden at du har ein "
          "munnleg avtale med utleigaren. Du kan også be utleigaren skrive ei enkel stadfesting på at du leiger, og kor "
          "mykje husleiga er. Treng NAV-kontoret noko meir, seier dei frå.",
    "en": "If you do not have a written rental contract, you can still apply. Send what shows how much rent you pay, "
          "for example a bank statement or a receipt showing the rent is paid, and write in the application that you "
          "have a verbal agreement with the landlord. You can also ask the landlord to write a short confirmation that "
          "you rent from them and what the rent is. If the NAV office needs anything more, they will tell you.",
}

_CONTRACT = {
    "nb": "Leier du, trenger NAV som regel husleiekontrakten og kvittering for betalt husleie for siste måned. Har du "
          "ikke skriftlig kontrakt, kan du søke likevel: send det som viser hva du betaler, og skriv i søknaden at dere "
          "har en muntlig avtale.",
    "nn": "Leiger du, treng NAV som regel husleigekontrakten og kvittering for betalt husleige for siste månad. Har du "
          "ikkje skriftleg kontrakt, kan du søkje likevel: send det som viser kva du betaler, og skriv i søknaden at de "
          "har ein munnleg avtale.",
    "en": "If you rent, NAV usually needs the rental contract and a receipt for the rent paid for the last month. If "
          "you have no written contract, you can still apply: send what shows what you pay, and write in the "
          "application that you have a verbal agreement.",
}

_MISSING = {
    "nb": "Du kan sende søknaden selv om du mangler vedlegg. Send det du har, og skriv i søknaden hva som mangler og "
          "hvorfor. Resten kan du ettersende under «Dine søknader» på nav.no. NAV-kontoret sier fra hvis de trenger mer "
          "før de kan behandle søknaden. Får du ikke tak i noe, kan en veileder hjelpe deg.",
    "nn": "Du kan sende søknaden sjølv om du manglar vedlegg. Send det du har, og skriv i søknaden kva som manglar og "
          "kvifor. Resten kan du ettersende under «Dine søknader» på nav.no. NAV-kontoret seier frå om dei treng meir "
          "før dei kan behandle søknaden. Får du ikkje tak i noko, kan ein rettleiar hjelpe deg.",
    "en": "You can send the application even if some documents are missing. Send what you have, and write in the "
          "application what is missing and why. You can send the rest later under «Dine søknader» on nav.no. The NAV "
          "office will tell you if they need more before they can process the application. If you cannot get hold of "
          "something, an adviser can help you.",
}

# Most particular first: "no contract" before "the contract"; a period of statements before either.
_PARTICULAR = ((STATEMENT_PERIOD, _STATEMENT_PERIOD), (NO_CONTRACT, _NO_CONTRACT), (MISSING, _MISSING),
               (CONTRACT, _CONTRACT))

# A general vedlegg question once the guide has given her own list: that list, not the offer to make one again.
AFTER_THE_LIST = {
    "nb": "Vedleggene du trenger, står i listen du fikk da vi gikk gjennom søknaden. Nesten alle trenger kontoutskrift "
          "for alle kontoene sine. Mangler du noe, kan du sende søknaden likevel og ettersende vedleggene under «Dine "
          "søknader» på nav.no.",
    "nn": "Vedlegga du treng, står i lista du fekk då vi gjekk gjennom søknaden. Nesten alle treng kontoutskrift for "
          "alle kontoane sine. Manglar du noko, kan du sende søknaden likevel og ettersende vedlegga under «Dine "
          "søknader» på nav.no.",
    "en": "The documents you need are in the list you got when we went through the application. Almost everyone needs "
          "bank statements for all their accounts. If something is missing, you can still send the application and "
          "send the documents later under «Dine søknader» on nav.no.",
}


def particular_answer(question: str, lang: str) -> str | None:
    """The answer to a particular vedlegg question in ``lang`` (nb, nn, en; others get bokmål as the bot's other
    answers), or None for a general one ("hvilke vedlegg trenger jeg?")."""
    for pattern, texts in _PARTICULAR:
        if pattern.search(question):
            return pick(texts, lang)
    return None


def after_the_list(lang: str) -> str:
    return pick(AFTER_THE_LIST, lang)


class ActionDocumentsInGuide(Action):
    """A vedlegg question while the guide runs (data/rules/digisos.yml): a particular one answered as asked, a
    general one told that her own list comes at the guide's end (utter_sosialhjelp_documents_in_guide)."""

    def name(self) -> str:
        return "action_documents_in_guide"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        question = (tracker.latest_message or {}).get("text") or ""
        if particular := particular_answer(question, language(tracker)):
            dispatcher.utter_message(text=particular)
        else:
            dispatcher.utter_message(response="utter_sosialhjelp_documents_in_guide")
        return []
