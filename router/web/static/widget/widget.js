// The bruker's chat widget: creates (or continues) a conversation, shows it live over a WebSocket
// (polling when the socket is down), sends messages once even when the network drops mid-send: over the socket
// while it is open (the bot's turn starts sooner than after a request), by POST when it is not.
// All message text goes into text nodes; nothing from the server is ever parsed as HTML.
// Every text the widget writes itself is hand-written in router/texts, in the conversation's language: the page
// comes with one language's texts (#widget-texts) and GET /api/widget/texts gives another when the language changes.

import {
  charCount,
  el,
  formatClock,
  loadMaxMessageChars,
  newId,
  outOfOrder,
  PING_INTERVAL_MS,
  placeMessage,
  PONG_TIMEOUT_MS,
  serverNow,
  setChildren,
  sleep,
  wsUrl,
} from "/static/shared/dom.js";
import {
  forgetConversation,
  HttpError,
  loadSavedConversation,
  loadUnsent,
  NetworkError,
  request,
  saveConversation,
  saveUnsent,
} from "/static/widget/bruker_api.js";

const POLL_INTERVAL_MS = 3000;
const TYPING_THROTTLE_MS = 3000;
const TYPING_IDLE_MS = 4000;
const SEND_RETRY_DELAYS_MS = [0, 1000, 2000, 4000, 8000, 15000];
// A 429 is waited out (its Retry-After) when it is this short; a longer one leaves the message "not sent".
const MAX_RETRY_AFTER_MS = 30000;
// A message sent over the socket and not answered in this time: the socket is taken for dead, the message posted.
const SOCKET_SEND_TIMEOUT_MS = 8000;
// The counter shows from this share of the longest message on.
const COUNTER_FROM = 0.8;

const STATUS_KEY = {
  BOT: "widget_status_bot",
  QUEUED: "widget_status_queued",
  ASSIGNED: "widget_status_assigned",
  CLOSED: "widget_status_closed",
};
const LANGUAGE_CHOICE = /^router:language:([a-z]{2,3})$/;

const $ = (id) => document.getElementById(id);
const ui = {
  status: $("status"),
  notice: $("notice"),
  noticeText: $("notice-text"),
  retry: $("retry-button"),
  callOrRetry: document.querySelector("#notice [data-text='widget_call_or_retry']"),
  messages: $("messages"),
  scroller: document.querySelector(".messages-wrap"),
  typing: $("typing-indicator"),
  picker: $("language-picker"),
  pickerList: $("language-list"),
  pickerCancel: $("language-cancel"),
  form: $("composer"),
  input: $("message-input"),
  send: $("send-button"),
  handoff: $("handoff-button"),
  close: $("close-button"),
  closeConfirm: $("close-confirm"),
  closeConfirmButton: $("close-confirm-button"),
  closeCancel: $("close-cancel-button"),
  newChat: $("new-chat-button"),
  download: $("download-button"),
  charCount: $("char-count"),
  lengthNotice: $("length-notice"),
  languageButton: $("language-button"),
  login: $("login-button"),
  logout: $("logout-button"),
  loginBadge: $("login-badge"),
  logoutReminder: $("logout-reminder"),
  logoutReminderButton: $("logout-reminder-button"),
};

// ---------------------------------------------------------------- the widget's own texts

const texts = {
  current: readPageTexts(),
  byLanguage: new Map(), // code -> bundle from GET /api/widget/texts
  wanted: null, // the language the conversation is in (the latest asked for)
};

function readPageTexts() {
  try {
    return JSON.parse($("widget-texts").textContent);
  } catch {
    return { lang: "nb", dir: "ltr", phone: "", phone_tel: "", texts: {} };
  }
}

/** The text for `key` in the current language, `{name}` placeholders filled from `params`. */
function t(key, params = {}) {
  const text = texts.current.texts[key] ?? "";
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

// Numbers written in groups ("+47 55 55 33 33", "116 117", "10 000") read left to right in every language; in
// right-to-left text (ar, fa, ur) the groups would otherwise be laid out right to left: "33 33 55 55 +47".
// Every number is looked at (a lone "112" too), but only groups are isolated, as before.
const NUMBERS = /\+?\d+(?:[ \u00a0]\d+)*/g;

// The phone numbers the bot's and the router's texts give, each a tel: link (a probe on a phone could tap only NAV's
// 55 55 33 33, not 116 117, 112 or 113): a Norwegian eight-digit number written in groups as Norwegians write
// them ("22 40 00 40", "800 12 345", "+47 ..."), and the short emergency and helpline numbers. Nothing else: amounts
// ("10 000 kroner", "NOK 112"; Babel groups by three), dates, postnumre (four digits), kontonumre (1234 56 78903),
// masked words ("[telefonnummer]") and numbers inside other numbers or words stay text.
const EIGHT_DIGITS = /^(?:\+47[ \u00a0])?(?:\d{2}(?:[ \u00a0]\d{2}){3}|\d{3}[ \u00a0]\d{2}[ \u00a0]\d{3})$/;
// 110 brann, 112 politi, 113 ambulanse; 116 xxx: the harmonised helplines (116 117 legevakt, 116 123 Mental Helse,
// 116 006 Vold- og overgrepslinjen, 116 111 Alarmtelefonen for barn og unge, 116 000 savnede barn).
const SHORT_NUMBERS = new Set(["110", "112", "113", "116000", "116006", "116111", "116117", "116123"]);
const JOINED_BEFORE = /[\p{L}\p{N}.,/:\-]$/u; // "A113", "1.112", "3/112"
const JOINED_AFTER = /^(?:[\p{L}\p{N}]|[.,:/\-]\d)/u; // "112a", "113,5"
const AMOUNT_BEFORE = /(?:\bkr\.?|\bNOK|§)\s*$/i;
const AMOUNT_AFTER = /^\s*(?:kr\b|kroner|NOK\b|,-|%|prosent|percent)/i;

/** The tel: address for `number` found between `before` and `after`, or null when it is no phone number. */
function telFor(number, before, after) {
  const { phone, phone_tel: tel } = texts.current;
  if (phone && number.endsWith(phone)) return tel;
  if (JOINED_BEFORE.test(before) || JOINED_AFTER.test(after)) return null;
  const digits = number.replace(/[ \u00a0]/g, "");
  if (EIGHT_DIGITS.test(number)) return digits.startsWith("+") ? digits : `+47${digits}`;
  if (SHORT_NUMBERS.has(digits) && !AMOUNT_BEFORE.test(before) && !AMOUNT_AFTER.test(after)) return digits;
  return null;
}

// Web addresses in the bot's, the router's and the veileder's words, each a link that opens in a new tab (a probe's
// veileder wrote https://www.nav.no/sosialhjelp/soknad, and on a phone it had to be copied by hand): http(s)
// addresses, and nav.no's own written bare ("nav.no/sosialhjelp", "www.nav.no"). Not inside an e-mail address or a
// longer name; a full stop or bracket after an address ends the sentence, not the address.
const WEB_ADDRESS = /\bhttps?:\/\/[^\s<>"]+|(?<![@\w.-])(?:[a-z0-9-]+\.)*nav\.no\b(?:\/[^\s<>"]*)?/gi;
const AFTER_ADDRESS = /[.,;:!?)\]»”'"]+$/;

/** `text` into `node`: web addresses as links, and each number group isolated left to right, each phone number a
 * tel: link (``links``: the bruker's own words get neither link, only the isolation). */
function appendText(node, text, { links = true } = {}) {
  if (!links) {
    appendNumbers(node, text, false);
    return;
  }
  let last = 0;
  for (const match of text.matchAll(WEB_ADDRESS)) {
    const address = match[0].replace(AFTER_ADDRESS, "");
    appendNumbers(node, text.slice(last, match.index), true);
    const href = /^https?:\/\//i.test(address) ? address : `https://${address}`;
    node.append(el("a", { href, target: "_blank", rel: "noopener noreferrer", class: "web-address", dir: "ltr",
                          text: address }));
    last = match.index + address.length;
  }
  appendNumbers(node, text.slice(last), true);
}

/** `text` into `node` as text nodes, each number group isolated left to right; each phone number a tel: link. */
function appendNumbers(node, text, links) {
  let last = 0;
  for (const match of text.matchAll(NUMBERS)) {
    const number = match[0];
    const end = match.index + number.length;
    const tel = links ? telFor(number, text.slice(0, match.index), text.slice(end)) : null;
    const grouped = /[ \u00a0]/.test(number);
    if (!tel && !grouped) continue; // a lone number that is no phone number stays in the text around it
    node.append(text.slice(last, match.index));
    node.append(
      tel
        ? el("a", { href: `tel:${tel}`, class: "phone", dir: "ltr", text: number })
        : el("bdi", { dir: "ltr", text: number }),
    );
    last = end;
  }
  node.append(text.slice(last));
}

/** Text into `node` (the widget's own texts); the same text is left alone (a status line is not read out again). */
function fillText(node, text) {
  if (node.textContent === text) return;
  node.replaceChildren();
  appendText(node, text);
}

/** Every text the widget shows, in the current language; the page's direction too (ar, fa, ur: right to left). */
function applyTexts() {
  const root = document.documentElement;
  root.lang = texts.current.lang;
  root.dir = texts.current.dir;
  document.title = t("widget_title");
  // Labels in the message log a screen reader has read (the sender, "machine translated") come twice: a visible
  // copy (aria-hidden) that follows the language and a spoken one that keeps its words, so the log is not read again.
  for (const node of document.querySelectorAll("[data-text]")) {
    fillText(node, t(node.dataset.text));
    // A node that names its own language (a placeholder put in the widget's words, notHers) names the new one: a
    // screen reader would read the new words in the old language.
    if (node.hasAttribute("lang")) node.lang = texts.current.lang;
  }
  for (const node of document.querySelectorAll("[data-text-aria-label]")) {
    node.setAttribute("aria-label", t(node.dataset.textAriaLabel));
  }
  ui.languageButton.setAttribute("aria-label", `${t("widget_choose_language")}: ${t("language_name")}`);
  ui.languageButton.title = t("widget_choose_language");
  // The privacy page in the widget's language (the router serves nb, nn and en; English for the others).
  $("privacy-link").href = `/personvern?lang=${encodeURIComponent(texts.current.lang)}`;
  ui.input.placeholder = chat.state === "CLOSED" ? t("widget_status_closed") : t("widget_placeholder");
  fitComposer();
  for (const node of ui.messages.querySelectorAll(".message")) {
    const who = node.querySelector(".who");
    const label = whoLabel({ sender: node.dataset.sender, author_name: node.dataset.author });
    if (who && who.textContent !== label) who.textContent = label;
  }
  // The day's visible copy only: relabelling the spoken one read the divider out again at every change of language.
  for (const node of ui.messages.querySelectorAll(".day-divider time")) {
    const label = dayLabel(node.dateTime);
    if (node.textContent !== label) node.textContent = label;
  }
  if (chat.languages) renderLanguageList();
  if (!ui.lengthNotice.hidden) updateLength();
}

