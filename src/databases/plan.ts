import type { Site } from "../model/site";
import type { DatabasesSpec } from "../model/sections/databases";
import type { Level } from "../model/sections/common";
import { InputError, formatPath, type InputProblem } from "../model/errors";
import { redisMinimumMB } from "./catalogue";
import { redisMaxClients } from "./init-redis";
import { checkCompatibility, resolveImages, type DbProblem, type ResolvedImage } from "./images";
import { DB_SERVICES, type DbService } from "./services";
import { dbIdentifier, seatKey } from "./names";
import { pushAll } from "../util/arrays";
import { DB_LEVELS, eachDbSeat, placeSeats, roomsWithDatabases, type ContainerSize } from "./placement";

export { DB_LEVELS, spreadByCapacity, type ContainerSize } from "./placement";

/** One seat that gets databases: the row of the seat map every generator iterates over. */
export interface SeatSlot {
  /** Stable for_each key, volume and container name part: r201-s07. */
  key: string;
  room: string;
  seat: number;
  role: "candidate" | "spare";
  hostname: string;
  ipv4: string;
  levels: Level[];
  labServer: string;
  /** Host ports of this seat's services on its lab server (shared mode: the shared instance's). */
  ports: Record<DbService, number>;
  /** Shared mode: the seat's own database and user name (seat_201_07). */
  dbName: string;
}

export interface LabServerPlan {
  id: string;
  index: number;
  docker: string;
  ipv4: string;
  cpus: number;
  memoryMB: number;
  seats: SeatSlot[];
  /** Containers this server runs, per service: count and size of each. */
  containers: Record<DbService, { count: number; size: ContainerSize }>;
}

export interface DatabasePlan {
  siteId: string;
  mode: DatabasesSpec["mode"];
  spec: DatabasesSpec;
  images: Record<DbService, ResolvedImage>;
  servers: LabServerPlan[];
  seats: SeatSlot[];
  /** Per-seat container size (per-seat mode) after the site's limit overrides. */
  perSeatSize: Record<DbService, ContainerSize>;
  warnings: DbProblem[];
}

/** Ports a lab server needs for itself (ssh, docker API, swarm); seat ranges must avoid them. */
const RESERVED_PORTS = [2375, 2376, 2377, 7946, 4789];

/**
 * Builds the database plan of a site: which seats get databases, on which lab server, on which
 * ports, with which images, and every problem (errors and warnings) with its site field.
 * Returns `plan: undefined` when the site does not use databases (absent or disabled section).
 */
export function planDatabases(site: Site): { plan?: DatabasePlan; problems: DbProblem[] } {
  // Sites are immutable once built and several features ask (stack, seat ports, report): plan once.
  let cached = PLANS.get(site);
  if (!cached) PLANS.set(site, (cached = computePlan(site)));
  return cached;
}

const PLANS = new WeakMap<Site, { plan?: DatabasePlan; problems: DbProblem[] }>();

