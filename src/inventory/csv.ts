import { parse } from "csv-parse/sync";
import { z } from "zod";
import { InputError, type InputProblem } from "../model/errors";
import { validateWith } from "../model/load";
import { InventoryMachine } from "../model/sections/machine";
import { fieldwiseValidator } from "./row-fast";
import { nestedGroups, objectOf, step } from "./nested-cells";
import type { InventoryEntry, InventoryMachine as MachineRecord } from "./types";
import { msg, type MessageKey, type Vars } from "../i18n/catalogue";

/**
 * CSV inventory exported from a spreadsheet: one machine per row. Columns are the JSON field
 * names, nested ones dotted (os.name, tools.python, browsers.chrome, network.blockedUnreachable);
 * a few Chinese headers are accepted too. Lists (imes, diskProtection, network.failures) use ';'.
 * An empty cell, or a column that is not there, means "not measured" (未测量: a warning), never
 * "not installed". A tool measured absent is written `未安装` / `absent` / `none` / `-` in its
 * tools.<id> (or browsers.chrome) column: that is an error where the level needs the tool.
 * Optional `site` column for files covering several sites.
 *
 * Spare machines kept outside the seat grid (manual §8: provisioned like the others) are rows
 * too: their seat cell names the spare instead of a seat number — `备用1`, `备用机 2`, `spare-1`
 * or `SP1` (the plan's host names end in -SP1) — and they are checked like the seats.
 * Every problem names the file, line and column, in both languages (catalogue section `input`).
 */
const NUMBERS = new Set(["seat", "cpuCores", "cpuGHz", "ramGB", "diskFreeGB", "nicSpeedMbps", "usb2Ports"]);
const BOOLEANS = new Set(["nicFullDuplex", "envCheckPassed", "network.allowedReachable", "network.blockedUnreachable"]);
const LISTS = new Set(["imes", "diskProtection", "network.failures"]);
const TRUE = new Set(["true", "yes", "y", "1", "是", "通过", "on"]);
const FALSE = new Set(["false", "no", "n", "0", "否", "未通过", "off"]);
/** Cell values of a tools.<id> column meaning "measured: not installed". */
export const ABSENT = new Set(["未安装", "无", "absent", "none", "not installed", "-", "—"]);

/** Chinese spreadsheet headers → field names. */
export const HEADER_ALIASES: Record<string, string> = {
  考点: "site", 考场: "room", 机房: "room", 座位: "seat", 座位号: "seat", 主机名: "hostname", 计算机名: "hostname",
  MAC: "mac", MAC地址: "mac", IP: "ipv4", IP地址: "ipv4", CPU核数: "cpuCores", 主频GHz: "cpuGHz", 内存GB: "ramGB",
  可用空间GB: "diskFreeGB", 分辨率: "display", 网卡速率Mbps: "nicSpeedMbps", 全双工: "nicFullDuplex", 操作系统: "os.name",
  系统版本号: "os.build", USB2接口数: "usb2Ports", 输入法: "imes", 还原卡: "restoreCard", 环境检测通过: "envCheckPassed",
};

export const Row = InventoryMachine.extend({ site: z.string().min(1).optional() });

/** A problem in both languages from one catalogue entry. */
const both = (key: MessageKey<"input">, vars?: Vars) => ({ message: msg("en", "input", key, vars), zh: msg("zh", "input", key, vars) });

