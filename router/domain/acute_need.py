"""Acute need in the bruker's own words, caught by the router whatever the bot or the translation can do.

A safety net under the bot's intent ``sosialhjelp_emergency``: hand-written patterns for the 20 supported
languages (language_policy.SUPPORTED_LANGUAGES), five categories, most serious first: thoughts of suicide or
self-harm, violence or threats, nowhere to sleep, no food, no money today (nothing to live on, or an explicit
request for nødhjelp, which in NAV's words is exactly that). ``detect(text)`` gives the first category that
matched and the language(s) of the patterns that matched it, so the emergency contacts can be shown in the
bruker's language even where no translation model is installed. Pure: no I/O.

Normalisation, the same for the text and the patterns: NFKC, casefold, diacritics dropped (so "søv", "sov" and
Vietnamese without tone marks match; Thai keeps its vowel and tone marks, which carry meaning), æ→ae, ø→o, ł→l,
đ→d, Arabic-script letter variants folded (ي/ى→ی, ك→ک, ة/ہ/ھ→ه, ے→ی), apostrophes dropped ("don't" = "dont"),
other punctuation a space, and runs of one letter collapsed ("ikke" = "ike", "hjeeelp" = "hjelp", Somali "baahan"
= "bahan"). Thai is written without spaces, so its patterns do not rely on word boundaries.

What counts (decided, and what the tests hold): a *statement* of lack or danger, not a question about a
benefit. "Når kommer pengene", "hvor mye penger får jeg" and "how much money" never hit. "Kan jeg søke om penger
til mat?" does not hit either: it asks how to apply and says nothing of having nothing today; the bot answers it
and offers the guide and a human. "Jeg har ikke penger" alone does not hit (it usually goes on with "til
husleia", which is serious but not today); "har ikke penger til mat", "har null kroner", "ingen penger igjen",
"har ikke penger i dag" do. "Orker ikke mer" alone does not hit (it is said of forms and queues too); "vil ikke
leve", "ta livet av meg" do. A power cut (in the bot's intent) is not one of these categories.

Measured with ``.venv/bin/python scripts/acute_need_report.py`` (writes reports/acute_need.md). On the bot's
training data data/nlu/*.yml (2026-12-05): false positives 0 of 2,358 examples of the other intents (0 %); hits 70
of 114 ``sosialhjelp_emergency`` examples (61 %). The misses are power cuts and a home at risk (an eviction notice,
rent with a deadline, namsmannen), which the bot's intent catches and answers with the numbers and a person, and
"jeg trenger hjelp nå" without saying with what; with those left out, 64 of 66 (97 %). On the held-out set
eval/nlu/heldout.yml (not used to write the patterns): 0 of 245 false positives, 7 of 8 hits (the miss a power cut).
On the unlabelled chat messages eval/language/*.tsv (20 languages, read while writing the patterns, so not held
out): 84 of 1,308 flagged, every one a statement of no food, no money or no home.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache

__all__ = ["AcuteCategory", "AcuteSignal", "detect", "states_danger", "contacts_key", "ANSWERED_BY_THE_ROUTER",
           "separated_words", "normalize", "PATTERNS", "LANGUAGE_ORDER", "CONTACTS_SHOWN", "CONTACTS_FRESH_FOR",
           "contacts_fresh"]

# The history row that says the emergency contacts were shown, with the category in its data.
CONTACTS_SHOWN = "emergency_contacts_shown"
# Shown this recently, the same contacts are not repeated in the queue notice that follows (a bruker in acute need
# read them three times in a few seconds: the safety net, the bot, the queue); later notices carry them again.
CONTACTS_FRESH_FOR = timedelta(minutes=15)


def contacts_fresh(shown_at: list[datetime], now: datetime) -> bool:
    return any(now - at < CONTACTS_FRESH_FOR for at in shown_at)


class AcuteCategory(StrEnum):
    """Most serious first: the first category that matches is the one reported."""

    SELF_HARM = "self_harm"
    VIOLENCE = "violence"
    NOWHERE_TO_SLEEP = "nowhere_to_sleep"
    NO_FOOD = "no_food"
    NO_MONEY = "no_money"

    @property
    def label_nb(self) -> str:
        """In words for the veileder (the console is in bokmål)."""
        return _LABELS_NB[self]


_LABELS_NB = {
    AcuteCategory.SELF_HARM: "tanker om selvmord eller selvskading",
    AcuteCategory.VIOLENCE: "vold eller trusler",
    AcuteCategory.NOWHERE_TO_SLEEP: "ikke noe sted å sove",
    AcuteCategory.NO_FOOD: "ingen mat",
    AcuteCategory.NO_MONEY: "ingen penger i dag",
}


@dataclass(frozen=True)
class AcuteSignal:
    """What matched: the category, the language to answer in, and every language whose pattern matched it."""

    category: AcuteCategory
    language: str
    languages: tuple[str, ...]


# --- normalisation --------------------------------------------------------------------------------------------

_THAI = range(0x0E00, 0x0E80)
_APOSTROPHES = dict.fromkeys(map(ord, "'’‘ʼ`´"), None)
_LETTERS = str.maketrans({
    "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "ı": "i",
    # Arabic-script letters written in more than one way (Arabic, Persian, Urdu keyboards)
    "\u064a": "\u06cc", "\u0649": "\u06cc", "\u06d2": "\u06cc", "\u0643": "\u06a9", "\u0629": "\u0647",
    "\u06c1": "\u0647", "\u06be": "\u0647", "\u06ba": "\u0646", "\u0640": None, "\u200d": None,
    # Persian half-space (ZWNJ): people write "می‌خواهم", "می خواهم" and "میخواهم"
    "\u200c": " ",
    # Arabic-Indic and Persian digits
    **{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)},
})
# (not Thai: without spaces a run may join two words, and Thai doubles no letters for emphasis the same way)
_RUNS = re.compile(r"([^\W\d_\u0e00-\u0e7f])\1+")


def _fold(text: str) -> str:
    """Letters only: the case, marks and spellings that must not decide a match (shared by text and patterns)."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) or ord(c) in _THAI)
    return _RUNS.sub(r"\1", unicodedata.normalize("NFC", kept).translate(_LETTERS))


def separated_words(text: str) -> str:
    """The words of ``text`` separated by single spaces: letters, marks (Thai vowels are marks) and digits stay;
    everything else (punctuation, emoji, spaces) separates words."""
    return " ".join("".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in text).split())


def normalize(text: str) -> str:
    """The text as the patterns see it: folded words separated by single spaces, with a space at each end."""
    return f" {separated_words(_fold(text.translate(_APOSTROPHES)))} "


def _fold_pattern(source: str) -> str:
    # Escapes (\b, \d) stay as written; everything else is folded like the text, so patterns are written naturally.
    source = source.translate(_APOSTROPHES)
    return "".join(part if part.startswith("\\") else _fold(part) for part in re.split(r"(\\.)", source))


# --- the patterns -----------------------------------------------------------------------------------------------
# One dict per language, category -> regexes, written in the language's ordinary spelling (folded at compile).
# Keep them specific: a pattern must say that something is lacking or dangerous, now.

C = AcuteCategory

