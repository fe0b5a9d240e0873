// The audit page (/tilgangslogg) for admins and the revisor: filters (time, user, conversation, action), a page of
// rows newest first from GET /api/admin/audit, and "Eldre" to page back (the router's next_before_id cursor).
// The actions and the detail come in words from the router (router/domain/staff_labels.py); times are shown and
// typed in Norwegian time, as dd.mm.åååå [tt:mm] in every browser (dates.js). Every search here is itself audited
// by the router.

import { el, setChildren } from "/static/shared/dom.js";
import { describeError, setupLogin, StaffSession } from "/static/shared/staff.js";
import { parseNorwegianTime } from "/static/audit/dates.js";

const PAGE_ROWS = 100;
const $ = (id) => document.getElementById(id);
const ui = {
  who: $("who"),
  userName: $("user-name"),
  logout: $("logout-button"),
  loginSection: $("login-section"),
  loginForm: $("login-form"),
  loginError: $("login-error"),
  app: $("app"),
  appError: $("app-error"),
  filterForm: $("filter-form"),
  from: $("filter-from"),
  to: $("filter-to"),
  fromError: $("from-error"),
  toError: $("to-error"),
  username: $("filter-username"),
  conversation: $("filter-conversation"),
  action: $("filter-action"),
  reset: $("reset-button"),
  status: $("rows-status"),
  hiddenNote: $("rows-hidden"),
  body: $("audit-body"),
  older: $("older-button"),
  newest: $("newest-button"),
};

const session = new StaffSession();
const view = {
  filters: {}, // the filters of the rows shown (what "Eldre" pages through)
  page: 1,
  next: null, // next_before_id: the cursor to the older page
  actionsLoaded: false,
};

const OSLO_TIME = new Intl.DateTimeFormat("nb-NO", {
  timeZone: "Europe/Oslo",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

function showError(text) {
  setChildren(ui.appError, text || "");
  ui.appError.hidden = !text;
}

/** A time field read (dates.js), its error said under it and the field marked; the value, or null when unreadable. */
function timeField(input, errorBox, { end = false } = {}) {
  const { value, error } = parseNorwegianTime(input.value, { end });
  setChildren(errorBox, error || "");
  errorBox.hidden = !error;
  if (error) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
  return error ? null : value;
}

function clearTimeErrors() {
  for (const [input, box] of [[ui.from, ui.fromError], [ui.to, ui.toError]]) {
    input.removeAttribute("aria-invalid");
    box.hidden = true;
    box.replaceChildren();
  }
}

/** The filters as the form holds them now, or null when a time cannot be read (focus goes to it). The times as ISO
 * without an offset: the router reads them as Norwegian time. */
function formFilters() {
  const from = timeField(ui.from, ui.fromError);
  const to = timeField(ui.to, ui.toError, { end: true });
  if (from === null || to === null) {
    (from === null ? ui.from : ui.to).focus();
    return null;
  }
  const filters = {
    from,
    to,
    username: ui.username.value.trim(),
    conversation_id: ui.conversation.value.trim(),
    action: ui.action.value,
  };
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value));
}

async function loadActions() {
  if (view.actionsLoaded) return;
  const labels = await session.get("/api/staff/labels");
  const options = (labels.audit_actions || []).map((a) => el("option", { value: a.value, text: a.label }));
  setChildren(ui.action, el("option", { value: "", text: "Alle handlinger" }), options);
  view.actionsLoaded = true;
}

function row(entry) {
  const when = OSLO_TIME.format(new Date(entry.at));
  return el(
    "tr",
    { class: entry.action === "refused" || entry.action === "innsyn_refused" ? "refused" : null, "data-id": entry.id },
    el("td", { class: "when" }, el("time", { datetime: entry.at, text: when })),
    el("td", { text: entry.username }),
    el("td", { title: entry.action, text: entry.action_label || entry.action }),
    el("td", { text: entry.purpose_label || "–" }),
    el("td", { class: "id", text: entry.conversation_id || "–" }),
    el("td", { text: entry.protection_label || "–" }),
    el("td", { text: entry.detail_nb || "" }),
  );
}

/** One page of rows: the first (newest) for ``filters`` without ``before``, else the rows older than it. */
async function load(filters, { before = null, page = 1 } = {}) {
  const params = new URLSearchParams({ ...filters, limit: String(PAGE_ROWS) });
  if (before !== null) params.set("before_id", String(before));
  showError(null);
  setChildren(ui.status, "Henter rader …");
  let data;
  try {
    data = await session.get(`/api/admin/audit?${params}`);
  } catch (error) {
    setChildren(ui.status, "");
    showError(error.status === 403 ? "Tilgangsloggen er bare for administratorer og revisorer." : describeError(error));
    return false;
  }
  view.filters = filters;
  view.page = page;
  view.next = data.next_before_id;
  setChildren(ui.body, data.audit.map(row));
  // Said whenever rows were withheld, also under an empty page: "Ingen rader" alone would read as nothing there.
  setChildren(ui.hiddenNote, data.hidden_note_nb || "");
  ui.hiddenNote.hidden = !data.hidden_note_nb;
  ui.older.hidden = view.next === null || view.next === undefined;
  ui.newest.hidden = page === 1;
  const first = (page - 1) * PAGE_ROWS + 1;
  const shown = data.audit.length;
  // An empty page is said here once (role=status, read out); a line under the table said it a second time.
  setChildren(
    ui.status,
    shown === 0
      ? "Ingen rader passer til søket."
      : `Viser rad ${first}–${first + shown - 1}, nyeste først (side ${page}).` +
          (ui.older.hidden ? " Det finnes ingen eldre rader." : " Velg «Eldre» for å se eldre rader."),
  );
  return true;
}

async function search(event) {
  event?.preventDefault();
  const filters = formFilters();
  if (filters !== null) await load(filters);
}

async function older() {
  if (view.next === null || view.next === undefined) return;
  if (await load(view.filters, { before: view.next, page: view.page + 1 })) {
    // Focus stays on a button that is still there: "Eldre", or "Nyeste" on the last page.
    (ui.older.hidden ? ui.newest : ui.older).focus();
  }
}

async function newest() {
  if (!(await load(view.filters))) return;
  if (ui.older.hidden) ui.status.focus();
  else ui.older.focus();
}

async function onReady() {
  setChildren(ui.userName, session.displayName());
  ui.who.hidden = false;
  try {
    await loadActions();
  } catch (error) {
    showError(describeError(error));
  }
  await load(formFilters() || {});
}

function onLoggedOut() {
  // Nothing of the log stays in the hidden page for the next person at a shared PC.
  ui.body.replaceChildren();
  ui.status.replaceChildren();
  ui.hiddenNote.replaceChildren();
  ui.hiddenNote.hidden = true;
  ui.userName.replaceChildren();
  ui.who.hidden = true;
  ui.older.hidden = true;
  ui.newest.hidden = true;
  ui.filterForm.reset();
  clearTimeErrors();
  view.filters = {};
  view.next = null;
  showError(null);
}

ui.status.tabIndex = -1;
ui.filterForm.addEventListener("submit", search);
ui.reset.addEventListener("click", async () => {
  ui.filterForm.reset();
  clearTimeErrors();
  await load({});
  ui.from.focus();
});
ui.older.addEventListener("click", older);
ui.newest.addEventListener("click", newest);
setupLogin(session, {
  loginSection: ui.loginSection,
  appSection: ui.app,
  form: ui.loginForm,
  errorBox: ui.loginError,
  onReady,
  onLoggedOut,
  logoutButton: ui.logout,
});
