import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { toCsv } from "../../src/util/csv";

/**
 * Every CSV examlab writes (static leases, seat ports, Windows identity table, compliance report)
 * goes through toCsv and is opened in Excel/WPS or read by scripts. Whatever a cell holds — commas,
 * quotes, a lone LF or CR, CRLF, Chinese, formula starts — reading the file back with an RFC 4180
 * parser gives the same rows and cells (header cells as given; formula-like data cells keep their protective leading quote).
 */
const protect = (v: unknown): string => {
  if (v === undefined || v === null) return "";
  const s = String(v);
  return /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
};

describe("toCsv output reads back as the same rows", () => {
  it("any cells: line breaks of every kind, quotes, commas, Chinese, formulas, empty", () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom("a", ",", '"', "\r", "\n", "\r\n", " ", "=", "-", "1", "中", "\t", "@", "'") }));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 5 }), fc.array(fc.array(fc.oneof(text, fc.integer(), fc.constant(null)), { minLength: 1, maxLength: 5 }), { maxLength: 6 }), (header, rows) => {
        const csv = toCsv(header, rows);
        expect(csv.startsWith("\uFEFF")).toBe(true);
        const back = parse(csv.slice(1), { relax_column_count: true, record_delimiter: "\r\n" }) as string[][];
        expect(back).toEqual([header, ...rows.map((r) => r.map(protect))]);
        // A reader that also takes a lone LF or CR as a row end (Excel, WPS) sees the same rows.
        const loose = parse(csv.slice(1), { relax_column_count: true }) as string[][];
        expect(loose).toEqual(back);
      }),
      { numRuns: 3000 },
    );
  });

  it("a site note with a line break stays one cell of one row", () => {
    const csv = toCsv(["room", "note"], [["201", "第一行\n第二行"], ["202", "CR\ronly"]]);
    expect(csv).toBe('\uFEFFroom,note\r\n201,"第一行\n第二行"\r\n202,"CR\ronly"\r\n');
  });
});
