"""Norsk bokmål: the reference set of fixed texts; every other language has the same keys."""

TEXTS = {
    "greeting": "Hei! Jeg er NAVs chatrobot. Jeg kan svare på vanlige spørsmål og hjelpe deg med å søke om "
    "økonomisk sosialhjelp. Du kan når som helst be om å få snakke med en veileder.",
    "bot_unavailable": "Chatroboten svarer ikke akkurat nå. Du kan be om å snakke med en veileder her, "
    "eller ringe NAV på {phone} (hverdager 09–15).",
    "offer_human": "Snakk med en veileder",
    "queued": "Du står nå i kø for å chatte med en veileder ved {enhet}. Du kan skrive meldingen din mens du venter.",
    "queued_wait": "Vanligvis svarer vi innen omtrent {minutes} minutter.",
    "veileder_joined": "{name} fra NAV har tatt over samtalen.",
    "back_to_bot": "Veilederen har gitt samtalen tilbake til chatroboten. Du kan be om en veileder igjen når du vil.",
    "closed": "Samtalen er avsluttet. Takk for at du tok kontakt med NAV.",
    "outside_hours": "Kontoret er stengt nå. En veileder svarer deg {when}. Du kan legge igjen meldingen din her.",
    "emergency_contacts": "Trenger du hjelp nå? Ring NAV-kontoret ditt, eller ring {phone}. Utenfor "
    "åpningstid: kontakt sosialvakten eller legevakten på 116 117. Ved fare for liv: ring 112 (politi) "
    "eller 113 (ambulanse).",
    "translation_unavailable": "Vi kan dessverre ikke oversette skriftlig til språket ditt akkurat nå. Du kan "
    "skrive på norsk eller engelsk, eller ringe NAV på {phone} og be om tolk.",
    "interpreter_info": "Du har rett til tolk når du snakker med NAV. Si fra hvilket språk du trenger, så "
    "bestiller veilederen tolk til møtet eller telefonsamtalen.",
    "machine_translated": "maskinoversatt",
    "choose_language": "Hvilket språk vil du skrive på?",
    "veileder_unavailable": "Ingen veileder er ledig akkurat nå. Du beholder plassen din i køen.",
    "too_long": "Meldingen er for lang. Del den opp i flere meldinger.",
    "message_saved_in_queue": 'Meldingen din er lagret. Du er nummer {position} i køen, og veilederen ser alt du skriver når samtalen blir tatt.',
    # The language's own name, for the language picker.
    "language_name": "Norsk bokmål",
}
