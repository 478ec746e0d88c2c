import type { Site } from "../model/site";
import type { InventoryMachine } from "../inventory/types";
import { RULE_PACKS } from "../../policies/rules";
import { CheckContext } from "./context";
import { defaultSeverity, type Rule } from "./rule";
import type { CheckResult, Finding, RuleMeta } from "./types";
import { applySuppressions } from "./suppressions";
import { dateIn } from "../util/time-zone";

/** Every rule of every pack, in report order. */
const RULES: readonly Rule[] = RULE_PACKS.flatMap((p) => p.rules.map((r) => ({ ...r, pack: p.name })));

/** Rule metadata only (no check functions): what reports, JUnit/SARIF and docs/rules.md list. */
export const ALL_RULES: RuleMeta[] = RULES.map(({ check: _check, ...meta }) => meta);

const META_BY_ID = new Map(ALL_RULES.map((r) => [r.id, r]));
export function ruleById(id: string): RuleMeta | undefined {
  return META_BY_ID.get(id);
}

/** Today's date as YYYY-MM-DD in the exam timezone (suppression expiry is a calendar date). */
export function todayIn(timezone = "Asia/Shanghai"): string {
  return dateIn(timezone, new Date());
}

/**
 * Runs every rule that applies to the site's exam levels and returns the findings, with site
 * suppressions applied. Pure apart from reading the clock when `today` is not given.
 * `inventory`: measured machines of this site (src/inventory), matched to rooms by id.
 */
export function runChecks(site: Site, opts: { inventory?: InventoryMachine[]; today?: string } = {}): CheckResult {
  // One synth asks three times (aspect, compliance report, readiness report): without an
  // inventory the answer depends only on the site and the date, so compute it once.
  const today = opts.today ?? todayIn(site.spec.schedule.timezone);
  if (opts.inventory?.length) return evaluate(site, opts.inventory, today);
  let bySite = cache.get(site);
  if (!bySite) cache.set(site, (bySite = new Map()));
  let result = bySite.get(today);
  if (!result) bySite.set(today, (result = evaluate(site, [], today)));
  return result;
}

/** Results for sites checked without an inventory, per date. Callers treat results as read-only. */
const cache = new WeakMap<Site, Map<string, CheckResult>>();

function evaluate(site: Site, inventory: readonly InventoryMachine[], today: string): CheckResult {
  const byRoom = new Map<string, InventoryMachine[]>();
  for (const m of inventory) {
    const list = byRoom.get(m.room);
    if (list) list.push(m);
    else byRoom.set(m.room, [m]);
  }
  const ctx = new CheckContext(site, byRoom, today);
  const findings: Finding[] = [];
  const evaluated: RuleMeta[] = [];
  for (const rule of RULES) {
    if (rule.levels && !rule.levels.some((l) => site.spec.levels.includes(l))) continue;
    evaluated.push(META_BY_ID.get(rule.id)!);
    const severity = defaultSeverity(rule);
    let raw;
    try {
      raw = rule.check(ctx);
    } catch (e) {
      // A rule that throws is a bug, reported as a finding of that rule rather than a crash.
      raw = [{ target: "site", severity: "error" as const, message: { zh: `规则执行出错：${(e as Error).message}`, en: `the rule failed to run: ${(e as Error).message}` }, data: { ruleError: true } }];
    }
    for (const f of raw)
      findings.push({ rule: rule.id, severity: f.severity ?? severity, site: site.spec.id, target: f.target, message: f.message, section: rule.section, ...(f.data ? { data: f.data } : {}) });
  }
  const suppressions = applySuppressions(findings, site.spec.suppressions, today, META_BY_ID);
  const counts = { error: 0, warning: 0, info: 0, suppressed: 0, attestationsMissing: 0 };
  for (const f of findings) {
    if (f.suppressed) {
      counts.suppressed++;
      continue;
    }
    counts[f.severity]++;
    if (META_BY_ID.get(f.rule)?.attestation) counts.attestationsMissing++;
  }
  return {
    site: site.spec.id,
    findings,
    rules: evaluated,
    suppressionNotes: suppressions.filter((s) => s.status !== "active").map((s) => s.note.en),
    suppressions,
    counts,
  };
}

/** True when the result has an unsuppressed finding at or above the threshold. */
export function failsAt(result: CheckResult, threshold: "error" | "warning"): boolean {
  return result.counts.error > 0 || (threshold === "warning" && result.counts.warning > 0);
}