function computePlan(site: Site): { plan?: DatabasePlan; problems: DbProblem[] } {
  const db = site.spec.databases;
  if (!db || !db.enabled) return { problems: [] };
  const spec = site.spec;
  const sid = `site "${spec.id}"`;
  const problems: DbProblem[] = [];
  const err = (path: PropertyKey[], message: string) => problems.push({ path, message: `${sid}: ${message}`, severity: "error" });

  const placement = placeSeats(site);
  if (!placement) {
    // Not placeable: say why (placeSeats needs a room with databases and a lab server).
    if (roomsWithDatabases(site).length === 0)
      err(["databases", "enabled"], `databases are requested but no room holds an intermediate or advanced exam (primary-level candidates use no databases, manual §3.3); remove the databases section or set enabled: false`);
    else err(["labServers"], `databases need at least one lab server to run the containers on; declare labServers (id, docker, cpus, memoryGB)`);
    return { problems };
  }
  const { dbRooms, perSeatSize, sizeFor, totals } = placement;
  const images = resolveImages(db);
  pushAll(problems, checkCompatibility(spec, db, images));

  const serverIds = new Set(spec.labServers.map((s) => s.id));
  for (const [room, server] of Object.entries(db.assignment)) {
    const r = site.rooms.find((x) => x.spec.id === room);
    if (!r) err(["databases", "assignment", room], `room "${room}" does not exist (rooms: ${site.rooms.map((x) => x.spec.id).join(", ")})`);
    else if (!dbRooms.includes(r)) err(["databases", "assignment", room], `room "${room}" holds only primary-level exams, which use no databases (manual §3.3)`);
    if (!serverIds.has(server)) err(["databases", "assignment", room], `lab server "${server}" is not declared in labServers (${[...serverIds].join(", ")})`);
  }

  // Seats in file order of rooms, then seat number: the seat map and the order ports are handed out.
  const seats: Omit<SeatSlot, "labServer" | "ports">[] = [];
  for (const room of dbRooms) {
    const levels = room.spec.levels.filter((l) => DB_LEVELS.includes(l));
    eachDbSeat(room, db.includeSpares, (s, lease) => {
      seats.push({ key: seatKey(room.spec.id, s.number), room: room.spec.id, seat: s.number, role: s.role as "candidate" | "spare", hostname: lease.hostname, ipv4: lease.ipv4, levels: [...levels], dbName: dbIdentifier(room.spec.id, s.number) });
    });
  }

  // Rooms assigned by name go to their server; the other seats, in order, by the placement's shares.
  const bucket: (typeof seats)[] = spec.labServers.map(() => []);
  const free: typeof seats = [];
  for (const seat of seats) {
    const i = placement.serverOf(seat.room);
    if (i !== undefined) bucket[i].push(seat);
    else free.push(seat);
  }
  let next = 0;
  placement.shares.forEach((n, i) => {
    pushAll(bucket[i], free.slice(next, next + n));
    next += n;
  });

  const order = new Map(seats.map((s, i) => [s.key, i]));
  const servers: LabServerPlan[] = [];
  const allSeats: SeatSlot[] = [];
  spec.labServers.forEach((ls, i) => {
    const list = bucket[i].sort((a, b) => order.get(a.key)! - order.get(b.key)!);
    const ipv4 = site.plan.infrastructure.labServers[ls.id] ?? ls.ipv4 ?? "";
    const placed = list.map((s, k): SeatSlot => {
      const ports = {} as Record<DbService, number>;
      for (const svc of DB_SERVICES) ports[svc] = db.mode === "per-seat" ? db.ports[svc] + k : db.ports[svc];
      // Spelled out, same key order as { ...s, labServer, ports }: runs for every seat of a province.
      return { key: s.key, room: s.room, seat: s.seat, role: s.role, hostname: s.hostname, ipv4: s.ipv4, levels: s.levels, dbName: s.dbName, labServer: ls.id, ports };
    });
    pushAll(allSeats, placed);
    servers.push({ id: ls.id, index: i, docker: ls.docker, ipv4, cpus: ls.cpus, memoryMB: ls.memoryGB * 1024, seats: placed, containers: sizeFor(placed.length) });
    const t = totals(placed.length);
    if (t.memoryMB + db.hostReserveMB > ls.memoryGB * 1024) {
      const each = db.mode === "per-seat" ? `${DB_SERVICES.reduce((m, s) => m + perSeatSize[s].memoryMB, 0)} MB per seat` : "the shared instances";
      err(["labServers", i, "memoryGB"], `lab server ${ls.id} is too small: ${placed.length} seats need ${gb(t.memoryMB + db.hostReserveMB)} GB RAM (${each} + ${gb(db.hostReserveMB)} GB reserve) but it has ${ls.memoryGB} GB; declare another lab server, raise memoryGB, lower databases.limits or use databases.mode: shared`);
    }
    if (t.cpus > ls.cpus * db.cpuOvercommit + 1e-9)
      err(["labServers", i, "cpus"], `lab server ${ls.id} is too small: ${placed.length} seats' containers have CPU limits totalling ${round(t.cpus)}, more than ${ls.cpus} CPUs × ${db.cpuOvercommit} (databases.cpuOvercommit)`);
    if (placed.length > 0) pushAll(problems, portProblems(sid, db, placed.length, ls.id));
    // Redis needs room beyond its data for clients, one big argument and one big reply (catalogue.ts).
    const redisClients = redisMaxClients(db.mode === "shared" ? placed.length : 1);
    const redisMB = sizeFor(placed.length).redis.size.memoryMB;
    if (placed.length > 0 && redisMB < redisMinimumMB(redisClients))
      err(["databases", "limits", "redis", "memoryMB"], `Redis on lab server ${ls.id} gets ${redisMB} MB but needs at least ${redisMinimumMB(redisClients)} MB for ${redisClients} clients (an idle server, two clients at once with a 4 MB argument and a 4 MB reply, 32 KB per client, 8 MB of data); raise databases.limits.redis.memoryMB`);
  });
  // Keep the seat map in room/seat order whatever server a seat landed on.
  allSeats.sort((a, b) => order.get(a.key)! - order.get(b.key)!);
  const plan: DatabasePlan = { siteId: spec.id, mode: db.mode, spec: db, images, servers, seats: allSeats, perSeatSize, warnings: problems.filter((p) => p.severity === "warning") };
  return { plan, problems };
}

/** Port ranges of the services on one lab server must not overlap each other or reserved ports. */
function portProblems(sid: string, db: DatabasesSpec, n: number, server: string): DbProblem[] {
  const out: DbProblem[] = [];
  const span = db.mode === "per-seat" ? n : 1;
  const ranges = DB_SERVICES.map((s) => ({ s, from: db.ports[s], to: db.ports[s] + span - 1 }));
  for (const r of ranges) {
    const path = ["databases", "ports", r.s];
    if (r.to > 65535) out.push({ path, severity: "error", message: `${sid}: ${n} seats on lab server ${server} need ${r.s} ports ${r.from}-${r.to}, beyond 65535; lower databases.ports.${r.s}` });
    const hit = RESERVED_PORTS.find((p) => p >= r.from && p <= r.to);
    if (hit !== undefined) out.push({ path, severity: "error", message: `${sid}: ${r.s} ports ${r.from}-${r.to} on lab server ${server} include ${hit}, which docker itself uses; move databases.ports.${r.s}` });
  }
  for (let i = 0; i < ranges.length; i++)
    for (let j = i + 1; j < ranges.length; j++) {
      const a = ranges[i], b = ranges[j];
      if (a.from <= b.to && b.from <= a.to)
        out.push({ path: ["databases", "ports", b.s], severity: "error", message: `${sid}: port collision on lab server ${server}: ${a.s} uses ${a.from}-${a.to} and ${b.s} uses ${b.from}-${b.to} for ${n} seats; move databases.ports.${b.s} at least ${span} away` });
    }
  return out;
}

/** The plan, or an InputError naming the site file and fields of every error. Warnings stay in the plan. */
export function resolveDatabases(site: Site): DatabasePlan | undefined {
  const { plan, problems } = planDatabases(site);
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length) throw new InputError(errors.map((p) => toInputProblem(site, p)));
  return plan;
}

export function toInputProblem(site: Site, p: DbProblem): InputProblem {
  return { file: site.file, line: site.lineOf?.(p.path), path: formatPath(p.path), message: p.message };
}

function gb(mb: number): string {
  return String(Math.round((mb / 1024) * 10) / 10);
}
function round(v: number): number {
  return Math.round(v * 100) / 100;
}
