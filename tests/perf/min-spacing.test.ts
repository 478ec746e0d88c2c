import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { layoutSeats, minCandidateSpacing, type SeatGeometry } from "../../src/model/seats";

/** The squared-distance search (issue 14) must give exactly what Math.hypot over every pair gave. */
function reference(seats: readonly SeatGeometry[]): number {
  const c = seats.filter((s) => s.role === "candidate");
  let min = Infinity;
  for (let i = 0; i < c.length; i++) for (let j = i + 1; j < c.length; j++) min = Math.min(min, Math.hypot(c[i].x - c[j].x, c[i].y - c[j].y));
  return Math.round(min * 1000) / 1000;
}

describe("minCandidateSpacing", () => {
  it("equals the all-pairs hypot minimum for scattered seats", () => {
    const seat = fc.record({ x: fc.double({ min: 0, max: 30, noNaN: true }), y: fc.double({ min: 0, max: 30, noNaN: true }), role: fc.constantFrom("candidate", "spare") });
    fc.assert(
      fc.property(fc.array(seat, { minLength: 2, maxLength: 40 }), (list) => {
        const seats = list.map((s, i) => ({ ...s, number: i + 1 }) as unknown as SeatGeometry);
        expect(minCandidateSpacing(seats)).toBe(reference(seats));
      }),
      { numRuns: 2000 },
    );
  });

  it("equals it for real room grids (every pitch, every other seat)", () => {
    const pitch = fc.double({ min: 0.5, max: 2.5, noNaN: true });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 2, max: 10 }), pitch, pitch, fc.boolean(), (rows, columns, pitchM, rowPitchM, everyOtherSeat) => {
        const room = { id: "1", candidates: rows * columns, machines: undefined, layout: { rows, columns, pitchM, rowPitchM, frontClearanceM: 1.5, widthM: 40, depthM: 40, everyOtherSeat } } as never;
        const seats = layoutSeats(room);
        expect(minCandidateSpacing(seats)).toBe(reference(seats));
      }),
      { numRuns: 500 },
    );
  });
});
