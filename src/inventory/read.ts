import * as fs from "node:fs";
import * as path from "node:path";
import { InputError, type InputProblem } from "../model/errors";
import { msg, type MessageKey, type Vars } from "../i18n/catalogue";

/** A problem in both languages. */
const both = (key: MessageKey<"input">, vars?: Vars) => ({ message: msg("en", "input", key, vars), zh: msg("zh", "input", key, vars) });
import type { Site } from "../model/site";
import { readInventoryCsv } from "./csv";
import { readInventoryJson } from "./json";
import type { InventoryEntry, InventoryMachine } from "./types";
import { pushAll } from "../util/arrays";
import { decodeText } from "../util/decode-text";

/**
 * Reads one inventory file: .json/.yaml (schema/inventory.schema.json) or .csv (a spreadsheet
 * export). Bytes are decoded first: UTF-8 or UTF-16 with a BOM (PowerShell 5.1's `>` writes
 * UTF-16); GBK from Excel's plain "CSV" is refused with how to save it as UTF-8.
 */
export function readInventoryFile(file: string): InventoryEntry[] {
  const ext = path.extname(file).toLowerCase();
  const json = ext === ".json" || ext === ".yaml" || ext === ".yml";
  if (!json && ext !== ".csv") throw new InputError([{ file, path: "", ...both("invUnsupportedType", { ext }) }]);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new InputError([{ file, path: "", ...both("cannotRead", { code: (e as NodeJS.ErrnoException).code ?? "error" }) }]);
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) throw new InputError([{ file, path: "", ...both(decoded.why === "utf16-no-bom" ? "invUtf16NoBom" : "invNotUtf8") }]);
  return json ? readInventoryJson(file, decoded.text) : readInventoryCsv(file, decoded.text);
}

/** Reads every inventory file, collecting the problems of all of them before failing. */
export function readInventoryFiles(files: readonly string[]): InventoryEntry[] {
  const entries: InventoryEntry[] = [];
  const problems: InputProblem[] = [];
  for (const f of files) {
    try {
      pushAll(entries, readInventoryFile(f));
    } catch (e) {
      if (e instanceof InputError) pushAll(problems, e.problems);
      else throw e;
    }
  }
  if (problems.length) throw new InputError(problems);
  return entries;
}

/** One site's machines from inventory files (undefined when no files are given). */
export function siteInventory(site: Site, files: readonly string[] | undefined): InventoryMachine[] | undefined {
  if (!files?.length) return undefined;
  const entries = readInventoryFiles(files).filter((e) => e.site === undefined || e.site === site.spec.id);
  return inventoryBySite([site], entries).get(site.spec.id) ?? [];
}

/** What matching an inventory needs of a site: its id, its rooms' ids and seat counts. */
export interface SiteRooms {
  spec: { id: string };
  rooms: readonly { spec: { id: string; spareMachines: number }; seats: { length: number } }[];
}

/** The SiteRooms of a site, without the rest of it (check keeps these while it streams sites). */
export function siteRooms(site: Site): SiteRooms {
  return { spec: { id: site.spec.id }, rooms: site.rooms.map((r) => ({ spec: { id: r.spec.id, spareMachines: r.spec.spareMachines }, seats: { length: r.seats.length } })) };
}

/**
 * The machines of a site as inventoryBySite gives them when it finds no problem, before all
 * sites are known (an entry without a site belongs to the only site, when only one file is
 * given): `check` runs each site's rules with these as it loads it, and validates the whole
 * inventory with inventoryBySite at the end.
 */
export function machinesOfSite(entries: readonly InventoryEntry[], onlySite: boolean): (siteId: string) => InventoryMachine[] {
  if (onlySite) return (id) => entries.filter((e) => e.site === undefined || e.site === id).map((e) => e.machine);
  const bySite = new Map<string, InventoryMachine[]>();
  for (const e of entries) {
    if (e.site === undefined) continue;
    const list = bySite.get(e.site);
    if (list) list.push(e.machine);
    else bySite.set(e.site, [e.machine]);
  }
  return (id) => {
    const list = bySite.get(id) ?? [];
    bySite.delete(id); // each site once: its machines are released with it
    return list;
  };
}

