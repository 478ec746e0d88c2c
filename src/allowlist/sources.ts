import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import type { InputProblem } from "../model/errors";
import type { AllowEntry, SourceRef } from "./model";
import { parseEntry } from "./parse-entry";

/**
 * Reading allowlist files: plain text (one entry a line, `#` comments), CSV and XLSX as the
 * organising body publishes them (manual §3.2: "Python 程序开发考生机网址白名单"). A table's entry
 * column is found by its header (网址/域名/地址/URL/domain/address/host/entry), else the first
 * column; an optional ports column (端口/ports) adds ports. Every refused line is a problem with
 * its file and line.
 */
export interface ReadResult {
  entries: AllowEntry[];
  problems: InputProblem[];
}

const ENTRY_HEADERS = ["网址", "域名", "地址", "url", "domain", "address", "host", "entry", "网址/ip", "ip"];
const PORT_HEADERS = ["端口", "ports", "port"];

/** Bundled example list (NOT the official list: replace it, see policies/allowlist/README.md). */
export const EXAMPLE_LIST = "policies/allowlist/example-official-list.txt";

export function readTextList(file: string, text: string): ReadResult {
  const out: ReadResult = { entries: [], problems: [] };
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n|\r/);
  lines.forEach((raw, i) => {
    // A comment starts at a '#' that begins the line or follows white space.
    const line = (raw.includes("#") ? raw.replace(/(^|\s)#.*$/, "") : raw).trim();
    if (!line) return;
    add(out, line, { file, line: i + 1 });
  });
  return out;
}

export function readCsvList(file: string, text: string): ReadResult {
  const out: ReadResult = { entries: [], problems: [] };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text.replace(/^\uFEFF/, ""), { info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as never;
  } catch (e) {
    out.problems.push({ file, line: (e as { lines?: number }).lines, path: "", message: `invalid CSV: ${(e as Error).message.split("\n")[0]}` });
    return out;
  }
  readRows(out, file, records.map((r) => ({ cells: r.record, line: r.info.lines })));
  return out;
}

/** XLSX through exceljs (async: exceljs has no synchronous reader). First worksheet only. */
export async function readXlsxList(file: string): Promise<ReadResult> {
  const out: ReadResult = { entries: [], problems: [] };
  const ExcelJS = (await import("exceljs")).default;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    out.problems.push({ file, path: "", message: `cannot read the XLSX workbook (${(e as Error).message.split("\n")[0]})` });
    return out;
  }
  const ws = wb.worksheets[0];
  if (!ws) { out.problems.push({ file, path: "", message: "the workbook has no worksheet" }); return out; }
  const rows: { cells: string[]; line: number }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => { cells[col - 1] = cellText(cell.value); });
    rows.push({ cells: Array.from(cells, (c) => (c ?? "").trim()), line: n });
  });
  readRows(out, file, rows);
  return out;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") {
    const o = v as { text?: unknown; hyperlink?: unknown; result?: unknown; richText?: { text: string }[] };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join("");
    if (typeof o.text === "string") return o.text;
    if (o.result !== undefined) return String(o.result);
    if (typeof o.hyperlink === "string") return o.hyperlink;
  }
  return String(v);
}

function readRows(out: ReadResult, file: string, rows: { cells: string[]; line: number }[]): void {
  if (rows.length === 0) return;
  const header = rows[0].cells.map((c) => c.toLowerCase().replace(/\s+/g, ""));
  let entryCol = header.findIndex((h) => ENTRY_HEADERS.includes(h));
  const portCol = header.findIndex((h) => PORT_HEADERS.includes(h));
  const hasHeader = entryCol >= 0 || portCol >= 0;
  if (entryCol < 0) entryCol = 0;
  for (const row of hasHeader ? rows.slice(1) : rows) {
    const cell = row.cells[entryCol] ?? "";
    if (!cell || cell.startsWith("#")) continue;
    add(out, cell, { file, line: row.line }, portCol >= 0 ? row.cells[portCol] : undefined);
  }
}

function add(out: ReadResult, text: string, source: SourceRef, ports?: string): void {
  const r = parseEntry(text, source, ports);
  if (r.ok) out.entries.push(r.entry);
  else out.problems.push({ file: source.file, line: source.line, path: "", message: r.reason });
}

/** Reads a text or CSV list synchronously (site builds and exports are synchronous). */
export function readListSync(file: string, displayName = file): ReadResult {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".xlsx" || ext === ".xls")
    return { entries: [], problems: [{ file: displayName, path: "", message: `a site cannot read ${ext} directly; convert it once: examlab allowlist --in ${displayName} --target list --out ${displayName.replace(/\.xlsx?$/i, ".txt")}` }] };
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    return { entries: [], problems: [{ file: displayName, path: "", message: `cannot read allowlist file (${(e as NodeJS.ErrnoException).code ?? "error"})` }] };
  }
  return ext === ".csv" ? readCsvList(displayName, text) : readTextList(displayName, text);
}

/** Reads any supported list (the CLI path): text, CSV or XLSX. */
export async function readList(file: string): Promise<ReadResult> {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".xlsx") {
    if (!fs.existsSync(file)) return { entries: [], problems: [{ file, path: "", message: "cannot read allowlist file (ENOENT)" }] };
    return readXlsxList(file);
  }
  return readListSync(file);
}
