"""Pure logic of the Digisos application guide: understanding answers, kommune capability advice.

Answer vocabulary (comma-separated where several values fit):
  behov:       livsopphold, husleie, strom, depositum, tannlege, helse, annet, vet_ikke
  arbeid:      arbeid, student, ledig, syk, pensjonist, annet, vet_ikke
  sivilstatus: enslig, gift, samboer, separert, skilt, enke, vet_ikke
  barn:        ja, nei, vet_ikke (the number of children in the slot digisos_antall_barn)
  barnehage:   barnehage, sfo, nei, vet_ikke
  bosituasjon: leier, eier, bor_hos_andre, uten_bolig, annet, vet_ikke
  inntekt:     lonn, nav_ytelse, pensjon, bostotte, studielan, barnebidrag, barnetrygd, ingen, annet, vet_ikke
               (an amount said with it in digisos_inntekt_belop: "8000" or, with its period, "8000/mnd")
  formue:      sparepenger, bsu, aksjer, bil, bolig, ingen, annet, vet_ikke (an amount in digisos_formue_belop, or
               "ukjent" when the bruker said they do not know what it is worth)
  utgifter:    strom, boliglan, felleskostnader, kommunale_avgifter, gjeld, tannlege, helse, telefon, barnehage, sfo,
               barnebidrag, ingen, annet, vet_ikke (an amount in digisos_utgifter_belop, as for inntekt)
The bruker's own words, where an answer fits no category, are "annet:<words>" (OWN_WORDS).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from actions.common import pick

FIELDS = ("behov", "arbeid", "sivilstatus", "barn", "barnehage", "bosituasjon", "inntekt", "formue", "utgifter")
SLOT_PREFIX = "digisos_"

VET_IKKE = re.compile(r"\b(vet ikke|veit ikkje|vet ikkje|veit ikke|vet ik|usikker|aner ikke|hopp over|hoppe over|"
                      r"don'?t know|dont know|not sure|skip|idk|vetikke|vet ikke helt)\b")
CORRECTION = re.compile(r"\b(mener|meiner|feil|rett(e|ar)?|endre|endra|forresten|egentlig|eigentleg|i mean|"
                        r"actually|correction|sorry)\b")
# The clause a "vet ikke" belongs to ("en gammel bil, vet ikke hva den er verdt"): what is not known is that detail.
VET_IKKE_CLAUSE = re.compile(VET_IKKE.pattern + r"[^,.;:!?]*")

_P = re.compile  # brevity

# A pension, or being a pensioner (not uførepensjon, which is a NAV benefit of its own): "alderspensjon",
# "pensjonist", "tjenestepensjon", "retired".
PENSION = _P(r"\b(?!uf(ø|o)re)\w*pensjon\w*|\b(?!disability)\w*pension\w*|\bretired\b")

# (value, pattern) in priority order per field.
PATTERNS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    "behov": [
        ("livsopphold", _P(r"\b(mat|livsopphold|livsopphald|kl(æ|ae)r|bleier|hygiene|food|groceries|living|"
                           r"dagligvarer|mat ?penger)\b")),
        ("husleie", _P(r"\b(husleie|husleige|husleia|husleien|leie|leiga|rent)\b")),
        ("strom", _P(r"\b(str(ø|o)m\w*|straum\w*|electric\w*|power)\b")),
        ("depositum", _P(r"\b(depositum\w*|deposit)\b")),
        ("tannlege", _P(r"\b(tannlege\w*|tannbehandling\w*|dentist\w*|dental)\b")),
        ("helse", _P(r"\b(medisin\w*|lege\w*|briller|medicine\w*|helse\w*|doctor)\b")),
    ],
    "arbeid": [
        ("ledig", _P(r"(arbeidsledig|\bledig\b|ikke i (arbeid|jobb)|ikkje i (arbeid|jobb)|ingen jobb|uten jobb|"
                     r"utan jobb|har ikke (noen |noe )?jobb|har ikkje (nokon )?jobb|mist(et|a|e) jobben|permittert|"
                     r"oppsagt|sagt opp|unemployed|not working|ingen av delene|ingen av delane|neither|ikke jobb|"
                     r"jobber ikke|jobbar ikkje|arbeidssøker|lost (my|the|a|his|her) job|laid off|\bfired\b|"
                     r"\bno job\b|(don'?t|do not) have (a )?job|without (a )?job|out of work|jobless|job ?seeker)")),
        ("student", _P(r"\b(student\w*|studerer|studier|studiar|skole|skule|elev|studying|university|"
                       r"universitet\w*|h(ø|o)gskole\w*|l(å|a)nekassen)\b")),
        ("syk", _P(r"\b(sykmeldt|sykemeldt|sjukmeld\w*|syk|sjuk|aap|uf(ø|o)r\w*|sick)\b")),
        ("pensjonist", PENSION),
        ("arbeid", _P(r"\b(jobb\w*|arbeid\w*|deltid|fulltid|ansatt|tilsett|l(ø|o)nn|working|employed|job|"
                      r"work|part[ -]?time|full[ -]?time)\b")),
    ],
    "sivilstatus": [
        # samboer before enslig: "vi er samboere, ikke gift" is samboer; "enslig, ikke samboer" is enslig
        ("samboer", _P(r"(?<!ikke )(?<!ikkje )(?<!not )\b(samboer\w*|sambuar\w*|cohabit\w*|live with my partner|"
                       r"living with my partner|bor med kj(æ|ae)resten)\b")),
        ("enslig", _P(r"(\benslig\b|\beinsleg\b|\bsingel\b|\bsingle\b|\bugift\b|ikke gift|ikkje gift|not married|"
                      r"\bbor alene\b|\bbur aleine\b|\bi live alone\b)")),
        ("separert", _P(r"\b(separert|separated)\b")),
        ("skilt", _P(r"\b(skilt|skild|divorced)\b")),
        ("enke", _P(r"\b(enke|enkemann|widow\w*)\b")),
        ("gift", _P(r"\b(gift|married|ektefelle|partnerskap|registrert partner|partner|kona|mannen min)\b")),
    ],
    "formue": [
        ("sparepenger", _P(r"\b(sparepeng\w*|sparekonto\w*|oppspart\w*|spart|savings?|penger p(å|a) (konto|banken)|"
                           r"pengar p(å|a) (konto|banken)|money in the bank|p(å|a) (bank|spare|bruks)?konto\w*|"
                           r"in (my|the) (bank )?account)\b")),
        ("bsu", _P(r"\b(bsu)\b")),
        ("aksjer", _P(r"\b(aksje\w*|fond|shares|stocks?|funds?)\b")),
        ("bil", _P(r"\b(bil|bilen|car|motorsykkel|b(å|a)t)\b")),
        ("bolig", _P(r"\b(hytte\w*|eiendom\w*|cabin|property)\b")),
    ],
    "barnehage": [
        ("barnehage", _P(r"\b(barnehage\w*|kindergarten|daycare|bhg)\b")),
        ("sfo", _P(r"\b(sfo|aks|after ?school|skolefritidsordning\w*)\b")),
    ],
    "bosituasjon": [
        ("uten_bolig", _P(r"(uten fast|utan fast|ikke fast|ikkje fast|bostedsl(ø|o)s|ingen bolig|ingen bustad|"
                          r"ikke noe sted|ikkje nokon stad|\bgata\b|hospits|krisesenter|homeless|no (permanent )?"
                          r"home|sofa|couch|nowhere)")),
        ("bor_hos_andre", _P(r"(\bbor hos\b|\bbur hos\b|\bhos (mamma|pappa|mor|far|foreldr\w*|venn\w*|kj(æ|ae)rest\w*|"
                             r"familie\w*|s(ø|o)ster|bror)|(live|living) with (my )?(parents|friends?|family|mum|mom|dad|others)|"
                             r"with my (parents|friend|family))")),
        ("eier", _P(r"(\beier\b|\beig\b|\beiger\b|selveier|boligl(å|a)n|\bown\b|\bowner\b|eget hus|egen bolig|"
                    r"egen leilighet|bustadl(å|a)n)")),
        ("leier", _P(r"(\bleier\b|\bleiger\b|\bleie\b|\bleige\b|hybel|kommunal bolig|kommunal bustad|"
                     r"\brent\w*\b|tenant|leietaker)")),
    ],
    "inntekt": [
        ("lonn", _P(r"\b(l(ø|o)nn\w*|l(ø|o)n|jobb\w*|wage\w*|salary|arbeid\w*)\b")),
        ("nav_ytelse", _P(r"\b(dagpeng\w*|aap|arbeidsavklaring\w*|sykepeng\w*|sjukepeng\w*|uf(ø|o)r\w*|"
                          r"overgangsst(ø|o)nad|kvalifiseringsst(ø|o)nad|introduksjonsst(ø|o)nad|nav|"
                          r"unemployment benefit|sick pay)\b")),
        ("pensjon", PENSION),
        ("bostotte", _P(r"\b(bost(ø|o)tte\w*|bust(ø|o)tte\w*|housing allowance)\b")),
        ("studielan", _P(r"\b(studiel(å|a)n\w*|stipend\w*|l(å|a)nekassen|student loan)\b")),
        ("barnebidrag", _P(r"\b(barnebidrag|bidrag|child support)\b")),
        ("barnetrygd", _P(r"\b(barnetrygd\w*|kontantst(ø|o)tte|child benefit)\b")),
    ],
    "utgifter": [
        ("strom", _P(r"\b(str(ø|o)m\w*|straum\w*|electric\w*|power)\b")),
        # a homeowner's housing costs (the question asks an eier about them)
        ("boliglan", _P(r"\b(bolig|hus|bustad)l(å|a)n\w*|\b(renter?|rente\w+|mortgage\w*)\b")),
        ("felleskostnader", _P(r"\b(felleskost\w*|fellesutgift\w*|shared costs?|common costs?)\b")),
        ("kommunale_avgifter", _P(r"\b(kommunale avgift\w*|eiendomsskatt\w*|eigedomsskatt\w*|"
                                  r"municipal (charges|fees)|property tax)\b")),
        ("gjeld", _P(r"\b(gjeld\w*|l(å|a)n|inkasso|kreditt\w*|forbruksl(å|a)n|debt\w*|loan\w*|"
                     r"avdrag(?! p(å|a) (bolig|hus|bustad)?l(å|a)n))\b")),
        ("tannlege", _P(r"\b(tannlege\w*|tannbehandling\w*|dentist\w*|dental)\b")),
        ("helse", _P(r"\b(medisin\w*|lege\w*|briller|medicine\w*|doctor)\b")),
        ("telefon", _P(r"\b(telefon\w*|mobilregning\w*|mobilabonnement\w*|mobiltelefon\w*|phone\w*|"
                       r"mobile (bill|phone|plan))\b")),
        ("barnehage", _P(r"\b(barnehage\w*|kindergarten)\b")),
        ("sfo", _P(r"\b(sfo)\b")),
        ("barnebidrag", _P(r"\b(barnebidrag|bidrag|child support)\b")),
    ],
}
NONE_RE = _P(r"^(nei|nope|no|ingen|ingenting|null|none|nothing|har ikke|har ikkje|ingen ting|0)\b|"
             r"\b(ingen inntekt|no income|har ingen|ingen formue|ingen sparepeng\w*|no savings|har ikke noe p(å|a) "
             r"konto|har ikkje noko p(å|a) konto)\b")
NO_FORMUE_RE = _P(r"\b(ingen|ikke|ikkje|no|not any) (formue|sparepeng\w*|sparekonto|savings|bsu|oppsparte)\b|"
                  r"\b(har ikke noe|har ikkje noko|ingenting|ikke noe|ikkje noko|null|0 kr) p(å|a) (bank)?konto\w*\b")
NUMBER_WORDS = {"en": 1, "ett": 1, "ei": 1, "eitt": 1, "eit": 1, "ein": 1, "one": 1, "to": 2, "two": 2, "tre": 3,
                "three": 3, "fire": 4, "four": 4, "fem": 5, "five": 5, "seks": 6, "six": 6, "sju": 7, "syv": 7}
CHILD_COUNT_RE = _P(r"\b(\d{1,2}|en|ett|ei|eitt|eit|ein|one|to|two|tre|three|fire|four|fem|five|seks|six|sju|syv) "
                    r"(barn|born|unger|ungar|children|kids?|child)\b")
# An amount: digits with "kr"/"kroner"/",-", or after "ca"/"cirka"/"omtrent"/"rundt"/"kanskje"/"about"/"verdt";
# thousands as "20 tusen" / "20k" (THOUSANDS_RE).
AMOUNT_RE = _P(r"\b(\d{1,3}(?:[ .]\d{3})+|\d+)\s*(?:kr\b|kroner|nok\b|,-)|"
               r"\b(?:kr\.?|nok|ca\.?|cirka|omtrent|rundt|kring|kanskje|about|around|maybe|verdt|worth)"
               r"\s*(\d{1,3}(?:[ .]\d{3})+|\d+)\b")
THOUSANDS_RE = _P(r"\b(\d{1,3})\s*(?:k|tusen|thousand)\b")
# An amount with its period ("8000 i mnd", "12 000 kr per måned", "100 000 i året"): the income and expense questions'
# amounts, which are most often monthly.
PERIOD_AMOUNT_RE = _P(r"\b(\d{1,3}(?:[ .]\d{3})+|\d+)\s*(?:kr\.?\s*|kroner\s*|nok\s*|,-\s*)?"
                      r"(?:i|per|pr\.?|a|om|each|every|in)\s*(?:the\s*)?(mnd|måned(?:en)?|månad(?:en)?|month|år(?:et)?|"
                      r"year)\b")
_PERIODS = {"mnd": "mnd", "måned": "mnd", "måneden": "mnd", "månad": "mnd", "månaden": "mnd", "month": "mnd",
            "år": "år", "året": "år", "year": "år"}
# A number alone where the question asks for an amount ("har litt på konto, 20 000"): three digits or more, not a
# year ("bil fra 2005", "årsmodell 2010").
BARE_AMOUNT_RE = _P(r"(?<!fra )(?<!frå )(?<!from )(?<!modell )(?<!model )(?<!år )(?<!year )"
                    r"\b(\d{1,3}(?:[ .]\d{3})+|\d{3,7})\b(?! ?(år|years?|barn|born|kids|children))")
YES_RE = _P(r"^(ja|jo|jepp|yes|yep|jada)\b|\b(\d+|ett|en|ei|eitt|to|tre|fire|fem|seks) (barn|born|unger|"
            r"children|kids?)\b|\b(har barn|har born|barna|borna|ungene|s(ø|o)nn|datter|dotter|children|kids)\b")
NO_BARN_RE = _P(r"^(nei|no|nope|ingen)\b|\b(ingen barn|ikke barn|ikkje born|ingen born|har ikke barn|no children|"
                r"no kids|barnl(ø|o)s)\b")

# Strong signals that may fill or correct another field than the one asked.
EXTRA_PATTERNS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    "bosituasjon": PATTERNS["bosituasjon"][:3] + [("leier", _P(r"(\bleier\b|\bleiger\b|hybel|leietaker)"))],
    "arbeid": [("student", _P(r"\b(student|studerer)\b")),
               ("ledig", _P(r"(arbeidsledig|ingen jobb|mist(et|a) jobben|\b(er|blitt|vorte|vart) (arbeids)?ledig\b|"
                            r"jobber ikke|jobbar ikkje|har ikke (noen )?jobb|har ikkje (nokon )?jobb|permittert|"
                            r"oppsagt|lost my job|laid off|unemployed|\bno job\b|not working)")),
               ("pensjonist", _P(r"\b(\w*pensjonist\w*|pensjonert|retired|pensioner)\b")),
               ("arbeid", _P(r"\b(jobber|jobbar) (deltid|fulltid|som|på|i)\b"))],
    "barn": [("nei", _P(r"\b(ingen barn|har ikke barn|ikkje born|ingen born|no children|no kids|ingen unger|"
                       r"ingen ungar|barnl(ø|o)s)\b")),
             ("ja", CHILD_COUNT_RE)],
    "sivilstatus": [(v, p) for v, p in PATTERNS["sivilstatus"] if v != "gift"]
    + [("gift", _P(r"\b(er gift|eg er gift|jeg er gift|i am married|i'm married)\b"))],
    "formue": [("ingen", NO_FORMUE_RE)] + [(v, p) for v, p in PATTERNS["formue"] if v in ("sparepenger", "bsu", "aksjer")],
}


def child_count(text: str, alone: bool = False) -> str | None:
    """"2 barn", "to unger", "three kids" -> "2"; None when no number of children is said. `alone`: the message
    answers "how many children?", so a number on its own ("1", "to") is the count too."""
    t = normalise(text)
    m = CHILD_COUNT_RE.search(t)
    if m:
        word = m.group(1)
    elif alone and (re.fullmatch(r"\d{1,2}", t) or t in NUMBER_WORDS):
        word = t
    else:
        return None
    return (word if word.isdigit() else str(NUMBER_WORDS.get(word, ""))) or None


def amount(text: str, bare: bool = False) -> str | None:
    """The amount in a text ("ca 8000", "12 000 kr", "20 tusen") as digits, or None. Never a postnummer. `bare`:
    the question asks for an amount, so a number on its own counts ("har litt på konto, 20 000")."""
    t = (text or "").lower()
    m = AMOUNT_RE.search(t)
    if m:
        return re.sub(r"[ .]", "", m.group(1) or m.group(2))
    m = THOUSANDS_RE.search(t)
    if m:
        return str(int(m.group(1)) * 1000)
    m = BARE_AMOUNT_RE.search(t) if bare else None
    return re.sub(r"[ .]", "", m.group(1)) if m else None


def amount_with_period(text: str) -> str | None:
    """An income's or an expense's amount: digits, with "/mnd" or "/år" when the period was said ("8000 i mnd" ->
    "8000/mnd"), or None."""
    m = PERIOD_AMOUNT_RE.search((text or "").lower())
    if m:
        return f"{re.sub(r'[ .]', '', m.group(1))}/{_PERIODS[m.group(2)]}"
    return amount(text)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s'-]", " ", (text or "").lower())).strip()


def parse_answer(field: str, text: str, intent: str | None = None) -> str | None:
    """The normalised value of an answer to `field`, or None when nothing in the text fits the question."""
    t = normalise(text)
    if VET_IKKE.search(t):
        # "en gammel bil, vet ikke hva den er verdt": a detail is not known, the answer is (the car)
        known_part = normalise(VET_IKKE_CLAUSE.sub(",", (text or "").lower()))
        value = parse_answer(field, known_part) if known_part and field not in ("barn", "barnehage") else None
        return value if value and value not in ("nei", "ingen") else "vet_ikke"
    if field == "barn":
        if intent == "deny" or NO_BARN_RE.search(t) or t in ("0", "null", "zero"):
            return "nei"
        if intent == "affirm" or YES_RE.search(t) or re.fullmatch(r"\d{1,2}", t) or t in NUMBER_WORDS:
            return "ja"
        return None
    if field == "formue" and NO_FORMUE_RE.search(t):
        return "ingen"
    if field == "sivilstatus":
        values = [value for value, pattern in PATTERNS[field] if pattern.search(t)]
        return values[0] if values else None
    values = [value for value, pattern in PATTERNS[field] if pattern.search(t)]
    if field == "bosituasjon":
        values = values[:1]  # one housing situation; the first pattern in priority order wins
    if field == "arbeid" and "ledig" in values:
        values = [v for v in values if v != "arbeid"]
    if not values and field in ("barnehage", "inntekt", "formue", "utgifter") and (intent == "deny" or NONE_RE.search(t)):
        return "nei" if field == "barnehage" else "ingen"
    if not values and field == "formue" and amount(text, bare=True) and not expenses_instead_of_formue(text):
        values = ["sparepenger"]  # an amount of money alone ("har 500 kr", "ca 3000") to "har du sparepenger …?"
    return ",".join(dict.fromkeys(values)) or None


# Expenses named at the formue question ("husleie 12000, strøm og barnehage", probe 106 t27): the amount is the rent,
# not savings ("formue: sparepenger (ca. 12000 kr)" and "også sparekontoen" in the vedlegg list followed).
EXPENSE_WORDS = _P(r"\b(husleie\w*|husleig\w*|leie|leiga|leige|rent|barnehage\w*|sfo|str(ø|o)m\w*|straum\w*|"
                   r"regning\w*|rekning\w*|faktura\w*|bills?|utgift\w*|expenses?|l(å|a)n\w*|gjeld\w*|debt\w*)\b")


def expenses_instead_of_formue(text: str) -> bool:
    """Whether an answer to the formue question names expenses and nothing of savings or things of value."""
    t = normalise(text)
    return bool(EXPENSE_WORDS.search(t)) and not ELSEWHERE_CUES["formue"].search(t)


def fallback_value(field: str) -> str:
    """What we store when an answer did not fit any category: never get stuck on one question."""
    return "vet_ikke" if field in ("barn", "barnehage") else "annet"


# An answer in the bruker's own words, where it fits none of the question's categories ("pensjonist", "briller til
# datteren"): stored as "annet:<words>" (a category for the vedlegg list, the words for the oppsummering), never as
# a bare "annet" that reads as if the bruker had said it.
OWN_WORDS = "annet:"
OTHER_WORDS = re.compile(r"^(annet|anna|other|something else)$")


def own_words(field: str, text: str) -> str:
    """What an answer that fits no category is stored as: the bruker's words (commas kept out, they separate
    values), or the field's fallback when there are none."""
    words = " ".join(text.replace(",", " ").split())[:100].strip()
    if field in ("barn", "barnehage") or not words or OTHER_WORDS.match(normalise(words)):
        return fallback_value(field)
    return OWN_WORDS + words


