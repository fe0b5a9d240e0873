// Staff session for the veileder console and the kontaktsenter dashboard:
// login form, the CSRF token (kept in memory only), JSON calls, and the staff WebSocket.

import {
  el,
  formatClock,
  noteServerDate,
  PING_INTERVAL_MS,
  PONG_TIMEOUT_MS,
  serverNow,
  setChildren,
  sleep,
  wsUrl,
} from "./dom.js";

export class ApiError extends Error {
  /** ``reasonNb``: the router's reason in bokmål (``error_nb``), when it has one. */
  constructor(status, reason, reasonNb = null) {
    super(reason || `HTTP ${status}`);
    this.status = status;
    this.reason = reason;
    this.reasonNb = reasonNb;
  }
}

/** Norwegian text for an API failure, for staff. */
export function describeError(error) {
  if (!(error instanceof ApiError)) return "Får ikke kontakt med tjenesten. Sjekk nettverket og prøv igjen.";
  // The router's own words when it has them; the English reason (for API clients) is never shown to staff.
  if (error.reasonNb && error.status !== 401) return error.reasonNb;
  switch (error.status) {
    case 401:
      return "Du er ikke logget inn lenger. Logg inn på nytt.";
    case 403:
      return "Du har ikke tilgang til dette.";
    case 404:
      return "Fant ikke samtalen. Den kan være flyttet eller avsluttet.";
    case 400:
      return "Det gikk ikke: noe av det du fylte inn, ble avvist. Sjekk feltene og prøv igjen.";
    case 409:
      return "Det gikk ikke nå: samtalen er endret av noen andre. Se den oppdaterte samtalen.";
    case 413:
      return "Teksten er for lang. Del den opp.";
    case 429:
      return "Mange forespørsler på kort tid. Vent litt og prøv igjen.";
    case 503:
      return "Tjenesten får ikke lagret noe akkurat nå. Prøv igjen om litt.";
    default:
      return `Noe gikk galt hos oss (feil ${error.status}). Prøv igjen om litt.`;
  }
}

export class StaffSession {
  constructor() {
    this.user = null;
    this.csrf = null;
    this.onLogout = () => {};
  }

  async request(method, path, body, extraHeaders = {}) {
    const headers = { Accept: "application/json", ...extraHeaders };
    if (method !== "GET") {
      headers["Content-Type"] = "application/json";
      if (this.csrf) headers["X-CSRF-Token"] = this.csrf;
    }
    const response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
    });
    noteServerDate(response.headers.get("Date"));
    if (response.status === 204) return null;
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    if (!response.ok) {
      const error = new ApiError(response.status, data && data.error, data && data.error_nb);
      if (response.status === 401 && this.user && !path.endsWith("/login")) this.ended({ reason_nb: error.reasonNb });
      throw error;
    }
    return data;
  }

  /** ``background``: a read the page makes on its own (a periodic or pushed refresh); it does not count as the
   * person's activity, so a screen left open still reaches the idle timeout. */
  get(path, { background = false } = {}) {
    return this.request("GET", path, undefined, background ? { "X-Navchat-Background": "1" } : {});
  }

  post(path, body) {
    return this.request("POST", path, body);
  }

  /** The router ended the session (logged out elsewhere, idle, expired): back to the login form. ``ending``: what
   * the router said of it, when it did: ``reason_nb`` (why), ``returned_to_queue`` (how many chats went back). */
  ended(ending = {}) {
    if (!this.user) return;
    this.user = null;
    this.csrf = null;
    this.onLogout(ending || {});
  }

  async resume() {
    try {
      const data = await this.get("/api/staff/me");
      this.user = data.user;
      this.csrf = data.csrf_token;
      return true;
    } catch {
      return false;
    }
  }

  async login(username, password) {
    const data = await this.post("/api/staff/login", { username, password });
    this.user = data.user;
    this.csrf = data.csrf_token;
    return data.user;
  }

  async logout() {
    try {
      await this.post("/api/staff/logout", {});
    } catch {
      /* the cookie may already be gone */
    }
    this.user = null;
    this.csrf = null;
  }

  hasRole(role) {
    return Boolean(this.user && (this.user.roles || []).includes(role));
  }

  displayName() {
    if (!this.user) return "";
    return this.user.navn || this.user.username || "";
  }
}

