// Small DOM and formatting helpers shared by the three pages.
// Every piece of user or staff text goes through text nodes (never innerHTML), so a message
// like "<img src=x onerror=alert(1)>" is shown as exactly those characters.

/**
 * Create an element. `attrs` are set with setAttribute (class -> className, dataset via data-*),
 * children may be strings (become text nodes), nodes, or null/false (skipped).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = String(value);
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (value === true) node.setAttribute(key, "");
    else node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replace all children of `node`. */
export function setChildren(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** A wait or a duration in words, the one format of the console's cards and the kontaktsenter page: to the second
 * under ten minutes ("35 s", "1 min 58 s", not "1 min" for 118 s), then in minutes and hours
 * ("12 min", "1 t 5 min"); "–" for unknown. */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(Number(seconds))) return "–";
  const s = Math.max(0, Math.round(Number(seconds)));
  if (s < 60) return `${s} s`;
  if (s < 600) return s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s / 60} min`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} t ${rest} min` : `${hours} t`;
}

// The server's clock as the page last heard it (each staff API answer's Date header): waits and SLA deadlines are the
// server's times, and a PC whose clock is off showed every wait as "0 s" and never an overdue deadline.
let serverOffsetMs = 0;

/** Learn the server's time from an HTTP Date header (whole seconds: the middle of that second is taken). */
export function noteServerDate(header) {
  const t = Date.parse(header || "");
  if (!Number.isNaN(t)) serverOffsetMs = t + 500 - Date.now();
}

/** Now on the server's clock, in milliseconds (Date.now() until a server answer has been seen). */
export function serverNow() {
  return Date.now() + serverOffsetMs;
}

/** Seconds since an ISO time on the server's clock (or null). */
export function secondsSince(iso, now = serverNow()) {
  if (!iso) return null;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  return Math.max(0, (now - t) / 1000);
}

/** "14:05" in Norway's time (the office hours and promised answer times the pages show are Norway's too; a
 * browser set to another zone showed 02:16 beside a list saying 03:16); "" for a missing or bad time. */
export function formatClock(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return d.toLocaleTimeString("nb-NO", { timeZone: "Europe/Oslo", hour: "2-digit", minute: "2-digit" });
}

/** A time staff read beside a conversation, in Norway's time: the clock alone when it is today, with the day
 * otherwise, so a deadline on Monday read on a Friday does not look like one later today. */
export function formatWhen(iso, now = new Date(serverNow())) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const zone = { timeZone: "Europe/Oslo" };
  const clock = d.toLocaleTimeString("nb-NO", { ...zone, hour: "2-digit", minute: "2-digit" });
  if (d.toLocaleDateString("nb-NO", zone) === now.toLocaleDateString("nb-NO", zone)) return clock;
  return `${d.toLocaleDateString("nb-NO", { ...zone, weekday: "short", day: "numeric", month: "short" })} kl. ${clock}`;
}

/** A client message id; crypto.randomUUID needs a secure context, so fall back to getRandomValues. */
export function newId() {
  if (globalThis.crypto && typeof crypto.randomUUID === "function") {
    try {
      return crypto.randomUUID();
    } catch {
      /* not a secure context: fall through */
    }
  }
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** ws:// or wss:// URL for a path on this origin. */
export function wsUrl(path) {
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  return `${proto}//${location.host}${path}`;
}

// Language names (in bokmål, for staff) and the Norwegian path come from the router: GET /api/languages?all=1,
// whose one source is router/texts. Until they are loaded a language shows as its code.
const LANGUAGES = new Map();
let languagesLoading = null;

/** Load the language list once (again after a failure); pages await it before their first render. */
export function loadLanguages() {
  if (!languagesLoading) {
    languagesLoading = fetch("/api/languages?all=1", { headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) throw new Error(`GET /api/languages: ${response.status}`);
        return response.json();
      })
      .then((list) => {
        for (const language of list) LANGUAGES.set(language.code, language);
        return list;
      })
      .catch((error) => {
        languagesLoading = null;
        throw error;
      });
  }
  return languagesLoading;
}

// A page's own ping on an open socket (the widget's, a staff screen's), and how long its answer (or any frame) may
// take before the socket is taken for dead: the router's WebSocket pings are answered by the browser, unseen by the
// page, and a socket whose network is gone stays "open" for minutes.
export const PING_INTERVAL_MS = 20000;
export const PONG_TIMEOUT_MS = 5000;

/** Characters as the router counts them against its limit (Python's len: code points, not UTF-16 units): an emoji
 * is one (probe 164: 1,200 emoji read "2400 / 2000" in the widget and could not be sent). */
export function charCount(text) {
  return [...text].length;
}

