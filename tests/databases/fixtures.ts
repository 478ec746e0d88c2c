import { siteFromObject, type Site } from "../../src/model/site";
import type { SiteInput } from "../../src/model/schema";

export interface FixtureOptions {
  id?: string;
  level?: "primary" | "intermediate" | "advanced";
  rooms?: number;
  seatsPerRoom?: number;
  roomIds?: string[];
  labServers?: { id: string; cpus: number; memoryGB: number; docker?: string }[];
  databases?: Record<string, unknown> | null;
}

/** A minimal site: N rooms of 40 candidates (5 × 8 grid), one big lab server, per-seat databases. */
export function fixtureInput(o: FixtureOptions = {}): SiteInput {
  const level = o.level ?? "intermediate";
  const n = o.rooms ?? 1;
  const seats = o.seatsPerRoom ?? 40;
  const ids = o.roomIds ?? Array.from({ length: n }, (_, i) => String(201 + i));
  const columns = 8;
  const rows = Math.ceil(seats / columns);
  return {
    id: o.id ?? "db-fixture",
    name: "数据库测试考点",
    levels: [level],
    network: { block: "10.70.0.0/16" },
    labServers: o.labServers ?? [{ id: "lab1", docker: "unix:///var/run/docker.sock", cpus: 64, memoryGB: 256 }],
    rooms: ids.map((id) => ({ id, levels: [level], candidates: seats, layout: { widthM: 11, depthM: 12, rows, columns } })),
    ...(o.databases === null ? {} : { databases: o.databases ?? {} }),
  } as SiteInput;
}

export function fixtureSite(o: FixtureOptions = {}): Site {
  return siteFromObject(fixtureInput(o), `${o.id ?? "db-fixture"}.yaml`);
}
