import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import Ajv2020 from "ajv/dist/2020";
import { InputError, formatProblem } from "../../src/model/errors";
import { readInventoryCsv, SPARE_SEAT } from "../../src/inventory/csv";
import { readInventoryFile, inventoryBySite } from "../../src/inventory/read";
import { siteFromObject } from "../../src/model/site";
import { runChecks } from "../../src/compliance/engine";
import { buildSiteReport } from "../../src/report/build";
import { baseInventory, baseSite, TODAY } from "./fixtures/base-site";
import type { InventoryMachine } from "../../src/inventory/types";
import { renderCheckEnvironment } from "../../src/windows/render";
import { nodesOfType, parsePs } from "../windows/ps-parser";
import { sampleSites } from "../windows/sites";

/**
 * Issue 12 / manual §8: spare machines kept outside the seat grid are provisioned like the others,
 * so inventories (not only the site file's rooms[].spareInventory) carry them: a CSV row whose
 * seat cell names the spare (备用1, 备用机 2, spare-1, SP1), a JSON machine with `spare: n`. They
 * feed the same rules as the site-file spares and the report shows them.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-spares-"));
const write = (name: string, text: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};
function problems(fn: () => unknown, lang: "zh" | "en" = "en"): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.problems.map((p) => formatProblem(p, lang));
    throw e;
  }
  throw new Error("expected an InputError");
}
/** The base site without its declared spares: the inventory is the only source of spare facts. */
function siteWithoutDeclaredSpares() {
  const input = baseSite();
  for (const r of input.rooms) r.spareInventory = [];
  return siteFromObject(input);
}
const TOOL_COLUMNS = ["python", "pycharm", "anaconda", "selenium"];

