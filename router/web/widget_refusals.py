"""Why the widget could not send a message when the router refused the chat itself (401, 403, 404), in every
language of router/texts; and the widget's text bundle with them.

The router's reasons are English and technical, so the widget says its own words. 400/422 are about the words
sent ("widget_not_sent_refused": perhaps special characters); these are about the chat: the token no longer opens
it (401), it may not be written to from here (403: it belongs to another login), or it is gone (404). Each says
the way on, a new conversation, and the widget offers its button.

Kept here while router/texts is another session's to change; the keys follow its ``widget_*`` names, so they move
into the language modules as they are (and this module then goes).
"""

from __future__ import annotations

from router.texts import FALLBACK_CHAIN, widget_texts

# HTTP status -> the key of the text that says why.
REFUSAL_KEYS = {401: "widget_not_sent_unauthorized", 403: "widget_not_sent_forbidden", 404: "widget_not_sent_gone"}

REFUSAL_TEXTS: dict[str, dict[str, str]] = {
    "nb": {
        "widget_not_sent_unauthorized": "Ikke sendt: tilgangen din til denne samtalen er utløpt. Start en ny samtale.",
        "widget_not_sent_forbidden": "Ikke sendt: du har ikke tilgang til denne samtalen, for eksempel fordi den "
        "hører til en annen innlogging. Start en ny samtale.",
        "widget_not_sent_gone": "Ikke sendt: samtalen finnes ikke lenger. Start en ny samtale.",
    },
    "nn": {
        "widget_not_sent_unauthorized": "Ikkje sendt: tilgangen din til denne samtalen har gått ut. Start ein ny "
        "samtale.",
        "widget_not_sent_forbidden": "Ikkje sendt: du har ikkje tilgang til denne samtalen, til dømes fordi han "
        "høyrer til ei anna innlogging. Start ein ny samtale.",
        "widget_not_sent_gone": "Ikkje sendt: samtalen finst ikkje lenger. Start ein ny samtale.",
    },
    "en": {
        "widget_not_sent_unauthorized": "Not sent: your access to this conversation has expired. Please start a new "
        "conversation.",
        "widget_not_sent_forbidden": "Not sent: you do not have access to this conversation, for example because it "
        "belongs to another login. Please start a new conversation.",
        "widget_not_sent_gone": "Not sent: this conversation no longer exists. Please start a new conversation.",
    },
    "da": {
        "widget_not_sent_unauthorized": "Ikke sendt: din adgang til denne samtale er udløbet. Start en ny samtale.",
        "widget_not_sent_forbidden": "Ikke sendt: du har ikke adgang til denne samtale, for eksempel fordi den hører "
        "til et andet login. Start en ny samtale.",
        "widget_not_sent_gone": "Ikke sendt: samtalen findes ikke længere. Start en ny samtale.",
    },
    "sv": {
        "widget_not_sent_unauthorized": "Inte skickat: din åtkomst till det här samtalet har gått ut. Starta ett nytt "
        "samtal.",
        "widget_not_sent_forbidden": "Inte skickat: du har inte åtkomst till det här samtalet, till exempel för att "
        "det hör till en annan inloggning. Starta ett nytt samtal.",
        "widget_not_sent_gone": "Inte skickat: samtalet finns inte längre. Starta ett nytt samtal.",
    },
    "de": {
        "widget_not_sent_unauthorized": "Nicht gesendet: Ihr Zugang zu diesem Gespräch ist abgelaufen. Bitte beginnen "
        "Sie ein neues Gespräch.",
        "widget_not_sent_forbidden": "Nicht gesendet: Sie haben keinen Zugang zu diesem Gespräch, zum Beispiel weil "
        "es zu einer anderen Anmeldung gehört. Bitte beginnen Sie ein neues Gespräch.",
        "widget_not_sent_gone": "Nicht gesendet: Dieses Gespräch gibt es nicht mehr. Bitte beginnen Sie ein neues "
        "Gespräch.",
    },
    "es": {
        "widget_not_sent_unauthorized": "No enviado: su acceso a esta conversación ha caducado. Empiece una "
        "conversación nueva.",
        "widget_not_sent_forbidden": "No enviado: no tiene acceso a esta conversación, por ejemplo porque pertenece "
        "a otro inicio de sesión. Empiece una conversación nueva.",
        "widget_not_sent_gone": "No enviado: esta conversación ya no existe. Empiece una conversación nueva.",
    },
    "pl": {
        "widget_not_sent_unauthorized": "Nie wysłano: Twój dostęp do tej rozmowy wygasł. Rozpocznij nową rozmowę.",
        "widget_not_sent_forbidden": "Nie wysłano: nie masz dostępu do tej rozmowy, na przykład dlatego, że należy "
        "ona do innego logowania. Rozpocznij nową rozmowę.",
        "widget_not_sent_gone": "Nie wysłano: ta rozmowa już nie istnieje. Rozpocznij nową rozmowę.",
    },
    "ro": {
        "widget_not_sent_unauthorized": "Netrimis: accesul dumneavoastră la această conversație a expirat. Începeți "
        "o conversație nouă.",
        "widget_not_sent_forbidden": "Netrimis: nu aveți acces la această conversație, de exemplu pentru că aparține "
        "altei autentificări. Începeți o conversație nouă.",
        "widget_not_sent_gone": "Netrimis: această conversație nu mai există. Începeți o conversație nouă.",
    },
    "lt": {
        "widget_not_sent_unauthorized": "Neišsiųsta: jūsų prieiga prie šio pokalbio baigėsi. Pradėkite naują "
        "pokalbį.",
        "widget_not_sent_forbidden": "Neišsiųsta: neturite prieigos prie šio pokalbio, pavyzdžiui, todėl, kad jis "
        "priklauso kitam prisijungimui. Pradėkite naują pokalbį.",
        "widget_not_sent_gone": "Neišsiųsta: šio pokalbio nebėra. Pradėkite naują pokalbį.",
    },
    "ru": {
        "widget_not_sent_unauthorized": "Не отправлено: ваш доступ к этому разговору истёк. Начните новый разговор.",
        "widget_not_sent_forbidden": "Не отправлено: у вас нет доступа к этому разговору, например потому, что он "
        "относится к другому входу в систему. Начните новый разговор.",
        "widget_not_sent_gone": "Не отправлено: этого разговора больше нет. Начните новый разговор.",
    },
    "uk": {
        "widget_not_sent_unauthorized": "Не надіслано: ваш доступ до цієї розмови закінчився. Почніть нову розмову.",
        "widget_not_sent_forbidden": "Не надіслано: у вас немає доступу до цієї розмови, наприклад тому, що вона "
        "належить до іншого входу в систему. Почніть нову розмову.",
        "widget_not_sent_gone": "Не надіслано: цієї розмови більше немає. Почніть нову розмову.",
    },
    "ar": {
        "widget_not_sent_unauthorized": "لم يتم الإرسال: انتهت صلاحية وصولك إلى هذه المحادثة. يرجى بدء محادثة جديدة.",
        "widget_not_sent_forbidden": "لم يتم الإرسال: ليس لديك وصول إلى هذه المحادثة، مثلًا لأنها تخص تسجيل دخول "
        "آخر. يرجى بدء محادثة جديدة.",
        "widget_not_sent_gone": "لم يتم الإرسال: هذه المحادثة لم تعد موجودة. يرجى بدء محادثة جديدة.",
    },
    "fa": {
        "widget_not_sent_unauthorized": "ارسال نشد: دسترسی شما به این گفتگو منقضی شده است. لطفاً گفتگوی جدیدی شروع "
        "کنید.",
        "widget_not_sent_forbidden": "ارسال نشد: شما به این گفتگو دسترسی ندارید، برای مثال چون به ورود دیگری تعلق "
        "دارد. لطفاً گفتگوی جدیدی شروع کنید.",
        "widget_not_sent_gone": "ارسال نشد: این گفتگو دیگر وجود ندارد. لطفاً گفتگوی جدیدی شروع کنید.",
    },
    "so": {
        "widget_not_sent_unauthorized": "Lama dirin: fasaxa aad ku gasho wada-hadalkan wuu dhacay. Fadlan bilow "
        "wada-hadal cusub.",
        "widget_not_sent_forbidden": "Lama dirin: uma lihid fasax aad ku gasho wada-hadalkan, tusaale ahaan "
        "sababtoo ah wuxuu ka tirsan yahay gelitaan kale. Fadlan bilow wada-hadal cusub.",
        "widget_not_sent_gone": "Lama dirin: wada-hadalkan mar dambe ma jiro. Fadlan bilow wada-hadal cusub.",
    },
    "ti": {
        "widget_not_sent_unauthorized": "ኣይተሰደደን፦ ናብዚ ዝርርብ ዘለኩም መእተዊ ግዚኡ ሓሊፉ እዩ። በጃኹም ሓድሽ ዝርርብ ጀምሩ።",
        "widget_not_sent_forbidden": "ኣይተሰደደን፦ ናብዚ ዝርርብ መእተዊ የብልኩምን፣ ንኣብነት ናይ ካልእ ምእታው ስለ ዝኾነ። "
        "በጃኹም ሓድሽ ዝርርብ ጀምሩ።",
        "widget_not_sent_gone": "ኣይተሰደደን፦ እዚ ዝርርብ ደጊም የለን። በጃኹም ሓድሽ ዝርርብ ጀምሩ።",
    },
    "th": {
        "widget_not_sent_unauthorized": "ยังไม่ได้ส่ง: สิทธิ์เข้าถึงการสนทนานี้ของคุณหมดอายุแล้ว กรุณาเริ่มการสนทนาใหม่",
        "widget_not_sent_forbidden": "ยังไม่ได้ส่ง: คุณไม่มีสิทธิ์เข้าถึงการสนทนานี้ "
        "เช่น เพราะการสนทนานี้เป็นของการเข้าสู่ระบบอื่น กรุณาเริ่มการสนทนาใหม่",
        "widget_not_sent_gone": "ยังไม่ได้ส่ง: การสนทนานี้ไม่มีอยู่แล้ว กรุณาเริ่มการสนทนาใหม่",
    },
    "tr": {
        "widget_not_sent_unauthorized": "Gönderilmedi: bu görüşmeye erişiminizin süresi doldu. Lütfen yeni bir "
        "görüşme başlatın.",
        "widget_not_sent_forbidden": "Gönderilmedi: bu görüşmeye erişiminiz yok, örneğin başka bir oturum açmaya ait "
        "olduğu için. Lütfen yeni bir görüşme başlatın.",
        "widget_not_sent_gone": "Gönderilmedi: bu görüşme artık mevcut değil. Lütfen yeni bir görüşme başlatın.",
    },
    "ur": {
        "widget_not_sent_unauthorized": "نہیں بھیجا گیا: اس گفتگو تک آپ کی رسائی کی مدت ختم ہو گئی ہے۔ براہ کرم نئی "
        "گفتگو شروع کریں۔",
        "widget_not_sent_forbidden": "نہیں بھیجا گیا: آپ کو اس گفتگو تک رسائی نہیں ہے، مثلاً اس لیے کہ یہ کسی دوسرے "
        "لاگ اِن سے تعلق رکھتی ہے۔ براہ کرم نئی گفتگو شروع کریں۔",
        "widget_not_sent_gone": "نہیں بھیجا گیا: یہ گفتگو اب موجود نہیں ہے۔ براہ کرم نئی گفتگو شروع کریں۔",
    },
    "vi": {
        "widget_not_sent_unauthorized": "Chưa gửi được: quyền truy cập của bạn vào cuộc trò chuyện này đã hết hạn. "
        "Vui lòng bắt đầu cuộc trò chuyện mới.",
        "widget_not_sent_forbidden": "Chưa gửi được: bạn không có quyền truy cập cuộc trò chuyện này, ví dụ vì nó "
        "thuộc về một lần đăng nhập khác. Vui lòng bắt đầu cuộc trò chuyện mới.",
        "widget_not_sent_gone": "Chưa gửi được: cuộc trò chuyện này không còn tồn tại. Vui lòng bắt đầu cuộc trò "
        "chuyện mới.",
    },
}


def refusal_texts(language: str) -> dict[str, str]:
    """The three texts in ``language`` (else English, else bokmål, as router/texts falls back)."""
    for lang in (language, *FALLBACK_CHAIN):
        if lang in REFUSAL_TEXTS:
            return dict(REFUSAL_TEXTS[lang])
    return dict(REFUSAL_TEXTS["nb"])


def widget_bundle(language: str | None) -> dict[str, object]:
    """``router.texts.widget_texts`` with the refusal texts in the bundle's own language."""
    bundle = widget_texts(language)
    texts: dict[str, str] = {**bundle["texts"], **refusal_texts(str(bundle["lang"]))}  # type: ignore[dict-item]
    return {**bundle, "texts": texts}
