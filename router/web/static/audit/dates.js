// Times as Norwegian staff type them (dd.mm.åååå, optionally tt:mm or tt:mm:ss), read the same in every browser.
// A type="datetime-local" field showed mm/dd/yyyy in a browser set to English (the browser's locale decides its
// format, not the page's lang), so the audit page's time filters are text fields read here.

const TYPED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T]+(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?$/i;

const pad = (n, width = 2) => String(n).padStart(width, "0");

/** ``text`` as the router's query wants it (ISO 8601 without an offset: Norwegian time), or ``{ error }`` in
 * bokmål. ``end``: the field is an end ("til og med"): a date alone means the whole day, a time the whole minute
 * (or second) it names, so the value is the first moment after it. Empty text is ``{ value: "" }``. */
export function parseNorwegianTime(text, { end = false } = {}) {
  const typed = (text || "").trim();
  if (!typed) return { value: "" };
  const match = TYPED.exec(typed);
  if (!match) return { error: "Skriv datoen som dd.mm.åååå, gjerne med klokkeslett tt:mm (for eksempel 06.12.2026 14:30)." };
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const hasTime = match[4] !== undefined;
  const hasSeconds = match[6] !== undefined;
  const [hour, minute, second] = [Number(match[4] || 0), Number(match[5] || 0), Number(match[6] || 0)];
  // Calendar arithmetic in UTC: no time zone or summer time moves the day; the router reads the result as Oslo time.
  const at = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day) {
    return { error: `${pad(day)}.${pad(month)}.${year} finnes ikke i kalenderen.` };
  }
  if (hour > 23 || minute > 59 || second > 59) return { error: "Klokkeslettet må være mellom 00:00 og 23:59." };
  if (end) at.setUTCSeconds(at.getUTCSeconds() + (!hasTime ? 86400 : hasSeconds ? 1 : 60));
  const iso =
    `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}` +
    `T${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;
  return { value: iso };
}
