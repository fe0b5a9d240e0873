// Veileder console: the enhet's queue, own conversations, and one conversation in full with what the bot
// learned. Live over the staff WebSocket, with a refresh every 10 s as a fallback.
// Every text from brukere, the bot or staff is inserted as text, never as HTML.
// Codes (state, tema, priority, intent, history kind, close outcome ...) are shown in the words the router sends
// beside them (*_label, an event's text; router/domain/staff_labels.py): this page keeps no table of its own.

import {
  charCount,
  el,
  formatClock,
  formatWhen,
  formatDuration,
  isNorwegianPath,
  languageInfo,
  languageName,
  loadLanguages,
  loadMaxMessageChars,
  morphChildren,
  newId,
  placeMessage,
  secondsSince,
  serverNow,
  setChildren,
  syncList,
} from "/static/shared/dom.js";
import { ApiError, describeError, setupLogin, StaffSession, StaffSocket } from "/static/shared/staff.js";

const REFRESH_MS = 10000;
const TYPING_THROTTLE_MS = 3000;
const TYPING_IDLE_MS = 4000;

const $ = (id) => document.getElementById(id);
const ui = {
  who: $("who"),
  userName: $("user-name"),
  presence: $("presence"),
  presenceHint: $("presence-hint"),
  presenceHintOnline: $("presence-hint-online"),
  liveStatus: $("live-status"),
  logout: $("logout-button"),
  loginSection: $("login-section"),
  loginForm: $("login-form"),
  loginError: $("login-error"),
  app: $("app"),
  queue: $("queue"),
  searchForm: $("search-form"),
  searchInput: $("search-input"),
  searchResults: $("search-results"),
  searchEmpty: $("search-empty"),
  queueCount: $("queue-count"),
  queueEmpty: $("queue-empty"),
  queueHiddenNote: $("queue-hidden-note"),
  inbox: $("inbox"),
  inboxCount: $("inbox-count"),
  inboxEmpty: $("inbox-empty"),
  appError: $("app-error"),
  announcer: $("console-announcer"),
  empty: $("conversation-empty"),
  body: $("conversation-body"),
  title: $("conversation-title"),
  tags: $("conv-tags"),
  transcript: $("transcript"),
  userTyping: $("user-typing"),
  brukerPresence: $("bruker-presence"),
  takeArea: $("take-area"),
  takeSelected: $("take-selected-button"),
  replyForm: $("reply-form"),
  templateSelect: $("template-select"),
  templateInsert: $("template-insert"),
  replyInput: $("reply-input"),
  replySend: $("reply-send"),
  replyTranslationNote: $("reply-translation-note"),
  replyLength: $("reply-length"),
  facts: $("conv-facts"),
  summary: $("bot-summary"),
  summaryEmpty: $("bot-summary-empty"),
  actions: $("actions"),
  backToBot: $("back-to-bot-button"),
  requestLogin: $("request-login-button"),
  caseSection: $("case-section"),
  personSection: $("person-section"),
  personFacts: $("person-facts"),
  earlierSection: $("earlier-section"),
  earlierList: $("earlier-list"),
  earlierEmpty: $("earlier-empty"),
  caseFacts: $("case-facts"),
  transferForm: $("transfer-form"),
  transferEnhet: $("transfer-enhet"),
  transferOwnEnhet: $("transfer-own-enhet"),
  transferEnheter: $("transfer-enheter"),
  transferVeilederField: $("transfer-veileder-field"),
  transferVeilederStatus: $("transfer-veileder-status"),
  transferVeiledere: $("transfer-veiledere"),
  transferNote: $("transfer-note"),
  closeForm: $("close-form"),
  noteSection: $("note-section"),
  noteForm: $("note-form"),
  noteText: $("note-text"),
  closeOutcome: $("close-outcome"),
  closeNote: $("close-note"),
  closeNoteField: $("close-note-field"),
  transcriptLink: $("transcript-link"),
  transcriptForm: $("transcript-form"),
  transcriptPurpose: $("transcript-purpose"),
  queueAdminNote: $("queue-admin-note"),
  searchSection: $("search-section"),
  actionMessage: $("action-message"),
  replyMessage: $("reply-message"),
  draftDialog: $("draft-dialog"),
  unansweredDialog: $("unanswered-dialog"),
  unansweredQuestion: $("unanswered-question"),
  unansweredText: $("unanswered-text"),
  unansweredBack: $("unanswered-back"),
  unansweredClose: $("unanswered-close"),
  draftQuestion: $("draft-question"),
  draftText: $("draft-text"),
  draftLanguage: $("draft-language"),
  draftSend: $("draft-send"),
  draftDrop: $("draft-drop"),
  draftCancel: $("draft-cancel"),
};

const session = new StaffSession();
const view = {
  queue: [],
  queueHiddenNote: "", // the router's words for chats kept from this user by their protection (hidden_note_nb)
  inbox: [],
  unread: new Set(),
  // The ids in the queue and the inbox at the last read of the lists (null before the first): what is new since is
  // told to a screen reader once (announceListChanges). ``taken``: the chats this veileder took (no news to them).
  seenQueue: null,
  seenInbox: null,
  taken: new Set(),
  selectedId: null,
  conversation: null,
  renderedSeqs: new Map(), // seq -> element
  renderedEvents: new Set(), // eventKey of each history row shown in the transcript
  transcriptOf: null, // the conversation the transcript shows (renderTranscript)
  templates: [],
  enheter: [],
  // The longest reply the router takes (GET /api/limits, as the widget reads it); until it answers, the default.
  maxReplyChars: 2000,
  toldTooLong: false, // the reply message under Send says the reply is too long
  candidates: { key: null, veiledere: [], loadSeq: 0 },
  socket: null,
  refreshTimer: null,
  tickTimer: null,
  listsTimer: null,
  typingSentAt: 0,
  typingActive: false,
  typingIdleTimer: null,
  userTypingTimer: null,
  loadSeq: 0,
  // The open conversation's history rows (events), and whether its bruker's page is gone: "gone", "back" or null.
  events: [],
  brukerPresence: null,
  brukerGone: new Set(), // the conversations whose bruker's page is gone (the lists and the live frames say it)
  leaving: null, // the conversation an action (a transfer) is taking away from this veileder: not read again
  // The close outcome is the open chat's: "page" when the page chose "Brukeren forlot samtalen" (the bruker's page is
  // gone), "veileder" once the veileder chose one; reset when another chat is opened.
  outcomeChosenBy: null,
  noticeTimer: null,
  norwegianWarned: null, // "<conversation id>\n<draft>" the veileder was warned is Norwegian to an English bruker
};

// "system" messages are the router's fixed notices, stored for and shown to the bruker in their language ("Du har
// avsluttet samtalen" is the bruker's own close, told to them): named as what they are, so none reads as if the
// veileder (or "the system") said or did it. Notes for staff are events, not messages.
const SENDER_TEXT = { user: "Bruker", bot: "Chatrobot", veileder: "Veileder", system: "Varsel til brukeren" };
const SENDER_TITLE = { system: "En fast tekst ruteren viste brukeren. Den er ikke skrevet av en veileder." };

// ---------------------------------------------------------------- messages to the veileder

// How long a notice that an action went well stays: a probe's "Samtalen er overført til Nav Grünerløkka (0315)."
// stood for minutes and several takes later, read as part of each later confirmation.
const NOTICE_MS = 20_000;

/** ``source`` says what the message is about: a list refresh that works again clears only its own failure, never
 * the reason an action just gave ("moved, it is no longer yours"; "someone took it first"). An action's notice is
 * replaced by the next action's (clearActionNotice), and one that only informs goes after NOTICE_MS. */
function showAppError(error, kind = "error", source = "action") {
  clearTimeout(view.noticeTimer);
  if (!error) {
    ui.appError.hidden = true;
    ui.appError.replaceChildren(); // nothing of an old notice is left to be read with a new one
    delete ui.appError.dataset.source;
    return;
  }
  if (kind === "info" && source === "action") {
    view.noticeTimer = setTimeout(() => {
      if (ui.appError.dataset.source === "action") showAppError(null);
    }, NOTICE_MS);
  }
  ui.appError.dataset.source = source;
  ui.appError.className = `alert ${kind}`;
  ui.appError.setAttribute("role", kind === "error" ? "alert" : "status");
  setChildren(ui.appError, typeof error === "string" ? error : describeError(error));
  ui.appError.hidden = false;
}

/** A new action by the veileder (take, open another chat, close, move ...): the last action's notice is not about
 * it and goes, so it never reads as part of this one's. A list's own failure stays until the list works again. */
function clearActionNotice() {
  if (ui.appError.dataset.source === "action" || !ui.appError.dataset.source) showAppError(null);
}

function showActionMessage(text, kind = "info") {
  ui.actionMessage.className = `alert ${kind}`;
  setChildren(ui.actionMessage, text);
  ui.actionMessage.hidden = false;
}

function hideActionMessage() {
  ui.actionMessage.hidden = true;
  ui.replyMessage.hidden = true;
}

/** What holds or fails a reply, said under the reply's Send button, where the veileder looks after pressing it. */
function showReplyMessage(text, kind) {
  ui.replyMessage.className = `alert ${kind}`;
  setChildren(ui.replyMessage, text);
  ui.replyMessage.hidden = false;
  ui.replyMessage.scrollIntoView({ block: "nearest" });
}

// ---------------------------------------------------------------- told to a screen reader

// How long an announcement stays in the live region (hidden): long enough to be read, gone before the next ones.
const ANNOUNCE_KEEP_MS = 15_000;

/** Said once by a screen reader (a polite live region), without moving the focus: a probe's blind veileder was never
 * told that a chat was assigned to her, nor that a bruker wrote in a chat she had not opened (WCAG 4.1.3). */
function announce(text) {
  if (!text) return;
  const line = el("p", { text });
  ui.announcer.append(line);
  setTimeout(() => line.remove(), ANNOUNCE_KEEP_MS);
}

/** What is new in the lists since they were last read: a chat assigned to this veileder (not one they took), and
 * how many came into the queue. The first read of a session tells nothing (it is the page, not news). */
function announceListChanges() {
  const queueIds = new Set(view.queue.map((c) => c.id));
  const inboxIds = new Set(view.inbox.map((c) => c.id));
  if (view.seenQueue && view.seenInbox) {
    for (const conversation of view.inbox) {
      if (view.seenInbox.has(conversation.id) || view.taken.has(conversation.id)) continue;
      const queue = conversation.queue_label || conversation.tema_label || conversation.tema;
      const urgent = conversation.priority === "emergency" ? ` (${conversation.priority_label || "akutt"})` : "";
      announce(`Ny samtale tildelt deg${urgent}: Samtale ${shortId(conversation.id)}${queue ? `, kø: ${queue}` : ""}.`);
    }
    const fresh = view.queue.filter((c) => !view.seenQueue.has(c.id) && !inboxIds.has(c.id));
    if (fresh.length && answersBrukere()) {
      const urgent = fresh.filter((c) => c.priority === "emergency").length;
      const urgentWords = urgent === 1 ? (fresh.length === 1 ? "akutt" : "1 akutt") : `${urgent} akutte`;
      announce(`${fresh.length === 1 ? "1 ny samtale" : `${fresh.length} nye samtaler`} i køen`
        + `${urgent ? `, ${urgentWords}` : ""}.`);
    }
  }
  view.seenQueue = queueIds;
  view.seenInbox = inboxIds;
}

/** The tab's title says what waits, for a veileder in another tab or window: their chats, unread ones, the queue. */
function pageTitle() {
  const unread = view.inbox.filter((c) => view.unread.has(c.id)).length;
  const parts = [];
  if (unread) parts.push(unread === 1 ? "1 ny melding" : `${unread} nye meldinger`);
  if (view.inbox.length) parts.push(`mine: ${view.inbox.length}`);
  if (view.queue.length) parts.push(`kø: ${view.queue.length}`);
  return parts.length ? `(${parts.join(", ")}) Chat – veileder` : "Chat – veileder";
}

// ---------------------------------------------------------------- queue and inbox

function isMine(conversation) {
  return Boolean(conversation && session.user && conversation.veileder_id === session.user.id);
}

/** The current wait in this queue, as the dashboard counts it (the router's waiting_since: sent on by a veileder or
 * back from one, the wait began there; queued_at is the place in line, and counted the time with the veileder). */
function waitSeconds(conversation) {
  return secondsSince(conversation.waiting_since || conversation.queued_at || conversation.created_at);
}

/** The chat not staffed now (its staffed hours, a setting of the service), the earliest time the bruker was told a
 * veileder may answer, and when the chat expires (probe 119: five nødhjelp cards said only "Venter 41 s" at 15:52
 * on 23 December, promised 24.12 09:00): shown when the chat is not staffed or a time was promised; an ordinary
 * wait in staffed hours says nothing more. */
function promiseLine(conversation) {
  const promised = conversation.answer_promised_at;
  if (conversation.office_open !== false && !promised) return [];
  const parts = [];
  if (conversation.office_open === false) parts.push("Chatten er ikke bemannet");
  if (promised) parts.push(`lovet svar tidligst ${formatWhen(promised)}`);
  if (conversation.expires_at) parts.push(`utløper ${formatWhen(conversation.expires_at)} uten aktivitet`);
  const text = parts.join(" · ");
  return [el("p", { class: "reason promise", "data-testid": "queue-promise", text: text.charAt(0).toUpperCase() + text.slice(1) })];
}

