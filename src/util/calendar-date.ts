/**
 * Calendar dates as site files and options write them (YYYY-MM-DD: exam dates, attestation dates,
 * suppression expiry, `check --today`). The shape alone let 2026-02-30 and 2026-13-45 through,
 * and the exam window then had no weekday: export stopped with an internal error.
 */
/** The shape alone (the schema reports it with its own message before asking isCalendarDate). */
export const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** True for YYYY-MM-DD naming a day that exists (proleptic Gregorian, years 0001–9999). */
export function isCalendarDate(s: string): boolean {
  if (!DATE_SHAPE.test(s)) return false;
  const [y, mo, d] = [Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}