_NB: dict[AcuteCategory, tuple[str, ...]] = {
    C.SELF_HARM: (
        r"\bselvmord", r"\bta livet (?:av meg|mitt|av oss)\b", r"\bta mitt (?:eget )?liv\b",
        r"\bvil (?:ikke|ik) leve\b", r"\bvil (?:ikke|ik) være her (?:lenger|mer)\b",
        r"\b(?:vil|ønsker å|lyst (?:til )?å) dø\b(?! a[fv] )",
        r"\borker (?:ikke|ik) (?:å )?leve\b", r"\b(?:ingen|ikke noen|ikke noe) grunn til å leve\b",
        r"\bskade meg selv\b", r"\bskader meg selv\b", r"\bkutter meg\b", r"\bselvskad",
        r"\bavslutte livet\b", r"\btenker på å dø\b",
    ),
    C.VIOLENCE: (
        r"\b(?:slår|slo|slått|sparker|sparket|dytter|kveler|kvelte|truer|truet|mishandler|mishandlet|banker|"
        r"banket|voldtok|voldtatt) (?:meg|oss|barna|ungene)\b",
        r"\b(?:blir|ble|blitt) (?:slått|truet|mishandlet|banket|voldtatt|kvelt)\b",
        r"\bvold(?:elig|elige|en)?\b", r"\btør (?:ikke|ik) (?:å )?(?:dra|gå|reise|være) hjem",
        r"\bredd for (?:mannen|samboeren|samboer|kjæresten|eksen|eksmannen|faren|stefaren|kona|partneren|ham|"
        r"han|henne)\b", r"\bkrisesenter", r"\bflykt(?:e|er|et) fra (?:samboeren|mannen|kjæresten|eksen|kona|partneren|ham|han|henne|hjemmet)\b",
        r"\b(?:får|fått|mottar) trusler\b",
    ),
    C.NOWHERE_TO_SLEEP: (
        r"\b(?:ikke|ik|ingen|intet) (?:noe |noen |et |en |ett )?(?:sted|steder|plass|seng) (?:å|og) "
        r"(?:sove|bo|være|dra|gå|overnatte)\b",
        r"\b(?:ikke|ingen|uten) (?:noe )?tak over hodet\b",
        r"\bvet (?:ikke|ik) hvor (?:jeg|vi) skal (?:sove|bo|overnatte)\b",
        r"\b(?:bostedsløs|hjemløs|husløs)",
        r"\b(?:sover|sove|sov|ligger) (?:ute|på gata|på gaten|i bilen|i bil|på trappa|i parken|på stasjonen)\b",
        r"\bbor (?:på gata|på gaten|i bilen)\b", r"\b(?:er|ble|blitt|blir) kastet ut\b(?! av (?:kurs|skole|tiltak|jobb|time|grup|program|klass))",
        r"\bkast(?:a|et|er) (?:meg|oss) ut\b", r"\bsatt på gata\b",
        r"\b(?:nødbolig|akuttbolig|akutt bolig|nødovernatting|akutt overnatting|krisebolig)",
    ),
    C.NO_FOOD: (
        r"\b(?:ingen|null) mat\b", r"\bhar (?:ikke|ik) (?:noe |noen )?mat\b",
        r"\b(?:ikke|ingen) (?:noe |nok )?(?:penger|råd) (?:igjen )?til mat\b",
        r"\b(?:ingenting|ikke noe) (?:å |og )?spise\b", r"\btom(?:t|me)? for mat\b",
        r"\b(?:ikke|ik) (?:spist|fått mat)\b", r"\bsult(?:en|ne|er|ende)\b",
        r"\b(?:får|kan) (?:ikke|ik) kjøp(?:t|e) mat\b", r"\bikke (?:noe |mer )?mat (?:igjen|i huset|hjemme)\b",
        r"\btomt? kjøleskap", r"\btrenger (?:penger til )?mat (?:nå|i dag|idag|akkurat nå)\b", r"\bmatpenger (?:i dag|nå)\b",
        r"\bakutt hjelp til mat\b",
    ),
    C.NO_MONEY: (
        r"\b(?:har|har bare|sitter med|er på) (?:null|0) ?(?:kr|kroner|penger)\b",
        r"\b(?:null|0) ?(?:kr|kroner) (?:igjen|på konto)", r"\bikke en (?:eneste )?krone\b",
        r"\bingen penger (?:igjen|i dag|idag|i det hele tatt)\b",
        r"(?:\bhar|^) (?:ikke|ik) (?:noen |noe )?penger (?:igjen|i dag|idag|i det hele tatt|til å leve)\b",
        r"\b(?:ikke|ingen) (?:noe |nok )?penger (?:igjen )?til (?:medisin|medisiner|medisinene|insulin)",
        r"\b(?:ingenting|ikke noe) (?:å )?leve (?:av|på)\b", r"\bblakk\b", r"\btom(?:t|me)? for penger\b",
        r"\btrenger (?:mat)?penger (?:i dag|idag|nå|akkurat nå)\b",
        r"\b(?:trenger|må ha|få|be om|ber om) (?:akutt |økonomisk )?nødhjelp\b", r"\bnødhjelp (?:i dag|nå)\b",
        r"^ nødhjelp $", r"\b(?:trenger|må ha) akutt hjelp\b", r"^ (?:akutt hjelp|krisehjelp) $",
        # asking for the kommune's emergency social service is asking for nødhjelp
        r"^ sosialvakt(?:en)? $", r"\b(?:ringe|kontakte|snakke med|trenger|nå) sosialvakt",
    ),
}

_NN: dict[AcuteCategory, tuple[str, ...]] = {
    C.SELF_HARM: (
        r"\bsjølvmord", r"\bselvmord", r"\bta livet (?:av meg|mitt)\b", r"\bvil (?:ikkje|ikke) leve\b",
        r"\bvil (?:døy|døye|dø)\b(?! a[fv] )", r"\borkar (?:ikkje|ikke) (?:å )?leve\b", r"\bskade meg sjølv\b",
        r"\b(?:ingen|ikkje nokon) grunn til å leve\b",
    ),
    C.VIOLENCE: (
        r"\b(?:slår|slo|slått|trugar|truga|trua|mishandlar|mishandla|sparkar|sparka) (?:meg|oss|borna|ungane)\b",
        r"\b(?:blir|vert|vart|blei) (?:slått|truga|mishandla)\b", r"\bvald(?:eleg|elege)?\b",
        r"\btør (?:ikkje|ikke) (?:å )?(?:dra|gå|vere) heim", r"\bkrisesenter",
    ),
    C.NOWHERE_TO_SLEEP: (
        r"\b(?:ikkje|ingen) (?:nokon |noko |ein |eit )?(?:stad|stader|plass|seng) (?:å|og) "
        r"(?:sova|sove|bu|vere|vera|overnatte)\b",
        r"\bveit (?:ikkje|ikke) kvar (?:eg|vi) skal (?:sova|sove|bu)\b", r"\b(?:heimlaus|bustadlaus)",
        r"\b(?:søv|sov|sova|sove|ligg) (?:ute|på gata|i bilen)\b", r"\b(?:er|vart|blei|blitt|blir|vorte) kasta ut\b",
        r"\bkasta (?:meg|oss) ut\b", r"\b(?:naudbustad|naudbolig|naudovernatting)",
    ),
    C.NO_FOOD: (
        r"\b(?:ingen|null) mat\b", r"\bhar (?:ikkje|ikke) (?:noko |nokon )?mat\b",
        r"\b(?:ikkje|ingen) (?:noko )?(?:pengar|råd) (?:att |igjen )?til mat\b",
        r"\b(?:ingenting|ikkje noko) (?:å |og )?(?:ete|eta)\b", r"\btom(?:t|me)? for mat\b",
        r"\bikkje (?:ete|åte|eti|fått mat)\b", r"\bsvolt(?:en|ne|ar)\b",
    ),
    C.NO_MONEY: (
        r"\b(?:har|er på) (?:null|0) ?(?:kr|kroner|pengar)\b", r"\bikkje ei (?:einaste )?krone\b",
        r"\bingen pengar (?:att|igjen|i dag|idag)\b",
        r"(?:\bhar|^) (?:ikkje|ikke) (?:nokon |noko )?pengar (?:att|igjen|i dag|idag|til å leve)\b",
        r"\b(?:ingenting|ikkje noko) (?:å )?leve (?:av|på)\b", r"\bblakk\b",
        r"\btreng (?:mat)?pengar (?:i dag|idag|no)\b",
        r"\b(?:treng|må ha|få|be om) (?:akutt |økonomisk )?naudhjelp\b", r"^ naudhjelp $",
        r"\btreng akutt hjelp\b",
    ),
}

