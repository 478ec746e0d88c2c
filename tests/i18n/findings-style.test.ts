import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSiteSource } from "../../src/model/sources";
import { ALL_RULES, runChecks } from "../../src/compliance/engine";
import { inventoryBySite, readInventoryFiles } from "../../src/inventory/read";
import { lintZh } from "../../src/i18n/lint";
import { formatText } from "../../src/compliance/format/text";

/**
 * The Chinese of the rules (titles, explanations, fixes, what is checked) and of real findings —
 * every finding of the violations fixture and of the sample sites — follows the catalogue's style
 * rules: spaces around Latin text, 考场, 带宽, full-width punctuation.
 */
const dir = path.resolve(__dirname, "../compliance/fixtures/violations");

describe("Chinese style of rules and findings", () => {
  it("rule metadata", () => {
    const problems: string[] = [];
    for (const r of ALL_RULES)
      for (const field of ["title", "explanation", "fix", "checks"] as const) {
        const zh = r[field]?.zh;
        if (zh) for (const p of lintZh(zh)) problems.push(`${r.id}.${field}: ${p}`);
      }
    expect(problems).toEqual([]);
  });

  it("findings of the violations fixture and the samples", () => {
    const site = loadSiteSource(path.join(dir, "violations.yaml"));
    const inventory = inventoryBySite([site], readInventoryFiles([path.join(dir, "violations-inventory.csv")])).get("violations");
    const results = [runChecks(site, { inventory, today: "2026-11-26" }), ...["sites/demo-intermediate.yaml", "sites/demo-primary.ts"].map((f) => runChecks(loadSiteSource(f), {}))];
    const problems: string[] = [];
    let n = 0;
    for (const r of results) {
      for (const f of r.findings) for (const p of lintZh(f.message.zh)) problems.push(`${f.rule} ${f.target}: ${p}`);
      for (const s of r.suppressions ?? []) for (const p of lintZh(s.note.zh)) problems.push(`suppression ${s.rule}: ${p}`);
      n += r.findings.length;
    }
    expect(n).toBeGreaterThan(40);
    expect(problems).toEqual([]);
  });

  it("the whole Chinese text of `examlab check` (summary, groups, fixes, suppressions)", () => {
    const site = loadSiteSource(path.join(dir, "violations.yaml"));
    const inventory = inventoryBySite([site], readInventoryFiles([path.join(dir, "violations-inventory.csv")])).get("violations");
    const text = formatText([{ site, result: runChecks(site, { inventory, today: "2026-11-26" }) }], "zh", false);
    expect(text).toContain("豁免已于 2026-10-01 过期：");
    expect(text).toContain("路由器的带机量为 120 台");
    const problems = text.split("\n").flatMap((l) => lintZh(l).map((p) => `${l.trim().slice(0, 60)}: ${p}`));
    expect(problems).toEqual([]);
  });
});