def extract_extras(text: str, asked: str) -> dict[str, str]:
    """Other fields stated clearly in an answer ("jeg er student og leier hybel"), for pre-filling or correcting."""
    return {field: value for field, (value, _) in _extras(normalise(text), asked).items()}


def _extras(t: str, asked: str) -> dict[str, tuple[str, re.Pattern[str]]]:
    """extract_extras with the pattern that found each value (normalised text `t`)."""
    found: dict[str, tuple[str, re.Pattern[str]]] = {}
    for field, patterns in EXTRA_PATTERNS.items():
        if field == asked:
            continue
        for value, pattern in patterns:
            if pattern.search(t):
                found[field] = (value, pattern)
                break
    return found


# A thing of value said as owned or with its worth ("bil verdt ca 40 000 kr", "jeg har en gammel bil"): the savings
# question's, never a need or an expense ("reparasjon av bilen" is a need).
THINGS_CUE = (r"\b(har|eier|eig|own|have|has)( en| ei| eit| et| a| an)?( gammel| gamal| old)? (bil|båt|hytte|"
              r"motorsykkel|car|boat|cabin)\b|\b(bil|bilen|båt|båten|hytte|hytta|car|boat|cabin|motorsykkel)( er| is)?"
              r" (verdt|worth|til \d|til ca|for \d)")