_DA: dict[AcuteCategory, tuple[str, ...]] = {
    C.SELF_HARM: (
        r"\bselvmord", r"\btage (?:mit (?:eget )?liv|livet af mig)\b", r"\bvil ikke leve\b", r"\bvil dø\b(?! a[fv] )",
        r"\bskade mig selv\b", r"\bselvskade",
    ),
    C.VIOLENCE: (
        r"\b(?:slår|slog|truer|truede|sparker|sparkede|mishandler) (?:mig|os|børnene)\b",
        r"\b(?:bliver|blev) (?:slået|truet|mishandlet)\b", r"\bvold(?:elig|en)?\b",
        r"\btør ikke (?:at )?(?:tage|gå) hjem", r"\bkrisecenter",
    ),
    C.NOWHERE_TO_SLEEP: (
        r"\b(?:ingen|intet|ikke noget|ikke et) (?:steder|sted) at (?:sove|bo|være|overnatte)\b",
        r"\bhjemløs", r"\bboligløs", r"\bsover (?:på gaden|udenfor|ude|i bilen)\b",
        r"\b(?:smidt|sat) ud\b", r"\bved ikke hvor (?:jeg|vi) skal sove\b",
    ),
    C.NO_FOOD: (
        r"\bingen mad\b", r"\bhar ikke (?:noget )?mad\b", r"\b(?:ingen|ikke) (?:penge|råd) til mad\b",
        r"\b(?:intet|ikke noget|ingenting) at spise\b", r"\bikke spist\b", r"\bsult(?:en|ne)\b",
        r"\btom for mad\b",
    ),
    C.NO_MONEY: (
        r"\bingen penge (?:tilbage|i dag|overhovedet)\b",
        r"\bhar ikke (?:nogen )?penge (?:tilbage|i dag|overhovedet)\b", r"\bhar (?:nul|0) ?(?:kr|kroner)\b",
        r"\bikke en (?:eneste )?krone\b", r"\b(?:intet|ikke noget) at leve af\b", r"\bnødhjælp\b",
        r"\bakut hjælp\b", r"\ber (?:helt )?flad\b",
    ),
}

_SV: dict[AcuteCategory, tuple[str, ...]] = {
    C.SELF_HARM: (
        r"\bsjälvmord", r"\bta (?:mitt (?:eget )?liv|livet av mig)\b", r"\bvill inte leva\b", r"\bvill dö\b(?! a[fv] )",
        r"\bskada mig själv\b", r"\bsjälvskad",
    ),
    C.VIOLENCE: (
        r"\b(?:slår|slog|hotar|hotade|misshandlar|misshandlade|sparkar) (?:mig|oss|barnen)\b",
        r"\b(?:blir|blev) (?:slagen|hotad|misshandlad)\b", r"\bvåld(?:sam)?\b",
        r"\bvågar inte (?:gå|åka) hem", r"\bkvinnojour",
    ),
    C.NOWHERE_TO_SLEEP: (
        r"\bingenstans att (?:sova|bo|ta vägen)\b", r"\b(?:inget|ingen) (?:ställe|plats) att (?:sova|bo)\b",
        r"\bhemlös", r"\bbostadslös", r"\bsover (?:ute|på gatan|i bilen)\b", r"\bvräkt",
        r"\b(?:utkastad|kastad ut|slängd ut)\b", r"\bvet inte var (?:jag|vi) ska sova\b",
    ),
    C.NO_FOOD: (
        r"\bingen mat\b", r"\bhar inte (?:någon )?mat\b", r"\b(?:inga|inte) pengar till mat\b",
        r"\binte råd med mat\b", r"\b(?:inget|ingenting) att äta\b", r"\binte ätit\b", r"\bhungrig",
        r"\bsvälter\b",
    ),
    C.NO_MONEY: (
        r"\binga pengar (?:kvar|idag|i dag|alls)\b", r"\bhar inte (?:några )?pengar (?:kvar|idag|i dag|alls)\b",
        r"\bhar (?:noll|0) ?(?:kr|kronor)\b", r"\binte en (?:enda )?krona\b", r"\binget att leva på\b",
        r"\bnödhjälp\b", r"\bakut hjälp\b", r"\bär (?:helt )?pank\b",
    ),
}

_EN: dict[AcuteCategory, tuple[str, ...]] = {
    C.SELF_HARM: (
        r"\bsuicid", r"\bkill myself\b", r"\bend (?:my (?:own )?life|it all)\b", r"\btake my (?:own )?life\b",
        r"\b(?:dont|do not|doesnt) want to (?:live|be alive|exist)\b", r"\bwant(?:s)? to die\b",
        r"\b(?:hurt|harm|cut)(?:ing)? myself\b", r"\bself ?harm", r"\bno reason to live\b",
        r"\bbetter off dead\b",
    ),
    C.VIOLENCE: (
        # "hit me", "beat me" need a person doing it ("the news hit me hard", "beat me to it")
        r"\b(?:he|she|they|husband|partner|boyfriend|girlfriend|wife|father|dad|stepfather|mother|mom|mum|ex) "
        r"(?:[^ ]+ )?(?:hits|hit|beats|beat|kicks|kicked|hurts|hurt) (?:me|us|my kids|my children)\b(?! up)",
        r"\b(?:beating|chokes|choked|strangled|threatens|threatened|threatening|abuses|abused|abusing|raped) "
        r"(?:me|us|my kids|my children)\b",
        r"\bdomestic (?:violence|abuse)\b", r"\bviolen(?:ce|t)\b",
        r"\b(?:afraid|scared|terrified) (?:to go|of going) home\b",
        r"\b(?:afraid|scared|terrified) of (?:my )?(?:husband|partner|boyfriend|wife|girlfriend|ex|father|dad)\b",
        r"\bcrisis (?:centre|center|shelter)\b", r"\bwomens shelter\b",
        r"\b(?:i am|im) (?:being )?(?:abused|beaten)\b", r"\bnot safe at home\b",
    ),
    C.NOWHERE_TO_SLEEP: (
        r"\bnowhere to (?:sleep|stay|live|go)\b", r"\bno (?:place|home) to (?:sleep|stay|live|go)\b",
        r"\bhomeless\b", r"\bsleep(?:ing)? (?:outside|rough|on the streets?|in (?:my|the|a) car|in the park)\b",
        r"\b(?:live|living) (?:on the streets?|in (?:my|the|a) car)\b", r"\b(?:evicted|kicked out|thrown out)\b",
        r"\bwhere to sleep\b", r"\bwhere (?:i|we) (?:can |will |should )?sleep tonight\b",
    ),
    C.NO_FOOD: (
        r"\bno food\b", r"\bnothing to eat\b", r"\b(?:havent|have not|hasnt|has not|didnt|did not) eaten?\b",
        r"\bno (?:money|cash) (?:for|to buy) food\b",
        r"\b(?:dont|do not|doesnt|does not) have (?:any )?(?:money|cash) (?:for|to buy) food\b",
        r"\b(?:cant|cannot|can not) (?:afford|buy) (?:any )?food\b", r"\bstarving\b", r"\bhungry\b",
    ),
    C.NO_MONEY: (
        r"\bno money (?:at all|left|today|whatsoever)\b",
        r"\b(?:dont|do not) have (?:any )?money (?:at all|left|today)\b", r"\bzero (?:money|kroner|nok|kr)\b",
        r"\b(?:have|got|left with) 0 ?(?:kr|kroner|nok)\b", r"\bnot (?:a|one) (?:single )?(?:krone|penny|cent)\b",
        r"\bnothing to live on\b", r"\bemergency (?:help|aid|assistance|money|payment)\b",
        r"\b(?:i am|im) (?:completely |totally )?broke\b", r"\bneed money (?:today|now|right now|urgently)\b",
    ),
}

