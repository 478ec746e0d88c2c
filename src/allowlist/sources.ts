import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import type { InputProblem } from "../model/errors";
import type { AllowEntry, PolicyWarning, SourceRef } from "./model";
import { parseEntry } from "./parse-entry";
import { decodeListFile } from "./text-safety";
import { problemAt, said, warningOf } from "./said";

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
  /** Accepted but worth a look (homographs, a hidden XLSX sheet skipped), with file:line. */
  warnings: PolicyWarning[];
}

const ENTRY_HEADERS = ["网址", "域名", "地址", "url", "domain", "address", "host", "entry", "网址/ip", "ip"];
const PORT_HEADERS = ["端口", "ports", "port"];

/** Bundled example list (NOT the official list: replace it, see policies/allowlist/README.md). */
export const EXAMPLE_LIST = "policies/allowlist/example-official-list.txt";

/** Space, tab, form feed, vertical tab: the ASCII blanks a list line is trimmed of. */
const EDGE_BLANK = new Set([0x20, 0x09, 0x0c, 0x0b]);

export function readTextList(file: string, text: string): ReadResult {
  const out: ReadResult = { entries: [], problems: [], warnings: [] };
  const body = text.replace(/^\uFEFF/, "");
  // Without CR the line-break pattern is "\n" alone: the plain split is several times faster.
  const lines = body.includes("\r") ? body.split(/\r?\n|\r/) : body.split("\n");
  lines.forEach((raw, i) => {
    // A comment starts at a '#' that begins the line or follows white space.
    // ASCII white space only: String.trim() would also drop U+FEFF, hiding it from the invisible-character check.
    let line = raw.includes("#") ? raw.replace(/(^|\s)#.*$/, "") : raw;
    // Most lines have nothing to trim: test the two ends before running the trimming regex.
    if (line.length > 0 && (EDGE_BLANK.has(line.charCodeAt(0)) || EDGE_BLANK.has(line.charCodeAt(line.length - 1)))) line = line.replace(/^[ \t\f\v]+|[ \t\f\v]+$/g, "");
    if (!line) return;
    add(out, line, { file, line: i + 1 });
  });
  return out;
}

export function readCsvList(file: string, text: string): ReadResult {
  const out: ReadResult = { entries: [], problems: [], warnings: [] };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text.replace(/^\uFEFF/, ""), { info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as never;
  } catch (e) {
    // csv-parse words its own detail (in English); the sentence around it is ours.
    out.problems.push(problemAt({ file, line: (e as { lines?: number }).lines }, said("invalidCsv", { detail: (e as Error).message.split("\n")[0] })));
    return out;
  }
  readRows(out, file, records.map((r) => ({ cells: r.record, line: r.info.lines })));
  return out;
}

/**
 * XLSX through exceljs (async: exceljs has no synchronous reader). Reads the sheet named by
 * `sheet` (`list.xlsx#名单` on the command line), else the first VISIBLE sheet: a hidden first
 * sheet (an old draft, a template) is skipped with a warning instead of being read silently.
 */
export async function readXlsxList(file: string, sheet?: string): Promise<ReadResult> {
  const out: ReadResult = { entries: [], problems: [], warnings: [] };
  const ExcelJS = (await import("exceljs")).default;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    out.problems.push(problemAt({ file }, said("xlsxUnreadable", { detail: (e as Error).message.split("\n")[0] })));
    return out;
  }
  const names = wb.worksheets.map((w) => w.name);
  let ws;
  if (sheet !== undefined) {
    ws = wb.worksheets.find((w) => w.name === sheet);
    if (!ws) { out.problems.push(problemAt({ file }, said("xlsxNoSheet", { sheet: sheet.slice(0, 60), sheets: names.join(", ") }))); return out; }
  } else {
    ws = wb.worksheets.find((w) => w.state === "visible" || w.state === undefined);
    if (!ws) { out.problems.push(problemAt({ file }, said(wb.worksheets.length ? "xlsxAllHidden" : "xlsxNoWorksheet"))); return out; }
    const hidden = wb.worksheets.slice(0, wb.worksheets.indexOf(ws)).map((w) => w.name);
    if (hidden.length)
      out.warnings.push(warningOf("xlsx-hidden-sheet", file, said("xlsxHiddenSheet", { hidden: { zh: hidden.map((h) => `"${h}"`).join("、"), en: hidden.map((h) => `"${h}"`).join(", ") }, sheet: ws.name, file: path.basename(file) })));
  }
  const shownFile = sheet !== undefined || ws !== wb.worksheets[0] ? `${file}#${ws.name}` : file;
  const rows: { cells: string[]; line: number }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => { cells[col - 1] = cellText(cell.value); });
    rows.push({ cells: Array.from(cells, (c) => (c ?? "").trim()), line: n });
  });
  readRows(out, shownFile, rows);
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
  if (r.ok) {
    out.entries.push(r.entry);
    if (r.warning) out.warnings.push(warningOf("homograph", source.line !== undefined ? `${source.file}:${source.line}` : source.file, r.warning));
  } else out.problems.push(problemAt(source, r.reason));
}

/**
 * Reads a text or CSV list synchronously (site builds and exports are synchronous). Results are
 * shared, never mutated by callers, and cached by path, shown name, size and modification time:
 * `check` over many sites reads the one official list once, not once per site.
 */
export function readListSync(file: string, displayName = file): ReadResult {
  let key: string | undefined;
  try {
    const st = fs.statSync(file);
    key = `${path.resolve(file)}\0${displayName}\0${st.size}\0${st.mtimeMs}\0${st.ctimeMs}`;
  } catch {
    // unreadable: read below for the message
  }
  const hit = key !== undefined ? LIST_CACHE.get(key) : undefined;
  if (hit) return hit;
  const r = readListUncached(file, displayName);
  if (key !== undefined) {
    if (LIST_CACHE.size >= 64) LIST_CACHE.clear();
    LIST_CACHE.set(key, r);
  }
  return r;
}

const LIST_CACHE = new Map<string, ReadResult>();

function readListUncached(file: string, displayName: string): ReadResult {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".xlsx" || ext === ".xls")
    return { entries: [], warnings: [], problems: [problemAt({ file: displayName }, said("siteXlsx", { ext, file: displayName, txt: displayName.replace(/\.xlsx?$/i, ".txt") }))] };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { entries: [], warnings: [], problems: [problemAt({ file: displayName }, said("cannotRead", { code: (e as NodeJS.ErrnoException).code ?? "error" }))] };
  }
  const decoded = decodeListFile(bytes);
  if (!decoded.ok) return { entries: [], warnings: [], problems: [problemAt({ file: displayName }, decoded.reason)] };
  const text = decoded.text;
  return ext === ".csv" ? readCsvList(displayName, text) : readTextList(displayName, text);
}

/** Reads any supported list (the CLI path): text, CSV or XLSX (`book.xlsx#Sheet` picks a sheet). */
export async function readList(file: string): Promise<ReadResult> {
  const hash = /^(.*\.xlsx)#(.+)$/i.exec(file);
  const xlsx = hash ? hash[1] : file;
  const ext = path.extname(xlsx).toLowerCase();
  if (ext === ".xlsx") {
    if (!fs.existsSync(xlsx)) return { entries: [], warnings: [], problems: [problemAt({ file: xlsx }, said("cannotRead", { code: "ENOENT" }))] };
    return readXlsxList(xlsx, hash?.[2]);
  }
  return readListSync(file);
}
