"""Questions the bruker asks inside the guide ("hva betyr bostøtte?", "hvorfor trenger dere å vite det?").

A question is never stored as the answer: the form's validation asks `is_question`, answers with
`question_reply` (a short explanation of the word, or why the application asks) and asks the same question again.
Pure functions; the texts are nb/nn/en.
"""

from __future__ import annotations

import re

from actions.common import pick

# A question however the answer words look: "hva betyr bostøtte?" is not the answer "bostøtte".
STRONG_QUESTION = re.compile(
    r"^(hva (betyr|er|menes|mener du|meiner du|vil det si|skal jeg)|hvorfor|hvordan|kva (betyr|er|meiner|vil det seie|"
    r"skal eg)|kvifor|korleis|what (does|is|do you mean)|what's|why|how do|how does|how should)\b")
WH_START = re.compile(r"^(hva|hvem|hvilke|hvilken|hvilket|hvor|når|kva|kven|kvar|kor|what|who|which|where|when|how)\b")
YES_NO_START = re.compile(
    r"^(må|trenger|teller|telles|regnes|gjelder|skal|kan|er det|er dette|blir|betyr|mener du|meiner du|treng|tel|"
    r"do|does|is|are|should|must|can|will|would|counts?)\b")
WHY = re.compile(r"\b(hvorfor|kvifor|why|trenger dere|treng de|må jeg svare|må eg svare|do you need|what for|"
                 r"hva skal dere med|kva skal de med)\b")
# "What do you mean?" without a word to explain: the answer is what the question is for.
MEANING = re.compile(r"\b(hva mener du|kva meiner du|what do you mean|hva menes|hva betyr det|kva betyr det|"
                     r"what does that mean|forstår ikke|forstår ikkje|skjønner ikke|skjønar ikkje|don'?t understand)\b")
# A short message that only says the question was not understood ("hæ?", "hva mener du?", "skjønner ikke"). The
# model takes it for frustration; at a guide question it asks for the question explained, not for a person.
NOT_UNDERSTOOD = re.compile(
    r"^(hæ+|hæh|huh|hm+|eh+|hva|kva|what|unnskyld|orsak|sorry)$|"
    r"\b(hva mener du|kva mein(er|ar) du|what do you mean|hva menes|kva er meint|hva betyr det|kva betyr det|"
    r"what does that mean|(forstår|forsto|forstod|skjønner|skjønte|skjønar|skjøna) (ikke|ikkje)|"
    r"(do not|don'?t|didn'?t) (understand|get it|get that|follow))\b")
# Words of distress or anger, the bot blamed, a person or the language asked for: the frustration answer stays.
UPSET = re.compile(
    r"\b(dårlig\w*|dårleg\w*|elendig\w*|gir opp|gi opp|give up|idiot\w*|ubrukelig\w*|useless|håpløs\w*|dust|dum|"
    r"dumme|faen|helvete|jævl\w*|drit\w*|stupid|terrible|awful|frustrer\w*|orker|klarer ikke|klarer ikkje|"
    r"du (forstår|skjønner|skjønar)|you (do not|don'?t) (understand|get)|menneske\w*|person|human|veileder\w*|"
    r"norsk|norwegian|språk\w*|language)\b")
MAX_CLARIFY_WORDS = 6
# "Why do you ask?" at a guide question ("hvorfor spør du om det?", "why do you need to know?"): the model takes it
# for frustration, yet it asks for the question explained (probe 72: at the need question it ended the guide).
WHY_WE_ASK_QUESTION = re.compile(
    r"\b((hvorfor|hvofor|kvifor|korfor|why) (spør|spørr|spurte|lurer) (du|dere|de|you)\b|"
    r"(hvorfor|hvofor|kvifor|korfor) (vil|trenger|treng|må|skal) (du|dere|de|nav) (å )?(vite|veta|vete|ha|spørre|spørje)\b|"
    r"(hvorfor|hvofor|kvifor|korfor) (må|skal) (jeg|eg) (svare|svara|fortelle|fortelja|seie|si)\b|"
    r"why (do|does|would|should|must) (you|nav|i) (ask|need|want|have to answer|answer)\b|"
    r"(hva|kva) skal (du|dere|de|nav) med (det|dette|den|svaret)\b|what (do|will) you (need|want|use) (it|that|this) for|"
    r"^(hvorfor|kvifor|why)( det| that| this)?$)")
