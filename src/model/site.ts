import * as path from "node:path";
import { SiteSchema, type RoomSpec, type SiteSpec } from "./schema";
import { InputError, formatPath, type InputProblem } from "./errors";
import { parseDataFile, validateWith, type LineOf, type Parsed } from "./load";
import { layoutSeats, type SeatGeometry } from "./seats";
import { planAddresses, type IpPlan, type Lease } from "../ipplan/plan";
import { msg, type MessageKey, type Vars } from "../i18n/catalogue";

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

function toProblem(parsed: { file: string; lineOf: LineOf }, p: { path: PropertyKey[]; message: string; zh?: string }): InputProblem {
  return { file: parsed.file, line: parsed.lineOf(p.path), path: formatPath(p.path), message: p.message, ...(p.zh ? { zh: p.zh } : {}) };
}

interface CrossProblem {
  path: PropertyKey[];
  message: string;
  zh: string;
}

function cross(path: PropertyKey[], key: MessageKey<"input">, vars: Vars): CrossProblem {
  return { path, message: msg("en", "input", key, vars), zh: msg("zh", "input", key, vars) };
}

/** Problems the schema cannot see: duplicates, impossible seating, geometry outside the room. */
function crossCheck(site: SiteSpec, seatLists: readonly SeatGeometry[][]): CrossProblem[] {
  const out: CrossProblem[] = [];
  const dup = <T>(items: readonly T[], key: (t: T) => string, at: (i: number) => PropertyKey[], what: MessageKey<"input">) => {
    const seen = new Map<string, number>();
    items.forEach((it, i) => {
      const k = key(it);
      if (seen.has(k)) out.push({ path: at(i), message: msg("en", "input", "duplicate", { what: msg("en", "input", what), value: k, index: seen.get(k)! }), zh: msg("zh", "input", "duplicate", { what: msg("zh", "input", what), value: k, index: seen.get(k)! }) });
      else seen.set(k, i);
    });
  };
  dup(site.rooms, (r) => r.id.toLowerCase(), (i) => ["rooms", i, "id"], "what_roomId");
  dup(site.labServers, (s) => s.id, (i) => ["labServers", i, "id"], "what_labServerId");
  dup(site.network.examServers, (s) => s.name, (i) => ["network", "examServers", i, "name"], "what_examServerName");
  const macs: { mac: string; path: PropertyKey[] }[] = [];
  site.rooms.forEach((room, i) => {
    const at = (...p: PropertyKey[]) => ["rooms", i, ...p];
    for (const lv of room.levels)
      if (!site.levels.includes(lv)) out.push(cross(at("levels"), "levelNotOfSite", { level: lv, levels: site.levels.join(", ") }));
    dup(room.cameras, (c) => c.id, (k) => at("cameras", k, "id"), "what_cameraId");
    dup(room.inventory, (m) => String(m.seat), (k) => at("inventory", k, "seat"), "what_inventorySeat");
    const { rows, columns, pitchM, rowPitchM, frontClearanceM, widthM, depthM } = room.layout;
    const seatCount = rows * columns;
    if ((columns - 1) * pitchM > widthM) out.push(cross(at("layout", "columns"), "columnsTooWide", { columns, pitch: pitchM, need: round((columns - 1) * pitchM), width: widthM }));
    if (frontClearanceM + (rows - 1) * rowPitchM > depthM) out.push(cross(at("layout", "rows"), "rowsTooDeep", { rows, rowPitch: rowPitchM, front: frontClearanceM, need: round(frontClearanceM + (rows - 1) * rowPitchM), depth: depthM }));
    if (room.machines !== undefined && room.machines > seatCount) out.push(cross(at("machines"), "machinesOverGrid", { machines: room.machines, seats: seatCount }));
    const usable = seatLists[i].filter((s) => s.eligible && s.hasMachine).length;
    if (room.candidates > usable) out.push(cross(at("candidates"), room.layout.everyOtherSeat ? "candidatesOverSeatsEveryOther" : "candidatesOverSeats", { candidates: room.candidates, usable }));
    room.cameras.forEach((c, k) => {
      if (c.x < 0 || c.x > widthM || c.y < 0 || c.y > depthM) out.push(cross(at("cameras", k), "cameraOutside", { id: c.id, x: c.x, y: c.y, width: widthM, depth: depthM }));
    });
    room.inventory.forEach((m, k) => {
      if (m.seat > seatCount) out.push(cross(at("inventory", k, "seat"), "seatMissing", { seat: m.seat, seats: seatCount }));
      if (m.mac) macs.push({ mac: m.mac, path: at("inventory", k, "mac") });
    });
  });
  dup(macs, (m) => m.mac, (i) => macs[i].path, "what_mac");
  const placed: { placement?: { room: string; x: number; y: number }; path: PropertyKey[] }[] = [
    { placement: site.router?.placement, path: ["router", "placement"] },
    ...site.labServers.map((s, i) => ({ placement: s.placement, path: ["labServers", i, "placement"] as PropertyKey[] })),
  ];
  for (const { placement: p, path } of placed) {
    if (!p) continue;
    const room = site.rooms.find((r) => r.id === p.room);
    if (!room) out.push(cross([...path, "room"], "placementRoomUnknown", { room: p.room, rooms: site.rooms.map((r) => r.id).join(", ") }));
    else if (p.x < 0 || p.x > room.layout.widthM || p.y < 0 || p.y > room.layout.depthM)
      out.push(cross(path, "placementOutside", { x: p.x, y: p.y, room: room.id, width: room.layout.widthM, depth: room.layout.depthM }));
  }
  return out;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