function conversationTags(conversation, { withState = false } = {}) {
  const tags = [];
  if (conversation.priority === "emergency") {
    tags.push(
      el("span", {
        class: "tag emergency",
        "data-testid": "priority-emergency",
        text: conversation.priority_label || conversation.priority,
      }),
    );
  }
  if (conversation.state === "QUEUED" && conversation.sla_deadline && Date.parse(conversation.sla_deadline) < serverNow()) {
    tags.push(el("span", { class: "tag emergency", "data-testid": "sla-breached", text: "Over fristen" }));
  }
  if (withState) tags.push(el("span", { class: "tag info", text: conversation.state_label || conversation.state }));
  if (conversation.language) {
    const translated = !isNorwegianPath(conversation.language);
    tags.push(
      el("span", {
        class: translated ? "tag warning" : "tag",
        lang: "nb",
        title: `Språk: ${languageName(conversation.language)}`,
        text: `Språk: ${languageName(conversation.language)}`,
      }),
    );
  }
  if (conversation.needs_interpreter) {
    const lang = conversation.interpreter_language ? ` (${languageName(conversation.interpreter_language)})` : "";
    tags.push(el("span", { class: "tag warning", "data-testid": "tolk", text: `Tolk${lang}` }));
  }
  if (conversation.tema) {
    // The queue by the one name every staff page gives it (the dashboard's rows too): "Økonomisk sosialhjelp
    // (OKSOS)" was "KOM" here. The tema itself is among the facts of the open conversation.
    const queue = conversation.queue_label || conversation.tema_label || conversation.tema;
    tags.push(el("span", { class: "tag", "data-testid": "queue-label", text: `Kø: ${queue}` }));
  }
  if (conversation.kommune) tags.push(el("span", { class: "tag", text: `${placeTerm(conversation)}: ${conversation.kommune}` }));
  if (conversation.diskresjonskode) {
    tags.push(
      el("span", { class: "tag warning", text: conversation.diskresjonskode_label || conversation.diskresjonskode }),
    );
  }
  if (conversation.skjermet) tags.push(el("span", { class: "tag warning", text: "Skjermet" }));
  return tags;
}

/** "Brukeren har gått" on a card: the lists say it (bruker_gone), and the live frames while this screen is open; a
 * veileder with several chats, or one looking at the queue, sees which bruker has gone. */
function brukerGoneTag(conversation) {
  if (!view.brukerGone.has(conversation.id)) return null;
  const at = conversation.bruker_gone_at ? formatClock(conversation.bruker_gone_at) : "";
  return el("span", {
    class: "tag warning",
    "data-testid": "bruker-gone",
    title: at ? `Brukeren lukket chatten kl. ${at}` : null,
    text: "Brukeren har gått",
  });
}

/** Where a transferred chat came from, who sent it and their note (the router's words, transferred_from.text): the
 * veileder who gets it sees why, not only "bruker ba om en veileder". */
function transferLine(conversation) {
  const text = conversation.transferred_from && conversation.transferred_from.text;
  return text ? [el("p", { class: "reason transferred", "data-testid": "transferred-from", text })] : [];
}

/** What the lists say of each bruker's page: true adds, false removes, null (not known there) keeps what was known. */
function seedBrukerGone(conversations) {
  for (const conversation of conversations) {
    if (conversation.bruker_gone === true) view.brukerGone.add(conversation.id);
    else if (conversation.bruker_gone === false) view.brukerGone.delete(conversation.id);
  }
}

function queueItem(conversation) {
  const emergency = conversation.priority === "emergency";
  const item = el("li", {
    class: `conv-item${emergency ? " emergency" : ""}${conversation.id === view.selectedId ? " selected" : ""}`,
    "data-conversation-id": conversation.id,
    "data-testid": "queue-item",
  });
  const describedBy = `queue-desc-${conversation.id}`;
  item.append(
    el(
      "p",
      { class: "line", id: describedBy },
      el("span", { class: "wait", text: `Venter ${formatDuration(waitSeconds(conversation))}` }),
      conversation.enhetsnummer
        ? el("span", { class: "muted", text: conversation.enhet_label || `Enhet ${conversation.enhetsnummer}` })
        : null,
    ),
    el("p", { class: "line" }, conversationTags(conversation), brukerGoneTag(conversation)),
  );
  item.append(...transferLine(conversation), ...promiseLine(conversation));
  const reason = conversation.handoff_reason_text || conversation.handoff_reason;
  if (reason) item.append(el("p", { class: "reason", text: `Årsak: ${reason}` }));
  if (conversation.reserved_for_navn) {
    item.append(el("p", { class: "reason", "data-testid": "reserved-for", text: `Holdes av til ${conversation.reserved_for_navn}` }));
  }
  item.append(...earlierThreatLine(conversation));
  // Every item has the same two buttons; the wait and enhet tell a screen reader user which one this is.
  const show = el("button", { type: "button", class: "secondary", "aria-describedby": describedBy, text: "Vis" });
  show.addEventListener("click", () => selectConversation(conversation.id));
  const take = el("button", {
    type: "button",
    class: "take-button",
    "data-testid": "take-button",
    "aria-describedby": describedBy,
    text: "Ta samtale",
  });
  take.addEventListener("click", () => takeConversation(conversation.id));
  // Spam or abuse waiting in the queue is ended from its card, without taking it (probe 96), after a confirmation.
  const dismiss = el("button", {
    type: "button",
    class: "secondary danger",
    "data-testid": "dismiss-button",
    "aria-describedby": describedBy,
    text: "Avslutt: ikke en NAV-sak",
  });
  dismiss.addEventListener("click", () => dismissFromQueue(conversation.id));
  // Only those who answer brukere open, take and dismiss conversations (admin alone sees the queue, reads no chat:
  // the router refuses it): GET /api/staff/me says which.
  if (answersBrukere()) item.append(el("div", { class: "buttons" }, show, take, dismiss));
  return item;
}

/** The same person or address closed an earlier chat as threats or harassment (the router's earlier_threat). */
function earlierThreatLine(conversation) {
  return conversation.earlier_threat ? [el("p", { class: "reason threat", "data-testid": "earlier-threat",
    text: conversation.earlier_threat_label || "Tidligere samtale fra samme person eller nettverksadresse avsluttet som trusler/sjikane (en adresse kan deles av flere)" })] : [];
}

/** Close a waiting chat as "Ikke en NAV-sak" without taking it (spam), once confirmed; the bruker is told NAV ended
 * it, and the close is audited. */
async function dismissFromQueue(id) {
  if (!window.confirm("Avslutte denne samtalen som «Ikke en NAV-sak» uten å ta den? Brukeren får beskjed om at NAV "
    + "har avsluttet samtalen.")) return;
  hideActionMessage();
  clearActionNotice();
  try {
    await session.post(`/api/staff/conversations/${encodeURIComponent(id)}/close`, { outcome: "ikke_nav" });
    if (view.selectedId === id) clearSelection();
    showAppError("Samtalen er avsluttet (ikke en NAV-sak). Brukeren har fått beskjed.", "info");
  } catch (error) {
    showAppError(error);
  }
  await refreshLists();
}

/** The first eight characters of a conversation's id: how staff name a chat to each other. */
function shortId(id) {
  return String(id).slice(0, 8);
}

function inboxItem(conversation) {
  const unread = view.unread.has(conversation.id);
  const item = el("li", {
    class: `conv-item${conversation.id === view.selectedId ? " selected" : ""}`,
    "data-conversation-id": conversation.id,
    "data-testid": "inbox-item",
  });
  // The chat's short name (as its heading says it) and why the bruker asked: two chats with the same tags
  // looked alike in the list.
  const name = `Samtale ${shortId(conversation.id)}`;
  item.append(el("p", { class: "line" }, el("strong", { text: name })));
  item.append(el("p", { class: "line" }, conversationTags(conversation), brukerGoneTag(conversation)));
  item.append(...awaitingLines(conversation));
  item.append(...transferLine(conversation), ...promiseLine(conversation));
  const reason = conversation.handoff_reason_text || conversation.handoff_reason;
  if (reason) item.append(el("p", { class: "reason", text: `Årsak: ${reason}` }));
  const open = el("button", {
    type: "button",
    class: unread ? "" : "secondary",
    "data-testid": "open-button",
    "aria-label": `${unread ? "Åpne (ny melding)" : "Åpne"}: ${name}`,
    text: unread ? "Åpne (ny melding)" : "Åpne",
  });
  open.addEventListener("click", () => selectConversation(conversation.id));
  item.append(
    el(
      "div",
      { class: "buttons" },
      open,
      el("span", { class: "muted small", text: `Tatt ${formatWhen(conversation.assigned_at)}` }),
    ),
  );
  return item;
}

/** Whose turn it is in one of the veileder's own chats, and the bruker's last words (probe 157: five chats, and
 * neither who had waited longest nor what anyone last wrote could be seen without opening each). */
function awaitingLines(conversation) {
  // Only where the router said it (its own chats' list): absent is unknown, not "answered" (probe 158).
  if (!("awaiting_reply_since" in conversation)) return [];
  const lines = [];
  const waiting = conversation.awaiting_reply_since;
  lines.push(el("p", {
    class: waiting ? "awaiting" : "awaiting answered",
    "data-testid": "awaiting",
    text: waiting ? `Venter på svar fra deg siden ${formatWhen(waiting)}` : "Du har svart",
  }));
  const last = conversation.last_bruker_message;
  if (last && last.text) {
    const said = el("p", { class: "last-message", "data-testid": "last-bruker-message" });
    said.append(el("span", { class: "muted", text: `Brukeren ${formatWhen(last.created_at)}: ` }),
      el("span", { dir: "auto", text: `«${last.text}»` }));
    lines.push(said);
  }
  return lines;
}

/** The veileder's own chats: nødhjelp first, answered or not, as in the queue (probes 162 and 163: listed second,
 * and after one reply last, out of sight); then those waiting for their word, the longest waiting at the top; then
 * the rest in the order they were taken (inbox.mine, the router's order). */
function inboxOrder(a, b) {
  const [ea, eb] = [a, b].map((c) => c.priority === "emergency");
  if (ea !== eb) return ea ? -1 : 1;
  const [wa, wb] = [a.awaiting_reply_since, b.awaiting_reply_since].map((t) => (t ? Date.parse(t) : null));
  if ((wa === null) !== (wb === null)) return wa === null ? 1 : -1;
  if (wa !== null && wb !== null && wa !== wb) return wa - wb;
  return (Date.parse(a.assigned_at) || 0) - (Date.parse(b.assigned_at) || 0);
}

// As the router cuts it (views.PREVIEW_CHARS), for a message the live connection brings.
const PREVIEW_CHARS = 140;

function preview(text) {
  const words = String(text || "");
  if (words.length <= PREVIEW_CHARS) return words;
  return `${words.slice(0, PREVIEW_CHARS).replace(/\s+\S*$/, "").replace(/[ ,.;:]+$/, "")} …`;
}

/** A message in one of the veileder's own chats, as it comes: whose turn it is and the bruker's last words follow
 * at once, not at the next read of the list. */
function noteExchange(conversationId, message) {
  const conversation = view.inbox.find((c) => c.id === conversationId);
  if (!conversation || !message) return false;
  if (message.sender === "user") {
    conversation.last_bruker_message = { text: preview(message.text), created_at: message.created_at };
    conversation.awaiting_reply_since = conversation.awaiting_reply_since || message.created_at;
  } else if (message.sender === "veileder") {
    conversation.awaiting_reply_since = null;
  } else {
    return false;
  }
  view.inbox.sort(inboxOrder);
  return true;
}

function searchItem(conversation) {
  const item = el("li", { class: "conv-item", "data-conversation-id": conversation.id, "data-testid": "search-item" });
  item.append(el("p", { class: "line" }, conversationTags(conversation, { withState: true })));
  const show = el("button", { type: "button", class: "secondary", text: "Vis" });
  show.addEventListener("click", () => selectConversation(conversation.id));
  item.append(el("div", { class: "buttons" }, show,
    el("span", { class: "muted small", text: conversation.enhet_label || conversation.enhetsnummer || "" })));
  return item;
}

/** One of the person's earlier chats ("Tidligere samtaler"): when, where, with whom, how it ended; "Les" opens it
 * read-only (an audited read on the same-person ground). */
function earlierItem(conversation) {
  const item = el("li", { class: "conv-item", "data-conversation-id": conversation.id, "data-testid": "earlier-item" });
  const when = `${formatWhen(conversation.created_at)}–${formatWhen(conversation.closed_at)}`;
  const who = conversation.veileder_fornavn ? `, med ${conversation.veileder_fornavn}` : "";
  item.append(el("p", { class: "line", text: `${when}${who}` }));
  const read = el("button", { type: "button", class: "secondary", text: "Les",
    "aria-label": `Les samtalen fra ${when} (bare lesing)` });
  read.addEventListener("click", () => selectConversation(conversation.id));
  item.append(el("div", { class: "buttons" }, read, el("span", { class: "muted small",
    text: [conversation.enhet_label, conversation.close_outcome_label].filter(Boolean).join(" · ") })));
  return item;
}

/** The list is the router's to give (null: not this reader's, on this chat); it stays as it was while an earlier
 * chat is read, so the veileder can go from one to the next. */
function renderEarlier(earlier) {
  if (earlier === null || earlier === undefined) {
    if (view.earlierOf !== view.selectedId && !view.earlierIds?.has(view.selectedId)) {
      ui.earlierSection.hidden = true;
      ui.earlierList.replaceChildren();
      view.earlierOf = null;
      view.earlierIds = null;
    }
    return;
  }
  view.earlierOf = view.selectedId;
  view.earlierIds = new Set(earlier.map((c) => c.id));
  ui.earlierList.replaceChildren(...earlier.map(earlierItem));
  ui.earlierEmpty.hidden = earlier.length > 0;
  ui.earlierSection.hidden = false;
}