# Words that say which of the guide's other questions (housing, income, savings, expenses) a message answers
# ("jeg leier en leilighet" to "Har du barn?", "300 kr på konto og ingen inntekt" to the barnehage question): the
# answer is kept for its own question, and the question asked is asked again (answers_elsewhere).
ELSEWHERE_CUES: dict[str, re.Pattern[str]] = {
    "bosituasjon": _P("|".join([*(p.pattern for _, p in EXTRA_PATTERNS["bosituasjon"]),
                                r"\b(i rent|i'm renting|im renting|renting|tenant)\b"])),
    "inntekt": _P(r"\b(ingen inntekt|no income|inntekt\w*|income|l(ø|o)nn\w*|dagpeng\w*|arbeidsavklaringspeng\w*|"
                  r"sykepeng\w*|sjukepeng\w*|uf(ø|o)retrygd\w*|overgangsst(ø|o)nad|kvalifiseringsst(ø|o)nad|"
                  r"introduksjonsst(ø|o)nad|\w*pensjon\w*|\w*pension\w*|bost(ø|o)tte\w*|bust(ø|o)tte\w*|"
                  r"studiel(å|a)n\w*|stipend\w*|"
                  r"barnetrygd\w*|kontantst(ø|o)tte|barnebidrag|salary|wages?|unemployment benefit|sick pay|"
                  r"housing allowance|student loan|child benefit|child support)\b"),
    "formue": _P(r"((\d[\d .]*\s*)?(kr|kroner|nok)?\s*p(å|a) (bank)?konto(en)?|\b(ingen|ikke|ikkje|no) (formue|"
                 r"sparepeng\w*|sparekonto|savings|bsu|oppsparte)|\b(sparepeng\w*|sparekonto\w*|oppspart\w*|"
                 r"savings?|bsu|aksje\w*|formue\w*|assets?|money in the bank|in (my|the) account)\b|" + THINGS_CUE + ")"),
    "utgifter": _P(r"\b(utgift\w*|expenses?|str(ø|o)m\w*|straum\w*|gjeld\w*|inkasso|forbruksl(å|a)n\w*|"
                   r"kreditt\w*|(bolig|hus|bustad)l(å|a)n\w*|felleskost\w*|kommunale avgift\w*|debt\w*|loans?|"
                   r"mortgage\w*|electricity)\b"),
}
# The questions whose answers another question's words may be: what one needs money for is often an expense.
NOT_ELSEWHERE = {"behov": frozenset({"utgifter"})}
YES_NO_START = _P(r"^(ja|jo|jepp|jada|nei|nope|no|yes|yep)\b")
# Words that carry nothing of a need of their own: a need answer made of these and another question's facts only
# ("I am single, no kids") is no need.
FILLER = frozenset("""
jeg eg i me vi we du you er am is are was var har have has had og and men but så so også too also ikke ikkje not no
nei ja yes en ei et eit ein a an the det den dei de it that this som who my min mi mitt mine meg me our vår til to
for på on in at av of med with å bare berre just litt little veldig very nå no now hei hi hello ok okay vent wait
trenger treng need needs penger pengar money fordi because om about da då then
""".split())