/** Switch the widget's own texts to `code` (the conversation's language); keeps the current ones if unreachable. */
async function useLanguage(code) {
  const lang = String(code || "nb").toLowerCase();
  texts.wanted = lang;
  if (lang === texts.current.lang) return;
  let bundle = texts.byLanguage.get(lang);
  if (!bundle) {
    try {
      bundle = await api("GET", `/api/widget/texts?lang=${encodeURIComponent(lang)}`, undefined, { auth: false });
    } catch {
      return; // the chat works on; the texts follow with the next change
    }
    texts.byLanguage.set(lang, bundle);
  }
  if (texts.wanted !== lang || !bundle || !bundle.texts) return; // the language changed again meanwhile
  texts.current = bundle;
  applyTexts();
}

const chat = {
  id: null,
  token: null,
  state: null,
  // The cursor: every message up to this seq has been received and shown. It moves only over messages received
  // in order (a fetch answers everything after it; a caught-up socket pushes in order), never over the confirmation
  // of her own message: a veileder's reply stored before it and lost on a dead socket was skipped for good (and
  // marked read by the read receipt) when it did (probe 107 #1).
  lastSeq: 0,
  lastReadSent: 0,
  rendered: new Map(), // seq -> element
  pending: new Map(), // client_msg_id -> element
  // What the bruker typed and the router has not stored yet, kept in this tab's sessionStorage (a reload sends it).
  unsent: new Map(), // client_msg_id -> {client_msg_id, text, payload?}
  // The browser says it has no network: sends wait for it (they are not given up), and the bruker is told.
  offline: false,
  onlineWaiters: [],
  // The pending message being delivered now (one at a time) and the last seq shown when it was sent: a message
  // stored after it is read after it, whether it arrives before or after its confirmation.
  inFlight: null, // {node, floor}
  socket: null,
  socketReady: false, // authenticated: messages may go over it
  // The socket's catch-up fetch (after "ready") has answered: what it pushes from then on follows the cursor.
  socketCaughtUp: false,
  // The widget's own ping over the socket (a server's WebSocket pings are invisible to a page): a socket gone
  // silently dead (a phone's NAT or cell changed) answers nothing and is given up (probe 107 #2).
  pingTimer: null,
  pongTimer: null,
  sendWaiters: new Map(), // client_msg_id -> {resolve, reject} of a message sent over the socket
  socketWanted: false,
  socketAttempt: 0,
  // The live socket closed and the router has not answered since: the status says the chat is reconnecting.
  reconnecting: false,
  // The router refused a message for the chat itself (401, 403, 404): "Start ny samtale" stays in sight.
  refusedChat: false,
  // While she waits in a queue: whether its chat is staffed now (null: not known, or not waiting), and the timer that
  // asks again when the router said that changes (a chat queued at 14:59 is not staffed at 15:00).
  staffedNow: null,
  staffedTimer: null,
  // A login on this chat was refused as another person's (?login=another_person): "Logg inn" is not offered on it.
  loginRefused: false,
  pollTimer: null,
  pollFailures: 0,
  sendChain: Promise.resolve(),
  typingSentAt: 0,
  typingActive: false,
  typingIdleTimer: null,
  typingHideTimer: null,
  readTimer: null,
  languages: null,
  language: null,
  // Conversation states pushed on the socket so far: a snapshot fetched while one arrived may be older than it.
  statesPushed: 0,
  // The router's limit on a message (GET /api/limits); until it answers, the page's. The textarea has no maxlength:
  // it would cut a longer paste without a word, and the cut text could be sent as if it were all.
  maxChars: Number($("message-input").dataset.maxChars) || 2000,
  limitsLoaded: false,
  // The router asked this address to wait before a new chat (429): the next try's timer.
  startTimer: null,
  // Sends refused with 429 since the last one went through, and whether the bruker was told (once per flood).
  throttled: 0,
  toldSlow: false,
  // seq -> the language the router found a message in after echoing it (message_updated before its echo).
  foundLanguage: new Map(),
};

// ---------------------------------------------------------------- HTTP

async function api(method, path, body, { auth = true } = {}) {
  return request(method, path, body, auth ? chat.token : null);
}

const isTransient = (error) => error instanceof NetworkError || (error instanceof HttpError && error.status >= 500);
// Refused for what was sent (4xx), not for the moment: a timeout (408) or too many at once (429) may pass later.
const refused = (error) =>
  error instanceof HttpError && error.status >= 400 && error.status < 500 && ![408, 429].includes(error.status);
// Refused for the chat, not the words (texts in router/texts): its token no longer opens it, it may not be
// written to from here, or it is gone. The "special characters" text (400/422) would be untrue; each says why and
// that a new conversation is the way on.
const CHAT_REFUSED = { 401: "widget_not_sent_unauthorized", 403: "widget_not_sent_forbidden", 404: "widget_not_sent_gone" };

// ---------------------------------------------------------------- notices and status

/** The error notice: `key` names its text, so it follows a change of language while shown. A calm notice (CALM) is
 * no error: it says what happens and that the widget goes on by itself, with no "call NAV or try again". */
function showNotice(key) {
  if (chat.offline && (key === UNREACHABLE || key === "widget_not_sent_network")) key = OFFLINE_NOTICE;
  // Said once: the same notice shown again is not read out again.
  if (!ui.notice.hidden && ui.noticeText.dataset.text === key) return;
  const calm = CALM.has(key);
  ui.notice.classList.toggle("error", !calm);
  ui.notice.classList.toggle("info", calm);
  ui.callOrRetry.hidden = calm;
  if (calm) ui.retry.hidden = true;
  else if (!chat.offline) ui.retry.hidden = false;
  ui.noticeText.dataset.text = key;
  fillText(ui.noticeText, t(key));
  ui.notice.hidden = false;
}

/** Hides the notice; a calm one only goes with `key` (what it says is still true until its own cause is over). */
function hideNotice(key) {
  if (!ui.notice.hidden && CALM.has(ui.noticeText.dataset.text) && ui.noticeText.dataset.text !== key) return;
  ui.notice.hidden = true;
}

const UNREACHABLE = "widget_unreachable";
const OFFLINE_NOTICE = "widget_offline";
// A shared address (a shelter, a library, NAT) starting many chats at once: the router's 429 on creating one.
const BUSY_HERE = "widget_busy_here";
// Many messages in a short time: sent one by one as the router lets them in.
const SENDING_SLOWLY = "widget_sending_slowly";
// After "Logg ut": logged out of ID-porten too, or not (the bruker should close the browser on a shared computer).
const LOGGED_OUT_EVERYWHERE = "widget_logged_out_idporten";
const LOGOUT_INCOMPLETE = "widget_logout_idporten_incomplete";
// The same on an ended chat: only that she is logged out ("... Samtalen fortsetter uten innlogging." is untrue there);
// the router's own text for it (its message in the chat says the same).
const LOGGED_OUT_CLOSED = "logged_out_closed";
// Back from a login as someone else than the person this chat is tied to (router: login.AnotherPersonsChat): refused
// every time, so no "try again"; a new chat is the way on.
const ANOTHER_PERSON = "widget_login_other_person";
// A placeholder on such a chat: "… Logg inn igjen for å se den." promised a login the page no longer offers; what is
// true for whoever sits here is that it is shown only to the person the chat belongs to (never whose).
const WITHHELD_NOT_HERS = "widget_withheld_other_person";
const CALM = new Set([BUSY_HERE, SENDING_SLOWLY, LOGGED_OUT_EVERYWHERE, LOGGED_OUT_CLOSED, LOGOUT_INCOMPLETE,
  ANOTHER_PERSON]);
// A 429 on creating the chat without Retry-After: tried again after this long; never waited longer than the max.
const BUSY_RETRY_S = 5;
const BUSY_RETRY_MAX_S = 60;
// Sends refused with 429 while messages wait, before the bruker is told why they wait; or one wait this long (s).
const SLOW_AFTER_429S = 2;
const SLOW_WAIT_S = 3;

/** The status line: `key` names its text. */
function showStatus(key) {
  ui.status.dataset.text = key;
  fillText(ui.status, t(key));
}

/** The status of the conversation as the bruker can trust it: without a network, or reconnecting, it says so, not
 * the state last known (a probe read "Venter på ledig veileder …" for 20 s with the server down). */
function stateStatusKey() {
  if (chat.offline) return "widget_offline_status";
  if (chat.reconnecting && chat.state !== "CLOSED") return "widget_reconnecting";
  // Not "waiting for a free veileder" at 21:00 on a Saturday (probe 159): the queue notice says when it opens.
  if (chat.state === "QUEUED" && chat.staffedNow === false) return "widget_status_queued_unstaffed";
  return STATUS_KEY[chat.state];
}

// Asked a second after the change on the router's clock (serverNow: its Date headers); never sooner than this, so
// that a clock heard wrong cannot make the widget ask again and again.
const STAFFED_RECHECK_MIN_MS = 5000;
const LONGEST_TIMER_MS = 2147483647;

/** What the router said of the queue's staffed hours (conversation.staffed_now, staffed_changes_at). */
function setStaffed(conversation) {
  if (!("staffed_now" in conversation)) return;
  chat.staffedNow = conversation.staffed_now;
  clearTimeout(chat.staffedTimer);
  chat.staffedTimer = null;
  const changesAt = Date.parse(conversation.staffed_changes_at || "");
  if (Number.isFinite(changesAt)) {
    const wait = Math.min(Math.max(changesAt + 1000 - serverNow(), STAFFED_RECHECK_MIN_MS), LONGEST_TIMER_MS);
    chat.staffedTimer = setTimeout(() => {
      chat.staffedTimer = null;
      if (chat.id && chat.state === "QUEUED") fetchMessages().catch(() => {});
    }, wait);
  }
}

function showStateStatus() {
  if (!chat.state) return;
  showStatus(stateStatusKey());
  if (chat.reconnecting && chat.state !== "CLOSED") ui.status.dataset.reconnecting = "true";
  else delete ui.status.dataset.reconnecting;
}

/** Lost (the socket closed and the router did not answer) or back (the socket is ready, or the router answered). */
function setReconnecting(on) {
  if (chat.reconnecting === on) return;
  chat.reconnecting = on;
  showStateStatus();
}

function setConversation(conversation) {
  if (!conversation) return;
  if (conversation.language !== undefined && conversation.language !== chat.language) {
    chat.language = conversation.language;
    useLanguage(chat.language);
    updateLength();
  }
  setStaffed(conversation);
  setState(conversation.state);
  if (conversation.logged_in !== undefined) setLoggedIn(conversation.logged_in);
  if (conversation.deleted_text) showMessagesDeleted(conversation.deleted_text);
}

/** Retention deleted what was said (router: "deleted_text", in her language): one line, not a blank chat. */
function showMessagesDeleted(text) {
  let line = ui.messages.querySelector(":scope > .messages-deleted");
  if (!line) {
    line = el("p", { class: "messages-deleted", "data-testid": "messages-deleted" });
    ui.messages.append(line);
  }
  line.textContent = text;
}

// ---------------------------------------------------------------- login (ID-porten)

// Whether the bruker is logged in comes from the router (the conversation's "logged_in"); the page keeps nothing
// of the person: the login session is the router's, behind an HttpOnly cookie this script cannot read.
function setLoggedIn(on) {
  const ended = chat.loggedIn === true && !on;
  chat.loggedIn = Boolean(on);
  if (chat.loggedIn) {
    // Logged in again: what the last logout said is over.
    hideNotice(LOGGED_OUT_EVERYWHERE);
    hideNotice(LOGGED_OUT_CLOSED);
    hideNotice(LOGOUT_INCOMPLETE);
  }
  showLoginControls();
  // A closed chat has no socket: its login's end (expiry) is found by a slow poll, so the page stops showing it.
  watchClosedLogin();
  // The login ended (logged out, expired): what was said during it is hers, and the screen stops showing it.
  if (ended) rereadConversation().catch(() => {});
}

