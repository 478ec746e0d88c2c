import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { ABSENT, HEADER_ALIASES, Row, SPARE_SEAT, readInventoryCsv } from "../../src/inventory/csv";
import { fieldwiseProblem, fieldwiseValidator } from "../../src/inventory/row-fast";
import { InputError, type InputProblem } from "../../src/model/errors";
import { validateWith } from "../../src/model/load";
import { msg, type MessageKey, type Vars } from "../../src/i18n/catalogue";
import type { InventoryEntry, InventoryMachine as MachineRecord } from "../../src/inventory/types";

/**
 * CSV inventory rows are validated field by field, each distinct value once (issue 14). The
 * reference is zod's whole-row parse and the reader as it was before (kept below): random rows
 * and random CSV files must give the same machines, in the same key order, and the same problems.
 */

// ---- the reader before issue 14's fast paths (reference) ----
const NUMBERS = new Set(["seat", "cpuCores", "cpuGHz", "ramGB", "diskFreeGB", "nicSpeedMbps", "usb2Ports"]);
const BOOLEANS = new Set(["nicFullDuplex", "envCheckPassed", "network.allowedReachable", "network.blockedUnreachable"]);
const LISTS = new Set(["imes", "diskProtection", "network.failures"]);
const TRUE = new Set(["true", "yes", "y", "1", "是", "通过", "on"]);
const FALSE = new Set(["false", "no", "n", "0", "否", "未通过", "off"]);
const both = (key: MessageKey<"input">, vars?: Vars) => ({ message: msg("en", "input", key, vars), zh: msg("zh", "input", key, vars) });
function aliasesOf(field: string): string {
  return Object.entries(HEADER_ALIASES).filter(([, f]) => f === field).map(([h]) => h).join("、") || field;
}
type Kind = "list" | "number" | "boolean" | "text";
function kindOf(key: string): Kind {
  return LISTS.has(key) ? "list" : NUMBERS.has(key) ? "number" : BOOLEANS.has(key) ? "boolean" : "text";
}
function convert(kind: Kind, v: string): unknown {
  if (kind === "text") return v;
  if (kind === "list") return v.split(/[;；]/).map((s) => s.trim()).filter(Boolean);
  if (kind === "number") return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  const lower = v.toLowerCase();
  return TRUE.has(lower) ? true : FALSE.has(lower) ? false : v;
}
function setPath(obj: Record<string, unknown>, parts: readonly string[], value: unknown): void {
  let cur = obj;
  for (let i = 0; i < parts.length - 1; i++) cur = (cur[parts[i]] ??= {}) as Record<string, unknown>;
  cur[parts[parts.length - 1]] = value;
}
function readInventoryCsvReference(file: string, text: string): InventoryEntry[] {
  const records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: false, trim: false }) as never as { record: string[]; info: { lines: number } }[];
  if (records.length === 0) throw new InputError([{ file, line: 1, path: "", ...both("invCsvEmpty") }]);
  const header = records[0].record.map((h) => h.trim());
  const keys = header.map((h) => HEADER_ALIASES[h] ?? h);
  const problems: InputProblem[] = [];
  const dupCol = keys.findIndex((k, i) => keys.indexOf(k) !== i);
  if (dupCol >= 0) problems.push({ file, line: records[0].info.lines, path: header[dupCol], ...both("invCsvDupColumn", { column: header[dupCol] }) });
  for (const req of ["room", "seat"]) if (!keys.includes(req)) problems.push({ file, line: records[0].info.lines, path: req, ...both("invCsvMissingColumn", { column: req, aliases: aliasesOf(req) }) });
  if (problems.length) throw new InputError(problems);
  const out: InventoryEntry[] = [];
  const paths = keys.map((k) => k.split("."));
  // Tool columns: which tool each measures (browsers.chrome measures Chrome as well).
  const toolOf = keys.map((k) => (k.startsWith("tools.") ? k.slice(6) : k === "browsers.chrome" ? "chrome" : undefined));
  const kinds = keys.map(kindOf);
  // Rows measuring the same tools share one list, and equal cells of a column one string: a
  // province's inventory repeats the same versions 40,000 times (memory, issue 14).
  const toolLists = new Map<string, readonly string[]>();
  const cells = keys.map(() => new Map<string, string>());
  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r];
    const row: Record<string, unknown> = {};
    const measuredTools: string[] = [];
    for (let i = 0; i < record.length; i++) {
      let cell = record[i].trim();
      if (cell === "") continue;
      // A spare outside the grid: its seat cell names the spare (备用1 / spare-1 / SP1).
      if (keys[i] === "seat") {
        const spare = SPARE_SEAT.exec(cell);
        if (spare) { row.spare = Number(spare[1]); continue; }
      }
      const tool = toolOf[i];
      if (tool !== undefined) {
        if (!measuredTools.includes(tool)) measuredTools.push(tool);
        if (ABSENT.has(cell.toLowerCase())) continue;
      }
      if (kinds[i] === "text") {
        const seen = cells[i].get(cell);
        if (seen === undefined) cells[i].set(cell, cell);
        else cell = seen;
      }
      setPath(row, paths[i], convert(kinds[i], cell));
    }
    // Fast path: a valid row is parsed once; only a bad row pays for line-numbered messages.
    const ok = Row.safeParse(row);
    if (ok.success) {
      const machine = ok.data as MachineRecord & { site?: string };
      const site = machine.site;
      delete machine.site;
      measuredTools.sort();
      const toolKey = measuredTools.join(",");
      let shared = toolLists.get(toolKey);
      if (!shared) toolLists.set(toolKey, (shared = measuredTools));
      machine.measuredTools = shared;
      out.push({ site, machine, file, line: info.lines });
      continue;
    }
    try {
      validateWith(Row, { file, data: row, lineOf: () => info.lines }, "schema/inventory.schema.json");
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      // Report the column as the user wrote it (a Chinese alias stays Chinese).
      for (const p of e.problems) {
        const col = keys.indexOf(p.path);
        problems.push({ ...p, path: col >= 0 ? header[col] : p.path });
      }
    }
  }
  if (problems.length) throw new InputError(problems);
  return out;
}