// ---------------------------------------------------------------- before the idle timeout

// The router ends a session after its idle limit (STAFF_IDLE_MINUTES) without the person's activity. A probe's
// veileder was logged out with no warning (WCAG 2.2.1): warned this long before, with a button that extends it.
const IDLE_WARN_S = 180;
const IDLE_CHECK_MAX_S = 60; // how often the page looks, at most, when the end is far
const IDLE_CHECK_WARNED_S = 15; // while the warning is shown (another tab may have been used meanwhile)

/**
 * Warns before the session ends for want of activity. It asks the router (GET /api/staff/me, as the page's own
 * read: it puts nothing off) when the session ends unless used (``session_ends_in_s``): only the router knows, as
 * work in another tab counts too. Once less than IDLE_WARN_S is left, a modal dialog says when, with "Fortsett å
 * være pålogget" (also Esc): a request of the person's own, which the router counts as activity. ``openChats()``:
 * how many chats go back to the queue when it ends.
 */
export class IdleWarning {
  constructor(session, { openChats = () => 0 } = {}) {
    this.session = session;
    this.openChats = openChats;
    this.timer = null;
    this.running = false;
    this.dialog = null;
    this.focusBefore = null;
    this.final = false; // told that the session cannot be extended (its lifetime ends): not warned again
  }

  start() {
    this.running = true;
    this.final = false;
    this.schedule(0);
  }

  stop() {
    this.running = false;
    clearTimeout(this.timer);
    this.hide({ restoreFocus: false });
  }

  schedule(seconds) {
    clearTimeout(this.timer);
    if (this.running) this.timer = setTimeout(() => this.check(), Math.max(0, seconds) * 1000);
  }

  async check() {
    if (!this.session.user) {
      this.stop();
      return;
    }
    let me;
    try {
      me = await this.session.get("/api/staff/me", { background: true });
    } catch {
      // A session that ended is handled by the session (the login form); anything else: looked at again soon.
      this.schedule(IDLE_CHECK_WARNED_S);
      return;
    }
    this.follow(me);
  }

  /** What the router said of the session (``session_ends_in_s``): warn, or look again before the warning is due. */
  follow(me) {
    if (!this.running || !this.session.user) return;
    const left = me && me.session_ends_in_s;
    if (typeof left !== "number") {
      this.schedule(IDLE_CHECK_MAX_S);
      return;
    }
    if (left <= IDLE_WARN_S) {
      if (!this.final) this.show(left);
      this.schedule(Math.min(IDLE_CHECK_WARNED_S, Math.max(1, left)));
    } else {
      this.final = false;
      this.hide();
      this.schedule(Math.min(left - IDLE_WARN_S, IDLE_CHECK_MAX_S));
    }
  }

  build() {
    const text = el("p", { id: "session-warning-text", "data-testid": "session-warning-text" });
    const keep = el("button", { type: "button", "data-testid": "session-continue", text: "Fortsett å være pålogget" });
    const dialog = el(
      "dialog",
      { class: "session-warning", "aria-labelledby": "session-warning-title", "aria-describedby": "session-warning-text",
        "data-testid": "session-warning" },
      el("h2", { id: "session-warning-title", text: "Du blir snart logget ut" }),
      text,
      el("div", { class: "buttons" }, keep),
    );
    keep.addEventListener("click", () => this.keepOn());
    dialog.addEventListener("cancel", (event) => { // Esc: the person is there
      event.preventDefault();
      this.keepOn();
    });
    document.body.append(dialog);
    this.dialog = dialog;
    this.text = text;
    this.keep = keep;
  }

  show(left) {
    if (!this.dialog) this.build();
    if (this.dialog.open) return; // said once; its words stay as they were
    setChildren(this.text, `Du har ikke vært aktiv på en stund. Du blir logget ut ${this.when(left)} hvis du ikke `
      + `gjør noe.${this.chatsText()}`);
    setChildren(this.keep, "Fortsett å være pålogget");
    this.open();
  }