# "What is / what does ... mean": with a word the glossary knows, a question about the guide's own words.
DEFINITION = re.compile(r"^(hva (betyr|er|menes med|mener du med|vil det si)|kva (betyr|er|meiner du med|vil det seie)|"
                        r"what (does|is|do you mean by)|what's)\b")
# Intents that are questions in themselves; with high confidence and no answer in the text they are a question.
QUESTION_INTENTS = frozenset({
    "sosialhjelp_eligibility", "sosialhjelp_documents", "sosialhjelp_send_attachment", "followup_late",
    "followup_how_long", "response_time", "dagpenger", "sykepenger", "aap", "barnetrygd", "foreldrepenger",
    "change_bank_account", "sosialhjelp_apply",
})
HIGH_CONFIDENCE = 0.8


def is_question(text: str, answer: str | None, intent: str | None = None, confidence: float = 0.0) -> bool:
    """Whether a message inside the guide asks something instead of answering (`answer`: what parse_answer found)."""
    t = " ".join((text or "").lower().split())
    if not t or t.startswith("/"):
        return False
    ends_with_question_mark = t.endswith("?")
    if STRONG_QUESTION.match(t):
        return True
    if WH_START.match(t) and (ends_with_question_mark or answer is None):
        return True
    if ends_with_question_mark and (YES_NO_START.match(t) or answer is None):
        return True
    return intent in QUESTION_INTENTS and confidence >= HIGH_CONFIDENCE and answer is None


