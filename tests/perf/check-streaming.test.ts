import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadSites } from "../../src/cli/io";
import { readInventoryFiles, inventoryBySite } from "../../src/inventory/read";
import { runChecks } from "../../src/compliance/engine";
import { formatJson } from "../../src/compliance/format/json";
import { slimSite } from "../../src/compliance/format/model";

/**
 * `examlab check` streams sites (issue 14): inventory first, then each site loaded, checked and
 * released. Its report must equal checking everything at once (load all sites, match the whole
 * inventory, run the rules), including the machine order of a single site whose CSV mixes rows
 * with and without a site column.
 */
const ROOT = path.resolve(__dirname, "../..");
const SITE = path.join(ROOT, "sites/demo-intermediate.yaml");

function reference(files: string[], inventory: string): string {
  const sites = loadSites(files);
  const inv = inventoryBySite(sites, readInventoryFiles([inventory]));
  return formatJson(sites.map((s) => ({ site: slimSite(s), result: runChecks(s, { inventory: inv.get(s.spec.id), today: "2026-11-26" }) })), sites[0].spec.language, "error");
}

describe("check streams sites with the same report", () => {
  it("one site with site-less and site rows interleaved; two sites", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-check-stream-"));
    try {
      const second = path.join(dir, "second.yaml");
      fs.writeFileSync(second, fs.readFileSync(SITE, "utf8").replace(/^id: demo-intermediate$/m, "id: second"));
      const row = (site: string, room: string, seat: number, ram: number) => `${site},${room},${seat},${ram},75.0.3770.100`;
      const header = "site,room,seat,ramGB,tools.chrome";
      const one = path.join(dir, "one.csv");
      fs.writeFileSync(one, [header, row("", "201", 3, 8), row("demo-intermediate", "201", 1, 1), row("", "202", 2, 16), row("demo-intermediate", "202", 1, 3)].join("\n") + "\n");
      const two = path.join(dir, "two.csv");
      fs.writeFileSync(two, [header, row("second", "201", 3, 1), row("demo-intermediate", "201", 1, 1), row("second", "202", 2, 16), row("demo-intermediate", "202", 4, 3)].join("\n") + "\n");
      for (const [files, inv] of [[[SITE], one], [[SITE, second], two], [[second, SITE], two]] as [string[], string][]) {
        const r = spawnSync(process.execPath, [path.join(ROOT, "bin/examlab.js"), "check", ...files, "--inventory", inv, "--format", "json", "--today", "2026-11-26"], { cwd: ROOT, encoding: "utf8" });
        expect(r.stderr).toBe("");
        expect(r.stdout).toBe(reference(files, inv));
        expect(JSON.parse(r.stdout).sites[0].findings.some((f: { target: string }) => f.target.includes("/seats/"))).toBe(true);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
