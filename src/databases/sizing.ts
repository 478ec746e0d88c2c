import type { Site } from "../model/site";
import { planDatabases } from "./plan";
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
  const { plan } = planDatabases(site);
  if (!plan) return [];
  return plan.servers.map((s) => {
    const byService = Object.fromEntries(
      DB_SERVICES.map((svc) => {
        const c = s.containers[svc];
        return [svc, { count: c.count, cpus: round(c.count * c.size.cpus), memoryMB: c.count * c.size.memoryMB }];
      }),
    ) as Record<DbService, { count: number; cpus: number; memoryMB: number }>;
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

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
