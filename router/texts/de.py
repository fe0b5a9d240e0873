"""German fixed texts (hand-written; NAV, phone numbers and {placeholders} kept as in nb)."""

TEXTS = {
    "greeting": "Hallo! Ich bin der Chatbot von NAV. Ich kann häufige Fragen beantworten und Ihnen helfen, Sozialhilfe (økonomisk sosialhjelp) zu beantragen. Sie können jederzeit darum bitten, mit einer Beraterin oder einem Berater zu sprechen.",
    "bot_unavailable": "Der Chatbot antwortet gerade nicht. Sie können hier darum bitten, mit einer Beraterin oder einem Berater zu sprechen, oder NAV unter +47 {phone} anrufen (werktags 09–15 Uhr).",
    "offer_human": "Mit einer Beraterin oder einem Berater sprechen",
    "queued": "Sie sind jetzt in der Warteschlange für einen Chat mit einer Beraterin oder einem Berater bei {enhet}. Sie können Ihre Nachricht schreiben, während Sie warten.",
    "queued_wait": "Normalerweise antworten wir innerhalb von etwa {minutes} Minuten.",
    "veileder_joined": "{name} von NAV hat das Gespräch übernommen.",
    "back_to_bot": "Das Gespräch wurde an den Chatbot zurückgegeben. Sie können jederzeit wieder nach einer Beraterin oder einem Berater fragen.",
    "closed": "Das Gespräch ist beendet. Danke, dass Sie sich an NAV gewandt haben.",
    "outside_hours": "Das Büro ist jetzt geschlossen. Eine Beraterin oder ein Berater antwortet Ihnen {when}. Sie können Ihre Nachricht hier hinterlassen.",
    "emergency_contacts": "Brauchen Sie jetzt Hilfe? Rufen Sie Ihr NAV-Büro oder die Nummer +47 {phone} an. Außerhalb der Öffnungszeiten: Wenden Sie sich an den sozialen Bereitschaftsdienst (sosialvakten) oder an den ärztlichen Notdienst (legevakten) unter 116 117. Bei Lebensgefahr: Rufen Sie 112 (Polizei) oder 113 (Rettungsdienst) an.",
    "translation_unavailable": "Leider können wir schriftliche Nachrichten gerade nicht in Ihre Sprache übersetzen. Sie können auf Norwegisch oder Englisch schreiben oder NAV unter +47 {phone} anrufen und um eine Dolmetscherin oder einen Dolmetscher bitten.",
    "interpreter_info": "Sie haben das Recht auf eine Dolmetscherin oder einen Dolmetscher, wenn Sie mit NAV sprechen. Sagen Sie uns, welche Sprache Sie brauchen, dann bestellt Ihre Beraterin oder Ihr Berater eine Dolmetschung für das Treffen oder das Telefongespräch.",
    "machine_translated": "maschinell übersetzt",
    "choose_language": "In welcher Sprache möchten Sie schreiben?",
    "veileder_unavailable": "Gerade ist keine Beraterin und kein Berater frei. Sie behalten Ihren Platz in der Warteschlange.",
    "too_long": "Die Nachricht ist zu lang. Bitte teilen Sie sie in mehrere Nachrichten auf.",
    "message_saved_in_queue": 'Ihre Nachricht ist gespeichert. Sie sind Nummer {position} in der Warteschlange. Die Beratung sieht alles, was Sie schreiben, sobald das Gespräch übernommen wird.',
    "language_name": "Deutsch",
}
