"""A bruker's own Digisos application as its ``digisos-soker.json`` tells it, and the factual answers drawn from it.

Digisos (registers.md "Digisos case status"): the kommune's case system publishes ``hendelser``; the latest
``soknadsStatus`` is the status, the latest ``tildeltNavKontor`` the office, the latest ``dokumentasjonEtterspurt``
the documents still asked for (a new one replaces the list), ``dokumentasjonkrav`` what a decision asks the bruker to
document (each by its reference; ``LEVERT_TIDLIGERE``: already delivered another way, ``ANNULLERT``: not shown),
``vedtakFattet`` a decision with its letter, ``utbetaling`` the payments. The answers say what the document says and
nothing more: never a prediction, never an outcome in place of the letter (a caseworker decides; the letter is the
authority), and never a processing time: the format has no field for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from router.domain.opening_hours import OSLO


class Question(StrEnum):
    RECEIVED = "received"  # har dere fått søknaden min?
    MISSING = "missing"  # mangler det noe?
    PAYMENT = "payment"  # når blir pengene utbetalt?
    OFFICE = "office"  # hvilket kontor har søknaden?
    TIMING = "timing"  # når får jeg svar?
    STATUS = "status"  # received, missing and payments, briefly


_DOCUMENT = r"(vedlegg|dokument|papir|attachment|document|file)"
_ARRIVED = r"(fått|fatt|mottatt|motteke|kommet fram|komme fram|kome fram|received|arrived|got)"
# In order, the first that matches. A document named alone ("jeg har sendt alle vedleggene, hvordan går det?") is
# no question about what is missing: the whole status says that too. Asked whether documents arrived, the case
# can only tell what the office still asks for (it records no arrivals; the action says so first).
_QUESTION_PATTERNS = [
    (Question.PAYMENT, re.compile(r"utbetal|peng|betal|\bpay|money", re.I)),  # pengene, pengane, pengar
    (Question.MISSING, re.compile(
        r"mangl|etterspur|missing|ettersend|trenger (dere|de|du|kontoret|nav)\b|treng (de|kontoret|nav)\b|"
        r"(må|skal) (jeg|eg) sende|\bbe(dt|de|tt) (meg )?om|asked (me )?for|\bneed\b|fle(i)?re " + _DOCUMENT, re.I)),
    (Question.TIMING, re.compile(
        r"når (får|kommer|kjem)\b.*\b(svar|vedtak|beskjed|vite)|får (jeg|eg) svar|(svar|vedtak)\w* (kommer|kjem)|"
        r"vent\w* (fortsatt |framleis |ennå |enno )?på (svar|vedtak)|når (blir|er) (søknaden|saken|saka)\b.*\bferdig|"
        r"hvor (lang tid|lenge)|kor (lang tid|lenge)|behandlingstid|svartid|how long|processing time|"
        r"waiting for (an? )?(answer|reply|decision)|"
        r"when (will|do|can) (i|we) (get|hear|receive|have)|when will (it|my application|the decision)", re.I)),
    (Question.OFFICE, re.compile(r"kontor|hvem behandl|office", re.I)),
    (Question.MISSING, re.compile(rf"{_ARRIVED}\b.*\b{_DOCUMENT}|{_DOCUMENT}\w*\b.*\b{_ARRIVED}", re.I)),
    (Question.RECEIVED, re.compile(_ARRIVED + r"|got my", re.I)),
]


def classify_question(text: str) -> Question:
    """Which of the case questions the bruker asked; a question the patterns do not name gets the status."""
    return next((question for question, pattern in _QUESTION_PATTERNS if pattern.search(text or "")), Question.STATUS)


@dataclass(frozen=True)
class AskedDocument:
    dokumenttype: str
    tilleggsinformasjon: str | None
    innsendelsesfrist: date | None


@dataclass(frozen=True)
class Requirement:
    """A dokumentasjonkrav: what a decision asks the bruker to document (``delivered``: the office recorded it as
    delivered through other channels or met by another document, LEVERT_TIDLIGERE)."""

    tittel: str
    beskrivelse: str | None
    frist: date | None
    delivered: bool = False


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
    krav: tuple[Requirement, ...] = ()

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
            "dokumentasjonkrav": [{"tittel": k.tittel, "beskrivelse": k.beskrivelse, "frist": _iso(k.frist),
                                   "levert_tidligere": k.delivered} for k in self.krav],
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: Any) -> date | None:
    """The day in Norway: a deadline of 2026-11-30T23:00:00Z is midnight on 1 December in Oslo, so it is 1 December
    (in UTC it was shown as 30 November and counted as passed a day early)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        if "T" not in value:
            return date.fromisoformat(value)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return (moment.astimezone(OSLO) if moment.tzinfo else moment).date()
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
    krav: dict[str, Requirement | None] = {}
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
        elif kind == "dokumentasjonkrav":
            # A later hendelse about the same reference is its new state; ANNULLERT ones are not shown (Digisos).
            state = hendelse.get("status")
            krav[str(hendelse.get("dokumentasjonkravreferanse"))] = None if state == "ANNULLERT" else Requirement(
                str(hendelse.get("tittel") or ""), hendelse.get("beskrivelse"), _date(hendelse.get("frist")),
                delivered=state == "LEVERT_TIDLIGERE")
        elif kind == "vedtakFattet" and at is not None:
            vedtak.append(at)
        elif kind == "utbetaling":
            # A later hendelse about the same utbetalingsreferanse is its new state.
            dato = _date(hendelse.get("utbetalingsdato")) or _date(hendelse.get("forfallsdato"))
            payments[str(hendelse.get("utbetalingsreferanse"))] = Payment(
                hendelse.get("belop"), hendelse.get("status"), dato, hendelse.get("beskrivelse"))
    if status == "FERDIGBEHANDLET":
        dokumenter = ()
    return CaseFacts(status, mottatt, kontor, forelopig, dokumenter, tuple(vedtak), tuple(payments.values()),
                     tuple(k for k in krav.values() if k is not None))


