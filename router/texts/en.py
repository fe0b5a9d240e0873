"""English fixed texts."""

TEXTS = {
    "greeting": "Hello! I am NAV's chatbot. I can answer common questions and help you apply for financial "
    "assistance (økonomisk sosialhjelp). You can ask to talk to an adviser at any time.",
    "bot_unavailable": "The chatbot is not answering right now. You can ask to talk to an adviser here, "
    "or call NAV on +47 {phone} (weekdays 09–15).",
    "offer_human": "Talk to an adviser",
    "queued": "You are now in the queue to chat with an adviser at {enhet}. You can write your message while you wait.",
    "queued_wait": "We usually answer within about {minutes} minutes.",
    "veileder_joined": "{name} from NAV has taken over the conversation.",
    "back_to_bot": "The adviser has handed the conversation back to the chatbot. You can ask for an adviser again "
    "whenever you like.",
    "closed": "The conversation has ended. Thank you for contacting NAV.",
    "outside_hours": "The office is closed now. An adviser will answer you {when}. You can leave your message here.",
    "emergency_contacts": "Do you need help now? Call your NAV office, or call +47 {phone}. Outside opening "
    "hours: contact the social emergency service or the emergency room on 116 117. If a life is in danger: "
    "call 112 (police) or 113 (ambulance).",
    "translation_unavailable": "Sorry, we cannot translate written messages into your language right now. You "
    "can write in Norwegian or English, or call NAV on +47 {phone} and ask for an interpreter.",
    "interpreter_info": "You have the right to an interpreter when you talk to NAV. Tell us which language you "
    "need, and the adviser will book an interpreter for the meeting or phone call.",
    "machine_translated": "machine translated",
    "choose_language": "Which language would you like to write in?",
    "veileder_unavailable": "No adviser is free right now. You keep your place in the queue.",
    "too_long": "The message is too long. Please split it into several messages.",
    "message_saved_in_queue": 'Your message is saved. You are number {position} in the queue, and the adviser will see everything you write when they take the conversation.',
    # The language's own name, for the language picker.
    "language_name": "English",
}
