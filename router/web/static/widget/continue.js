// The page a Rasa widget's "Logg inn" opens (router/web/handover_page.py): one click moves the conversation here
// (POST /api/handover, which detaches the widget), then the login starts as on the own chat page, which continues
// the conversation when the bruker comes back from ID-porten.

const STORAGE_KEY = "navchat.conversation"; // where widget.js keeps the conversation it continues

const offer = document.getElementById("handover-offer");
const gone = document.getElementById("handover-gone");
const button = document.getElementById("continue-button");
const failed = document.getElementById("handover-failed");

async function post(path, body, token) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, { method: "POST", headers, body: JSON.stringify(body) });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(new Error(data.error || response.statusText), { status: response.status });
  return data;
}

async function continueHere() {
  button.disabled = true;
  failed.hidden = true;
  const ticket = new URLSearchParams(window.location.search).get("ticket") || "";
  let moved;
  try {
    moved = await post("/api/handover", { ticket });
  } catch (error) {
    if (error.status === 410) {
      offer.hidden = true;
      gone.hidden = false;
    } else {
      failed.hidden = false;
      button.disabled = false;
    }
    return;
  }
  // The conversation is this page's now: the own chat page continues it (also when the login does not start).
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ id: moved.id, token: moved.token }));
  } catch {
    /* private mode: the login still ties the person to the conversation */
  }
  window.history.replaceState(null, "", "/"); // the used link leaves the address bar and the history
  try {
    const login = await post(`/api/conversations/${encodeURIComponent(moved.id)}/login`, {}, moved.token);
    window.location.assign(login.url);
  } catch {
    window.location.assign("/?login=failed");
  }
}

button.addEventListener("click", continueHere);
