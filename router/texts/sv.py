"""Swedish fixed texts (hand-written; NAV, phone numbers and {placeholders} kept as in nb)."""

TEXTS = {
    "greeting": "Hej! Jag är NAV:s chattbot. Jag kan svara på vanliga frågor och hjälpa dig att söka ekonomiskt bistånd (økonomisk sosialhjelp). Du kan när som helst be om att få prata med en handläggare.",
    "bot_unavailable": "Chattboten svarar inte just nu. Du kan be om att få prata med en handläggare här, eller ringa NAV på +47 {phone} (vardagar 09–15).",
    "offer_human": "Prata med en handläggare",
    "queued": "Du står nu i kö för att chatta med en handläggare vid {enhet}. Du kan skriva ditt meddelande medan du väntar.",
    "queued_wait": "Vanligtvis svarar vi inom ungefär {minutes} minuter.",
    "veileder_joined": "{name} från NAV har tagit över samtalet.",
    "back_to_bot": "Handläggaren har lämnat tillbaka samtalet till chattboten. Du kan be om en handläggare igen när du vill.",
    "closed": "Samtalet är avslutat. Tack för att du kontaktade NAV.",
    "outside_hours": "Kontoret är stängt nu. En handläggare svarar dig {when}. Du kan lämna ditt meddelande här.",
    "emergency_contacts": "Behöver du hjälp nu? Ring ditt NAV-kontor eller ring +47 {phone}. Utanför öppettiderna: kontakta socialjouren (sosialvakten) eller jourläkaren (legevakten) på 116 117. Vid fara för liv: ring 112 (polis) eller 113 (ambulans).",
    "translation_unavailable": "Vi kan tyvärr inte översätta skriftligt till ditt språk just nu. Du kan skriva på svenska, norska eller engelska, eller ringa NAV på +47 {phone} och be om tolk.",
    "interpreter_info": "Du har rätt till tolk när du pratar med NAV. Säg vilket språk du behöver, så bokar handläggaren en tolk till mötet eller telefonsamtalet.",
    "machine_translated": "maskinöversatt",
    "choose_language": "Vilket språk vill du skriva på?",
    "veileder_unavailable": "Ingen handläggare är ledig just nu. Du behåller din plats i kön.",
    "too_long": "Meddelandet är för långt. Dela upp det i flera meddelanden.",
    "message_saved_in_queue": 'Ditt meddelande är sparat. Du är nummer {position} i kön, och handläggaren ser allt du skriver när samtalet tas.',
    "language_name": "Svenska",
}
