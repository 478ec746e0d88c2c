import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { seatEndpoints } from "../../src/databases/port-map";
import { spreadByCapacity } from "../../src/databases/plan";
import { labServerLoad } from "../../src/databases/sizing";
import { buildReportView } from "../../src/report/model";
import { runChecks } from "../../src/compliance/engine";
import { fixtureSite } from "./fixtures";

/** Seats are spread over lab servers by capacity (issue 12), never "first until full". */
const perServer = (site: ReturnType<typeof fixtureSite>) => {
  const out: Record<string, number> = {};
  for (const e of seatEndpoints(site)) out[e.labServer] = (out[e.labServer] ?? 0) + 1;
  return out;
};

describe("lab-server balancing", () => {
  it("two equal servers share two rooms evenly (the second no longer idles), one room per server", () => {
    const site = fixtureSite({ rooms: 2, labServers: [{ id: "lab1", cpus: 16, memoryGB: 64 }, { id: "lab2", cpus: 16, memoryGB: 64 }] });
    expect(perServer(site)).toEqual({ lab1: 40, lab2: 40 });
    // Contiguous: a room stays on one server when the shares allow it.
    const eps = seatEndpoints(site);
    expect(new Set(eps.filter((e) => e.room === "201").map((e) => e.labServer))).toEqual(new Set(["lab1"]));
    expect(eps.find((e) => e.room === "202" && e.seat === 1)!.services.mysql.port).toBe(33000);
  });

  it("weights by what each server holds: memory-bound and CPU-bound servers", () => {
    // Memory: 128 GB holds 183 seats, 32 GB 43 → 120 seats split 97 : 23.
    expect(perServer(fixtureSite({ rooms: 3, labServers: [{ id: "big", cpus: 64, memoryGB: 128 }, { id: "small", cpus: 64, memoryGB: 32 }] }))).toEqual({ big: 97, small: 23 });
    // CPU: per-seat limits total 1.5 CPU; 4 cores × 8 overcommit hold 21 seats, 16 × 8 hold 85.
    const cpu = fixtureSite({ rooms: 2, labServers: [{ id: "a", cpus: 4, memoryGB: 256 }, { id: "b", cpus: 16, memoryGB: 256 }] });
    const holds = labServerLoad(cpu).map((l) => l.seats);
    expect(holds[0]).toBeLessThan(holds[1]);
    expect(holds[0] + holds[1]).toBe(80);
  });

  it("counts explicit room assignments first", () => {
    const site = fixtureSite({ rooms: 3, labServers: [{ id: "lab1", cpus: 16, memoryGB: 64 }, { id: "lab2", cpus: 16, memoryGB: 64 }], databases: { assignment: { "201": "lab1", "202": "lab1" } } });
    expect(perServer(site)).toEqual({ lab1: 80, lab2: 40 });
  });

  it("is deterministic and hands out exactly the free seats", () => {
    expect(spreadByCapacity(80, [90, 90], [0, 0])).toEqual([40, 40]);
    expect(spreadByCapacity(3, [10, 10], [0, 0])).toEqual([2, 1]);
    expect(spreadByCapacity(10, [0, 0], [0, 0])).toEqual([5, 5]);
    fc.assert(
      fc.property(fc.nat(500), fc.array(fc.nat(300), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(60), { minLength: 6, maxLength: 6 }), (free, holds, assigned) => {
        const a = assigned.slice(0, holds.length);
        const out = spreadByCapacity(free, holds, a);
        expect(out.reduce((x, y) => x + y, 0)).toBe(free);
        expect(out.every((n) => Number.isInteger(n) && n >= 0)).toBe(true);
        expect(spreadByCapacity(free, holds, a)).toEqual(out);
        // A server that holds nothing gets nothing while another holds something.
        if (holds.some((h) => h > 0)) holds.forEach((h, i) => h === 0 && expect(out[i]).toBe(0));
      }),
    );
  });

  it("the report shows each server's load as a share of its capacity, calmly", () => {
    const site = fixtureSite({ rooms: 2, labServers: [{ id: "lab1", cpus: 16, memoryGB: 64 }, { id: "lab2", cpus: 16, memoryGB: 64 }] });
    type Row = { id: string; seats: number; fits: boolean; cpus: string; memory: string };
    const view = (lang: "zh" | "en") => (buildReportView({ site, checks: runChecks(site), produced: [], lang }).databases as { labServers: Row[] }).labServers;
    const zh = view("zh");
    expect(zh.map((s) => [s.id, s.seats, s.fits])).toEqual([["lab1", 40, true], ["lab2", 40, true]]);
    expect(zh[0].cpus).toMatch(/^\d+%（CPU 上限合计 [\d.]+，16 核 × 8 倍）$/);
    expect(zh[0].memory).toMatch(/^\d+%（[\d.]+ \/ 64 GB，含 2 GB 系统预留）$/);
    expect(zh[0].cpus).not.toMatch(/\/ 16$/);
    const en = view("en");
    expect(en[0].memory).toMatch(/^\d+% \([\d.]+ \/ 64 GB incl\. 2 GB system reserve\)$/);
  });
});
