"""Polish fixed texts (hand-written; NAV, phone numbers and {placeholders} kept as in nb)."""

TEXTS = {
    "greeting": "Dzień dobry! Jestem czatbotem NAV. Mogę odpowiadać na częste pytania i pomóc Ci złożyć wniosek o pomoc socjalną (økonomisk sosialhjelp). W każdej chwili możesz poprosić o rozmowę z doradcą.",
    "bot_unavailable": "Czatbot w tej chwili nie odpowiada. Możesz tutaj poprosić o rozmowę z doradcą albo zadzwonić do NAV pod numer +47 {phone} (w dni robocze 09–15).",
    "offer_human": "Porozmawiaj z doradcą",
    "queued": "Czekasz teraz w kolejce na czat z doradcą w {enhet}. W czasie oczekiwania możesz napisać swoją wiadomość.",
    "queued_wait": "Zwykle odpowiadamy w ciągu około {minutes} minut.",
    "veileder_joined": "Rozmowę przejmuje {name} z NAV.",
    "back_to_bot": "Rozmowa została przekazana z powrotem do czatbota. Możesz ponownie poprosić o doradcę, kiedy zechcesz.",
    "closed": "Rozmowa została zakończona. Dziękujemy za kontakt z NAV.",
    "outside_hours": "Biuro jest teraz zamknięte. Doradca odpowie Ci {when}. Możesz zostawić tutaj swoją wiadomość.",
    "emergency_contacts": "Potrzebujesz pomocy teraz? Zadzwoń do swojego biura NAV albo pod numer +47 {phone}. Poza godzinami otwarcia: skontaktuj się z socjalnym dyżurem interwencyjnym (sosialvakten) lub z nocną i świąteczną pomocą lekarską (legevakten) pod numerem 116 117. W razie zagrożenia życia: dzwoń pod 112 (policja) lub 113 (karetka).",
    "translation_unavailable": "Niestety w tej chwili nie możemy tłumaczyć wiadomości pisemnych na Twój język. Możesz pisać po norwesku lub po angielsku albo zadzwonić do NAV pod numer +47 {phone} i poprosić o tłumacza.",
    "interpreter_info": "Masz prawo do tłumacza w kontaktach z NAV. Powiedz, jakiego języka potrzebujesz, a doradca zamówi tłumacza na spotkanie lub rozmowę telefoniczną.",
    "machine_translated": "przetłumaczono maszynowo",
    "choose_language": "W jakim języku chcesz pisać?",
    "veileder_unavailable": "W tej chwili żaden doradca nie jest wolny. Zachowujesz swoje miejsce w kolejce.",
    "too_long": "Wiadomość jest za długa. Podziel ją na kilka wiadomości.",
    "message_saved_in_queue": 'Twoja wiadomość została zapisana. Jesteś numerem {position} w kolejce, a doradca zobaczy wszystko, co napiszesz, gdy przejmie rozmowę.',
    "language_name": "Polski",
}
