"""NORG2-like rule table: (GT, tema, diskresjonskode, skjermet, date) → ranked enheter.

Modelled on NORG2 arbeidsfordeling: each rule has criteria (geografisk_omraade, tema, temagruppe,
diskresjonskode, skjermet), a validity period, an enhet and an alternate enhet. A lookup returns every valid
matching rule, most specific first, each primary followed by its alternate. Two guarantees live in code as well
as in the table, so a misedited table cannot break them: strengt fortrolig adresse (SPSF, kode 6) only ever goes
to NAV Vikafossen (2103), and fortrolig (SPFO) / skjermet matches carry the permission a veileder needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache

from router.domain.access import Permission
from router.domain.contact import NAV_PHONE

WILDCARD = "*"
VIKAFOSSEN = "2103"
# The kontaktsenter's queues per temagruppe (NKS-ARBD ... NKS-OVRG, reference/README.md): NAV's own sorting of the
# work, named for staff ("Nav kontaktsenter generelt"); to a bruker each is simply NAV Kontaktsenter.
KONTAKTSENTER_QUEUE_PREFIX = "NKS-"
KONTAKTSENTER_FOR_BRUKER = "NAV Kontaktsenter"


class Temagruppe(StrEnum):
    """NAV temagrupper (modiapersonoversikt/henvendelse codes)."""

    ARBD = "ARBD"  # arbeid
    FMLI = "FMLI"  # familie
    HELSE = "HELSE"  # helse
    PENS = "PENS"  # pensjon
    UFRT = "UFRT"  # uføretrygd
    HJLPM = "HJLPM"  # hjelpemidler
    OVRG = "OVRG"  # øvrig
    OKSOS = "OKSOS"  # økonomisk sosialhjelp (kommunal tjeneste)
    ANSOS = "ANSOS"  # andre sosiale tjenester (kommunal tjeneste)


class Tema(StrEnum):
    """NAV tema codes (kodeverk Tema) the chat can route."""

    KOM = "KOM"  # kommunale tjenester (økonomisk sosialhjelp and other social services)
    DAG = "DAG"  # dagpenger
    OPP = "OPP"  # oppfølging
    IND = "IND"  # tiltakspenger
    TIL = "TIL"  # tilleggsstønader
    SYK = "SYK"  # sykepenger
    SYM = "SYM"  # sykmelding
    AAP = "AAP"  # arbeidsavklaringspenger
    UFO = "UFO"  # uføretrygd
    BAR = "BAR"  # barnetrygd
    KON = "KON"  # kontantstøtte
    FOR = "FOR"  # foreldre- og svangerskapspenger
    OMS = "OMS"  # omsorgspenger, pleiepenger og opplæringspenger
    ENF = "ENF"  # enslig forsørger
    BID = "BID"  # bidrag
    PEN = "PEN"  # pensjon
    HJE = "HJE"  # hjelpemidler
    BIL = "BIL"  # bil
    GEN = "GEN"  # generell


TEMAGRUPPE_BY_TEMA: Mapping[Tema, Temagruppe] = {
    Tema.KOM: Temagruppe.OKSOS,
    Tema.DAG: Temagruppe.ARBD, Tema.OPP: Temagruppe.ARBD, Tema.IND: Temagruppe.ARBD, Tema.TIL: Temagruppe.ARBD,
    Tema.SYK: Temagruppe.HELSE, Tema.SYM: Temagruppe.HELSE, Tema.AAP: Temagruppe.HELSE,
    Tema.UFO: Temagruppe.UFRT,
    Tema.BAR: Temagruppe.FMLI, Tema.KON: Temagruppe.FMLI, Tema.FOR: Temagruppe.FMLI, Tema.OMS: Temagruppe.FMLI,
    Tema.ENF: Temagruppe.FMLI, Tema.BID: Temagruppe.FMLI,
    Tema.PEN: Temagruppe.PENS,
    Tema.HJE: Temagruppe.HJLPM, Tema.BIL: Temagruppe.HJLPM,
    Tema.GEN: Temagruppe.OVRG,
}
KOMMUNALE_TEMAGRUPPER = frozenset({Temagruppe.OKSOS, Temagruppe.ANSOS})


class Diskresjonskode(StrEnum):
    """NORG2 diskresjonskode; ANY means the person has no adressebeskyttelse."""

    SPSF = "SPSF"  # strengt fortrolig adresse, "kode 6"
    SPFO = "SPFO"  # fortrolig adresse, "kode 7"
    ANY = "ANY"


class EnhetType(StrEnum):
    LOKAL = "LOKAL"  # NAV-kontor (NORG2 type)
    KONTAKT = "KONTAKT"  # regional NAV kontaktsenter (NORG2 type)
    KO = "KO"  # special unit, e.g. 2103 NAV Vikafossen (NORG2 type)
    KONTAKTSENTER = "KONTAKTSENTER"  # project-defined kontaktsenter queue per temagruppe


@dataclass(frozen=True)
class Digisos:
    """Digisos flags for an office; None where the source does not say."""

    digital_soknad: bool | None = None
    midlertidig_stengt: bool | None = None
    innsyn: bool | None = None
    innsyn_nks: bool | None = None


@dataclass(frozen=True)
class Enhet:
    enhetsnummer: str
    navn: str
    type: EnhetType
    status: str = "Aktiv"
    adresse: str = ""
    telefon: str = NAV_PHONE
    telefon_is_general: bool = True
    # weekday (0 = monday) -> "HH:MM-HH:MM" or None when closed
    aapningstider: Mapping[int, str | None] = field(default_factory=dict)
    aapningstider_is_default: bool = True
    digisos: Digisos = field(default_factory=Digisos)
    kilde: str = ""
    # A named queue (NKS-ARBD ...) is part of a real enhet; an enhet from NORG2 is part of nothing here.
    del_av: str | None = None

    @property
    def is_local_office(self) -> bool:
        return self.type is EnhetType.LOKAL


@dataclass(frozen=True)
class Rule:
    """One row of the rule table (NORG2 arbeidsfordeling); '*' in a criterion is a wildcard."""

    geografisk_omraade: str
    tema: str
    temagruppe: str
    diskresjonskode: str
    skjermet: str  # "true" | "false" | "*"
    gyldig_fra: date
    gyldig_til: date | None
    enhetsnummer: str
    alternate_enhetsnummer: str | None = None
    kilde: str = ""
    tillit: str = ""
    fallback: bool = False

    def is_valid_on(self, on: date) -> bool:
        # NORG2: a rule is in force from gyldigFra up to and including gyldigTil (open-ended when empty)
        return self.gyldig_fra <= on and (self.gyldig_til is None or on <= self.gyldig_til)

    @property
    def criteria(self) -> tuple[str, str, str, str, str]:
        return (self.geografisk_omraade, self.tema, self.temagruppe, self.diskresjonskode, self.skjermet)

    def specificity(self) -> tuple[int, int, int, int, int]:
        """Higher is more specific. NORG2: a wildcard criterion matches anything, a concrete one beats it.

        Order of weight: diskresjonskode, skjermet, geografi, tema, temagruppe; protection criteria come first
        so a kode-6 rule can never be outranked by a local rule that happens to name the GT.
        """
        return tuple(int(c != WILDCARD) for c in (self.diskresjonskode, self.skjermet, self.geografisk_omraade,
                                                  self.tema, self.temagruppe))  # type: ignore[return-value]


@dataclass(frozen=True)
class RoutingMatch:
    enhetsnummer: str
    reason: str
    is_alternate: bool = False
    fallback: bool = False
    tillit: str = ""
    requires_permissions: tuple[Permission, ...] = ()
    rule: Rule | None = None

    @property
    def requires_permission(self) -> Permission | None:
        """The strongest permission needed (fortrolig before skjermet), or None."""
        return self.requires_permissions[0] if self.requires_permissions else None


class UnknownTema(ValueError):
    """When a tema or temagruppe code is not one NAV uses here."""


# Kept: a freed place's assignment reads the tema of every waiting conversation (queue_entry), and with 5,000
# waiting the lookups through the enums were a sixth of its time. Unknown codes raise and are not kept; the bound
# keeps odd codes from growing it.
@lru_cache(maxsize=1024)
def parse_tema(code: str | None) -> tuple[Tema | None, Temagruppe]:
    """(tema, temagruppe) from a tema code (KOM, DAG ...) or a temagruppe code (OKSOS, ARBD ...); default KOM."""
    value = (code or Tema.KOM).strip().upper()
    if value in Tema.__members__:
        tema = Tema(value)
        return tema, TEMAGRUPPE_BY_TEMA[tema]
    if value in Temagruppe.__members__:
        temagruppe = Temagruppe(value)
        return (Tema.KOM if temagruppe in KOMMUNALE_TEMAGRUPPER else None), temagruppe
    raise UnknownTema(f"unknown tema {code!r}; known: {', '.join(Tema)} or temagruppe {', '.join(Temagruppe)}")


def temagruppe_of(code: str | None) -> Temagruppe:
    """The temagruppe of a tema or temagruppe code; an unknown code counts as øvrig (OVRG) rather than failing."""
    try:
        return parse_tema(code)[1]
    except UnknownTema:
        return Temagruppe.OVRG


def _criterion_matches(criterion: str, value: str | None) -> bool:
    # NORG2: a wildcard criterion matches anything; a concrete criterion needs the same value
    return criterion == WILDCARD or (value is not None and criterion == value)


_TILLIT_RANK = {"høy": 0, "prosjekt": 1, "middels": 2, "lav": 3, "ingen": 4}


def find_enheter(
    rules: Iterable[Rule],
    gt: str | None,
    tema: Tema | str | None,
    *,
    diskresjonskode: Diskresjonskode | str | None,
    skjermet: bool,
    on: date,
    temagruppe: Temagruppe | str | None = None,
) -> list[RoutingMatch]:
    """All enheter for the person and question, best first, each primary followed by its alternate."""
    tema_code, default_gruppe = parse_tema(str(tema) if tema else None)
    gruppe = Temagruppe(str(temagruppe)) if temagruppe else default_gruppe
    kode = Diskresjonskode(str(diskresjonskode)) if diskresjonskode else Diskresjonskode.ANY
    values = (gt, tema_code.value if tema_code else None, gruppe.value, kode.value, "true" if skjermet else "false")

    if kode is Diskresjonskode.SPSF:
        return [_vikafossen_match(rules, values, on)]

    matching = [
        r for r in rules
        if r.is_valid_on(on) and all(_criterion_matches(c, v) for c, v in zip(r.criteria, values, strict=True))
    ]
    matching.sort(key=lambda r: (tuple(-s for s in r.specificity()), r.fallback, _TILLIT_RANK.get(r.tillit, 9),
                                 r.enhetsnummer))
    permissions = _permissions(kode, skjermet)
    result: list[RoutingMatch] = []
    seen: set[str] = set()
    for rule in matching:
        if rule.enhetsnummer == VIKAFOSSEN:
            continue  # 2103 serves kode 6 only
        if rule.enhetsnummer not in seen:
            seen.add(rule.enhetsnummer)
            result.append(RoutingMatch(rule.enhetsnummer, _reason(rule, values), False, rule.fallback, rule.tillit,
                                       permissions, rule))
        alternate = rule.alternate_enhetsnummer
        if alternate and alternate not in seen and alternate != VIKAFOSSEN:
            seen.add(alternate)
            result.append(RoutingMatch(alternate, f"alternate enhet for {rule.enhetsnummer} in the same rule",
                                       True, rule.fallback, rule.tillit, permissions, rule))
    return result


def _vikafossen_match(rules: Iterable[Rule], values: tuple[str | None, ...], on: date) -> RoutingMatch:
    # DESIGN/NAV: strengt fortrolig adresse always goes to NAV Vikafossen, never to a local office, whatever
    # the table says; the table's own SPSF rule is only cited when it agrees.
    table_agrees = any(
        r.is_valid_on(on) and r.diskresjonskode == Diskresjonskode.SPSF and r.enhetsnummer == VIKAFOSSEN
        and all(_criterion_matches(c, v) for c, v in zip(r.criteria, values, strict=True))
        for r in rules
    )
    reason = "strengt fortrolig adresse (SPSF, kode 6): always NAV Vikafossen (2103)"
    reason += "; rule table agrees" if table_agrees else "; enforced in code (the rule table has no valid SPSF rule)"
    return RoutingMatch(VIKAFOSSEN, reason, tillit="høy", requires_permissions=(Permission.STRENGT_FORTROLIG,))


def _permissions(kode: Diskresjonskode, skjermet: bool) -> tuple[Permission, ...]:
    needed: list[Permission] = []
    if kode is Diskresjonskode.SPFO:
        needed.append(Permission.FORTROLIG)  # kode 7 stays local but only staff allowed to see it
    if skjermet:
        needed.append(Permission.SKJERMET)  # the bruker is a NAV employee
    return tuple(needed)


def _reason(rule: Rule, values: tuple[str | None, ...]) -> str:
    labels = ("geografisk tilknytning", "tema", "temagruppe", "diskresjonskode", "skjermet")
    concrete = [f"{label} {value}" for label, c, value in zip(labels, rule.criteria, values, strict=True)
                if c != WILDCARD]
    text = "rule on " + (", ".join(concrete) if concrete else "wildcards only")
    if rule.fallback:
        text += "; FALLBACK: the sources name no office here"
    if rule.kilde:
        text += f" [{rule.kilde}; tillit {rule.tillit or 'ukjent'}]"
    return text


# --- validation (used by `reference validate`) -------------------------------------------------------------


@dataclass(frozen=True)
class ValidationReport:
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    fallback_gts: tuple[str, ...]
    fallback_kommuner: tuple[str, ...]
    kommuner_total: int
    kommuner_from_data: int

    @property
    def share_from_data(self) -> float:
        return self.kommuner_from_data / self.kommuner_total if self.kommuner_total else 0.0


def validate_rules(
    rules: Sequence[Rule],
    enheter: Mapping[str, Enhet],
    kommune_gts: Mapping[str, Sequence[str]],
    on: date,
) -> ValidationReport:
    """Check a rule table against the enheter and the GTs every kommune needs.

    `kommune_gts` maps each kommunenummer to the GTs that must resolve for tema KOM (the kommune itself, plus
    its bydeler where it has them). A kommune counts as "from data" when its GTs (the named bydeler, for
    kommuner with bydeler) resolve without a fallback rule.
    """
    errors: list[str] = []
    warnings: list[str] = []
    for i, rule in enumerate(rules, start=2):  # line numbers as in the CSV (header is line 1)
        for nr in filter(None, (rule.enhetsnummer, rule.alternate_enhetsnummer)):
            if nr not in enheter:
                errors.append(f"line {i}: unknown enhet {nr}")
        if rule.gyldig_til is not None and rule.gyldig_til < on:
            warnings.append(f"line {i}: expired rule (gyldig_til {rule.gyldig_til}) for {rule.geografisk_omraade}")
        if rule.gyldig_til is not None and rule.gyldig_til < rule.gyldig_fra:
            errors.append(f"line {i}: gyldig_til before gyldig_fra")
        if rule.diskresjonskode == Diskresjonskode.SPSF and rule.enhetsnummer != VIKAFOSSEN:
            errors.append(f"line {i}: SPSF rule points to {rule.enhetsnummer}, not {VIKAFOSSEN} (code overrides it)")
        enhet = enheter.get(rule.enhetsnummer)
        if enhet and enhet.is_local_office and rule.diskresjonskode == Diskresjonskode.SPSF:
            errors.append(f"line {i}: SPSF rule points to a local office")
    by_criteria: dict[tuple[str, ...], list[tuple[int, Rule]]] = {}
    for i, rule in enumerate(rules, start=2):
        by_criteria.setdefault(rule.criteria, []).append((i, rule))
    for criteria, group in by_criteria.items():
        for a in range(len(group)):
            for b in range(a + 1, len(group)):
                (la, ra), (lb, rb) = group[a], group[b]
                if _periods_overlap(ra, rb):
                    errors.append(f"lines {la} and {lb}: overlapping rules for {'/'.join(criteria)}")

    fallback_gts: list[str] = []
    fallback_kommuner: list[str] = []
    from_data = 0
    for kommunenr, gts in sorted(kommune_gts.items()):
        kommune_ok = True
        for gt in gts:
            matches = find_enheter(rules, gt, Tema.KOM, diskresjonskode=Diskresjonskode.ANY, skjermet=False, on=on)
            if not matches:
                errors.append(f"GT {gt} (kommune {kommunenr}) has no office for tema KOM")
                kommune_ok = False
            elif matches[0].fallback:
                fallback_gts.append(gt)
                # a kommune with bydeler has no office of its own by design; its bydeler decide
                if not (len(gts) > 1 and gt == kommunenr):
                    kommune_ok = False
        if kommune_ok:
            from_data += 1
        else:
            fallback_kommuner.append(kommunenr)
    if fallback_gts:
        warnings.append(f"{len(fallback_gts)} GTs use a flagged fallback (no office in the sources): "
                        + ", ".join(fallback_gts))
    return ValidationReport(tuple(errors), tuple(warnings), tuple(fallback_gts), tuple(fallback_kommuner),
                            len(kommune_gts), from_data)


def _periods_overlap(a: Rule, b: Rule) -> bool:
    a_end = a.gyldig_til or date.max
    b_end = b.gyldig_til or date.max
    return a.gyldig_fra <= b_end and b.gyldig_fra <= a_end