// ---- generators ----
const num = fc.oneof(fc.constantFrom(1, 2, 8, 16, 0, -0, -1, 2.5, 1e21, Number.MAX_SAFE_INTEGER + 2), fc.integer({ min: -3, max: 50 }), fc.double({ noNaN: false }));
const text = fc.oneof(fc.constantFrom("", "x", "201", "A-1", "3.7.9", "2021.1.3", "19045", "19045.3803", "1920x1080", "PC-01", "bad host", "x".repeat(70), "00-1a-2b-3c-4d-5e", "00:1A:2B:3C:4D:5E"), fc.string({ maxLength: 8 }));
const scalar = fc.oneof(num, text, fc.boolean(), fc.constant(null));
const list = fc.oneof(fc.array(text, { maxLength: 3 }), fc.constantFrom(["en", "pinyin"], ["en", "pinyin", "wubi"], ["x".repeat(70)]), scalar);
const versionsOf = (ids: readonly string[], version: fc.Arbitrary<unknown>) => fc.dictionary(fc.constantFrom(...ids), version, { maxKeys: 4 });
/** Mostly valid values (so that rows pass), sometimes anything. */
const field = (valid: fc.Arbitrary<unknown>, any: fc.Arbitrary<unknown>) => fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: any });
const posInt = fc.oneof(fc.integer({ min: 1, max: 60 }), fc.constantFrom(1, 2, 8));
const posNum = fc.oneof(posInt, fc.constantFrom(2.5, 3.2, 0.5));
const FIELDS: Record<string, fc.Arbitrary<unknown>> = {
  seat: field(posInt, num),
  room: field(fc.constantFrom("201", "202"), fc.oneof(fc.constant(""), text, num)),
  hostname: field(fc.constantFrom("PC-01", "R201-01"), text),
  mac: field(fc.constantFrom("00-1a-2b-3c-4d-5e", "00:1A:2B:3C:4D:5E"), text),
  ipv4: field(fc.constantFrom("10.0.0.1"), fc.oneof(text, num)),
  cpuCores: field(posInt, num),
  cpuGHz: field(posNum, num),
  ramGB: field(posNum, num),
  diskFreeGB: field(fc.oneof(posNum, fc.constantFrom(0, -0)), num),
  display: field(fc.constantFrom("1920x1080", "1366x768"), text),
  nicSpeedMbps: field(posInt, num),
  nicFullDuplex: field(fc.boolean(), text),
  ipAssignment: field(fc.constantFrom("static", "dhcp"), text),
  restoreCard: field(fc.constantFrom("off", "on", "absent", "unknown"), text),
  diskProtection: field(fc.constantFrom([], ["UWF"], ["Deep Freeze", "UWF"]), list),
  os: field(fc.record({ name: fc.constantFrom("Windows 10 Pro", "Windows 11"), build: fc.constantFrom("19045", "19045.3803") }, { requiredKeys: ["name"] }), fc.oneof(fc.record({ name: fc.oneof(text, num), build: fc.oneof(text, num) }, { requiredKeys: [] }), fc.record({ name: text, extra: text }), scalar)),
  usb2Ports: field(fc.integer({ min: 0, max: 4 }), num),
  browsers: field(versionsOf(["chrome", "firefox", "ie"], fc.constantFrom("75.0.3770.100", "60.0")), fc.oneof(versionsOf(["chrome", "safari"], fc.oneof(text, num)), scalar)),
  tools: field(versionsOf(["python", "pycharm", "chrome", "mysql"], fc.constantFrom("3.7.9", "2021.1.3", "5.7")), fc.oneof(versionsOf(["python", "notatool"], fc.oneof(text, num)), scalar, fc.constant({ python: { x: "1" } }))),
  imes: field(fc.constantFrom(["en", "pinyin"], ["en", "pinyin", "wubi"], []), list),
  imeAdFree: field(fc.boolean(), text),
  network: field(fc.record({ allowedReachable: fc.boolean(), blockedUnreachable: fc.boolean(), failures: fc.constantFrom([], ["baidu.com"]) }, { requiredKeys: [] }), fc.oneof(fc.record({ allowedReachable: text, other: fc.boolean(), failures: list }, { requiredKeys: [] }), scalar)),
  envCheckPassed: field(fc.boolean(), text),
  measuredAt: field(fc.constantFrom("2026-11-20T09:00"), fc.oneof(text, num)),
  spare: field(posInt, num),
  site: field(fc.constantFrom("s1", "s2"), fc.oneof(fc.constant(""), num)),
  foo: text,
  "tools.python": text,
};
/** A row: a random subset of the fields (room usually there), in a random order. */
const row = fc
  .tuple(fc.record(FIELDS, { requiredKeys: [] }), fc.boolean(), fc.array(fc.nat(), { minLength: 40, maxLength: 40 }), fc.nat(9))
  .map(([r, withRoom, weights, odd]) => {
    const rec = r as Record<string, unknown>;
    // Unknown keys now and then only.
    if (odd !== 0) { delete rec.foo; delete rec["tools.python"]; }
    if (withRoom && !("room" in rec)) rec.room = "201";
    const keys = Object.keys(rec);
    const order = keys.map((k, i) => ({ k, w: weights[i] })).sort((a, b) => a.w - b.w);
    const out: Record<string, unknown> = {};
    for (const { k } of order) out[k] = rec[k];
    return out;
  });

