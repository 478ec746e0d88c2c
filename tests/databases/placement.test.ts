import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { planDatabases, type DatabasePlan } from "../../src/databases/plan";
import { placeSeats } from "../../src/databases/placement";
import { labServerLoad } from "../../src/databases/sizing";
import { DB_SERVICES } from "../../src/databases/services";
import { siteFromObject } from "../../src/model/site";
import { InputError } from "../../src/model/errors";
import { fixtureInput } from "./fixtures";

/**
 * The capacity rule and the report count seats per lab server without building the seat map
 * (issue 14). One placement feeds both: the counts must be the plan's, for every way a site
 * spreads its seats (modes, limits, explicit and broken assignments, spares, several servers).
 */

/** The load as it was derived from the full plan before the placement existed: the reference. */
function loadFromPlan(plan: DatabasePlan) {
  const round = (v: number) => Math.round(v * 100) / 100;
  return plan.servers.map((s) => {
    const byService = Object.fromEntries(DB_SERVICES.map((svc) => {
      const c = s.containers[svc];
      return [svc, { count: c.count, cpus: round(c.count * c.size.cpus), memoryMB: c.count * c.size.memoryMB }];
    })) as Record<string, { count: number; cpus: number; memoryMB: number }>;
    const total = DB_SERVICES.reduce((t, svc) => ({ count: t.count + byService[svc].count, cpus: t.cpus + byService[svc].cpus, memoryMB: t.memoryMB + byService[svc].memoryMB }), { count: 0, cpus: 0, memoryMB: 0 });
    return {
      labServer: s.id,
      declared: { cpus: s.cpus, memoryMB: s.memoryMB },
      containers: { ...total, cpus: round(total.cpus), byService },
      reserveMB: plan.spec.hostReserveMB,
      cpuOvercommit: plan.spec.cpuOvercommit,
      seats: s.seats.length,
      fits: { memory: total.memoryMB + plan.spec.hostReserveMB <= s.memoryMB, cpu: total.cpus <= s.cpus * plan.spec.cpuOvercommit + 1e-9 },
    };
  });
}

const server = fc.record({ cpus: fc.integer({ min: 1, max: 64 }), memoryGB: fc.integer({ min: 2, max: 256 }) });
const siteArb = fc.record({
  rooms: fc.integer({ min: 1, max: 4 }),
  seatsPerRoom: fc.integer({ min: 1, max: 40 }),
  primaryRoom: fc.boolean(),
  servers: fc.array(server, { minLength: 0, maxLength: 3 }),
  mode: fc.constantFrom("per-seat", "shared"),
  includeSpares: fc.boolean(),
  spares: fc.integer({ min: 0, max: 3 }),
  assign: fc.array(fc.tuple(fc.constantFrom("201", "202", "203", "299"), fc.constantFrom("lab1", "lab2", "lab3", "nolab")), { maxLength: 3 }),
  mysqlMB: fc.option(fc.integer({ min: 128, max: 4096 }), { nil: undefined }),
  redisCpus: fc.option(fc.constantFrom(0.1, 0.25, 0.5, 1), { nil: undefined }),
  overcommit: fc.option(fc.constantFrom(1, 2, 4, 8), { nil: undefined }),
});

describe("database placement", () => {
  it("counts exactly the seats the plan places on each lab server, and the load is the plan's", () => {
    let compared = 0;
    fc.assert(
      fc.property(siteArb, (o) => {
        const input = fixtureInput({
          rooms: o.rooms,
          seatsPerRoom: o.seatsPerRoom,
          labServers: o.servers.map((s, i) => ({ id: `lab${i + 1}`, ...s })),
          databases: {
            mode: o.mode,
            includeSpares: o.includeSpares,
            assignment: Object.fromEntries(o.assign),
            limits: { ...(o.mysqlMB ? { mysql: { memoryMB: o.mysqlMB } } : {}), ...(o.redisCpus ? { redis: { cpus: o.redisCpus } } : {}) },
            ...(o.overcommit ? { cpuOvercommit: o.overcommit } : {}),
          },
        }) as unknown as { rooms: Record<string, unknown>[] };
        input.rooms.forEach((r, i) => {
          if (o.spares) r.spareMachines = o.spares;
          if (o.primaryRoom && i === 0) r.levels = ["primary"];
        });
        if (o.primaryRoom) (input as unknown as { levels: string[] }).levels = ["primary", "intermediate"];
        let site;
        try {
          site = siteFromObject(input as never, "placement.yaml");
        } catch (e) {
          if (e instanceof InputError) return; // a combination the schema refuses: nothing to place
          throw e;
        }
        const { plan } = planDatabases(site);
        const placed = placeSeats(site);
        expect(placed === undefined).toBe(plan === undefined);
        if (!plan) {
          expect(labServerLoad(site)).toEqual([]);
          return;
        }
        compared++;
        expect(placed!.counts).toEqual(plan.servers.map((s) => s.seats.length));
        expect(placed!.counts.reduce((a, b) => a + b, 0)).toBe(plan.seats.length);
        expect(labServerLoad(site)).toEqual(loadFromPlan(plan));
      }),
      { numRuns: 300 },
    );
    expect(compared).toBeGreaterThan(100);
  });
});