/** The router's limit on a message (GET /api/limits, fetched with the page's own client ``get``), or null when it did
 * not answer or answered nonsense: the page keeps its default, and the router still refuses a longer text. */
export async function loadMaxMessageChars(get) {
  try {
    const max = Number((await get("/api/limits"))?.max_message_chars);
    return Number.isInteger(max) && max > 0 ? max : null;
  } catch {
    return null;
  }
}

export function languageName(code) {
  if (!code) return "ukjent";
  return LANGUAGES.get(code)?.name_nb || code;
}

/** A language as GET /api/languages describes it (names, Norwegian path, how veileder replies reach it), or null. */
export function languageInfo(code) {
  return LANGUAGES.get(code) || null;
}

/** nb, nn, da, sv (and "no"): the bot and veiledere read these as written, no machine translation. */
export function isNorwegianPath(code) {
  return Boolean(code && LANGUAGES.get(code)?.norwegian_path);
}

/**
 * Put a transcript message where it is read, in the order the router gives on a reload (reading_order in
 * router/domain/messages.py): in the order of its anchor (`data-anchor`), then of its seq (`data-seq`; without one,
 * after the messages of the same anchor that came before it), and always before the bruker's messages still being
 * sent (`.pending`, not stored yet, so the newest). A bruker who wrote twice before the bot answered reads u1 a1 u2
 * a2; one who wrote before the greeting loaded reads it above their own words. Entries without an anchor (the
 * console's events) stay where they were put.
 *
 * The anchor of an answer (`replyTo`: the seq of the bruker message it answers) is that seq, moved down past what
 * was said to the bruker after that message and before the answer: a queue notice stored during the bot's turn
 * reads above the turn's answer, live as after a reload. A message to the bruker placed later with a seq in such a
 * gap moves the answers after it the same way.
 *
 * `after`: a message still being sent that this one follows (it answers it, or was stored while it was sent):
 * the node goes after it, in order among what follows it, and before any later pending message.
 */
export function placeMessage(list, node, seq, replyTo, { after = null } = {}) {
  const own = Number(seq);
  if (replyTo === null || replyTo === undefined) delete node.dataset.replyTo;
  else node.dataset.replyTo = String(Number(replyTo));
  node.dataset.anchor = String(anchorOf(list, node, own));
  insert(list, node, own, after);
  if (node.dataset.sender !== "user" && !Number.isNaN(own)) reanchorAnswersAfter(list, own);
}

function insert(list, node, seq, after) {
  const anchor = Number(node.dataset.anchor);
  let other = after && after.parentNode === list ? after.nextElementSibling : list.firstElementChild;
  for (; other; other = other.nextElementSibling) {
    if (other === node) continue;
    if (other.classList.contains("pending") || readsAfter(other, anchor, seq)) {
      other.before(node);
      return;
    }
  }
  list.append(node);
}

/** The stored messages of `list` with a seq, but `node`: their seq, anchor and whether the bruker wrote them. */
function storedOf(list, node) {
  const stored = [];
  for (const other of list.children) {
    if (other === node || other.classList.contains("pending")) continue;
    if (other.dataset.seq === undefined || other.dataset.anchor === undefined) continue;
    stored.push({ node: other, seq: Number(other.dataset.seq), anchor: Number(other.dataset.anchor),
      fromBruker: other.dataset.sender === "user" });
  }
  return stored;
}

/** A message's anchor: its own seq; for an answer, the message it answers or, when later, the anchor of anything
 * said to the bruker between the two (reading_order's key). */
function anchorOf(list, node, seq) {
  if (node.dataset.replyTo === undefined) return seq;
  const replyTo = Number(node.dataset.replyTo);
  let anchor = replyTo;
  if (Number.isNaN(seq)) return anchor;
  for (const other of storedOf(list, node)) {
    if (!other.fromBruker && other.seq > replyTo && other.seq < seq) anchor = Math.max(anchor, other.anchor);
  }
  return anchor;
}

/** After a message to the bruker with this seq was placed: the answers it now stands between and the bruker message
 * they answer, in the order they were stored (one's new anchor may move the next), placed again where they read. */
function reanchorAnswersAfter(list, seq) {
  const answers = storedOf(list, null)
    .filter((m) => m.node.dataset.replyTo !== undefined && Number(m.node.dataset.replyTo) < seq && m.seq > seq)
    .sort((a, b) => a.seq - b.seq);
  for (const { node, seq: own } of answers) {
    const anchor = anchorOf(list, node, own);
    if (anchor === Number(node.dataset.anchor)) continue;
    node.dataset.anchor = String(anchor);
    node.remove();
    insert(list, node, own, null);
  }
}

