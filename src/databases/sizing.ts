import type { Site } from "../model/site";
import { placeSeats } from "./placement";
import { DB_SERVICES, type DbService } from "./services";

/** Declared capacity of one lab server against what its database containers are limited to. */
export interface LabServerLoad {
  labServer: string;
  declared: { cpus: number; memoryMB: number };
  /** Sum of the containers' limits (memory is a hard limit; CPUs may be overcommitted). */
  containers: { count: number; cpus: number; memoryMB: number; byService: Record<DbService, { count: number; cpus: number; memoryMB: number }> };
  /** Memory kept free for the OS and docker (databases.hostReserveMB). */
  reserveMB: number;
  /** Allowed CPU overcommit (databases.cpuOvercommit). */
  cpuOvercommit: number;
  seats: number;
  fits: { memory: boolean; cpu: boolean };
}

/**
 * Per lab server: declared CPUs/RAM vs the totals of the database containers placed on it.
 * Never throws for capacity problems (that is what it reports); returns [] when the site uses no
 * databases or its database section cannot be planned (no lab server, only primary rooms).
 */
export function labServerLoad(site: Site): LabServerLoad[] {
  // The counts alone (placement.ts): the plan's seat slots, names and ports are not needed here.
  const placed = placeSeats(site);
  if (!placed) return [];
  const { db } = placed;
  return site.spec.labServers.map((ls, i) => {
    const seats = placed.counts[i];
    const containers = placed.sizeFor(seats);
    const byService = Object.fromEntries(
      DB_SERVICES.map((svc) => {
        const c = containers[svc];
        return [svc, { count: c.count, cpus: round(c.count * c.size.cpus), memoryMB: c.count * c.size.memoryMB }];
      }),
    ) as Record<DbService, { count: number; cpus: number; memoryMB: number }>;
    const total = DB_SERVICES.reduce((t, svc) => ({ count: t.count + byService[svc].count, cpus: t.cpus + byService[svc].cpus, memoryMB: t.memoryMB + byService[svc].memoryMB }), { count: 0, cpus: 0, memoryMB: 0 });
    const memoryMB = ls.memoryGB * 1024;
    return {
      labServer: ls.id,
      declared: { cpus: ls.cpus, memoryMB },
      containers: { ...total, cpus: round(total.cpus), byService },
      reserveMB: db.hostReserveMB,
      cpuOvercommit: db.cpuOvercommit,
      seats,
      fits: { memory: total.memoryMB + db.hostReserveMB <= memoryMB, cpu: total.cpus <= ls.cpus * db.cpuOvercommit + 1e-9 },
    };
  });
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
