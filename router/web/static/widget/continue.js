// The page a Rasa widget's "Logg inn" opens (router/web/handover_page.py): one click moves the conversation here
// (POST /api/handover, which detaches the widget), then the login starts as on the own chat page, which continues
// the conversation when the bruker comes back from ID-porten.
//
// The move carries a claim, 32 random bytes this tab makes and keeps before it asks: if the answer is lost on the
// way, the same claim asked again (the button, or this page reloaded) gets the same conversation and token back.

import { HttpError, request, saveConversation } from "/static/widget/bruker_api.js";

const offer = document.getElementById("handover-offer");
const gone = document.getElementById("handover-gone");
const button = document.getElementById("continue-button");
const failed = document.getElementById("handover-failed");
const ticket = new URLSearchParams(window.location.search).get("ticket") || "";
const claimKey = `navchat.handover.${ticket}`;

function storedClaim() {
  try {
    return sessionStorage.getItem(claimKey);
  } catch {
    return null; // private mode: a lost answer cannot be asked for again after a reload
  }
}

function newClaim() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const claim = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  try {
    sessionStorage.setItem(claimKey, claim);
  } catch {
    /* kept for this page only */
  }
  return claim;
}

let claim = storedClaim();

async function continueHere() {
  button.disabled = true;
  failed.hidden = true;
  claim = claim || newClaim();
  let moved;
  try {
    moved = await request("POST", "/api/handover", { ticket, claim });
  } catch (error) {
    if (error instanceof HttpError && error.status === 410) {
      offer.hidden = true;
      gone.hidden = false;
    } else {
      offer.hidden = false;
      gone.hidden = true;
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
// Reloaded after a move whose answer never came: the server shows the link as used, but this tab holds its claim
// (the dead end shows again if the claim gets nothing either).
if (!gone.hidden && claim) {
  gone.hidden = true;
  continueHere();
}
