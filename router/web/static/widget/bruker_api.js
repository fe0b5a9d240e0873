// The bruker's side of the router's HTTP API, for the chat widget (widget.js) and the page a Rasa widget's login
// link opens (continue.js): JSON calls with the conversation's bearer token, and where the page keeps the
// conversation it continues (sessionStorage: this tab only, gone when it closes).

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

/** One JSON call; the answer's data, or HttpError (status, body, Retry-After) / NetworkError. */
export async function request(method, path, body, token = null) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch (error) {
    throw new NetworkError(String(error));
  }
  if (response.status === 204) return null;
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
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