/**
 * "Logg inn" / "Logg ut" as the login and the chat stand. A closed chat keeps its login until "Logg ut" or its expiry
 * (router: Conversation.close), so "Logg ut" stays; a closed chat whose login ended shows "Logg inn" while it holds
 * placeholders ("… Logg inn igjen for å se den."): logged in again as her, it is read again (read-only).
 */
function showLoginControls() {
  const closed = chat.state === "CLOSED";
  const placeholders = Boolean(ui.messages.querySelector(".message.withheld"));
  ui.login.hidden = chat.loggedIn || !chat.id || chat.loginRefused || (closed && !placeholders);
  ui.logout.hidden = !chat.loggedIn;
  ui.loginBadge.hidden = !chat.loggedIn;
  // The person may leave the screen the moment the chat ends: "Husk å logge ut ..." with its own "Logg ut".
  ui.logoutReminder.hidden = !(closed && chat.loggedIn);
  for (const node of ui.messages.querySelectorAll("button.quick-reply[data-payload='router:login']")) {
    node.disabled = chat.loggedIn || closed || chat.loginRefused;
  }
}

const CLOSED_LOGIN_POLL_MS = 60000;

function watchClosedLogin() {
  const watching = chat.state === "CLOSED" && chat.loggedIn && Boolean(chat.id);
  if (!watching) {
    clearInterval(chat.closedLoginTimer);
    chat.closedLoginTimer = null;
  } else if (!chat.closedLoginTimer) {
    chat.closedLoginTimer = setInterval(() => fetchMessages().catch(() => {}), CLOSED_LOGIN_POLL_MS);
  }
}

/**
 * The whole log read again, and each message the router now gives as a placeholder put in place of what is shown:
 * after a login ends, what was said while she was logged in (her case, what she wrote about herself) is read only as
 * "Denne meldingen ble skrevet mens du var innlogget …" by whoever is at this page next, on screen and in "Last ned
 * samtalen" (made from what is shown). One read at a time.
 */
function rereadConversation() {
  if (chat.rereading) return chat.rereading;
  const conversationId = chat.id;
  chat.rereading = (async () => {
    try {
      if (!conversationId) return;
      const data = await api("GET", `/api/conversations/${encodeURIComponent(conversationId)}/messages?after=0`);
      if (chat.id !== conversationId) return;
      for (const message of (data && data.messages) || []) {
        const seq = Number(message.seq);
        const shown = chat.rendered.get(seq);
        if (!shown || !message.withheld) continue;
        const placeholder = buildMessage(message);
        if (shown.dataset.dayStart) placeholder.dataset.dayStart = shown.dataset.dayStart;
        shown.replaceWith(placeholder);
        chat.rendered.set(seq, placeholder);
      }
      syncDays();
      const messages = (data && data.messages) || [];
      renderMessages(messages);
      for (const message of messages) advanceCursor(Number(message.seq));
      showLoginControls();
    } finally {
      chat.rereading = null;
    }
  })();
  return chat.rereading;
}

async function startLogin() {
  if (!chat.id) return;
  disableKeepingFocus(ui.login);
  try {
    const result = await api("POST", `/api/conversations/${encodeURIComponent(chat.id)}/login`, {});
    // The conversation is in sessionStorage: back from the provider, the page continues it.
    leavingOnPurpose();
    window.location.assign(result.url);
  } catch (error) {
    if (error && error.status === 409) {
      // Logged in already (in another tab of this chat): the conversation says so, nothing failed.
      fetchMessages().catch(() => {});
      return;
    }
    showNotice("widget_login_failed");
    ui.login.disabled = false;
  }
}

async function logOut() {
  if (!chat.id) return;
  try {
    const result = await api("POST", `/api/conversations/${encodeURIComponent(chat.id)}/logout`, {});
    setLoggedIn(false);
    // Placeholders in place of what was said while logged in before the page leaves (kept in the back-forward
    // cache, the page must not come back with her case on it).
    await rereadConversation().catch(() => {});
    if (result && typeof result.logout_url === "string" && result.logout_url.startsWith("/oauth2/")) {
      // The chat's login has ended; ID-porten's own session (single sign-on) ends too: the router sends the
      // browser to ID-porten's logout and back here with ?logout=ok. The conversation is in sessionStorage and
      // continues without login. The ID token stays in the router: this script never sees it.
      leavingOnPurpose();
      window.location.assign(result.logout_url);
      return;
    }
  } catch (error) {
    showNotice("widget_login_failed");
  }
  fetchMessages().catch(() => {});
}

// Back from a login: the person's open conversation (queued or with a veileder), opened in a tab since closed or
// in another browser, comes back here instead of this new one (router: services/login.py resume_open_conversation).
// Only the router knows who logged in (the HttpOnly cookie); it answers {resumed: false} when there is nothing.
async function resumeAfterLogin() {
  if (new URLSearchParams(window.location.search).get("login") !== "ok" || !chat.id) return;
  let result = null;
  try {
    result = await api("POST", `/api/conversations/${encodeURIComponent(chat.id)}/resume`, {});
  } catch (error) {
    console.warn("chat.resume_failed", error);
    return;
  }
  if (!result || !result.resumed || !result.id || !result.token) return;
  // A closed conversation comes back to read its answer with the login (its page is as after a close: "Logg ut",
  // "Husk å logge ut ...", and "Start ny samtale" starts anonymous and ends the login).
  forgetConversation();
  resetView();
  chat.id = result.id;
  chat.token = result.token;
  chat.language = result.language ?? null;
  useLanguage(chat.language);
  saveConversation(chat.id, chat.token);
  await fetchMessages();
}

// Back from the provider: ?login=ok|failed, or after "Logg ut" ?logout=ok|incomplete (ID-porten's session ended,
// or could not be ended), says how it went; the address bar is cleaned at once.
function loginResultFromAddress() {
  const query = new URLSearchParams(window.location.search);
  const result = query.get("login");
  const logout = query.get("logout");
  if (!result && !logout) return;
  query.delete("login");
  query.delete("logout");
  const rest = query.toString();
  history.replaceState(null, "", window.location.pathname + (rest ? `?${rest}` : ""));
  if (result === "failed") showNotice("widget_login_failed");
  if (result === "another_person") {
    showNotice(ANOTHER_PERSON);
    chat.refusedChat = true;
    // Whoever sits here is not the person this chat is tied to: no "Logg inn" on it any more (it cannot help them),
    // and nothing says whose it is; "Start ny samtale" is the way on.
    chat.loginRefused = true;
    showLoginControls();
    for (const bubble of ui.messages.querySelectorAll(".message.withheld .bubble")) notHers(bubble);
    ui.newChat.hidden = false;
  }
  if (logout === "ok") showNotice(chat.state === "CLOSED" ? LOGGED_OUT_CLOSED : LOGGED_OUT_EVERYWHERE);
  else if (logout === "incomplete") showNotice(LOGOUT_INCOMPLETE);
}

function setState(state) {
  if (!state || !STATUS_KEY[state]) return;
  const ending = state === "CLOSED" && Boolean(chat.state) && chat.state !== "CLOSED";
  // Where the bruker was when the chat ended under her (the veileder, the sweep): in the widget or nowhere.
  const focusInChat = ending && (!document.activeElement || document.activeElement === document.body
    || $("chat").contains(document.activeElement));
  chat.state = state;
  ui.status.dataset.state = state;
  showStateStatus();
  const closed = state === "CLOSED";
  // Words typed and not sent when it ended stay readable and can be copied (a disabled box hides them from a
  // screen reader and from copying); they are still in the box when a new chat starts.
  const unsentWords = closed && ui.input.value.trim() !== "";
  ui.input.disabled = closed && !unsentWords;
  ui.input.readOnly = unsentWords;
  ui.send.disabled = closed;
  if (state !== "BOT") disableKeepingFocus(ui.handoff);
  else ui.handoff.disabled = false;
  // Not a greyed button a row wide while queued, with a veileder or after the end (on a small screen a row is much).
  ui.handoff.hidden = state !== "BOT";
  // A copy to keep of the conversation, whoever she talks to (the bot's answers too: a probe found it hidden while
  // she talked to the bot).
  ui.download.hidden = false;
  // Beside "Snakk med en veileder" on a phone it is an icon (widget.css), so the conversation keeps its lines.
  ui.download.classList.toggle("compact", state === "BOT");
  ui.close.hidden = closed;
  setLoggedIn(chat.loggedIn);
  if (closed) ui.closeConfirm.hidden = true;
  // Shown too once the router refused this chat (the texts say a new one is the way on), whatever a poll says.
  ui.newChat.hidden = !closed && !chat.refusedChat;
  if (state !== "ASSIGNED") showTyping(false);
  disableQuickReplies();
  ui.input.placeholder = closed ? t("widget_status_closed") : t("widget_placeholder");
  fitComposer();
  if (closed) {
    stopSocket();
    stopPolling();
  }
  // As her own "Avslutt" does: the way on, not the page's start (the focus fell to <body>).
  if (focusInChat) ui.newChat.focus();
}

// ---------------------------------------------------------------- messages

function whoLabel(message) {
  switch (message.sender) {
    case "user":
      return t("widget_you");
    case "bot":
      return t("widget_bot");
    case "veileder":
      // Its own author's name: Kari's words stay Kari's after Aisha takes over (probe 162).
      return message.author_name ? t("widget_veileder_named", { name: message.author_name }) : t("widget_veileder");
    default:
      return "NAV";
  }
}

function nearBottom() {
  const s = ui.scroller;
  return s.scrollHeight - s.scrollTop - s.clientHeight < 120;
}

function scrollToEnd() {
  ui.scroller.scrollTop = ui.scroller.scrollHeight;
}

function buttonLabel(button) {
  if (button.title) return button.title;
  if (String(button.payload || "").includes("language")) return t("widget_choose_language");
  return button.payload || "…";
}

function renderButtons(buttons, language) {
  if (!buttons || !buttons.length) return null;
  const group = el("div", {
    class: "quick-replies",
    role: "group",
    "aria-label": t("widget_answer_options"),
    "data-text-aria-label": "widget_answer_options",
  });
  // The log reads the buttons' words right after the message: without this they read as more of its text.
  group.append(el("span", { class: "visually-hidden", lang: texts.current.lang, text: `${t("widget_answer_options")}:` }));
  for (const button of buttons) {
    const node = el("button", { type: "button", class: "quick-reply", "data-payload": button.payload || "" });
    node.textContent = buttonLabel(button);
    // A language's own name is in that language; the bot's titles are in the message's.
    const chosen = LANGUAGE_CHOICE.exec(String(button.payload || ""));
    if (chosen) node.lang = chosen[1];
    else if (language) node.lang = language;
    node.dir = "auto";
    if (!stillPressable(button.payload)) node.disabled = true;
    if (button.payload === "router:login" && (chat.loggedIn || chat.loginRefused)) node.disabled = true;
    node.addEventListener("click", () => onQuickReply(button, group));
    group.append(node);
  }
  hideLeftQueueButtons(group);
  return group;
}

