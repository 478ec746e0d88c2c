import type { z } from "zod";
import type { Suppression } from "../model/sections/suppressions";
import type { Finding, RuleMeta, SuppressionStatus } from "./types";

type SuppressionSpec = z.output<typeof Suppression>;

/** A suppression applies to a finding of its rule whose target is its target or below it. */
function matches(s: SuppressionSpec, f: Finding): boolean {
  if (s.rule !== f.rule) return false;
  if (!s.target) return true;
  const t = s.target.replace(/\/+$/, "");
  return f.target === t || f.target.startsWith(t + "/");
}

/**
 * Applies the site's suppressions (cdk-nag style: a justified exception with a mandatory reason).
 * Expired ones (expires < today) stop working; the findings they matched say so. Returns every
 * suppression with its status, for reports.
 */
export function applySuppressions(findings: Finding[], suppressions: readonly SuppressionSpec[], today: string, rules: ReadonlyMap<string, RuleMeta>): SuppressionStatus[] {
  return suppressions.map((s) => {
    const base = { rule: s.rule, ...(s.target ? { target: s.target } : {}), reason: s.reason, ...(s.by ? { by: s.by } : {}), ...(s.expires ? { expires: s.expires } : {}) };
    const where = s.target ? ` ${s.target}` : "";
    if (!rules.has(s.rule))
      return { ...base, status: "unknown-rule" as const, matched: 0, note: { zh: `豁免 ${s.rule}${where}：没有这条规则`, en: `suppression ${s.rule}${where}: there is no such rule` } };
    const hit = findings.filter((f) => !f.suppressed && matches(s, f));
    if (s.expires && s.expires < today) {
      for (const f of hit) f.expiredSuppression = { reason: s.reason, ...(s.by ? { by: s.by } : {}), expires: s.expires };
      return { ...base, status: "expired" as const, matched: hit.length, note: { zh: `豁免 ${s.rule}${where} 已于 ${s.expires} 过期，不再生效（影响 ${hit.length} 条发现）`, en: `suppression ${s.rule}${where} expired on ${s.expires} and no longer applies (${hit.length} finding(s))` } };
    }
    for (const f of hit) f.suppressed = { reason: s.reason, ...(s.by ? { by: s.by } : {}), ...(s.expires ? { expires: s.expires } : {}) };
    if (hit.length === 0) return { ...base, status: "unmatched" as const, matched: 0, note: { zh: `豁免 ${s.rule}${where} 未匹配任何发现，可以删除`, en: `suppression ${s.rule}${where} matched no finding and can be removed` } };
    return { ...base, status: "active" as const, matched: hit.length, note: { zh: `豁免 ${s.rule}${where}：${s.reason}（${hit.length} 条）`, en: `suppression ${s.rule}${where}: ${s.reason} (${hit.length} finding(s))` } };
  });
}