_DE: dict[AcuteCategory, tuple[str, ...]] = {
    C.SELF_HARM: (
        r"\bselbstmord", r"\bsuizid", r"\bmich umbringen\b", r"\bmir das leben nehmen\b",
        r"\bwill nicht mehr leben\b", r"\b(?:will|möchte) sterben\b", r"\bmich selbst verletzen\b",
        r"\britze mich\b",
    ),
    C.VIOLENCE: (
        r"\b(?:schlägt|schlug|bedroht|misshandelt|tritt) mich\b", r"\bhat mich (?:geschlagen|bedroht|misshandelt)\b",
        r"\bwerde (?:geschlagen|bedroht|misshandelt)\b", r"\bhäusliche gewalt\b", r"\bgewalt(?:tätig)?\b",
        r"\bangst nach hause zu gehen\b", r"\btraue mich nicht nach hause\b", r"\bfrauenhaus",
    ),
    C.NOWHERE_TO_SLEEP: (
        r"\bobdachlos", r"\bwohnungslos", r"\bkein dach über dem kopf\b",
        r"\bnirgendwo (?:zu |zum )?(?:schlafen|wohnen|übernachten)\b",
        r"\bkeinen? (?:platz|ort) zum (?:schlafen|wohnen)\b",
        r"\bschlafe (?:auf der straße|draußen|im auto)\b", r"\b(?:rausgeworfen|rausgeschmissen|zwangsgeräumt)\b",
        r"\baus der wohnung (?:geworfen|geschmissen|geräumt)\b", r"\b(?:habe|haben) (?:keine wohnung|kein zuhause)\b",
    ),
    C.NO_FOOD: (
        r"\bkein essen\b", r"\bnichts (?:mehr )?zu essen\b",
        r"\bkein(?:e|en)? geld (?:mehr )?für (?:essen|lebensmittel|nahrung)\b", r"\bnichts gegessen\b",
        r"\b(?:habe|haben) hunger\b", r"\bhungrig\b", r"\bhungern\b",
    ),
    C.NO_MONEY: (
        r"\b(?:gar|überhaupt) kein geld\b", r"\bkein geld (?:mehr|heute)\b", r"\b(?:habe|haben) (?:null|0) ?(?:euro|kronen|kr)\b",
        r"\bkeinen (?:cent|euro)\b", r"\bkeine krone\b", r"\bnichts zum leben\b",
        r"\b(?:nothilfe|notfallhilfe|soforthilfe)\b", r"\bbin pleite\b",
    ),
}

_ES: dict[AcuteCategory, tuple[str, ...]] = {
    C.SELF_HARM: (
        r"\bsuicid", r"\bquitarme la vida\b", r"\bmatarme\b", r"\bno quiero vivir\b", r"\bquiero morir",
        r"\bhacerme daño\b", r"\bautolesi", r"\bcortarme\b",
    ),
    C.VIOLENCE: (
        r"\bme (?:pega|golpea|pegó|golpeó|amenaza|amenazó|maltrata|maltrató)\b", r"\bviolencia\b",
        r"\bmiedo (?:de|a) (?:volver|ir) a casa\b", r"\bmiedo (?:de|a) mi (?:marido|pareja|esposo|novio)\b",
        r"\bcasa de acogida\b",
    ),
    C.NOWHERE_TO_SLEEP: (
        r"\bno tengo (?:donde|a donde|un lugar (?:para|donde)) (?:dormir|vivir|ir|quedarme)\b",
        r"\bsin (?:techo|hogar)\b", r"\bno tengo (?:casa|hogar)\b",
        r"\b(?:duermo|dormir|vivo) en (?:la calle|el coche|el carro)\b",
        r"\bme (?:echaron|echó|han echado) de (?:casa|mi casa|el piso)\b", r"\bdesahuci", r"\bdesalo",
    ),
    C.NO_FOOD: (
        r"\bno tengo (?:nada de )?comida\b", r"\bno tenemos (?:nada de )?comida\b", r"\bsin comida\b",
        r"\bnada (?:que|para) comer\b", r"\bno (?:tengo |hay )?dinero para (?:comida|comer)\b",
        r"\bno (?:he|hemos) comido\b", r"\bhambre\b",
    ),
    C.NO_MONEY: (
        r"\bno tengo (?:nada de )?dinero (?:hoy|para nada)\b", r"\bsin (?:nada de )?dinero\b",
        r"\bni un (?:euro|centimo|peso|duro)\b", r"\bcero (?:coronas|euros|dinero)\b",
        r"\bnada (?:para|de que|con que) vivir\b", r"\bayuda (?:de emergencia|urgente)\b",
        r"\bno me queda (?:nada de )?dinero\b",
    ),
}

_PL: dict[AcuteCategory, tuple[str, ...]] = {
    C.SELF_HARM: (
        r"\bsamobój", r"\bzabić się\b", r"\bsię zabić\b", r"\bzabiję się\b", r"\bodebrać sobie życie\b",
        r"\bnie chcę (?:już )?żyć\b",
        r"\bchcę umrzeć\b", r"\bzrobić sobie krzywdę\b", r"\bokaleczam się\b", r"\bsamookalecz",
        r"\bskończyć ze sobą\b",
    ),
    C.VIOLENCE: (
        r"\b(?:bije|pobił|pobiła|uderzył|uderzyła|kopie) mnie\b",
        r"\bmnie (?:bije|pobił|pobiła|uderzył|uderzyła|kopie)\b", r"\bgrozi mi\b", r"\bgroził mi\b",
        r"\bprzemoc", r"\bboję się wrócić do domu\b", r"\bboję się (?:męża|partnera|chłopaka)\b",
        r"\bznęca się\b",
    ),
    C.NOWHERE_TO_SLEEP: (
        r"\bnie mam gdzie (?:spać|mieszkać|się podziać|nocować|iść)\b", r"\bbezdomn",
        r"\b(?:śpię|spię|mieszkam) (?:na ulicy|w samochodzie|na dworze)\b", r"\bwyrzucil[ia] mnie\b",
        r"\bwyrzucon[ya] z (?:domu|mieszkania)\b", r"\beksmi",
    ),
    C.NO_FOOD: (
        r"\bnie mam (?:dziś |dzisiaj |już )?(?:nic |niczego )?(?:do )?(?:jedzenia|zjedzenia)\b", r"\bnie (?:mam|mamy) co jeść\b",
        r"\bnie mam pieniędzy na (?:jedzenie|żywność)\b", r"\bbrak jedzenia\b",
        r"\bnie (?:jadłem|jadłam|jedliśmy|jadły)\b", r"\bgłodn(?:y|a|i|e)\b", r"\bgłoduj",
    ),
    C.NO_MONEY: (
        r"\bnie mam (?:żadnych )?pieniędzy (?:dzisiaj|dziś|w ogóle|na nic|na życie)\b",
        r"\bnie mam (?:z czego|za co) żyć\b", r"\bani (?:grosza|złotówki|korony)\b", r"\bzero pieniędzy\b",
        r"\bmam 0 ?(?:kr|zł|koron)\b", r"\bjestem spłukan[ya]\b", r"\bpomoc(?:y)? (?:doraźn|natychmiastow|nagł)",
    ),
}

_LT: dict[AcuteCategory, tuple[str, ...]] = {
    C.SELF_HARM: (
        r"\bsavižud", r"\bnusižudyti\b", r"\batimti sau gyvybę\b", r"\bnenoriu gyventi\b", r"\bnoriu mirti\b",
        r"\bsusižaloti\b", r"\bsave žaloti\b",
    ),
    C.VIOLENCE: (
        r"\bmane (?:muša|mušė|sumušė|skriaudžia)\b", r"\b(?:sumušė|mušė) mane\b", r"\b(?:man )?grasin",
        r"\bsmurt", r"\bbijau grįžti namo\b",
    ),
    C.NOWHERE_TO_SLEEP: (
        r"\bneturiu kur (?:gyventi|miegoti|nakvoti|eiti|dėtis)\b", r"\bbenam(?:is|ė|iai)\b",
        r"\b(?:miegu|gyvenu) (?:gatvėje|lauke|mašinoje)\b", r"\bišmetė (?:mane|mus)\b", r"\biškeldin",
    ),
    C.NO_FOOD: (
        r"\bneturi(?:u|me) (?:ką|ko) valgyti\b", r"\bneturi(?:u|me) maisto\b",
        r"\bneturi(?:u|me) pinigų maistui\b", r"\bnėra maisto\b", r"\bnevalg(?:iau|ėme|ėm)\b",
        r"\balkan(?:as|a|i)\b", r"\bbadauj",
    ),
    C.NO_MONEY: (
        r"\bneturiu (?:jokių )?pinigų (?:šiandien|visai|iš viso|pragyvenimui)\b", r"\bvisai neturiu pinigų\b",
        r"\bneturiu iš ko gyventi\b", r"\bnė (?:cento|euro|kronos)\b", r"\blikau be pinigų\b",
        r"\bskubios pagalbos\b", r"\bskubi pagalba\b",
    ),
}