// Search: only what this user may see comes back (need-to-know on the server); each search is audited.
async function search(event) {
  event.preventDefault();
  const words = ui.searchInput.value.trim();
  if (words.length < 2) return;
  try {
    const found = await session.get(`/api/staff/conversations/search?q=${encodeURIComponent(words)}`);
    if (!session.user) return;
    const conversations = (found && found.conversations) || [];
    ui.searchResults.replaceChildren(...conversations.map(searchItem));
    ui.searchEmpty.hidden = conversations.length > 0;
    if (ui.appError.dataset.source === "search") showAppError(null);
  } catch (error) {
    if (error.status !== 401) showAppError(error, "error", "search");
  }
}

const byConversation = (item) => item.dataset.conversationId;

/** Redrawn often (every refresh, every 15 s for the waiting times, on live events): only what changed is touched,
 * so the keyboard focus and a screen reader's place in the lists stay where they were. */
function renderLists() {
  syncList(ui.queue, view.queue.map(queueItem), byConversation);
  ui.queueEmpty.hidden = view.queue.length > 0;
  morphChildren(ui.queueCount, [String(view.queue.length)]);
  // Chats kept from this user by their protection: said in the router's words, never how many.
  if (ui.queueHiddenNote.textContent !== view.queueHiddenNote) setChildren(ui.queueHiddenNote, view.queueHiddenNote);
  ui.queueHiddenNote.hidden = !view.queueHiddenNote;
  syncList(ui.inbox, view.inbox.map(inboxItem), byConversation);
  ui.inboxEmpty.hidden = view.inbox.length > 0;
  morphChildren(ui.inboxCount, [String(view.inbox.length)]);
  document.title = pageTitle();
}

async function refreshLists({ background = false } = {}) {
  if (!session.user) return;
  try {
    const [queue, mine] = await Promise.all([
      session.get("/api/staff/queue", { background }),
      session.get("/api/staff/conversations/mine", { background }),
    ]);
    if (!session.user) return; // ended meanwhile: nothing of it is drawn
    view.queue = (queue && queue.conversations) || [];
    view.queueHiddenNote = (queue && queue.hidden_note_nb) || "";
    view.inbox = ((mine && mine.conversations) || []).sort(inboxOrder);
    seedBrukerGone([...view.queue, ...view.inbox]);
    announceListChanges();
    if (ui.appError.dataset.source === "lists") showAppError(null);
    renderLists();
    reachable(true);
  } catch (error) {
    if (error.status !== 401) showAppError(error, "error", "lists");
    // No answer at all, or a proxy's for a router that is down.
    reachable(error instanceof ApiError && error.status < 502);
  }
}

function reachable(answered) {
  if (view.unreachable === !answered) return;
  view.unreachable = !answered;
  showLiveStatus();
}

function refreshListsSoon() {
  clearTimeout(view.listsTimer);
  view.listsTimer = setTimeout(() => refreshLists({ background: true }), 250);
}

// ---------------------------------------------------------------- one conversation

// What the place the conversation knows is: a bydel ("Frogner, Oslo" read "Kommune: Frogner, Oslo" to a probe's
// veileder), a kommune, or a place that did not resolve. Its geografisk tilknytning tells: six digits a bydel, four
// a kommune (NAV's GT).
function placeTerm(conversation) {
  const gt = conversation.geografisk_tilknytning || "";
  if (/^\d{6}$/.test(gt)) return "Bydel";
  if (/^\d{4}$/.test(gt)) return "Kommune";
  return "Sted";
}

// The facts the bot's summary names the place by (router/domain/staff_labels.py SUMMARY_KEY_LABELS).
const PLACE_FACTS = new Set(["kommune", "bydel", "postnummer"]);

/** What the chat learned, in words: the bot's facts, with the place as the router knows it now. A place the bruker
 * gave in the chat is often read by the router (in the message that asked for a person, or as the answer to "where
 * do you live?"), not by the bot: a probe's veileder read "Ingen oppsummering fra chatroboten" beside it.
 *
 * The router's place stands where the bot's place facts stood, named by the same rule as beside the conversation
 * (placeTerm): the bot's summary is what it knew at the handoff, and its "kommune" is any place it was told (a
 * probe's veileder read "Kommune: Grünerløkka, Oslo" for a bydel, and the old bydel still after the bruker, waiting,
 * named a new one and the chat moved there). The bot's postnummer stays while its places agree with the router's.
 * Without a place the router knows, the bot's "kommune" has no GT to tell what it is: "Sted". */
function learnedFacts(conversation) {
  const facts = conversation.bot_facts || [];
  const place = conversation.kommune;
  if (!place) {
    return facts.flatMap((fact) => factRow(fact.key === "kommune" ? "Sted" : fact.label, fact.text));
  }
  const samePlace = (text) => {
    const [a, b] = [String(text), place].map((value) => value.toLocaleLowerCase("nb"));
    return a.includes(b) || b.includes(a);
  };
  const named = facts.filter((fact) => fact.key === "kommune" || fact.key === "bydel");
  const agrees = named.every((fact) => samePlace(fact.text));
  const rows = [];
  let placed = false;
  for (const fact of facts) {
    if (!PLACE_FACTS.has(fact.key)) {
      rows.push(...factRow(fact.label, fact.text));
      continue;
    }
    if (!placed) rows.push(...factRow(placeTerm(conversation), place));
    placed = true;
    if (fact.key === "postnummer" && agrees) rows.push(...factRow(fact.label, fact.text));
  }
  if (!placed) rows.push(...factRow(placeTerm(conversation), place));
  return rows;
}

function factRow(term, value) {
  if (value === null || value === undefined || value === "") return [];
  return [el("dt", { text: term }), el("dd", { text: String(value) })];
}

function renderDetails(conversation) {
  morphChildren(ui.title, [`Samtale ${shortId(conversation.id)}`]);
  ui.title.dataset.conversationId = conversation.id;
  // The request answered (probe 163: "fått en knapp for å logge inn" stayed after her login, and after a transfer).
  if (conversation.logged_in && !ui.actionMessage.hidden && ui.actionMessage.textContent === LOGIN_REQUESTED) {
    showActionMessage("Brukeren har logget inn.");
  }
  morphChildren(ui.tags, conversationTags(conversation, { withState: true }));
  const interpreter = conversation.needs_interpreter
    ? `ja${conversation.interpreter_language ? `, ${languageName(conversation.interpreter_language)}` : ""}`
    : "nei";
  morphChildren(ui.facts, [
    ...factRow("Status", conversation.state_label || conversation.state),
    ...factRow("Overført", conversation.transferred_from && conversation.transferred_from.text),
    ...factRow("Årsak", conversation.handoff_reason_text || conversation.handoff_reason),
    ...factRow("Språk", `${languageName(conversation.language)}${conversation.language ? ` (${conversation.language})` : ""}`),
    ...factRow("Tolk", interpreter),
    ...factRow(placeTerm(conversation), conversation.kommune),
    ...factRow("Geografisk tilknytning", conversation.geografisk_tilknytning),
    ...factRow("Tema", conversation.tema_label || conversation.tema),
    ...factRow("Kø", conversation.queue_label),
    ...factRow("Enhet", conversation.enhet_label || conversation.enhetsnummer),
    ...factRow("Prioritet", conversation.priority_label || conversation.priority),
    ...factRow("I kø siden", formatWhen(conversation.queued_at)),
    ...factRow("Tatt", formatWhen(conversation.assigned_at)),
    ...factRow("SLA-frist", formatWhen(conversation.sla_deadline)),
    ...factRow("Utfall", conversation.close_outcome_label || conversation.close_outcome),
    ...factRow("Advarsel", conversation.earlier_threat ? conversation.earlier_threat_label : null),
    // Not logged in: nobody knows who she is, so nobody can call her back unless she gives a number (a probe's
    // veileder promised a call to an anonymous bruker).
    ...factRow("Innlogget", conversation.logged_in
      ? `ja, siden ${formatWhen(conversation.logged_in_at)} (det som eventuelt står før, ble skrevet uinnlogget)`
      : "nei – vi vet ikke hvem brukeren er. Skal noen ringe tilbake, trengs innlogging eller et telefonnummer fra brukeren."),
  ]);
  // What the bot learned, in words: the summary, then the bot's other answers (bot_facts, built by the router),
  // and the place the chat learned.
  const rows = learnedFacts(conversation);
  morphChildren(ui.summary, rows);
  ui.summaryEmpty.hidden = rows.length > 0;

  const mine = isMine(conversation);
  const open = conversation.state === "ASSIGNED" || conversation.state === "QUEUED";
  ui.takeArea.hidden = conversation.state !== "QUEUED" || !answersBrukere();
  ui.replyForm.hidden = !(conversation.state === "ASSIGNED" && mine);
  ui.actions.hidden = !(answersBrukere() && open && (mine || conversation.state === "QUEUED"));
  // Whoever may act on the chat notes for colleagues until it ends (the router's rule: dispatch.add_note).
  ui.noteSection.hidden = !(answersBrukere() && conversation.state !== "CLOSED");
  // A waiting bruker is ended (closed, or given back to the bot) only by the kontaktsenter; a veileder takes the
  // conversation first (the router refuses otherwise). Moving it to the right queue stays open to triage.
  const mayEnd = conversation.state !== "QUEUED" || session.hasRole("kontaktsenter");
  ui.backToBot.hidden = !mayEnd;
  // Spam or threats waiting in the queue a veileder ends without taking it, with those two outcomes only (probe 96).
  ui.closeForm.hidden = false;
  for (const option of ui.closeOutcome.options) {
    // A waiting chat nobody has answered is not «Besvart» (the router refuses it: probe 165's kontaktsenter closed one
    // so, and the figures counted it as answered).
    const unanswered = option.value === "besvart" && conversation.state === "QUEUED";
    option.disabled = option.hidden = unanswered || (!mayEnd && !QUEUE_DISMISS.has(option.value));
  }
  if (ui.closeOutcome.selectedOptions[0]?.disabled) {
    ui.closeOutcome.value = mayEnd ? "annet" : "ikke_nav";
    view.outcomeChosenBy = "queue";
  } else if (mayEnd && view.outcomeChosenBy === "queue") {
    // Looked at in the queue ("Vis"), then taken: the queue's "ikke en NAV-sak" is not this chat's outcome (a probe's
    // answered chat was ended as one, and its unanswered-question check skipped).
    resetCloseOutcome();
  }
  showCloseNote();
  // The transcript as a file, for a police report or an HMS-avvik, only where the router allows it (a chat closed as
  // threats, or this veileder's own before it is closed: may_download_transcript), with a purpose (audited).
  const mayDownload = view.mayDownload === conversation.id;
  ui.transcriptLink.hidden = !mayDownload;
  if (!mayDownload) hideTranscriptForm();
  ui.requestLogin.hidden = !(conversation.state === "ASSIGNED" && mine && !conversation.logged_in);
  showCaseFacts(conversation);
  showReplyTranslationNote(conversation.language);
  showBrukerPresence();
  if (conversation.state !== "ASSIGNED") showUserTyping(false);
}

function confidenceText(confidence) {
  if (confidence === null || confidence === undefined) return "";
  return ` (${Math.round(Number(confidence) * 100)} %)`;
}

/** The language of the words a message shows staff (message_for_staff's text): the bruker's words translated to
 * bokmål, else the words as written, in the language they were written in. */
function textLanguage(message) {
  if (message.sender === "user" && message.original_text) return "nb";
  return message.original_language || "nb";
}

function messageEntry(message) {
  const sender = SENDER_TEXT[message.sender] ? message.sender : "system";
  const entry = el("li", {
    class: `entry ${sender}`,
    "data-sender": sender,
    "data-seq": message.seq,
    "data-testid": "transcript-message",
  });
  const head = el(
    "p",
    { class: "head" },
    el("span", { class: "sender", title: SENDER_TITLE[sender] || null, text: SENDER_TEXT[sender] }),
    el("time", { datetime: message.created_at || "", text: formatWhen(message.created_at) }),
  );
  if (sender === "user" && message.intent) {
    head.append(
      el("span", {
        class: "tag intent",
        "data-testid": "intent",
        "data-intent": message.intent,
        title: `Hva chatroboten tolket meldingen som (${message.intent})`,
        text: `Intensjon: ${message.intent_label || message.intent}${confidenceText(message.intent_confidence)}`,
      }),
    );
  }
  if (message.machine_translated) {
    head.append(el("span", { class: "tag warning", "data-testid": "machine-translated", text: "maskinoversatt" }));
  }
  if (message.not_translated) {
    // The bruker's own words in a language with no translation: said, so nobody takes them for read.
    head.append(el("span", {
      class: "tag warning",
      "data-testid": "not-translated",
      text: `ikke oversatt (${languageName(message.original_language)})`,
    }));
  }
  entry.append(head);
  // In its own language and direction: Arabic (a bot's greeting, a bruker's words) read left to right, its
  // punctuation at the wrong end, and tagged as bokmål.
  const text = el("p", { class: "text", lang: textLanguage(message), dir: "auto", "data-testid": "message-text" });
  text.textContent = message.text ?? "";
  // A machine translation is shown beside the words it came from (or that the bruker was shown).
  const other = message.original_text
    ? { words: message.original_text, lang: message.original_language, testid: "original-text",
        label: `Brukerens egne ord (${languageName(message.original_language)})` }
    : message.user_text
      ? { words: message.user_text, lang: message.user_language, testid: "user-text",
          label: message.machine_translated
            ? `Brukeren ser (maskinoversatt til ${languageName(message.user_language)})`
            : `Brukeren ser (på ${languageName(message.user_language)})` }
      : null;
  if (other) {
    entry.classList.add("has-translation");
    const original = el("p", { class: "original", "data-testid": other.testid });
    original.append(el("span", { class: "label", text: other.label }));
    const words = el("span", { class: "words", dir: "auto", text: other.words });
    if (other.lang) words.lang = other.lang;
    original.append(words);
    const norwegian = el("div", { class: "norwegian" }, el("span", { class: "label", text: "Norsk" }), text);
    entry.append(el("div", { class: "pair" }, norwegian, original));
  } else {
    entry.append(text);
  }
  if (message.buttons && message.buttons.length) {
    entry.append(
      el("p", { class: "btns", text: `Knapper: ${message.buttons.map((b) => b.title || b.payload).join(" · ")}` }),
    );
  }
  return entry;
}

