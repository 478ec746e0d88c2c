import { describe, expect, it } from "vitest";
import { siteFromObject } from "../../src/model/site";
import { runChecks } from "../../src/compliance/engine";
import { baseSite, TODAY } from "./fixtures/base-site";

/**
 * Hand-computed geometry. Room 10 m wide, one row of two seats 4 m apart: seats at x = 3 and
 * x = 7, y = 2 (front clearance). A camera at (5, 0) facing the back (90°): each seat is
 * √(2² + 2²) = 2.828 m away, at a bearing of 45° / 135°, i.e. 45° off the camera's axis.
 */
function coverage(camera: { fovDeg: number; rangeM: number; directionDeg?: number }) {
  const input = baseSite();
  input.rooms = [
    {
      ...input.rooms[0],
      candidates: 2,
      spareMachines: 1,
      spareInventory: input.rooms[0].spareInventory!.slice(0, 1),
      layout: { widthM: 10, depthM: 6, rows: 1, columns: 2, pitchM: 4, rowPitchM: 1.5, frontClearanceM: 2 },
      cameras: [
        { id: "front", position: "front", x: 5, y: 0, ...camera },
        { id: "back", position: "back", x: 5, y: 6, directionDeg: 90, fovDeg: 10, rangeM: 1 }, // sees nothing
      ],
    },
  ];
  const site = siteFromObject(input);
  return runChecks(site, { today: TODAY }).findings.filter((f) => f.rule === "CAM-COVERAGE");
}

describe("CAM-COVERAGE geometry", () => {
  it("a seat just inside the range is covered, just outside is not", () => {
    expect(coverage({ fovDeg: 120, rangeM: 2.83 })).toEqual([]);
    const out = coverage({ fovDeg: 120, rangeM: 2.82 });
    expect(out).toHaveLength(1);
    expect(out[0].data).toMatchObject({ uncoveredSeats: [1, 2], seatsChecked: 2 });
  });

  it("a seat exactly on the edge of the field of view is covered, just outside is not", () => {
    expect(coverage({ fovDeg: 90, rangeM: 10 })).toEqual([]); // 45° off axis, half-FOV 45°
    expect(coverage({ fovDeg: 89.9, rangeM: 10 })[0].data).toMatchObject({ uncoveredSeats: [1, 2] });
  });

  it("turning the camera covers one side only", () => {
    // Facing 45° (towards seat 2 at x = 7): seat 2 is on axis, seat 1 is 90° off.
    const out = coverage({ fovDeg: 60, rangeM: 10, directionDeg: 45 });
    expect(out[0].data).toMatchObject({ uncoveredSeats: [1] });
    expect(out[0].message.en).toBe("room 201: 1 seat(s) are not seen by any camera: 1");
  });
});