_RO: dict[AcuteCategory, tuple[str, ...]] = {
    C.SELF_HARM: (
        r"\bsinucid", r"\bsă mă omor\b", r"\bsă (?:îmi|mi) iau viața\b", r"\bnu mai vreau să trăiesc\b",
        r"\bvreau să mor\b", r"\bsă mă rănesc\b", r"\bautomutil",
    ),
    C.VIOLENCE: (
        r"\bmă (?:bate|lovește|amenință)\b(?! gândul)", r"\bm a (?:bătut|lovit|amenințat)\b", r"\bviolență\b",
        r"\b(?:mi e|îmi e) frică să merg acasă\b", r"\bfrică de soțul meu\b",
    ),
    C.NOWHERE_TO_SLEEP: (
        r"\b(?:nu am|n am) unde (?:să )?(?:dorm|locuiesc|stau|merg)\b", r"\bfără (?:adăpost|casă|locuință)\b",
        r"\b(?:dorm|locuiesc) (?:pe stradă|în mașină|afară)\b",
        r"\bdat afară din (?:casă|apartament|locuință)\b", r"\bevacu",
    ),
    C.NO_FOOD: (
        r"\b(?:nu am|n am|nu avem) (?:ce|nimic de) mânca\b", r"\b(?:nu am|n am|nu avem) mâncare\b",
        r"\bnu am bani (?:de|pentru) mâncare\b", r"\b(?:nu am|n am|nu am mai) mâncat\b",
        r"\b(?:flămând|flămânzi|înfometat)", r"\b(?:mi|le|ne) e foame\b",
    ),
    C.NO_MONEY: (
        r"\bnu am (?:deloc )?bani (?:deloc|azi|astăzi|de trai|de nimic)\b", r"\bn am (?:niciun|nici un) ban\b",
        r"\b(?:niciun|nici un) (?:ban|leu)\b", r"\bzero bani\b", r"\bnu am din ce (?:să )?trăi\b",
        r"\bajutor (?:de urgență|urgent)\b",
    ),
}

_RU: dict[AcuteCategory, tuple[str, ...]] = {
    C.SELF_HARM: (
        r"\bсуицид", r"\bсамоубийств", r"\bпокончить с собой\b", r"\bубить себя\b", r"\bне хочу жить\b",
        r"\bхочу умереть\b", r"\bпричинить себе вред\b", r"\bрежу себя\b", r"\bсвести счеты с жизнью\b",
    ),
    C.VIOLENCE: (
        r"\b(?:бьет|избил|избила|бил|била|ударил|ударила) меня\b",
        r"\bменя (?:бьет|избил|избила|бил|била|ударил|ударила|избивает)\b", r"\bугрожа(?:ет|л|ла|ют) (?:мне|нам|убить)\b", r"\b(?:мне|нам) угрожа",
        r"\bнасили", r"\bбоюсь (?:идти|возвращаться|вернуться) домой\b", r"\bкризисный центр\b",
    ),
    C.NOWHERE_TO_SLEEP: (
        r"\bнегде (?:жить|спать|ночевать|переночевать)\b", r"\bнекуда (?:идти|пойти)\b", r"\bбездомн",
        r"\bбез жилья\b", r"\b(?:сплю|живу) (?:на улице|в машине)\b",
        r"\bвыгнал[аи]? (?:меня )?(?:из дома|из квартиры|на улицу)\b", r"\bвыселя", r"\bвыселил",
    ),
    C.NO_FOOD: (
        r"\bнет (?:еды|продуктов)\b", r"\bнечего есть\b", r"\bнечем кормить\b",
        r"\bнет денег на (?:еду|продукты)\b", r"\bне (?:ел|ела|ели)\b", r"\bголод(?:ный|ная|ные|ны|аю|аем|ают)\b",
    ),
    C.NO_MONEY: (
        r"\bнет (?:совсем )?денег (?:совсем|сегодня|вообще|ни на что|на жизнь)\b", r"\bсовсем нет денег\b",
        r"\bни (?:копейки|кроны|рубля|гроша)\b", r"\bне на что жить\b", r"\bостал(?:ся|ась|ись) без денег\b",
        r"\bэкстренн(?:ая|ой|ую) помощ",
    ),
}

_UK: dict[AcuteCategory, tuple[str, ...]] = {
    C.SELF_HARM: (
        r"\bсуїцид", r"\bсамогубств", r"\bпокінчити (?:з собою|з життям)\b", r"\bвбити себе\b",
        r"\bне хочу жити\b", r"\bхочу померти\b", r"\bзавдати собі шкоди\b", r"\bріжу себе\b",
    ),
    C.VIOLENCE: (
        r"\b(?:б'є|побив|побила|бив|била|вдарив|вдарила) мене\b",
        r"\bмене (?:б'є|побив|побила|бив|била|вдарив|вдарила)\b", r"\bпогрожу(?:є|вав|вала|ють) (?:мені|нам|вбити)\b", r"\b(?:мені|нам) погрожу",
        r"\bнасильств", r"\bбоюся (?:йти|повертатися|повернутися) додому\b",
    ),
    C.NOWHERE_TO_SLEEP: (
        r"\b(?:ніде|нема де|немає де) (?:жити|спати|ночувати|переночувати)\b", r"\bнікуди (?:йти|піти)\b", r"\bбезхат",
        r"\bбездомн", r"\b(?:без житла|немає житла|нема житла)\b", r"\b(?:сплю|живу) (?:на вулиці|в машині)\b",
        r"\bвигнал[аи]? (?:мене )?(?:з дому|з квартири|на вулицю)\b", r"\bвиселя", r"\bвиселил",
    ),
    C.NO_FOOD: (
        r"\b(?:немає|нема) (?:їжі|продуктів)\b", r"\b(?:нічого|нема чого|немає чого|нема що|немає що) їсти\b",
        r"\b(?:немає|нема) грошей на (?:їжу|продукти)\b", r"\bне (?:їв|їла|їли)\b",
        r"\bголодн(?:ий|а|і)\b", r"\bголоду(?:ю|ємо|ють)\b",
    ),
    C.NO_MONEY: (
        r"\b(?:немає|нема) (?:зовсім )?грошей (?:зовсім|сьогодні|взагалі|ні на що|на життя)\b",
        r"\bзовсім (?:немає|нема) грошей\b", r"\bні (?:копійки|крони|гривні)\b",
        r"\b(?:немає|нема) на що жити\b", r"\bзалиши(?:вся|лась|лися) без грошей\b",
        r"\b(?:екстрена|екстреної|невідкладна|невідкладної) допомог",
    ),
}

