// Kontaktsenter dashboard: group-level queue figures per enhet and temagruppe (never per veileder),
// refreshed every 5 s and on staff WebSocket events, a small inline-SVG chart, moving a stuck
// conversation to another enhet, and ending one nobody took (the kontaktsenter's, with an outcome, asked first). Codes (temagruppe, priority) are shown in the words the router sends beside them
// (*_label; router/domain/staff_labels.py).

import {
  el,
  formatClock,
  formatDuration,
  languageName,
  loadLanguages,
  morphChildren,
  secondsSince,
  serverNow,
  setChildren,
  syncList,
} from "/static/shared/dom.js";
import { describeError, setupLogin, StaffSession, StaffSocket } from "/static/shared/staff.js";

const REFRESH_MS = 5000;
const SVG_NS = "http://www.w3.org/2000/svg";

const $ = (id) => document.getElementById(id);
const ui = {
  who: $("who"),
  userName: $("user-name"),
  liveStatus: $("live-status"),
  updatedAt: $("updated-at"),
  logout: $("logout-button"),
  loginSection: $("login-section"),
  loginForm: $("login-form"),
  loginError: $("login-error"),
  app: $("app"),
  appError: $("app-error"),
  totals: $("totals"),
  overviewBody: $("overview-body"),
  overviewEmpty: $("overview-empty"),
  chart: $("chart"),
  chartSummary: $("chart-summary"),
  chartTableBody: $("chart-table-body"),
  stuckBody: $("stuck-body"),
  stuckEmpty: $("stuck-empty"),
  waitingNotShown: $("waiting-not-shown"),
  stuckHelp: $("stuck-help"),
  stuckChoose: $("stuck-choose"),
  transferForm: $("transfer-form"),
  transferConversation: $("transfer-conversation"),
  transferEnhet: $("transfer-enhet"),
  transferNote: $("transfer-note"),
  transferButton: $("transfer-button"),
  transferMessage: $("transfer-message"),
  closeForm: $("close-form"),
  closeOutcome: $("close-outcome"),
  closeButton: $("close-conversation-button"),
  closeMessage: $("close-message"),
};

const session = new StaffSession();
const view = {
  socket: null,
  refreshTimer: null,
  forbidden: false, // the overview refused this user (a veileder): the page says whose it is
  soonTimer: null,
  loading: false,
  waiting: [],
};

// ---------------------------------------------------------------- data

const num = (value) => (value === null || value === undefined || Number.isNaN(Number(value)) ? null : Number(value));

/**
 * Group-level figures from the queue alone, used while /api/staff/overview is unavailable. Wait medians and
 * percentiles are the server's alone (router/services/queue_overview.py), so they show as "–" here.
 */
function groupsFromQueue(conversations) {
  const groups = new Map();
  for (const c of conversations) {
    // By queue (enhet and temagruppe) and its one name, as the overview groups them; not by tema ("KOM" here
    // beside "OKSOS" in the overview for the same queue).
    const key = `${c.enhetsnummer || "–"}|${c.temagruppe || c.tema || "–"}`;
    if (!groups.has(key)) {
      groups.set(key, {
        enhetsnummer: c.enhetsnummer,
        navn: c.enhet_navn || "",
        temagruppe: c.temagruppe || c.tema,
        temagruppe_label: c.queue_label || c.tema_label,
        waits: [],
        languages: {},
        breaches: 0,
      });
    }
    const g = groups.get(key);
    g.waits.push(secondsSince(c.queued_at) ?? 0);
    if (c.language) g.languages[c.language] = (g.languages[c.language] || 0) + 1;
    if (c.sla_deadline && Date.parse(c.sla_deadline) < serverNow()) g.breaches += 1;
  }
  return [...groups.values()].map((g) => {
    const waits = g.waits.sort((a, b) => a - b);
    return {
      enhetsnummer: g.enhetsnummer,
      navn: g.navn,
      temagruppe: g.temagruppe,
      temagruppe_label: g.temagruppe_label,
      waiting: waits.length,
      oldest_wait_s: waits[waits.length - 1],
      median_wait_s: null,
      p90_wait_s: null,
      sla_breaches: g.breaches,
      languages: g.languages,
    };
  });
}

function normalizeOverview(data) {
  const source = data || {};
  return {
    generatedAt: source.generated_at || null,
    groups: source.groups || source.rows || source.queues || [],
    totals: source.totals || null,
    history: source.history || [],
    // What happened hour by hour, from the events (the table under the chart).
    hours: source.hours || [],
    stuck: source.stuck || [],
    // When each waiting chat's current wait began (its queued_at is its place in line, kept while a veileder had it).
    waitingSince: source.waiting_since || {},
  };
}

// ---------------------------------------------------------------- rendering

/** One key figure in the list (a <dl>): what it counts, the figure (shown above it, larger), and one line that
 * says plainly what is counted (probe 118: "avsluttet uten veileder" mixed three different things). */
function total(label, value, { alarm = false, testid, note } = {}) {
  return el(
    "div",
    { class: `total${alarm ? " alarm" : ""}`, "data-testid": testid },
    el("dt", { class: "label", text: label }),
    el("dd", { class: "value", text: value }),
    note ? el("dd", { class: "note", "data-testid": "total-note", text: note }) : null,
  );
}