describe("CSV inventory rows validated field by field give zod's whole-row result (issue 14)", () => {
  it("the row schema is a strict object of independent fields, room the only required one", () => {
    expect(fieldwiseProblem(Row)).toBeUndefined();
    const required = Object.entries(Row.shape).filter(([, s]) => !((s as { _zod: { optin?: string; optout?: string } })._zod.optin === "optional" && (s as { _zod: { optout?: string } })._zod.optout === "optional"));
    expect(required.map(([k]) => k)).toEqual(["room"]);
    // What would make field-by-field validation wrong is refused (readInventoryCsv would throw at once).
    expect(fieldwiseProblem(Row.refine(() => true))).toBeDefined();
    expect(fieldwiseProblem(Row.superRefine(() => undefined))).toBeDefined();
    expect(fieldwiseProblem(Row.loose())).toBeDefined();
    expect(fieldwiseProblem(Row.strip())).toBeDefined();
    expect(fieldwiseProblem(Row.transform((r) => r))).toBeDefined();
    expect(fieldwiseProblem(z.object({ a: z.string() }))).toBeDefined();
    expect(() => fieldwiseValidator(Row.refine(() => true) as never)).toThrow(/field by field/);
  });

  it("random rows: same success and same data (values, key order, -0) as Row.safeParse", () => {
    const fast = fieldwiseValidator(Row);
    let fastOk = 0;
    fc.assert(
      fc.property(row, (r) => {
        const ref = Row.safeParse(r);
        for (const input of [r, structuredClone(r), r]) {
          const got = fast(input);
          expect(got !== undefined).toBe(ref.success);
          if (got !== undefined) {
            fastOk++;
            expect(JSON.stringify(got)).toBe(JSON.stringify(ref.data));
            expect(got).toStrictEqual(ref.data);
            expect(Object.keys(got)).toEqual(Object.keys(ref.data!));
          }
        }
      }),
      { numRuns: 4000 },
    );
    expect(fastOk).toBeGreaterThan(300); // valid rows do take the fast path
  });

  it("odd rows (another prototype, a __proto__ field) take the full parse", () => {
    const fast = fieldwiseValidator(Row);
    expect(fast(Object.assign(Object.create({ room: "201" }), { seat: 1 }))).toBeUndefined();
    expect(fast({ room: "201", tools: Object.assign(Object.create({ python: "x" }), { pycharm: "2021.1.3" }) })).toBeUndefined();
    expect(fast({ room: "201", seat: -0 })).toBeUndefined();
    // -0 is not remembered as 0 (nor 0 as -0).
    expect(fast({ room: "201", diskFreeGB: 0 })).toStrictEqual({ diskFreeGB: 0, room: "201" });
    expect(Object.is(fast({ room: "201", diskFreeGB: -0 })!.diskFreeGB, -0)).toBe(true);
    expect(Object.is(fast({ room: "201", diskFreeGB: 0 })!.diskFreeGB, 0)).toBe(true);
  });
});