describe("spare machines in inventories", () => {
  it("a CSV seat cell names a spare in the forms a Chinese or English sheet uses", () => {
    for (const [cell, n] of [["备用1", 1], ["备用 2", 2], ["备用机3", 3], ["备用机 4", 4], ["spare-1", 1], ["Spare 2", 2], ["spare_3", 3], ["SP1", 1], ["sp-2", 2], ["备用#5", 5]] as const) {
      expect(SPARE_SEAT.exec(cell)?.[1], cell).toBe(String(n));
    }
    for (const cell of ["备用", "spare", "1", "S1", "备用一", "spare-x", "17号"]) expect(SPARE_SEAT.exec(cell), cell).toBeNull();
  });

  it("reads spares from CSV with Chinese headers and with English headers", () => {
    const zh = readInventoryCsv("zh.csv", "考场,座位号,主机名,内存GB,tools.python\n201,1,R201-01,8,3.7.9\n201,备用1,R201-SP1,8,3.7.9\n201,备用机 2,,16,未安装\n");
    expect(zh.map((e) => [e.machine.seat, e.machine.spare, e.machine.hostname, e.machine.ramGB, e.line])).toEqual([
      [1, undefined, "R201-01", 8, 2],
      [undefined, 1, "R201-SP1", 8, 3],
      [undefined, 2, undefined, 16, 4],
    ]);
    expect(zh[2].machine.measuredTools).toEqual(["python"]); // 未安装: measured, absent
    const en = readInventoryCsv("en.csv", "room,seat,ramGB\n202,spare-1,8\n202,SP2,8\n202,3,8\n");
    expect(en.map((e) => [e.machine.room, e.machine.seat, e.machine.spare])).toEqual([["202", undefined, 1], ["202", undefined, 2], ["202", 3, undefined]]);
    // Anything else in the seat column is still a bad seat number, with file:line:column, both languages.
    expect(problems(() => readInventoryCsv("bad.csv", "room,seat\n201,备用\n"))).toEqual(['bad.csv:2: seat: expected number, got "备用"']);
    expect(problems(() => readInventoryCsv("bad.csv", "room,seat\n201,备用\n"), "zh")).toEqual(['bad.csv:2: seat: 应为数字，实际为 "备用"']);
  });

  it("reads spares from JSON (spare instead of seat), and the published schema accepts them", () => {
    const inv = { site: "base", machines: [{ room: "201", seat: 1, ramGB: 8 }, { room: "201", spare: 2, ramGB: 8, tools: { python: "3.7.9" } }] };
    const f = write("spares.json", JSON.stringify(inv, null, 2));
    const entries = readInventoryFile(f);
    expect(entries.map((e) => [e.machine.seat, e.machine.spare])).toEqual([[1, undefined], [undefined, 2]]);
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "../../schema/inventory.schema.json"), "utf8"));
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(inv), JSON.stringify(validate.errors)).toBe(true);
  });

  it("refuses a spare the room does not have, a spare measured twice, and seat and spare together", () => {
    const site = siteWithoutDeclaredSpares();
    const csv = write("sp.csv", "room,seat\n201,备用1\n201,备用3\n201,spare-1\n");
    expect(problems(() => inventoryBySite([site], readInventoryFile(csv)))).toEqual([
      `${csv}:3: spare: room 201 has no spare machine 3 (rooms[].spareMachines is 2)`,
      `${csv}:4: spare: room 201 spare machine 1 was measured twice (first at ${csv}:2)`,
    ]);
    expect(problems(() => inventoryBySite([site], readInventoryFile(csv)), "zh")).toEqual([
      `${csv}:3: spare: 考场 201 没有备用机 3（rooms[].spareMachines 为 2）`,
      `${csv}:4: spare: 考场 201 备用机 1 被测量了两次（第一次在 ${csv}:2）`,
    ]);
    const both = write("both.json", JSON.stringify({ site: "base", machines: [{ room: "201", seat: 1, spare: 1 }, { room: "201" }] }, null, 2));
    const p = problems(() => inventoryBySite([site], readInventoryFile(both)), "zh");
    expect(p).toHaveLength(2);
    for (const line of p) expect(line).toMatch(/^.*both\.json:\d+: seat: 应写座号 seat 或备用机编号 spare（二者选一/);
  });

  it("feeds the same rules as site-file spares: a spare lacking a tool is an error on that spare", () => {
    const site = siteWithoutDeclaredSpares();
    const seats = baseInventory(site).map((m) => [m.room, String(m.seat), ...TOOL_COLUMNS.map((t) => m.tools?.[t as keyof typeof m.tools] ?? "")].join(","));
    const csv = ["考场,座位号," + TOOL_COLUMNS.map((t) => `tools.${t}`).join(","), ...seats, "201,备用1,3.7.9,未安装,2020.02,3.141.0", "201,备用2,3.7.9,2021.1.3,2020.02,3.141.0", "202,spare-1,3.7.9,2021.1.3,2020.02,3.141.0", "202,SP2,3.7.9,2021.1.3,2020.02,3.141.0"].join("\n") + "\n";
    const inventory = inventoryBySite([site], readInventoryCsv("inv.csv", csv)).get("base")!;
    const result = runChecks(site, { inventory, today: TODAY });
    const onSpares = result.findings.filter((f) => f.target.includes("/spares/") && f.severity === "error");
    expect(onSpares.map((f) => [f.rule, f.target])).toEqual([["TOOL-PYCHARM", "rooms/201/spares/1"]]);
    expect(onSpares[0].message.zh).toContain("备用机 1（R201-SP1）");
    // Every spare now has facts: ROOM-SPARE-MACHINES no longer calls them unknown.
    expect(result.findings.filter((f) => f.rule === "ROOM-SPARE-MACHINES")).toEqual([]);

    // Without the spare rows the same site warns that the spares outside the grid are unknown.
    const seatsOnly = inventoryBySite([site], readInventoryCsv("inv.csv", ["考场,座位号," + TOOL_COLUMNS.map((t) => `tools.${t}`).join(","), ...seats].join("\n") + "\n")).get("base")!;
    const warned = runChecks(site, { inventory: seatsOnly, today: TODAY }).findings.filter((f) => f.rule === "ROOM-SPARE-MACHINES");
    expect(warned.map((f) => f.target)).toEqual(["rooms/201", "rooms/202"]);
  });

  it("an imported spare overrides the site file's declared facts for that spare", () => {
    const site = siteFromObject(baseSite()); // declares both spares with every tool
    const imported: InventoryMachine = { room: "202", spare: 2, tools: { python: "3.7.9" } } as InventoryMachine;
    const result = runChecks(site, { inventory: [...baseInventory(site), imported], today: TODAY });
    const errors = result.findings.filter((f) => f.target === "rooms/202/spares/2" && f.severity === "error").map((f) => f.rule);
    expect(errors).toContain("TOOL-PYCHARM"); // check-environment.ps1 lists every tool it found: the rest are absent
    expect(result.findings.filter((f) => f.target === "rooms/202/spares/1" && f.severity === "error")).toEqual([]);
  });

  it("the report shows the spares outside the grid with their status, and lists a failing one", () => {
    const site = siteWithoutDeclaredSpares();
    const inventory = [...baseInventory(site), { room: "201", spare: 1, tools: { python: "3.7.9" } } as InventoryMachine];
    for (const lang of ["zh", "en"] as const) {
      const { files } = buildSiteReport(site, { lang, inventory, today: TODAY });
      const html = files.html;
      const caption = lang === "zh" ? "网格外备用机" : "Spare machines outside the grid";
      const cell = lang === "zh" ? "备用 1" : "spare 1";
      expect(html).toContain(`<caption>${caption}</caption>`);
      expect(html).toMatch(new RegExp(`<td class="inv-fail" title="${cell} R201-SP1[^"]*TOOL-PYCHARM`));
      // spare 2 of room 201 was not measured: grey
      expect(html).toMatch(new RegExp(`<td class="inv-none" title="${cell.replace("1", "2")} R201-SP2`));
      expect(html).toMatch(new RegExp(`<tr><td>${cell}</td><td>R201-SP1</td><td>(?:(?!</tr>)[\\s\\S])*TOOL-PYCHARM`));
    }
  });

  it("check-environment.ps1 on a spare writes spare (from the planned host name R201-SP1) instead of seat", async () => {
    const site = sampleSites().intermediate;
    const src = renderCheckEnvironment(site);
    const { tree, errors } = await parsePs(src);
    expect(errors).toEqual([]);
    // The script's host-name pattern, taken from the script, numbers every planned spare correctly.
    const m = /\[regex\]::Match\(\[string\]\$identity\.hostname, '([^']+)', 'IgnoreCase'\)/.exec(src);
    expect(m).not.toBeNull();
    const re = new RegExp(m![1], "i");
    const spares = site.plan.leases.filter((l) => l.role === "spare" && l.seat === null);
    expect(spares.length).toBeGreaterThan(0);
    for (const room of site.rooms) {
      const mine = spares.filter((l) => l.room === room.spec.id);
      expect(mine.map((l) => Number(re.exec(l.hostname)?.[1]))).toEqual(Array.from({ length: room.spec.spareMachines }, (_, i) => i + 1));
    }
    // Seats' host names are not spares.
    for (const l of site.plan.leases.filter((x) => x.role === "candidate")) expect(re.test(l.hostname), l.hostname).toBe(false);
    // The record swaps seat for spare, at the same place, after it is built.
    const calls = nodesOfType(tree.rootNode, "pipeline").map((n) => n.text);
    expect(calls.some((t) => t.includes("$record.Remove('seat'); $record.Insert(1, 'spare', $spareNo)") || t === "$record.Insert(1, 'spare', $spareNo)")).toBe(true);
    // -Seat 201/SP1 names a spare by hand.
    expect(src).toContain("'^(?:SP|spare-?)(\\d+)$'");
  });
});
