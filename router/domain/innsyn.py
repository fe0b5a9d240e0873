"""A bruker's own Digisos application as its ``digisos-soker.json`` tells it, and the factual answers drawn from it.

Digisos (registers.md "Digisos case status"): the kommune's case system publishes ``hendelser``; the latest
``soknadsStatus`` is the status, the latest ``tildeltNavKontor`` the office, the latest ``dokumentasjonEtterspurt``
the documents still asked for (a new one replaces the list), ``vedtakFattet`` a decision with its letter,
``utbetaling`` the payments. The answers say what the document says and nothing more: never a prediction, never an
outcome in place of the letter (a caseworker decides; the letter is the authority).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class Question(StrEnum):
    RECEIVED = "received"  # har dere fått søknaden min?
    MISSING = "missing"  # mangler det noe?
    PAYMENT = "payment"  # når blir pengene utbetalt?
    OFFICE = "office"  # hvilket kontor har søknaden?
    STATUS = "status"  # everything above, briefly


STATUS_TEXT = {
    "MOTTATT": "er mottatt",
    "UNDER_BEHANDLING": "er under behandling",
    "FERDIGBEHANDLET": "er ferdig behandlet",
    "BEHANDLES_IKKE": "blir ikke behandlet",
}
PAYMENT_STATUS_TEXT = {
    "PLANLAGT_UTBETALING": "planlagt utbetalt",
    "UTBETALT": "utbetalt",
    "STOPPET": "stoppet",
    "ANNULLERT": "annullert",
}
_QUESTION_PATTERNS = [
    (Question.PAYMENT, re.compile(r"utbetal|penge|betal|\bpay|money", re.I)),
    (Question.MISSING, re.compile(r"mangl|vedlegg|dokument|etterspur|ettersend|missing", re.I)),
    (Question.OFFICE, re.compile(r"kontor|hvem behandl|office", re.I)),
    (Question.RECEIVED, re.compile(r"fått|fatt|mottatt|motteke|kommet fram|komme fram|received|got my", re.I)),
]


def classify_question(text: str) -> Question:
    """Which of the case questions the bruker asked; a question the patterns do not name gets the whole status."""
    return next((question for question, pattern in _QUESTION_PATTERNS if pattern.search(text or "")), Question.STATUS)


@dataclass(frozen=True)
class AskedDocument:
    dokumenttype: str
    tilleggsinformasjon: str | None
    innsendelsesfrist: date | None


@dataclass(frozen=True)
class Payment:
    belop: float | None
    status: str | None
    dato: date | None  # utbetalingsdato when paid, else forfallsdato
    beskrivelse: str | None


@dataclass(frozen=True)
class CaseFacts:
    """One application, as its hendelser say. No identifiers: no fødselsnummer, kontonummer or references."""

    status: str | None
    mottatt: date | None
    nav_kontor: str | None
    forelopig_svar: bool = False
    dokumenter: tuple[AskedDocument, ...] = ()
    vedtak_datoer: tuple[date, ...] = ()
    utbetalinger: tuple[Payment, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        """The facts as JSON for the console and the action server (dates as ISO strings)."""
        return {
            "status": self.status,
            "mottatt": _iso(self.mottatt),
            "nav_kontor": self.nav_kontor,
            "forelopig_svar": self.forelopig_svar,
            "dokumenter": [{"dokumenttype": d.dokumenttype, "tilleggsinformasjon": d.tilleggsinformasjon,
                            "innsendelsesfrist": _iso(d.innsendelsesfrist)} for d in self.dokumenter],
            "vedtak": [_iso(d) for d in self.vedtak_datoer],
            "utbetalinger": [{"belop": p.belop, "status": p.status, "dato": _iso(p.dato),
                              "beskrivelse": p.beskrivelse} for p in self.utbetalinger],
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: Any) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date() if "T" in value else date.fromisoformat(value)
    except ValueError:
        return None


def case_facts(document: dict[str, Any]) -> CaseFacts:
    """Read one (schema-valid) digisos-soker document, hendelser in time order."""
    hendelser = sorted(document.get("hendelser") or [], key=lambda h: str(h.get("hendelsestidspunkt", "")))
    status = kontor = None
    mottatt: date | None = None
    forelopig = False
    dokumenter: tuple[AskedDocument, ...] = ()
    vedtak: list[date] = []
    payments: dict[str, Payment] = {}
    for hendelse in hendelser:
        kind, at = hendelse.get("type"), _date(hendelse.get("hendelsestidspunkt"))
        if kind == "soknadsStatus":
            status = hendelse.get("status")
            if status == "MOTTATT" and mottatt is None:
                mottatt = at
        elif kind == "tildeltNavKontor":
            kontor = hendelse.get("navKontor")
        elif kind == "forelopigSvar":
            forelopig = True
        elif kind == "dokumentasjonEtterspurt":
            # Digisos: each dokumentasjonEtterspurt is the whole current list (an empty one: nothing is missing).
            dokumenter = tuple(AskedDocument(str(d.get("dokumenttype", "")), d.get("tilleggsinformasjon"),
                                             _date(d.get("innsendelsesfrist"))) for d in hendelse.get("dokumenter") or [])
        elif kind == "vedtakFattet" and at is not None:
            vedtak.append(at)
        elif kind == "utbetaling":
            # A later hendelse about the same utbetalingsreferanse is its new state.
            dato = _date(hendelse.get("utbetalingsdato")) or _date(hendelse.get("forfallsdato"))
            payments[str(hendelse.get("utbetalingsreferanse"))] = Payment(
                hendelse.get("belop"), hendelse.get("status"), dato, hendelse.get("beskrivelse"))
    if status == "FERDIGBEHANDLET":
        dokumenter = ()
    return CaseFacts(status, mottatt, kontor, forelopig, dokumenter, tuple(vedtak), tuple(payments.values()))


def _day(value: date) -> str:
    return f"{value.day}.{value.month}.{value.year}"


def _kroner(amount: float | None) -> str:
    if amount is None:
        return "et beløp"
    whole = f"{amount:,.0f}".replace(",", "\u00a0")
    return f"{whole} kroner"


NOT_A_PREDICTION = "Jeg kan bare fortelle hva som står i saken din, ikke hva som blir bestemt: det er det en saksbehandler som gjør."
LETTER_IS_AUTHORITY = "Les vedtaksbrevet under «Dine søknader» på nav.no: det er brevet som gjelder."


def answer(question: Question, cases: list[CaseFacts], *, office_names: dict[str, str], today: date) -> list[str]:
    """The bokmål answer, one paragraph per item, from the bruker's newest application (others are counted)."""
    if not cases:
        return ["Jeg finner ingen digital søknad om økonomisk sosialhjelp fra deg. Har du sendt søknaden på papir "
                "eller nylig, kan det ta litt tid før den vises. Du kan spørre en veileder."]
    newest = max(cases, key=lambda c: c.mottatt or date.min)
    office = office_names.get(newest.nav_kontor or "", newest.nav_kontor) if newest.nav_kontor else None
    parts: list[str] = []
    if question in (Question.RECEIVED, Question.STATUS):
        parts.append(_received(newest, office))
    if question is Question.OFFICE:
        parts.append(f"Søknaden din behandles av {office}." if office else
                     "Søknaden din er ikke fordelt til et NAV-kontor ennå.")
    if question in (Question.MISSING, Question.STATUS):
        parts.append(_missing(newest, today))
    if question in (Question.PAYMENT, Question.STATUS):
        parts.extend(_payments(newest))
    if newest.vedtak_datoer and question is not Question.OFFICE:
        parts.append(f"Det er fattet vedtak i saken din ({_day(newest.vedtak_datoer[-1])}). {LETTER_IS_AUTHORITY}")
    if len(cases) > 1:
        parts.append(f"Du har {len(cases)} søknader; svaret gjelder den nyeste. De andre ser du på nav.no.")
    if question in (Question.PAYMENT, Question.STATUS) and newest.status != "FERDIGBEHANDLET":
        parts.append(NOT_A_PREDICTION)
    return parts


