"""Norsk nynorsk fixed texts."""

TEXTS = {
    "greeting": "Hei! Eg er chatroboten til NAV. Eg kan svare på vanlege spørsmål og hjelpe deg med å søkje om "
    "økonomisk sosialhjelp. Du kan når som helst be om å få snakke med ein rettleiar.",
    "bot_unavailable": "Chatroboten svarer ikkje akkurat no. Du kan be om å snakke med ein rettleiar her, "
    "eller ringje NAV på {phone} (kvardagar 09–15).",
    "offer_human": "Snakk med ein rettleiar",
    "queued": "Du står no i kø for å chatte med ein rettleiar ved {enhet}. Du kan skrive meldinga di medan du ventar.",
    "queued_wait": "Vanlegvis svarer vi innan om lag {minutes} minutt.",
    "veileder_joined": "{name} frå NAV har teke over samtalen.",
    "back_to_bot": "Rettleiaren har gitt samtalen tilbake til chatroboten. Du kan be om ein rettleiar igjen når du vil.",
    "closed": "Samtalen er avslutta. Takk for at du tok kontakt med NAV.",
    "outside_hours": "Kontoret er stengt no. Ein rettleiar svarer deg {when}. Du kan leggje att meldinga di her.",
    "emergency_contacts": "Treng du hjelp no? Ring NAV-kontoret ditt, eller ring {phone}. Utanfor "
    "opningstida: kontakt sosialvakta eller legevakta på 116 117. Ved fare for liv: ring 112 (politi) "
    "eller 113 (ambulanse).",
    "translation_unavailable": "Vi kan dessverre ikkje omsetje skriftleg til språket ditt akkurat no. Du kan "
    "skrive på norsk eller engelsk, eller ringje NAV på {phone} og be om tolk.",
    "interpreter_info": "Du har rett til tolk når du snakkar med NAV. Sei frå kva språk du treng, så "
    "bestiller rettleiaren tolk til møtet eller telefonsamtalen.",
    "machine_translated": "maskinomsett",
    "choose_language": "Kva språk vil du skrive på?",
    "veileder_unavailable": "Ingen rettleiar er ledig akkurat no. Du held på plassen din i køen.",
    "too_long": "Meldinga er for lang. Del henne opp i fleire meldingar.",
    "message_saved_in_queue": 'Meldinga di er lagra. Du er nummer {position} i køen, og rettleiaren ser alt du skriv når samtalen blir teken.',
    # The language's own name, for the language picker.
    "language_name": "Norsk nynorsk",
}
