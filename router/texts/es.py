"""Spanish fixed texts (hand-written; NAV, phone numbers and {placeholders} kept as in nb)."""

TEXTS = {
    "greeting": "¡Hola! Soy el chatbot de NAV. Puedo responder preguntas frecuentes y ayudarte a solicitar la ayuda social (økonomisk sosialhjelp). Puedes pedir hablar con un asesor en cualquier momento.",
    "bot_unavailable": "El chatbot no responde en este momento. Puedes pedir aquí hablar con un asesor o llamar a NAV al +47 {phone} (días laborables, 09–15).",
    "offer_human": "Hablar con un asesor",
    "queued": "Ahora estás en la cola para chatear con un asesor de {enhet}. Puedes escribir tu mensaje mientras esperas.",
    "queued_wait": "Normalmente respondemos en unos {minutes} minutos.",
    "veileder_joined": "{name}, de NAV, se ha hecho cargo de la conversación.",
    "back_to_bot": "La conversación ha vuelto al chatbot. Puedes volver a pedir un asesor cuando quieras.",
    "closed": "La conversación ha terminado. Gracias por contactar con NAV.",
    "outside_hours": "La oficina está cerrada ahora. Un asesor te responderá {when}. Puedes dejar tu mensaje aquí.",
    "emergency_contacts": "¿Necesitas ayuda ahora? Llama a tu oficina de NAV o al +47 {phone}. Fuera del horario de atención: contacta con el servicio social de guardia (sosialvakten) o con el servicio de urgencias médicas (legevakten) en el 116 117. Si hay una vida en peligro: llama al 112 (policía) o al 113 (ambulancia).",
    "translation_unavailable": "Lo sentimos, ahora mismo no podemos traducir mensajes escritos a tu idioma. Puedes escribir en noruego o en inglés, o llamar a NAV al +47 {phone} y pedir un intérprete.",
    "interpreter_info": "Tienes derecho a un intérprete cuando hablas con NAV. Dinos qué idioma necesitas y el asesor reservará un intérprete para la reunión o la llamada.",
    "machine_translated": "traducción automática",
    "choose_language": "¿En qué idioma quieres escribir?",
    "veileder_unavailable": "Ahora mismo no hay ningún asesor disponible. Mantienes tu lugar en la cola.",
    "too_long": "El mensaje es demasiado largo. Divídalo en varios mensajes.",
    "message_saved_in_queue": 'Su mensaje está guardado. Usted es el número {position} en la cola, y el asesor verá todo lo que escriba cuando atienda la conversación.',
    "language_name": "Español",
}
