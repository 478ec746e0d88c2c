/**
 * Calendar dates as site files and options write them (YYYY-MM-DD: exam dates, attestation dates,
 * suppression expiry, `check --today`). The shape alone let 2026-02-30 and 2026-13-45 through,
 * and the exam window then had no weekday: export stopped with an internal error.
 */
const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for YYYY-MM-DD naming a day that exists (proleptic Gregorian, years 0001–9999). */
export function isCalendarDate(s: string): boolean {
  const m = SHAPE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}