  /** The person asked to go on, and the end did not move: an innlogging lasts at most a working day. Said once,
   * with a button that only closes it. */
  showFinal(left) {
    this.final = true;
    if (this.dialog.open) this.dialog.close(); // opened again: a screen reader reads the new words
    setChildren(this.text, `Innloggingen kan ikke forlenges mer. Du blir logget ut ${this.when(left)}. Lagre det du `
      + `holder på med, og logg inn på nytt.${this.chatsText()}`);
    setChildren(this.keep, "OK");
    this.open();
  }

  open() {
    if (!this.dialog.open) this.focusBefore = document.activeElement;
    this.dialog.showModal();
    this.keep.focus();
  }

  when(left) {
    const at = formatClock(new Date(serverNow() + left * 1000).toISOString());
    const minutes = Math.ceil(left / 60);
    return `kl. ${at} (${left < 60 ? "om under ett minutt" : minutes === 1 ? "om ett minutt" : `om ${minutes} minutter`})`;
  }

  chatsText() {
    const chats = this.openChats();
    if (chats === 1) return " Samtalen du har, går da tilbake i køen.";
    return chats > 1 ? ` De ${chats} samtalene du har, går da tilbake i køen.` : "";
  }

  hide({ restoreFocus = true } = {}) {
    if (!this.dialog || !this.dialog.open) return;
    this.dialog.close();
    if (restoreFocus && this.focusBefore && this.focusBefore.isConnected) this.focusBefore.focus();
    this.focusBefore = null;
  }

  /** "Fortsett å være pålogget": a read of the person's own (not marked as the page's), so the router counts it. */
  async keepOn() {
    if (this.final) {
      this.hide();
      return;
    }
    this.keep.disabled = true;
    let me;
    try {
      me = await this.session.get("/api/staff/me");
    } catch {
      return; // ended meanwhile (the login form says so), or no answer: the check that follows says what is left
    } finally {
      this.keep.disabled = false; // before the focus goes back to it (a disabled button takes none)
    }
    const left = me && me.session_ends_in_s;
    if (typeof left === "number" && left <= IDLE_WARN_S) {
      this.showFinal(left);
      return;
    }
    this.hide();
    this.follow(me);
  }
}

/**
 * Wire the login form and the "Logg ut" button of a staff page. `onReady(session)` runs after login or a resumed
 * session; the login section and the app section are toggled here. After a login the keyboard focus goes to the page's
 * main heading (`h1`, tabindex=-1), not to the page: the form it was in is gone.
 */
export function setupLogin(session, { loginSection, appSection, form, errorBox, onReady, onLoggedOut,
  logoutButton, openChats = () => 0 }) {
  const idle = new IdleWarning(session, { openChats });
  const ready = async () => {
    await onReady(session);
    idle.start();
  };
  const showLogin = () => {
    idle.stop();
    appSection.hidden = true;
    loginSection.hidden = false;
    form.querySelector("input")?.focus();
  };
  // "Logg ut" (each page wired the same lines itself): the idle warning stops with the session.
  logoutButton?.addEventListener("click", async () => {
    // As "Frakoblet" asks (console.js setPresence): a probe's veileder logged out at 15:01 with an acute chat she
    // had just promised help, and it went back to a queue that was closed until the next morning, unasked.
    const open = openChats();
    if (open > 0 && !window.confirm(leavingChatsQuestion(open))) return;
    await session.logout();
    onLoggedOut?.();
    showLogin();
  });
  session.onLogout = (ending) => {
    const text = endedText(ending, openChats()); // counted before the page forgets the chats
    onLoggedOut?.();
    showLogin();
    setChildren(errorBox, text);
    errorBox.hidden = false;
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errorBox.hidden = true;
    const username = form.elements.username.value.trim();
    const password = form.elements.password.value;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await session.login(username, password);
      form.elements.password.value = "";
      loginSection.hidden = true;
      appSection.hidden = false;
      document.querySelector("h1[tabindex]")?.focus();
      await ready();
    } catch (error) {
      const text =
        error instanceof ApiError && (error.status === 401 || error.status === 400)
          ? "Feil brukernavn eller passord."
          : describeError(error);
      setChildren(errorBox, text);
      errorBox.hidden = false;
      // The button had the focus and was disabled meanwhile: back to the password to try again.
      if (!loginSection.hidden) form.elements.password.focus();
    } finally {
      button.disabled = false;
    }
  });
  (async () => {
    if (await session.resume()) {
      loginSection.hidden = true;
      appSection.hidden = false;
      await ready();
    } else {
      showLogin();
    }
  })();
  return { showLogin };
}

