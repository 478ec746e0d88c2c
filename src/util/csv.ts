import { stringify } from "csv-stringify/sync";

/**
 * CSV for spreadsheets (Excel/WPS): UTF-8 with BOM so Chinese opens correctly, CRLF rows, and
 * cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) prefixed with a quote.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const safe = rows.map((r) => r.map(cell));
  return "\uFEFF" + stringify([header as string[], ...safe], { record_delimiter: "\r\n" });
}

function cell(v: unknown): string {
  if (v === undefined || v === null) return "";
  const s = String(v);
  return /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
}
