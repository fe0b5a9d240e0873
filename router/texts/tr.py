"""Turkish fixed texts (hand-written; NAV, phone numbers and {placeholders} kept as in nb)."""

TEXTS = {
    "greeting": "Merhaba! Ben NAV'ın sohbet robotuyum. Sık sorulan soruları yanıtlayabilir ve sosyal yardım (økonomisk sosialhjelp) başvurusu yapmanıza yardımcı olabilirim. İstediğiniz zaman bir danışmanla görüşmek isteyebilirsiniz.",
    "bot_unavailable": "Sohbet robotu şu anda yanıt vermiyor. Buradan bir danışmanla görüşmek isteyebilir veya NAV'ı +47 {phone} numarasından arayabilirsiniz (hafta içi 09–15).",
    "offer_human": "Bir danışmanla görüşün",
    "queued": "Şu anda {enhet} biriminden bir danışmanla yazışmak için sıradasınız. Beklerken mesajınızı yazabilirsiniz.",
    "queued_wait": "Genellikle yaklaşık {minutes} dakika içinde yanıt veriyoruz.",
    "veileder_joined": "NAV'dan {name} görüşmeyi devraldı.",
    "back_to_bot": "Görüşme tekrar sohbet robotuna devredildi. İstediğiniz zaman yeniden bir danışman isteyebilirsiniz.",
    "closed": "Görüşme sona erdi. NAV ile iletişime geçtiğiniz için teşekkür ederiz.",
    "outside_hours": "Ofis şu anda kapalı. Bir danışman size {when} yanıt verecek. Mesajınızı buraya bırakabilirsiniz.",
    "emergency_contacts": "Şu anda yardıma mı ihtiyacınız var? NAV ofisinizi veya +47 {phone} numarasını arayın. Çalışma saatleri dışında: sosyal nöbet hizmetine (sosialvakten) veya nöbetçi acil sağlık hizmetine (legevakten) 116 117 numarasından ulaşın. Hayati tehlike varsa: 112 (polis) veya 113 (ambulans) numarasını arayın.",
    "translation_unavailable": "Maalesef şu anda yazılı mesajları dilinize çeviremiyoruz. Norveççe veya İngilizce yazabilir ya da NAV'ı +47 {phone} numarasından arayıp tercüman isteyebilirsiniz.",
    "interpreter_info": "NAV ile görüşürken tercüman hakkınız vardır. Hangi dile ihtiyacınız olduğunu söyleyin; danışman görüşme veya telefon konuşması için tercüman ayarlayacaktır.",
    "machine_translated": "makine çevirisi",
    "choose_language": "Hangi dilde yazmak istersiniz?",
    "veileder_unavailable": "Şu anda müsait danışman yok. Sıradaki yeriniz korunuyor.",
    "too_long": "Mesaj çok uzun. Lütfen birkaç mesaja bölün.",
    "message_saved_in_queue": 'Mesajınız kaydedildi. Sırada {position}. sıradasınız ve danışman görüşmeyi devraldığında yazdığınız her şeyi görecek.',
    "language_name": "Türkçe",
}