/** Seat cell of a spare machine outside the grid: 备用1, 备用机 2, spare-1, SP1 (case-insensitive). */
export const SPARE_SEAT = /^(?:备用(?:机)?|spare|sp)\s*[-_#]?\s*(\d{1,4})$/i;

/** The Chinese and English headers that name a required column (for the missing-column message). */
function aliasesOf(field: string): string {
  return Object.entries(HEADER_ALIASES).filter(([, f]) => f === field).map(([h]) => h).join("、") || field;
}

/** csv-parse's error → one problem in both languages (its own wording is English only). */
export function csvProblem(e: { code?: string; message: string; record?: unknown[] }, expected?: number): { message: string; zh: string } {
  if (e.code === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH" && expected !== undefined) return both("csvColumnCount", { got: Array.isArray(e.record) ? e.record.length : "?", expected });
  if (e.code === "CSV_QUOTE_NOT_CLOSED") return both("csvQuoteNotClosed");
  if (e.code === "CSV_INVALID_CLOSING_QUOTE") return both("csvBadClosingQuote", { char: /got "(.)"/.exec(e.message)?.[1] !== undefined ? `"${/got "(.)"/.exec(e.message)![1]}"` : "?" });
  return both("csvOther", { detail: e.message.split("\n")[0] });
}

/** How a column's cells become values (decided once per column, not per cell). */
type Kind = "list" | "number" | "boolean" | "text";
function kindOf(key: string): Kind {
  return LISTS.has(key) ? "list" : NUMBERS.has(key) ? "number" : BOOLEANS.has(key) ? "boolean" : "text";
}

/** `v` is the trimmed cell. */
function convert(kind: Kind, v: string): unknown {
  if (kind === "text") return v;
  if (kind === "list") return v.split(/[;；]/).map((s) => s.trim()).filter(Boolean);
  if (kind === "number") return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  const lower = v.toLowerCase();
  return TRUE.has(lower) ? true : FALSE.has(lower) ? false : v;
}

/** A seat cell naming a spare machine (its number). */
class Spare {
  constructor(readonly n: number) {}
}
/** A tool cell saying "measured: not installed". */
const NOT_INSTALLED = Symbol("not installed");

function setPath(obj: Record<string, unknown>, parts: readonly string[], value: unknown): void {
  let cur = obj;
  for (let i = 0; i < parts.length - 1; i++) cur = (cur[parts[i]] ??= {}) as Record<string, unknown>;
  cur[parts[parts.length - 1]] = value;
}

type CsvRecord = { record: string[]; info: { lines: number } };

export function readInventoryCsv(file: string, text: string): InventoryEntry[] {
  // Rows are read as csv-parse meets them (issue 14): 40,000 parsed records, each with its info
  // object, need not all exist at once. What is reported stays as when the whole file was parsed
  // first: a CSV error anywhere, else the header's problems, else the rows' (or the exception a
  // row raised).
  let rows: RowReader | undefined;
  let headerProblems: InputProblem[] | undefined;
  let failure: { error: unknown } | undefined;
  let count = 0;
  const onRecord = (r: CsvRecord): null => {
    count++;
    if (failure || headerProblems) return null;
    try {
      if (!rows) {
        const started = startRows(file, r);
        if ("problems" in started) headerProblems = started.problems;
        else rows = started;
      } else rows.read(r);
    } catch (e) {
      failure = { error: e };
    }
    return null;
  };
  try {
    parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: false, trim: false, on_record: onRecord as never });
  } catch (e) {
    const err = e as { code?: string; message: string; lines?: number; record?: unknown[] };
    // The header's width, for "this row has 3 columns, the header has 2".
    const width = (() => {
      try {
        return (parse(text, { bom: true, to_line: 1, relax_column_count: true }) as string[][])[0]?.length;
      } catch {
        return undefined;
      }
    })();
    throw new InputError([{ file, line: err.lines, path: "", ...csvProblem(err, width) }]);
  }
  if (count === 0) throw new InputError([{ file, line: 1, path: "", ...both("invCsvEmpty") }]);
  if (headerProblems) throw new InputError(headerProblems);
  if (failure) throw failure.error;
  return rows!.done();
}

interface RowReader {
  read(r: CsvRecord): void;
  done(): InventoryEntry[];
}

