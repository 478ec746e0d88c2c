import { zhJoin } from "../util/zh-space";
import type { RawFinding, I18n } from "./rule";

/**
 * Shared shapes of findings, so every rule words the same situation the same way.
 * `what` names the quantity ("内存" / "RAM"), `where` the thing measured (a seat, the router).
 */
export interface Threshold {
  target: string;
  where: I18n;
  what: I18n;
  /** Unit after the number: a symbol ("GB") or words per language ({ zh: "台", en: "devices" }). */
  unit?: string | I18n;
  value: number | undefined;
  /** Manual minimum (最低配置): below it is an error. */
  min: number;
  /** Manual recommendation (建议配置): below it is a warning. */
  rec?: number;
  /** Extra numbers for reports. */
  data?: Record<string, unknown>;
}

export function checkThreshold(t: Threshold): RawFinding[] {
  if (t.value === undefined) return [notDeclaredAt(t.target, t.where, t.what)];
  // Passing values (nearly every machine of a province) build no message parts.
  if (t.value >= t.min && (t.rec === undefined || t.value >= t.rec)) return [];
  const unit = typeof t.unit === "string" ? { zh: t.unit, en: t.unit } : t.unit;
  const u = unit ? ` ${unit.en}` : "";
  const uz = unit ? ` ${unit.zh}` : "";
  const data = { value: t.value, min: t.min, ...(t.rec !== undefined ? { recommended: t.rec } : {}), ...(t.data ?? {}) };
  if (t.value < t.min)
    return [
      {
        target: t.target,
        severity: "error",
        message: {
          zh: zhJoin(t.where.zh, "的", t.what.zh, `为 ${t.value}${uz}，低于手册最低要求 ${t.min}${uz}`),
          en: `${t.where.en}: ${t.what.en} is ${t.value}${u}, below the manual's minimum of ${t.min}${u}`,
        },
        data,
      },
    ];
  if (t.rec !== undefined && t.value < t.rec)
    return [
      {
        target: t.target,
        severity: "warning",
        message: {
          zh: zhJoin(t.where.zh, "的", t.what.zh, `为 ${t.value}${uz}，达到最低要求但低于建议配置 ${t.rec}${uz}`),
          en: `${t.where.en}: ${t.what.en} is ${t.value}${u}, meets the minimum but is below the recommended ${t.rec}${u}`,
        },
        data,
      },
    ];
  return [];
}

/** A fact that is needed but not declared: a warning, never a pass. */
export function notDeclaredAt(target: string, where: I18n, what: I18n): RawFinding {
  return {
    target,
    severity: "warning",
    message: {
      zh: zhJoin(where.zh, "：缺少", what.zh, "数据，无法判断是否符合要求"),
      en: `${where.en}: ${what.en} is not declared, so compliance cannot be checked`,
    },
    data: { notDeclared: true },
  };
}

/** A fact an inventory could have measured but did not (no column, empty cell): a warning. */
export function notMeasuredAt(target: string, where: I18n, what: I18n): RawFinding {
  return {
    target,
    severity: "warning",
    message: {
      zh: zhJoin(where.zh, "未测量", what.zh, "（清单中没有该项），无法判断是否符合要求"),
      en: `${where.en}: ${what.en} was not measured (not in the inventory), so compliance cannot be checked`,
    },
    data: { notMeasured: true },
  };
}

/** A hard failure with a bilingual message. */
export function fail(target: string, zh: string, en: string, data?: Record<string, unknown>, severity?: RawFinding["severity"]): RawFinding {
  return { target, message: { zh, en }, ...(severity ? { severity } : {}), ...(data ? { data } : {}) };
}

export const SITE: I18n = { zh: "考点", en: "the site" };
export const ROUTER: I18n = { zh: "路由器", en: "the router" };
export const NVR: I18n = { zh: "录像机（NVR）", en: "the video recorder (NVR)" };
export const room = (id: string): I18n => ({ zh: `考场 ${id}`, en: `room ${id}` });

/** Formats a list of seat numbers compactly: 1-3, 7, 9-12. */
export function seatRanges(seats: readonly number[]): string {
  const s = [...seats].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    out.push(j > i ? `${s[i]}-${s[j]}` : String(s[i]));
    i = j;
  }
  return out.join(", ");
}