/** The sum over groups, or "–" when no group reports the figure (e.g. the queue-only fallback). */
function sum(groups, key) {
  if (groups.length && !groups.some((g) => num(g[key]) !== null)) return "–";
  return groups.reduce((acc, g) => acc + (num(g[key]) || 0), 0);
}

/** A figure of the whole service (the overview's totals), "–" when only the queue could be read. */
function whole(totals, key) {
  return totals && num(totals[key]) !== null ? String(num(totals[key])) : "–";
}

/** A language by its name; "und" (not known) as "ukjent", as in the list of those waiting. */
const languageWord = (code) => (!code || code === "und" ? "ukjent" : languageName(code));

function renderTotals(groups, totals) {
  // The longest current wait of a bruker (across moves between queues); "–" when nobody waits, not "0 s".
  const oldest = totals && totals.oldest_wait_s !== undefined ? totals.oldest_wait_s
    : groups.reduce((acc, g) => (num(g.oldest_wait_s) === null ? acc : Math.max(acc ?? 0, num(g.oldest_wait_s))), null);
  const breaches = num(sum(groups, "sla_breaches")) || 0;
  // Each veileder once: the rows repeat an enhet's staff in each of its temagrupper, so they are not added up.
  const available = whole(totals, "veiledere_online");
  // Of those, who can take a chat now: "2 tilgjengelige" beside "6 / 6" full read as room to a leader.
  const withRoom = whole(totals, "veiledere_with_room");
  const waiting = totals && num(totals.waiting) !== null ? String(num(totals.waiting)) : String(sum(groups, "waiting"));
  const notShown = totals ? num(totals.waiting_not_shown) || 0 : 0;
  // Of those waiting, whose chat page is gone: still counted (they may come back), said apart (probe 158: "7 venter"
  // and "9 min 44 s" were six closed tabs and one bruker waiting).
  const gone = totals ? num(totals.waiting_gone) || 0 : 0;
  const oldestHere = totals && gone ? num(totals.oldest_present_wait_s) : oldest;
  // Every 5 s: only what changed is touched (a screen reader's place, the keyboard focus stay). Each label says
  // what is counted, and a line under it says it plainly.
  morphChildren(ui.totals, [
    total("venter på veileder nå", waiting, {
      testid: "total-waiting",
      note: ["Brukere i kø nå, i alle køene.",
        gone ? `${gone} av dem har lukket chatten og er ikke der nå (de kan komme tilbake).` : "",
        notShown ? `${notShown} av dem kan du ikke se i listen under (kode 7 eller skjermet).` : ""]
        .filter(Boolean).join(" ") }),
    total("lengste ventetid nå", formatDuration(oldestHere), {
      testid: "total-oldest",
      note: gone
        ? `Den som har ventet lengst av dem som har chatten åpen, også om samtalen er flyttet. Med dem som har lukket `
          + `chatten: ${formatDuration(oldest)}.`
        : "Den som har ventet lengst av dem som venter nå, også om samtalen er flyttet." }),
    total("SLA-brudd (8 t)", String(breaches), {
      alarm: breaches > 0, testid: "total-breaches", note: "Ventende samtaler som gikk over fristen for svar." }),
    // "1 veileder tilgjengelig", not "1 veiledere tilgjengelige"
    total(available === "1" ? "veileder tilgjengelig" : "veiledere tilgjengelige", available, {
      testid: "total-available",
      note: "Med status Tilgjengelig, på kontorene og i kontaktsenteret, hver person én gang." }),
    // Red when chats wait and nobody available has a free place for them.
    total("av dem med ledig plass", withRoom, {
      alarm: withRoom === "0" && available !== "0" && num(waiting) > 0, testid: "total-with-room",
      note: "Tilgjengelige som har plass til en chat til nå." }),
    // What each counts: asked for a person (asked, also those refused a place), and of those, the ones a veileder
    // got (to_veileder). A probe read "overført til veileder" (101) as the chats handed over (112).
    total("ba om en veileder (8 t)", whole(totals, "asked"), {
      testid: "total-asked", note: "Samtaler der brukeren ba om en veileder, også de som ikke fikk plass i køen." }),
    total("avvist: køen full (8 t)", whole(totals, "refused"), {
      alarm: num(whole(totals, "refused")) > 0, testid: "total-refused",
      note: "Fikk ikke plass i køen: for mange ventet allerede fra samme nettverk eller samme person." }),
    total("kom til en veileder (8 t)", whole(totals, "to_veileder"), {
      testid: "total-handed-off", note: "Samtaler en veileder tok fra køen, hver samtale én gang." }),
    total("forlot køen (8 t)", whole(totals, "left_queue"), {
      testid: "total-left", note: "Brukeren ga opp å vente: gikk tilbake til chatroboten eller lukket chatten." }),
    total("avsluttet i køen av NAV (8 t)", whole(totals, "closed_in_queue"), {
      testid: "total-closed-in-queue", note: "Avsluttet av kontaktsenteret mens de ventet, for eksempel som ikke en NAV-sak." }),
    // Closed by the system: nobody acted on the wait (router/domain/expiry.py); not counted as waiting or answered.
    total("utløpt uten aktivitet (8 t)", whole(totals, "expired"), {
      testid: "total-expired", note: "Ingen gjorde noe i samtalen på lenge, og den ble avsluttet av systemet." }),
    total("i chat med chatroboten nå", whole(totals, "bot_open"), {
      testid: "total-bot-open", note: "Snakker med chatroboten nå, også de som gikk tilbake fra køen." }),
    total("avsluttet hos chatroboten (8 t)", whole(totals, "bot_closed"), {
      testid: "total-bot-closed", note: "Avsluttet uten at brukeren noen gang ba om en veileder." }),
  ]);
}

