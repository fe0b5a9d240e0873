"""Lithuanian fixed texts (hand-written; NAV, phone numbers and {placeholders} kept as in nb)."""

TEXTS = {
    "greeting": "Sveiki! Esu NAV pokalbių robotas. Galiu atsakyti į dažnai užduodamus klausimus ir padėti pateikti prašymą gauti socialinę pašalpą (økonomisk sosialhjelp). Bet kada galite paprašyti pasikalbėti su konsultantu.",
    "bot_unavailable": "Pokalbių robotas šiuo metu neatsako. Čia galite paprašyti pasikalbėti su konsultantu arba skambinti į NAV telefonu +47 {phone} (darbo dienomis 09–15).",
    "offer_human": "Kalbėti su konsultantu",
    "queued": "Dabar esate eilėje pokalbiui su konsultantu iš {enhet}. Kol laukiate, galite parašyti savo žinutę.",
    "queued_wait": "Paprastai atsakome maždaug per {minutes} min.",
    "veileder_joined": "Pokalbį perėmė {name} iš NAV.",
    "back_to_bot": "Pokalbis grąžintas pokalbių robotui. Bet kada galite vėl paprašyti konsultanto.",
    "closed": "Pokalbis baigtas. Dėkojame, kad kreipėtės į NAV.",
    "outside_hours": "Biuras dabar uždarytas. Konsultantas jums atsakys {when}. Savo žinutę galite palikti čia.",
    "emergency_contacts": "Jums reikia pagalbos dabar? Skambinkite į savo NAV biurą arba telefonu +47 {phone}. Ne darbo valandomis kreipkitės į budinčią socialinę tarnybą (sosialvakten) arba budinčią gydytojų tarnybą (legevakten) telefonu 116 117. Jei gresia pavojus gyvybei, skambinkite 112 (policija) arba 113 (greitoji pagalba).",
    "translation_unavailable": "Deja, šiuo metu negalime išversti rašytinių žinučių į jūsų kalbą. Galite rašyti norvegiškai arba angliškai arba skambinti į NAV telefonu +47 {phone} ir paprašyti vertėjo.",
    "interpreter_info": "Bendraudami su NAV turite teisę į vertėją. Pasakykite, kokios kalbos jums reikia, ir konsultantas užsakys vertėją susitikimui arba pokalbiui telefonu.",
    "machine_translated": "išversta automatiškai",
    "choose_language": "Kuria kalba norite rašyti?",
    "veileder_unavailable": "Šiuo metu nėra laisvo konsultanto. Jūsų vieta eilėje išlieka.",
    "too_long": "Žinutė per ilga. Padalykite ją į kelias žinutes.",
    "message_saved_in_queue": 'Jūsų žinutė išsaugota. Eilėje esate {position}, o konsultantas matys viską, ką parašysite, kai perims pokalbį.',
    "language_name": "Lietuvių",
}