function metaLine(message, extra) {
  const meta = el("p", { class: "meta" });
  const time = formatClock(message.created_at);
  // A message being sent gets its time once stored: the empty element is filled then (text, not a new node).
  if (time || extra) meta.append(el("time", { datetime: time ? message.created_at : null, text: time }));
  if (message.machine_translated) {
    // The router's label is in the bruker's language; the widget's own only when it sent none (and then, like the
    // sender, it is read in the words it was shown with and only its visible copy follows a change of language).
    const label = message.machine_translated_label;
    meta.append(
      el("span", {
        class: "translated",
        "data-testid": "machine-translated",
        "data-text": label ? null : "machine_translated",
        "aria-hidden": label ? null : "true",
        lang: label ? message.language : null,
        text: label || t("machine_translated"),
      }),
    );
    if (!label) meta.append(el("span", { class: "visually-hidden", lang: texts.current.lang, text: t("machine_translated") }));
  }
  if (extra) meta.append(extra);
  return meta;
}

function buildMessage(message, { pending = false } = {}) {
  const sender = ["user", "bot", "veileder", "system"].includes(message.sender) ? message.sender : "system";
  const node = el("li", {
    class: `message ${sender}${pending ? " pending" : ""}${message.withheld ? " withheld" : ""}`,
    "data-sender": sender,
    "data-testid": "message",
  });
  if (message.seq !== undefined && message.seq !== null) node.dataset.seq = String(message.seq);
  if (message.client_msg_id) node.dataset.clientMsgId = message.client_msg_id;
  if (message.author_name) node.dataset.author = message.author_name;
  // The sender as seen (it follows a change of language) and as a screen reader reads it: said once, in the words
  // of the moment it was written, so relabelling the log never re-reads it.
  const who = whoLabel(message);
  node.append(
    el("p", { class: "who", "aria-hidden": "true", text: who }),
    el("p", { class: "visually-hidden", lang: texts.current.lang, text: who }),
  );
  const bubble = el("p", { class: "bubble", "data-testid": "message-text", dir: "auto" });
  appendText(bubble, message.text ?? "", { links: sender !== "user" });
  if (message.language) bubble.lang = message.language;
  if (message.withheld && chat.loginRefused) notHers(bubble);
  node.append(bubble);
  node.append(metaLine(message, pending ? sendingLabel() : null));
  const buttons = renderButtons(message.buttons, message.language);
  if (buttons) node.append(buttons);
  return node;
}

/** A placeholder's words on a chat where a login was refused as another person's (WITHHELD_NOT_HERS): the widget's
 * own text, so it follows the widget's language (applyTexts) and "Last ned samtalen" saves what is shown. */
function notHers(bubble) {
  bubble.dataset.text = WITHHELD_NOT_HERS;
  bubble.lang = texts.current.lang;
  fillText(bubble, t(WITHHELD_NOT_HERS));
}

// The router's own buttons that still mean something once a veileder has the chat: the language picker and the
// login the veileder asks for. "Tilbake til chatroboten" and "Snakk med en veileder" on earlier notices do not.
const PRESSABLE_WITH_VEILEDER = /^router:(?:language(?::|$)|login$)/;

// The router's buttons that belong to the queue ("Tilbake til chatroboten (du går ut av køen)", and "Nei, jeg
// venter" beside it on the offer to leave): once the bot has the conversation again (after a reload, say) they can
// only be told it is not queued.
const QUEUE_ONLY = /^(?:router:|\/)(?:back_to_bot|stay_in_queue)$/;
// "Jeg er her fortsatt" on the warning before a silent chat is closed: any message after it did the same.
const STILL_HERE = /^(?:router:|\/)still_here$/;

/** Whether a quick reply with this payload may be pressed in the conversation's state: bot suggestions only while
 * the bot answers, the router's own while it waits (and, with a veileder, those above); none once it ended. */
function stillPressable(payload) {
  const value = String(payload || "");
  if (!chat.state) return true;
  if (chat.state === "BOT") return !QUEUE_ONLY.test(value);
  if (chat.state === "CLOSED" || !value.startsWith("router:")) return false;
  return chat.state !== "ASSIGNED" || PRESSABLE_WITH_VEILEDER.test(value);
}

/** Quick replies answer the question they came with; once the conversation moves on they are stale. */
function disableQuickReplies() {
  for (const node of ui.messages.querySelectorAll(".quick-replies button")) {
    if (!stillPressable(node.dataset.payload)) node.disabled = true;
  }
  for (const group of ui.messages.querySelectorAll(".quick-replies")) hideLeftQueueButtons(group);
}

/** A queue's own button that no longer applies is not shown at all, greyed or not: "Tilbake til chatroboten (du går
 * ut av køen)" on a transfer notice stayed in sight once a veileder had the chat, a way out that is not there
 * (leaving a veileder is "Avslutt"). The bot's stale suggestions stay, greyed, as what was asked. A group left with
 * nothing to show is hidden with it. */
function hideLeftQueueButtons(group) {
  for (const node of group.querySelectorAll("button")) {
    if (node.disabled && QUEUE_ONLY.test(node.dataset.payload || "")) node.hidden = true;
  }
  hideIfNothingShown(group);
}

/** A group of quick replies whose every button is hidden is hidden with them. */
function hideIfNothingShown(group) {
  group.hidden = [...group.querySelectorAll("button")].every((node) => node.hidden);
}

/** A queue button shown again (a reminder many messages after the queue notice) replaces the one above it: the chat
 * showed two "Tilbake til chatroboten" buttons, both pressable, for one way out. The newest of each stays. */
function keepNewestQueueButtons() {
  const newest = new Map();
  for (const node of ui.messages.querySelectorAll(".quick-replies button")) {
    const payload = node.dataset.payload || "";
    if (!QUEUE_ONLY.test(payload) || node.hidden) continue;
    const earlier = newest.get(payload);
    if (earlier) {
      earlier.hidden = true;
      const group = earlier.closest(".quick-replies");
      if (group) hideIfNothingShown(group);
    }
    newest.set(payload, node);
  }
}

function renderMessage(message) {
  if (!message || message.seq === undefined || message.seq === null) return;
  const seq = Number(message.seq);
  if (chat.rendered.has(seq)) return;
  if (message.sender === "veileder") showTyping(false);
  const stick = nearBottom();
  const pending = message.client_msg_id ? chat.pending.get(message.client_msg_id) : null;
  let node;
  if (pending) {
    // The same element, now stored: a screen reader read it when it was added and does not read it again.
    node = pending;
    chat.pending.delete(message.client_msg_id);
    forgetUnsent(message.client_msg_id);
    if (chat.inFlight && chat.inFlight.node === node) chat.inFlight = null;
    confirmPending(node, message, seq);
  } else {
    node = buildMessage(message);
    placeMessage(ui.messages, node, seq, message.reply_to, { after: followsInFlight(message) });
  }
  chat.rendered.set(seq, node);
  if (message.sender === "user") retireSuggestionsAbove(node);
  if (message.buttons && message.buttons.some((b) => QUEUE_ONLY.test(String(b.payload || "")))) keepNewestQueueButtons();
  if (message.buttons && message.buttons.some((b) => STILL_HERE.test(String(b.payload || "")))) askedIfStillHere(message);
  syncDays();
  if (stick && message.sender !== "user" && node.offsetHeight > ui.scroller.clientHeight) {
    // Taller than the conversation's window (a queue notice on a phone at 200 % text): its start in view, to be
    // read from the top, not its end; in a short window the page too is brought to it, under the pinned top, where
    // the message box had taken it (typing scrolls back to the box). Probe 158: the notice's start was never shown.
    ui.scroller.scrollTop = node.offsetTop - 8;
    if (window.matchMedia("(max-height: 30rem)").matches) ui.scroller.scrollIntoView({ block: "start" });
  } else if (stick || message.sender === "user") {
    scrollToEnd();
  }
  if (message.sender !== "user") scheduleReadReceipt();
}

/** The warning before a silent chat is closed, come while the bruker is in another tab (filling in the Digisos
 * application, say): the tab's title asks it too ("Er du der fortsatt? – Chat med NAV"), until she looks. */
function askedIfStillHere(message) {
  if (document.visibilityState === "visible" || chat.state !== "BOT") return;
  const question = String(message.text || "").split(/(?<=[?？؟])/u)[0].trim();
  if (question) document.title = `${question} – ${t("widget_title")}`;
}

// ---------------------------------------------------------------- days, and a copy of the chat to keep

const OSLO_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Oslo", year: "numeric", month: "2-digit", day: "2-digit" });

/** "2026-12-08": the day in Norway an ISO time falls on (the clock beside each message is Norway's too); "" if none. */
function dayKey(iso) {
  const date = new Date(iso || "");
  return Number.isNaN(date.getTime()) ? "" : OSLO_DAY.format(date);
}

// The locale of a language where the bare code is not the one NAV's brukere read, as the router's texts have it
// (router/texts/formatting.py _LOCALES): English days as in Britain, "Thursday 24 December", the router's order, not
// the US "Wednesday, December 23".
const DAY_LOCALES = { nb: "nb-NO", nn: "nn-NO", en: "en-GB" };

/** "tirsdag 8. desember" in the chat's language; with the year when it is not this year's (or `withYear`). A language
 * the browser has no dates for (Somali, Tigrinya in some browsers) gets the day as numbers, "2027-03-26", which reads
 * the same in every language: Intl falls back to the browser's own language, and a Somali chat read "fredag 26. mars
 * 2027" in a Norwegian browser. */