/** Retention deleted the messages (router: "deleted_text"; the history stays): one line, not a blank transcript. */
function showMessagesDeleted(text) {
  const shown = ui.transcript.querySelector("[data-testid='messages-deleted']");
  if (!text) {
    shown?.remove();
    return;
  }
  if (!shown) ui.transcript.append(el("li", { class: "entry event", "data-testid": "messages-deleted", text }));
}

function eventEntry(event) {
  return el("li", {
    class: event.kind === STAFF_NOTE ? "entry event note" : "entry event",
    "data-testid": "transcript-event",
    "data-kind": event.kind,
    text: `${formatWhen(event.at)} ${event.text || event.label || event.kind}`,
  });
}

// ---------------------------------------------------------------- whether the bruker's page is still there

const BRUKER_LEFT = "bruker_left";
const BRUKER_BACK = "bruker_back";

/** "gone" when the last word on the bruker's page is that it closed (every page shut, none back within the
 * router's grace period) and the bruker has written nothing since; "back" right after it came back; else null. */
function brukerPresenceOf(events, messages) {
  const said = (events || []).filter((e) => e.kind === BRUKER_LEFT || e.kind === BRUKER_BACK);
  const last = said[said.length - 1];
  if (!last || last.kind !== BRUKER_LEFT) return null;
  const wroteSince = (messages || []).some((m) => m.sender === "user" && (m.created_at || "") > (last.at || ""));
  // since: when her page was last seen (the router keeps it on the row); else when the router found it gone.
  return wroteSince ? null : { state: "gone", at: last.at, since: (last.data && last.data.since) || last.at };
}

/** Said where the veileder writes, while the chat is theirs: gone (with what to do), or back. */
function showBrukerPresence() {
  const presence = view.brukerPresence;
  const conversation = view.conversation;
  const shown = Boolean(presence && conversation && conversation.state === "ASSIGNED");
  ui.brukerPresence.hidden = !shown;
  if (!shown) {
    ui.brukerPresence.textContent = "";
    delete ui.brukerPresence.dataset.state;
    return;
  }
  ui.brukerPresence.dataset.state = presence.state;
  ui.brukerPresence.textContent = presence.state === "gone"
    ? `Brukeren har ikke vært tilkoblet siden ${formatWhen(presence.since || presence.at)} (lukket chatten eller `
      + "mistet forbindelsen). Det du skriver nå, ser brukeren bare hvis hen åpner chatten igjen. Du kan avslutte "
      + "samtalen med utfallet «Brukeren forlot samtalen»."
    : "Brukeren er tilbake i chatten.";
}

function setBrukerPresence(presence) {
  view.brukerPresence = presence;
  if (view.selectedId && presence && presence.state === "gone") view.brukerGone.add(view.selectedId);
  else if (view.selectedId) view.brukerGone.delete(view.selectedId);
  // The close form offers the fitting outcome for this chat; the veileder's own choice stays.
  const gone = Boolean(presence && presence.state === "gone");
  if (view.outcomeChosenBy !== "veileder") {
    if (gone && [...ui.closeOutcome.options].some((o) => o.value === "bruker_forlot" && !o.disabled)) {
      ui.closeOutcome.value = "bruker_forlot";
      view.outcomeChosenBy = "page";
    } else if (!gone && view.outcomeChosenBy === "page") {
      resetCloseOutcome(); // the bruker is back: "forlot" is not this chat's any more
    }
  }
  showBrukerPresence();
}

/** The close form's first outcome, chosen by nobody: each chat's outcome is its own. A probe's console kept
 * "Brukeren forlot samtalen" from a chat whose bruker had gone for every chat opened after it. */
function resetCloseOutcome() {
  const first = [...ui.closeOutcome.options].findIndex((o) => !o.disabled);
  if (ui.closeOutcome.options.length) ui.closeOutcome.selectedIndex = Math.max(first, 0);
  view.outcomeChosenBy = null;
  ui.closeNote.value = "";
  showCloseNote();
}

function onBrukerPresence(frame) {
  if (!frame.conversation_id) return;
  if (frame.present) view.brukerGone.delete(frame.conversation_id);
  else view.brukerGone.add(frame.conversation_id);
  renderLists();
  if (frame.conversation_id !== view.selectedId) return;
  if (frame.event) addEvent(frame.conversation_id, frame.event);
  const left = frame.event || {};
  setBrukerPresence(frame.present ? { state: "back" }
    : { state: "gone", at: left.at, since: (left.data && left.data.since) || left.at });
}

/** A history row written or pushed while the chat is open (a note): in the log once, the router's pushes too. */
function addEvent(conversationId, event) {
  if (!event || conversationId !== view.selectedId) return;
  view.events = [...view.events, event];
  appendEvent(event);
}

// A colleague's internal note in the chat's history (router/domain/events.py STAFF_NOTE): drawn as a note, not as
// something that happened to the chat.
const STAFF_NOTE = "staff_note";

/** Save the internal note; it shows in the log at once, and to colleagues who have the chat open as a push. */
async function saveNote(event) {
  event.preventDefault();
  const id = view.selectedId;
  const text = ui.noteText.value.trim();
  if (!id) return;
  if (!text) {
    showActionMessage("Skriv notatet først.", "error");
    ui.noteText.focus();
    return;
  }
  clearActionNotice();
  try {
    const result = await session.post(`/api/staff/conversations/${encodeURIComponent(id)}/notes`, { text });
    if (ui.noteText.value.trim() === text) ui.noteText.value = "";
    addEvent(id, result && result.event);
    if (id === view.selectedId) showActionMessage("Notatet er lagret i samtaleloggen. Brukeren ser det ikke.");
  } catch (error) {
    showActionMessage(describeError(error), "error");
  }
}

/** What names a history row (they have no id): shown once however often the chat is read. */
function eventKey(event) {
  return `${event.at || ""}|${event.kind || ""}|${event.text || event.label || ""}`;
}

function appendEvent(event) {
  const key = eventKey(event);
  if (view.renderedEvents.has(key)) return;
  view.renderedEvents.add(key);
  const stick = ui.transcript.scrollHeight - ui.transcript.scrollTop - ui.transcript.clientHeight < 120;
  ui.transcript.append(eventEntry(event));
  if (stick) ui.transcript.scrollTop = ui.transcript.scrollHeight;
}

/** The transcript (a live log) of conversation ``id``. Another chat's is drawn whole into a new log put in place
 * of the old one: a live region put into the page is not read out, so opening a chat does not read its history
 * aloud. The chat already shown (read again after a take, a close, a push) gets only what is new, appended: a probe's
 * screen reader read the whole history again on each of them (twice on a close), the log rebuilt whole. */
function renderTranscript(id, messages, events) {
  const items = [
    ...(messages || []).map((m) => ({ at: m.created_at || "", order: 1, message: m })),
    ...(events || []).map((e) => ({ at: e.at || "", order: 0, event: e })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order));
  if (view.transcriptOf === id) {
    for (const item of items) {
      if (item.event) appendEvent(item.event);
      else redrawMessages([item.message]);
    }
    return;
  }
  view.transcriptOf = id;
  view.renderedSeqs.clear();
  view.renderedEvents.clear();
  const log = ui.transcript.cloneNode(false); // the same log, empty and not yet in the page
  for (const item of items) {
    if (item.event) {
      view.renderedEvents.add(eventKey(item.event));
      log.append(eventEntry(item.event));
      continue;
    }
    const node = messageEntry(item.message);
    placeMessage(log, node, item.message.seq, item.message.reply_to);
    view.renderedSeqs.set(Number(item.message.seq), node);
    drawnAs.set(node, drawnSignature(item.message));
  }
  ui.transcript.replaceWith(log);
  ui.transcript = log;
  ui.transcript.scrollTop = ui.transcript.scrollHeight;
}

// What of a message its entry shows: one the router has changed since it was drawn is drawn again.
const DRAWN_FIELDS = ["text", "original_text", "original_language", "user_text", "user_language", "machine_translated",
  "not_translated", "intent", "intent_label", "intent_confidence", "buttons"];
const drawnAs = new WeakMap(); // entry -> what it showed

function drawnSignature(message) {
  return JSON.stringify(DRAWN_FIELDS.map((field) => message[field] ?? null));
}

/** The open chat's messages as the router has them now: new ones added, changed ones drawn again. A bruker's
 * message is pushed the moment it is stored, in the chat's language; the router's language layer may then find it
 * is in another (English in an Arabic chat) and store that without a push of its own: the console read "ikke
 * oversatt (arabisk)" under English words, beside "Brukeren skriver engelsk". */
function redrawMessages(messages) {
  for (const message of messages || []) {
    const shown = view.renderedSeqs.get(Number(message.seq));
    if (!shown || drawnAs.get(shown) !== drawnSignature(message)) appendMessage(message);
    arrivedAfterAll(message);
  }
}

/** Read the open chat's messages again (its language changed: what the router learned of its messages with it). */
async function rereadMessages() {
  const id = view.selectedId;
  if (!id || id === view.leaving) return;
  try {
    const detail = await session.get(`/api/staff/conversations/${encodeURIComponent(id)}`, { background: true });
    if (id === view.selectedId) redrawMessages(detail.messages);
  } catch {
    /* the periodic refresh reads them again */
  }
}

function appendMessage(message) {
  if (!message || message.seq === undefined) return;
  const seq = Number(message.seq);
  const existing = view.renderedSeqs.get(seq);
  const node = messageEntry(message);
  drawnAs.set(node, drawnSignature(message));
  if (existing) {
    node.dataset.anchor = existing.dataset.anchor;
    if (existing.dataset.replyTo !== undefined) node.dataset.replyTo = existing.dataset.replyTo;
    const read = existing.querySelector(".read"); // "✓ Lest" stays
    if (read) node.querySelector(".head")?.append(read);
    existing.replaceWith(node);
  } else {
    const stick = ui.transcript.scrollHeight - ui.transcript.scrollTop - ui.transcript.clientHeight < 120;
    placeMessage(ui.transcript, node, seq, message.reply_to);
    if (stick || message.sender === "veileder") ui.transcript.scrollTop = ui.transcript.scrollHeight;
  }
  view.renderedSeqs.set(seq, node);
  if (message.sender === "user") showUserTyping(false);
}

/** The bruker has read up to `seq`: mark our replies so the veileder knows they arrived. */
function markRead(seq) {
  for (const [messageSeq, node] of view.renderedSeqs) {
    if (messageSeq > seq || node.dataset.sender !== "veileder" || node.querySelector(".read")) continue;
    node.querySelector(".head")?.append(el("span", { class: "read", "data-testid": "read", text: "✓ Lest" }));
  }
}

// ---------------------------------------------------------------- what survives a reload of the tab

// The open conversation and each conversation's half-written reply, in this tab's sessionStorage (gone when the
// tab closes; removed at logout): a reload (F5, a crash of the page) used to lose both. Tied to the user, so the
// next person on a shared PC does not get them.
const OPEN_KEY = "navchat.console.open";
const DRAFTS_KEY = "navchat.console.drafts";

function stored(key) {
  try {
    const value = JSON.parse(sessionStorage.getItem(key) || "null");
    return value && session.user && value.user === session.user.username ? value : null;
  } catch {
    return null;
  }
}

function store(key, value) {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify({ ...value, user: session.user && session.user.username }));
  } catch {
    /* storage full or off: only the convenience is lost */
  }
}

function draftOf(id) {
  return ((stored(DRAFTS_KEY) || {}).drafts || {})[id] || "";
}

function keepDraft(id, text) {
  const drafts = { ...((stored(DRAFTS_KEY) || {}).drafts || {}) };
  if (text) drafts[id] = text;
  else delete drafts[id];
  store(DRAFTS_KEY, { drafts });
}

function forgetTab() {
  store(OPEN_KEY, null);
  store(DRAFTS_KEY, null);
}

/** The conversation open before the reload, opened again when this user may still see it. One that was theirs
 * and was moved away meanwhile (transferred, back in the queue, closed by someone else) is not shown as an empty
 * panel: the veileder is told it is no longer theirs, and where it went as far as they may know, beside the
 * inbox. */
async function reopenAfterReload() {
  const open = stored(OPEN_KEY);
  if (!open || !open.id || view.selectedId) return;
  const shown = await selectConversation(open.id, { focus: false, quiet: true });
  if (!open.mine) {
    if (!shown) store(OPEN_KEY, null);
    return;
  }
  if (shown && isAnsweredByMe(view.conversation)) return;
  const why = shown ? whereItIsNow(view.conversation, view.events) : "Du har ikke tilgang til den lenger.";
  clearSelection();
  showAppError(`Samtale ${shortId(open.id)}, som du hadde åpen, er ikke lenger din. ${why}`, "info");
  ui.inbox.closest("section")?.querySelector("h2")?.focus();
}

function isAnsweredByMe(conversation) {
  return Boolean(conversation && conversation.state === "ASSIGNED" && isMine(conversation));
}

