import * as path from "node:path";
import { SiteSchema, type RoomSpec, type SiteSpec } from "./schema";
import { InputError, formatPath, type InputProblem } from "./errors";
import { parseDataFile, validateWith, type LineOf, type Parsed } from "./load";
import { layoutSeats, type SeatGeometry } from "./seats";
import { planAddresses, type IpPlan, type Lease } from "../ipplan/plan";

/** A room with everything derived from its spec: seats on the floor and addresses. */
export interface RoomModel {
  spec: RoomSpec;
  seats: SeatGeometry[];
  subnet: string;
  subnet6?: string;
  gateway: string;
  leases: Lease[];
}

/** A validated site: the spec with defaults, its rooms' seats and its IP plan. */
export interface Site {
  spec: SiteSpec;
  /** The file it came from (for messages) and the folder relative sources resolve against. */
  file: string;
  dir: string;
  rooms: RoomModel[];
  plan: IpPlan;
  /** Line of a field path in the source file, for features that report problems later. */
  lineOf: LineOf;
}

/** Loads a YAML/JSON site file; throws InputError listing every problem. */
export function loadSiteFile(file: string, text?: string): Site {
  const parsed = parseDataFile(file, text);
  return buildSite(parsed);
}

/** Builds a site from an in-memory definition (TypeScript site modules). */
export function siteFromObject(data: unknown, file = "<typescript>"): Site {
  return buildSite({ file, data, lineOf: () => undefined });
}

export function buildSite(parsed: Parsed): Site {
  const spec = validateWith(SiteSchema, parsed);
  const seatLists = spec.rooms.map(layoutSeats);
  const problems = crossCheck(spec, seatLists).map((p) => toProblem(parsed, p));
  const seatsByRoom = new Map(spec.rooms.map((r, i) => [r.id, seatLists[i]]));
  const { plan, problems: planProblems } = planAddresses(spec, seatsByRoom);
  for (const p of planProblems) problems.push(toProblem(parsed, p));
  if (problems.length > 0 || !plan) throw new InputError(problems);
  const rooms: RoomModel[] = spec.rooms.map((r) => {
    const rp = plan.rooms.find((x) => x.room === r.id)!;
    return { spec: r, seats: seatsByRoom.get(r.id)!, subnet: rp.subnet, subnet6: rp.subnet6, gateway: rp.gateway, leases: plan.leases.filter((l) => l.room === r.id) };
  });
  return { spec, file: parsed.file, dir: path.dirname(path.resolve(parsed.file)), rooms, plan, lineOf: parsed.lineOf };
}

function toProblem(parsed: { file: string; lineOf: LineOf }, p: { path: PropertyKey[]; message: string }): InputProblem {
  return { file: parsed.file, line: parsed.lineOf(p.path), path: formatPath(p.path), message: p.message };
}

/** Problems the schema cannot see: duplicates, impossible seating, geometry outside the room. */
function crossCheck(site: SiteSpec, seatLists: readonly SeatGeometry[][]): { path: PropertyKey[]; message: string }[] {
  const out: { path: PropertyKey[]; message: string }[] = [];
  const dup = <T>(items: readonly T[], key: (t: T) => string, at: (i: number) => PropertyKey[], what: string) => {
    const seen = new Map<string, number>();
    items.forEach((it, i) => {
      const k = key(it);
      if (seen.has(k)) out.push({ path: at(i), message: `duplicate ${what} "${k}" (first at index ${seen.get(k)})` });
      else seen.set(k, i);
    });
  };
  dup(site.rooms, (r) => r.id.toLowerCase(), (i) => ["rooms", i, "id"], "room id");
  dup(site.labServers, (s) => s.id, (i) => ["labServers", i, "id"], "lab server id");
  dup(site.network.examServers, (s) => s.name, (i) => ["network", "examServers", i, "name"], "exam server name");
  const macs: { mac: string; path: PropertyKey[] }[] = [];
  site.rooms.forEach((room, i) => {
    const at = (...p: PropertyKey[]) => ["rooms", i, ...p];
    for (const lv of room.levels)
      if (!site.levels.includes(lv)) out.push({ path: at("levels"), message: `level "${lv}" is not one of the site's levels (${site.levels.join(", ")})` });
    dup(room.cameras, (c) => c.id, (k) => at("cameras", k, "id"), "camera id");
    dup(room.inventory, (m) => String(m.seat), (k) => at("inventory", k, "seat"), "inventory seat");
    const { rows, columns, pitchM, rowPitchM, frontClearanceM, widthM, depthM } = room.layout;
    const seatCount = rows * columns;
    if ((columns - 1) * pitchM > widthM) out.push({ path: at("layout", "columns"), message: `${columns} seats at ${pitchM} m pitch need ${round((columns - 1) * pitchM)} m, more than the room's width of ${widthM} m` });
    if (frontClearanceM + (rows - 1) * rowPitchM > depthM) out.push({ path: at("layout", "rows"), message: `${rows} rows at ${rowPitchM} m from ${frontClearanceM} m need ${round(frontClearanceM + (rows - 1) * rowPitchM)} m, more than the room's depth of ${depthM} m` });
    if (room.machines !== undefined && room.machines > seatCount) out.push({ path: at("machines"), message: `${room.machines} machines declared but the seat grid has only ${seatCount} seats (put extra machines in spareMachines)` });
    const usable = seatLists[i].filter((s) => s.eligible && s.hasMachine).length;
    if (room.candidates > usable)
      out.push({ path: at("candidates"), message: `${room.candidates} candidates planned but only ${usable} seats with a machine can take a candidate${room.layout.everyOtherSeat ? " (every other seat)" : ""}` });
    room.cameras.forEach((c, k) => {
      if (c.x < 0 || c.x > widthM || c.y < 0 || c.y > depthM) out.push({ path: at("cameras", k), message: `camera ${c.id} at (${c.x}, ${c.y}) is outside the ${widthM} m × ${depthM} m room` });
    });
    room.inventory.forEach((m, k) => {
      if (m.seat > seatCount) out.push({ path: at("inventory", k, "seat"), message: `seat ${m.seat} does not exist (the grid has ${seatCount} seats)` });
      if (m.mac) macs.push({ mac: m.mac, path: at("inventory", k, "mac") });
    });
  });
  dup(macs, (m) => m.mac, (i) => macs[i].path, "MAC address");
  const placed: { placement?: { room: string; x: number; y: number }; path: PropertyKey[] }[] = [
    { placement: site.router?.placement, path: ["router", "placement"] },
    ...site.labServers.map((s, i) => ({ placement: s.placement, path: ["labServers", i, "placement"] as PropertyKey[] })),
  ];
  for (const { placement: p, path } of placed) {
    if (!p) continue;
    const room = site.rooms.find((r) => r.id === p.room);
    if (!room) out.push({ path: [...path, "room"], message: `room "${p.room}" is not one of the site's rooms (${site.rooms.map((r) => r.id).join(", ")})` });
    else if (p.x < 0 || p.x > room.layout.widthM || p.y < 0 || p.y > room.layout.depthM)
      out.push({ path, message: `(${p.x}, ${p.y}) is outside room ${room.id} (${room.layout.widthM} m × ${room.layout.depthM} m)` });
  }
  return out;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