def answers_elsewhere(field: str, text: str, intent: str | None = None) -> dict[str, str]:
    """The answers to the guide's other questions (housing, income, savings, expenses) in a message that answers
    nothing of the question asked (`field`); {} when it answers that question. The question's own "nei"/"ingen"
    does not count when it is the other question's ("ingen inntekt" is no "nei" to barnehage)."""
    if field not in FIELDS:
        return {}
    t = normalise(text)
    found: dict[str, str] = {}
    rest = t
    for other, cue in ELSEWHERE_CUES.items():
        if other == field or other in NOT_ELSEWHERE.get(field, ()) or not cue.search(t):
            continue
        value = parse_answer(other, text)
        if value and value != "vet_ikke":
            found[other] = value
            rest = cue.sub(" ", rest)
    # the strong signals of the household and work ("jeg bor alene", "jeg er ledig", "3 barn", "no kids")
    for other, (value, pattern) in _extras(t, field).items():
        if other not in found and other not in NOT_ELSEWHERE.get(field, ()):
            found[other] = value
            rest = pattern.sub(" ", rest)
    if not found:
        return {}
    whole = parse_answer(field, text, intent)
    if whole not in (None, "nei", "ingen"):
        return {}  # it answers the question asked too ("lønn" to the work question): the usual answer
    rest_intent = intent if YES_NO_START.match(rest.strip()) else None
    if parse_answer(field, rest, rest_intent):
        return {}
    if field == "behov" and any(word not in FILLER and not word.isdigit() for word in rest.split()):
        return {}  # a need of its own besides the facts ("jeg er student og trenger penger til lærebøker")
    return found


