import type { SiteSpec } from "../model/schema";
import type { StringKey } from "./i18n";
import { maxOf, minOf } from "../util/arrays";

/**
 * Exam-day timeline (§1 / §6.4), derived from the schedule's session times so a site with other
 * times gets the same offsets: proctors draw rooms 60 min before the start, candidates enter
 * 30 min before, start the client 5 min before; no entry later than 30 min after the start; no
 * hand-in in the first 30 and the last 5 minutes; a 5-minute warning. With the manual's default
 * times this gives exactly 08:00 / 08:30 / 08:55 / 09:00 / 09:30 / 10:25 / 10:30.
 */
export const OFFSETS = {
  drawRooms: -60,
  entry: -30,
  clientStart: -5,
  lateEntryCutoff: 30,
  noHandInFirst: 30,
  noHandInLast: 5,
  warning: -5,
} as const;

/** The lab must be ready before candidates start the client (§1); support confirms it 10 min before entry. */
export const READY_CHECK_BEFORE_ENTRY_MIN = 10;

export type Who = "proctors" | "support" | "candidates" | "all";

export interface TimelineEvent {
  time: string;
  /** Set for windows (no hand-in): the window's end. */
  until?: string;
  key: StringKey;
  who: Who;
  /** Highlights the events technical support acts on. */
  support: boolean;
}

export interface SessionTimeline {
  session: "theory" | "practical";
  start: string;
  end: string;
  events: TimelineEvent[];
}

export function minutesOf(t: string): number {
  return Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
}

/** HH:MM for minutes after midnight (wraps within the day). */
export function clock(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

export function sessionTimeline(session: "theory" | "practical", times: { start: string; end: string }): SessionTimeline {
  const s = minutesOf(times.start);
  const e = minutesOf(times.end);
  const ev = (at: number, key: StringKey, who: Who, support = false, until?: number): TimelineEvent => ({ time: clock(at), ...(until !== undefined ? { until: clock(until) } : {}), key, who, support });
  const events = [
    ev(s + OFFSETS.drawRooms, "ev_draw", "proctors"),
    ev(s + OFFSETS.entry - READY_CHECK_BEFORE_ENTRY_MIN, "ev_ready", "support", true),
    ev(s + OFFSETS.entry, "ev_entry", "candidates"),
    ev(s + OFFSETS.clientStart, "ev_client", "candidates", true),
    ev(s, "ev_start", "all"),
    ev(s, "ev_noHandInFirst", "candidates", false, s + OFFSETS.noHandInFirst),
    ev(s + OFFSETS.lateEntryCutoff, "ev_late", "proctors"),
    ev(e + OFFSETS.warning, "ev_warning", "proctors"),
    ev(e - OFFSETS.noHandInLast, "ev_noHandInLast", "candidates", false, e),
    ev(e, "ev_end", "all"),
    ev(e, "ev_release", "support", true),
  ];
  // Stable order by time, keeping the listed order for equal times.
  const sorted = events.map((x, i) => ({ x, i })).sort((a, b) => minutesOf(a.x.time) - minutesOf(b.x.time) || a.i - b.i).map((v) => v.x);
  return { session, start: times.start, end: times.end, events: sorted };
}

export function examDayTimeline(schedule: SiteSpec["schedule"]): SessionTimeline[] {
  return [sessionTimeline("theory", schedule.theory), sessionTimeline("practical", schedule.practical)];
}

/**
 * Window in which the exam allowlist must be enforced: from the first session's entry (the lab
 * is ready before candidates arrive) until the last session's end.
 */
export function enforcementWindow(schedule: SiteSpec["schedule"]): { from: string; to: string; timezone: string } {
  const starts = [schedule.theory.start, schedule.practical.start].map(minutesOf);
  const ends = [schedule.theory.end, schedule.practical.end].map(minutesOf);
  return { from: clock(minOf(starts) + OFFSETS.entry - READY_CHECK_BEFORE_ENTRY_MIN), to: clock(maxOf(ends)), timezone: schedule.timezone };
}
