"""The bruker's own case (router/domain/innsyn.py CaseLine) in bokmål, nynorsk and English.

Dates and amounts are written by Babel for the language. Other languages get bokmål, which the language layer
translates with its label like every bot answer: the facts themselves (dates, amounts, document names) are never
reworded here (in English the answer says that the documents' names and notes are the office's own Norwegian
words). What the case says and nothing more: never a prediction, the letter is the authority, and no processing
time the case does not state.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_date

from router.domain.innsyn import CaseLine
from router.texts.formatting import locale_for, number

WORDED = ("nb", "nn", "en")

TEXTS: dict[str, dict[str, str]] = {
    "nb": {
        "no_case": "Jeg finner ingen digital søknad om økonomisk sosialhjelp fra deg. Har du sendt søknaden på papir "
                   "eller nylig, kan det ta litt tid før den vises. Du kan spørre en veileder.",
        "received": "Ja, vi har fått søknaden din{when}. Den {state}{at_office}.",
        # The same facts where no yes was asked for ("når får jeg svar?").
        "received_fact": "Vi har fått søknaden din{when}. Den {state}{at_office}.",
        "received_when": " {date}",
        "at_office": " hos {office}",
        "forelopig_svar": " Du har fått et foreløpig svar: behandlingen tar lengre tid enn vanlig.",
        # The case holds no reason and often no letter: what it means, who can tell why, and the next step (a
        # probe's Nils asked "hva betyr det?" and "hva gjør jeg nå?" and got neither). "kontoret": the office may
        # be named in the same answer ("Nav Grünerløkka"), and "NAV-kontoret" beside it read as two spellings.
        "behandles_ikke": " Det betyr at kontoret ikke kommer til å gjøre et vedtak om denne søknaden, så du får verken "
                          "ja eller nei på den. Hvorfor, står ikke i saken jeg kan se, men kontoret kan fortelle deg "
                          "det: du kan snakke med en veileder her i chatten. Trenger du fortsatt hjelp, kan du sende "
                          "en ny søknad.",
        "office": "Søknaden din behandles av {office}.",
        "office_none": "Søknaden din er ikke fordelt til et NAV-kontor ennå.",
        "nothing_missing": "Kontoret har ikke bedt deg om flere dokumenter.",
        "missing": "Kontoret har bedt deg sende: {documents}. Du kan ettersende dem under «Dine søknader» på nav.no "
                   "(PDF, PNG eller JPEG, høyst 10 MB per fil).",
        # Said in an answer to another question (received, office, payments): briefly, with how to send them.
        "also_missing": "Kontoret venter også på dokumenter fra deg: {documents}. Du kan ettersende dem under «Dine "
                        "søknader» på nav.no.",
        "due": ", frist {date}",
        "overdue": " (fristen er passert)",
        "already_delivered": "Kontoret har registrert at dette allerede er levert: {documents}.",
        # The case holds no processing time or expected date (the Digisos format has none): no number is invented.
        "timing": "Saken din sier ikke når du får svar, så jeg kan ikke love noen dato. Hvor lang tid behandlingen "
                  "tar, avgjør kontoret som har søknaden din.",
        "timing_forelopig_svar": " Brevet med det foreløpige svaret ligger under «Dine søknader» på nav.no og kan si "
                                 "mer om når du kan vente svar.",
        "timing_documents": "Kontoret venter på dokumentene over: send dem så snart du kan, for saken kan bli "
                            "forsinket til de er kommet.",
        "timing_ask": "Vil du vite mer, kan du spørre en veileder her i chatten.",
        "no_payments": "Det er ingen utbetalinger registrert i saken din.",
        "payments": "Utbetalinger i saken din: {payments}",
        "amount": "{amount} kroner",
        "some_amount": "Et beløp",
        "decision": "Det er fattet vedtak i saken din ({date}). Les vedtaksbrevet under «Dine søknader» på nav.no: "
                    "det er brevet som gjelder.",
        "several": "Du har {count} søknader; svaret gjelder den nyeste. De andre ser du på nav.no.",
        "not_a_prediction": "Jeg kan bare fortelle hva som står i saken din, ikke hva som blir bestemt: det er det en "
                            "saksbehandler som gjør.",
        # A question about someone else's case (router/domain/case_subject.py): none of the logged-in person's facts.
        "other_person": "Jeg kan bare svare om saken til den som er logget inn her, altså din egen. Om andres saker "
                        "kan jeg ikke si noe, for NAV har taushetsplikt. Den det gjelder, kan logge inn selv på "
                        "nav.no eller her i chatten. Vil du hjelpe dem med saken, kan de gi deg en skriftlig "
                        "fullmakt; skjemaet finnes på nav.no.",
        # After the general answer's "logg inn på nav.no": the chat's own login is the other way, and says so
        # (probe 161 read two login instructions and wondered which).
        "anonymous": "Du kan også logge inn her i chatten med knappen «Logg inn». Da kan jeg se saken din og svare "
                     "på om søknaden er mottatt, om noe mangler og om utbetalinger.",
        "MOTTATT": "er mottatt", "UNDER_BEHANDLING": "er under behandling", "FERDIGBEHANDLET": "er ferdig behandlet",
        "BEHANDLES_IKKE": "blir ikke behandlet", "status_unknown": "er registrert",
        "PLANLAGT_UTBETALING": "planlagt utbetalt", "UTBETALT": "utbetalt", "STOPPET": "stoppet",
        "ANNULLERT": "annullert", "payment_unknown": "registrert",
    },
    "nn": {
        "no_case": "Eg finn ingen digital søknad om økonomisk sosialhjelp frå deg. Har du sendt søknaden på papir "
                   "eller nyleg, kan det ta litt tid før han syner. Du kan spørje ein rettleiar.",
        "received": "Ja, vi har fått søknaden din{when}. Han {state}{at_office}.",
        "received_fact": "Vi har fått søknaden din{when}. Han {state}{at_office}.",
        "received_when": " {date}",
        "at_office": " hos {office}",
        "forelopig_svar": " Du har fått eit førebels svar: behandlinga tek lengre tid enn vanleg.",
        "behandles_ikke": " Det tyder at kontoret ikkje kjem til å gjere eit vedtak om denne søknaden, så du får verken "
                          "ja eller nei på han. Kvifor, står ikkje i saka eg kan sjå, men kontoret kan fortelje deg "
                          "det: du kan snakke med ein rettleiar her i chatten. Treng du framleis hjelp, kan du sende "
                          "ein ny søknad.",
        "office": "Søknaden din blir behandla av {office}.",
        "office_none": "Søknaden din er ikkje fordelt til eit NAV-kontor enno.",
        "nothing_missing": "Kontoret har ikkje bede deg om fleire dokument.",
        "missing": "Kontoret har bede deg sende: {documents}. Du kan ettersende dei under «Dine søknader» på nav.no "
                   "(PDF, PNG eller JPEG, høgst 10 MB per fil).",
        "also_missing": "Kontoret ventar òg på dokument frå deg: {documents}. Du kan ettersende dei under «Dine "
                        "søknader» på nav.no.",
        "due": ", frist {date}",
        "overdue": " (fristen er passert)",
        "already_delivered": "Kontoret har registrert at dette alt er levert: {documents}.",
        "timing": "Saka di seier ikkje når du får svar, så eg kan ikkje love nokon dato. Kor lang tid behandlinga "
                  "tek, avgjer kontoret som har søknaden din.",
        "timing_forelopig_svar": " Brevet med det førebelse svaret ligg under «Dine søknader» på nav.no og kan seie "
                                 "meir om når du kan vente svar.",
        "timing_documents": "Kontoret ventar på dokumenta over: send dei så snart du kan, for saka kan bli "
                            "forseinka til dei er komne.",
        "timing_ask": "Vil du vite meir, kan du spørje ein rettleiar her i chatten.",
        "no_payments": "Det er ingen utbetalingar registrerte i saka di.",
        "payments": "Utbetalingar i saka di: {payments}",
        "amount": "{amount} kroner",
        "some_amount": "Eit beløp",
        "decision": "Det er gjort vedtak i saka di ({date}). Les vedtaksbrevet under «Dine søknader» på nav.no: det "
                    "er brevet som gjeld.",
        "several": "Du har {count} søknader; svaret gjeld den nyaste. Dei andre ser du på nav.no.",
        "not_a_prediction": "Eg kan berre fortelje kva som står i saka di, ikkje kva som blir bestemt: det er det ein "
                            "saksbehandlar som gjer.",
        "other_person": "Eg kan berre svare om saka til den som er logga inn her, altså di eiga. Om saker til andre "
                        "kan eg ikkje seie noko, for NAV har teieplikt. Den det gjeld, kan logge inn sjølv på "
                        "nav.no eller her i chatten. Vil du hjelpe dei med saka, kan dei gi deg ei skriftleg "
                        "fullmakt; skjemaet finst på nav.no.",
        "anonymous": "Du kan også logge inn her i chatten med knappen «Logg inn». Då kan eg sjå saka di og svare "
                     "på om søknaden er motteken, om noko manglar og om utbetalingar.",
        "MOTTATT": "er motteken", "UNDER_BEHANDLING": "er under behandling", "FERDIGBEHANDLET": "er ferdig behandla",
        "BEHANDLES_IKKE": "blir ikkje behandla", "status_unknown": "er registrert",
        "PLANLAGT_UTBETALING": "planlagt utbetalt", "UTBETALT": "utbetalt", "STOPPET": "stoppa",
        "ANNULLERT": "annullert", "payment_unknown": "registrert",
    },
    "en": {
        "no_case": "I cannot find an online application for financial assistance from you. If you applied on paper "
                   "or very recently, it may take a little while before it shows. You can ask an adviser.",
        "received": "Yes, we received your application{when}. It {state}{at_office}.",
        "received_fact": "We received your application{when}. It {state}{at_office}.",
        "received_when": " on {date}",
        "at_office": " at {office}",
        "forelopig_svar": " You have had a provisional reply: the processing is taking longer than usual.",
        "behandles_ikke": " This means that the office will not make a decision on this application, so you will get "
                          "neither a yes nor a no to it. Why is not in the case information I can see, but the "
                          "office can tell you: you can talk to an adviser here in the chat. If you still need help, "
                          "you can send a new application.",
        "office": "Your application is handled by {office}.",
        "office_none": "Your application has not been assigned to a NAV office yet.",
        "nothing_missing": "The office has not asked you for more documents.",
        # The documents' names and notes are the office's own Norwegian words, shown as written: said so.
        "missing": "The office has asked you to send: {documents}. The names and notes are the office's own, in "
                   "Norwegian. You can send them later under «Dine søknader» on nav.no (PDF, PNG or JPEG, at most "
                   "10 MB per file).",
        "also_missing": "The office is also waiting for documents from you: {documents} (the office's own words, in "
                        "Norwegian). You can send them later under «Dine søknader» on nav.no.",
        "due": ", deadline {date}",
        "overdue": " (the deadline has passed)",
        "already_delivered": "The office has recorded that this has already been delivered: {documents} (the "
                             "office's own words, in Norwegian).",
        "timing": "Your case does not say when you will get an answer, so I cannot promise a date. How long the "
                  "processing takes is up to the office handling your application.",
        "timing_forelopig_svar": " The letter with the provisional reply is under «Dine søknader» on nav.no and may "
                                 "say more about when to expect an answer.",
        "timing_documents": "The office is waiting for the documents above: send them as soon as you can, as your "
                            "case may be delayed until they arrive.",
        "timing_ask": "If you want to know more, you can ask an adviser here in the chat.",
        "no_payments": "There are no payments registered in your case.",
        "payments": "Payments in your case: {payments}",
        "amount": "NOK {amount}",
        "some_amount": "An amount",
        "decision": "A decision has been made in your case ({date}). Read the decision letter under «Dine søknader» "
                    "on nav.no: the letter is what counts.",
        "several": "You have {count} applications; this answer is about the newest. You can see the others on "
                   "nav.no.",
        "not_a_prediction": "I can only tell you what your case says, not what will be decided: a caseworker decides "
                            "that.",
        "other_person": "I can only answer about the case of the person who is logged in here, that is, your own. "
                        "I cannot say anything about anyone else's case, because NAV has a duty of "
                        "confidentiality. The person it concerns can log in themselves on nav.no or here in the "
                        "chat. If you want to help them with their case, they can give you a written power of "
                        "attorney (fullmakt); the form is on nav.no.",
        "anonymous": "You can also log in here in the chat with the «Log in» button. Then I can see your case and "
                     "tell you whether your application has arrived, whether anything is missing and about payments.",
        "MOTTATT": "has been received", "UNDER_BEHANDLING": "is being processed",
        "FERDIGBEHANDLET": "has been processed", "BEHANDLES_IKKE": "will not be processed",
        "status_unknown": "is registered",
        "PLANLAGT_UTBETALING": "planned for payment", "UTBETALT": "paid", "STOPPET": "stopped",
        "ANNULLERT": "cancelled", "payment_unknown": "registered",
    },
}


def worded_language(language: str | None) -> str:
    """The language the case answer is written in: nb, nn or en (others get bokmål and the translator)."""
    return language if language in WORDED else "nb"


def _day(value: date, language: str) -> str:
    return format_date(value, "long", locale=locale_for(language))


def _received(t: dict[str, str], values: dict[str, Any], language: str) -> str:
    status = values.get("status") or ""
    text = t["received" if values.get("yes", True) else "received_fact"].format(
        when=t["received_when"].format(date=_day(values["date"], language)) if values.get("date") else "",
        state=t.get(status, t["status_unknown"]),
        at_office=t["at_office"].format(office=values["office"]) if values.get("office") else "")
    if values.get("forelopig_svar"):
        text += t["forelopig_svar"]
    if status == "BEHANDLES_IKKE":
        text += t["behandles_ikke"]
    return text


def _document(t: dict[str, str], document: dict[str, Any], language: str) -> str:
    extra = f" ({document['extra']})" if document.get("extra") else ""
    due = t["due"].format(date=_day(document["due"], language)) if document.get("due") else ""
    return f"{document['type']}{extra}{due}{t['overdue'] if document.get('overdue') else ''}"


def documents_list(documents: list[dict[str, Any]], language: str) -> str:
    """Documents asked for ({"type", "extra", "due", "overdue"}), as the case answers list them."""
    lang = worded_language(language)
    return "; ".join(_document(TEXTS[lang], d, lang) for d in documents)


def day(value: date, language: str) -> str:
    """A date as the case answers write it ("1. desember 2026", "1 December 2026")."""
    return _day(value, worded_language(language))


def _payment(t: dict[str, str], payment: dict[str, Any], language: str) -> str:
    amount = payment.get("amount")
    what = t["amount"].format(amount=number(round(amount), language)) if amount is not None else t["some_amount"]
    description = f" ({payment['what']})" if payment.get("what") else ""
    when = f" {_day(payment['date'], language)}" if payment.get("date") else ""
    return f"{what}{description}: {t.get(payment.get('status') or '', t['payment_unknown'])}{when}."


def render(lines: list[CaseLine], language: str) -> list[str]:
    """One paragraph per line, in ``language`` (nb, nn or en)."""
    lang = worded_language(language)
    t = TEXTS[lang]
    paragraphs = []
    for line in lines:
        values = line.values
        if line.key == "received":
            paragraphs.append(_received(t, values, lang))
        elif line.key in ("missing", "also_missing"):
            paragraphs.append(t[line.key].format(
                documents="; ".join(_document(t, d, lang) for d in values["documents"])))
        elif line.key == "payments":
            paragraphs.append(t["payments"].format(payments=" ".join(_payment(t, p, lang) for p in values["payments"])))
        elif line.key == "already_delivered":
            paragraphs.append(t["already_delivered"].format(documents="; ".join(values["documents"])))
        elif line.key == "timing":
            paragraphs.append(t["timing"] + (t["forelopig_svar"] + t["timing_forelopig_svar"]
                                             if values.get("forelopig_svar") else ""))
        elif line.key == "decision":
            paragraphs.append(t["decision"].format(date=_day(values["date"], lang)))
        else:
            paragraphs.append(t[line.key].format(**values))
    return paragraphs


def anonymous_hint(language: str) -> str:
    return TEXTS[worded_language(language)]["anonymous"]
