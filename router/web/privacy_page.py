"""GET /personvern?lang=: how the chat processes the bruker's information (GDPR art. 13), linked from the widget's
"Slik behandler vi opplysningene dine".

Full text in bokmål, nynorsk and English; a page asked for in another language is English (the widget's short line
and the link are in all its languages), Danish and Swedish bokmål. The periods are the running router's settings
(docs/PRIVACY.md), so the page never promises another period than the one kept.
"""

from __future__ import annotations

import html
from typing import Any

from aiohttp import web

from router.config import Settings
from router.web.appkeys import DEPS
from router.web.middleware import PAGE_SECURITY_HEADERS
from router.web.widget_page import page_language

PAGE_LANGUAGES = ("nb", "nn", "en")
READS_BOKMAL = ("da", "sv")

# (heading, paragraphs) per section; {placeholders} are the settings' periods.
_PAGES: dict[str, dict[str, Any]] = {
    "nb": {
        "title": "Slik behandler vi opplysningene dine i chatten",
        "sections": [
            ("Hva vi lagrer", [
                "Det du skriver og svarene du får, når det ble skrevet, hvilket språk du skriver på, og hva "
                "chatroboten har forstått av saken din (for eksempel tema og kommune).",
                "Fødselsnummer, kontonummer, telefonnummer, e-postadresse, kortnummer og passord du skriver, blir "
                "skjult før meldingen lagres. Skriv dem likevel ikke her.",
            ]),
            ("Hvor lenge", [
                "Samtalen slettes {retention_days} dager etter at den er avsluttet. En samtale ingen gjør noe med, "
                "avsluttes av seg selv, og bare tiden NAV-kontoret har åpent, teller: etter {expire_gone_hours} "
                "timer når du har gått fra den, ellers etter {expire_idle_hours} timer. En samtale med bare "
                "chatroboten avsluttes etter {abandoned_hours} timer uten meldinger.",
                "En samtale der en ansatt ble truet eller trakassert, tas vare på i {threat_retention_days} dager, "
                "slik at den kan brukes i en politianmeldelse.",
                "Etter slettingen beholder vi bare det statistikken trenger: når samtalen var, hvilket NAV-kontor og "
                "hvilken kommune, og hvordan den endte. Ingenting av det du skrev, og ingenting som viser hvem du er.",
            ]),
            ("Hvem som leser samtalen", [
                "En chatrobot svarer først. Ber du om å snakke med en veileder, kan veiledere ved NAV-kontoret som "
                "skal hjelpe deg, og NAV Kontaktsenter lese samtalen. Har du adressebeskyttelse eller er skjermet, "
                "kan bare ansatte med tilgang til det lese den.",
                "Hver gang en ansatt leser eller gjør noe med samtalen, blir det logget. Loggen slettes etter "
                "{audit_retention_days} dager.",
            ]),
            ("Chatrobot og maskinoversettelse", [
                "Chatroboten og oversettelsen kjører på NAVs egne maskiner; ingenting sendes til andre for å "
                "tolkes eller oversettes. Skriver du på et annet språk enn norsk, oversettes meldingene dine "
                "maskinelt til norsk for veilederen, og svarene til ditt språk. En maskinoversettelse kan ha feil.",
            ]),
            ("Når du logger inn", [
                "Logger du inn med ID-porten, henter vi opplysninger om deg fra Folkeregisteret (hvor du bor og om "
                "du har adressebeskyttelse), fra registeret over skjermede personer og fra oppfølgingsregisteret "
                "(om du har en fast veileder). Det brukes til å sende samtalen til riktig kontor og beskytte deg. "
                "Fødselsnummeret ditt lagres ikke i samtalen.",
                "Spør du om søknaden din om økonomisk sosialhjelp, henter vi status for den. Hvert oppslag logges.",
                "Når du logger ut, viser chatten ikke lenger det som ble skrevet mens du var innlogget, heller ikke "
                "til den som bruker maskinen etter deg. Logger du inn igjen, ser du det igjen.",
            ]),
            ("Rettighetene dine", [
                "Du kan be om innsyn i opplysningene vi har om deg, og be om at feil blir rettet eller at "
                "opplysninger blir slettet. Du kan også klage til Datatilsynet. Les mer i NAVs personvernerklæring "
                "på nav.no/personvernerklaering.",
            ]),
        ],
    },
    "nn": {
        "title": "Slik behandlar vi opplysningane dine i chatten",
        "sections": [
            ("Kva vi lagrar", [
                "Det du skriv og svara du får, når det vart skrive, kva språk du skriv på, og kva chatroboten har "
                "forstått av saka di (til dømes tema og kommune).",
                "Fødselsnummer, kontonummer, telefonnummer, e-postadresse, kortnummer og passord du skriv, blir "
                "skjulte før meldinga blir lagra. Skriv dei likevel ikkje her.",
            ]),
            ("Kor lenge", [
                "Samtalen blir sletta {retention_days} dagar etter at han er avslutta. Ein samtale ingen gjer noko "
                "med, blir avslutta av seg sjølv, og berre tida NAV-kontoret har ope, tel: etter "
                "{expire_gone_hours} timar når du har gått frå han, elles etter {expire_idle_hours} timar. Ein "
                "samtale med berre chatroboten blir avslutta etter {abandoned_hours} timar utan meldingar.",
                "Ein samtale der ein tilsett vart truga eller trakassert, blir teken vare på i "
                "{threat_retention_days} dagar, slik at han kan brukast i ei politimelding.",
                "Etter slettinga held vi berre på det statistikken treng: når samtalen var, kva NAV-kontor og kva "
                "kommune, og korleis han enda. Ingenting av det du skreiv, og ingenting som viser kven du er.",
            ]),
            ("Kven som les samtalen", [
                "Ein chatrobot svarar først. Ber du om å snakke med ein rettleiar, kan rettleiarar ved NAV-kontoret "
                "som skal hjelpe deg, og NAV Kontaktsenter lese samtalen. Har du adressevern eller er skjerma, kan "
                "berre tilsette med tilgang til det lese han.",
                "Kvar gong ein tilsett les eller gjer noko med samtalen, blir det logga. Loggen blir sletta etter "
                "{audit_retention_days} dagar.",
            ]),
            ("Chatrobot og maskinomsetjing", [
                "Chatroboten og omsetjinga køyrer på NAV sine eigne maskiner; ingenting blir sendt til andre for å "
                "bli tolka eller omsett. Skriv du på eit anna språk enn norsk, blir meldingane dine maskinelt "
                "omsette til norsk for rettleiaren, og svara til ditt språk. Ei maskinomsetjing kan ha feil.",
            ]),
            ("Når du loggar inn", [
                "Loggar du inn med ID-porten, hentar vi opplysningar om deg frå Folkeregisteret (kvar du bur og om "
                "du har adressevern), frå registeret over skjerma personar og frå oppfølgingsregisteret (om du har "
                "ein fast rettleiar). Det blir brukt til å sende samtalen til rett kontor og verne deg. "
                "Fødselsnummeret ditt blir ikkje lagra i samtalen.",
                "Spør du om søknaden din om økonomisk sosialhjelp, hentar vi status for han. Kvart oppslag blir "
                "logga.",
                "Når du loggar ut, viser chatten ikkje lenger det som vart skrive medan du var innlogga, heller ikkje "
                "til den som brukar maskina etter deg. Loggar du inn igjen, ser du det igjen.",
            ]),
            ("Rettane dine", [
                "Du kan be om innsyn i opplysningane vi har om deg, og be om at feil blir retta eller at "
                "opplysningar blir sletta. Du kan også klage til Datatilsynet. Les meir i personvernerklæringa til "
                "NAV på nav.no/personvernerklaering.",
            ]),
        ],
    },
    "en": {
        "title": "How we process your information in the chat",
        "sections": [
            ("What we store", [
                "What you write and the answers you get, when it was written, the language you write in, and what "
                "the chatbot understood of your matter (for example the topic and the municipality).",
                "National identity numbers, account numbers, phone numbers, e-mail addresses, card numbers and "
                "passwords you write are hidden before the message is stored. Please do not write them here anyway.",
            ]),
            ("For how long", [
                "The conversation is deleted {retention_days} days after it ends. A conversation nobody acts on "
                "ends by itself, counting only the hours the NAV office is open: after {expire_gone_hours} hours "
                "once you have left it, otherwise after {expire_idle_hours} hours. A conversation with only the "
                "chatbot ends after {abandoned_hours} hours without messages.",
                "A conversation in which an employee was threatened or harassed is kept for "
                "{threat_retention_days} days, so that it can be used in a police report.",
                "After the deletion we keep only what the statistics need: when the conversation took place, which "
                "NAV office and which municipality, and how it ended. Nothing of what you wrote, and nothing that "
                "shows who you are.",
            ]),
            ("Who reads the conversation", [
                "A chatbot answers first. If you ask to talk to an adviser, advisers at the NAV office that is to "
                "help you, and the NAV Contact Centre, can read the conversation. If you have a protected address or "
                "are shielded, only employees with access to that can read it.",
                "Every time an employee reads or acts on the conversation, it is logged. The log is deleted after "
                "{audit_retention_days} days.",
            ]),
            ("Chatbot and machine translation", [
                "The chatbot and the translation run on NAV's own machines; nothing is sent to others to be "
                "interpreted or translated. If you write in a language other than Norwegian, your messages are "
                "machine-translated into Norwegian for the adviser, and the answers into your language. A machine "
                "translation can contain mistakes.",
            ]),
            ("When you log in", [
                "If you log in with ID-porten, we look you up in the National Population Register (where you live "
                "and whether you have a protected address), in the register of shielded persons and in the "
                "follow-up register (whether you have a regular adviser). This is used to send the conversation to "
                "the right office and to protect you. Your national identity number is not stored in the "
                "conversation.",
                "If you ask about your application for financial assistance (økonomisk sosialhjelp), we fetch its "
                "status. Every look-up is logged.",
                "When you log out, the chat no longer shows what was written while you were logged in, not even to "
                "whoever uses the computer after you. If you log in again, you see it again.",
            ]),
            ("Your rights", [
                "You can ask to see the information we hold about you, and ask for errors to be corrected or "
                "information to be deleted. You can also complain to the Norwegian Data Protection Authority "
                "(Datatilsynet). Read more in NAV's privacy statement at nav.no/personvernerklaering.",
            ]),
        ],
    },
}


