import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { stringify } from "csv-stringify/sync";
import { toCsv } from "../../src/util/csv";

/** toCsv's join fast path (issue 14) must write exactly what csv-stringify writes for the same cells. */
const reference = (header: string[], rows: unknown[][]) => {
  const cell = (v: unknown) => {
    if (v === undefined || v === null) return "";
    const s = String(v);
    return /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  };
  return "\uFEFF" + stringify([header, ...rows.map((r) => r.map(cell))], { record_delimiter: "\r\n", quoted_match: /[\r\n]/ });
};

describe("toCsv", () => {
  it("equals csv-stringify for any cells: quotes, commas, line breaks, empty cells and rows, formulas, numbers, null", () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom("a", ",", '"', "\r", "\n", " ", "=", "-", "1", ".", "中", "\t", "@", "'") }));
    const value = fc.oneof(text, fc.integer(), fc.double({ noNaN: false }), fc.constant(null), fc.constant(undefined), fc.boolean());
    fc.assert(
      fc.property(fc.array(text, { maxLength: 5 }), fc.array(fc.array(value, { maxLength: 5 }), { maxLength: 6 }), (header, rows) => {
        expect(toCsv(header, rows)).toBe(reference(header, rows));
      }),
      { numRuns: 5000 },
    );
  });
});