/** Where a conversation that is no longer this veileder's is now, in words, with the history's last change of
 * state ("Overført til Nav Frogner (0312), reservert for Kari"): both are what they may see of it. */
function whereItIsNow(conversation, events) {
  const now = {
    QUEUED: `Den venter i køen${conversation.enhet_label ? ` til ${conversation.enhet_label}` : ""}.`,
    ASSIGNED: "En annen veileder har den nå.",
    BOT: "Den er gitt tilbake til chatroboten.",
    CLOSED: "Den er avsluttet.",
  }[conversation.state] || "";
  const last = (events || []).filter((e) => e.to_state).at(-1); // the last change of state: how it left
  const how = last ? String(last.text || last.label).replace(/[.!?]+$/, "") : ""; // a note may end a sentence
  return `${now}${how ? ` Siste endring (${formatWhen(last.at)}): ${how}.` : ""}`;
}

/** Open a conversation. What is shown, and what a reply or an action goes to, changes only once it has loaded:
 * a probe's reply typed while the next chat loaded (slowly, or not at all) went to that chat while the screen
 * still showed the first. While another chat loads, the panel takes no input (inert). */
async function selectConversation(id, { focus = true, quiet = false } = {}) {
  const loadSeq = ++view.loadSeq;
  const switching = id !== view.selectedId;
  hideActionMessage();
  if (switching && !quiet) clearActionNotice();
  if (switching) ui.body.inert = true;
  view.unread.delete(id);
  try {
    const detail = await session.get(`/api/staff/conversations/${encodeURIComponent(id)}`);
    if (loadSeq !== view.loadSeq) return false;
    if (switching) {
      resetTransferForm();
      resetCloseOutcome();
      ui.noteText.value = ""; // a note half-written for one chat is never saved to the next one opened
      // Each conversation has its own draft: a reply half-written to one never goes to the next one opened.
      if (view.selectedId) keepDraft(view.selectedId, ui.replyInput.value);
      setReplyText(draftOf(id));
    }
    view.selectedId = id;
    view.conversation = detail.conversation;
    view.mayDownload = detail.may_download_transcript ? id : null;
    view.events = detail.events || [];
    view.brukerPresence = brukerPresenceOf(view.events, detail.messages);
    view.socket?.watch(id);
    ui.empty.hidden = true;
    ui.body.hidden = false;
    renderDetails(detail.conversation);
    renderEarlier(detail.earlier_conversations);
    renderTranscript(id, detail.messages, detail.events);
    showMessagesDeleted(detail.deleted_text);
    if (view.brukerPresence) setBrukerPresence(view.brukerPresence);
    showUserTyping(false);
    renderLists();
    store(OPEN_KEY, { id, mine: isAnsweredByMe(detail.conversation) });
    // Loaded: the panel takes input again before the focus goes into it (an inert panel refuses the focus, and after
    // "Åpne" by keyboard it stayed on the list's button instead of the reply field).
    ui.body.inert = false;
    if (focus) {
      if (!ui.replyForm.hidden) ui.replyInput.focus();
      else ui.title.focus();
    }
    return true;
  } catch (error) {
    if (loadSeq !== view.loadSeq) return false;
    if (quiet) clearSelection();
    else showAppError(error);
    return false;
  } finally {
    if (loadSeq === view.loadSeq) ui.body.inert = false;
  }
}

function hideTranscriptForm() {
  ui.transcriptForm.hidden = true;
  ui.transcriptPurpose.value = "";
  ui.transcriptLink.setAttribute("aria-expanded", "false");
}

/** "Last ned samtalen": first the purpose (what the file is for), then the file, or the router's reason why not. */
function toggleTranscriptForm() {
  const opening = ui.transcriptForm.hidden;
  if (!opening) {
    hideTranscriptForm();
    return;
  }
  ui.transcriptForm.hidden = false;
  ui.transcriptLink.setAttribute("aria-expanded", "true");
  ui.transcriptPurpose.focus();
}

async function downloadTranscript(event) {
  event.preventDefault();
  const id = view.selectedId;
  if (!id) return;
  try {
    const response = await fetch(`/api/staff/conversations/${encodeURIComponent(id)}/transcript`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "text/plain", "X-CSRF-Token": session.csrf || "" },
      body: JSON.stringify({ purpose: ui.transcriptPurpose.value }),
    });
    if (!response.ok) {
      let data = null;
      try {
        data = await response.json();
      } catch {
        data = null;
      }
      throw new ApiError(response.status, data && data.error, data && data.error_nb);
    }
    const disposition = response.headers.get("Content-Disposition") || "";
    const name = (disposition.match(/filename="([^"]+)"/) || [])[1] || `chat-${shortId(id)}.txt`;
    const url = URL.createObjectURL(await response.blob());
    const link = el("a", { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000); // the file is the browser's now; nothing of it stays here
    hideTranscriptForm();
    showAppError("Samtalen er lastet ned. Nedlastingen og formålet står i revisjonsloggen.", "info");
  } catch (error) {
    showAppError(error);
  }
}

/** No conversation shown; what the tab remembers (the open chat, the drafts) stays for a reload. */
function showNoConversation() {
  setReplyText("");
  view.socket?.watch(null);
  view.selectedId = null;
  view.conversation = null;
  view.brukerPresence = null;
  view.transcriptOf = null; // opened again, it is drawn whole and quietly
  resetCloseOutcome();
  view.mayDownload = null;
  ui.transcriptLink.hidden = true;
  hideTranscriptForm();
  ui.body.hidden = true;
  ui.body.inert = false;
  ui.empty.hidden = false;
  renderLists();
}

function clearSelection() {
  if (view.selectedId) keepDraft(view.selectedId, ui.replyInput.value);
  store(OPEN_KEY, null);
  showNoConversation();
}

// ---------------------------------------------------------------- actions

async function takeConversation(id) {
  hideActionMessage();
  clearActionNotice();
  try {
    await session.post(`/api/staff/conversations/${encodeURIComponent(id)}/take`, {});
    view.taken.add(id); // their own doing: not told as "assigned to you"
    if (ui.presence.value === "offline") showPresence("busy"); // as the router set it: taking is working
    await refreshLists();
    await selectConversation(id);
    showActionMessage("Du har tatt samtalen. Brukeren får beskjed om at du har tatt over.");
  } catch (error) {
    showAppError(error);
    refreshLists();
  }
}

// Words that mark a reply as Norwegian, and as English: the router's (language_policy.reads_as_norwegian, which
// decides the notice the bruker gets), from GET /api/staff/labels. Empty until they arrive: then no warning.
const replyWords = { norwegian: new Set(), english: new Set() };

function readsAsNorwegian(text) {
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const count = (set) => words.filter((word) => set.has(word)).length;
  return count(replyWords.norwegian) + (/[æøå]/i.test(text) ? 1 : 0) > count(replyWords.english);
}

/** The language of a bruker who is written to in it, not translated into (English), when ``text`` reads as
 * Norwegian; else null. */
function norwegianToAWriter(conversationId, text) {
  const language = view.conversation && view.conversation.id === conversationId
    ? languageInfo(view.conversation.language) : null;
  return language && language.veileder_replies === "write_in_it" && readsAsNorwegian(text) && !handTranslated(text)
    ? language : null;
}

/** A Norwegian draft to a bruker whose language is written to, not translated into (English): said once, before
 * it is sent; sending the same draft again sends it (the bruker is then told the veileder writes Norwegian). */
function warnedOfNorwegian(conversationId, text) {
  const language = norwegianToAWriter(conversationId, text);
  if (!language) return false;
  if (view.norwegianWarned === `${conversationId}\n${text}`) return false;
  view.norwegianWarned = `${conversationId}\n${text}`;
  showReplyMessage(
    `Svaret ser ut til å være på norsk, men brukeren skriver ${language.name_nb}, og svaret oversettes ikke. ` +
      `Skriv på ${language.name_nb}, eller trykk Send igjen for å sende det på norsk.`,
    "warning",
  );
  return true;
}

async function sendReply(event) {
  event.preventDefault();
  const text = ui.replyInput.value.trim();
  if (!text || !view.selectedId) return;
  if (replyTooLong(text)) {
    // Said before it is sent, not refused after (probe 157: the reason came only from the router, after Send).
    view.toldTooLong = true;
    showReplyMessage(`Svaret er for langt: ${formatCount(charCount(text))} tegn, og høyst ${
      formatCount(view.maxReplyChars)} kan sendes. Del det opp i flere meldinger.`, "error");
    return;
  }
  if (warnedOfNorwegian(view.selectedId, text)) return;
  await deliverReply(view.selectedId, text);
}

// A reply that was not confirmed, per conversation: {text, clientMsgId}. Sent again unchanged it keeps its id, so a
// reply that did reach the router while the answer was lost (a network blip) is stored once (probe 164: "Svaret ble
// ikke sendt", Send again, and the bruker read it twice).
const unconfirmed = new Map();

/** Send a reply; true once the router has it. A failure is said, and the draft stays. */
async function deliverReply(conversationId, text) {
  ui.replySend.disabled = true;
  const before = unconfirmed.get(conversationId);
  const clientMsgId = before && before.text === text ? before.clientMsgId : newId(); // one id, however it goes
  unconfirmed.set(conversationId, { text, clientMsgId });
  try {
    let message;
    try {
      // Over the live connection when it is open (no request per reply).
      message = await view.socket.reply({ conversationId, text, clientMsgId });
    } catch (error) {
      // A refusal is final, except a session that has ended: the POST below then gets its 401 too, and the
      // session's own handling shows the login form.
      if (error instanceof ApiError && error.status !== 401) throw error;
      // Not open, closed or slow: the same reply by POST, with the same id, so it is stored once either way.
      message = await session.post(`/api/staff/conversations/${encodeURIComponent(conversationId)}/messages`, {
        text, client_msg_id: clientMsgId,
      });
    }
    confirmed(conversationId, message);
    stopTypingNotice();
    if (noteExchange(conversationId, message)) renderLists(); // its own reply is not pushed back to this console
    hideActionMessage();
    return true;
  } catch (error) {
    showReplyMessage(`Svaret ble ikke sendt. ${describeError(error)}`, "error");
    return false;
  } finally {
    ui.replySend.disabled = false;
    ui.replyInput.focus();
  }
}

/** ``message`` is the reply stored for ``conversationId``: shown, and its draft and "not sent" gone. Also when it
 * comes late (its acknowledgement after the wait for it ended, or the transcript read again): unless the box now
 * holds other words, it says "sent" after all. */
function confirmed(conversationId, message) {
  const waiting = unconfirmed.get(conversationId);
  if (waiting && waiting.clientMsgId === message.client_msg_id) {
    unconfirmed.delete(conversationId);
    const drafts = (stored(DRAFTS_KEY) || {}).drafts || {};
    if ((drafts[conversationId] || "").trim() === waiting.text) keepDraft(conversationId, "");
    if (view.selectedId === conversationId && ui.replyInput.value.trim() === waiting.text) {
      setReplyText("");
      ui.replyMessage.hidden = true;
    }
  }
  if (view.selectedId === conversationId) appendMessage(message);
}

/** A veileder's reply seen again (a late acknowledgement, a transcript read again): the one this console still
 * waits to hear of, stored after all. */
function arrivedAfterAll(message) {
  if (message.sender !== "veileder" || !message.client_msg_id) return;
  for (const [conversationId, waiting] of unconfirmed) {
    if (waiting.clientMsgId === message.client_msg_id) {
      confirmed(conversationId, message);
      return;
    }
  }
}

// ---------------------------------------------------------------- a reply written and not sent

// What the veileder is about to do to a chat with a reply not sent, in the dialog's words.
const DRAFT_ACTIONS = {
  close: { question: "Vil du sende det før du avslutter samtalen?", send: "Send svaret og avslutt",
    drop: "Avslutt uten å sende" },
  back: { question: "Vil du sende det før samtalen går tilbake til chatroboten?", send: "Send svaret og gi tilbake",
    drop: "Gi tilbake uten å sende" },
  transfer: { question: "Vil du sende det før du overfører samtalen?", send: "Send svaret og overfør",
    drop: "Overfør uten å sende" },
};

/** "send", "drop" or "cancel" (also Esc): the veileder's choice for the draft ``text``, asked in a modal dialog. */
function askAboutDraft(action, text) {
  const words = DRAFT_ACTIONS[action];
  setChildren(ui.draftQuestion, words.question);
  setChildren(ui.draftText, text);
  setChildren(ui.draftSend, words.send);
  setChildren(ui.draftDrop, words.drop);
  const language = norwegianToAWriter(view.selectedId, text);
  ui.draftLanguage.hidden = !language;
  setChildren(ui.draftLanguage, language
    ? `Svaret ser ut til å være på norsk, men brukeren skriver ${language.name_nb}, og svaret oversettes ikke.` : "");
  return askInDialog(ui.draftDialog, ui.draftSend).then((choice) => choice || "cancel");
}

/** Show ``dialog`` modally with ``first`` focused; resolves with the button's value it was closed with ("" for Esc). */
function askInDialog(dialog, first) {
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue), { once: true });
    dialog.returnValue = "";
    dialog.showModal();
    first.focus();
  });
}

/** Before a chat leaves the veileder (ended, given back, moved) with a reply written and not sent: asked first. A
 * probe's veileder closed a chat whose last reply the "looks Norwegian" warning held, and it was lost without a
 * word. "ok" (nothing to ask, or sent), "dropped" (go on without it), or null (back to the draft). */