/** "2 av 3": available of those at work in any status (Opptatt and Borte are at work, but get no chats); then how
 * many of the available have a free place: "2 av 2" beside "6 / 6" full read as room to a leader. */
function staffText(group) {
  const available = String(num(group.veiledere_online) ?? 0);
  const text = num(group.veiledere_logged_in) === null ? available : `${available} av ${num(group.veiledere_logged_in)}`;
  const withRoom = num(group.veiledere_with_room);
  if (withRoom === null || available === "0") return text;
  return `${text} (${withRoom === 0 ? "ingen" : withRoom} med ledig plass)`;
}

/** With no capacity (nobody Tilgjengelig), the load in words: "2 åpne, alle frakoblet" was shown as "2 / 0".
 * "ingen tilgjengelig" when someone is at work but Opptatt or Borte (they get no chats). A queue nobody in the
 * service answers (has_veiledere false: 4106, 4112 ...) read "ingen pålogget" too, as if its veiledere had not come
 * yet: nobody comes, so it says so, and with chats waiting what to do. */
function noCapacityText(open, loggedIn, hasVeiledere = true, waiting = 0) {
  if (hasVeiledere === false) {
    return waiting > 0 ? "ingen veiledere på enheten – flytt samtalene" : "ingen veiledere på enheten";
  }
  // "Frakoblet" whether logged in or not: the router knows the status, not who has the console open (probe 162
  // read "ingen pålogget" beside a veileder who sat logged in, Frakoblet).
  const nobody = loggedIn > 0 ? "ingen tilgjengelig" : "alle frakoblet";
  if (!open) return nobody;
  return `${open} ${open === 1 ? "åpen" : "åpne"}, ${nobody}`;
}

function loadBar(open, capacity, loggedIn = null, hasVeiledere = true, waiting = 0) {
  const wrap = el("span", { class: "load" });
  if (capacity === null || capacity === undefined) {
    wrap.append(open === null || open === undefined ? "–" : String(open));
    return wrap;
  }
  if (capacity === 0) {
    wrap.classList.add("no-capacity");
    wrap.dataset.testid = "load-no-capacity";
    if (hasVeiledere === false) wrap.classList.add("no-staff");
    if (hasVeiledere === false && waiting > 0) wrap.classList.add("alarm");
    wrap.append(noCapacityText(open || 0, loggedIn || 0, hasVeiledere, waiting));
    return wrap;
  }
  const share = capacity > 0 ? Math.min(1, (open || 0) / capacity) : open > 0 ? 1 : 0;
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("width", "60");
  svg.setAttribute("height", "10");
  svg.setAttribute("aria-hidden", "true");
  const back = document.createElementNS(SVG_NS, "rect");
  back.setAttribute("width", "60");
  back.setAttribute("height", "10");
  back.setAttribute("fill", "#e0e0e0");
  const bar = document.createElementNS(SVG_NS, "rect");
  bar.setAttribute("width", String(Math.round(60 * share)));
  bar.setAttribute("height", "10");
  bar.setAttribute("fill", share >= 0.9 ? "#c30000" : share >= 0.7 ? "#c77300" : "#06893a");
  svg.append(back, bar);
  wrap.append(svg, `${open ?? 0} / ${capacity}`);
  return wrap;
}

/**
 * "ikke bemannet, fra man. 09:00" (today: "ikke bemannet, fra 12:00"; never: "ikke bemannet"). The chat's staffed
 * hours (NAVCHAT_CHAT_HOURS), as the console's card says it: no source gives an office's own opening hours.
 */
function closedText(opensAt) {
  if (!opensAt) return "ikke bemannet";
  const time = new Date(opensAt).toLocaleTimeString("nb-NO", { timeZone: "Europe/Oslo", hour: "2-digit", minute: "2-digit" });
  if (osloDay(opensAt) === osloDay(serverNow())) return `ikke bemannet, fra ${time}`;
  const day = new Date(opensAt).toLocaleDateString("nb-NO", { timeZone: "Europe/Oslo", weekday: "short" });
  return `ikke bemannet, fra ${day} ${time}`;
}

function languagesText(languages) {
  const entries = Object.entries(languages || {}).sort((a, b) => b[1] - a[1]);
  if (!entries.length) return "–";
  return entries.map(([code, count]) => `${languageWord(code)} ${count}`).join(", ");
}

function cell(value, { numeric = false, alarm = false } = {}) {
  return el("td", { class: [numeric ? "num" : "", alarm ? "alarm" : ""].join(" ").trim() || null, text: value });
}

/** The enhet as its number with its name beside it ("0312 Nav Frogner"). */
function enhetCell(enhetsnummer, navn) {
  const td = el("td", {}, el("span", { "data-testid": "enhetsnummer", text: enhetsnummer || "–" }));
  if (navn && navn !== enhetsnummer) td.append(" ", el("span", { class: "muted", text: navn }));
  return td;
}