/** What the login form says when the router ended the session: why, and what became of the veileder's chats.
 * The router hands them back to the queue when a session runs out and says how many (``returned_to_queue``, on
 * the live feed); without that word (the feed was down, or the session was ended elsewhere) its sweep hands them
 * back unless the same user is still logged in somewhere else, and the text says just that. */
/** The question before "Logg ut" with open chats: what happens to them, and the way to hand them on instead. */
export function leavingChatsQuestion(open) {
  const what = open === 1
    ? "Du har 1 åpen samtale. Logger du ut, går den tilbake i køen, og brukeren får beskjed."
    : `Du har ${open} åpne samtaler. Logger du ut, går de tilbake i køen, og brukerne får beskjed.`;
  return `${what} Vil du heller avslutte eller overføre ${open === 1 ? "den" : "dem"} først, trykker du Avbryt. `
    + "Vil du logge ut nå?";
}

export function endedText({ reason_nb: reason, returned_to_queue: returned } = {}, openChats = 0) {
  const parts = [reason || "Du er logget ut."];
  if (returned === 1) {
    parts.push("Samtalen du hadde, er satt tilbake i køen, og brukeren har fått beskjed.");
  } else if (returned > 1) {
    parts.push(`De ${returned} samtalene du hadde, er satt tilbake i køen, og brukerne har fått beskjed.`);
  } else if (returned === undefined && openChats > 0) {
    parts.push(openChats === 1
      ? "Samtalen du hadde, settes tilbake i køen hvis du ikke er logget inn et annet sted, og brukeren får beskjed."
      : "Samtalene du hadde, settes tilbake i køen hvis du ikke er logget inn et annet sted, og brukerne får beskjed.");
  }
  parts.push("Logg inn på nytt.");
  return parts.join(" ");
}

// The close code of a live feed whose session ended (router/web/ws.py).
const SESSION_ENDED = 4401;

/**
 * The staff WebSocket with reconnect. `onEvent(frame)` gets every parsed frame; `onStatus(connected)`
 * tells the page whether live updates are flowing (it then relies on its fallback refresh); `onSessionEnded()`
 * runs when the router closes the feed because the session ended (code 4401), with what the router said of it
 * first (a ``session_ended`` frame: why, and how many chats went back to the queue), and then it does not
 * reconnect.
 * `reply(...)` sends a reply over it and resolves once the router has stored and pushed it.
 * `screen`: "console" (the veileder's console: its open feed says the veileder is at work and may be given chats)
 * or "dashboard" (the kontaktsenter's page, which says nothing of who is at work).
 */
export class StaffSocket {
  constructor({ onEvent, onStatus, onSessionEnded, onLateReply, screen = "console" }) {
    this.screen = screen;
    this.onEvent = onEvent;
    this.onStatus = onStatus || (() => {});
    // A reply's acknowledgement after its wait ended (the page said "not sent"): stored after all.
    this.onLateReply = onLateReply || (() => {});
    this.onSessionEnded = onSessionEnded || (() => {});
    this.socket = null;
    this.open = false;
    this.stopped = false;
    this.attempt = 0;
    this.waiting = new Map(); // client_msg_id -> { resolve, reject, timer }
    this.pingTimer = null;
    this.pongTimer = null;
    this.watching = null; // the conversation this screen has open: its content comes live (sent again on connect)
    this.ending = {}; // the router's word on why the session ended, sent just before it closes the feed
  }

  /** The conversation this screen shows (null: none). The router sends what is said in a conversation live only
   * to its veileder and to screens that have it open. */
  watch(conversationId) {
    this.watching = conversationId || null;
    if (this.open && this.socket) this.socket.send(JSON.stringify({ type: "watch", conversation_id: this.watching }));
  }