function dayLabel(key, { withYear = false } = {}) {
  const date = new Date(`${key}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return key;
  const locale = DAY_LOCALES[texts.current.lang] || texts.current.lang;
  let known = [];
  try {
    known = Intl.DateTimeFormat.supportedLocalesOf([locale]);
  } catch {
    known = [];
  }
  const year = withYear || key.slice(0, 4) !== dayKey(new Date().toISOString()).slice(0, 4) ? "numeric" : undefined;
  // The router's calendar and digits (Babel: Gregorian, Latin digits): Persian read "پنجشنبه ۳ دی" for 24 December.
  const options = { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year, calendar: "gregory",
    numberingSystem: "latn" };
  if (!known.length && texts.current.lang === "nn") return nynorskDay(date, options) || key;
  if (!known.length) return key;
  return new Intl.DateTimeFormat(known[0], options).format(date);
}

// Chromium (Chrome, Edge) has no nynorsk dates: a nynorsk chat's days and its downloaded copy read "2026-12-07"
// where bokmål read "mandag 7. desember". Nynorsk writes them as bokmål does, with its own day names (the months
// are the same words): "måndag 7. desember".
const NYNORSK_WEEKDAYS = ["sundag", "måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag"];

/** "måndag 7. desember" from the browser's bokmål dates and nynorsk's day names; "" when it has no bokmål either. */
function nynorskDay(date, options) {
  if (!Intl.DateTimeFormat.supportedLocalesOf(["nb-NO"]).length) return "";
  return new Intl.DateTimeFormat("nb-NO", options).formatToParts(date)
    .map((part) => (part.type === "weekday" ? NYNORSK_WEEKDAYS[date.getUTCDay()] : part.value))
    .join("");
}

/** The day a shown message was stored on ("" while it is being sent). */
function messageDay(node) {
  return dayKey(node.querySelector(".meta time")?.dateTime);
}

/** A day divider before the first message of each day, and before the first of an older chat not from today: a chat
 * over two days read "15:04" and then "08:58" with nothing between. Only what changed is touched (the log is live). */
function syncDays() {
  const today = dayKey(new Date().toISOString());
  let previous = null;
  for (const node of ui.messages.querySelectorAll(":scope > .message")) {
    const day = messageDay(node);
    if (!day) continue;
    const wanted = (previous === null ? day !== today : day !== previous) ? day : "";
    previous = day;
    if (wanted) node.dataset.dayStart = wanted;
    else delete node.dataset.dayStart;
    const before = node.previousElementSibling;
    if (!wanted || (before && before.classList.contains("day-divider") && before.dataset.day === wanted)) continue;
    node.before(
      el("li", { class: "day-divider", "data-day": wanted, "data-testid": "day-divider" },
        el("time", { datetime: wanted, "aria-hidden": "true", text: dayLabel(wanted) }),
        el("span", { class: "visually-hidden", lang: texts.current.lang, text: dayLabel(wanted) })),
    );
  }
  for (const divider of ui.messages.querySelectorAll(":scope > .day-divider")) {
    const next = divider.nextElementSibling;
    if (!next || next.dataset.dayStart !== divider.dataset.day) divider.remove();
  }
}

/** The conversation as the bruker saw it, as plain text: the day, then each message's time, who wrote and the words. */
function transcriptText() {
  const lines = [t("widget_title")];
  let day = null;
  for (const node of ui.messages.querySelectorAll(":scope > .message")) {
    const own = messageDay(node);
    if (own && own !== day) {
      day = own;
      lines.push("", dayLabel(own, { withYear: true }));
    }
    const time = node.querySelector(".meta time")?.textContent || "";
    const who = node.querySelector(".who")?.textContent || "";
    const words = (node.querySelector("[data-testid='message-text']")?.textContent || "").replace(/\n/g, "\n    ");
    const notes = [...node.querySelectorAll(".meta .translated, .meta .sending, .meta .failed-text")]
      .map((note) => ` (${note.textContent})`)
      .join("");
    lines.push(`${time ? `${time} ` : ""}${who}: ${words}${notes}`);
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** A copy to keep, made here from what is shown (the promises a veileder made are gone once the tab closes). */
function downloadTranscript() {
  // The byte order mark: Notepad and mail programs then read æ, ø and å, not "Ã¸".
  const blob = new Blob(["\ufeff", transcriptText()], { type: "text/plain;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  // Named by the chat's first day, not the day it is saved (probe 134: a Monday chat saved later read as that day's).
  const first = ui.messages.querySelector(":scope > .message");
  const day = (first && messageDay(first)) || dayKey(new Date().toISOString());
  const link = el("a", { href: url, download: `chat-med-nav-${day}.txt`, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/**
 * The message being sent that `message` is read after, or null: one answering a message not shown yet (it answers
 * the one being sent), or one stored since it was sent. Such a message goes after it, not above it.
 */
function followsInFlight(message) {
  const sending = chat.inFlight;
  if (!sending || !sending.node.isConnected || !sending.node.classList.contains("pending")) return null;
  if (message.reply_to !== undefined && message.reply_to !== null) {
    return chat.rendered.has(Number(message.reply_to)) ? null : sending.node;
  }
  return Number(message.seq) > sending.floor ? sending.node : null;
}

/** The router read a stored bruker message again and found its language (it was echoed in the chat's language
 * before its turn read it: an English message in an nb-NO browser kept lang="nb"). Only the lang changes: the words
 * are the bruker's own and were read when sent. */
function updateMessage(message) {
  if (!message || message.sender !== "user" || !message.language || message.seq === undefined) return;
  const seq = Number(message.seq);
  chat.foundLanguage.set(seq, message.language);
  const node = chat.rendered.get(seq)
    || (message.client_msg_id && ui.messages.querySelector(`[data-client-msg-id="${CSS.escape(message.client_msg_id)}"]`));
  const bubble = node && node.querySelector("[data-testid='message-text']");
  if (bubble) bubble.lang = message.language;
}

/** A pending message the router has stored, updated in place: its seq, its time, no "sending" note. */
function confirmPending(node, message, seq) {
  node.classList.remove("pending", "failed");
  node.dataset.seq = String(seq);
  node.dataset.anchor = String(Number(message.reply_to ?? seq));
  const bubble = node.querySelector("[data-testid='message-text']");
  // The echo carries the language of the moment it was stored; one found since (updateMessage) wins.
  const language = chat.foundLanguage.get(seq) || message.language;
  if (bubble && language) bubble.lang = language;
  // The words as the router stored them: a fødselsnummer or phone number typed is masked there ("[fødselsnummer]"),
  // and the number must not stay on screen until a reload.
  if (bubble && typeof message.text === "string" && bubble.textContent !== message.text) {
    bubble.replaceChildren();
    appendText(bubble, message.text, { links: false });
  }
  const meta = node.querySelector(".meta");
  if (meta) {
    for (const stale of meta.querySelectorAll(".sending, .failed-text, .retry")) stale.remove();
    const time = meta.querySelector("time");
    const clock = formatClock(message.created_at);
    if (time && clock) {
      time.dateTime = message.created_at;
      // The time of a message the bruker just sent, filled in the live log, was read out on its own ("14:03").
      time.setAttribute("aria-hidden", "true");
      time.textContent = clock;
    } else if (time) {
      time.remove();
    }
  }
  // Stored in an order its place does not show (rare: a message stored while it was being sent came first).
  if (outOfOrder(node)) {
    node.remove();
    placeMessage(ui.messages, node, seq, message.reply_to);
  }
}

function renderMessages(messages) {
  const sorted = [...(messages || [])].sort((a, b) => Number(a.seq) - Number(b.seq));
  for (const message of sorted) renderMessage(message);
  // A placeholder shown on a closed chat brings "Logg inn" (showLoginControls).
  if (sorted.some((message) => message.withheld)) showLoginControls();
}

// ---------------------------------------------------------------- conversation lifecycle

function params() {
  const query = new URLSearchParams(location.search);
  return { lang: query.get("lang"), kommune: query.get("kommune"), locale: query.get("locale") };
}


function resetView() {
  stopSocket();
  stopPolling();
  chat.id = null;
  chat.token = null;
  chat.state = null;
  chat.lastSeq = 0;
  chat.lastReadSent = 0;
  chat.socketCaughtUp = false;
  chat.reconnecting = false;
  chat.refusedChat = false;
  chat.loginRefused = false;
  chat.staffedNow = null;
  clearTimeout(chat.staffedTimer);
  chat.staffedTimer = null;
  delete ui.status.dataset.reconnecting;
  chat.rendered.clear();
  chat.foundLanguage.clear();
  chat.pending.clear();
  chat.unsent.clear();
  chat.inFlight = null;
  ui.messages.replaceChildren();
  closeLanguagePicker();
}

async function createConversation() {
  const { lang, kommune, locale } = params();
  // The locale of the page the chat was opened from (?locale=), else the browser's. Only a first guess: what the
  // bruker writes decides the language (router/domain/language_policy.py).
  const body = { page_locale: locale || navigator.language || null };
  if (lang) body.language = lang;
  if (kommune) body.kommune = kommune;
  // "Start ny samtale" on a closed chat she is still logged in to: the new chat is anonymous and that login ends
  // (router: services/login.py open_next_chat; a shared PC's next person must not chat as her); the closed chat's
  // token shows this page held it.
  const after = chat.nextAfter;
  chat.nextAfter = null;
  if (after) body.after = after.id;
  const created = after
    ? await request("POST", "/api/conversations", body, after.token)
    : await api("POST", "/api/conversations", body, { auth: false });
  chat.id = created.id;
  chat.token = created.token;
  chat.language = created.language ?? null;
  useLanguage(chat.language);
  saveConversation(chat.id, chat.token);
  setState(created.state);
}

async function fetchMessages() {
  const pushedBefore = chat.statesPushed;
  const conversationId = chat.id;
  const data = await api("GET", `/api/conversations/${encodeURIComponent(chat.id)}/messages?after=${chat.lastSeq}`);
  if (chat.id !== conversationId) return data; // a new chat started meanwhile
  setReconnecting(false);
  // The router read this conversation before answering; a state pushed meanwhile (the language the bruker's words
  // just set, say) may be newer, and a later change is pushed too. Applying the older one would undo it.
  if (data && data.conversation && chat.statesPushed === pushedBefore) setConversation(data.conversation);
  const messages = (data && data.messages) || [];
  renderMessages(messages);
  // Everything after the cursor up to the newest of these was in the answer: the cursor moves over all of it.
  for (const message of messages) advanceCursor(Number(message.seq));
  return data;
}

/** Every message up to `seq` has been received and shown (see chat.lastSeq). */
function advanceCursor(seq) {
  if (!Number.isFinite(seq) || seq <= chat.lastSeq) return;
  chat.lastSeq = seq;
  scheduleReadReceipt();
}

/** The catch-up fetch of a socket just ready; once it answers, the socket's pushes come in order after it. It is
 * tried until it answers: polling stops once the socket is ready, and a reply stored while the old socket was dead
 * came by nothing else (a phone's network changed: the new socket connected, its catch-up hung on an old
 * connection and was given up). */
async function catchUp(socket) {
  const current = () => chat.socket === socket && chat.socketReady;
  for (let attempt = 0; ; attempt += 1) {
    try {
      await fetchMessages();
      break;
    } catch (error) {
      if (!isTransient(error) || !current()) return;
      await sleep(Math.min(10000, 1000 * 2 ** attempt));
      if (!current()) return;
    }
  }
  if (current()) chat.socketCaughtUp = true;
  retryFailedSends();
}

/** Opens the saved chat or a new one. What she sends before its messages are shown waits for them: the router's
 * answer, or its refusal, then reads below the greeting (a refused message typed that fast once stood above it). */
async function start() {
  let shown;
  const opened = new Promise((resolve) => { shown = resolve; });
  enqueueSend(() => opened);
  try {
    await openChat();
  } finally {
    shown();
  }
}

async function openChat() {
  clearTimeout(chat.startTimer);
  chat.startTimer = null;
  hideNotice();
  if (!chat.limitsLoaded) loadLimits();
  showStatus("widget_connecting");
  const saved = loadSavedConversation();
  try {
    if (saved) {
      chat.id = saved.id;
      chat.token = saved.token;
      try {
        await fetchMessages();
        resumeUnsent();
      } catch (error) {
        if (error instanceof HttpError && [401, 403, 404].includes(error.status)) {
          // The saved chat is gone (expired or deleted): start a new one.
          forgetConversation();
          resetView();
          await createConversation();
          await fetchMessages();
        } else {
          throw error;
        }
      }
    } else {
      await createConversation();
      await fetchMessages();
    }
  } catch (error) {
    console.warn("chat.start_failed", error);
    if (error instanceof HttpError && error.status === 429) {
      busyHere(error);
      return;
    }
    hideNotice(BUSY_HERE);
    // Nothing to send to or hand over yet; "Prøv igjen" brings the controls back.
    withoutAChat("widget_unavailable", UNREACHABLE);
    return;
  }
  hideNotice(BUSY_HERE);
  await resumeAfterLogin();
  if (chat.state !== "CLOSED") startSocket();
  loginResultFromAddress();
}

/** No chat to send to or hand over yet (the start failed, or waits its turn): the status and the notice say why. */
function withoutAChat(statusKey, notice) {
  showStatus(statusKey);
  ui.status.dataset.state = "";
  ui.handoff.disabled = true;
  ui.send.disabled = true;
  ui.close.hidden = true;
  showNotice(notice);
}

/** Too many chats started from this address just now (a shelter, a library): said as it is, not "not available",
 * and tried again by itself after the router's Retry-After. Nothing to send to or hand over until then. */
function busyHere(error) {
  withoutAChat("widget_connecting", BUSY_HERE);
  const seconds = Math.min(BUSY_RETRY_MAX_S, Math.max(1, Number(error.retryAfterS) || BUSY_RETRY_S));
  chat.startTimer = setTimeout(start, seconds * 1000);
}

async function startNewChat() {
  chat.nextAfter = chat.loggedIn && chat.state === "CLOSED" ? { id: chat.id, token: chat.token } : null;
  // The router ends that login (open_next_chat): the new chat starts without it.
  if (chat.nextAfter) chat.loggedIn = false;
  hideNotice(ANOTHER_PERSON);
  forgetConversation();
  resetView();
  await start();
  ui.input.focus();
}

// ---------------------------------------------------------------- sending

/** The bot's suggestions above a bruker's message asked something the bruker has answered: a probe pressed the work
 * question's "Student" at the family question, and it was stored there. Once the bruker has written (or pressed)
 * something after them they are greyed; the router's own buttons keep their own rules (stillPressable). */
function retireSuggestionsAbove(node) {
  for (const button of ui.messages.querySelectorAll(".quick-replies button")) {
    const above = button.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING;
    const payload = String(button.dataset.payload || "");
    if (above && (payload.startsWith("/") || STILL_HERE.test(payload))) button.disabled = true;
  }
}

function addPending(clientMsgId, text) {
  const node = buildMessage({ sender: "user", text, client_msg_id: clientMsgId }, { pending: true });
  chat.pending.set(clientMsgId, node);
  ui.messages.append(node);
  retireSuggestionsAbove(node);
  scrollToEnd();
  return node;
}

function sendingLabel() {
  // Not read out: the bruker sent it a moment ago, and "Sender …" after each message was noise in the log (a message
  // that waits long is told by a notice, one that fails by its "Ikke sendt.").
  return el("span", { class: "sending", "data-text": "widget_sending", "aria-hidden": "true", text: t("widget_sending") });
}

/** A message that could not be sent: `reason` names the text that says why. It is no longer being sent, so what is
 * said after it is shown after it (placeMessage puts stored messages before a pending one). */
function markFailed(clientMsgId, reason, canRetry, retry) {
  const node = chat.pending.get(clientMsgId);
  if (!node) return;
  node.classList.remove("pending");
  node.classList.add("failed");
  const meta = node.querySelector(".meta");
  meta.querySelector(".sending")?.remove();
  meta.querySelector(".failed-text")?.remove();
  meta.querySelector(".retry")?.remove();
  meta.append(el("span", { class: "failed-text", "data-text": reason, text: t(reason) }));
  if (canRetry) {
    const again = el("button", {
      type: "button",
      class: "retry secondary",
      "data-text": "widget_retry",
      text: t("widget_retry"),
    });
    again.addEventListener("click", () => {
      node.classList.remove("failed");
      meta.querySelector(".failed-text")?.remove();
      again.remove();
      meta.append(sendingLabel());
      // Sent again now: read after what was said since, as a message typed now would be.
      node.classList.add("pending");
      ui.messages.append(node);
      retry();
    });
    meta.append(again);
  }
}

/** POST one message; the same client_msg_id on every retry, so the router stores it once. */
async function postMessage(clientMsgId, text, payload) {
  const body = { client_msg_id: clientMsgId, text };
  if (payload) body.payload = payload;
  const node = chat.pending.get(clientMsgId);
  if (node) chat.inFlight = { node, floor: chat.lastSeq };
  try {
    await deliverWithRetries(clientMsgId, text, payload, body);
  } finally {
    if (chat.inFlight && chat.inFlight.node === node) chat.inFlight = null;
  }
}

async function deliverWithRetries(clientMsgId, text, payload, body) {
  let lastError = null;
  for (let attempt = 0; attempt < SEND_RETRY_DELAYS_MS.length; attempt += 1) {
    const delay = SEND_RETRY_DELAYS_MS[attempt];
    if (delay) await sleep(delay);
    // Without a network the message waits for it (it stays "being sent"; the notice says why) and is then sent.
    await untilOnline();
    // The live channel may already have delivered the stored message (only its answer was lost).
    if (!chat.pending.has(clientMsgId)) return;
    try {
      // Over a socket that is caught up, what was stored before this message has been pushed already.
      const live = Boolean(chat.socket && chat.socketReady && chat.socketCaughtUp);
      const stored = await deliver(body);
      hideNotice();
      renderMessage(stored);
      settleSlowSending();
      // Its confirmation does not move the cursor: a reply stored before it may not have come (the socket was
      // dead); read from the cursor on, the gap is filled, or found empty.
      if (!live && stored && Number(stored.seq) > chat.lastSeq) fetchMessages().catch(() => {});
      return;
    } catch (error) {
      lastError = error;
      // The network went while it was being sent: this try does not count, the next waits for the network.
      if (chat.offline && isTransient(error)) {
        attempt -= 1;
        continue;
      }
      // Too many messages at once: wait as long as the router asks, then send the same message again.
      if (error instanceof HttpError && error.status === 429 && error.retryAfterS !== null) {
        tellSlowSending(error.retryAfterS);
        const waitMs = error.retryAfterS * 1000;
        if (waitMs <= MAX_RETRY_AFTER_MS) {
          await sleep(waitMs);
          continue;
        }
      }
      if (!isTransient(error)) break;
    }
  }
  const retry = () => enqueueSend(() => postMessage(clientMsgId, text, payload));
  if (isTransient(lastError)) {
    showNotice("widget_not_sent_network");
    markFailed(clientMsgId, "widget_not_sent", true, retry);
  } else if (lastError instanceof HttpError && lastError.status === 409) {
    forgetUnsent(clientMsgId);
    markFailed(clientMsgId, "widget_not_sent_closed", false);
    fetchMessages().catch(() => {});
  } else if (lastError instanceof HttpError && (lastError.status === 413 || tooLong(text))) {
    forgetUnsent(clientMsgId);
    markFailed(clientMsgId, "widget_not_sent_too_long", false);
  } else if (lastError instanceof HttpError && CHAT_REFUSED[lastError.status]) {
    forgetUnsent(clientMsgId);
    markFailed(clientMsgId, CHAT_REFUSED[lastError.status], false);
    chat.refusedChat = true;
    ui.newChat.hidden = false;
  } else if (refused(lastError)) {
    // The router will refuse the same words every time (e.g. a bidi override character): no "Prøv igjen", and not
    // sent again after a reload.
    forgetUnsent(clientMsgId);
    markFailed(clientMsgId, "widget_not_sent_refused", false);
  } else {
    markFailed(clientMsgId, "widget_not_sent", true, retry);
  }
}

/** Many messages in a short time wait for the router (429 after 429, each "Sender …"): the bruker is told once why,
 * and that they go by themselves (a probe's 200 messages sat at "Sender …" for minutes without a word). The 429s
 * of one flood count together, though each message goes through after its own (probe 156: 45 messages, each
 * refused once, waited up to 30 s unexplained); a single wait this long is told at once. */
function tellSlowSending(retryAfterS) {
  chat.throttled += 1;
  const longWait = Number(retryAfterS) >= SLOW_WAIT_S;
  if ((chat.throttled < SLOW_AFTER_429S && !longWait) || chat.toldSlow) return;
  chat.toldSlow = true;
  showNotice(SENDING_SLOWLY);
}

/** A send went through: once nothing waits any more, the flood is over: the notice goes, and a later one is told
 * again. */
function settleSlowSending() {
  if ([...chat.pending.values()].some((node) => node.classList.contains("pending"))) return;
  chat.throttled = 0;
  chat.toldSlow = false;
  hideNotice(SENDING_SLOWLY);
}

/** Over the live socket when it is ready, else by POST; either answers with the stored message or throws as
 * `api` does (HttpError with the status and Retry-After a POST would get, NetworkError). */
function deliver(body) {
  const socket = chat.socket;
  if (!socket || !chat.socketReady || socket.readyState !== WebSocket.OPEN) {
    return api("POST", `/api/conversations/${encodeURIComponent(chat.id)}/messages`, body);
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      chat.sendWaiters.delete(body.client_msg_id);
      reject(new NetworkError("the socket did not answer"));
      abandonSocket(socket); // polling starts and a new socket is tried; the retry posts meanwhile
    }, SOCKET_SEND_TIMEOUT_MS);
    const settle = (fn) => (value) => {
      clearTimeout(timer);
      chat.sendWaiters.delete(body.client_msg_id);
      fn(value);
    };
    chat.sendWaiters.set(body.client_msg_id, { resolve: settle(resolve), reject: settle(reject) });
    try {
      socket.send(JSON.stringify({ type: "send", ...body }));
    } catch (error) {
      chat.sendWaiters.get(body.client_msg_id)?.reject(new NetworkError(String(error)));
    }
  });
}

/** The socket is gone: what waits for its answer is retried (by POST until a new socket is ready). */
function failSocketSends() {
  chat.socketReady = false;
  chat.socketCaughtUp = false;
  for (const waiter of [...chat.sendWaiters.values()]) waiter.reject(new NetworkError("the socket closed"));
}

function enqueueSend(task) {
  // One message at a time keeps the order the bruker typed them in.
  chat.sendChain = chat.sendChain.then(task, task);
  return chat.sendChain;
}

function sendMessage(text, payload) {
  const trimmed = (text || "").trim();
  if (!trimmed || !chat.id || chat.state === "CLOSED") return;
  const clientMsgId = newId();
  disableQuickReplies();
  addPending(clientMsgId, trimmed);
  rememberUnsent(clientMsgId, trimmed, payload);
  stopTypingNotice();
  enqueueSend(() => postMessage(clientMsgId, trimmed, payload));
}

// ---------------------------------------------------------------- unsent messages and the network

function rememberUnsent(clientMsgId, text, payload) {
  const message = { client_msg_id: clientMsgId, text };
  if (payload) message.payload = payload;
  chat.unsent.set(clientMsgId, message);
  if (chat.id) saveUnsent(chat.id, [...chat.unsent.values()]);
}

function forgetUnsent(clientMsgId) {
  if (chat.unsent.delete(clientMsgId) && chat.id) saveUnsent(chat.id, [...chat.unsent.values()]);
}

/** After a reload: what this tab typed and the router had not stored is shown as being sent and sent again, with
 * the same client_msg_id (stored once even if its first send did arrive); in an ended chat it is marked not sent. */
function resumeUnsent() {
  for (const message of loadUnsent(chat.id)) {
    const id = message.client_msg_id;
    if (chat.pending.has(id) || ui.messages.querySelector(`[data-client-msg-id="${CSS.escape(id)}"]`)) continue;
    addPending(id, message.text);
    if (chat.state === "CLOSED") {
      markFailed(id, "widget_not_sent_closed", false);
      continue;
    }
    rememberUnsent(id, message.text, message.payload);
    enqueueSend(() => postMessage(id, message.text, message.payload));
  }
  // The ones marked not sent above are not kept for the next reload.
  saveUnsent(chat.id, [...chat.unsent.values()]);
}

function untilOnline() {
  if (!chat.offline) return Promise.resolve();
  return new Promise((resolve) => chat.onlineWaiters.push(resolve));
}

/** The browser lost or got back its network: the status and a notice say so; back online, what waits is sent. */
function setOffline(on) {
  if (chat.offline === on) return;
  chat.offline = on;
  if (on) {
    if (chat.state) showStatus("widget_offline_status");
    ui.status.dataset.offline = "true";
    showNotice(OFFLINE_NOTICE);
    // Nothing to try again without a network: what waits is sent when it is back.
    ui.retry.hidden = true;
    return;
  }
  delete ui.status.dataset.offline;
  ui.retry.hidden = false;
  showStateStatus();
  if (ui.noticeText.dataset.text === OFFLINE_NOTICE) hideNotice();
  for (const resolve of chat.onlineWaiters.splice(0)) resolve();
  if (!chat.id || !chat.state || chat.state === "CLOSED") return;
  fetchMessages().catch(() => {});
  if (chat.socketWanted && !chat.socket) {
    chat.socketAttempt = 0;
    connectSocket();
  }
  // Given up on while the browser did not yet know it was offline: sent again now, as "Prøv igjen" would.
  retryFailedSends();
}

/** The router answers again (a poll, a socket's catch-up, the network back): the messages given up on for the
 * network (a dead zone longer than the retries) are sent again, in the order typed, each once, with its
 * client_msg_id (stored once whatever came through before). A bus out of a tunnel fires no "online" event, and they
 * stayed "Ikke sendt" (probe 107 #4). */
function retryFailedSends() {
  if (chat.offline || !chat.id || chat.state === "CLOSED") return;
  for (const again of ui.messages.querySelectorAll(".message.failed button.retry")) again.click();
}

function onSubmit(event) {
  event.preventDefault();
  // Ended: the unsent words stay in the box (read-only), for a new chat or to copy.
  if (chat.state === "CLOSED") return;
  const text = ui.input.value;
  if (!text.trim()) {
    ui.input.focus();
    return;
  }
  if (tooLong(text)) {
    // Said before sending, and the text stays in the box to be shortened or split.
    updateLength();
    ui.input.focus();
    return;
  }
  ui.input.value = "";
  updateLength();
  fitComposer();
  sendMessage(text);
  ui.input.focus();
}

// ---------------------------------------------------------------- message length

const tooLong = (text) => charCount(text.trim()) > chat.maxChars;

/** The hand-written "too long" notice in the conversation's language (router/texts). */
function tooLongText() {
  return { code: texts.current.lang, text: t("too_long") };
}

/** A counter from 80 % of the limit, and the notice once the text is over it (it is kept, and not sent). */
/**
 * The message box grows with what it holds, its hint too, up to a fifth of the window; beyond that it scrolls. On
 * a phone it is one line high, and a long hint (Ukrainian "Напишіть тут своє повідомлення") wrapped with its second
 * line cut in half under the first.
 */
function fitComposer() {
  const box = ui.input;
  box.style.height = "";
  const natural = box.offsetHeight;
  const needed = box.scrollHeight + natural - box.clientHeight;
  if (needed > natural) box.style.height = `${Math.min(needed, Math.max(natural, window.innerHeight / 5))}px`;
}

function updateLength() {
  const length = charCount(ui.input.value);
  const max = chat.maxChars;
  const showCount = length >= max * COUNTER_FROM;
  ui.charCount.hidden = !showCount;
  if (showCount) setChildren(ui.charCount, `${length} / ${max}`);
  const over = tooLong(ui.input.value); // as onSubmit decides
  ui.input.setAttribute("aria-invalid", String(over));
  if (over) {
    const { code, text } = tooLongText();
    ui.lengthNotice.lang = code;
    ui.lengthNotice.dir = texts.current.dir;
    if (ui.lengthNotice.textContent !== text) setChildren(ui.lengthNotice, text);
  }
  ui.lengthNotice.hidden = !over;
}

async function loadLimits() {
  const max = await loadMaxMessageChars((path) => api("GET", path, undefined, { auth: false }));
  if (max === null) return; // keep the page's limit; a too long message is still refused before sending
  chat.maxChars = max;
  ui.input.dataset.maxChars = String(max);
  chat.limitsLoaded = true;
  updateLength();
}

function onQuickReply(button, group) {
  const payload = String(button.payload || "");
  if (!stillPressable(payload)) return; // pressed in the moment the conversation moved on
  // The language picker is the router's, never the bot's: its payloads are never sent as a message.
  const chosen = LANGUAGE_CHOICE.exec(payload);
  if (chosen) {
    chooseLanguage(chosen[1]);
    return;
  }
  if (payload.startsWith("router:") && payload.includes("language")) {
    openLanguagePicker();
    return;
  }
  if (payload === "router:handoff") {
    requestHandoff();
    return;
  }
  if (payload === "router:login") {
    startLogin();
    return;
  }
  for (const node of group.querySelectorAll("button")) node.disabled = true;
  sendMessage(buttonLabel(button), payload || undefined);
  ui.input.focus();
}

// ---------------------------------------------------------------- handoff, close, language

/** Disable a button; when it has the focus, the focus goes to the message box first (not to the page). */
function disableKeepingFocus(button) {
  if (document.activeElement === button) {
    if (!ui.input.disabled) ui.input.focus();
    else if (!ui.newChat.hidden) ui.newChat.focus();
  }
  button.disabled = true;
}

async function requestHandoff() {
  if (!chat.id) return;
  disableKeepingFocus(ui.handoff);
  try {
    const result = await api("POST", `/api/conversations/${encodeURIComponent(chat.id)}/handoff`, {});
    hideNotice();
    setState(result && result.state);
  } catch (error) {
    if (isTransient(error)) showNotice("widget_handoff_failed");
    if (chat.state === "BOT") ui.handoff.disabled = false;
  }
  fetchMessages().catch(() => {});
}

async function closeConversation() {
  if (!chat.id) return;
  try {
    const conversation = await api("POST", `/api/conversations/${encodeURIComponent(chat.id)}/close`, {});
    await fetchMessages().catch(() => {});
    setState((conversation && conversation.state) || "CLOSED");
    ui.newChat.focus();
  } catch (error) {
    if (isTransient(error)) showNotice("widget_close_failed");
    else fetchMessages().catch(() => {});
  }
}

// Each language is offered in its own name (router/texts, via GET /api/languages), so a person who reads no
// Norwegian still finds theirs.
function languageLabel(language) {
  return language.name || language.code;
}

async function openLanguagePicker() {
  ui.picker.hidden = false;
  ui.languageButton.setAttribute("aria-expanded", "true");
  if (!chat.languages) {
    const loading = (key) => el("p", { "data-text": key, text: t(key) });
    setChildren(ui.pickerList, loading("widget_loading_languages"));
    try {
      chat.languages = await api("GET", "/api/languages", undefined, { auth: false });
    } catch {
      setChildren(ui.pickerList, loading("widget_languages_failed"));
      return;
    }
  }
  renderLanguageList();
  (ui.pickerList.querySelector("[aria-current='true']") || ui.pickerList.querySelector("button"))?.focus();
}

function closeLanguagePicker() {
  ui.picker.hidden = true;
  ui.languageButton.setAttribute("aria-expanded", "false");
}

function renderLanguageList() {
  ui.pickerList.replaceChildren();
  for (const language of chat.languages || []) {
    if (language.picker === false) continue;
    const button = el("button", {
      type: "button",
      class: "secondary",
      "data-language": language.code,
      "aria-current": language.code === texts.current.lang ? "true" : null,
    });
    // The language's own name, and the Norwegian name for NAV staff helping on the phone (and in case
    // the device lacks a font for the script).
    const native = el("span", { lang: language.code, text: languageLabel(language) });
    button.append(native);
    const norwegian = language.name_nb || language.code;
    if (!["nb", "nn", "no"].includes(language.code) && norwegian !== language.code) {
      button.append(el("span", { class: "norwegian-name", lang: "nb", text: ` (${norwegian})` }));
    }
    button.addEventListener("click", () => chooseLanguage(language.code));
    ui.pickerList.append(button);
  }
}

async function chooseLanguage(code) {
  if (!chat.id) return;
  try {
    const conversation = await api("POST", `/api/conversations/${encodeURIComponent(chat.id)}/language`, {
      language: code,
    });
    if (conversation) setConversation(conversation);
    closeLanguagePicker();
    ui.input.focus();
    fetchMessages().catch(() => {});
  } catch (error) {
    if (isTransient(error)) showNotice(UNREACHABLE);
  }
}

// ---------------------------------------------------------------- typing and read receipts

function showTyping(on) {
  clearTimeout(chat.typingHideTimer);
  ui.typing.hidden = !on;
  // If the "stopped typing" frame is lost, do not show the indicator forever.
  if (on) chat.typingHideTimer = setTimeout(() => (ui.typing.hidden = true), 10000);
}

function postTyping(typing) {
  if (!chat.id) return;
  api("POST", `/api/conversations/${encodeURIComponent(chat.id)}/typing`, { typing }).catch(() => {});
}

function onInput() {
  // Typing notices matter only when a human may be reading.
  if (chat.state !== "ASSIGNED" && chat.state !== "QUEUED") return;
  const now = Date.now();
  if (!chat.typingActive || now - chat.typingSentAt > TYPING_THROTTLE_MS) {
    chat.typingActive = true;
    chat.typingSentAt = now;
    postTyping(true);
  }
  clearTimeout(chat.typingIdleTimer);
  chat.typingIdleTimer = setTimeout(stopTypingNotice, TYPING_IDLE_MS);
}

function stopTypingNotice() {
  clearTimeout(chat.typingIdleTimer);
  if (chat.typingActive) {
    chat.typingActive = false;
    postTyping(false);
  }
}

function scheduleReadReceipt() {
  clearTimeout(chat.readTimer);
  chat.readTimer = setTimeout(sendReadReceipt, 700);
}

/** Read up to the cursor: every message up to it is shown (never one received out of order beyond a gap). */
function sendReadReceipt() {
  if (!chat.id || document.visibilityState !== "visible") return;
  if (chat.lastSeq <= chat.lastReadSent) return;
  const seq = chat.lastSeq;
  api("POST", `/api/conversations/${encodeURIComponent(chat.id)}/read`, { seq })
    .then(() => {
      chat.lastReadSent = Math.max(chat.lastReadSent, seq);
    })
    .catch(() => {});
}

// ---------------------------------------------------------------- live updates: WebSocket, polling fallback

function startSocket() {
  chat.socketWanted = true;
  connectSocket();
}

function stopSocket() {
  chat.socketWanted = false;
  stopPing();
  if (chat.socket) {
    const socket = chat.socket;
    chat.socket = null;
    failSocketSends();
    socket.close();
  }
}

/** A socket that stopped answering (its ping, a message sent over it) is given up at once: polling starts and what
 * waits for it is posted. Closing a dead socket takes Chromium until its own timeout to say "close" (a minute and
 * more), and a message waited for it meanwhile (probe 107 #5). */
function abandonSocket(socket) {
  if (!socket || chat.socket !== socket) return;
  chat.socket = null;
  stopPing();
  failSocketSends();
  try {
    socket.close();
  } catch {
    /* gone already */
  }
  onSocketLost(chat.id);
}

function stopPing() {
  clearInterval(chat.pingTimer);
  clearTimeout(chat.pongTimer);
  chat.pingTimer = null;
  chat.pongTimer = null;
}

/** Ping the socket now; no answer (nor any other frame) within PONG_TIMEOUT_MS and it is given up. */
function pingSocket() {
  const socket = chat.socket;
  if (!socket || !chat.socketReady || socket.readyState !== WebSocket.OPEN || chat.pongTimer) return;
  try {
    socket.send(JSON.stringify({ type: "ping" }));
  } catch {
    abandonSocket(socket);
    return;
  }
  chat.pongTimer = setTimeout(() => {
    chat.pongTimer = null;
    abandonSocket(socket);
  }, PONG_TIMEOUT_MS);
}

function startPing() {
  stopPing();
  chat.pingTimer = setInterval(pingSocket, PING_INTERVAL_MS);
}

function connectSocket() {
  if (!chat.socketWanted || !chat.id) return;
  const conversationId = chat.id;
  let socket;
  try {
    socket = new WebSocket(wsUrl(`/api/conversations/${encodeURIComponent(conversationId)}/ws`));
  } catch {
    onSocketLost(conversationId);
    return;
  }
  chat.socket = socket;
  chat.socketCaughtUp = false;
  socket.addEventListener("open", () => {
    socket.send(JSON.stringify({ type: "auth", token: chat.token }));
  });
  socket.addEventListener("message", (event) => {
    if (chat.socket !== socket) return; // given up: what it still says comes by the fetches instead
    // Any frame says the socket is alive, as its pong does.
    clearTimeout(chat.pongTimer);
    chat.pongTimer = null;
    let frame;
    try {
      frame = JSON.parse(event.data);
    } catch {
      return;
    }
    onFrame(frame);
  });
  socket.addEventListener("close", () => {
    if (chat.socket !== socket) return;
    chat.socket = null;
    stopPing();
    failSocketSends();
    onSocketLost(conversationId);
  });
}

function onFrame(frame) {
  switch (frame.type) {
    case "ready":
      chat.socketReady = true;
      chat.socketAttempt = 0;
      startPing();
      setReconnecting(false);
      stopPolling();
      hideNotice();
      if (frame.conversation) {
        chat.statesPushed += 1;
        setConversation(frame.conversation);
      }
      // Catch up on anything sent while we were connecting; from then on the socket's pushes move the cursor.
      catchUp(chat.socket);
      break;
    case "message": {
      const message = frame.message || frame.message_user;
      renderMessage(message);
      // In order only once the socket has caught up; before that its catch-up fetch answers for everything after
      // the cursor, this one too.
      if (chat.socketCaughtUp && message && message.seq !== undefined && message.seq !== null) {
        advanceCursor(Number(message.seq));
      }
      break;
    }
    case "message_updated":
      updateMessage(frame.message);
      break;
    case "state": {
      chat.statesPushed += 1;
      const wasClosed = chat.state === "CLOSED";
      if (frame.conversation || frame.conversation_user) setConversation(frame.conversation || frame.conversation_user);
      else setState(frame.state);
      // Ended by the veileder: the router stores its notice ("closed") before it says so, and pushes the notice
      // after the state, when this socket is already closed. It is read here, so the log says the chat ended.
      if (chat.state === "CLOSED" && !wasClosed) fetchMessages().catch(() => {});
      break;
    }
    case "sent":
      chat.sendWaiters.get(frame.client_msg_id)?.resolve(frame.message);
      break;
    case "send_error": {
      const error = new HttpError(frame.status, { error: frame.error }, frame.retry_after_s ?? null);
      chat.sendWaiters.get(frame.client_msg_id)?.reject(error);
      break;
    }
    case "typing":
      if (!frame.sender || frame.sender === "veileder") showTyping(Boolean(frame.typing));
      break;
    case "pong":
      break; // its arrival was the answer
    default:
      break;
  }
}

async function onSocketLost(conversationId) {
  if (!chat.socketWanted || chat.id !== conversationId) return;
  startPolling();
  // Asked at once, not at the next poll: a socket a proxy refuses while the router answers is no lost connection.
  poll();
  chat.socketAttempt += 1;
  await sleep(Math.min(30000, 1000 * 2 ** Math.min(chat.socketAttempt, 5)));
  if (chat.socketWanted && !chat.socket && chat.id === conversationId) connectSocket();
}

function startPolling() {
  if (chat.pollTimer || chat.state === "CLOSED") return;
  chat.pollTimer = setInterval(poll, POLL_INTERVAL_MS);
}

function stopPolling() {
  clearInterval(chat.pollTimer);
  chat.pollTimer = null;
  chat.pollFailures = 0;
}

async function poll() {
  if (!chat.id) return;
  try {
    await fetchMessages();
    chat.pollFailures = 0;
    hideNotice();
    retryFailedSends();
  } catch (error) {
    chat.pollFailures += 1;
    if (isTransient(error)) setReconnecting(true);
    if (chat.pollFailures >= 2 && isTransient(error)) showNotice(UNREACHABLE);
  }
}

// ---------------------------------------------------------------- wiring

ui.form.addEventListener("submit", onSubmit);

// While a veileder has the chat, closing the tab (or going away from the page) asks first, in the browser's own
// words (a page may not choose them): a veileder is writing to this bruker, and would otherwise write to nobody.
// Not while the bot has it (it keeps, and nobody waits), and not on the way to the login or a phone number.
let leftOnPurposeAt = 0;
function leavingOnPurpose() {
  leftOnPurposeAt = Date.now();
}
window.addEventListener("beforeunload", (event) => {
  if (chat.state !== "ASSIGNED" || Date.now() - leftOnPurposeAt < 2000) return;
  event.preventDefault();
  event.returnValue = ""; // older browsers ask only when this is set
});
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("a[href^='tel:']")) leavingOnPurpose();
});
ui.input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    ui.form.requestSubmit();
  }
});
ui.input.addEventListener("input", onInput);
ui.input.addEventListener("input", updateLength);
ui.input.addEventListener("input", fitComposer);
window.addEventListener("resize", fitComposer);
ui.handoff.addEventListener("click", requestHandoff);
// Ending is final, so it takes a second, deliberate press (an easy slip on a phone).
ui.close.addEventListener("click", () => {
  ui.closeConfirm.hidden = false;
  ui.closeConfirmButton.focus();
});
ui.closeCancel.addEventListener("click", () => {
  ui.closeConfirm.hidden = true;
  ui.input.focus();
});
ui.closeConfirm.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  event.preventDefault();
  ui.closeConfirm.hidden = true;
  ui.close.focus();
});
ui.closeConfirmButton.addEventListener("click", () => {
  ui.closeConfirm.hidden = true;
  closeConversation();
});
ui.newChat.addEventListener("click", startNewChat);
ui.download.addEventListener("click", downloadTranscript);
ui.login.addEventListener("click", startLogin);
ui.logout.addEventListener("click", logOut);
ui.logoutReminderButton.addEventListener("click", logOut);
ui.retry.addEventListener("click", () => {
  if (chat.offline) return; // hidden then: nothing to try again without a network
  if (chat.id && chat.state) {
    hideNotice();
    poll();
    if (!chat.socket && chat.state !== "CLOSED") startSocket();
  } else {
    start();
  }
});
ui.pickerCancel.addEventListener("click", () => {
  closeLanguagePicker();
  ui.input.focus();
});
ui.languageButton.addEventListener("click", () => {
  if (ui.picker.hidden) openLanguagePicker();
  else closeLanguagePicker();
});
// Escape closes the open picker wherever the focus is: it moves into the list only once the languages have
// loaded, and an Escape pressed before that went nowhere.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || ui.picker.hidden) return;
  closeLanguagePicker();
  ui.languageButton.focus();
});
// On a narrow screen the help under the message box (no fødselsnummer, NAV's phone) is put at the top of the
// conversation, where it is read first and scrolls away with it: under the box it took three of the few lines a
// 320 x 568 phone has for the conversation. It stays the message box's description (aria-describedby) either way.
const NARROW = window.matchMedia("(max-width: 30rem)");
// A short window too (a phone on its side, the keyboard up): the lines under the box pushed it and the status apart.
const SHORT = window.matchMedia("(max-height: 30rem)");
const help = $("composer-help");
const helpHome = help.nextElementSibling;
function placeHelp() {
  if (NARROW.matches || SHORT.matches) ui.scroller.prepend(help);
  else helpHome.before(help);
}
NARROW.addEventListener("change", placeHelp);
SHORT.addEventListener("change", placeHelp);
placeHelp();
// In a very short window only the status and a notice stay pinned at the top (widget.css): the top is pinned this far
// above the screen's edge, so the title row above the status scrolls away.
const chatTop = document.querySelector(".chat-top");
const VERY_SHORT = window.matchMedia("(max-height: 17.5rem)");
new ResizeObserver(() => {
  const top = chatTop.getBoundingClientRect();
  const above = Math.max(0, Math.round(ui.status.getBoundingClientRect().top - top.top));
  chatTop.style.setProperty("--above-status", `${above}px`);
  // How much of the top stays pinned over a short window's page (widget.css): what gets the focus is scrolled into
  // view below it (probe 158: at 200 % text on a phone the pinned top was 279 px, and "Tilbake til chatroboten" sat
  // under it). Not in the shortest windows, where the pinned part is most of the screen.
  if (!VERY_SHORT.matches) document.documentElement.style.setProperty("--pinned-top", `${Math.round(top.height)}px`);
}).observe(chatTop);
// A notice, the language picker or a phone's keyboard that takes height from the conversation leaves its newest
// lines in view when they were in view: the box shrank from below and hid them until the bruker scrolled.
let readingTheEnd = true;
ui.scroller.addEventListener("scroll", () => { readingTheEnd = nearBottom(); }, { passive: true });
new ResizeObserver(() => { if (readingTheEnd) scrollToEnd(); }).observe(ui.scroller);
window.addEventListener("offline", () => setOffline(true));
window.addEventListener("online", () => setOffline(false));
if (navigator.onLine === false) setOffline(true);
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState !== "visible") return;
  sendReadReceipt();
  document.title = t("widget_title");
  lookAgain();
});
// Back to the page (the phone woke, the tab was chosen, the page came back from the back/forward cache): what came
// meanwhile is fetched, and the socket is asked whether it still lives. A socket that died while the phone slept
// says nothing, and the page showed an old conversation as live (probe 107 #2).
let lookedAt = 0;
function lookAgain() {
  if (!chat.id || !chat.state || chat.state === "CLOSED" || Date.now() - lookedAt < 1000) return;
  lookedAt = Date.now();
  poll();
  pingSocket();
}
window.addEventListener("focus", lookAgain);
window.addEventListener("pageshow", (event) => {
  if (event.persisted) lookAgain();
});

start();