function renderGroups(groups) {
  const sorted = [...groups].sort(
    (a, b) => (num(b.sla_breaches) || 0) - (num(a.sla_breaches) || 0) || (num(b.waiting) || 0) - (num(a.waiting) || 0),
  );
  syncList(
    ui.overviewBody,
    sorted.map((g) => {
      const breaches = num(g.sla_breaches) || 0;
      const row = el("tr", {
        class: breaches > 0 ? "breach" : null,
        "data-testid": "overview-row",
        "data-enhetsnummer": g.enhetsnummer || "",
        "data-key": `${g.enhetsnummer || ""}|${g.temagruppe || ""}`,
      });
      const enhet = el("th", { scope: "row" });
      enhet.append(el("span", { text: g.enhetsnummer || "–" }));
      if (g.navn) enhet.append(" ", el("span", { class: "muted", text: g.navn }));
      // A closed office's queue: its waits and "alle frakoblet" are expected until it opens, not a staffing gap.
      if (g.open_now === false) enhet.append(" ", el("span", { class: "closed", "data-testid": "enhet-closed", text: closedText(g.opens_at) }));
      row.append(
        enhet,
        cell(g.temagruppe_label || g.temagruppe || "–"),
        cell(String(num(g.waiting) ?? 0), { numeric: true }),
        cell(formatDuration(g.oldest_wait_s), { numeric: true }),
        cell(formatDuration(g.median_wait_s), { numeric: true }),
        cell(formatDuration(g.p90_wait_s), { numeric: true }),
        cell(String(breaches), { numeric: true, alarm: breaches > 0 }),
        cell(g.veiledere_online === undefined ? "–" : staffText(g), { numeric: true }),
        el("td", {}, loadBar(num(g.open_chats), num(g.capacity), num(g.veiledere_logged_in), g.has_veiledere,
          num(g.waiting) || 0)),
        cell(g.to_veileder === undefined ? "–" : String(g.to_veileder), { numeric: true }),
        cell(g.left_queue === undefined ? "–" : String(g.left_queue), { numeric: true }),
        // Asked for a person here and refused a place: the queue full from their network or for them.
        cell(g.refused === undefined ? "–" : String(g.refused), { numeric: true, alarm: num(g.refused) > 0 }),
        cell(languagesText(g.languages)),
      );
      return row;
    }),
    (row) => row.dataset.key,
  );
  ui.overviewEmpty.hidden = groups.length > 0;
}

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

const osloDay = (t) => new Date(t).toLocaleDateString("sv-SE", { timeZone: "Europe/Oslo" }); // YYYY-MM-DD
const osloDate = (t) =>
  new Date(t).toLocaleDateString("nb-NO", { timeZone: "Europe/Oslo", weekday: "short", day: "numeric", month: "short" });

// Steps of the time axis, in minutes: the smallest that gives at most TIME_TICKS times (an eight-hour chart had
// six evenly spread, 96 minutes apart: 10:00, 11:36, 13:12 …).
const TICK_STEPS_MIN = [15, 30, 60, 120, 180, 240, 360, 720, 1440];
const TIME_TICKS = 9;

/** Oslo's offset from UTC at `t`, in ms (the times on the staff pages are Norway's). */
const osloOffset = (t) =>
  Date.parse(`${new Date(t).toLocaleString("sv-SE", { timeZone: "Europe/Oslo" }).replace(" ", "T")}Z`) - t;

/** The times of the axis from t0 to t1: whole steps of Oslo's clock (10:00, 11:00 …; the offset of t0, so a
 * night that changes to or from summer time is an hour off until the chart starts after it). */
function timeTicks(t0, t1) {
  const minutes = TICK_STEPS_MIN.find((m) => Math.floor((t1 - t0) / (m * 60000)) + 1 <= TIME_TICKS) ?? 1440;
  const step = minutes * 60000;
  const offset = osloOffset(t0);
  const ticks = [];
  for (let t = Math.ceil((t0 + offset) / step) * step - offset; t <= t1; t += step) ticks.push(t);
  return ticks;
}

/** A two-line chart of the recent history, quarter by quarter from the events (the server's history): the most
 * waiting at once in each quarter, and how many a veileder took in it. Drawn as inline SVG. Snapshots every 15
 * minutes missed a peak of 10 between two of them (probe 118). */
