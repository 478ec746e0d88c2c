import { describe, expect, it } from "vitest";
import { angleBetween, cameraSees, seatCoverage } from "../../src/geometry/coverage";
import { layoutSeats, minCandidateSpacing } from "../../src/model/seats";
import { sizeVideoStorage, usableCapacityTB } from "../../src/video/storage";
import { loadSiteFile } from "../../src/model/site";
import type { CameraSpec, RoomSpec } from "../../src/model/schema";

const cam = (over: Partial<CameraSpec>): CameraSpec => ({ id: "c", position: "front", x: 0, y: 0, heightM: 2.6, fovDeg: 90, rangeM: 10, resolution: "1920x1080", codec: "h264", bitrateKbps: 4096, timestampOverlay: true, recordsWholeExam: true, ...over });

describe("camera coverage geometry", () => {
  it("a seat just inside / just outside the range", () => {
    const c = cam({ directionDeg: 90, rangeM: 5 });
    expect(cameraSees(c, 0, 5)).toBe(true);
    expect(cameraSees(c, 0, 5.001)).toBe(false);
  });
  it("a seat just inside / just outside the field of view", () => {
    const c = cam({ directionDeg: 90, fovDeg: 90 }); // sees 45°..135°
    const at = (deg: number) => [Math.cos((deg * Math.PI) / 180) * 3, Math.sin((deg * Math.PI) / 180) * 3] as const;
    expect(cameraSees(c, ...at(45.01))).toBe(true);
    expect(cameraSees(c, ...at(44.9))).toBe(false);
    expect(cameraSees(c, ...at(134.99))).toBe(true);
    expect(cameraSees(c, ...at(135.1))).toBe(false);
  });
  it("front cameras face the back and back cameras the front by default", () => {
    expect(cameraSees(cam({ position: "front" }), 0, 3)).toBe(true);
    expect(cameraSees(cam({ position: "front" }), 0, -3)).toBe(false);
    expect(cameraSees(cam({ position: "back" }), 0, -3)).toBe(true);
  });
  it("angles wrap around 360°", () => {
    expect(angleBetween(350, 10)).toBe(20);
    expect(angleBetween(-170, 170)).toBe(20);
  });
});

describe("seat layout", () => {
  const room = (over: Partial<RoomSpec["layout"]>, candidates = 4): RoomSpec =>
    ({ id: "1", levels: ["primary"], candidates, spareMachines: 0, backupPower: false, cameras: [], staff: { proctors: [], networkSupport: [] }, inventory: [], layout: { widthM: 10, depthM: 10, rows: 2, columns: 3, pitchM: 1, rowPitchM: 1.5, frontClearanceM: 2, everyOtherSeat: false, ...over } }) as RoomSpec;
  it("numbers seats row by row from the front-left and centres the grid", () => {
    const seats = layoutSeats(room({}));
    expect(seats.map((s) => [s.number, s.row, s.column, s.x, s.y])).toEqual([[1, 1, 1, 4, 2], [2, 1, 2, 5, 2], [3, 1, 3, 6, 2], [4, 2, 1, 4, 3.5], [5, 2, 2, 5, 3.5], [6, 2, 3, 6, 3.5]]);
    expect(seats.map((s) => s.role)).toEqual(["candidate", "candidate", "candidate", "candidate", "spare", "spare"]);
    expect(minCandidateSpacing(seats)).toBe(1);
  });
  it("every other seat doubles the spacing in a row (checkerboard)", () => {
    const seats = layoutSeats(room({ everyOtherSeat: true }, 3));
    expect(seats.filter((s) => s.role === "candidate").map((s) => s.number)).toEqual([1, 3, 5]);
    expect(minCandidateSpacing(seats)).toBe(1.803);
  });
  it("covers every machine seat of the sample rooms with at least one camera", () => {
    const site = loadSiteFile("sites/demo-intermediate.yaml");
    for (const r of site.rooms) expect(seatCoverage(r.spec.cameras, r.seats).filter((c) => c.cameras.length === 0)).toEqual([]);
  });
});

describe("video storage sizing", () => {
  it("usable capacity after RAID", () => {
    expect(usableCapacityTB([8, 8, 8, 8], "raid5")).toBe(24);
    expect(usableCapacityTB([8, 8, 8, 8], "raid6")).toBe(16);
    expect(usableCapacityTB([8, 8, 8, 8], "raid10")).toBe(16);
    expect(usableCapacityTB([4, 4], "raid1")).toBe(4);
    expect(usableCapacityTB([4, 6], "none")).toBe(10);
    expect(usableCapacityTB([4, 4], "raid5")).toEqual({ zh: "RAID 5 至少需要 3 块硬盘", en: "RAID 5 needs at least 3 disks" });
    expect(usableCapacityTB([4, 4, 4, 4, 4], "raid10")).toEqual({ zh: "RAID 10 需要偶数块硬盘，至少 4 块", en: "RAID 10 needs an even number of disks, at least 4" });
  });
  it("required = cameras × bitrate × hours × days × 5 years", () => {
    const site = loadSiteFile("sites/demo-intermediate.yaml");
    const s = sizeVideoStorage(site.spec);
    // 4 cameras × 4096 kbit/s; (90+30 + 150+30) min = 5 h; 2 exam days; 5 years.
    expect(s).toMatchObject({ cameras: 4, totalBitrateKbps: 16384, hoursPerExamDay: 5, examDaysPerYear: 2, retentionYears: 5, usableTB: 24 });
    expect(s.requiredTB).toBeCloseTo((16384 * 1000 / 8 * 5 * 3600 * 2 * 5) / 1e12, 3);
  });
});