# Words people ask about inside the guide: (pattern, explanation per language).
GLOSSARY: list[tuple[re.Pattern[str], dict[str, str]]] = [
    (re.compile(r"\b(bost(ø|o)tte\w*|bust(ø|o)tte\w*|housing allowance)"), {
        "nb": "Bostøtte er penger fra Husbanken til deg som har lav inntekt og høye boutgifter. Får du bostøtte, "
        "regnes den som inntekt i søknaden.",
        "nn": "Bustøtte er pengar frå Husbanken til deg som har låg inntekt og høge buutgifter. Får du bustøtte, "
        "blir ho rekna som inntekt i søknaden.",
        "en": "Housing allowance (bostøtte) is money from Husbanken for people with low income and high housing "
        "costs. If you get it, it counts as income in the application.",
    }),
    # "ok takk. hva betyr vedtak?" in the guide got "Det kan jeg ikke svare sikkert på her" (probe 106, t29)
    (re.compile(r"\b(hva|kva) (betyr|er|menes med|vil det si)( et| eit)? vedtak(et)?\b|\bwhat (does|is) (a |the )?"
                r"vedtak\b"), {
        "nb": "Et vedtak er NAVs skriftlige avgjørelse i saken din: der står det om du får ja eller nei, hva du får, "
        "hvorfor, og hvordan du klager hvis du er uenig. Vedtaket kommer når søknaden er ferdig behandlet.",
        "nn": "Eit vedtak er den skriftlege avgjerda til NAV i saka di: der står det om du får ja eller nei, kva du "
        "får, kvifor, og korleis du klagar om du er ueinig. Vedtaket kjem når søknaden er ferdig handsama.",
        "en": "A decision (vedtak) is NAV's written decision in your case: it says whether you get a yes or a no, "
        "what you get, why, and how to appeal if you disagree. It comes when the application has been processed.",
    }),
    (re.compile(r"\bbsu\b"), {
        "nb": "BSU (boligsparing for ungdom) er en sparekonto for unge som sparer til egen bolig. Pengene på den "
        "regnes som formue.",
        "nn": "BSU (bustadsparing for ungdom) er ein sparekonto for unge som sparer til eigen bustad. Pengane på han "
        "blir rekna som formue.",
        "en": "BSU (home savings for young people) is a savings account for young people saving for a home. The "
        "money in it counts as assets.",
    }),
    (re.compile(r"\b(formue\w*|assets?)\b"), {
        "nb": "Formue er det du eier av verdi: penger på konto (også sparekonto og BSU), aksjer og fond, bil, båt, "
        "hytte eller annen eiendom.",
        "nn": "Formue er det du eig av verdi: pengar på konto (også sparekonto og BSU), aksjar og fond, bil, båt, "
        "hytte eller annan eigedom.",
        "en": "Assets (formue) are what you own of value: money in accounts (including savings and BSU), shares and "
        "funds, a car, boat, cabin or other property.",
    }),
    (re.compile(r"\b(livsopphold|livsopphald|living costs)\b"), {
        "nb": "Livsopphold er det du trenger til vanlige dagligutgifter: mat, klær, hygiene og andre små utgifter.",
        "nn": "Livsopphald er det du treng til vanlege daglege utgifter: mat, klede, hygiene og andre små utgifter.",
        "en": "Living costs (livsopphold) are everyday expenses: food, clothes, hygiene and other small costs.",
    }),
    (re.compile(r"\b(sivilstatus|sivilstand|marital status)\b"), {
        "nb": "Sivilstatus er om du er enslig, gift eller registrert partner, samboer, separert, skilt eller "
        "enke/enkemann.",
        "nn": "Sivilstatus er om du er einsleg, gift eller registrert partnar, sambuar, separert, skild eller "
        "enkje/enkjemann.",
        "en": "Marital status (sivilstatus) is whether you are single, married or a registered partner, cohabiting, "
        "separated, divorced or widowed.",
    }),
    (re.compile(r"\b(samboer\w*|sambuar\w*|cohabit\w*)"), {
        "nb": "Samboer betyr at du bor sammen med en kjæreste uten å være gift. Inntekten til en samboer kan tas med "
        "i vurderingen.",
        "nn": "Sambuar betyr at du bur saman med ein kjærast utan å vere gift. Inntekta til ein sambuar kan bli teken "
        "med i vurderinga.",
        "en": "Cohabiting (samboer) means you live with a partner without being married. A partner's income can be "
        "part of the assessment.",
    }),
    (re.compile(r"\b(depositum\w*|deposit)\b"), {
        "nb": "Depositum er et beløp du betaler når du leier en bolig, som sikkerhet for utleieren. Kommunen kan "
        "noen ganger gi en depositumsgaranti i stedet for penger.",
        "nn": "Depositum er eit beløp du betaler når du leiger ein bustad, som tryggleik for utleigaren. Kommunen kan "
        "av og til gi ein depositumsgaranti i staden for pengar.",
        "en": "A deposit (depositum) is an amount you pay when you rent a home, as security for the landlord. The "
        "municipality can sometimes give a deposit guarantee instead of money.",
    }),
    (re.compile(r"\b(sfo|skolefritidsordning\w*)\b"), {
        "nb": "SFO (skolefritidsordning) er tilbudet for skolebarn før og etter skoletid.",
        "nn": "SFO (skulefritidsordning) er tilbodet for skuleborn før og etter skuletid.",
        "en": "SFO (after-school care) is care for schoolchildren before and after school hours.",
    }),
    (re.compile(r"\b(barnebidrag\w*|child support)\b"), {
        "nb": "Barnebidrag er penger den ene forelderen betaler til den andre for barn de ikke bor sammen med.",
        "nn": "Barnebidrag er pengar den eine forelderen betaler til den andre for born dei ikkje bur saman med.",
        "en": "Child support (barnebidrag) is money one parent pays the other for children they do not live with.",
    }),
    (re.compile(r"\b(barnetrygd\w*|child benefit)\b"), {
        "nb": "Barnetrygd er penger fra NAV for hvert barn under 18 år.",
        "nn": "Barnetrygd er pengar frå NAV for kvart barn under 18 år.",
        "en": "Child benefit (barnetrygd) is money from NAV for each child under 18.",
    }),
    (re.compile(r"\b(aap|arbeidsavklaringspeng\w*)\b"), {
        "nb": "AAP (arbeidsavklaringspenger) er penger fra NAV når sykdom eller skade gjør at du ikke kan jobbe "
        "fullt, mens du får hjelp til å komme i arbeid.",
        "nn": "AAP (arbeidsavklaringspengar) er pengar frå NAV når sjukdom eller skade gjer at du ikkje kan jobbe "
        "fullt, medan du får hjelp til å kome i arbeid.",
        "en": "AAP (work assessment allowance) is money from NAV when illness or injury keeps you from working "
        "fully, while you get help back to work.",
    }),
    (re.compile(r"\b(dagpeng\w*|unemployment benefit)"), {
        "nb": "Dagpenger er penger fra NAV når du har mistet jobben eller er permittert.",
        "nn": "Dagpengar er pengar frå NAV når du har mista jobben eller er permittert.",
        "en": "Unemployment benefit (dagpenger) is money from NAV when you have lost your job or are laid off.",
    }),
    (re.compile(r"\b(inntekt\w*|income)\b"), {
        "nb": "Inntekt er penger du får inn: lønn, penger fra NAV (for eksempel dagpenger, AAP eller sykepenger), "
        "bostøtte, studielån og stipend, eller barnebidrag.",
        "nn": "Inntekt er pengar du får inn: løn, pengar frå NAV (til dømes dagpengar, AAP eller sjukepengar), "
        "bustøtte, studielån og stipend, eller barnebidrag.",
        "en": "Income is money you receive: wages, money from NAV (for example unemployment benefit, AAP or sick "
        "pay), housing allowance, student loan and grant, or child support.",
    }),
    (re.compile(r"\b(utgift\w*|expenses?)\b"), {
        "nb": "Faste utgifter er det du må betale hver måned, som strøm, lån og avdrag, medisiner eller barnehage.",
        "nn": "Faste utgifter er det du må betale kvar månad, som straum, lån og avdrag, medisinar eller barnehage.",
        "en": "Regular expenses are what you have to pay every month, such as electricity, loans, medicine or "
        "kindergarten.",
    }),
]

