import { afterAll, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadSiteFile, type Site } from "../../src/model/site";
import { inventoryBySite, readInventoryFiles } from "../../src/inventory/read";
import { runChecks } from "../../src/compliance/engine";
import { InputError } from "../../src/model/errors";

/**
 * Regression (issue 14): an inventory file with more than ~125,000 rows crashed `examlab check`
 * with "Maximum call stack size exceeded" (a spread push of every row). An inventory of any size
 * in one file must work: 300,000 generated rows, as CSV, JSON and YAML, for 7,500 sites.
 */
const ROWS = 300_000;
const PER_SITE = 40;
const SITES = ROWS / PER_SITE;
const ROOT = path.resolve(__dirname, "../..");
const siteId = (i: number) => `big-${String(i).padStart(4, "0")}`;

/** 7,500 sites: the sample site loaded once, then copied with its own id (cheap). */
function sites(): Site[] {
  const base = loadSiteFile(path.join(ROOT, "sites/demo-intermediate.yaml"));
  return Array.from({ length: SITES }, (_, i) => ({ ...base, spec: { ...base.spec, id: siteId(i) } }));
}

function machine(i: number): { site: string; room: string; seat: number; ramGB: number } {
  const k = i % PER_SITE;
  return { site: siteId(Math.floor(i / PER_SITE)), room: k % 2 === 0 ? "201" : "202", seat: Math.floor(k / 2) + 1, ramGB: i % 1000 === 0 ? 1 : 8 };
}

describe("inventories of any size (300,000 rows in one file)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-big-inv-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const all = sites();

  it("CSV: read, matched to 7,500 sites and checked", { timeout: 300_000 }, () => {
    const file = path.join(dir, "big.csv");
    const lines = ["site,room,seat,ramGB"];
    for (let i = 0; i < ROWS; i++) {
      const m = machine(i);
      lines.push(`${m.site},${m.room},${m.seat},${m.ramGB}`);
    }
    fs.writeFileSync(file, lines.join("\n") + "\n");
    const entries = readInventoryFiles([file]);
    expect(entries.length).toBe(ROWS);
    expect(entries[ROWS - 1]).toMatchObject({ site: siteId(SITES - 1), line: ROWS + 1 });
    const bySite = inventoryBySite(all, entries);
    expect(bySite.size).toBe(SITES);
    for (const s of all) expect(bySite.get(s.spec.id)!.length).toBe(PER_SITE);
    // Checked: every 25th site (each has one 1 GB machine: every 1,000th row).
    let ramFindings = 0;
    for (let i = 0; i < SITES; i += 25) {
      const s = all[i];
      ramFindings += runChecks(s, { inventory: bySite.get(s.spec.id)!, today: "2026-11-26" }).findings.filter((f) => f.rule === "PC-RAM" && f.target.includes("/seats/")).length;
    }
    expect(ramFindings).toBe(SITES / 25);
  });

  it("JSON: 300,000 machines in one file are read; a line is found only when a message needs one", { timeout: 300_000 }, () => {
    const file = path.join(dir, "big.json");
    const machines = Array.from({ length: ROWS }, (_, i) => ({ room: "201", seat: (i % 20) + 1, ramGB: 8 }));
    fs.writeFileSync(file, JSON.stringify({ site: siteId(0), machines }, null, 1));
    const entries = readInventoryFiles([file]);
    expect(entries.length).toBe(ROWS);
    expect(entries[ROWS - 1].machine).toMatchObject({ room: "201", seat: 20 });
    // Indented by JSON.stringify, machine i starts at line 4 + 5 i. A seat measured twice names
    // both lines (looked up lazily: a valid file never pays for it;
    // shown on a smaller file, the line-mapped parse of 9 MB of JSON takes tens of seconds).
    const small = path.join(dir, "small.json");
    fs.writeFileSync(small, JSON.stringify({ site: siteId(0), machines: machines.slice(0, 21) }, null, 1));
    let err: unknown;
    try {
      inventoryBySite(all.slice(0, 1), readInventoryFiles([small]));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).problems).toEqual([{ file: small, line: 4 + 5 * 20, path: "seat", message: `room 201 seat 1 is measured twice (first at ${small}:4)`, zh: `考场 201 座号 1 被测量了两次（第一次在 ${small}:4）` }]);
  });

  it("YAML: 300,000 machines in one file are read; a bad value in the last one is named by its line", { timeout: 300_000 }, () => {
    const file = path.join(dir, "big.yaml");
    const parts = ["site: ", siteId(0), "\nmachines:\n"];
    for (let i = 0; i < ROWS; i++) parts.push(`  - room: "201"\n    seat: ${(i % 20) + 1}\n    ramGB: 8\n`);
    fs.writeFileSync(file, parts.join(""));
    const entries = readInventoryFiles([file]);
    expect(entries.length).toBe(ROWS);
    expect(entries[ROWS - 1].machine).toMatchObject({ room: "201", seat: 20, ramGB: 8 });
    fs.appendFileSync(file, '  - room: "201"\n    seat: x\n');
    let err: unknown;
    try {
      readInventoryFiles([file]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).problems[0]).toMatchObject({ file, line: 3 + 3 * ROWS + 1, path: `machines[${ROWS}].seat` });
  });
});