async function settleDraft(action) {
  const id = view.selectedId;
  const text = ui.replyInput.value.trim();
  if (!id || !text || ui.replyForm.hidden) return "ok";
  const choice = await askAboutDraft(action, text);
  if (id !== view.selectedId) return null; // another chat was opened meanwhile: nothing is done to either
  if (choice === "drop") return "dropped";
  if (choice === "send") return (await deliverReply(id, text)) ? "ok" : null;
  ui.replyInput.focus();
  return null;
}

/** Run ``action`` (a promise of true on success) once the draft is settled; a draft let go is forgotten only once
 * the action succeeded. */
async function afterDraft(kind, action) {
  const id = view.selectedId;
  const settled = await settleDraft(kind);
  if (!settled) return false;
  const done = await action();
  if (done && settled === "dropped") {
    keepDraft(id, "");
    if (view.selectedId === id) setReplyText("");
  }
  return done;
}

/** Run an action on the open conversation; `doneText` is a text or a function of the router's answer. With
 * `leaves`, the conversation leaves this veileder when the action succeeds (a transfer): it is dropped from the view
 * and not read again. Read again, one moved to another enhet was refused, and the audit log named the veileder who
 * had just transferred it with a refused read. */
async function runAction(path, body, doneText, { leaves = false } = {}) {
  const id = view.selectedId;
  if (!id) return;
  clearActionNotice();
  let result;
  if (leaves) view.leaving = id; // the state push the action sets off re-reads nothing meanwhile
  try {
    result = await session.post(`/api/staff/conversations/${encodeURIComponent(id)}/${path}`, body);
  } catch (error) {
    if (view.leaving === id) view.leaving = null;
    showActionMessage(describeError(error), "error");
    return false;
  }
  if (typeof doneText === "function") doneText = doneText(result || {});
  if (leaves) {
    view.inbox = view.inbox.filter((c) => c.id !== id);
    if (view.selectedId === id) clearSelection();
    view.leaving = null;
    showAppError(doneText, "info");
    ui.inbox.closest("section")?.querySelector("h2")?.focus();
    await refreshLists();
    return true;
  }
  await refreshLists();
  if (await selectConversation(id, { focus: false })) {
    showActionMessage(doneText);
    ui.title.focus();
  } else {
    // After a transfer the conversation may belong to an enhet we cannot see any more.
    clearSelection();
    showAppError(doneText, "info");
  }
  return true;
}

// The bruker's own Digisos case beside the conversation (GET .../case: need-to-know, audited), as facts.
const CASE_STATUS = { MOTTATT: "Mottatt", UNDER_BEHANDLING: "Under behandling", FERDIGBEHANDLET: "Ferdig behandlet",
  BEHANDLES_IKKE: "Behandles ikke" };
// Words and Norwegian dates and amounts, not the document's codes ("7 850 kr utbetalt 15.10.2026").
const PAYMENT_STATUS = { UTBETALT: "utbetalt", PLANLAGT_UTBETALING: "planlagt", STOPPET: "stoppet", ANNULLERT: "annullert" };
/** "Under behandling, mottatt 20.11.2026"; a received one is "Mottatt 20.11.2026" (probe 162 read "Mottatt, mottatt
 * 20.11.2026"). */
function caseLine(fact) {
  const status = CASE_STATUS[fact.status] || fact.status || "ukjent";
  if (!fact.mottatt) return status;
  return fact.status === "MOTTATT" ? `${status} ${caseDate(fact.mottatt)}` : `${status}, mottatt ${caseDate(fact.mottatt)}`;
}

function caseDate(iso) {
  if (!iso) return "";
  const [year, month, day] = String(iso).slice(0, 10).split("-");
  return day && month && year ? `${day}.${month}.${year}` : String(iso);
}
/** "frist 01.12.2026", and "fristen gikk ut 01.12.2026" once it has passed (Norway's date), so it is not read as
 * still open. */
function deadlineText(iso) {
  if (!iso) return "frist –";
  const today = new Date(serverNow()).toLocaleDateString("sv-SE", { timeZone: "Europe/Oslo" }); // YYYY-MM-DD
  return String(iso).slice(0, 10) < today ? `fristen gikk ut ${caseDate(iso)}` : `frist ${caseDate(iso)}`;
}
function caseAmount(amount) {
  return amount === null || amount === undefined ? "" : `${Number(amount).toLocaleString("nb-NO")} kr`;
}
async function showCaseFacts(conversation) {
  ui.personSection.hidden = true;
  if (!conversation.logged_in) {
    ui.caseSection.hidden = true;
    return;
  }
  let result;
  try {
    result = await session.get(`/api/staff/conversations/${encodeURIComponent(conversation.id)}/case`);
  } catch (error) {
    ui.caseSection.hidden = true;
    return;
  }
  if (ui.title.dataset.conversationId !== conversation.id) return;
  if (result && result.logged_in === false && conversation.state === "CLOSED") {
    // An ended chat looks nothing up (services/login.session_for), though her login may still hold in her widget: a
    // probe's console said her login had ended while her page said "Innlogget".
    ui.caseFacts.replaceChildren(...factRow("Søknader", "Ikke hentet: samtalen er avsluttet. Saken hentes bare "
      + "mens samtalen pågår."));
    ui.caseFacts.dataset.state = "closed";
    ui.caseSection.hidden = false;
    return;
  }
  if (result && result.logged_in === false) {
    // The login ended between the conversation's read and the case's (the token ran out): the router read no case,
    // so nothing is known of an application. Never "ingen digital søknad" for a bruker who may well have one.
    const mayAsk = conversation.state === "ASSIGNED" && isMine(conversation);
    if (mayAsk) ui.requestLogin.hidden = false; // the conversation said logged in when it was read
    ui.caseFacts.replaceChildren(...factRow("Søknader", "Ikke hentet: brukerens innlogging er avsluttet. Brukeren "
      + `kan logge inn igjen${mayAsk ? ", og du kan be om det med «Be brukeren logge inn»" : ""}.`));
    ui.caseFacts.dataset.state = "logged-out";
    ui.caseSection.hidden = false;
    return;
  }
  delete ui.caseFacts.dataset.state;
  showPerson(result.person);
  const offices = result.offices || {};
  const rows = (result.facts || []).flatMap((fact, index) => [
    ...factRow(`Søknad ${index + 1}`, caseLine(fact)),
    ...factRow("Kontor", fact.nav_kontor ? offices[fact.nav_kontor] || fact.nav_kontor : null),
    ...factRow("Etterspurt", (fact.dokumenter || []).map((d) => `${d.dokumenttype} (${deadlineText(d.innsendelsesfrist)})`).join("; ")),
    ...factRow("Vedtak", (fact.vedtak || []).length ? `fattet ${fact.vedtak.map(caseDate).join(", ")}: se vedtaksbrevet` : null),
    ...factRow("Utbetalinger", (fact.utbetalinger || []).map((p) =>
      [caseAmount(p.belop), PAYMENT_STATUS[p.status] || p.status, caseDate(p.dato)].filter(Boolean).join(" ")).join("; ")),
  ]);
  if (result.withheld) {
    // Need to know: the kommune has not given the kontaktsenter innsyn in its cases (digisos innsyn_nks).
    rows.push(...factRow("Ikke vist", `${result.withheld} søknad${result.withheld === 1 ? "" : "er"}: kommunen har ikke gitt kontaktsenteret innsyn`));
  }
  ui.caseFacts.replaceChildren(...(rows.length ? rows : factRow("Søknader", "ingen digital søknad")));
  ui.caseSection.hidden = false;
}

/** Who the logged-in bruker is, for looking her up and calling her back (probe 162: "Innlogget: ja" and nothing
 * of who). The router audits each read of it. */
function showPerson(person) {
  if (!person) return;
  ui.personFacts.replaceChildren(
    ...factRow("Navn", person.navn || "ikke hentet: personregisteret svarer ikke nå"),
    ...factRow("Fødselsnummer", person.fodselsnummer ? `${person.fodselsnummer.slice(0, 6)} ${person.fodselsnummer.slice(6)}` : null),
  );
  ui.personSection.hidden = false;
}

const LOGIN_REQUESTED = "Brukeren har fått en knapp for å logge inn.";

function requestLogin() {
  runAction("request-login", {}, LOGIN_REQUESTED);
}

function backToBot() {
  // The chat leaves the console: what she says to the bot from now on is not staff's to read (is_for_staff).
  afterDraft("back", () => runAction("back-to-bot", {}, "Samtalen er gitt tilbake til chatroboten.", { leaves: true }));
}

// ---------------------------------------------------------------- transfer: an enhet, then maybe one veileder

function enhetOptionText(enhet) {
  return `${enhet.enhetsnummer} ${enhet.navn}`;
}

function enhetLabel(enhet) {
  return enhet.navn && enhet.navn !== enhet.enhetsnummer ? `${enhet.navn} (${enhet.enhetsnummer})` : enhet.enhetsnummer;
}

/** The enhet the veileder has chosen: picked from the list, or written as its number or its exact name. */
function chosenEnhet() {
  const text = ui.transferEnhet.value.trim();
  if (!text) return null;
  const lower = text.toLocaleLowerCase("nb");
  const found =
    view.enheter.find((e) => e.enhetsnummer.toLocaleLowerCase("nb") === lower || enhetOptionText(e) === text) ||
    view.enheter.find((e) => e.enhetsnummer === text.split(/\s+/)[0]);
  if (found) return found;
  // "Frogner" for "Nav Frogner": the name with or without NAV in front, as the hint's own example writes it.
  const bare = (name) => name.toLocaleLowerCase("nb").replace(/^nav\s+/, "");
  const byName = view.enheter.filter((e) => bare(e.navn) === bare(text));
  if (byName.length === 1) return byName[0];
  // Without the list (it did not load), a four-digit number is still an enhet the router may know.
  return !view.enheter.length && /^\d{4}$/.test(text) ? { enhetsnummer: text, navn: "" } : null;
}

async function loadEnheter() {
  try {
    view.enheter = (await session.get("/api/staff/enheter")) || [];
  } catch {
    view.enheter = [];
  }
  ui.transferEnheter.replaceChildren(
    ...view.enheter.map((e) => el("option", { value: enhetOptionText(e), label: e.type_label || "" })),
  );
}

/** The veileder's own enhet in the transfer form, and its colleagues listed at once. */
function transferToOwnEnhet() {
  const own = session.user && view.enheter.find((e) => e.enhetsnummer === session.user.enhetsnummer);
  ui.transferEnhet.value = own ? enhetOptionText(own) : (session.user?.enhetsnummer || "");
  refreshCandidates();
  ui.transferEnhet.focus();
}

function resetTransferForm() {
  ui.transferEnhet.value = "";
  ui.transferNote.value = "";
  view.candidates = { key: null, veiledere: [], loadSeq: view.candidates.loadSeq + 1 };
  ui.transferVeiledere.replaceChildren();
  setChildren(ui.transferVeilederStatus, "");
  ui.transferVeilederField.hidden = true;
}

function candidateLoad(veileder) {
  // No count where it could tell of a protected chat (the router sends null): room or not.
  if (veileder.open_chats === null || veileder.open_chats === undefined) return veileder.has_capacity ? "har plass" : "full";
  return `${veileder.open_chats} av ${veileder.capacity} samtaler${veileder.has_capacity ? "" : " (full)"}`;
}

/** A colleague the router would refuse (no room now, say) is shown, not offered: the reason stands in place of
 * the load (the transfer's own rule, sent as refused_nb). */
function candidateOption(veileder) {
  const online = veileder.presence === "online";
  const refused = veileder.refused_nb || "";
  const radio = el("input", {
    type: "radio",
    name: "transfer-veileder",
    value: veileder.username,
    "data-testid": "transfer-veileder-option",
  });
  radio.disabled = Boolean(refused);
  return el(
    "li",
    {},
    el(
      "label",
      {},
      radio,
      el(
        "span",
        { class: "choice-text" },
        el("span", { class: "name", text: veileder.navn || veileder.username }),
        el("span", { class: online ? "tag ok" : "tag", text: veileder.presence_label || veileder.presence }),
        el("span", { class: "load muted small", "data-testid": refused ? "transfer-veileder-refused" : null,
          text: refused || candidateLoad(veileder) }),
      ),
    ),
  );
}

/** "1 veileder i Nav Frogner (0312) kan ta samtalen" beside "3 veiledere ..." (a probe read "1 veiledere"). */
function veiledereWho(count, enhet) {
  return `${count} ${count === 1 ? "veileder" : "veiledere"} i ${enhetLabel(enhet)} kan ta samtalen`;
}

/** "1 er tilgjengelig nå", "3 er tilgjengelige nå", "ingen er tilgjengelige nå". */
function availableNow(count) {
  if (count === 1) return "1 er tilgjengelig nå";
  return `${count === 0 ? "ingen" : count} er tilgjengelige nå`;
}

/** ``refused``: the router's reason this enhet's queue is no place for the conversation (kode 6 stays at
 * Vikafossen; kode 7 where nobody may see it), said before anything is pressed. */
function renderCandidates(enhet, veiledere, refused = null) {
  const anyone = el("input", { type: "radio", name: "transfer-veileder", value: "", checked: true });
  ui.transferVeiledere.replaceChildren(
    el(
      "li",
      {},
      el("label", {}, anyone, el("span", { class: "choice-text", text: "Ingen bestemt: første ledige veileder i enheten" })),
    ),
    ...veiledere.map(candidateOption),
  );
  const takers = veiledere.filter((v) => !v.refused_nb);
  const available = takers.filter((v) => v.presence === "online").length;
  setChildren(
    ui.transferVeilederStatus,
    takers.length
      ? `${veiledereWho(takers.length, enhet)}, ${availableNow(available)}.`
      : `Ingen andre veiledere i ${enhetLabel(enhet)} kan ta denne samtalen. Den kan likevel settes i enhetens kø.`,
  );
  if (refused) {
    setChildren(ui.transferVeilederStatus, refused);
    anyone.disabled = true; // not to the enhet's queue; only to one of the veiledere listed, if any
    anyone.checked = false;
  }
  ui.transferVeilederField.hidden = false;
}