def _received(case: CaseFacts, office: str | None) -> str:
    when = f" {_day(case.mottatt)}" if case.mottatt else ""
    state = STATUS_TEXT.get(case.status or "", "er registrert")
    at_office = f" hos {office}" if office and case.status != "BEHANDLES_IKKE" else ""
    text = f"Ja, vi har fått søknaden din{when}. Den {state}{at_office}."
    if case.forelopig_svar and case.status in ("MOTTATT", "UNDER_BEHANDLING"):
        text += " Du har fått et foreløpig svar: behandlingen tar lengre tid enn vanlig."
    if case.status == "BEHANDLES_IKKE":
        text += " Grunnen står i brevet du har fått. Lurer du på noe, kan du snakke med en veileder."
    return text


def _missing(case: CaseFacts, today: date) -> str:
    if not case.dokumenter:
        return "Kontoret har ikke bedt deg om flere dokumenter."
    lines = []
    for d in case.dokumenter:
        extra = f" ({d.tilleggsinformasjon})" if d.tilleggsinformasjon else ""
        due = ""
        if d.innsendelsesfrist:
            due = f", frist {_day(d.innsendelsesfrist)}" + (" (fristen er passert)" if d.innsendelsesfrist < today else "")
        lines.append(f"{d.dokumenttype}{extra}{due}")
    return ("Kontoret har bedt deg sende: " + "; ".join(lines) + ". Du kan ettersende dem under «Dine søknader» "
            "på nav.no (PDF, PNG eller JPEG, høyst 10 MB per fil).")


def _payments(case: CaseFacts) -> list[str]:
    if not case.utbetalinger:
        return ["Det er ingen utbetalinger registrert i saken din."]
    texts = []
    for p in sorted(case.utbetalinger, key=lambda p: p.dato or date.min):
        when = f" {_day(p.dato)}" if p.dato else ""
        what = f" ({p.beskrivelse})" if p.beskrivelse else ""
        texts.append(f"{_kroner(p.belop)}{what}: {PAYMENT_STATUS_TEXT.get(p.status or '', 'registrert')}{when}.")
    return ["Utbetalinger i saken din: " + " ".join(texts)]


ANONYMOUS_HINT = ("Jeg kan ikke se saken din fordi du ikke er logget inn. Logger du inn med knappen «Logg inn» "
                  "øverst, kan jeg svare på om søknaden er mottatt, om noe mangler og om utbetalinger.")
