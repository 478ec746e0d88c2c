import { describe, expect, it } from "vitest";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import * as fs from "node:fs";
import { COVERAGE_FILL, coneGeometry, coverageClass, planFrame, renderFloorPlan, roomEquipment, toPx } from "../../src/report/floorplan";
import { loadSiteFile } from "../../src/model/site";
import { InputError } from "../../src/model/errors";
import { seatCoverage } from "../../src/geometry/coverage";
import { translator } from "../../src/report/i18n";
import { demoSite, smallSite } from "./fixtures";
import type { CameraSpec } from "../../src/model/schema";

const t = translator("zh");

interface SeatNode { "@_data-seat": string; "@_data-cameras": string; "@_class": string; rect: { "@_x": string; "@_y": string; "@_width": string; "@_height": string; "@_fill": string } }

function seatNodes(svg: string): SeatNode[] {
  expect(XMLValidator.validate(svg)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "g" || name === "path" || name === "text" }).parse(svg);
  const groups = doc.svg.g as { "@_class"?: string; g?: SeatNode[] }[];
  return groups.find((g) => g["@_class"] === "seats")!.g!;
}

describe("floor plan geometry", () => {
  it("places every seat at its model position times the scale", () => {
    const site = demoSite();
    const room = site.rooms[0];
    const plan = renderFloorPlan(room, { t, idPrefix: "p" });
    const frame = planFrame(room, 0);
    const nodes = seatNodes(plan.svg);
    expect(nodes).toHaveLength(room.seats.length);
    for (const seat of room.seats) {
      const n = nodes.find((g) => Number(g["@_data-seat"]) === seat.number)!;
      const cx = Number(n.rect["@_x"]) + Number(n.rect["@_width"]) / 2;
      const cy = Number(n.rect["@_y"]) + Number(n.rect["@_height"]) / 2;
      expect(cx).toBeCloseTo(frame.left + seat.x * frame.scale, 1);
      expect(cy).toBeCloseTo(frame.top + seat.y * frame.scale, 1);
    }
    // to scale: 1.2 m pitch between seat 1 and 2, 1.5 m between rows
    const p = (n: number) => room.seats[n - 1];
    expect((toPx(frame, p(2).x, 0).x - toPx(frame, p(1).x, 0).x) / frame.scale).toBeCloseTo(1.2, 6);
    expect((toPx(frame, 0, p(9).y).y - toPx(frame, 0, p(1).y).y) / frame.scale).toBeCloseTo(1.5, 6);
    // the room outline is width × depth at the same scale
    expect(plan.svg).toContain(`width="${frame.roomW}" height="${frame.roomH}" fill="#fafafa"`);
    expect(frame.roomW).toBe(11 * frame.scale);
  });

  it("gives narrower rooms a larger scale so labels still fit", () => {
    const room = smallSite().rooms[0];
    const wide = planFrame(demoSite().rooms[0], 0);
    const f = planFrame({ ...room, spec: { ...room.spec, layout: { ...room.spec.layout, pitchM: 0.8 } } }, 0);
    expect(f.scale).toBeGreaterThan(wide.scale);
    expect(f.seatW).toBeLessThanOrEqual(0.8 * f.scale);
  });

  it("draws field-of-view cones from direction ± fov/2 with radius = range", () => {
    const frame = planFrame(demoSite().rooms[0], 0);
    const cam = { id: "c", position: "front", x: 5, y: 0.5, directionDeg: 90, fovDeg: 100, rangeM: 10 } as CameraSpec;
    const cone = coneGeometry(frame, cam);
    expect(cone.startDeg).toBe(40);
    expect(cone.endDeg).toBe(140);
    expect(cone.r).toBe(10 * frame.scale);
    // end points of the arc: centre + r·(cos, sin) of each edge, y pointing to the back of the room
    const edge = (deg: number) => [cone.cx + cone.r * Math.cos((deg * Math.PI) / 180), cone.cy + cone.r * Math.sin((deg * Math.PI) / 180)];
    const nums = cone.path.match(/-?\d+(\.\d+)?/g)!.map(Number);
    const [sx, sy] = edge(40);
    const [ex, ey] = edge(140);
    expect(nums[2]).toBeCloseTo(sx, 1);
    expect(nums[3]).toBeCloseTo(sy, 1);
    expect(nums.at(-2)).toBeCloseTo(ex, 1);
    expect(nums.at(-1)).toBeCloseTo(ey, 1);
    expect(sy).toBeGreaterThan(cone.cy); // a front camera looks towards the back (down on the plan)
    // a back camera without an explicit direction faces the front (270°)
    const back = coneGeometry(frame, { ...cam, position: "back", directionDeg: undefined, fovDeg: 60 } as CameraSpec);
    expect([back.startDeg, back.endDeg]).toEqual([240, 300]);
    // wide lenses use the large-arc flag
    expect(coneGeometry(frame, { ...cam, fovDeg: 200 } as CameraSpec).path).toMatch(/ 0 1 1 /);
    expect(coneGeometry(frame, { ...cam, fovDeg: 360 } as CameraSpec).path).toMatch(/A .* A /);
  });

  it("colours seats by how many cameras see them, and uncovered seats stand out", () => {
    expect([0, 1, 2, 3].map(coverageClass)).toEqual([0, 1, 2, 2]);
    for (const uncovered of [false, true]) {
      const room = smallSite({ uncovered }).rooms[0];
      const plan = renderFloorPlan(room, { t, idPrefix: "p" });
      const cov = new Map(seatCoverage(room.spec.cameras, room.seats).map((c) => [c.seat, c.cameras.length]));
      for (const n of seatNodes(plan.svg)) {
        const count = cov.get(Number(n["@_data-seat"]))!;
        expect(Number(n["@_data-cameras"])).toBe(count);
        expect(n.rect["@_fill"]).toBe(COVERAGE_FILL[coverageClass(count)]);
        expect(n["@_class"]).toContain(`cov-${coverageClass(count)}`);
      }
      const zero = [...cov].filter(([, c]) => c === 0).map(([s]) => s);
      expect(plan.uncovered).toEqual(zero);
      if (uncovered) {
        expect(zero.length).toBeGreaterThan(0);
        expect(plan.svg).toContain(`fill="${COVERAGE_FILL[0]}" stroke="#7f0000" stroke-width="3"`);
      } else expect(zero).toEqual([]);
    }
    // both colours of partly and fully covered seats appear in the demo room
    const demo = renderFloorPlan(demoSite().rooms[0], { t, idPrefix: "p" });
    expect(demo.counts[1]).toBeGreaterThan(0);
    expect(demo.counts[2]).toBeGreaterThan(0);
  });

  it("labels seats with number, host name and IP, marks spares and draws dimension lines", () => {
    const site = demoSite();
    const room = site.rooms[0];
    const plan = renderFloorPlan(room, { t, idPrefix: "p" });
    const lease = room.leases.find((l) => l.seat === 17)!;
    expect(plan.svg).toContain(`>${lease.hostname}</text>`);
    expect(plan.svg).toContain(`>${lease.ipv4}</text>`);
    expect(plan.svg).toContain("座距 1.2 m");
    expect(plan.svg).toContain(">1.5 m<");
    expect(plan.svg).toContain(">11 m<");
    // 48 seats, 40 candidates: seats 41–48 are spares in the grid; 2 more spares outside it
    expect(plan.svg).toMatch(/class="seat cov-\d role-spare" data-seat="41"/);
    expect(plan.svg).toContain("备 R201-SP1");
    expect(plan.svg.match(/class="fov"/g)).toHaveLength(2);
  });

  it("is deterministic", () => {
    const a = renderFloorPlan(demoSite().rooms[1], { t, idPrefix: "p", standalone: true }).svg;
    const b = renderFloorPlan(demoSite().rooms[1], { t, idPrefix: "p", standalone: true }).svg;
    expect(a).toBe(b);
    expect(a.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });
});

describe("equipment placed in a room", () => {
  it("draws the router and a lab server where the site places them, with their addresses, and only in their room", () => {
    const yaml = fs.readFileSync("sites/demo-intermediate.yaml", "utf8")
      .replace("  cpuCores: 2\n  features:", "  cpuCores: 2\n  placement: { room: \"201\", x: 10.5, y: 0.5 }\n  features:")
      .replace("memoryGB: 64, diskGB: 1000 }", "memoryGB: 64, diskGB: 1000, placement: { room: \"201\", x: 0.5, y: 10 } }");
    const site = loadSiteFile("placed.yaml", yaml);
    const [r201, r202] = site.rooms;
    const eq = roomEquipment(site, "201");
    expect(eq.map((e) => [e.kind, e.id, e.ipv4])).toEqual([["router", "router", "10.20.0.1"], ["lab-server", "lab1", "10.20.0.10"]]);
    expect(roomEquipment(site, "202")).toEqual([]);
    const svg = renderFloorPlan(r201, { t, idPrefix: "p", equipment: eq }).svg;
    expect(svg).toContain('data-kind="router"');
    expect(svg).toContain("实验服务器 lab1 10.20.0.10");
    expect(renderFloorPlan(r202, { t, idPrefix: "p", equipment: roomEquipment(site, "202") }).svg).not.toContain('class="equipment"');
  });

  it("a placement outside its room, or in a room the site lacks, is an input error", () => {
    const base = fs.readFileSync("sites/demo-intermediate.yaml", "utf8");
    const bad = base.replace("  cpuCores: 2\n  features:", "  cpuCores: 2\n  placement: { room: \"999\", x: 1, y: 1 }\n  features:")
      .replace("memoryGB: 64, diskGB: 1000 }", "memoryGB: 64, diskGB: 1000, placement: { room: \"201\", x: 50, y: 1 } }");
    try {
      loadSiteFile("bad.yaml", bad);
      expect.unreachable();
    } catch (e) {
      expect((e as InputError).problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
        'router.placement.room: room "999" is not one of the site\'s rooms (201, 202)',
        "labServers[0].placement: (50, 1) is outside room 201 (11 m × 11 m)",
      ]);
    }
  });
});