function renderChart(history, hours = []) {
  const points = (history || [])
    .map((h) => ({ at: Date.parse(h.at), waiting: num(h.waiting) || 0, handedOff: num(h.to_veileder) || 0 }))
    .filter((p) => !Number.isNaN(p.at))
    .sort((a, b) => a.at - b.at);
  renderChartTable(hours);
  if (points.length < 2) {
    setChildren(ui.chart, el("p", { class: "muted", text: "Ingen historikk ennå." }));
    setChildren(ui.chartSummary, "");
    return;
  }
  const width = 720;
  const height = 220;
  const pad = { left: 40, right: 12, top: 12, bottom: 42 }; // room for the date under a time where the day changes
  const t0 = points[0].at;
  const t1 = points[points.length - 1].at;
  const maxY = Math.max(1, ...points.map((p) => Math.max(p.waiting, p.handedOff)));
  const niceMax = maxY <= 5 ? 5 : Math.ceil(maxY / 5) * 5;
  const x = (t) => pad.left + ((t - t0) / Math.max(1, t1 - t0)) * (width - pad.left - pad.right);
  const y = (v) => height - pad.bottom - (v / niceMax) * (height - pad.top - pad.bottom);

  const root = svg("svg", {
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-labelledby": "chart-svg-title",
    "data-testid": "chart-svg",
  });
  root.append(svg("title", { id: "chart-svg-title" },
    "Flest som ventet samtidig, og hvor mange som kom til en veileder, per kvarter de siste timene"));
  for (let i = 0; i <= 5; i += 1) {
    const value = (niceMax / 5) * i;
    const yy = y(value);
    root.append(svg("line", { x1: pad.left, x2: width - pad.right, y1: yy, y2: yy, stroke: "#dddddd" }));
    root.append(
      svg("text", { x: pad.left - 6, y: yy + 4, "text-anchor": "end", "font-size": 11, fill: "#4f4f4f" }, String(Math.round(value))),
    );
  }
  // A time axis that crosses midnight says the date under the first time of each day (Norway's day, as every time
  // on the staff pages): a tester read 23:00 … 02:00 as one evening.
  const crossesMidnight = osloDay(t0) !== osloDay(t1);
  let previousDay = null;
  for (const t of timeTicks(t0, t1)) {
    const label = svg(
      "text",
      { x: x(t), y: height - 22, "text-anchor": "middle", "font-size": 11, fill: "#4f4f4f", "data-testid": "chart-tick" },
      formatClock(new Date(t).toISOString()),
    );
    if (crossesMidnight && osloDay(t) !== previousDay) {
      label.append(svg("tspan", { x: x(t), dy: 14, "font-weight": "bold" }, osloDate(t)));
    }
    previousDay = osloDay(t);
    root.append(label);
  }
  const line = (key, colour, dash) => {
    const d = points.map((p, i) => `${i ? "L" : "M"}${x(p.at).toFixed(1)},${y(p[key]).toFixed(1)}`).join(" ");
    const attrs = { d, fill: "none", stroke: colour, "stroke-width": 2.5 };
    if (dash) attrs["stroke-dasharray"] = dash;
    return svg("path", attrs);
  };
  root.append(line("handedOff", "#0056b4", "6 4"), line("waiting", "#c30000"));
  const legend = el(
    "div",
    { class: "legend" },
    el("span", {}, el("span", { class: "swatch waiting" }), "Flest som ventet samtidig i kvarteret"),
    el("span", {}, el("span", { class: "swatch handed-off" }), "Kom til en veileder i kvarteret (stiplet)"),
  );
  ui.chart.replaceChildren(root, legend);
  const last = points[points.length - 1];
  setChildren(
    ui.chartSummary,
    `Siste kvarter ventet opptil ${last.waiting} samtidig, og ${last.handedOff} kom til en veileder. `
    + `Flest som ventet samtidig de siste timene: ${Math.max(...points.map((p) => p.waiting))}.`,
  );
}

/** What happened hour by hour (the overview's hours, from the events): asked, got a veileder, left, the most
 * waiting at once, and the median of the waits that ended in the hour. It read a snapshot at each hour's refresh
 * moment before (probe 118: the 09:30 point read 0, then 2, 29 s apart). Redrawn in place (a screen reader's place
 * stays). */
function renderChartTable(hours) {
  const periods = (hours || []).filter((h) => !Number.isNaN(Date.parse(h.at)));
  const crossesMidnight = periods.length > 1 && osloDay(periods[0].at) !== osloDay(periods[periods.length - 1].at);
  const rows = periods.map((h) => {
    const from = formatClock(h.at);
    const until = h.until ? formatClock(h.until) : "";
    const span = until ? `${from}–${until}` : from;
    return el(
      "tr",
      { "data-testid": "chart-table-row" },
      el("th", { scope: "row", text: crossesMidnight ? `${osloDate(h.at)} ${span}` : span }),
      el("td", { class: "num", text: String(num(h.asked) ?? 0) }),
      el("td", { class: "num", text: String(num(h.to_veileder) ?? 0) }),
      el("td", { class: "num", text: String(num(h.left_queue) ?? 0) }),
      el("td", { class: "num", text: String(num(h.waiting) ?? 0) }),
      el("td", { class: "num", text: formatDuration(h.median_wait_s) }),
    );
  });
  morphChildren(ui.chartTableBody, rows.length ? rows
    : [el("tr", {}, el("td", { colspan: 6, text: "Ingen historikk ennå." }))]);
}