# Why the application asks each question (the guide's slots: kommune, digisos_sted_ok, the fields, digisos_bekreftet).
WHY_WE_ASK: dict[str, dict[str, str]] = {
    "kommune": {
        "nb": "Det er NAV-kontoret i kommunen der du bor som behandler søknaden, og kommunen avgjør om du kan søke "
        "digitalt.",
        "nn": "Det er NAV-kontoret i kommunen der du bur som handsamar søknaden, og kommunen avgjer om du kan søkje "
        "digitalt.",
        "en": "The NAV office in the municipality where you live handles the application, and the municipality "
        "decides whether you can apply online.",
    },
    "sted_ok": {
        "nb": "Postnummeret viser hvilken kommune og hvilket NAV-kontor som skal få søknaden, så jeg vil være sikker "
        "på at det stemmer.",
        "nn": "Postnummeret viser kva kommune og kva NAV-kontor som skal få søknaden, så eg vil vere sikker på at "
        "det stemmer.",
        "en": "The postcode shows which municipality and NAV office should get the application, so I want to be "
        "sure it is right.",
    },
    "behov": {
        "nb": "Søknaden spør hva du trenger penger til og hvorfor, så saksbehandleren forstår situasjonen din. Svaret "
        "avgjør også hvilke vedlegg du trenger.",
        "nn": "Søknaden spør kva du treng pengar til og kvifor, så sakshandsamaren forstår situasjonen din. Svaret "
        "avgjer også kva vedlegg du treng.",
        "en": "The application asks what you need money for and why, so the caseworker understands your situation. "
        "The answer also decides which documents you need.",
    },
    "arbeid": {
        "nb": "Søknaden spør om arbeid og utdanning, fordi lønn, studielån og andre muligheter tas med i vurderingen.",
        "nn": "Søknaden spør om arbeid og utdanning, fordi løn, studielån og andre moglegheiter blir tekne med i "
        "vurderinga.",
        "en": "The application asks about work and education because wages, student loans and other options are part "
        "of the assessment.",
    },
    "sivilstatus": {
        "nb": "Søknaden spør om familien din, fordi inntekten og formuen til en ektefelle eller samboer tas med i "
        "vurderingen.",
        "nn": "Søknaden spør om familien din, fordi inntekta og formuen til ein ektefelle eller sambuar blir tekne "
        "med i vurderinga.",
        "en": "The application asks about your family because a spouse's or partner's income and assets are part of "
        "the assessment.",
    },
    "barn": {
        "nb": "Barn som bor hos deg, gir utgifter, og barnebidrag til dem regnes som inntekt, så det tas med. "
        "Barnetrygd regnes ikke som inntekt.",
        "nn": "Born som bur hos deg, gir utgifter, og barnebidrag til dei blir rekna som inntekt, så det blir teke "
        "med. Barnetrygd blir ikkje rekna som inntekt.",
        "en": "Children living with you mean costs, and child support for them counts as income, so they are part of "
        "it. Child benefit (barnetrygd) does not count as income.",
    },
    "barnehage": {
        "nb": "Barnehage og SFO er utgifter saksbehandleren tar med, og fakturaen er et vedlegg.",
        "nn": "Barnehage og SFO er utgifter sakshandsamaren tek med, og fakturaen er eit vedlegg.",
        "en": "Kindergarten and SFO are costs the caseworker includes, and the invoice is a document to attach.",
    },
    "bosituasjon": {
        "nb": "Bosituasjonen avgjør hvilke boutgifter som tas med, og hvilke vedlegg du trenger (for eksempel "
        "husleiekontrakten).",
        "nn": "Busituasjonen avgjer kva buutgifter som blir tekne med, og kva vedlegg du treng (til dømes "
        "husleigekontrakten).",
        "en": "Your housing decides which housing costs are included and which documents you need (for example the "
        "rental contract).",
    },
    "inntekt": {
        "nb": "All inntekt tas med når kommunen vurderer hva du trenger, så søknaden spør om den.",
        "nn": "All inntekt blir teken med når kommunen vurderer kva du treng, så søknaden spør om ho.",
        "en": "All income is included when the municipality assesses what you need, so the application asks about it.",
    },
    "formue": {
        "nb": "Penger og ting av verdi tas med i vurderingen; vanligvis forventes det at du bruker dem først.",
        "nn": "Pengar og ting av verdi blir tekne med i vurderinga; vanlegvis er det venta at du brukar dei først.",
        "en": "Money and things of value are part of the assessment; you are usually expected to use them first.",
    },
    "utgifter": {
        "nb": "Faste utgifter og gjeld viser hva du må betale, og kan tas med i vurderingen.",
        "nn": "Faste utgifter og gjeld viser kva du må betale, og kan bli tekne med i vurderinga.",
        "en": "Regular expenses and debt show what you have to pay, and can be part of the assessment.",
    },
    "bekreftet": {
        "nb": "Oppsummeringen er det siste du ser før du sender søknaden, så det er lurt å sjekke at alt stemmer.",
        "nn": "Oppsummeringa er det siste du ser før du sender søknaden, så det er lurt å sjekke at alt stemmer.",
        "en": "The summary is the last thing you see before sending the application, so it is good to check that "
        "everything is right.",
    },
}
UNSURE_OK = {
    "nb": "Er du usikker, kan du svare «vet ikke».",
    "nn": "Er du usikker, kan du svare «veit ikkje».",
    "en": "If you are unsure, you can answer «don't know».",
}
NOT_SURE_HERE = {
    "nb": "Det kan jeg ikke svare sikkert på her, men en veileder kan hjelpe deg, eller du kan ringe NAV på {phone} "
    "({phone_hours}).",
    "nn": "Det kan eg ikkje svare sikkert på her, men ein rettleiar kan hjelpe deg, eller du kan ringje NAV på "
    "{phone} ({phone_hours}).",
    "en": "I cannot answer that for certain here, but an adviser can help you, or you can call NAV on +47 {phone} "
    "({phone_hours}).",
}