// ---- whole files against the reader as it was ----
const COLUMNS = ["site", "room", "考场", "seat", "座位", "hostname", "mac", "ipv4", "cpuCores", "ramGB", "内存GB", "display", "nicFullDuplex", "os.name", "os.build", "os", "tools.python", "tools.pycharm", "tools.chrome", "tools.mysql", "tools.x.y", "browsers.chrome", "browsers.firefox", "network.allowedReachable", "network.failures", "imes", "diskProtection", "restoreCard", "envCheckPassed", "foo", "constructor.x"];
const CELL = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("", " ", "1", "2", "8", "0", "-0", "2.5", "-3", "201", "202", "true", "是", "no", "未安装", "Absent", "-", "备用1", "spare-2", "SP3", "3.7.9", "2021.1.3", " 3.7.9 ", "1920x1080", "00-1a-2b-3c-4d-5e", "PC-01", "en;pinyin", " a ; b ", "Windows 10", "19045", "off", "x".repeat(70)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }).filter((s) => !/["\r\n,]/.test(s)) },
);
const csvFile = fc
  .uniqueArray(fc.constantFrom(...COLUMNS), { minLength: 1, maxLength: 14, selector: (c) => HEADER_ALIASES[c] ?? c })
  .chain((cols) => {
    const header = cols.includes("room") || cols.includes("考场") ? cols : ["room", ...cols];
    const full = header.includes("seat") || header.includes("座位") ? header : [...header, "seat"];
    return fc.array(fc.array(CELL, { minLength: full.length, maxLength: full.length }), { minLength: 1, maxLength: 12 }).map((rows) => [full.join(","), ...rows.map((r) => r.join(","))].join("\n"));
  });

const outcome = (f: () => InventoryEntry[]): unknown => {
  try {
    const entries = f();
    return { json: JSON.stringify(entries), entries };
  } catch (e) {
    return e instanceof InputError ? { problems: e.problems as InputProblem[] } : { error: `${(e as Error).constructor.name}: ${(e as Error).message}` };
  }
};

describe("readInventoryCsv with its fast paths reads files as before (issue 14)", () => {
  it("random CSV files: same machines (key order, shared tool lists' contents) or same problems", () => {
    fc.assert(
      fc.property(csvFile, (text) => {
        expect(outcome(() => readInventoryCsv("inv.csv", text))).toStrictEqual(outcome(() => readInventoryCsvReference("inv.csv", text)));
      }),
      { numRuns: 1000 },
    );
  });

  it("a valid generated file: same machines; equal nested objects are shared", () => {
    const lines = ["site,room,seat,ramGB,os.name,tools.python,tools.pycharm,browsers.chrome,imes,network.allowedReachable"];
    for (let i = 0; i < 200; i++) lines.push(`s${i % 3},20${i % 2},${(i % 40) + 1},${i % 7 === 0 ? "" : 8},Windows 10,${i % 5 ? "3.7.9" : "未安装"},2021.1.3,75.0,en;pinyin,${i % 2 ? "yes" : ""}`);
    lines.push("s0,201,备用1,4,Windows 10,3.7.9,,,,");
    const text = lines.join("\n");
    const got = readInventoryCsv("inv.csv", text);
    expect(JSON.stringify(got)).toBe(JSON.stringify(readInventoryCsvReference("inv.csv", text)));
    expect(got[1].machine.tools).toBe(got[2].machine.tools);
    expect(got[0].machine.imes).toBe(got[3].machine.imes);
  });

  it("rows read as they are parsed: a CSV error anywhere still wins, then the header's problems", () => {
    const csvError = (text: string) => {
      try {
        readInventoryCsv("inv.csv", text);
      } catch (e) {
        return (e as InputError).problems;
      }
      return undefined;
    };
    // Bad rows, an exception-raising header (os and os.name) or a bad header, then a broken quote.
    for (const [head, extra] of [["room,seat,ramGB", ""], ["room,seat,os,os.name", ",x"], ["room,room2,ramGB", ""], ["room,seat,seat", ""]]) {
      const text = `${head}\n201,x,-1${extra}\n201,2,8${extra}\n201,3,"8${extra}\n`;
      const problems = csvError(text);
      expect(problems, head).toHaveLength(1);
      expect(problems![0].message, head).toMatch(/quote/i);
    }
    expect(csvError("")![0].message).toBe(csvError("\n\n")![0].message);
    expect(() => readInventoryCsvReference("inv.csv", "room,seat,os,os.name\n201,1,x,y\n")).toThrow(TypeError);
    expect(() => readInventoryCsv("inv.csv", "room,seat,os,os.name\n201,1,x,y\n")).toThrow(TypeError);
  });
});