function renderWaiting(stuck, queue, waitingSince = {}) {
  const byId = new Map();
  for (const s of stuck) byId.set(s.id, { ...s, stuck: true });
  for (const c of queue) {
    if (byId.has(c.id)) continue;
    byId.set(c.id, {
      id: c.id,
      enhetsnummer: c.enhetsnummer,
      navn: c.enhet_navn,
      // Since the current wait began (the overview knows when it came back from a veileder), else its place.
      waited_s: secondsSince(waitingSince[c.id] || c.queued_at),
      priority: c.priority,
      priority_label: c.priority_label,
      language: c.language,
      bruker_gone: c.bruker_gone === true,
      stuck: false,
    });
  }
  // The queue says it too for a row the overview gave ("står fast"): either source that knows the bruker has gone.
  for (const c of queue) {
    if (c.bruker_gone === true && byId.has(c.id)) byId.get(c.id).bruker_gone = true;
  }
  const rows = [...byId.values()].sort(
    (a, b) =>
      Number(b.stuck) - Number(a.stuck) ||
      Number(b.priority === "emergency") - Number(a.priority === "emergency") ||
      (num(b.waited_s) || 0) - (num(a.waited_s) || 0),
  );
  view.waiting = rows;
  const chosen = ui.transferConversation.value;
  // Redrawn every 5 s: rows and options already shown are updated in place (a chosen radio, the focus on it or
  // on the list stay); their listeners, bound to the same conversation, stay too.
  syncList(
    ui.stuckBody,
    rows.map((r) => {
      const radio = el("input", {
        type: "radio",
        name: "stuck-choice",
        value: r.id,
        "aria-label": `Velg samtale ${String(r.id).slice(0, 8)}`,
      });
      radio.checked = r.id === chosen;
      radio.addEventListener("change", () => {
        ui.transferConversation.value = r.id;
        markSelectedRow();
      });
      const priority = el("td", {});
      const priorityText = r.priority_label || r.priority || "–";
      if (r.priority === "emergency") priority.append(el("span", { class: "tag emergency", text: priorityText }));
      else priority.append(priorityText);
      const idCell = el("td", {}, el("code", { text: String(r.id).slice(0, 8) }));
      if (r.stuck) idCell.append(" ", el("span", { class: "tag warning", text: "står fast" }));
      // Nødhjelp where nobody who answers the queue is Tilgjengelig: stuck at once, and why (move it, or call them).
      if (r.nobody_online) {
        idCell.append(" ", el("span", { class: "tag warning", "data-testid": "nobody-online", text: "ingen tilgjengelig" }));
      }
      // Still counted as waiting (the figures are the queue's); the row says the bruker's chat page is gone.
      if (r.bruker_gone) {
        idCell.append(" ", el("span", { class: "tag warning", "data-testid": "bruker-gone", text: "Brukeren har gått" }));
      }
      return el(
        "tr",
        { class: "stuck-row", "data-conversation-id": r.id, "data-testid": "waiting-row" },
        mayChoose() ? el("td", {}, radio) : null,
        idCell,
        enhetCell(r.enhetsnummer, r.navn),
        cell(formatDuration(r.waited_s), { numeric: true }),
        priority,
        cell(languageWord(r.language)),
      );
    }),
    (row) => row.dataset.conversationId,
  );
  ui.stuckEmpty.hidden = rows.length > 0;
  syncList(ui.transferConversation, [
    el("option", { value: "", text: "Velg samtale …" }),
    ...rows.map((r) =>
      el("option", {
        value: r.id,
        text: `${String(r.id).slice(0, 8)} – ${r.navn && r.navn !== r.enhetsnummer ? `${r.navn} (${r.enhetsnummer})` : `enhet ${r.enhetsnummer || "?"}`}, ventet ${formatDuration(r.waited_s)}${r.priority === "emergency" ? `, ${(r.priority_label || "").toLocaleLowerCase("nb")}` : ""}`,
      }),
    ),
  ], (option) => option.value);
  const stillThere = rows.some((r) => r.id === chosen) ? chosen : "";
  if (ui.transferConversation.value !== stillThere) ui.transferConversation.value = stillThere;
  markSelectedRow();
}

/** Waiting chats counted in the figures that this user may not see listed (kode 7, skjermet): said, so a leader
 * knows the list is not all (probe 118: the page read 3 waiting at 0315, /metrics 4). */
function renderNotShown(totals) {
  const n = totals ? num(totals.waiting_not_shown) || 0 : 0;
  ui.waitingNotShown.hidden = n === 0;
  setChildren(ui.waitingNotShown, n === 0 ? "" : `${n} ${n === 1 ? "ventende samtale vises" : "ventende samtaler vises"} `
    + "ikke i listen fordi du ikke har tilgang til dem (kode 7 eller skjermet). De er med i tallene over.");
}

/** Whether this user may move or end a waiting chat (the kontaktsenter; admin watches): only then a "Velg" column. */
function mayChoose() {
  return !ui.transferForm.hidden || !ui.closeForm.hidden;
}

function markSelectedRow() {
  const chosen = ui.transferConversation.value;
  for (const row of ui.stuckBody.querySelectorAll("tr")) {
    const selected = row.dataset.conversationId === chosen;
    row.classList.toggle("selected", selected);
    const radio = row.querySelector("input[type=radio]");
    if (radio) radio.checked = selected;
  }
}

// ---------------------------------------------------------------- refresh

function showAppError(text, kind = "error") {
  if (!text) {
    ui.appError.hidden = true;
    return;
  }
  ui.appError.className = `alert ${kind}`;
  ui.appError.setAttribute("role", kind === "error" ? "alert" : "status");
  setChildren(ui.appError, text);
  ui.appError.hidden = false;
}

/** ``background``: the page's own periodic refresh, which does not put off the idle timeout (a screen left open
 * on the wall still ends its session). */