def page_language_for(language: str | None) -> str:
    """The page's language: the bruker's where it is written (nb, nn, en), bokmål for Danish and Swedish, else
    English."""
    if language in PAGE_LANGUAGES:
        return language
    return "nb" if language in READS_BOKMAL or language is None else "en"


def _periods(settings: Settings) -> dict[str, str]:
    return {
        "retention_days": f"{settings.retention_days:g}",
        "expire_gone_hours": f"{settings.expire_gone_hours:g}",
        "expire_idle_hours": f"{settings.expire_idle_hours:g}",
        "abandoned_hours": f"{settings.abandoned_after_minutes / 60:g}",
        "threat_retention_days": f"{settings.threat_retention_days:g}",
        "audit_retention_days": f"{settings.audit_retention_days:g}",
    }


def render(language: str, settings: Settings) -> str:
    page = _PAGES[language]
    periods = _periods(settings)
    parts = [f'<h1>{html.escape(page["title"])}</h1>']
    for heading, paragraphs in page["sections"]:
        parts.append(f"<h2>{html.escape(heading)}</h2>")
        parts.extend(f"<p>{html.escape(text.format(**periods))}</p>" for text in paragraphs)
    body = "\n".join(parts)
    return (f'<!doctype html>\n<html lang="{language}" dir="ltr">\n<head>\n<meta charset="utf-8" />\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'
            f'<title>{html.escape(page["title"])}</title>\n<link rel="icon" href="data:," />\n'
            '<link rel="stylesheet" href="/static/shared/base.css" />\n'
            '<link rel="stylesheet" href="/static/widget/privacy.css" />\n</head>\n'
            f'<body>\n<main class="privacy">\n{body}\n</main>\n</body>\n</html>\n')


async def privacy_page(request: web.Request) -> web.Response:
    language = page_language_for(page_language(request))
    return web.Response(text=render(language, request.app[DEPS].settings), content_type="text/html",
                        headers={"Cache-Control": "no-cache", "Vary": "Accept-Language", **PAGE_SECURITY_HEADERS})
