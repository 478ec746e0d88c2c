import type { RoomModel, Site } from "../model/site";
import type { DatabasesSpec } from "../model/sections/databases";
import type { Level } from "../model/sections/common";
import type { Lease } from "../ipplan/plan";
import { CATALOGUE, sharedSizing } from "./catalogue";
import { DB_SERVICES, type DbService } from "./services";

/** Levels whose candidates use MySQL, MongoDB and Redis (manual §3.3). */
export const DB_LEVELS: readonly Level[] = ["intermediate", "advanced"];

export interface ContainerSize {
  memoryMB: number;
  cpus: number;
}

/**
 * How many database seats each lab server takes (manual §3.3), and the containers that needs:
 * the part of the database plan that counts, without a name or port per seat. The plan
 * (plan.ts) places the seats themselves by these counts; the capacity rule and the report's
 * server load need only the counts (issue 14: `check` of a province no longer builds a seat
 * map it never shows). Undefined when the site uses no databases, or they cannot be placed:
 * no room holds an intermediate or advanced exam, or no lab server is declared.
 */
export interface Placement {
  db: DatabasesSpec;
  /** Rooms whose candidates use databases, in file order. */
  dbRooms: RoomModel[];
  /** The lab server (declared index) a room is assigned to by name, or undefined: spread by capacity. */
  serverOf(roomId: string): number | undefined;
  /** Per lab server (declared order): seats of rooms assigned to it by name (databases.assignment). */
  assigned: number[];
  /** Per lab server: its share of the other seats, handed out in room and seat order. */
  shares: number[];
  /** Per lab server: all the seats it takes. */
  counts: number[];
  /** Per-seat container size (per-seat mode) after the site's limit overrides. */
  perSeatSize: Record<DbService, ContainerSize>;
  /** Containers a server with `n` seats runs, per service: count and size of each. */
  sizeFor(n: number): Record<DbService, { count: number; size: ContainerSize }>;
  /** Memory and CPU limits of those containers, summed. */
  totals(n: number): ContainerSize;
}

export function placeSeats(site: Site): Placement | undefined {
  // Sites are immutable once built; the plan, the capacity rule and the report all ask.
  let hit = PLACED.get(site);
  if (hit === undefined) PLACED.set(site, (hit = place(site) ?? null));
  return hit ?? undefined;
}
const PLACED = new WeakMap<Site, Placement | null>();

/**
 * The seats of a room that get databases, in seat order: candidates (and spares with
 * databases.includeSpares) that have an address lease. The one definition the counts and the
 * plan's seat map both use.
 */
export function eachDbSeat(room: RoomModel, includeSpares: boolean, visit: (seat: RoomModel["seats"][number], lease: Lease) => void): void {
  const leaseBySeat = new Map<number, Lease>();
  for (const l of room.leases) if (l.seat !== null) leaseBySeat.set(l.seat, l);
  for (const s of room.seats) {
    if (s.role !== "candidate" && !(includeSpares && s.role === "spare")) continue;
    const lease = leaseBySeat.get(s.number);
    if (lease) visit(s, lease);
  }
}

/** Rooms whose candidates use databases (an intermediate or advanced exam), in file order. */
export function roomsWithDatabases(site: Site): RoomModel[] {
  return site.rooms.filter((r) => r.spec.levels.some((l) => DB_LEVELS.includes(l)));
}

function place(site: Site): Placement | undefined {
  const spec = site.spec;
  const db = spec.databases;
  if (!db || !db.enabled) return undefined;
  const dbRooms = roomsWithDatabases(site);
  if (dbRooms.length === 0 || spec.labServers.length === 0) return undefined;

  const perSeatSize = {} as Record<DbService, ContainerSize>;
  for (const s of DB_SERVICES) perSeatSize[s] = { memoryMB: db.limits[s]?.memoryMB ?? CATALOGUE[s].memoryMB, cpus: db.limits[s]?.cpus ?? CATALOGUE[s].cpus };
  const sizeFor = (n: number): Record<DbService, { count: number; size: ContainerSize }> => {
    const out = {} as Record<DbService, { count: number; size: ContainerSize }>;
    for (const s of DB_SERVICES) {
      if (db.mode === "per-seat") out[s] = { count: n, size: perSeatSize[s] };
      else {
        const auto = sharedSizing({ ...CATALOGUE[s], ...perSeatSize[s] }, n);
        out[s] = { count: n > 0 ? 1 : 0, size: { memoryMB: db.limits[s]?.memoryMB ?? auto.memoryMB, cpus: db.limits[s]?.cpus ?? auto.cpus } };
      }
    }
    return out;
  };
  const totals = (n: number): ContainerSize => {
    const c = sizeFor(n);
    return DB_SERVICES.reduce((t, s) => ({ memoryMB: t.memoryMB + c[s].count * c[s].size.memoryMB, cpus: t.cpus + c[s].count * c[s].size.cpus }), { memoryMB: 0, cpus: 0 });
  };
  const fits = (i: number, n: number) => {
    const ls = spec.labServers[i];
    const t = totals(n);
    return t.memoryMB + db.hostReserveMB <= ls.memoryGB * 1024 && t.cpus <= ls.cpus * db.cpuOvercommit + 1e-9;
  };

  // Explicit room assignments first; the other seats are spread over the servers in proportion
  // to how many seats each can hold (CPU and memory), in contiguous runs in declared order so a
  // room stays on as few servers as possible. Deterministic: integer shares, ties by order.
  const indexOf = new Map(spec.labServers.map((s, i) => [s.id, i]));
  const serverOf = (roomId: string) => {
    const target = db.assignment[roomId];
    return target !== undefined ? indexOf.get(target) : undefined;
  };
  const assigned = spec.labServers.map(() => 0);
  let free = 0;
  for (const room of dbRooms) {
    let n = 0;
    eachDbSeat(room, db.includeSpares, () => n++);
    const i = serverOf(room.spec.id);
    if (i !== undefined) assigned[i] += n;
    else free += n;
  }
  const holds = spec.labServers.map((_, i) => seatsThatFit((n) => fits(i, n), 65535));
  const shares = spreadByCapacity(free, holds, assigned);
  return { db, dbRooms, serverOf, assigned, shares, counts: assigned.map((a, i) => a + shares[i]), perSeatSize, sizeFor, totals };
}

/** The largest seat count (0..limit) a server holds, by bisection (fits is monotone in n). */
function seatsThatFit(fits: (n: number) => boolean, limit: number): number {
  let lo = 0;
  let hi = limit;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * How many of `free` seats each server gets: every server ends up as close as possible to the
 * same share of its capacity (`holds` = seats it can take), counting the seats already assigned
 * to it. Largest-remainder rounding, ties to the earlier server; servers that hold nothing get
 * seats only when none holds any (the plan then reports them as too small).
 */
export function spreadByCapacity(free: number, holds: readonly number[], assigned: readonly number[]): number[] {
  const n = holds.length;
  if (n === 0) return [];
  const weights = holds.some((h) => h > 0) ? holds : holds.map(() => 1);
  const wsum = weights.reduce((a, b) => a + b, 0);
  const total = free + assigned.reduce((a, b) => a + b, 0);
  // Seats each server still wants to reach its proportional share (never negative).
  const want = weights.map((w, i) => Math.max(0, (total * w) / wsum - assigned[i]));
  const wantSum = want.reduce((a, b) => a + b, 0);
  const exact = wantSum > 0 ? want.map((x) => (free * x) / wantSum) : weights.map((w) => (free * w) / wsum);
  const out = exact.map(Math.floor);
  let left = free - out.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) out[byRemainder[k].i]++;
  return out;
}