/** When the chosen enhet changes, list its veiledere who may get this conversation (need-to-know: the router
 * answers only someone who may transfer it, and audits the look-up). */
async function refreshCandidates() {
  const enhet = chosenEnhet();
  const id = view.selectedId;
  const key = enhet && id ? `${id}|${enhet.enhetsnummer}` : null;
  if (key === view.candidates.key) return;
  const loadSeq = view.candidates.loadSeq + 1;
  view.candidates = { key, veiledere: [], loadSeq };
  if (!key) {
    ui.transferVeiledere.replaceChildren();
    ui.transferVeilederField.hidden = true;
    return;
  }
  setChildren(ui.transferVeilederStatus, `Henter veiledere i ${enhetLabel(enhet)} …`);
  ui.transferVeiledere.replaceChildren();
  ui.transferVeilederField.hidden = false;
  try {
    const answer = await session.get(
      `/api/staff/conversations/${encodeURIComponent(id)}/transfer-candidates?enhet=${encodeURIComponent(enhet.enhetsnummer)}`,
    );
    if (loadSeq !== view.candidates.loadSeq) return;
    view.candidates.veiledere = answer.veiledere || [];
    renderCandidates({ ...enhet, navn: enhet.navn || answer.navn }, view.candidates.veiledere, answer.refused_nb);
  } catch (error) {
    if (loadSeq !== view.candidates.loadSeq) return;
    setChildren(ui.transferVeilederStatus, `Fant ikke veiledere i enheten. ${describeError(error)}`);
  }
}

function chosenVeileder() {
  const checked = ui.transferVeiledere.querySelector("input[name='transfer-veileder']:checked");
  const username = checked ? checked.value : "";
  return username ? view.candidates.veiledere.find((v) => v.username === username) || { username, navn: username } : null;
}

function transfer(event) {
  event.preventDefault();
  const enhet = chosenEnhet();
  if (!enhet) {
    showActionMessage(
      "Velg en enhet fra listen, eller skriv enhetsnummeret med fire siffer, for eksempel 0315.",
      "error",
    );
    ui.transferEnhet.focus();
    return;
  }
  const veileder = chosenVeileder();
  const body = { to_enhetsnummer: enhet.enhetsnummer, note: ui.transferNote.value.trim() };
  if (veileder) body.to_veileder = veileder.username;
  const done = (result) => {
    if (!veileder) return `Samtalen er overført til ${enhetLabel(enhet)}.`;
    const where = `${veileder.navn} i ${enhetLabel(enhet)}`;
    return result.state === "ASSIGNED" && veileder.id !== undefined && result.veileder_id === veileder.id
      ? `Samtalen er overført til ${where}, som har fått den nå.`
      : `Samtalen er overført til ${where}. Den venter i enhetens kø, reservert for ${veileder.navn}.`;
  };
  afterDraft("transfer", () => runAction("transfer", body, done, { leaves: true })).then((ok) => {
    if (ok) resetTransferForm();
  });
}

function closeConversation(event) {
  event.preventDefault();
  const chosen = ui.closeOutcome.selectedOptions[0];
  const outcome = ui.closeOutcome.value;
  const note = outcome === THREATS ? ui.closeNote.value.trim() : "";
  if (outcome === THREATS && !note) {
    showActionMessage("Skriv kort hva som skjedde (trusler eller sjikane), til en eventuell anmeldelse eller HMS-avvik.",
      "error");
    ui.closeNote.focus();
    return;
  }
  afterDraft("close", async () => (!CLAIMS_AN_ANSWER.has(outcome) || await endsUnanswered()) && runAction("close",
    note ? { outcome, note } : { outcome },
    `Samtalen er avsluttet (${midSentence(chosen ? chosen.textContent : outcome)}).`
    + (note ? " Den tas vare på som dokumentasjon i ett år, og du kan laste den ned." : ""))).then((ok) => {
    if (ok) ui.closeNote.value = "";
  });
}

// The outcomes that say the bruker was helped: a chat ended so while she waits for an answer is asked about first.
// Not "the bruker left", "not a NAV matter" or threats, where ending it unanswered is the point.
const CLAIMS_AN_ANSWER = new Set(["besvart", "henvist", "annet"]);

/** Whether to end the open chat: asked first when its bruker wrote last and has had no answer (probe 158). */
async function endsUnanswered() {
  const own = view.inbox.find((c) => c.id === view.selectedId);
  const waiting = own && own.awaiting_reply_since;
  if (!waiting) return true;
  const last = own.last_bruker_message;
  setChildren(ui.unansweredQuestion, `Brukeren har ventet på svar siden ${formatWhen(waiting)}. Siste melding fra brukeren`
    + `${last ? ` (${formatWhen(last.created_at)})` : ""}:`);
  setChildren(ui.unansweredText, last ? last.text : "");
  ui.unansweredText.hidden = !last;
  const ends = (await askInDialog(ui.unansweredDialog, ui.unansweredBack)) === "close";
  if (!ends) ui.replyInput.focus();
  return ends;
}

/** Closing as threats or harassment asks what happened (kept with the chat as evidence). */
const THREATS = "trusler";
// What a veileder may close a waiting chat with, not having taken it (the router's QUEUE_DISMISS_OUTCOMES).
const QUEUE_DISMISS = new Set(["ikke_nav", THREATS]);
function showCloseNote() {
  ui.closeNoteField.hidden = ui.closeOutcome.value !== THREATS;
}

/** A label inside a sentence: its first letter small, the rest as written ("ikke en NAV-sak", not "ikke en
 * nav-sak"); one that starts with an abbreviation or with Nav, a name ("NAV-kontoret ...", "Nav Frogner ..."),
 * stays whole. */
function midSentence(label) {
  const text = String(label || "");
  if (/^(?:\p{Lu}{2}|Nav\b)/u.test(text)) return text;
  return text.charAt(0).toLocaleLowerCase("nb") + text.slice(1);
}

/** The fixed choices (presence, how to close) in words, from the router: GET /api/staff/labels. */
async function loadChoices() {
  let choices = { close_outcomes: [], presences: [] };
  try {
    choices = (await session.get("/api/staff/labels")) || choices;
  } catch {
    /* the selects keep what they have; the page still works with the values */
  }
  const fill = (select, list) => {
    if (!list.length) return;
    const current = select.value;
    select.replaceChildren(...list.map((c) => el("option", { value: c.value, text: c.label })));
    if (current && list.some((c) => c.value === current)) select.value = current;
  };
  fill(ui.presence, choices.presences || []);
  fill(ui.closeOutcome, choices.close_outcomes || []);
  const words = choices.reply_words || {};
  replyWords.norwegian = new Set(words.norwegian || []);
  replyWords.english = new Set(words.english || []);
}

/** The status as the router has it, in the select and in the hint under the header: "Frakoblet" gets no chats
 * (probe 162: a veileder logged in at 10:00, Frakoblet as the day starts, was told nothing while brukere in her
 * queue read that nobody was available). */
function showPresence(presence) {
  ui.presence.value = presence;
  view.presence = presence;
  ui.presenceHint.hidden = !(answersBrukere() && presence === "offline");
}

async function setPresence() {
  const wanted = ui.presence.value;
  const open = view.inbox.filter((c) => c.state === "ASSIGNED").length;
  // "Frakoblet" sends every open chat back to the queue and tells each bruker: asked first (a probe's arrow keys
  // on the closed list sent three chats back at once).
  if (wanted === "offline" && open > 0 && !window.confirm(
    open === 1
      ? "Du har 1 åpen samtale. Blir du frakoblet, går den tilbake i køen, og brukeren får beskjed. Vil du bli frakoblet?"
      : `Du har ${open} åpne samtaler. Blir du frakoblet, går de tilbake i køen, og brukerne får beskjed. `
        + "Vil du bli frakoblet?")) {
    ui.presence.value = view.presence || "online";
    return;
  }
  try {
    await session.post("/api/staff/presence", { presence: wanted });
    showPresence(wanted);
    showAppError(null);
  } catch (error) {
    showAppError(error);
  }
}

async function loadTemplates() {
  try {
    view.templates = (await session.get("/api/staff/templates")) || [];
  } catch {
    view.templates = [];
  }
  ui.templateSelect.replaceChildren(el("option", { value: "", text: "Velg en svarmal …" }));
  view.templates.forEach((template, index) => {
    ui.templateSelect.append(el("option", { value: String(index), text: template.title }));
  });
}

function insertTemplate() {
  const template = view.templates[Number(ui.templateSelect.value)];
  if (!template || ui.templateSelect.value === "") return;
  // Templates may greet with {navn}: the veileder's first name, as the bruker sees it in the chat.
  const firstName = (session.displayName() || "").split(/\s+/)[0];
  // In the chat's language where the template is written in it (nynorsk, English), else bokmål: a nynorsk chat got
  // "Jeg forstår at du trenger hjelp i dag", and an English one a reply the "looks Norwegian" warning held.
  const language = openChatLanguage();
  const texts = template.texts || {};
  const wording = (language && Object.hasOwn(texts, language) ? texts[language] : "") || template.text || "";
  const text = String(wording).replaceAll("{navn}", firstName);
  const current = ui.replyInput.value;
  setReplyText(current.trim() ? `${current.replace(/\s+$/, "")}\n${text}` : text);
  if (view.selectedId) keepDraft(view.selectedId, ui.replyInput.value);
  ui.templateSelect.value = "";
  ui.replyInput.focus();
}

// ---------------------------------------------------------------- typing

function postTyping(typing) {
  if (!view.selectedId) return;
  session
    .post(`/api/staff/conversations/${encodeURIComponent(view.selectedId)}/typing`, { typing })
    .catch(() => {});
}

// The counter shows from this share of the limit on: a long reply is seen growing towards it, a short one is not
// cluttered by a number.
const REPLY_COUNT_FROM = 0.8;

function formatCount(n) {
  return n.toLocaleString("nb-NO");
}

function replyTooLong(text) {
  return charCount(text) > view.maxReplyChars;
}

/** The reply box's text, set by the page (a draft, a template, emptied once sent), with its length shown. */
function setReplyText(text) {
  ui.replyInput.value = text;
  updateReplyLength();
  showReplyTranslationNote();
}

/** The reply's length against the router's limit, shown near the limit and said when over it (probe 157: the
 * console had no counter, and the reason came only after Send). */
function updateReplyLength() {
  const text = ui.replyInput.value.trim();
  const count = charCount(text);
  const over = replyTooLong(text);
  ui.replyLength.hidden = count < view.maxReplyChars * REPLY_COUNT_FROM;
  ui.replyLength.classList.toggle("over", over);
  if (!over && view.toldTooLong) {
    view.toldTooLong = false; // shortened: the refusal under Send no longer holds
    ui.replyMessage.hidden = true;
  }
  setChildren(ui.replyLength, over
    ? `${formatCount(count)} av høyst ${formatCount(view.maxReplyChars)} tegn: for langt`
    : `${formatCount(count)} av ${formatCount(view.maxReplyChars)} tegn`);
}

async function loadLimits() {
  view.maxReplyChars = (await loadMaxMessageChars((path) => session.get(path))) ?? view.maxReplyChars;
  updateReplyLength();
}

function onReplyInput() {
  if (view.selectedId) keepDraft(view.selectedId, ui.replyInput.value);
  updateReplyLength();
  showReplyTranslationNote();
  const now = Date.now();
  if (!view.typingActive || now - view.typingSentAt > TYPING_THROTTLE_MS) {
    view.typingActive = true;
    view.typingSentAt = now;
    postTyping(true);
  }
  clearTimeout(view.typingIdleTimer);
  view.typingIdleTimer = setTimeout(stopTypingNotice, TYPING_IDLE_MS);
}

function stopTypingNotice() {
  clearTimeout(view.typingIdleTimer);
  if (view.typingActive) {
    view.typingActive = false;
    postTyping(false);
  }
}

function showUserTyping(on) {
  clearTimeout(view.userTypingTimer);
  ui.userTyping.hidden = !on;
  if (on) view.userTypingTimer = setTimeout(() => (ui.userTyping.hidden = true), 10000);
}

// ---------------------------------------------------------------- live updates

