import { stringify } from "csv-stringify/sync";

/**
 * CSV for spreadsheets (Excel/WPS): UTF-8 with BOM so Chinese opens correctly, CRLF rows, and
 * cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) prefixed with a quote.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  // Most cells need no quoting: such a row is its cells joined by commas, as csv-stringify
  // writes it (property-tested), at a fraction of the cost; a row with a cell to quote goes
  // through csv-stringify on its own (records are independent) (issue 14).
  let out = "\uFEFF" + csvRow(header);
  for (const r of rows) out += csvRow(r.map(cell));
  return out;
}

function csvRow(cells: readonly string[]): string {
  return plain(cells) ? cells.join(",") + "\r\n" : stringify([cells as string[]], STRINGIFY);
}
/**
 * csv-stringify quotes a cell holding the whole record delimiter ("\r\n") but not a lone "\n" or
 * "\r", which Excel, WPS and RFC 4180 readers all take as the end of the row: such cells are
 * quoted too (tests/util/csv-roundtrip.test.ts reads every output back with csv-parse).
 */
const STRINGIFY = { record_delimiter: "\r\n", quoted_match: /[\r\n]/ };

/** Cells csv-stringify writes as they are: no delimiter, quote or line break. */
function plain(cells: readonly string[]): boolean {
  for (const c of cells) if (NEEDS_QUOTES.test(c)) return false;
  return true;
}
const NEEDS_QUOTES = /[",\r\n]/;

function cell(v: unknown): string {
  if (v === undefined || v === null) return "";
  const s = String(v);
  return /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
}