  /**
   * Send a reply; resolves with the stored message, rejects with ApiError when the router refuses it, or with
   * a plain Error when the socket is not open, closes or takes longer than `timeoutMs` (send it again by POST,
   * with the same client_msg_id: it is then stored once).
   */
  reply({ conversationId, text, clientMsgId }, timeoutMs = 8000) {
    if (!this.open || !this.socket) return Promise.reject(new Error("the live connection is not open"));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(clientMsgId);
        reject(new Error("no answer on the live connection"));
      }, timeoutMs);
      this.waiting.set(clientMsgId, { resolve, reject, timer });
      this.socket.send(JSON.stringify({ type: "reply", conversation_id: conversationId, text, client_msg_id: clientMsgId }));
    });
  }

  settle(frame) {
    const waiter = this.waiting.get(frame.client_msg_id);
    if (!waiter) {
      if (frame.type === "reply_ack" && frame.message) this.onLateReply(frame.message);
      return;
    }
    this.waiting.delete(frame.client_msg_id);
    clearTimeout(waiter.timer);
    if (frame.type === "reply_ack") waiter.resolve(frame.message);
    else waiter.reject(new ApiError(frame.status, frame.error, frame.error_nb));
  }

  failWaiting() {
    for (const waiter of this.waiting.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error("the live connection closed"));
    }
    this.waiting.clear();
  }

  start() {
    this.stopped = false;
    this.ending = {};
    this.connect();
  }

  stop() {
    this.stopped = true;
    this.stopPing();
    if (this.socket) this.socket.close();
    this.socket = null;
    this.open = false;
    this.failWaiting();
  }

  /** Ping now; no frame at all within PONG_TIMEOUT_MS and the feed is given up and opened again. */
  ping() {
    const socket = this.socket;
    if (!socket || !this.open || this.pongTimer) return;
    try {
      socket.send(JSON.stringify({ type: "ping" }));
    } catch {
      this.abandon(socket);
      return;
    }
    this.pongTimer = setTimeout(() => {
      this.pongTimer = null;
      this.abandon(socket);
    }, PONG_TIMEOUT_MS);
  }

  stopPing() {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    this.pingTimer = null;
    this.pongTimer = null;
  }

  /** A feed taken for dead: the page is told at once (its close may take minutes to come), and a new one is tried. */
  abandon(socket) {
    if (this.socket !== socket) return;
    this.stopPing();
    this.socket = null;
    this.open = false;
    this.failWaiting();
    this.onStatus(false);
    try {
      socket.close();
    } catch {
      /* gone already */
    }
    this.retry();
  }

  connect() {
    if (this.stopped) return;
    let socket;
    try {
      // The console's is the plain address (screen=console is the router's default).
      const query = this.screen === "console" ? "" : `?screen=${encodeURIComponent(this.screen)}`;
      socket = new WebSocket(wsUrl(`/api/staff/ws${query}`));
    } catch {
      this.retry();
      return;
    }
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.attempt = 0;
      this.open = true;
      if (this.watching) socket.send(JSON.stringify({ type: "watch", conversation_id: this.watching }));
      this.stopPing();
      this.pingTimer = setInterval(() => this.ping(), PING_INTERVAL_MS);
      this.onStatus(true);
    });
    socket.addEventListener("message", (event) => {
      if (this.socket === socket) {
        // Any frame says the feed is alive, as its pong does.
        clearTimeout(this.pongTimer);
        this.pongTimer = null;
      }
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (frame.type === "pong") return;
      if (frame.type === "reply_ack" || frame.type === "reply_error") {
        this.settle(frame);
        return;
      }
      if (frame.type === "session_ended") {
        this.ending = frame;
        return;
      }
      this.onEvent(frame);
    });
    socket.addEventListener("close", (event) => {
      if (this.socket !== socket) {
        // Given up already (abandon), or replaced. A session that ended still ends the page's feed for good.
        if (event.code === SESSION_ENDED && !this.stopped) {
          this.stopped = true;
          this.onSessionEnded(this.ending);
        }
        return;
      }
      this.socket = null;
      this.open = false;
      this.stopPing();
      this.failWaiting();
      this.onStatus(false);
      if (event.code === SESSION_ENDED) {
        this.stopped = true;
        this.onSessionEnded(this.ending);
        return;
      }
      this.retry();
    });
  }

  async retry() {
    if (this.stopped) return;
    this.attempt += 1;
    await sleep(Math.min(30000, 1000 * 2 ** Math.min(this.attempt, 5)));
    if (!this.stopped && !this.socket) this.connect();
  }
}