_AR: dict[AcuteCategory, tuple[str, ...]] = {
    C.SELF_HARM: (
        r"انتحر", r"انتحار", r"اقتل نفسي", r"انهي حياتي", r"(?:لا|ما) (?:اريد|ابي|بدي|ابغى) (?:ان )?اعيش",
        r"(?:اريد|ابي|بدي|ابغى) (?:ان )?ا?موت", r"(?:اؤذي|اذي|ايذاء) نفسي",
    ),
    C.VIOLENCE: (
        r"(?:يضربني|ضربني|تضربني|يضربنا|يهددني|هددني|تهددني|يعنفني|يعذبني)", r"\bال?عنف\b",
        r"(?:خايف|خايفه|خائف|خائفه) (?:ارجع|اعود|من العوده) (?:الى |ل)?(?:البيت|المنزل)",
    ),
    C.NOWHERE_TO_SLEEP: (
        r"(?:ما|ليس|مش|مو) ?(?:عندي|لدي|لي) (?:مكان|بيت|مأوى|سكن|مسكن)",
        r"لا يوجد (?:لدي )?مكان (?:للنوم|انام|اسكن)", r"مشرد", r"(?:بلا|بدون) (?:مأوى|سكن|بيت)",
        r"(?:انام|نايم|نايمه|ننام) (?:في|ب) ?(?:ال)?(?:شارع|سياره)",
        r"(?:طردوني|طردني|طردتني|تم طردي|طردونا) (?:من|الى) (?:البيت|الشقه|السكن|المنزل|الشارع)",
    ),
    C.NO_FOOD: (
        r"(?:ما|ليس|مش|مو) ?(?:عندي|لدي|عندنا|لدينا) (?:اكل|طعام)", r"(?:لا يوجد|ما في|مافي) (?:اكل|طعام)",
        r"(?:ما|ليس|مش|مو|لا) ?(?:عندي|لدي|عندنا|لدينا|يوجد|معي) (?:اي |ولا )?(?:فلوس|مال|نقود|مصاري) "
        r"(?:لل|ل|لشراء ال|اشتري )?(?:اكل|طعام)", r"(?:لم اكل|ما اكلت|ما كلت|لم ناكل|ما اكلنا)",
        # "ما عندي مصاري لأشتري أكل", "ليس لدي مال حتى اشتري الطعام": to buy, a word or two between.
        r"(?:ما|ليس|مش|مو|لا) ?(?:عندي|لدي|عندنا|لدينا|معي) (?:اي |ولا )?(?:فلوس|مال|نقود|مصاري) (?:\S+ ){0,2}"
        r"(?:ل|ل?ا|عشان ا|حتى ا)?(?:شتري|شراء) (?:ال)?(?:اكل|طعام)",
        r"(?:جوعان|جوعانين|جائع|جوعى|جياع)", r"(?:لا استطيع|ما اقدر) (?:شراء|اشتري) (?:ال)?(?:اكل|طعام)",
    ),
    C.NO_MONEY: (
        r"(?:ما|ليس|مش|مو) ?(?:عندي|لدي) (?:اي |ولا )?(?:فلوس|مال|نقود|مصاري) (?:ابدا|نهائيا|اليوم|على الاطلاق)",
        r"(?:ولا|ولا حتى) (?:كرونه|قرش|ريال|فلس|دينار)", r"مساعده (?:طارئه|عاجله)",
        r"(?:ما|ليس) (?:عندي|لدي) ما اعيش",
    ),
}

_FA: dict[AcuteCategory, tuple[str, ...]] = {
    C.SELF_HARM: (
        r"خودکشی", r"خود(?:مو| را|م را) بکشم", r"(?:نمیخوام|نمی خوام|نمی خواهم|نمیخواهم) (?:زندگی کنم|زنده باشم)",
        r"(?:میخوام|می خوام|می خواهم|میخواهم) بمیرم", r"به خودم آسیب",
    ),
    C.VIOLENCE: (
        r"(?:منو|مرا|من را) (?:می ?زنه|می ?زند|کتک)", r"کتکم (?:می ?زنه|می ?زند|زد)", r"تهدیدم (?:می ?کنه|کرد)",
        r"(?:مرا|منو) تهدید", r"خشونت", r"(?:می ?ترسم) (?:برم|بروم|برگردم) (?:خونه|خانه)",
    ),
    C.NOWHERE_TO_SLEEP: (
        r"جایی (?:برای )?(?:خوابیدن|خواب|زندگی|موندن|ماندن) (?:ندارم|نداریم)", r"جای خواب (?:ندارم|نداریم)",
        r"بی خانمان", r"(?:خانه|خونه) (?:ندارم|نداریم)",
        r"(?:در|تو|توی) (?:خیابان|خیابون|ماشین) (?:می ?خوابم|می ?خوابیم)",
        r"(?:از خانه|از خونه) (?:بیرونم|بیرونمون) (?:کرد|می ?کنن|می ?کنند)",
    ),
    C.NO_FOOD: (
        r"(?:غذا|خوراک) (?:ندارم|نداریم)", r"چیزی (?:برای )?خوردن (?:ندارم|نداریم)",
        r"پول (?:برای |واسه )?(?:غذا|خوراک) (?:ندارم|نداریم)", r"پول ندارم غذا بخرم", r"گرسنه",
        # "هیچ پولی ندارم که غذا بخرم", "ندارم پول برای غذا": money denied, food in the same clause.
        r"پولی? (?:ندارم|نداریم) (?:\S+ ){0,2}(?:غذا|خوراک)", r"(?:ندارم|نداریم) پولی? (?:برای |واسه )?(?:غذا|خوراک)",
        r"(?:چیزی )?(?:نخوردم|نخوردیم|نخورده ام)",
    ),
    C.NO_MONEY: (
        r"(?:هیچ|اصلا) (?:پولی|پول) (?:ندارم|نداریم)", r"یک (?:کرون|ریال|قران) هم (?:ندارم|نداریم)",
        r"(?:کمک|کمک های) (?:فوری|اضطراری)", r"چیزی برای (?:زندگی|گذران زندگی) (?:ندارم|نداریم)",
    ),
}

_UR: dict[AcuteCategory, tuple[str, ...]] = {
    C.SELF_HARM: (
        r"خودکشی", r"خود کو (?:مار|ختم)", r"اپنی جان (?:لے|لینا|دے)", r"جینا نہیں (?:چاہتا|چاہتی)",
        r"مرنا (?:چاہتا|چاہتی)", r"خود کو نقصان",
    ),
    C.VIOLENCE: (
        r"مجھے (?:مارتا|مارتی|مارا|پیٹتا|پیٹتی|دھمکی|دھمکاتا|دھمکاتی)", r"مارپیٹ", r"تشدد", r"دھمکی",
        r"گھر جانے سے ڈر",
    ),
    C.NOWHERE_TO_SLEEP: (
        r"(?:رہنے|سونے) (?:کی|کو|کے لیے|کے لئے) (?:کوئی )?جگہ نہیں", r"بے ?گھر",
        r"(?:سڑک|گاڑی) (?:پر|میں) (?:سو|سوتا|سوتی|رہتا|رہتی)", r"گھر سے نکال",
        r"(?:کوئی )?جگہ نہیں (?:\S+ )?(?:سونے|رہنے) (?:کی|کو|کے لیے|کے لئے)",
    ),
    C.NO_FOOD: (
        r"کھانا نہیں", r"کھانے (?:کو|کے لیے|کے لئے) (?:کچھ )?نہیں", r"کھانے کے (?:لیے |لئے )?پیسے نہیں",
        r"بھوک", r"کچھ نہیں کھایا", r"کھانا نہیں کھایا",
        # "کھانا خریدنے کے لیے پیسے نہیں", "پیسے نہیں ہیں کہ کھانا خرید سکوں": money denied, buying food beside it.
        r"کھانا خرید\S* (?:\S+ ){0,3}پیس\S* (?:\S+ )?نہیں", r"پیس\S* نہیں (?:\S+ ){0,2}کھانا خرید",
    ),
    C.NO_MONEY: (
        r"بالکل پیسے نہیں", r"ایک (?:روپیہ|کرون|پیسہ) (?:بھی )?نہیں", r"کوئی پیسہ نہیں", r"(?:ہنگامی|فوری) مدد",
    ),
}