async function refresh({ background = false } = {}) {
  if (!session.user || view.loading || view.forbidden) return;
  view.loading = true;
  try {
    const [overviewResult, queueResult] = await Promise.allSettled([
      session.get("/api/staff/overview", { background }),
      session.get("/api/staff/queue", { background }),
    ]);
    if (!session.user) return; // the session ended meanwhile: nothing of it is drawn
    const queue = queueResult.status === "fulfilled" ? (queueResult.value && queueResult.value.conversations) || [] : [];
    let overview;
    if (overviewResult.status === "fulfilled") {
      overview = normalizeOverview(overviewResult.value);
      showAppError(queueResult.status === "rejected" ? describeError(queueResult.reason) : null);
    } else {
      if (overviewResult.reason && overviewResult.reason.status === 401) return;
      if (overviewResult.reason && overviewResult.reason.status === 403) {
        // A veileder here: the overview is the kontaktsenter's and leaders' (need to know), not "unavailable".
        for (const section of document.querySelectorAll("#app > section")) section.hidden = true;
        ui.liveStatus.hidden = true; // no live feed here: it stayed at "Kobler til …"
        showAppError(session.hasRole("revisor")
          ? ["Denne oversikten er for kontaktsenteret og ledere. Som revisor finner du det du skal se i ",
            el("a", { href: "/tilgangslogg", text: "tilgangsloggen (/tilgangslogg)" }), "."]
          : ["Denne oversikten er for kontaktsenteret og ledere. Samtalene dine finner du i ",
            el("a", { href: "/veileder", text: "veilederkonsollen (/veileder)" }), "."], "info");
        view.forbidden = true;
        return;
      }
      overview = { generatedAt: null, groups: groupsFromQueue(queue), history: [], hours: [], stuck: [] };
      if (queueResult.status === "fulfilled") {
        showAppError("Full oversikt er ikke tilgjengelig akkurat nå. Viser bare tall beregnet fra køen.", "warning");
      } else {
        showAppError(describeError(overviewResult.reason));
      }
    }
    renderTotals(overview.groups, overview.totals);
    renderGroups(overview.groups);
    renderChart(overview.history, overview.hours);
    renderWaiting(overview.stuck, queue, overview.waitingSince);
    renderNotShown(overview.totals);
    const stamp = formatClock(overview.generatedAt || new Date().toISOString());
    setChildren(ui.updatedAt, `Oppdatert ${stamp}`);
  } finally {
    view.loading = false;
  }
}

function refreshSoon() {
  clearTimeout(view.soonTimer);
  view.soonTimer = setTimeout(() => refresh({ background: true }), 800);
}

function onSocketEvent(frame) {
  if (["message", "state", "queue", "presence"].includes(frame.type)) {
    // A new message does not change the figures; state changes and presence do.
    if (frame.type !== "message") refreshSoon();
  }
}

function onSocketStatus(connected) {
  setChildren(ui.liveStatus, connected ? "Direkte oppdatering" : "Oppdateres hvert 5. sekund");
  ui.liveStatus.className = connected ? "tag info" : "tag warning";
}

// ---------------------------------------------------------------- transfer

function showTransferMessage(text, kind = "info") {
  ui.transferMessage.className = `alert ${kind}`;
  setChildren(ui.transferMessage, text);
  ui.transferMessage.hidden = false;
}

async function transfer(event) {
  event.preventDefault();
  const id = ui.transferConversation.value;
  const enhet = ui.transferEnhet.value.trim();
  if (!id) {
    showTransferMessage("Velg en samtale først.", "error");
    ui.transferConversation.focus();
    return;
  }
  if (!/^\d{4}$/.test(enhet)) {
    showTransferMessage("Skriv et enhetsnummer med fire siffer, for eksempel 0315.", "error");
    ui.transferEnhet.focus();
    return;
  }
  ui.transferButton.disabled = true;
  try {
    const moved = await session.post(`/api/staff/conversations/${encodeURIComponent(id)}/transfer`, {
      to_enhetsnummer: enhet,
      note: ui.transferNote.value.trim(),
    });
    // The office by name, as the router names it ("Nav Frogner (0312)"), not the number alone.
    const where = (moved && moved.enhetsnummer === enhet && moved.enhet_label) || `enhet ${enhet}`;
    showTransferMessage(`Samtalen er flyttet til ${where}.`);
    ui.transferEnhet.value = "";
    ui.transferNote.value = "";
    ui.transferConversation.value = "";
    await refresh();
  } catch (error) {
    showTransferMessage(`Samtalen ble ikke flyttet. ${describeError(error)}`, "error");
  } finally {
    ui.transferButton.disabled = false;
  }
}

// ---------------------------------------------------------------- close

function showCloseMessage(text, kind = "info") {
  ui.closeMessage.className = `alert ${kind}`;
  setChildren(ui.closeMessage, text);
  ui.closeMessage.hidden = false;
}

// Threats or harassment against staff need a note for a police report or an HMS-avvik: closed from the console,
// where the chat is read and the note written (this list has no note field; the router refuses it without one).
const NEEDS_A_NOTE = new Set(["trusler"]);

