import { describe, expect, it } from "vitest";
import { loadSiteSource } from "../../src/model/sources";
import { runChecks } from "../../src/compliance/engine";
import { formatJson } from "../../src/compliance/format/json";
import { siteReport, slimSite, type CheckedSite } from "../../src/compliance/format/model";
import { toJson } from "../../src/util/json";
import { EXAMLAB_VERSION } from "../../src/version";

/** The one-site-at-a-time JSON writer (issue 14) must write exactly toJson of the whole document. */
function reference(checked: readonly CheckedSite[], lang: "zh" | "en", threshold: "error" | "warning"): string {
  const total = { sites: checked.length, error: 0, warning: 0, info: 0, suppressed: 0 };
  for (const c of checked) for (const k of ["error", "warning", "info", "suppressed"] as const) total[k] += c.result.counts[k];
  return toJson({ tool: "examlab", version: EXAMLAB_VERSION, level: threshold, summary: total, sites: checked.map((c) => siteReport(c, lang)) });
}

describe("check --format json", () => {
  const sites = ["sites/demo-intermediate.yaml", "sites/demo-primary.ts"].map((f) => loadSiteSource(f));
  const checked: CheckedSite[] = sites.map((s) => ({ site: slimSite(s), result: runChecks(s, { today: "2026-11-26" }) }));
  // Text a JSON writer must escape, in the fields the report copies from the site.
  const hostile: CheckedSite = { ...checked[0], site: { ...checked[0].site, spec: { ...checked[0].site.spec, name: 'a "quoted"\\ name\n\t\u0000 "sites": [ 考场 \u2028' }, file: "dir/with \"quote\".yaml" } };

  it("writes the same bytes as the whole document at once, for 0, 1 and many sites, both languages and levels", () => {
    for (const list of [[], [checked[0]], checked, [hostile, ...checked, hostile]])
      for (const lang of ["zh", "en"] as const)
        for (const level of ["error", "warning"] as const) expect(formatJson(list, lang, level)).toBe(reference(list, lang, level));
  });
});