_SO: dict[AcuteCategory, tuple[str, ...]] = {
    C.SELF_HARM: (
        r"\bis ?dil", r"\bnaftayda (?:qaado|qaato|ka qaado)\b", r"\bnafta iska qaad",
        r"\bma rabo (?:inaan|in aan) noolaado\b", r"\b(?:rabaa|doonayaa) (?:inaan|in aan) dhinto\b", r"\bis dhaawac",
    ),
    C.VIOLENCE: (
        r"\bi (?:garaaca|garaacay|garaacaa|garaacdaa|dilaa|dhaawacay)\b", r"\bigu hanjab", r"\bi hanjab",
        r"\brabshad", r"\btacad", r"\bxadgudub", r"\bka baqayaa (?:inaan|in aan) (?:guriga|aqalka) (?:aado|tago)\b",
    ),
    C.NOWHERE_TO_SLEEP: (
        # Either word order: "meel aan ku seexdo ma haysto", "ma haysto meel aan seexdo" (I have no place to sleep).
        r"\bmeel (?:aan |la )?(?:ku )?(?:seexdo|seexano|jiifsado|noolaado|hoydo|aado) (?:\S+ ){0,2}"
        r"ma (?:haysto|lihi|hayo|hayno|lihin)\b",
        r"\bma (?:haysto|lihi|hayo|hayno|lihin) (?:\S+ )?meel (?:aan |la )?(?:ku )?(?:seexdo|seexano|jiifsado|"
        r"noolaado|hoydo)\b",
        r"\b(?:hoy|guri) laan\b", r"\bguri ma (?:lihi|haysto|lihin)\b", r"\bma (?:lihi|haysto|lihin) guri\b", r"\b(?:waddada|wadada|gaariga) ku seex",
        r"\bguriga (?:layga|nalaga|iga|naga|la iga|la naga) (?:saaray|saareen|eryay|saarayaa|saarayaan)\b",
    ),
    C.NO_FOOD: (
        r"\bcunto ma (?:haysto|hayno|lihi|lihin|hayo)\b", r"\bma (?:haysto|hayno) cunto\b",
        r"\bwax aan (?:cuno|cunno) ma (?:haysto|hayo|hayno)\b", r"\bcunto laan\b",
        r"\bcunto (?:ku )?iibsado ma haysto\b",
        # No money for food, in either order: "ma haysto lacag aan cunto ku iibsado", "lacag cunto lagu iibsado ma
        # hayno" (money and food in one clause with "I do not have").
        r"\bma (?:haysto|hayo|hayno|lihi|lihin) lacag (?:\S+ ){0,2}cunto\b",
        r"\blacag (?:\S+ ){0,2}cunto (?:\S+ ){0,2}ma (?:haysto|hayo|hayno|lihi|lihin)\b", r"\bwax ma (?:cunin|aanan cunin)\b", r"\bgaajo",
        r"\bgaajays",
    ),
    C.NO_MONEY: (
        r"\blacag ma (?:haysto|hayno|lihi) (?:gabi ahaanba|maanta|haba yaraatee)\b",
        r"\bhal (?:karoon|shilin|dollar|sent) ma (?:haysto|hayo)\b", r"\bwax aan ku noolaado ma (?:haysto|hayo)\b",
        r"\b(?:gargaar|caawimaad) degdeg ah\b",
    ),
}

_TI: dict[AcuteCategory, tuple[str, ...]] = {
    C.SELF_HARM: (
        r"(?:ርእሰይ|ነፍሰይ) (?:ክቐትል|ክቕትል|ምቕታል)", r"ርእሰ ቅትለት", r"ክመውት (?:ደልየ|እደሊ|ይደሊ)",
        r"ክነብር (?:ኣይደልን|ኣይደሊን)",
    ),
    C.VIOLENCE: (
        r"(?:ይወቕዓኒ|ወቒዑኒ|ይህርመኒ|ሃሪሙኒ|ይወቕዑኒ|ይቕጥቅጠኒ)", r"(?:የፈራርሐኒ|ኣፈራሪሑኒ|የፈራርሑኒ)", r"ዓመጽ",
        r"ገዛ ክምለስ (?:ይፈርሕ|እፈርሕ)",
    ),
    C.NOWHERE_TO_SLEEP: (
        r"ዝድቅሰሉ (?:ቦታ )?(?:የብለይን|የብልናን|የለን)", r"ዝነብረሉ (?:ቦታ |ገዛ )?(?:የብለይን|የብልናን)",
        r"ገዛ (?:ስለ )?(?:የብለይን|ዘይብለይ|የብልናን)", r"(?:ቦታ )?(?:የብለይን|የብልናን) (?:[^ ]+ )?(?:ዝድቅሰሉ|ዝነብረሉ)", r"ኣብ ጎደና (?:እየ )?(?:ዝድቅስ|ዝነብር)",
        r"ካብ ገዛ (?:ኣውጺኦምኒ|ሰጒጎምኒ|ኣውጺኡኒ|ከውጽኡኒ|ክሰጉጉኒ)",
    ),
    C.NO_FOOD: (
        r"መግቢ (?:[^ ]+ ){0,3}(?:የብለይን|የብልናን|የለን)", r"ዝበልዕ (?:የብለይን|የብልናን|የለን)",
        r"ዝብላዕ (?:የብለይን|የብልናን|የለን)", r"ገንዘብ (?:[^ ]+ )?(?:የብለይን|የብልናን) (?:[^ ]+ ){0,2}መግቢ", r"ኣይበላዕኩን", r"ኣይበላዕናን", r"(?:ጠሚየ|ጠሚና|ጠምዮም|ጥሙያት|ጥሙይ|ጥሜት)",
    ),
    C.NO_MONEY: (
        r"ገንዘብ ፈጺሙ (?:የብለይን|የብልናን)", r"ሓንቲ (?:ሳንቲም|ክሮና) (?:እኳ )?(?:የብለይን|የብልናን)",
        r"ህጹጽ ሓገዝ (?:የድልየኒ|የድልየና|ደልየ)",
    ),
}

_TR: dict[AcuteCategory, tuple[str, ...]] = {
    C.SELF_HARM: (
        r"\bintihar", r"\bkendimi öldür", r"\bcanıma kıy", r"\byaşamak istemiyorum\b", r"\bölmek istiyorum\b",
        r"\bkendime zarar",
    ),
    C.VIOLENCE: (
        r"\bbeni (?:dövüyor|dövdü|dövüyorlar|tehdit)", r"\bbana (?:vuruyor|vurdu)\b", r"\btehdit ediyor\b",
        r"\bşiddet", r"\beve gitmeye korkuyorum\b", r"\bsığınma evi",
    ),
    C.NOWHERE_TO_SLEEP: (
        r"\b(?:kalacak|yatacak|uyuyacak) (?:bir )?yer(?:im|imiz)? yok\b", r"\bevsiz", r"\bev(?:im|imiz) yok\b",
        r"\bsokakta (?:yatıyorum|kalıyorum|uyuyorum|yaşıyorum)\b", r"\barabada (?:uyuyorum|yatıyorum)\b",
        r"\bevden (?:attı|attılar|atıldım|atılıyorum|kovuldum|çıkarıldım|çıkarılıyorum|çıkarıyorlar)\b", r"\btahliye",
    ),
    C.NO_FOOD: (
        r"\b(?:yemek|yiyecek|gıda) (?:hiçbir şey |bir şey )?yok\b", r"\byiyeceğ(?:im|imiz) yok\b",
        r"\b(?:yiyecek|yemek|yiyecek bir) (?:hiçbir |hiç )?şey(?:im|imiz) yok\b",
        r"\b(?:yemek|yiyecek|gıda|yemeğe) (?:[^ ]+ ){0,2}param(?:ız)? yok\b", r"\byemedi(?:m|k)\b",
        r"\baç (?:kaldık|kaldım|kalıyoruz)\b", r"\baçlık\b", r"\baç(?:ım|ız)\b",
    ),
    C.NO_MONEY: (
        r"\bhiç param(?:ız)? yok\b", r"\bbeş kuruş(?:um|umuz) yok\b", r"\bmeteliksiz", r"\bbugün param yok\b",
        r"\bparam kalmadı\b", r"\bgeçinecek (?:bir şey|param|hiçbir şey) yok\b", r"\bacil yardım\b",
    ),
}

