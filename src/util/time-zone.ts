/**
 * Exam time zones (site `schedule.timezone`, manual §6.4): which names a site may give, and the
 * calendar date at an instant there (suppression expiry, `check --today` default, synth cache).
 *
 * Names are IANA time zone names known to this Node.js (its ICU data). Checked before use: an
 * unknown name used to reach Intl and end as an internal error, and the name is written into
 * router comments and reports.
 *
 * Zones with one fixed offset take a fast path without Intl: the first Intl object of a process
 * loads ICU data (~25 ms of every command). IANA tzdb (northamerica/asia files, `Rule PRC`
 * ends 1991; `Zone Asia/Urumqi` +6 since 1980) has no transition for them in the dates a site can
 * hold; tests/util/time-zone.test.ts compares them with Intl over 1992–2100, so a tzdb change
 * shipped with Node fails the test instead of silently disagreeing.
 */
const FIXED_OFFSET_MINUTES: ReadonlyMap<string, number> = new Map([
  ["Asia/Shanghai", 8 * 60],
  ["Asia/Urumqi", 6 * 60],
  ["UTC", 0],
  ["Etc/UTC", 0],
]);

/** Letters, digits, `_`, `+`, `-`, up to three `/`-separated parts (Etc/GMT+8, America/Argentina/Salta). */
export const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]{0,29}(?:\/[A-Za-z0-9][A-Za-z0-9_+-]{0,29}){0,2}$/;

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** The cached YYYY-MM-DD formatter of a zone, or null when the runtime does not know the zone. */
function formatterOf(timeZone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    } catch {
      f = null; // RangeError: not a time zone this Node.js knows
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for an IANA time zone name this Node.js knows (Asia/Shanghai, Asia/Urumqi, UTC, …). */
export function isTimeZone(name: string): boolean {
  if (FIXED_OFFSET_MINUTES.has(name)) return true;
  return IANA_NAME.test(name) && formatterOf(name) !== null;
}

/** The calendar date (YYYY-MM-DD) at `instant` in `timeZone` (a name isTimeZone accepts). */
export function dateIn(timeZone: string, instant: Date): string {
  const offset = FIXED_OFFSET_MINUTES.get(timeZone);
  if (offset !== undefined) return new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 10);
  const f = IANA_NAME.test(timeZone) ? formatterOf(timeZone) : null;
  if (!f) throw new RangeError(`not a time zone: ${JSON.stringify(timeZone.slice(0, 40))}`);
  return f.format(instant);
}