# Questions asked inside the guide that have one answer wherever they are asked: the same words as the bot's answer
# outside the guide (bot/conversation.yml utter_followup_how_long_sosialhjelp, utter_sosialhjelp_savings), and the
# paper route, which is always offered (DESIGN). (name, pattern, texts)
ANSWER_TIME = {
    "nb": "Hvor lang tid kommunen bruker på en søknad om økonomisk sosialhjelp, varierer, ofte noen dager til noen "
    "uker. Søknader som har alle vedlegg, går raskest. Haster det (ingen penger til mat eller bolig nå), kan "
    "NAV-kontoret hjelpe samme dag: si fra, eller ring {phone} ({phone_hours}).",
    "nn": "Kor lang tid kommunen brukar på ein søknad om økonomisk sosialhjelp, varierer, ofte nokre dagar til nokre "
    "veker. Søknader som har alle vedlegg, går raskast. Hastar det (ingen pengar til mat eller bustad no), kan "
    "NAV-kontoret hjelpe same dag: sei frå, eller ring {phone} ({phone_hours}).",
    "en": "How long the municipality takes on an application for financial assistance varies, often a few days to a "
    "few weeks. Complete applications with all documents go fastest. If it is urgent (no money for food or housing "
    "now), the NAV office can help the same day: say so, or call +47 {phone} ({phone_hours}).",
}
ASSETS = {
    "nb": "Det kommer an på hva du har og hva du trenger det til. Sparepenger og annen formue (penger på konto, BSU, "
    "aksjer og fond, hytte) teller med: som regel må du bruke slike penger før du kan få økonomisk sosialhjelp, men "
    "en liten buffer kan du ofte beholde. En bil må du ikke nødvendigvis selge: trenger du den, for eksempel til "
    "jobb, på grunn av helsa eller for barna, tas det med i vurderingen. Det er saksbehandleren i kommunen som "
    "vurderer situasjonen din, for hver enkelt. Skriv det du har i søknaden og legg ved kontoutskrift. Du kan søke "
    "uansett.",
    "nn": "Det kjem an på kva du har og kva du treng det til. Sparepengar og anna formue (pengar på konto, BSU, aksjar "
    "og fond, hytte) tel med: som regel må du bruke slike pengar før du kan få økonomisk sosialhjelp, men ein liten "
    "buffer kan du ofte behalde. Ein bil må du ikkje alltid selje: treng du han, til dømes til jobb, på grunn av "
    "helsa eller for borna, blir det teke med i vurderinga. Det er sakshandsamaren i kommunen som vurderer "
    "situasjonen din, for kvar enkelt. Skriv det du har i søknaden og legg ved kontoutskrift. Du kan søkje uansett.",
    "en": "It depends on what you have and what you need it for. Savings and other assets (money in the bank, BSU, "
    "shares and funds, a cabin) count: you are usually expected to use such money before you can get financial "
    "assistance, but you can often keep a small buffer. You do not necessarily have to sell a car: if you need it, "
    "for example for work, for your health or for your children, that is taken into account. A caseworker in the "
    "municipality assesses each situation individually. State what you have in the application and attach a bank "
    "statement. You can apply anyway.",
}
PAPER = {
    "nb": "Ja, du kan alltid søke på papir. Skjemaet får du på NAV-kontoret ditt, og du kan også skrive det ut fra "
    "nav.no/sosialhjelp. Lever det på NAV-kontoret i kommunen der du bor, sammen med vedleggene; kontoret kan også "
    "hjelpe deg å fylle det ut. Det vi går gjennom her, passer like godt for papirskjemaet.",
    "nn": "Ja, du kan alltid søkje på papir. Skjemaet får du på NAV-kontoret ditt, og du kan også skrive det ut frå "
    "nav.no/sosialhjelp. Lever det på NAV-kontoret i kommunen der du bur, saman med vedlegga; kontoret kan også "
    "hjelpe deg å fylle det ut. Det vi går gjennom her, passar like godt for papirskjemaet.",
    "en": "Yes, you can always apply on paper. You get the form at your NAV office, and you can also print it from "
    "nav.no/sosialhjelp. Hand it in at the NAV office in the municipality where you live, with the documents; the "
    "office can also help you fill it in. What we go through here fits the paper form just as well.",
}
KNOWN_QUESTIONS: list[tuple[str, re.Pattern[str], dict[str, str]]] = [
    ("paper", re.compile(r"\b(papir\w*|paper)\b"), PAPER),
    ("answer_time", re.compile(r"\b(hvor lang tid|kor lang tid|how long|hvor lenge|kor lenge|hvor fort|kor fort|"
                               r"når får (jeg|eg|vi) (svar|vite|beskjed|pengene?|pengane)|when will (i|we) "
                               r"(get|hear|know))\b"), ANSWER_TIME),
    ("assets", re.compile(r"\b(selge|selje|sell|bruke opp|use up)\b|\b(må|trenger|skal|have to|must)\b.*\b(bruke|"
                          r"use)\b.*\b(sparepeng\w*|oppspart\w*|bsu|savings|formue)\b"), ASSETS),
]
# A question without its question mark, about the bruker ("kan jeg søke på papir", "må jeg selge bilen"); a statement
# that starts with a verb ("skal selge bilen, men trenger mat nå") is no question.
ASKS_ABOUT_ONESELF = re.compile(r"^(må|kan|skal|trenger|treng|får|bør|burde|have|can|must|should|do|does)\s+"
                                r"(jeg|eg|vi|man|ein|i|we|one)\b")
