import { stringify } from "csv-stringify/sync";

/**
 * CSV for spreadsheets (Excel/WPS): UTF-8 with BOM so Chinese opens correctly, CRLF rows, and
 * cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) prefixed with a quote.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const safe = rows.map((r) => r.map(cell));
  // Generated tables rarely hold a cell that needs quoting: then a row is its cells joined by
  // commas, as csv-stringify writes it (property-tested), at a fraction of the cost (issue 14).
  if (plain(header) && safe.every(plain)) {
    let out = "\uFEFF" + header.join(",") + "\r\n";
    for (const r of safe) out += r.join(",") + "\r\n";
    return out;
  }
  return "\uFEFF" + stringify([header as string[], ...safe], { record_delimiter: "\r\n" });
}

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
