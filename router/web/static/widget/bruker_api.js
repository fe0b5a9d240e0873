// The bruker's side of the router's HTTP API, for the chat widget (widget.js) and the page a Rasa widget's login
// link opens (continue.js): JSON calls with the conversation's bearer token, and where the page keeps the
// conversation it continues (sessionStorage: this tab only, gone when it closes).

import { noteServerDate } from "/static/shared/dom.js";

const STORAGE_KEY = "navchat.conversation";
// Messages typed and not yet stored by the router, with their client_msg_id: a reload (or the network gone, and the
// page with it) sends them again, and the router stores each once.
const UNSENT_KEY = "navchat.unsent";

export class NetworkError extends Error {}

export class HttpError extends Error {
  constructor(status, data, retryAfterS = null) {
    super((data && data.error) || `HTTP ${status}`);
    this.status = status;
    this.data = data;
    this.retryAfterS = retryAfterS;
  }
}

// A call not answered in this time is given up (a NetworkError, tried again as any): on a phone's network a request
// can hang without an error for minutes, and the widget's sends go one at a time, so one hung request held every
// later message at "Sender …" (probe 107 #5). A message's client_msg_id makes the second try store it once.
export const REQUEST_TIMEOUT_MS = 12000;

/** One JSON call; the answer's data, or HttpError (status, body, Retry-After) / NetworkError (also when no answer
 * came within `timeoutMs`). */
export async function request(method, path, body, token = null, { timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
        signal: abort.signal,
      });
    } catch (error) {
      throw new NetworkError(abort.signal.aborted ? `no answer within ${timeoutMs} ms` : String(error));
    }
    // The router's clock (its Date header): what it says of its hours is in its time, not this device's.
    noteServerDate(response.headers.get("Date"));
    if (response.status === 204) return null;
    let data = null;
    try {
      data = await response.json();
    } catch {
      // The body stalled past the timeout: no answer (an empty or non-JSON body is an answer without data).
      if (abort.signal.aborted) throw new NetworkError(`no answer within ${timeoutMs} ms`);
      data = null;
    }
    return answer(response, data);
  } finally {
    clearTimeout(timer);
  }
}

function answer(response, data) {
  if (!response.ok) {
    const retryAfter = Number.parseInt(response.headers.get("Retry-After") || "", 10);
    throw new HttpError(response.status, data, Number.isFinite(retryAfter) ? retryAfter : null);
  }
  return data;
}

export function saveConversation(id, token) {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ id, token }));
  } catch {
    /* private mode: the chat still works, only a reload starts anew */
  }
}

export function loadSavedConversation() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "null");
    if (saved && saved.id && saved.token) return saved;
  } catch {
    /* ignore */
  }
  return null;
}

export function forgetConversation() {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
    sessionStorage.removeItem(UNSENT_KEY);
  } catch {
    /* ignore */
  }
}

/** The messages of `conversationId` not yet stored, in the order typed: [{client_msg_id, text, payload?}]. */
export function loadUnsent(conversationId) {
  try {
    const saved = JSON.parse(sessionStorage.getItem(UNSENT_KEY) || "null");
    if (saved && saved.conversation_id === conversationId && Array.isArray(saved.messages)) {
      return saved.messages.filter((m) => m && typeof m.client_msg_id === "string" && typeof m.text === "string");
    }
  } catch {
    /* ignore */
  }
  return [];
}

export function saveUnsent(conversationId, messages) {
  try {
    if (messages.length) {
      sessionStorage.setItem(UNSENT_KEY, JSON.stringify({ conversation_id: conversationId, messages }));
    } else {
      sessionStorage.removeItem(UNSENT_KEY);
    }
  } catch {
    /* private mode: what is not sent is still shown as such, only a reload loses it */
  }
}