# The answers the guide's buttons send ('/digisos_answer{"answer": ...}', bot/digisos.yml), per question.
BUTTON_CHOICES: dict[str, frozenset[str]] = {
    "behov": frozenset({"livsopphold", "husleie", "strøm", "annet"}),
    "arbeid": frozenset({"arbeid", "student", "ikke i arbeid", "vet ikke"}),
    "sivilstatus": frozenset({"enslig", "gift", "samboer", "separert"}),
    "barn": frozenset({"ja", "nei"}),
    "barnehage": frozenset({"barnehage", "sfo", "barnehage og sfo", "nei"}),
    "bosituasjon": frozenset({"leier", "eier", "bor hos andre", "uten fast bolig"}),
}
# Buttons of several questions (or of none in particular): a late press of one says nothing clear.
SHARED_CHOICES = frozenset({"ja", "nei", "vet ikke", "annet"})


def button_home(field: str, answer: str) -> dict[str, str] | None:
    """Where a pressed button's answer belongs while `field` is asked: None when it is one of the question's own
    choices (or no button's); otherwise {question: value} of the one other question whose button it is (an old
    button pressed late: "Student" while Familie is asked), or {} when that is not clear ("Ja", "Vet ikke")."""
    choice = " ".join(answer.lower().split())
    if choice in BUTTON_CHOICES.get(field, ()):
        return None
    homes = [other for other, choices in BUTTON_CHOICES.items() if choice in choices]
    if not homes:
        return None
    if choice in SHARED_CHOICES or len(homes) > 1:
        return {}
    value = parse_answer(homes[0], choice)
    return {homes[0]: value} if value else {}


# A job lost, said at the work question: the guide tells about dagpenger as it does at the need question.
LOST_JOB = _P(r"(mist(et|a|e) jobben|arbeidsledig|permittert|oppsagt|sagt opp|lost (my|the|a|his|her) job|laid off|"
              r"\bfired\b|unemployed)")


def is_correction(text: str) -> bool:
    return bool(CORRECTION.search(normalise(text)))


# Answers to questions without a strong signal of their own, said with the question's word ("inntekten min er
# dagpenger", "utgifter: strøm og gjeld"): understood in a correction, never while another question is asked.
LABELLED: dict[str, re.Pattern[str]] = {
    "behov": _P(r"\b(behov\w*|trenger penger til|treng pengar til|need money for)\b"),
    "inntekt": _P(r"\b(inntekt\w*|income|får|mottar|get|receive|receiving)\b"),
    "utgifter": _P(r"\b(utgift\w*|expenses?)\b"),
}


def answers_in_text(text: str, slots: Mapping[str, Any] | None = None) -> dict[str, str]:
    """The guide's answers stated clearly in a free-text correction, as slot updates ("digisos_<field>",
    "digisos_antall_barn", "digisos_formue_belop"): "jeg mener jeg har 2 barn og sparekonto", "inntekten er lønn".
    Expenses named without the word ("gjeld til inkasso og strøm") are added to those already given (`slots`)."""
    said = {SLOT_PREFIX + f: v for f, v in extract_extras(text, asked="").items()}
    t = normalise(text)
    for field, cue in LABELLED.items():
        value = parse_answer(field, text) if cue.search(t) else None
        if value and value != "vet_ikke":
            said[SLOT_PREFIX + field] = value
    named = ELSEWHERE_CUES["utgifter"].search(t) and not NEGATED.search(t)  # "jeg har ikke gjeld" adds none
    expenses = parse_answer("utgifter", text) if named else None
    if expenses and expenses != "vet_ikke" and SLOT_PREFIX + "utgifter" not in said:
        said[SLOT_PREFIX + "utgifter"] = combined("utgifter", (slots or {}).get(SLOT_PREFIX + "utgifter"), expenses)
    count = child_count(text)
    if count:
        said[SLOT_PREFIX + "antall_barn"] = count
        said.setdefault(SLOT_PREFIX + "barn", "ja")
    # An amount belongs to the one question of income, savings and expenses the text answers; with several, to
    # none ("lønn 9000 og 2000 på konto" cannot be split by a pattern).
    answered = [field for field in AMOUNT_SLOTS if said.get(SLOT_PREFIX + field) not in (None, "ingen", "vet_ikke")]
    belop = amount(text) if answered == ["formue"] else amount_with_period(text) if len(answered) == 1 else None
    if belop:
        said[SLOT_PREFIX + AMOUNT_SLOTS[answered[0]]] = belop
    return said


NEGATED = _P(r"\b(ikke|ikkje|ingen|inga|uten|utan|aldri|not|no|never|without|don'?t)\b")
# The questions that take several answers ("lønn og bostøtte"): a later answer adds to them.
SEVERAL = frozenset({"behov", "inntekt", "formue", "utgifter"})
# Answers that stand alone: nothing is added to them, and they give way to a real answer.
ALONE = frozenset({"ingen", "nei", "vet_ikke", "annet"})


def combined(field: str, current: str | None, new: str) -> str:
    """A later answer to a question answered before ("sykepenger" said at another question after "Inntekt: ingen"):
    added to the earlier one for the questions that take several answers, else in its place. "ingen", "vet ikke"
    and the bruker's own words (most often another question's words, stored before) give way."""
    if not current or field not in SEVERAL or new in ALONE:
        return new
    kept = [v for v in current.split(",") if v not in ALONE and not v.startswith(OWN_WORDS)]
    return ",".join(dict.fromkeys([*kept, *new.split(",")]))