function onSocketEvent(frame) {
  const conversation = frame.conversation || frame.conversation_staff;
  const conversationId = frame.conversation_id || (conversation && conversation.id);
  switch (frame.type) {
    case "message":
    case "message_updated": {
      const message = frame.message || frame.message_staff;
      if (frame.type === "message" && noteExchange(conversationId, message)) renderLists();
      if (conversationId && conversationId === view.selectedId) {
        appendMessage(message);
        // The bruker wrote: they are there, whatever was said of their page before.
        if (message && message.sender === "user" && view.brukerPresence) setBrukerPresence(null);
      } else if (view.inbox.some((c) => c.id === conversationId) && message && message.sender === "user") {
        // Told once per chat until it is opened (a second message, or the same one changed, says nothing new).
        if (frame.type === "message" && !view.unread.has(conversationId)) {
          announce(`Ny melding fra bruker i samtale ${shortId(conversationId)}.`);
        }
        view.unread.add(conversationId);
        renderLists();
      }
      if (message && message.sender === "user" && view.brukerGone.delete(conversationId)) renderLists();
      break;
    }
    case "state":
      refreshListsSoon();
      if (conversationId && conversationId === view.selectedId && conversationId !== view.leaving) {
        if (conversation && conversation.state === "CLOSED" && view.conversation?.state !== "CLOSED") {
          // Ended, by the bruker or someone else: read again, so the transcript says who ("Avsluttet av brukeren")
          // now, not at the next opening.
          selectConversation(conversationId, { focus: false });
        } else if (conversation) {
          const languageChanged = Boolean(conversation.language && view.conversation
            && conversation.language !== view.conversation.language);
          // A push leaves out what the bot learned (it is read when the conversation is opened): keep that.
          view.conversation = { ...view.conversation, ...conversation };
          renderDetails(view.conversation);
          if (languageChanged) rereadMessages();
        } else {
          selectConversation(conversationId, { focus: false });
        }
      }
      break;
    case "typing":
      if (conversationId === view.selectedId && (!frame.sender || frame.sender === "user")) {
        showUserTyping(Boolean(frame.typing));
      }
      break;
    case "read":
      if (conversationId === view.selectedId) markRead(Number(frame.seq));
      break;
    case "withdrawn":
      // Someone else (the kontaktsenter, a leader) moved a conversation this veileder had: out of the inbox now,
      // not at the next refresh (it stood there beside the notice that it is no longer theirs).
      view.inbox = view.inbox.filter((c) => c.id !== conversationId);
      renderLists();
      refreshListsSoon();
      if (conversationId && conversationId === view.selectedId) {
        clearSelection();
        // By whom, where and why, as far as this veileder may know (the router's text_nb).
        showAppError(frame.text_nb || `Samtalen ble flyttet${frame.by ? ` av ${frame.by}` : ""}. Den er ikke lenger din.`,
          "info");
      }
      break;
    case "presence":
      // Our own status changed elsewhere (taking a chat while "Frakoblet" makes it "Opptatt"): the select follows.
      if (session.user && frame.veileder_id === session.user.id && frame.presence) showPresence(frame.presence);
      refreshListsSoon();
      break;
    case "queue":
      refreshListsSoon();
      break;
    case "bruker_presence":
      onBrukerPresence(frame);
      break;
    case "history":
      addEvent(frame.conversation_id, frame.event);
      break;
    default:
      break;
  }
}

function onSocketStatus(connected) {
  view.live = connected;
  showLiveStatus();
  if (connected) refreshLists();
}

/** How the page keeps up: live, by its refresh, or not at all while the router does not answer (probe 164: the tag
 * said "Oppdateres hvert 10. sekund" while nothing was). */
function showLiveStatus() {
  const [text, kind] = view.live ? ["Direkte oppdatering", "info"]
    : view.unreachable ? ["Ingen kontakt – prøver igjen", "emergency"] : ["Oppdateres hvert 10. sekund", "warning"];
  setChildren(ui.liveStatus, text);
  ui.liveStatus.className = `tag ${kind}`;
}

/** The periodic refresh: the page's own doing, not the veileder's (it does not put off the idle timeout). */
async function refreshAll() {
  await refreshLists({ background: true });
  // Catch anything the socket missed in the open conversation: new messages, and what the router changed in one
  // without a push (the language it found a bruker's message in). The details wait while the veileder writes.
  if (view.selectedId && view.selectedId !== view.leaving) {
    const id = view.selectedId;
    try {
      const detail = await session.get(`/api/staff/conversations/${encodeURIComponent(id)}`, { background: true });
      if (id !== view.selectedId) return;
      if (document.activeElement !== ui.replyInput) {
        view.conversation = detail.conversation;
        view.mayDownload = detail.may_download_transcript ? id : null;
        renderDetails(detail.conversation);
        renderEarlier(detail.earlier_conversations);
      }
      redrawMessages(detail.messages);
    } catch {
      /* shown by refreshLists */
    }
  }
}

/** What becomes of the veileder's Norwegian for this bruker (GET /api/languages: veileder_replies), said before
 * they write: translated, not translated (the bruker is told and offered a tolk), or to be written in English. */
const REPLY_NOTES = {
  machine_translated: (name) => `Svaret blir maskinoversatt til ${name}.`,
  not_translated: (name) =>
    `Svaret blir ikke oversatt: ingen oversettelse til ${name} er installert. Brukeren får beskjed om det og om tolk. ` +
    "Skriv enkelt, eller på engelsk om brukeren kan det.",
  write_in_it: (name) => `Brukeren skriver ${name}, og svaret oversettes ikke: svar på ${name}.`,
};

/** The open chat's language (null when none is open). */
function openChatLanguage() {
  return view.conversation && view.conversation.id === view.selectedId ? view.conversation.language : null;
}

/** Whether ``text`` is word for word a template the router hands over in the bruker's own language (its fixed
 * text's hand translation, templates.hand_translation): «Tolk» to a bruker whose language nothing translates. */
function handTranslated(text) {
  const sent = text.trim();
  return Boolean(sent) && view.templates.some((template) =>
    template.in_every_language && Object.values(template.texts || {}).includes(sent));
}

function showReplyTranslationNote(code = openChatLanguage()) {
  const language = code ? languageInfo(code) : null;
  const ready = language && language.veileder_replies !== "as_written" && handTranslated(ui.replyInput.value);
  const note = ready
    ? (name) => `Malen er oversatt på forhånd: sendt slik den står, får brukeren den på ${name}.`
    : language ? REPLY_NOTES[language.veileder_replies] : null;
  ui.replyTranslationNote.hidden = !note;
  const text = note ? note(language.name_nb) : "";
  if (ui.replyTranslationNote.textContent !== text) ui.replyTranslationNote.textContent = text;
}

function answersBrukere() {
  return Boolean(session.user && session.user.answers_brukere);
}

/** The revisor alone (the personvernombud's role): she audits who saw what, and sees no queue. */
function isRevisor() {
  return session.hasRole("revisor") && !session.hasRole("admin");
}

async function onReady() {
  const user = session.user;
  setChildren(
    ui.userName,
    `${session.displayName()}${user.enhetsnummer ? `, enhet ${user.enhetsnummer}` : ""}`,
  );
  await loadChoices();
  showPresence(user.presence || ui.presence.value);
  ui.presence.hidden = !answersBrukere();
  ui.presence.labels.forEach((label) => (label.hidden = !answersBrukere()));
  // Admin alone reads no chat (need-to-know): the queue stays in view, said so; no search (a hit tells what was said).
  ui.queueAdminNote.hidden = answersBrukere() || isRevisor();
  // She sees no queue card nor chat: "Kø 0, ingen venter nå" was not so, and an empty sidebar says nothing.
  ui.queue.closest("nav").hidden = isRevisor();
  ui.searchSection.hidden = !answersBrukere();
  ui.inbox.closest("section").hidden = !answersBrukere(); // admin alone has no chats of its own
  setChildren(ui.empty.querySelector("p"), answersBrukere() ? "Velg en samtale i køen eller blant dine samtaler."
    : isRevisor() ? ["Som revisor åpner du ikke samtaler. Hvem som har sett og gjort hva, står i ",
      el("a", { href: "/tilgangslogg", text: "tilgangsloggen (/tilgangslogg)" }), "."]
    : "Som administrator åpner du ikke samtaler. Tallene for køene står på kontaktsentersiden, og hvem som har lest "
      + "hva står i tilgangsloggen.");
  ui.who.hidden = false;
  await loadLanguages().catch(() => {});
  await Promise.all([loadTemplates(), loadEnheter(), loadLimits(), refreshLists()]);
  await reopenAfterReload();
  // The own enhet by its name once the enheter are known ("Nav Frogner (0312)").
  const own = view.enheter.find((e) => e.enhetsnummer === user.enhetsnummer);
  if (own) setChildren(ui.userName, `${session.displayName()}, ${enhetLabel(own)}`);
  if (!view.socket) {
    view.socket = new StaffSocket({
      onEvent: onSocketEvent,
      onStatus: onSocketStatus,
      onLateReply: arrivedAfterAll,
      onSessionEnded: (ending) => session.ended(ending),
    });
  }
  view.socket.watch(view.selectedId); // a chat reopened after a reload: its content live from the first connect
  view.socket.start();
  clearInterval(view.refreshTimer);
  view.refreshTimer = setInterval(refreshAll, REFRESH_MS);
  clearInterval(view.tickTimer);
  // Waiting times grow while nobody acts; redraw them from the data we have.
  view.tickTimer = setInterval(renderLists, 15000);
}

/** The session ended (logout, or the router ended it): nothing of any bruker stays in the page, shown or hidden,
 * nor in this tab's storage. On a shared NAV PC the next person could read a hidden transcript with the browser's
 * tools (a tester did). */
function onLoggedOut() {
  view.socket?.stop();
  clearInterval(view.refreshTimer);
  clearInterval(view.tickTimer);
  clearTimeout(view.listsTimer);
  clearTimeout(view.typingIdleTimer);
  clearTimeout(view.userTypingTimer);
  forgetTab();
  forgetEveryBruker();
  ui.who.hidden = true;
}

function forgetEveryBruker() {
  if (ui.draftDialog.open) ui.draftDialog.close("cancel"); // it quotes a reply to a bruker
  if (ui.unansweredDialog.open) ui.unansweredDialog.close("back"); // and this the bruker's words
  view.loadSeq += 1; // a chat still loading is not drawn once it arrives
  view.selectedId = null;
  view.conversation = null;
  view.events = [];
  view.queue = [];
  view.queueHiddenNote = "";
  ui.queueHiddenNote.hidden = true;
  ui.queueHiddenNote.replaceChildren();
  view.inbox = [];
  view.unread.clear();
  view.seenQueue = null;
  view.seenInbox = null;
  view.taken.clear();
  ui.announcer.replaceChildren();
  view.renderedSeqs.clear();
  view.renderedEvents.clear();
  view.transcriptOf = null;
  view.candidates = { key: null, veiledere: [], loadSeq: view.candidates.loadSeq + 1 };
  for (const list of [ui.queue, ui.inbox, ui.searchResults, ui.transcript, ui.tags, ui.facts, ui.summary,
    ui.caseFacts, ui.personFacts, ui.transferVeiledere, ui.transferVeilederStatus, ui.title, ui.appError, ui.actionMessage,
    ui.replyMessage, ui.userName, ui.draftText, ui.draftLanguage]) {
    list.replaceChildren();
  }
  delete ui.title.dataset.conversationId;
  for (const field of [ui.replyInput, ui.searchInput, ui.transferEnhet, ui.transferNote, ui.closeNote, ui.noteText]) {
    field.value = "";
  }
  view.mayDownload = null;
  ui.transcriptLink.hidden = true;
  hideTranscriptForm();
  ui.appError.hidden = true;
  ui.actionMessage.hidden = true;
  ui.replyMessage.hidden = true;
  ui.searchEmpty.hidden = true;
  ui.caseSection.hidden = true;
  ui.personSection.hidden = true;
  ui.earlierSection.hidden = true;
  ui.earlierList.replaceChildren();
  view.earlierOf = null;
  view.earlierIds = null;
  ui.transferVeilederField.hidden = true;
  ui.userTyping.hidden = true;
  ui.body.hidden = true;
  ui.empty.hidden = false;
  renderLists();
}

// ---------------------------------------------------------------- wiring

ui.replyForm.addEventListener("submit", sendReply);
ui.searchForm.addEventListener("submit", search);
ui.transcriptLink.addEventListener("click", toggleTranscriptForm);
ui.transcriptForm.addEventListener("submit", downloadTranscript);
ui.replyInput.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    ui.replyForm.requestSubmit();
  }
});
ui.replyInput.addEventListener("input", onReplyInput);
// Only an explicit choice inserts a template: "Sett inn", or Enter on the list. On "change" the first ArrowDown
// through the list put the greeting in the reply and took the focus away (a probe's screen reader user, WCAG 3.2.2).
ui.templateInsert.addEventListener("click", insertTemplate);
ui.templateSelect.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.isComposing) {
    event.preventDefault();
    insertTemplate();
  }
});
ui.takeSelected.addEventListener("click", () => view.selectedId && takeConversation(view.selectedId));
ui.backToBot.addEventListener("click", backToBot);
ui.requestLogin.addEventListener("click", requestLogin);
ui.transferForm.addEventListener("submit", transfer);
ui.transferEnhet.addEventListener("change", refreshCandidates);
ui.transferOwnEnhet.addEventListener("click", transferToOwnEnhet);
ui.transferEnhet.addEventListener("input", () => {
  clearTimeout(view.candidatesTimer);
  view.candidatesTimer = setTimeout(refreshCandidates, 300);
});
ui.closeForm.addEventListener("submit", closeConversation);
ui.noteForm.addEventListener("submit", saveNote);
ui.closeOutcome.addEventListener("change", () => { view.outcomeChosenBy = "veileder"; showCloseNote(); });
ui.draftSend.addEventListener("click", () => ui.draftDialog.close("send"));
ui.draftDrop.addEventListener("click", () => ui.draftDialog.close("drop"));
ui.draftCancel.addEventListener("click", () => ui.draftDialog.close("cancel"));
ui.unansweredBack.addEventListener("click", () => ui.unansweredDialog.close("back"));
ui.unansweredClose.addEventListener("click", () => ui.unansweredDialog.close("close"));
ui.presence.addEventListener("change", setPresence);
ui.presenceHintOnline.addEventListener("click", () => {
  ui.presence.value = "online";
  setPresence();
});
setupLogin(session, {
  loginSection: ui.loginSection,
  appSection: ui.app,
  form: ui.loginForm,
  errorBox: ui.loginError,
  onReady,
  onLoggedOut,
  logoutButton: ui.logout,
  openChats: () => view.inbox.filter((c) => c.state === "ASSIGNED").length,
});
