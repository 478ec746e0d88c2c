import { describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadSiteFile } from "../../src/model/site";
import { InputError, formatProblem } from "../../src/model/errors";
import { planProblemZh } from "../../src/model/plan-messages";
import { CATALOGUES } from "../../src/i18n/catalogue";
import { MINIMAL_SITE } from "../foundation/helpers";

/** IP-plan problems in Chinese: every message the planner can write has a translation. */
function zh(yaml: string): string[] {
  try {
    loadSiteFile("site.yaml", yaml);
    return [];
  } catch (e) {
    return (e as InputError).problems.map((p) => formatProblem(p, "zh"));
  }
}

describe("IP plan problems in Chinese", () => {
  it("translates the planner's problems on real sites", () => {
    expect(zh(MINIMAL_SITE.replace("block: 10.9.0.0/16", "block: 10.9.0.1/16"))).toEqual(['site.yaml:5: network.block: "10.9.0.1/16" 没有对齐：地址必须是其 /16 地址块的第一个地址']);
    expect(zh(MINIMAL_SITE.replace("block: 10.9.0.0/16", "block: ten"))).toEqual(['site.yaml:5: network.block: 应为 IPv4 CIDR 地址块，如 10.20.0.0/16，实际为 "ten"']);
    expect(zh(MINIMAL_SITE.replace("candidates: 40", "candidates: 40\n    subnet: 10.10.1.0/24"))).toEqual(["site.yaml:10: rooms[0].subnet: 10.10.1.0/24 不在考点地址块 10.9.0.0/16 内"]);
    expect(zh(MINIMAL_SITE.replace("candidates: 40", "candidates: 40\n    subnet: 10.9.0.0/24"))).toEqual(["site.yaml:10: rooms[0].subnet: 10.9.0.0/24 与基础设施网段（地址块的第一个子网）重叠"]);
    expect(zh(MINIMAL_SITE.replace("block: 10.9.0.0/16", "block: 10.9.0.0/16\n  dns: [nope]"))).toEqual(['site.yaml:6: network.dns[0]: 应为 IP 地址，实际为 "nope"']);
  });

  it("every problem text the planner writes matches a catalogue pattern", () => {
    // The planner's message templates, read from its source: a new message without a translation fails here.
    const src = ["src/ipplan/plan.ts", "src/ipplan/addresses.ts"].map((f) => fs.readFileSync(path.resolve(__dirname, "../..", f), "utf8")).join("\n");
    const templates = [...src.matchAll(/message: `([^`]*)`/g), ...src.matchAll(/return `((?:expected|")[^`]*)`/g)].map((m) => m[1]);
    expect(templates.length).toBeGreaterThan(10);
    const samples: string[] = [];
    for (const t of templates) {
      // fill ${…} with plausible values: a CIDR, a number or an id, by the surrounding words
      const filled = t
        .replace(/\$\{limit\}/g, "no free /24 subnet left in 10.9.0.0/16")
        .replace(/\/\$\{[^}]*\}/g, "/24")
        .replace(/\$\{t\.split\("\/"\)\[1\]\}/g, "24")
        .replace(/"\$\{[^}]*\}"/g, '"x"')
        .replace(/\$\{(have|need|rooms|wider|roomPrefix|slots6)\}/g, "8")
        .replace(/\$\{(needed - SEAT_OFFSET|SEAT_OFFSET|MAX_CAMERAS|room\.cameras\.length|usableSlots - 1n)\}/g, "8")
        .replace(/\$\{[^}]*cidr\}/g, "10.9.1.0/24")
        .replace(/\$\{[^}]*\}/g, "R1");
      samples.push(filled);
    }
    // messages assembled from nested templates, written out
    const nested = samples.filter((x) => x.includes("${other"));
    expect(nested).toHaveLength(1);
    samples.splice(samples.indexOf(nested[0]), 1, "10.9.1.0/24 overlaps room 201", "10.9.1.0/24 overlaps the infrastructure subnet (the block's first)", "the IPv6 block fd00::/56 holds only 255 room /64 subnet(s) for room 301 (address space exhausted)");
    const untranslated = samples.filter((s) => planProblemZh(s) === undefined);
    expect(untranslated).toEqual([]);
    expect(Object.keys(CATALOGUES.zh.input).filter((k) => k.startsWith("ip")).length).toBe(22); // + spareInventory (issue 12b), + block too small (v4, v4 or roomPrefix, v6), + no IPv6 twin
  });
});
