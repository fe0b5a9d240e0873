"""Danish fixed texts (hand-written; NAV, phone numbers and {placeholders} kept as in nb)."""

TEXTS = {
    "greeting": "Hej! Jeg er NAV's chatbot. Jeg kan svare på almindelige spørgsmål og hjælpe dig med at søge om økonomisk hjælp (økonomisk sosialhjelp). Du kan til enhver tid bede om at tale med en rådgiver.",
    "bot_unavailable": "Chatbotten svarer ikke lige nu. Du kan bede om at tale med en rådgiver her eller ringe til NAV på +47 {phone} (hverdage 09–15).",
    "offer_human": "Tal med en rådgiver",
    "queued": "Du står nu i kø for at chatte med en rådgiver hos {enhet}. Du kan skrive din besked, mens du venter.",
    "queued_wait": "Normalt svarer vi inden for cirka {minutes} minutter.",
    "veileder_joined": "{name} fra NAV har overtaget samtalen.",
    "back_to_bot": "Rådgiveren har givet samtalen tilbage til chatbotten. Du kan bede om en rådgiver igen, når du vil.",
    "closed": "Samtalen er afsluttet. Tak fordi du kontaktede NAV.",
    "outside_hours": "Kontoret er lukket nu. En rådgiver svarer dig {when}. Du kan lægge din besked her.",
    "emergency_contacts": "Har du brug for hjælp nu? Ring til dit NAV-kontor, eller ring +47 {phone}. Uden for åbningstiden: kontakt den sociale vagt (sosialvakten) eller lægevagten (legevakten) på 116 117. Ved livsfare: ring 112 (politi) eller 113 (ambulance).",
    "translation_unavailable": "Vi kan desværre ikke oversætte skriftligt til dit sprog lige nu. Du kan skrive på dansk, norsk eller engelsk, eller ringe til NAV på +47 {phone} og bede om en tolk.",
    "interpreter_info": "Du har ret til tolk, når du taler med NAV. Sig, hvilket sprog du har brug for, så bestiller rådgiveren en tolk til mødet eller telefonsamtalen.",
    "machine_translated": "maskinoversat",
    "choose_language": "Hvilket sprog vil du skrive på?",
    "veileder_unavailable": "Ingen rådgiver er ledig lige nu. Du beholder din plads i køen.",
    "too_long": "Beskeden er for lang. Del den op i flere beskeder.",
    "message_saved_in_queue": 'Din besked er gemt. Du er nummer {position} i køen, og vejlederen ser alt, hvad du skriver, når samtalen bliver taget.',
    "language_name": "Dansk",
}