/**
 * Splits inventory entries by site and checks them against the sites: the site must be one of
 * the checked sites (an entry without a site belongs to the only site), the room must exist and
 * the seat must be in its grid (or the spare one of rooms[].spareMachines); a seat or spare
 * measured twice, and a host name or MAC address on two machines, are errors. Problems → InputError.
 */
export function inventoryBySite(sites: readonly SiteRooms[], entries: readonly InventoryEntry[]): Map<string, InventoryMachine[]> {
  const byId = new Map(sites.map((s) => [s.spec.id, s]));
  const out = new Map<string, InventoryMachine[]>(sites.map((s) => [s.spec.id, []]));
  const seen = new Map<string, InventoryEntry>();
  const problems: InputProblem[] = [];
  for (const e of entries) {
    const where = (): { file: string; line?: number } => ({ file: e.file, line: e.line });
    const siteId = e.site ?? (sites.length === 1 ? sites[0].spec.id : undefined);
    const site = siteId !== undefined ? byId.get(siteId) : undefined;
    if (!site) {
      problems.push({ ...where(), path: "site", ...(siteId === undefined ? both("invNoSite", { n: sites.length }) : both("invSiteUnknown", { site: siteId, sites: [...byId.keys()].join(", ") })) });
      continue;
    }
    const room = site.rooms.find((r) => r.spec.id === e.machine.room);
    if (!room) {
      problems.push({ ...where(), path: "room", ...both("invRoomUnknown", { room: e.machine.room, site: site.spec.id, rooms: site.rooms.map((r) => r.spec.id).join(", ") }) });
      continue;
    }
    const { seat, spare } = e.machine;
    if ((seat === undefined) === (spare === undefined)) {
      problems.push({ ...where(), path: "seat", ...both("invSeatOrSpare") });
      continue;
    }
    if (seat !== undefined && seat > room.seats.length) {
      problems.push({ ...where(), path: "seat", ...both("invSeatUnknown", { seat, room: room.spec.id, seats: room.seats.length }) });
      continue;
    }
    if (spare !== undefined && spare > room.spec.spareMachines) {
      problems.push({ ...where(), path: "spare", ...both("invSpareUnknown", { spare, room: room.spec.id, n: room.spec.spareMachines }) });
      continue;
    }
    const at = (x: InventoryEntry) => (x.line !== undefined ? `${x.file}:${x.line}` : x.file);
    const key = `${site.spec.id}/${room.spec.id}/${seat !== undefined ? seat : `spare ${spare}`}`;
    const first = seen.get(key);
    if (first) {
      problems.push({ ...where(), path: seat !== undefined ? "seat" : "spare", ...(seat !== undefined ? both("invSeatTwice", { room: room.spec.id, seat, first: at(first) }) : both("invSpareTwice", { room: room.spec.id, spare: spare!, first: at(first) })) });
      continue;
    }
    seen.set(key, e);
    // One machine per host name and per MAC address across the site (static leases, AD names).
    for (const [field, value, k] of [["hostname", e.machine.hostname?.toLowerCase(), "invHostnameTwice"], ["mac", e.machine.mac?.toLowerCase().replace(/-/g, ":"), "invMacTwice"]] as const) {
      if (value === undefined) continue;
      const other = seen.get(`${site.spec.id}#${field}#${value}`);
      if (other) problems.push({ ...where(), path: field, ...both(k, { name: e.machine.hostname ?? "", mac: e.machine.mac ?? "", first: at(other) }) });
      else seen.set(`${site.spec.id}#${field}#${value}`, e);
    }
    out.get(site.spec.id)!.push(e.machine);
  }
  if (problems.length) throw new InputError(problems);
  return out;
}
