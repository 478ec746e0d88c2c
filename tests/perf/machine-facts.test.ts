import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as path from "node:path";
import { loadSiteFile } from "../../src/model/site";
import { readInventoryCsv } from "../../src/inventory/csv";
import { CheckContext } from "../../src/compliance/context";
import type { InventoryMachine } from "../../src/inventory/types";

/**
 * CSV machines share their merged `tools` object and absent-tool set (issue 14: one per
 * profile, measured-tools list and tools object instead of one per machine). The per-machine
 * computation they replace is kept here as the reference; random inventories must agree.
 */
const ROOT = path.resolve(__dirname, "../..");
const IDENTITY_KEYS = new Set(["seat", "spare", "room", "hostname", "mac", "ipv4", "measuredAt", "measuredTools"]);

function factsReference(m: Partial<InventoryMachine>, profile: Record<string, unknown>): { facts: Record<string, unknown>; absentTools: ReadonlySet<string> | "all-unlisted" } {
  const facts = { ...profile } as Record<string, unknown>;
  const record = m as Record<string, unknown>;
  for (const k in record) {
    const v = record[k];
    if (v !== undefined && !IDENTITY_KEYS.has(k)) facts[k] = v;
  }
  let absentTools: ReadonlySet<string> | "all-unlisted" = new Set();
  if (m.measuredTools !== undefined) {
    const measuredNow = new Set(m.measuredTools);
    const tools: Record<string, string> = {};
    let any = false;
    const declared = (profile.tools ?? {}) as Record<string, string | undefined>;
    for (const tid in declared) {
      const v = declared[tid];
      if (v !== undefined && !measuredNow.has(tid)) { tools[tid] = v; any = true; }
    }
    const own = m.tools as Record<string, string | undefined> | undefined;
    if (own) for (const tid in own) { tools[tid] = own[tid]!; any = true; }
    if (any || own) facts.tools = tools;
    else delete facts.tools;
    const absent = new Set<string>();
    for (const tid of m.measuredTools) if (own?.[tid] === undefined && !(tid === "chrome" && m.browsers?.chrome)) absent.add(tid);
    absentTools = absent;
  } else if (m.tools !== undefined) absentTools = "all-unlisted";
  return { facts, absentTools };
}

const TOOL_COLUMNS = ["tools.python", "tools.pycharm", "tools.chrome", "tools.mysql", "browsers.chrome"];
const CELL = fc.constantFrom("", "3.7.9", "2021.1.3", "75.0", "未安装", "absent", "-");

describe("machine facts from a CSV inventory (shared merges, issue 14)", () => {
  const site = loadSiteFile(path.join(ROOT, "sites/demo-intermediate.yaml"));

  it("random inventories: every machine's facts and absent tools equal the per-machine computation", () => {
    const file = fc.tuple(fc.subarray(TOOL_COLUMNS, { minLength: 0 }), fc.integer({ min: 1, max: 20 })).chain(([cols, n]) =>
      fc.array(fc.array(CELL, { minLength: cols.length, maxLength: cols.length }), { minLength: n, maxLength: n }).map((rows) =>
        [["room", "seat", "ramGB", ...cols].join(","), ...rows.map((r, i) => [i % 2 ? "202" : "201", Math.floor(i / 2) + 1, 8, ...r].join(","))].join("\n"),
      ),
    );
    fc.assert(
      fc.property(file, (text) => {
        const machines = readInventoryCsv("inv.csv", text).map((e) => e.machine);
        const byRoom = new Map<string, InventoryMachine[]>();
        for (const m of machines) byRoom.set(m.room, [...(byRoom.get(m.room) ?? []), m]);
        const units = new CheckContext(site, byRoom, "2026-11-26").machineUnits().filter((u) => u.measured);
        for (const u of units) {
          const m = machines.find((x) => x.room === u.room.spec.id && x.seat === u.seat)!;
          const ref = factsReference(m, (u.room.spec.machineProfile ?? {}) as Record<string, unknown>);
          expect(u.facts).toStrictEqual(ref.facts);
          expect(Object.keys(u.facts)).toEqual(Object.keys(ref.facts));
          expect(u.facts.tools && Object.keys(u.facts.tools)).toEqual(ref.facts.tools && Object.keys(ref.facts.tools as object));
          expect(u.absentTools === "all-unlisted" ? "all-unlisted" : [...u.absentTools]).toEqual(ref.absentTools === "all-unlisted" ? "all-unlisted" : [...ref.absentTools]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
