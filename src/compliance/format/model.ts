import type { Site } from "../../model/site";
import type { CheckResult, Finding, RuleMeta } from "../types";
import { ruleById } from "../engine";

export type Lang = "zh" | "en";

/**
 * What the reports need of a checked site: its spec, file and line finder. A province's `check`
 * keeps only this of each site once it is checked (slimSite), so the IP plan, seat geometry and
 * cached database plans of 1,000 sites do not stay in memory until the report is written.
 */
export type ReportedSite = Pick<Site, "spec" | "file" | "lineOf">;

export function slimSite(site: Site): ReportedSite {
  return { spec: site.spec, file: site.file, lineOf: site.lineOf };
}

/** One checked site with its result and where findings point in the site file. */
export interface CheckedSite {
  site: ReportedSite;
  result: CheckResult;
}

/** A finding as written to JSON reports: every field a tool needs, message in both languages. */
export interface FindingRecord {
  rule: string;
  level: Finding["severity"];
  site: string;
  target: string;
  message: string;
  messages: { zh: string; en: string };
  section: string;
  ruleLevel?: RuleMeta["level"];
  file: string;
  data?: Record<string, unknown>;
  suppressed?: Finding["suppressed"];
  expiredSuppression?: Finding["expiredSuppression"];
}

export function findingRecord(c: CheckedSite, f: Finding, lang: Lang): FindingRecord {
  return {
    rule: f.rule,
    level: f.severity,
    site: f.site,
    target: f.target,
    message: f.message[lang],
    messages: f.message,
    section: f.section,
    ruleLevel: ruleById(f.rule)?.level,
    file: c.site.file,
    ...(f.data ? { data: f.data } : {}),
    ...(f.suppressed ? { suppressed: f.suppressed } : {}),
    ...(f.expiredSuppression ? { expiredSuppression: f.expiredSuppression } : {}),
  };
}

/** The report of one site (compliance/report.json and each entry of `check --format json`). */
export function siteReport(c: CheckedSite, lang: Lang) {
  const { result, site } = c;
  const failing = new Set(result.findings.filter((f) => !f.suppressed).map((f) => f.rule));
  return {
    site: result.site,
    name: site.spec.name,
    file: site.file,
    counts: result.counts,
    findings: result.findings.map((f) => findingRecord(c, f, lang)),
    suppressions: result.suppressions ?? [],
    rules: result.rules.map((r) => ({ id: r.id, level: r.level, section: r.section, title: r.title[lang], status: failing.has(r.id) ? "fail" : "pass" })),
  };
}

/** Order findings for people: by target (site, router, nvr, then rooms), then rule order. */
export function groupKey(target: string): string {
  const m = /^rooms\/([^/]+)/.exec(target);
  return m ? `room:${m[1]}` : "site";
}