@dataclass(frozen=True)
class CaseLine:
    """One paragraph of a case answer: a text key and its values. router/texts/case_answers.py words it in the
    bruker's language; the facts never pass through a translator on their way there."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


def answer(question: Question, cases: list[CaseFacts], *, office_names: dict[str, str], today: date) -> list[CaseLine]:
    """The answer, one line per paragraph, from the bruker's newest application (others are counted)."""
    if not cases:
        return [CaseLine("no_case")]
    newest = max(cases, key=lambda c: c.mottatt or date.min)
    office = office_names.get(newest.nav_kontor or "", newest.nav_kontor) if newest.nav_kontor else None
    lines: list[CaseLine] = []
    if question is Question.TIMING:
        lines.extend(_when(newest, office, today))
    if question in (Question.RECEIVED, Question.STATUS):
        lines.append(_received(newest, office))
    if question is Question.OFFICE:
        lines.append(CaseLine("office", {"office": office}) if office else CaseLine("office_none"))
    if question in (Question.MISSING, Question.STATUS):
        lines.extend(_missing(newest, today))
    if question in (Question.PAYMENT, Question.STATUS):
        lines.append(_payments(newest))
    if question in (Question.RECEIVED, Question.OFFICE, Question.PAYMENT) and _still_asked(newest):
        lines.append(_also_asked(newest, today))
    if newest.vedtak_datoer and question is not Question.OFFICE:
        lines.append(CaseLine("decision", {"date": newest.vedtak_datoer[-1]}))
    if len(cases) > 1:
        lines.append(CaseLine("several", {"count": len(cases)}))
    if question in (Question.PAYMENT, Question.STATUS) and newest.status != "FERDIGBEHANDLET":
        lines.append(CaseLine("not_a_prediction"))
    return lines


def _received(case: CaseFacts, office: str | None, *, yes: bool = True) -> CaseLine:
    """Where the application stands; ``yes``: as the answer to "have you received it?" ("Ja, vi har fått ...")."""
    return CaseLine("received", {
        "date": case.mottatt, "status": case.status,
        "office": office if case.status != "BEHANDLES_IKKE" else None,
        "forelopig_svar": case.forelopig_svar and case.status in ("MOTTATT", "UNDER_BEHANDLING"),
        "yes": yes,
    })


def _when(case: CaseFacts, office: str | None, today: date) -> list[CaseLine]:
    """ "When do I get an answer?": the timing first (a probe's answer began "Ja, vi har fått søknaden din"), then
    where the application stands, what the office still asks for and how that may delay it, and whom to ask. A
    decided case has no timing to tell: its state and decision answer."""
    in_progress = case.status in IN_PROGRESS
    asked = bool(_still_asked(case))
    state = _received(case, office, yes=False)
    if in_progress:  # the foreløpig svar is said with the timing it is about
        state = CaseLine(state.key, {**state.values, "forelopig_svar": False})
    return [
        *([_timing(case)] if in_progress else []),
        state,
        *(_missing(case, today) if asked else []),
        *([CaseLine("timing_documents")] if in_progress and asked else []),
        *([CaseLine("timing_ask")] if in_progress else []),
    ]


# The application is still being handled: an answer is still to come.
IN_PROGRESS = (None, "MOTTATT", "UNDER_BEHANDLING")


def _still_asked(case: CaseFacts) -> list[tuple[str, str | None, date | None]]:
    """What the office asks for and has not recorded as delivered: (name, note, deadline), in the office's words."""
    return [*((d.dokumenttype, d.tilleggsinformasjon, d.innsendelsesfrist) for d in case.dokumenter),
            *((k.tittel, k.beskrivelse, k.frist) for k in case.krav if not k.delivered)]


def _missing(case: CaseFacts, today: date) -> list[CaseLine]:
    """What is still asked for, and what the office recorded as already delivered (LEVERT_TIDLIGERE)."""
    asked = _still_asked(case)
    lines = [CaseLine("missing", {"documents": [
        {"type": name, "extra": note, "due": due, "overdue": due is not None and due < today}
        for name, note, due in asked]}) if asked else CaseLine("nothing_missing")]
    delivered = [k.tittel for k in case.krav if k.delivered]
    if delivered:
        lines.append(CaseLine("already_delivered", {"documents": delivered}))
    return lines


def _also_asked(case: CaseFacts, today: date) -> CaseLine:
    """Documents the office still asks for, said briefly in an answer to another question: a probe's Ola asked
    "har dere fått søknaden min?" and heard nothing of the two documents asked for, although the bot had promised
    to say "om noe mangler". Name and deadline only; "mangler det noe?" gives the office's notes too."""
    return CaseLine("also_missing", {"documents": [
        {"type": name, "extra": None, "due": due, "overdue": due is not None and due < today}
        for name, _, due in _still_asked(case)]})


def _timing(case: CaseFacts) -> CaseLine:
    """When the answer comes: the format holds no processing time and no expected date, so the case cannot say;
    the office decides. A foreløpig svar is a letter that may say more (documents still asked for, which can
    delay it, are said after the list of them: ``timing_documents``)."""
    return CaseLine("timing", {"forelopig_svar": case.forelopig_svar})


def _payments(case: CaseFacts) -> CaseLine:
    if not case.utbetalinger:
        return CaseLine("no_payments")
    return CaseLine("payments", {"payments": [
        {"amount": p.belop, "what": p.beskrivelse, "status": p.status, "date": p.dato}
        for p in sorted(case.utbetalinger, key=lambda p: p.dato or date.min)]})
