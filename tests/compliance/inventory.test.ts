import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import Ajv2020 from "ajv/dist/2020";
import { InputError, formatProblem } from "../../src/model/errors";
import { readInventoryCsv } from "../../src/inventory/csv";
import { readInventoryFile, inventoryBySite } from "../../src/inventory/read";
import { siteFromObject } from "../../src/model/site";
import { baseSite } from "./fixtures/base-site";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-compliance-inv-"));
/** 1-based line of the first line containing `needle` (after `after` lines). */
const lineOf = (text: string, needle: string, after = 0) => text.split("\n").findIndex((l, i) => i >= after && l.includes(needle)) + 1;
const write = (name: string, text: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};
function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.problems.map((p) => formatProblem(p));
    throw e;
  }
  throw new Error("expected an InputError");
}

const JSON_INV = {
  $schema: "../schema/inventory.schema.json",
  site: "base",
  machines: [
    { room: "201", seat: 1, hostname: "R201-01", mac: "00-1a-2b-3c-4d-01", cpuCores: 4, ramGB: 8, os: { name: "Windows 10 Pro", build: "19045.3803" }, tools: { python: "3.7.9" }, network: { allowedReachable: true, blockedUnreachable: true, failures: [] }, envCheckPassed: true },
    { room: "201", seat: 2, ramGB: 4, imes: ["en", "pinyin", "wubi"] },
  ],
};

describe("inventory import", () => {
  it("reads a JSON inventory (the published schema accepts it too)", () => {
    const text = JSON.stringify(JSON_INV, null, 2);
    const f = write("inv.json", text);
    const entries = readInventoryFile(f);
    const second = lineOf(text, '"seat": 2') - 2; // the machine's opening brace
    expect(entries.map((e) => [e.site, e.machine.room, e.machine.seat, e.line])).toEqual([["base", "201", 1, lineOf(text, '"room"') - 1], ["base", "201", 2, second]]);
    expect(entries[0].machine.mac).toBe("00:1A:2B:3C:4D:01");
    const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../schema/inventory.schema.json"), "utf8"));
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(JSON_INV)).toBe(true);
    expect(validate({ ...JSON_INV, machines: [{ room: "201", seat: 0 }] })).toBe(false);
  });

  it("JSON problems name file, line and field", () => {
    const bad = structuredClone(JSON_INV) as { machines: Record<string, unknown>[] };
    bad.machines[1].ramGB = "lots";
    bad.machines[1].gpu = "rtx";
    const text = JSON.stringify(bad, null, 2);
    const f = write("bad.json", text);
    expect(problems(() => readInventoryFile(f))).toEqual([
      `${f}:${lineOf(text, '"lots"')}: machines[1].ramGB: expected number, got "lots"`,
      `${f}:${lineOf(text, '"gpu"')}: machines[1].gpu: unknown field "gpu" (check the spelling; see schema/inventory.schema.json)`,
    ]);
  });

  it("reads a spreadsheet CSV with dotted and Chinese headers, lists and booleans", () => {
    const text = "\uFEFF考场,座位号,内存GB,os.name,tools.python,imes,network.blockedUnreachable,envCheckPassed\r\n201,3,8,Windows 10,3.7.9,en;pinyin;五笔,true,是\r\n201,4,,,,,,\r\n";
    const entries = readInventoryCsv("inv.csv", text);
    expect(entries[0].machine).toEqual({ room: "201", seat: 3, ramGB: 8, os: { name: "Windows 10" }, tools: { python: "3.7.9" }, imes: ["en", "pinyin", "五笔"], network: { blockedUnreachable: true }, envCheckPassed: true, measuredTools: ["python"] });
    expect(entries[1].machine).toEqual({ room: "201", seat: 4, measuredTools: [] }); // empty cells: not measured
    expect(entries.map((e) => e.line)).toEqual([2, 3]);
  });

  it("bad CSV rows become problems with file:line:column, all rows at once", () => {
    const text = "room,seat,内存GB,nicFullDuplex,tools.foo\n201,1,8,true,\n201,two,8,maybe,\n201,3,-1,true,1.0\n";
    expect(problems(() => readInventoryCsv("inv.csv", text))).toEqual([
      'inv.csv:3: seat: expected number, got "two"',
      'inv.csv:3: nicFullDuplex: expected true or false, got "maybe"',
      "inv.csv:4: 内存GB: expected a number greater than 0",
      expect.stringMatching(/^inv\.csv:4: tools\.foo: /),
    ]);
    expect(problems(() => readInventoryCsv("x.csv", "room,ramGB\n201,8\n"))).toEqual(['x.csv:1: seat: missing required column "seat" (the header may also say 座位、座位号)']);
    expect(problems(() => readInventoryCsv("x.csv", 'room,seat\n201,"1\n'))[0]).toMatch(/^x\.csv(:\d+)?: invalid CSV: /);
  });

  it("matches machines to the site's rooms and seats", () => {
    const site = siteFromObject(baseSite());
    const e = (room: string, seat: number, line: number, s?: string) => ({ site: s, machine: { room, seat }, file: "inv.csv", line });
    expect(inventoryBySite([site], [e("201", 1, 2), e("202", 48, 3)]).get("base")!.map((m) => `${m.room}/${m.seat}`)).toEqual(["201/1", "202/48"]);
    expect(problems(() => inventoryBySite([site], [e("201", 49, 2), e("203", 1, 3), e("201", 1, 4), e("201", 1, 5), e("201", 2, 6, "other")]))).toEqual([
      "inv.csv:2: seat: seat 49 does not exist in room 201 (the grid has 48 seats)",
      'inv.csv:3: room: room "203" does not exist in site base (rooms: 201, 202)',
      "inv.csv:5: seat: room 201 seat 1 is measured twice (first at inv.csv:4)",
      'inv.csv:6: site: site "other" is not one of the checked sites (base)',
    ]);
  });
});
