"""Somali fixed texts (hand-written; NAV, phone numbers and {placeholders} kept as in nb)."""

TEXTS = {
    "greeting": "Soo dhawoow! Waxaan ahay chatbot-ka NAV. Waxaan ka jawaabi karaa su'aalaha caadiga ah, waxaanan kaa caawin karaa codsiga gargaarka dhaqaale ee bulshada (økonomisk sosialhjelp). Wakhti kasta waxaad codsan kartaa inaad la hadasho la-taliye.",
    "bot_unavailable": "Chatbot-ku hadda ma jawaabayo. Halkan waxaad ka codsan kartaa inaad la hadasho la-taliye, ama wac NAV lambarka +47 {phone} (maalmaha shaqada 09–15).",
    "offer_human": "La hadal la-taliye",
    "queued": "Hadda waxaad ku jirtaa safka si aad ula sheekaysato la-taliye ka tirsan {enhet}. Inta aad sugayso waad qori kartaa fariintaada.",
    "queued_wait": "Caadi ahaan waxaan ku jawaabnaa qiyaastii {minutes} daqiiqo gudahood.",
    "veileder_joined": "{name} oo ka tirsan NAV ayaa la wareegay wada-hadalka.",
    "back_to_bot": "Wada-hadalka dib ayaa loogu celiyay chatbot-ka. Mar kasta oo aad rabto waxaad mar kale codsan kartaa la-taliye.",
    "closed": "Wada-hadalku wuu dhammaaday. Waad ku mahadsan tahay inaad la soo xiriirtay NAV.",
    "outside_hours": "Xafiisku hadda waa xiran yahay. La-taliye ayaa kuu jawaabi doona {when}. Fariintaada halkan ayaad uga tagi kartaa.",
    "emergency_contacts": "Ma u baahan tahay caawimaad hadda? Wac xafiiskaaga NAV, ama wac +47 {phone}. Saacadaha shaqada kadib: la xiriir adeegga gurmadka bulshada (sosialvakten) ama xarunta caafimaadka degdegga ah (legevakten) lambarka 116 117. Haddii nolol khatar ku jirto: wac 112 (booliska) ama 113 (ambalaaska).",
    "translation_unavailable": "Waan ka xunnahay, hadda ma turjumi karno fariimaha qoraalka ah luqaddaada. Waxaad wax ku qori kartaa af Norwiijiyaan ama Ingiriisi, ama wac NAV lambarka +47 {phone} oo codso turjubaan.",
    "interpreter_info": "Waxaad xaq u leedahay turjubaan marka aad la hadlayso NAV. Noo sheeg luqadda aad u baahan tahay, la-taliyahana wuxuu kuu ballansan doonaa turjubaan kulanka ama wicitaanka taleefanka.",
    "machine_translated": "turjumaad mashiin",
    "choose_language": "Luqaddee ayaad rabtaa inaad wax ku qorto?",
    "veileder_unavailable": "Hadda ma jiro la-taliye bannaan. Booskaaga safka wuu kuu xafidan yahay.",
    "too_long": "Fariintu aad bay u dheer tahay. Fadlan u kala qaybi dhowr fariimood.",
    "message_saved_in_queue": 'Fariintaada waa la kaydiyay. Waxaad tahay lambarka {position} ee safka, lataliyuhuna wuxuu arki doonaa wax kasta oo aad qorto marka uu qaato wada-hadalka.',
    "language_name": "Soomaali",
}