# A message that also says what the bruker has ("jeg har en bil, må jeg selge den?"): the answer is in it.
STATES_ANSWER = re.compile(r"\b(jeg|eg|vi|i|we) (har|eier|eig|eiger|have|own|hadde|had)\b")
# Known questions that an answer to the guide may come with (the assets question with what the bruker owns).
MAY_CARRY_ANSWER = frozenset({"assets"})


def known_question(text: str) -> str | None:
    """The name of the known question a message asks inside the guide ("kan jeg søke på papir?", "hvor lang tid tar
    det?", "må jeg selge bilen?"), None when it asks none or also states the answer to the guide's question."""
    t = " ".join((text or "").lower().split())
    if not t or t.startswith("/") or not (t.endswith("?") or WH_START.match(t) or ASKS_ABOUT_ONESELF.match(t)):
        return None
    name = next((name for name, pattern, _ in KNOWN_QUESTIONS if pattern.search(t)), None)
    if name in MAY_CARRY_ANSWER and STATES_ANSWER.search(t):
        return None
    return name


def known_reply(text: str, lang: str) -> str | None:
    name = known_question(text)
    return next((pick(texts, lang) for n, _, texts in KNOWN_QUESTIONS if n == name), None)


def asks_instead(text: str, found: str | None, intent: str | None, confidence: float, topic: str) -> bool:
    """Whether a message at the guide's question `topic` asks instead of answering (`found`: what was understood as
    the answer). A question with an answer word in it is a question ("må jeg selge bilen?" at the assets question is
    no "eiendeler: bil") unless it also clearly states the answer ("jeg har en bil, må jeg selge den?") or is a
    question that is itself an answer ("hvordan skal jeg betale husleia nå?" at the need question)."""
    if known_question(text):
        return True
    if not is_question(text, found or None, intent, confidence):
        return False
    if not found or not question_reply(text, topic, "nb")[1]:
        return True
    t = " ".join((text or "").lower().split())
    return bool(YES_NO_START.match(t) and t.endswith("?") and not STATES_ANSWER.search(t))