/** Whether the stored message `other` is read after a message of this anchor and seq. */
function readsAfter(other, anchor, seq) {
  if (other.dataset.anchor === undefined) return false;
  const otherAnchor = Number(other.dataset.anchor);
  if (otherAnchor !== anchor) return otherAnchor > anchor;
  return other.dataset.seq !== undefined && !Number.isNaN(seq) && Number(other.dataset.seq) > seq;
}

/** Whether a stored message is out of reading order among its stored neighbours (pending ones are skipped). */
export function outOfOrder(node) {
  const anchor = Number(node.dataset.anchor);
  const seq = Number(node.dataset.seq);
  const stored = (candidate) => candidate && !candidate.classList.contains("pending");
  let before = node.previousElementSibling;
  while (before && (!stored(before) || before.dataset.anchor === undefined)) before = before.previousElementSibling;
  let next = node.nextElementSibling;
  while (next && (!stored(next) || next.dataset.anchor === undefined)) next = next.nextElementSibling;
  if (before && readsAfter(before, anchor, seq)) return true;
  if (next && !readsAfter(next, anchor, seq)) return true;
  return false;
}

// ---------------------------------------------------------------- redrawing without losing the reader's place

/**
 * Make `target` look like `source` (attributes, then children, recursively) by changing only what differs: an
 * unchanged list is not touched, and an element keeps its identity (focus, listeners, a screen reader's place).
 * Input state (value, checked) is the caller's to keep.
 */
export function morph(target, source) {
  for (const { name } of [...target.attributes]) {
    if (!source.hasAttribute(name)) target.removeAttribute(name);
  }
  for (const { name, value } of [...source.attributes]) {
    if (target.getAttribute(name) !== value) target.setAttribute(name, value);
  }
  morphChildren(target, [...source.childNodes]);
  return target;
}

/** The children of `target` made like `children` (nodes or strings), changing only what differs. */
export function morphChildren(target, children) {
  const wanted = children
    .flat()
    .filter((child) => child !== null && child !== undefined && child !== false)
    .map((child) => (child instanceof Node ? child : document.createTextNode(String(child))));
  const current = [...target.childNodes];
  wanted.forEach((source, index) => {
    const existing = current[index];
    if (!existing) {
      target.append(source);
    } else if (existing.nodeType !== source.nodeType || existing.nodeName !== source.nodeName) {
      existing.replaceWith(source);
    } else if (existing.nodeType === Node.ELEMENT_NODE) {
      morph(existing, source);
    } else if (existing.nodeValue !== source.nodeValue) {
      existing.nodeValue = source.nodeValue;
    }
  });
  for (const extra of current.slice(wanted.length)) extra.remove();
  return target;
}

const FOCUSABLE = "button, input, select, textarea, a[href], [tabindex]";

/**
 * Redraw a list (`list`'s children) as `items`: an item whose key (`keyOf`) is already shown is updated in place
 * (morph), new ones are added, gone ones removed, and nothing moves that need not. Keyboard focus inside the list
 * stays where it was; when its item was replaced or removed it goes to the same control of the same item, or of
 * the item now in its place, so a periodic refresh never drops focus to the page.
 */
export function syncList(list, items, keyOf) {
  const active = document.activeElement;
  const focused = active && active !== list && list.contains(active) ? active : null;
  const children = [...list.children];
  const focusedItem = focused ? children.find((child) => child.contains(focused)) : null;
  const focusedKey = focusedItem ? keyOf(focusedItem) : null;
  const focusedIndex = focusedItem ? children.indexOf(focusedItem) : -1;
  const controlIndex = focusedItem ? controlsOf(focusedItem).indexOf(focused) : -1;

  const existing = new Map();
  for (const child of children) {
    const key = keyOf(child);
    if (!existing.has(key)) existing.set(key, child);
  }
  const shown = items.map((item) => {
    const key = keyOf(item);
    const old = existing.get(key);
    if (old && old.nodeName === item.nodeName) {
      existing.delete(key);
      return morph(old, item);
    }
    return item;
  });
  const keep = new Set(shown);
  for (const child of children) if (!keep.has(child)) child.remove();
  shown.forEach((node, index) => {
    const at = list.children[index];
    if (at !== node) list.insertBefore(node, at || null);
  });

  if (!focused || document.activeElement === focused) return;
  if (focused.isConnected && list.contains(focused)) {
    focused.focus({ preventScroll: true });
    return;
  }
  const item =
    shown.find((node) => keyOf(node) === focusedKey) || shown[Math.min(focusedIndex, shown.length - 1)] || null;
  if (!item) return;
  const controls = controlsOf(item);
  controls[Math.min(Math.max(controlIndex, 0), controls.length - 1)]?.focus({ preventScroll: true });
}

function controlsOf(item) {
  return [...(item.matches(FOCUSABLE) ? [item] : []), ...item.querySelectorAll(FOCUSABLE)];
}
