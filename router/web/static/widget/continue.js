// The page a Rasa widget's "Logg inn" opens (router/web/handover_page.py): one click moves the conversation here
// (POST /api/handover, which detaches the widget), then the login starts as on the own chat page, which continues
// the conversation when the bruker comes back from ID-porten.

import { HttpError, request, saveConversation } from "/static/widget/bruker_api.js";

const offer = document.getElementById("handover-offer");
const gone = document.getElementById("handover-gone");
const button = document.getElementById("continue-button");
const failed = document.getElementById("handover-failed");

async function continueHere() {
  button.disabled = true;
  failed.hidden = true;
  const ticket = new URLSearchParams(window.location.search).get("ticket") || "";
  let moved;
  try {
    moved = await request("POST", "/api/handover", { ticket });
  } catch (error) {
    if (error instanceof HttpError && error.status === 410) {
      offer.hidden = true;
      gone.hidden = false;
    } else {
      failed.hidden = false;
      button.disabled = false;
    }
    return;
  }
  // The conversation is this page's now: the own chat page continues it (also when the login does not start).
  saveConversation(moved.id, moved.token);
  window.history.replaceState(null, "", "/"); // the used link leaves the address bar and the history
  try {
    const login = await request("POST", `/api/conversations/${encodeURIComponent(moved.id)}/login`, {}, moved.token);
    window.location.assign(login.url);
  } catch {
    window.location.assign("/?login=failed");
  }
}

button.addEventListener("click", continueHere);