def glossary_reply(text: str, lang: str) -> str | None:
    """The explanation of the first known word in the question, or None."""
    t = (text or "").lower()
    return next((pick(texts, lang) for pattern, texts in GLOSSARY if pattern.search(t)), None)


def asks_why(text: str) -> bool:
    return bool(WHY.search((text or "").lower()))


def why_we_ask(topic: str, lang: str) -> str:
    """Why the application asks the question `topic`; for the questions about the bruker, that "vet ikke" is fine."""
    text = pick(WHY_WE_ASK[topic], lang)
    return text if topic in ("sted_ok", "bekreftet") else text + " " + pick(UNSURE_OK, lang)


def asks_to_explain(text: str) -> bool:
    """Whether a short message only says the guide's question was not understood ("hæ?", "hva mener du?", "skjønner
    ikke", "what do you mean?") or asks why it is asked ("hvorfor spør du om det?", WHY_WE_ASK_QUESTION): at most
    MAX_CLARIFY_WORDS words and no word of distress or anger ("skjønner ikke, dette er elendig", "jeg gir opp")."""
    t = " ".join(re.sub(r"[^\w\s']", " ", (text or "").lower()).split())
    if not t or len(t.split()) > MAX_CLARIFY_WORDS or UPSET.search(t):
        return False
    return bool(NOT_UNDERSTOOD.search(t) or WHY_WE_ASK_QUESTION.search(t))


def is_explanation(text: str, topic: str) -> bool:
    """Whether a text the bot said explains the guide's question `topic` (why_we_ask, in any language)."""
    return any((text or "").startswith(pick(WHY_WE_ASK[topic], lang)) for lang in ("nb", "nn", "en"))


def about_the_guide(text: str) -> bool:
    """A question about the guide's own question, whatever the NLU made of it: why we ask, what it means, what one
    of its words means ("hvorfor trenger dere å vite det?", "hva er BSU?")."""
    t = " ".join((text or "").lower().split())
    if asks_why(t) or MEANING.search(t) or asks_to_explain(t) or known_question(t):
        return True
    return bool(DEFINITION.match(t) and glossary_reply(t, "nb"))


def question_reply(text: str, topic: str, lang: str) -> tuple[str, bool]:
    """The answer to a question asked at the guide's question `topic`, and whether it could not be answered here
    (then the caller may answer from the recognised intent or offer a human)."""
    if asks_why(text):
        return why_we_ask(topic, lang), False
    explained = known_reply(text, lang) or glossary_reply(text, lang)
    if explained:
        return explained, False
    if MEANING.search((text or "").lower()) or asks_to_explain(text):
        return why_we_ask(topic, lang), False
    return pick(NOT_SURE_HERE, lang), True
