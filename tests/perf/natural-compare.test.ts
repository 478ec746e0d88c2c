import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { naturalCompare } from "../../src/util/natural-compare";

/** The comparison naturalCompare replaces (src/report/findings.ts before issue 14). */
const reference = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });
const sign = (x: number) => Math.sign(x);

// Finding fields look like these: sections "§3.2 (3), §3.3", rules "PC-RAM", targets "rooms/201/seats/17".
const handled = fc.constantFrom(..." _-,;:!?.'\"()[]{}§@*/\\&#%`^+<=>|~$0123456789aAbBzZ".split(""));
const anyChar = fc.oneof(handled, fc.constantFrom("0", "0", "1", "9"), fc.string({ minLength: 1, maxLength: 1, unit: "binary" }), fc.constantFrom("考", "场", "é", "·", "（", "\u00a0"));

describe("naturalCompare", () => {
  it("orders like localeCompare('en', numeric) on finding-shaped strings", () => {
    const part = fc.oneof(fc.constantFrom("rooms", "seats", "cameras", "PC-RAM", "pc-ram", "§3.2 (3)", "§3.3", "site", "R201-07", "lab1"), fc.nat({ max: 2000 }).map(String), fc.nat({ max: 99 }).map((n) => "0" + n));
    const str = fc.array(part, { maxLength: 5 }).chain((parts) => fc.constantFrom("/", "-", " ", ", ").map((sep) => parts.join(sep)));
    fc.assert(fc.property(str, str, (a, b) => sign(naturalCompare(a, b)) === sign(reference(a, b))), { numRuns: 20_000 });
  });

  it("orders like localeCompare on arbitrary strings over the handled characters and beyond", () => {
    const s = fc.array(handled, { maxLength: 8 }).map((cs) => cs.join(""));
    fc.assert(fc.property(s, s, (a, b) => sign(naturalCompare(a, b)) === sign(reference(a, b))), { numRuns: 30_000 });
    const t = fc.array(anyChar, { maxLength: 6 }).map((cs) => cs.join(""));
    fc.assert(fc.property(t, t, (a, b) => sign(naturalCompare(a, b)) === sign(reference(a, b))), { numRuns: 10_000 });
  });

  it("examples: numbers by value, prefix first, case last", () => {
    expect(naturalCompare("rooms/2", "rooms/10")).toBe(-1);
    expect(naturalCompare("seats/09", "seats/9")).toBe(0);
    expect(naturalCompare("a", "B")).toBe(-1);
    expect(naturalCompare("b", "B")).toBe(-1);
    expect(naturalCompare("x1y2", "x01y1")).toBe(1);
    expect(naturalCompare("a", "a ")).toBe(-1);
    expect(naturalCompare("§3.2", "§3.10")).toBe(-1);
  });
});