/** The header record → its problems, or a reader of the rows that follow it. */
function startRows(file: string, first: CsvRecord): RowReader | { problems: InputProblem[] } {
  const header = first.record.map((h) => h.trim());
  const keys = header.map((h) => HEADER_ALIASES[h] ?? h);
  const problems: InputProblem[] = [];
  const dupCol = keys.findIndex((k, i) => keys.indexOf(k) !== i);
  if (dupCol >= 0) problems.push({ file, line: first.info.lines, path: header[dupCol], ...both("invCsvDupColumn", { column: header[dupCol] }) });
  for (const req of ["room", "seat"]) if (!keys.includes(req)) problems.push({ file, line: first.info.lines, path: req, ...both("invCsvMissingColumn", { column: req, aliases: aliasesOf(req) }) });
  if (problems.length) return { problems };
  const out: InventoryEntry[] = [];
  const paths = keys.map((k) => k.split("."));
  // Tool columns: which tool each measures (browsers.chrome measures Chrome as well).
  const toolOf = keys.map((k) => (k.startsWith("tools.") ? k.slice(6) : k === "browsers.chrome" ? "chrome" : undefined));
  const kinds = keys.map(kindOf);
  const groups = nestedGroups(paths);
  // Rows measuring the same tools share one list, and equal cells of a column one string: a
  // province's inventory repeats the same versions 40,000 times (memory, issue 14).
  const toolLists = new Map<string, readonly string[]>();
  // The sorted, shared list of a row's measured tools, found by the order they were met in (a
  // trie: no sort or join per row).
  interface ToolNode { next: Map<string, ToolNode>; list?: readonly string[] }
  const toolRoot: ToolNode = { next: new Map() };
  // Each column's distinct cells are read once (issue 14): equal cells share one value (the
  // same string, list or spare), and a tool's absent marker or a spare seat is recognised once.
  const values = keys.map(() => new Map<string, unknown>());
  // Each distinct value validated once (issue 14); a row it cannot vouch for gets the full parse.
  const fast = fieldwiseValidator(Row);
  const read = (r: CsvRecord): void => {
    const { record, info } = r;
    const row: Record<string, unknown> = {};
    const measuredTools: string[] = [];
    let toolNode = toolRoot;
    const nested = groups.roots.slice();
    for (let i = 0; i < record.length; i++) {
      const cell = record[i].trim();
      if (cell === "") continue;
      let value = values[i].get(cell);
      if (value === undefined) {
        // A spare outside the grid: its seat cell names the spare (备用1 / spare-1 / SP1).
        const spare = keys[i] === "seat" ? SPARE_SEAT.exec(cell) : null;
        if (spare) value = new Spare(Number(spare[1]));
        else if (toolOf[i] !== undefined && ABSENT.has(cell.toLowerCase())) value = NOT_INSTALLED;
        else value = convert(kinds[i], cell);
        values[i].set(cell, value);
      }
      if (value instanceof Spare) { row.spare = value.n; continue; }
      const tool = toolOf[i];
      if (tool !== undefined && !measuredTools.includes(tool)) {
        measuredTools.push(tool);
        let next = toolNode.next.get(tool);
        if (!next) toolNode.next.set(tool, (next = { next: new Map() }));
        toolNode = next;
      }
      if (value === NOT_INSTALLED) continue;
      const g = groups.of[i];
      if (g < 0) { setPath(row, paths[i], value); continue; }
      // Equal nested objects (tools.*, os.*) are one object, found cell by cell (issue 14).
      if (nested[g] === groups.roots[g]) row[groups.names[g]] = undefined; // its place among the row's keys
      nested[g] = step(nested[g], i, paths[i][1], value);
    }
    for (let g = 0; g < nested.length; g++) if (nested[g] !== groups.roots[g]) row[groups.names[g]] = objectOf(nested[g]);
    // Fast path: a valid row is parsed once; only a bad row pays for line-numbered messages.
    let data: unknown = fast(row);
    if (data === undefined) {
      const ok = Row.safeParse(row);
      if (ok.success) data = ok.data;
    }
    if (data !== undefined) {
      const machine = data as MachineRecord & { site?: string };
      const site = machine.site;
      delete machine.site;
      if (!toolNode.list) {
        measuredTools.sort();
        const toolKey = measuredTools.join(",");
        let shared = toolLists.get(toolKey);
        if (!shared) toolLists.set(toolKey, (shared = measuredTools));
        toolNode.list = shared;
      }
      const shared = toolNode.list;
      machine.measuredTools = shared;
      out.push({ site, machine, file, line: info.lines });
      return;
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
  };
  return {
    read,
    done: () => {
      if (problems.length) throw new InputError(problems);
      return out;
    },
  };
}