/** How a conversation may end, in words (GET /api/staff/labels), as the console offers them. */
async function loadCloseOutcomes() {
  let outcomes = [];
  try {
    outcomes = (((await session.get("/api/staff/labels")) || {}).close_outcomes || [])
      .filter((o) => !NEEDS_A_NOTE.has(o.value));
  } catch {
    /* the select keeps what it has */
  }
  if (!outcomes.length) return;
  const current = ui.closeOutcome.value;
  ui.closeOutcome.replaceChildren(...outcomes.map((o) => el("option", { value: o.value, text: o.label })));
  if (current && outcomes.some((o) => o.value === current)) ui.closeOutcome.value = current;
}

/** Ending a waiting conversation nobody took (the kontaktsenter's, as in the console): asked first, since the
 * bruker is told at once that NAV ended it and the choice here is made from a list, not an open conversation. */
async function closeConversation(event) {
  event.preventDefault();
  const id = ui.transferConversation.value;
  if (!id) {
    showCloseMessage("Velg en samtale først.", "error");
    ui.transferConversation.focus();
    return;
  }
  const chosen = ui.closeOutcome.selectedOptions[0];
  const outcome = ui.closeOutcome.value;
  const words = chosen ? chosen.textContent : outcome;
  const label = words.charAt(0).toLocaleLowerCase("nb") + words.slice(1); // "ikke en NAV-sak", not "nav-sak"
  // A nødhjelp chat ended before anyone helped: said first, as the bruker gets the emergency numbers with it.
  const emergency = (view.waiting || []).some((r) => r.id === id && r.priority === "emergency");
  if (!window.confirm(`${emergency ? "Dette er en nødhjelp-sak. " : ""}Avslutte samtale ${String(id).slice(0, 8)} `
    + `med utfallet «${label}»? Brukeren får beskjed om at NAV har avsluttet samtalen`
    + `${emergency ? ", og nødnumrene" : ""}.`)) return;
  ui.closeButton.disabled = true;
  try {
    await session.post(`/api/staff/conversations/${encodeURIComponent(id)}/close`, { outcome });
    showCloseMessage(`Samtalen er avsluttet (${label}).`);
    ui.transferConversation.value = "";
    await refresh();
  } catch (error) {
    showCloseMessage(`Samtalen ble ikke avsluttet. ${describeError(error)}`, "error");
  } finally {
    ui.closeButton.disabled = false;
  }
}

// ---------------------------------------------------------------- wiring

async function onReady() {
  setChildren(ui.userName, session.displayName());
  ui.who.hidden = false;
  // Moving a conversation is for those who answer brukere (the kontaktsenter); admin watches (the router refuses).
  ui.transferForm.hidden = !(session.user && session.user.answers_brukere);
  // Ending a chat nobody took is the kontaktsenter's (the router refuses others), as in the console.
  ui.closeForm.hidden = !session.hasRole("kontaktsenter");
  if (!ui.closeForm.hidden) await loadCloseOutcomes();
  // Admin watches: no "Velg" column and no "velg en samtale og flytt den" without a form to do it with.
  ui.stuckChoose.hidden = !mayChoose();
  setChildren(ui.stuckHelp, mayChoose()
    ? "Samtaler som står fast er merket og står først. Velg en samtale og flytt den til en annen enhet, eller avslutt den."
    : "Samtaler som står fast er merket og står først.");
  await loadLanguages().catch(() => {});
  await refresh();
  if (view.forbidden) return; // not this user's page: no live feed, no refresh
  if (!view.socket) {
    view.socket = new StaffSocket({
      screen: "dashboard", // left open, it keeps nobody "at work" whose console closed
      onEvent: onSocketEvent,
      onStatus: onSocketStatus,
      onSessionEnded: (ending) => session.ended(ending),
    });
  }
  view.socket.start();
  clearInterval(view.refreshTimer);
  view.refreshTimer = setInterval(() => refresh({ background: true }), REFRESH_MS);
}

function onLoggedOut() {
  view.socket?.stop();
  clearInterval(view.refreshTimer);
  clearTimeout(view.soonTimer);
  // Nothing of the waiting brukere stays in the hidden page for the next person at a shared PC (as the console).
  view.waiting = [];
  for (const node of [ui.totals, ui.overviewBody, ui.chart, ui.chartSummary, ui.chartTableBody, ui.stuckBody, ui.transferConversation,
    ui.transferMessage, ui.closeMessage, ui.userName, ui.waitingNotShown]) {
    node.replaceChildren();
  }
  ui.transferEnhet.value = "";
  ui.transferNote.value = "";
  ui.closeMessage.hidden = true;
  ui.who.hidden = true;
  view.forbidden = false; // the next user may be one the overview is for
  ui.liveStatus.hidden = false;
  setChildren(ui.liveStatus, "Kobler til …");
  ui.liveStatus.className = "tag";
  for (const section of document.querySelectorAll("#app > section")) section.hidden = false;
  showAppError(null);
}

ui.transferForm.addEventListener("submit", transfer);
ui.closeForm.addEventListener("submit", closeConversation);
ui.transferConversation.addEventListener("change", markSelectedRow);
setupLogin(session, {
  loginSection: ui.loginSection,
  appSection: ui.app,
  form: ui.loginForm,
  errorBox: ui.loginError,
  onReady,
  onLoggedOut,
  logoutButton: ui.logout,
});