def apply_answers(slots: Mapping[str, Any], said: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the slots that change, all slots after the change): "no children" also clears barnehage and their number,
    "no savings", "no income" and "no expenses" their amount."""
    changed: dict[str, Any] = {k: v for k, v in said.items() if slots.get(k) != v}
    if changed.get(SLOT_PREFIX + "barn") == "nei":
        changed.update({SLOT_PREFIX + "barnehage": None, SLOT_PREFIX + "antall_barn": None})
    for field, amount_slot in AMOUNT_SLOTS.items():
        if changed.get(SLOT_PREFIX + field) == "ingen":
            changed[SLOT_PREFIX + amount_slot] = None
    changed = {k: v for k, v in changed.items() if slots.get(k) != v}
    return changed, {**slots, **changed}


def said_summary(said: Mapping[str, str], slots: Mapping[str, Any], lang: str) -> str:
    """What a correction said, in words ("Sivilstatus: samboer; Barn: 2 barn")."""
    shown = {k.removeprefix(SLOT_PREFIX): v for k, v in said.items() if k.removeprefix(SLOT_PREFIX) in FIELDS}
    return summary_lines(shown, lang, **details_from_slots(slots))


def answers_from_slots(slots: Mapping[str, Any]) -> dict[str, str | None]:
    return {field: slots.get(SLOT_PREFIX + field) for field in FIELDS}


def required_fields(answers: Mapping[str, str | None]) -> list[str]:
    """The questions that apply, in the order of the application (personalia, arbeid, familie, bosituasjon,
    inntekt og formue, utgifter): skip barnehage/SFO without children."""
    fields = list(FIELDS)
    if answers.get("barn") in ("nei", "vet_ikke"):  # no children, or not said: "Går barna i barnehage?" is odd
        fields.remove("barnehage")
    return fields


# --- kommune capability ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class KommuneCapability:
    """What the kommune offers digitally, from GET /api/kommuner/{kommune}; None means "we don't know"."""

    navn: str | None
    digital_soknad: bool | None
    midlertidig_stengt: bool | None
    innsyn: bool | None

    @property
    def can_apply_digitally(self) -> bool | None:
        if self.midlertidig_stengt:
            return False
        return self.digital_soknad


def capability_from_router(kommune: str | None, info: Mapping[str, Any] | None) -> KommuneCapability:
    if not info:
        return KommuneCapability(navn=kommune, digital_soknad=None, midlertidig_stengt=None, innsyn=None)
    d = info.get("digisos") or {}
    return KommuneCapability(
        navn=info.get("navn") or kommune,
        digital_soknad=d.get("digital_soknad"),
        midlertidig_stengt=d.get("midlertidig_stengt"),
        innsyn=d.get("innsyn"),
    )


_CAP_TEXTS: dict[str, dict[str, str]] = {
    "digital": {
        "nb": "{navn} tar imot digitale søknader, så du kan søke på nav.no/sosialhjelp.",
        "nn": "{navn} tek imot digitale søknader, så du kan søkje på nav.no/sosialhjelp.",
        "en": "{navn} accepts online applications, so you can apply at nav.no/sosialhjelp.",
    },
    "closed": {
        "nb": "Digital søknad er midlertidig stengt i {navn}. Du kan søke på papir eller på NAV-kontoret, "
        "eller ringe {phone} ({phone_hours}) for hjelp.",
        "nn": "Digital søknad er mellombels stengd i {navn}. Du kan søkje på papir eller på NAV-kontoret, "
        "eller ringje {phone} ({phone_hours}) for hjelp.",
        "en": "Online applications are temporarily closed in {navn}. You can apply on paper or at the NAV office, "
        "or call +47 {phone} ({phone_hours}) for help.",
    },
    "paper": {
        "nb": "{navn} tar ikke imot digitale søknader. Søk på papir: skjemaet får du på NAV-kontoret, som også "
        "kan hjelpe deg å fylle det ut.",
        "nn": "{navn} tek ikkje imot digitale søknader. Søk på papir: skjemaet får du på NAV-kontoret, som også "
        "kan hjelpe deg å fylle det ut.",
        "en": "{navn} does not accept online applications. Apply on paper: you get the form at the NAV office, "
        "which can also help you fill it in.",
    },
    "unknown": {
        "nb": "Jeg fikk ikke sjekket om {navn} tar imot digitale søknader. På nav.no/sosialhjelp ser du det "
        "når du velger kommune; ellers kan du alltid søke på papir eller på NAV-kontoret, eller ringe {phone} "
        "({phone_hours}).",
        "nn": "Eg fekk ikkje sjekka om {navn} tek imot digitale søknader. På nav.no/sosialhjelp ser du det "
        "når du vel kommune; elles kan du alltid søkje på papir eller på NAV-kontoret, eller ringje {phone} "
        "({phone_hours}).",
        "en": "I could not check whether {navn} accepts online applications. At nav.no/sosialhjelp you "
        "see it when you choose the municipality; you can always apply on paper or at the NAV office, or call "
        "+47 {phone} ({phone_hours}).",
    },
    # No kommune: the bruker chose not to say ("vet ikke" to the kommune question), which is no failure to check.
    "no_kommune": {
        "nb": "Når du velger kommunen din på nav.no/sosialhjelp, ser du om den tar imot digitale søknader; ellers kan "
        "du alltid søke på papir eller på NAV-kontoret, eller ringe {phone} ({phone_hours}).",
        "nn": "Når du vel kommunen din på nav.no/sosialhjelp, ser du om han tek imot digitale søknader; elles kan du "
        "alltid søkje på papir eller på NAV-kontoret, eller ringje {phone} ({phone_hours}).",
        "en": "When you choose your municipality at nav.no/sosialhjelp, you see whether it accepts online "
        "applications; you can always apply on paper or at the NAV office, or call +47 {phone} ({phone_hours}).",
    },
    "innsyn_on": {
        "nb": "Når søknaden er sendt, kan du følge saken under «Dine søknader» på nav.no.",
        "nn": "Når søknaden er send, kan du følgje saka under «Dine søknader» på nav.no.",
        "en": "Once it is sent, you can follow the case under «Dine søknader» on nav.no.",
    },
    "innsyn_off": {
        "nb": "{navn} viser ikke status for saken på nav.no ennå: spør NAV-kontoret hvis du lurer på hvordan det går.",
        "nn": "{navn} viser ikkje status for saka på nav.no enno: spør NAV-kontoret om du lurer på korleis det går.",
        "en": "{navn} does not show case status on nav.no yet: ask the NAV office how your case is going.",
    },
    "paper_always": {
        "nb": "Du kan også alltid søke på papir eller på NAV-kontoret.",
        "nn": "Du kan også alltid søkje på papir eller på NAV-kontoret.",
        "en": "You can also always apply on paper or at the NAV office.",
    },
}


_YOUR_KOMMUNE = {"nb": "Kommunen din", "nn": "Kommunen din", "en": "Your municipality"}


def takes_digital_applications(cap: KommuneCapability, lang: str) -> str:
    """That the kommune takes digital applications, in one line."""
    return pick(_CAP_TEXTS["digital"], lang).format(navn=cap.navn or _YOUR_KOMMUNE[lang])


def capability_advice(cap: KommuneCapability, lang: str) -> str:
    """Where and how this person can apply, honest about what we do not know."""
    navn = cap.navn or _YOUR_KOMMUNE[lang]
    parts: list[str] = []
    if cap.midlertidig_stengt:
        parts.append(pick(_CAP_TEXTS["closed"], lang))
    elif cap.digital_soknad is True:
        parts += [pick(_CAP_TEXTS["digital"], lang), pick(_CAP_TEXTS["paper_always"], lang)]
    elif cap.digital_soknad is False:
        parts.append(pick(_CAP_TEXTS["paper"], lang))
    else:
        parts.append(pick(_CAP_TEXTS["unknown" if cap.navn else "no_kommune"], lang))
    if cap.innsyn is True and cap.can_apply_digitally:
        parts.append(pick(_CAP_TEXTS["innsyn_on"], lang))
    elif cap.innsyn is False:
        parts.append(pick(_CAP_TEXTS["innsyn_off"], lang))
    return " ".join(p.format(navn=navn) for p in parts)


ADRESSEBESKYTTELSE = {
    "nb": "Har du adressebeskyttelse (fortrolig eller strengt fortrolig adresse), kan du ikke søke digitalt: "
    "ta kontakt med NAV-kontoret eller ring {phone} ({phone_hours}), så får du hjelp til å søke.",
    "nn": "Har du adressevern (fortruleg eller strengt fortruleg adresse), kan du ikkje søkje digitalt: "
    "ta kontakt med NAV-kontoret eller ring {phone} ({phone_hours}), så får du hjelp til å søkje.",
    "en": "If you have a protected address (adressebeskyttelse), you cannot apply online: contact the NAV office "
    "or call +47 {phone} ({phone_hours}) and you will get help to apply.",
}

# Said instead of the kommune's capability to a logged-in person with adressebeskyttelse (the router knows it from
# the person register and tells the action server only "may not apply digitally"). Kode 6 is served by one
# special office, never the local one: the way in is the phone, not "your NAV office".
PROTECTED_ADDRESS = {
    "nb": "Fordi adressen din er beskyttet, kan du ikke søke digitalt. Ring oss på {phone} ({phone_hours}), så "
    "får du hjelp til å søke på en trygg måte.",
    "nn": "Fordi adressa di er verna, kan du ikkje søkje digitalt. Ring oss på {phone} ({phone_hours}), så får "
    "du hjelp til å søkje på ein trygg måte.",
    "en": "Because your address is protected, you cannot apply online. Call us on +47 {phone} ({phone_hours}) and we "
    "will help you apply safely.",
}

# The end of the guide for a person who may not apply digitally: no uploads, drafts or "Dine søknader".
PROTECTED_DOCUMENTS = {
    "nb": "Vedleggene trenger du også når du søker på telefon eller papir. NAV forteller deg hvordan du sender dem "
    "trygt.",
    "nn": "Vedlegga treng du også når du søkjer på telefon eller papir. NAV fortel deg korleis du sender dei trygt.",
    "en": "You will need these documents also when you apply by phone or on paper. NAV will tell you how to send "
    "them safely.",
}
PROTECTED_SEND = {
    "nb": "Når du ringer, hjelper NAV deg med søknaden og sørger for at den kommer fram uten at adressen din blir "
    "kjent. Trenger de mer fra deg, sier de fra.",
    "nn": "Når du ringjer, hjelper NAV deg med søknaden og sørgjer for at han kjem fram utan at adressa di blir "
    "kjend. Treng dei meir frå deg, seier dei frå.",
    "en": "When you call, NAV helps you with the application and makes sure it arrives without your address "
    "becoming known. If they need more from you, they will tell you.",
}

DELAY_AND_DECISION = {
    "nb": "Godt å vite: søknader som mangler vedlegg, tar ofte lengre tid og kan bli avslått, så send med det du "
    "har. Har du penger på konto, forventes det vanligvis at du bruker dem først. Det er alltid en saksbehandler "
    "i kommunen som avgjør søknaden, ikke jeg, og du kan søke uansett.",
    "nn": "Godt å vite: søknader som manglar vedlegg, tek ofte lengre tid og kan bli avslegne, så send med det du "
    "har. Har du pengar på konto, er det vanlegvis venta at du brukar dei først. Det er alltid ein sakshandsamar "
    "i kommunen som avgjer søknaden, ikkje eg, og du kan søkje uansett.",
    "en": "Good to know: applications with missing documents often take longer and may be rejected, so send what "
    "you have. If you have money in your account, you are usually expected to use it first. A caseworker in the "
    "municipality always decides, not me, and you can apply anyway.",
}

_LABELS: dict[str, dict[str, str]] = {
    "behov": {"nb": "Behov", "nn": "Behov", "en": "Need"},
    "arbeid": {"nb": "Arbeid/utdanning", "nn": "Arbeid/utdanning", "en": "Work/education"},
    "sivilstatus": {"nb": "Sivilstatus", "nn": "Sivilstatus", "en": "Marital status"},
    "barn": {"nb": "Barn", "nn": "Born", "en": "Children"},
    "barnehage": {"nb": "Barnehage/SFO", "nn": "Barnehage/SFO", "en": "Kindergarten/SFO"},
    "bosituasjon": {"nb": "Bosituasjon", "nn": "Busituasjon", "en": "Housing"},
    "inntekt": {"nb": "Inntekt", "nn": "Inntekt", "en": "Income"},
    "formue": {"nb": "Formue", "nn": "Formue", "en": "Assets"},
    "utgifter": {"nb": "Utgifter", "nn": "Utgifter", "en": "Expenses"},
}


# How each answer code reads to the bruker (codes are ASCII for slots; people read words).
VALUE_WORDS: dict[str, dict[str, str]] = {
    "livsopphold": {"nb": "mat og livsopphold", "nn": "mat og livsopphald", "en": "food and living costs"},
    "husleie": {"nb": "husleie", "nn": "husleige", "en": "rent"},
    "strom": {"nb": "strøm", "nn": "straum", "en": "electricity"},
    "depositum": {"nb": "depositum", "nn": "depositum", "en": "deposit"},
    "tannlege": {"nb": "tannlege", "nn": "tannlege", "en": "dentist"},
    "helse": {"nb": "helse", "nn": "helse", "en": "health"},
    "annet": {"nb": "annet", "nn": "anna", "en": "other"},
    "vet_ikke": {"nb": "vet ikke", "nn": "veit ikkje", "en": "don't know"},
    "arbeid": {"nb": "i arbeid", "nn": "i arbeid", "en": "working"},
    "student": {"nb": "student", "nn": "student", "en": "student"},
    "ledig": {"nb": "uten arbeid", "nn": "utan arbeid", "en": "out of work"},
    "syk": {"nb": "syk", "nn": "sjuk", "en": "ill"},
    "pensjonist": {"nb": "pensjonist", "nn": "pensjonist", "en": "retired"},
    "ja": {"nb": "ja", "nn": "ja", "en": "yes"},
    "nei": {"nb": "nei", "nn": "nei", "en": "no"},
    "barnehage": {"nb": "barnehage", "nn": "barnehage", "en": "kindergarten"},
    "sfo": {"nb": "SFO", "nn": "SFO", "en": "after-school care (SFO)"},
    "leier": {"nb": "leier", "nn": "leiger", "en": "renting"},
    "eier": {"nb": "eier", "nn": "eig", "en": "owner"},
    "bor_hos_andre": {"nb": "bor hos andre", "nn": "bur hjå andre", "en": "living with others"},
    "uten_bolig": {"nb": "uten fast bolig", "nn": "utan fast bustad", "en": "no fixed home"},
    "lonn": {"nb": "lønn", "nn": "løn", "en": "wages"},
    "nav_ytelse": {"nb": "ytelse fra NAV", "nn": "yting frå NAV", "en": "NAV benefit"},
    "pensjon": {"nb": "pensjon", "nn": "pensjon", "en": "pension"},
    "bostotte": {"nb": "bostøtte", "nn": "bustøtte", "en": "housing allowance"},
    "studielan": {"nb": "studielån", "nn": "studielån", "en": "student loan"},
    "barnebidrag": {"nb": "barnebidrag", "nn": "barnebidrag", "en": "child support"},
    "barnetrygd": {"nb": "barnetrygd", "nn": "barnetrygd", "en": "child benefit"},
    "ingen": {"nb": "ingen", "nn": "ingen", "en": "none"},
    "gjeld": {"nb": "gjeld", "nn": "gjeld", "en": "debt"},
    "boliglan": {"nb": "boliglån", "nn": "bustadlån", "en": "mortgage"},
    "felleskostnader": {"nb": "felleskostnader", "nn": "felleskostnader", "en": "shared costs"},
    "kommunale_avgifter": {"nb": "kommunale avgifter", "nn": "kommunale avgifter", "en": "municipal charges"},
    "telefon": {"nb": "telefon", "nn": "telefon", "en": "phone"},
    "enslig": {"nb": "enslig", "nn": "einsleg", "en": "single"},
    "gift": {"nb": "gift / registrert partner", "nn": "gift / registrert partnar", "en": "married / partner"},
    "samboer": {"nb": "samboer", "nn": "sambuar", "en": "cohabiting"},
    "separert": {"nb": "separert", "nn": "separert", "en": "separated"},
    "skilt": {"nb": "skilt", "nn": "skild", "en": "divorced"},
    "enke": {"nb": "enke/enkemann", "nn": "enkje/enkjemann", "en": "widowed"},
    "sparepenger": {"nb": "sparepenger", "nn": "sparepengar", "en": "savings"},
    "bsu": {"nb": "BSU", "nn": "BSU", "en": "BSU (home savings)"},
    "aksjer": {"nb": "aksjer/fond", "nn": "aksjar/fond", "en": "shares/funds"},
    "bil": {"nb": "bil", "nn": "bil", "en": "car"},
    "bolig": {"nb": "hytte/eiendom", "nn": "hytte/eigedom", "en": "cabin/property"},
}
_COUNT = {"nb": "{n} barn", "nn": "{n} born", "en": "{n} children"}
_ABOUT = {"nb": "ca. {v} kr", "nn": "ca. {v} kr", "en": "about {v} kr"}
_PER = {"mnd": {"nb": "i måneden", "nn": "i månaden", "en": "a month"},
        "år": {"nb": "i året", "nn": "i året", "en": "a year"}}
# The slots that hold an answer's amount, per question.
AMOUNT_SLOTS = {"inntekt": "inntekt_belop", "formue": "formue_belop", "utgifter": "utgifter_belop"}
# digisos_formue_belop when the bruker said they do not know what it is worth ("en bil, vet ikke hva den er verdt")
UNKNOWN_AMOUNT = "ukjent"
_UNKNOWN = {"money": {"nb": "beløp ukjent", "nn": "beløp ukjent", "en": "amount unknown"},
            "things": {"nb": "verdi ukjent", "nn": "verdi ukjend", "en": "value unknown"}}
# Things of value among the formue answers: a car or a cabin is no savings, and an amount said with money is not its
# value ("300 kr på konto og en bil" read "sparepenger, bil (ca. 300 kr)").
THINGS = ("bil", "bolig")
THINGS_LABEL = {"nb": "Eiendeler", "nn": "Eigedelar", "en": "Possessions"}


def formue_parts(formue: str, belop: str | None, lang: str) -> tuple[str | None, str | None]:
    """A formue answer in words as (money, things): savings, BSU and shares apart from a car or a cabin, as the
    application asks them. The amount goes with the money, or with the things when no money was named ("bil verdt
    30 000 kr"); never with "ingen" or "vet ikke"."""
    values = formue.split(",")
    money = ",".join(v for v in values if v not in THINGS)
    things = ",".join(v for v in values if v in THINGS)
    about = f" ({pick(_ABOUT, lang).format(v=belop)})" if belop else ""
    money_text = readable(money, lang) if money else None
    things_text = readable(things, lang) if things else None
    if about and money_text and money not in ("ingen", "vet_ikke"):
        money_text += f" ({pick(_UNKNOWN['money'], lang)})" if belop == UNKNOWN_AMOUNT else about
    elif about and things_text and not money:
        things_text += f" ({pick(_UNKNOWN['things'], lang)})" if belop == UNKNOWN_AMOUNT else about
    return money_text, things_text


def about_amount(belop: str, lang: str) -> str:
    """"8000/mnd" -> "ca. 8000 kr i måneden"; "30000" -> "ca. 30000 kr"."""
    digits, _, period = belop.partition("/")
    about = pick(_ABOUT, lang).format(v=digits)
    return f"{about} {pick(_PER[period], lang)}" if period in _PER else about


def readable_with_amount(value: str, belop: str | None, lang: str) -> str:
    """An income or expense answer in words, with its amount when one was said ("lønn (ca. 8000 kr i måneden)")."""
    text = readable(value, lang)
    return f"{text} ({about_amount(belop, lang)})" if belop and value not in ("ingen", "vet_ikke") else text


def readable(value: str, lang: str) -> str:
    """'lonn,strom' -> 'lønn, strøm' in the conversation's language; the bruker's own words as they wrote them."""
    if value.startswith(OWN_WORDS) and "," not in value:
        return f"«{value.removeprefix(OWN_WORDS)}»"
    return ", ".join(f"«{v.removeprefix(OWN_WORDS)}»" if v.startswith(OWN_WORDS)
                     else pick(VALUE_WORDS[v], lang) if v in VALUE_WORDS else v.replace("_", " ")
                     for v in value.split(","))


def summary_lines(answers: Mapping[str, str | None], lang: str, antall_barn: str | None = None,
                  formue_belop: str | None = None, *, inntekt_belop: str | None = None,
                  utgifter_belop: str | None = None) -> str:
    """A short "this is what I understood" overview, in words the bruker uses (with children's number, amounts)."""
    rows = []
    amounts = {"inntekt": inntekt_belop, "utgifter": utgifter_belop}
    for field in FIELDS:
        value = answers.get(field)
        if value:
            text = readable_with_amount(value, amounts.get(field), lang)
            if field == "barn" and antall_barn and value == "ja":
                text = pick(_COUNT, lang).format(n=antall_barn)
            if field == "formue":
                money, things = formue_parts(value, formue_belop, lang)
                rows += [f"{pick(label, lang)}: {part}"
                         for label, part in ((_LABELS[field], money), (THINGS_LABEL, things)) if part]
                continue
            rows.append(f"{pick(_LABELS[field], lang)}: {text}")
    return "; ".join(rows)


def slots_summary(slots: Mapping[str, Any], lang: str) -> str:
    """summary_lines from the tracker's slots."""
    return summary_lines(answers_from_slots(slots), lang, **details_from_slots(slots))


def details_from_slots(slots: Mapping[str, Any]) -> dict[str, str | None]:
    """The children's number and the amounts, as summary_lines takes them."""
    return {key: slots.get(SLOT_PREFIX + key)
            for key in ("antall_barn", "formue_belop", "inntekt_belop", "utgifter_belop")}
