import type { CheckResult, Finding, RuleMeta, Severity } from "../compliance/types";
import type { Lang, Translate } from "./i18n";
// Natural comparison so rooms/2 sorts before rooms/10 and seats/9 before seats/17.
import { naturalCompare } from "../util/natural-compare";

/** One row of the "items to fix" list: what, where, which part of the manual, how to fix it. */
export interface FindingRow {
  rule: string;
  severity: Severity;
  severityLabel: string;
  title: string;
  where: string;
  target: string;
  message: string;
  section: string;
  fix: string;
  suppressed?: { reason: string; by?: string; expires?: string };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** "rooms/201/seats/17" → "考场 201 · 17 号考位" (or English). Unknown parts are shown as they are. */
export function describeTarget(target: string, t: Translate): string {
  const parts = target.split("/");
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    const next = parts[i + 1];
    if (p === "site") out.push(t("t_site"));
    else if (p === "router") out.push(t("t_router"));
    else if (p === "nvr") out.push(t("t_nvr"));
    else if (p === "rooms" && next !== undefined) (out.push(t("t_room", { room: next })), i++);
    else if (p === "seats" && next !== undefined) (out.push(t("t_seat", { seat: next })), i++);
    else if (p === "cameras" && next !== undefined) (out.push(t("t_camera", { camera: next })), i++);
    else out.push(p);
  }
  return out.join(" · ");
}


export function findingRows(result: CheckResult, lang: Lang, t: Translate): FindingRow[] {
  const meta = new Map<string, RuleMeta>(result.rules.map((r) => [r.id, r]));
  return [...result.findings]
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || naturalCompare(a.section, b.section) || naturalCompare(a.rule, b.rule) || naturalCompare(a.target, b.target))
    .map((f) => toRow(f, meta.get(f.rule), lang, t));
}

function toRow(f: Finding, m: RuleMeta | undefined, lang: Lang, t: Translate): FindingRow {
  return {
    rule: f.rule,
    severity: f.severity,
    severityLabel: t(`sev_${f.severity}`),
    title: m?.title[lang] ?? f.rule,
    where: describeTarget(f.target, t),
    target: f.target,
    message: f.message[lang],
    section: f.section || m?.section || "",
    fix: m?.fix[lang] ?? "",
    ...(f.suppressed ? { suppressed: f.suppressed } : {}),
  };
}

/** Findings grouped per seat target (rooms/<room>/seats/<n>) for the inventory grid. */
export function findingsBySeat(result: CheckResult): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of result.findings) {
    if (f.suppressed) continue;
    // Seats key as "201/17", spares outside the grid as "201/spare/1".
    const m = /^rooms\/([^/]+)\/(seats|spares)\/(\d+)(?:\/|$)/.exec(f.target);
    if (!m) continue;
    const key = m[2] === "seats" ? `${m[1]}/${Number(m[3])}` : `${m[1]}/spare/${Number(m[3])}`;
    if (!out.has(key)) out.set(key, []);
    out.get(key)!.push(f);
  }
  return out;
}