# Thai has no spaces between words: no word boundaries, the phrases are long enough to be specific.
_TH: dict[AcuteCategory, tuple[str, ...]] = {
    C.SELF_HARM: (
        r"ฆ่าตัวตาย", r"อยากตาย", r"ไม่อยากมีชีวิตอยู่", r"ไม่อยากอยู่แล้ว", r"จบชีวิต", r"ทำร้ายตัวเอง", r"กรีดข้อมือ",
    ),
    C.VIOLENCE: (
        r"(?:ตี|ทำร้าย|ซ้อม|ขู่|ข่มขู่)(?:ฉัน|ผม|หนู|เรา)", r"ทุบตี", r"ความรุนแรง", r"ทำร้ายร่างกาย", r"ไม่กล้ากลับบ้าน",
    ),
    C.NOWHERE_TO_SLEEP: (
        r"ไม่มีที่(?:นอน|อยู่|พัก|ซุกหัวนอน)", r"ไม่มีบ้าน", r"ไร้บ้าน", r"ไร้ที่อยู่",
        r"นอน(?:ข้างถนน|ในรถ|ข้างนอก|ริมถนน)", r"ไล่(?:ฉัน|ผม|เรา)?ออกจาก(?:บ้าน|ห้อง)",
    ),
    C.NO_FOOD: (
        r"ไม่มีอาหาร", r"ไม่มีอะไร(?:จะ)?กิน", r"ไม่มีข้าว(?:จะ)?กิน", r"ไม่มีเงิน(?:ซื้อ|จะซื้อ)(?:อาหาร|ข้าว|ของกิน)",
        r"ไม่ได้กิน(?:ข้าว|อะไร)", r"หิว", r"อดอาหาร", r"อดข้าว",
    ),
    C.NO_MONEY: (
        r"ไม่มีเงินเลย", r"ไม่มีเงินสัก(?:บาท|โครน|แดง)", r"ไม่มีสักบาท", r"ไม่มีเงิน(?:จะ)?(?:กิน|ใช้)",
        r"ช่วยเหลือ(?:แบบ)?ฉุกเฉิน", r"เงินหมด",
    ),
}

_VI: dict[AcuteCategory, tuple[str, ...]] = {
    C.SELF_HARM: (
        r"\b(?:muốn|nghĩ đến|định|sẽ|ý định) (?:việc )?tự tử\b", r"\btự sát\b", r"\bmuốn chết\b",
        r"\bkhông muốn sống\b", r"\btự (?:làm )?(?:hại|đau) bản thân\b", r"\b(?:kết thúc|kết liễu) cuộc đời\b",
    ),
    C.VIOLENCE: (
        r"\b(?:đánh|đe dọa|dọa) (?:tôi|em|con tôi)\b", r"\bđánh đập\b", r"\bbạo lực\b", r"\bsợ về nhà\b",
    ),
    C.NOWHERE_TO_SLEEP: (
        r"\bkhông có (?:chỗ|nơi) (?:ở|ngủ|để ở|để ngủ)\b", r"\bvô gia cư\b",
        r"\bngủ (?:ngoài đường|trên đường|ngoài trời|trong xe)\b", r"\bbị đuổi (?:ra )?khỏi nhà\b",
        r"\bkhông có nhà\b",
    ),
    C.NO_FOOD: (
        r"\bkhông có (?:gì|đồ|thức) (?:để )?ăn\b(?! toàn| tâm| ninh)", r"\bkhông có tiền (?:mua )?(?:đồ ăn|thức ăn|thực phẩm|gạo|cơm)\b",
        r"\bhết (?:gạo|đồ ăn|thức ăn)\b", r"\bchưa (?:được )?ăn (?:gì|cơm)\b", r"\bkhông có cơm ăn\b",
        r"\brất đói\b", r"\bđói (?:bụng|lắm)\b", r"\bchết đói\b", r"\bbỏ đói\b",
    ),
    C.NO_MONEY: (
        r"\bkhông có (?:đồng|tiền|xu) nào\b", r"\bkhông còn (?:đồng|xu) (?:tiền )?nào\b", r"\bhết (?:sạch )?tiền\b",
        r"\bkhông có gì để sống\b", r"\b(?:trợ giúp|giúp đỡ|cứu trợ|hỗ trợ) khẩn cấp\b",
    ),
}

PATTERNS: dict[str, dict[AcuteCategory, tuple[str, ...]]] = {
    "nb": _NB, "nn": _NN, "da": _DA, "sv": _SV, "en": _EN, "pl": _PL, "lt": _LT, "uk": _UK, "ru": _RU, "ar": _AR,
    "so": _SO, "ti": _TI, "fa": _FA, "ur": _UR, "tr": _TR, "es": _ES, "de": _DE, "ro": _RO, "th": _TH, "vi": _VI,
}
# Which language answers when patterns of several match and the conversation has none of them (nb first:
# Swedish and Danish readers understand it, and those three share words such as "ingen mat").
LANGUAGE_ORDER: tuple[str, ...] = tuple(PATTERNS)


@cache
def _compiled() -> tuple[tuple[AcuteCategory, tuple[tuple[str, re.Pattern[str]], ...]], ...]:
    """Per category, most serious first: (language, one regex of all its patterns)."""
    return tuple(
        (category, tuple(
            (language, re.compile("|".join(f"(?:{_fold_pattern(p)})" for p in PATTERNS[language][category])))
            for language in LANGUAGE_ORDER if PATTERNS[language].get(category)
        ))
        for category in AcuteCategory
    )


# The router answers these itself, every time, with their own numbers, and the bot is not asked: its answer to
# "samboeren min slår meg" or "jeg vil ta livet mitt" would be about money and nødhjelp.
ANSWERED_BY_THE_ROUTER = (AcuteCategory.SELF_HARM, AcuteCategory.VIOLENCE)
_CONTACTS_KEY = {AcuteCategory.SELF_HARM: "self_harm_contacts", AcuteCategory.VIOLENCE: "violence_contacts"}


def contacts_key(category: AcuteCategory | None, *, nav_phone_open: bool = True, local_office: bool = True) -> str:
    """The fixed text with the numbers for this need: 113 and the helplines, 112 and the violence helpline and
    krisesentrene, or the emergency contacts for money, food and a place to sleep (``None``: no need stated, the
    contacts a bruker who waits long is given). While NAV's phone is closed, those lead with what answers now
    (legevakten, 112/113) and say when NAV answers again: "call your NAV office" on a Saturday cannot be followed.
    Without a local office to call (strengt fortrolig adresse, kode 6: served by one office, by phone), "call your
    NAV office" cannot be followed either: NAV's phone alone, which names no office."""
    if category in _CONTACTS_KEY:
        return _CONTACTS_KEY[category]
    if not nav_phone_open:
        return "emergency_contacts_closed"
    return "emergency_contacts" if local_office else "emergency_contacts_call_nav"


def states_danger(text: str) -> bool:
    """Whether ``text`` speaks of suicide, self-harm or violence (those categories' patterns alone, the first two:
    cheap enough to run before the bot is asked, which then is not)."""
    normalized = normalize(text)
    compiled = _compiled()[:len(ANSWERED_BY_THE_ROUTER)]
    assert tuple(category for category, _ in compiled) == ANSWERED_BY_THE_ROUTER
    return any(pattern.search(normalized) for _, by_language in compiled for _, pattern in by_language)


def detect(text: str, *, prefer: str | None = None) -> AcuteSignal | None:
    """The most serious acute need ``text`` states, or None.

    ``prefer`` (the conversation's language) answers when its own patterns matched too, so a Swede who chose
    Swedish is answered in Swedish although "ingen mat" is Norwegian as well.
    """
    normalized = normalize(text)
    if not normalized.strip():
        return None
    for category, by_language in _compiled():
        languages = tuple(language for language, pattern in by_language if pattern.search(normalized))
        if languages:
            language = prefer if prefer in languages else languages[0]
            return AcuteSignal(category, language, languages)
    return None
