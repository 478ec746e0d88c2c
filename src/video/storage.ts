import type { SiteSpec } from "../model/schema";
import { minOf } from "../util/arrays";
import { CATALOGUES, msg, type MessageKey, type Vars } from "../i18n/catalogue";

/**
 * Video storage sizing (VIDEO-RETENTION, §8.1: keep recordings ≥ 5 years):
 *   required = cameras × bitrate × recorded hours per exam day × exam days per year × retention years
 * compared with the NVR's usable capacity after RAID. Shared by the rule and the report.
 */
export interface StorageSizing {
  cameras: number;
  /** Sum of all cameras' bitrates, kbit/s. */
  totalBitrateKbps: number;
  hoursPerExamDay: number;
  examDaysPerYear: number;
  retentionYears: number;
  requiredTB: number;
  rawTB: number;
  usableTB: number | null;
  raid: string;
  /** Set when the RAID level cannot be built from the declared disks. */
  raidProblem?: { zh: string; en: string };
}

/** Minutes recorded before each session starts (candidates enter 30 min early, §6.4). */
export const RECORD_BEFORE_SESSION_MIN = 30;

export function recordedHoursPerExamDay(site: SiteSpec): number {
  if (site.nvr?.recordedHoursPerExamDay) return site.nvr.recordedHoursPerExamDay;
  const mins = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const session = (s: { start: string; end: string }) => mins(s.end) - mins(s.start) + RECORD_BEFORE_SESSION_MIN;
  return (session(site.schedule.theory) + session(site.schedule.practical)) / 60;
}

/** The name of a RAID level for people ("RAID 5", "不做 RAID"). */
export function raidName(raid: string, lang: "zh" | "en"): string {
  const key = `raid_${raid}` as MessageKey<"enums">;
  return key in CATALOGUES.en.enums ? msg(lang, "enums", key) : raid;
}

function problem(key: MessageKey<"enums">, raid: string, vars: Vars = {}): { zh: string; en: string } {
  return { zh: msg("zh", "enums", key, { raid: raidName(raid, "zh"), ...vars }), en: msg("en", "enums", key, { raid: raidName(raid, "en"), ...vars }) };
}

/** Usable TB after RAID, or an explanation (both languages) when the disks cannot form that RAID level. */
export function usableCapacityTB(disks: readonly number[], raid: string): number | { zh: string; en: string } {
  const n = disks.length;
  const min = minOf(disks);
  const sum = disks.reduce((a, b) => a + b, 0);
  switch (raid) {
    case "none":
    case "raid0":
      return sum;
    case "raid1":
      return n >= 2 ? (n / 2) * min : problem("raidNeedsDisks", raid, { n: 2 });
    case "raid5":
      return n >= 3 ? (n - 1) * min : problem("raidNeedsDisks", raid, { n: 3 });
    case "raid6":
      return n >= 4 ? (n - 2) * min : problem("raidNeedsDisks", raid, { n: 4 });
    case "raid10":
      return n >= 4 && n % 2 === 0 ? (n / 2) * min : problem("raidNeedsEvenDisks", raid, { n: 4 });
    default:
      return problem("raidUnknown", raid);
  }
}

export function sizeVideoStorage(site: SiteSpec): StorageSizing {
  const cams = site.rooms.flatMap((r) => r.cameras);
  const totalBitrateKbps = cams.reduce((a, c) => a + c.bitrateKbps, 0);
  const hoursPerExamDay = recordedHoursPerExamDay(site);
  const examDaysPerYear = site.nvr?.examDaysPerYear ?? Math.max(1, new Set(site.schedule.dates).size);
  const retentionYears = Math.max(site.nvr?.retentionYears ?? 5, 5);
  const bytes = (totalBitrateKbps * 1000) / 8 * hoursPerExamDay * 3600 * examDaysPerYear * retentionYears;
  const requiredTB = round3(bytes / 1e12);
  const disks = site.nvr?.disks ?? [];
  const usable = disks.length ? usableCapacityTB(disks, site.nvr!.raid) : 0;
  return {
    cameras: cams.length,
    totalBitrateKbps,
    hoursPerExamDay: round3(hoursPerExamDay),
    examDaysPerYear,
    retentionYears,
    requiredTB,
    rawTB: disks.reduce((a, b) => a + b, 0),
    usableTB: typeof usable === "number" ? round3(usable) : null,
    raid: site.nvr?.raid ?? "none",
    ...(typeof usable !== "number" ? { raidProblem: usable } : {}),
  };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
