"""Romanian fixed texts (hand-written; NAV, phone numbers and {placeholders} kept as in nb)."""

TEXTS = {
    "greeting": "Bună ziua! Sunt chatbotul NAV. Pot răspunde la întrebări frecvente și vă pot ajuta să solicitați ajutor social (økonomisk sosialhjelp). Puteți cere oricând să vorbiți cu un consilier.",
    "bot_unavailable": "Chatbotul nu răspunde în acest moment. Puteți cere aici să vorbiți cu un consilier sau puteți suna la NAV la +47 {phone} (în zilele lucrătoare, 09–15).",
    "offer_human": "Vorbiți cu un consilier",
    "queued": "Acum sunteți la coadă pentru a discuta cu un consilier de la {enhet}. Vă puteți scrie mesajul cât așteptați.",
    "queued_wait": "De obicei răspundem în aproximativ {minutes} minute.",
    "veileder_joined": "{name} de la NAV a preluat conversația.",
    "back_to_bot": "Conversația a fost predată înapoi chatbotului. Puteți cere din nou un consilier oricând doriți.",
    "closed": "Conversația s-a încheiat. Vă mulțumim că ați contactat NAV.",
    "outside_hours": "Biroul este închis acum. Un consilier vă va răspunde {when}. Vă puteți lăsa mesajul aici.",
    "emergency_contacts": "Aveți nevoie de ajutor acum? Sunați la biroul NAV sau la +47 {phone}. În afara programului: contactați serviciul social de urgență (sosialvakten) sau serviciul medical de gardă (legevakten) la 116 117. Dacă o viață este în pericol: sunați la 112 (poliția) sau la 113 (ambulanța).",
    "translation_unavailable": "Din păcate, acum nu putem traduce mesajele scrise în limba dumneavoastră. Puteți scrie în norvegiană sau în engleză ori puteți suna la NAV la +47 {phone} și cere un interpret.",
    "interpreter_info": "Aveți dreptul la un interpret când vorbiți cu NAV. Spuneți-ne de ce limbă aveți nevoie, iar consilierul va rezerva un interpret pentru întâlnire sau pentru convorbirea telefonică.",
    "machine_translated": "traducere automată",
    "choose_language": "În ce limbă doriți să scrieți?",
    "veileder_unavailable": "Niciun consilier nu este disponibil acum. Vă păstrați locul la coadă.",
    "too_long": "Mesajul este prea lung. Împărțiți-l în mai multe mesaje.",
    "message_saved_in_queue": 'Mesajul dumneavoastră a fost salvat. Sunteți numărul {position} la coadă, iar consilierul va vedea tot ce scrieți când preia conversația.',
    "language_name": "Română",
}
