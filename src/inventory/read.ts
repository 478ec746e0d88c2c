import * as fs from "node:fs";
import * as path from "node:path";
import { InputError, type InputProblem } from "../model/errors";
import type { Site } from "../model/site";
import { readInventoryCsv } from "./csv";
import { readInventoryJson } from "./json";
import type { InventoryEntry, InventoryMachine } from "./types";
import { pushAll } from "../util/arrays";

/** Reads one inventory file: .json/.yaml (schema/inventory.schema.json) or .csv (a spreadsheet export). */
export function readInventoryFile(file: string): InventoryEntry[] {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".json" || ext === ".yaml" || ext === ".yml") return readInventoryJson(file);
  if (ext === ".csv") {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      throw new InputError([{ file, path: "", message: `cannot read file (${(e as NodeJS.ErrnoException).code ?? "error"})` }]);
    }
    return readInventoryCsv(file, text);
  }
  throw new InputError([{ file, path: "", message: `unsupported inventory file type "${ext}" (expected .json, .yaml or .csv)` }]);
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

/**
 * Splits inventory entries by site and checks them against the sites: the site must be one of
 * the checked sites (an entry without a site belongs to the only site), the room must exist and
 * the seat must be in its grid; a seat measured twice is an error. Problems → InputError.
 */
export function inventoryBySite(sites: readonly Site[], entries: readonly InventoryEntry[]): Map<string, InventoryMachine[]> {
  const byId = new Map(sites.map((s) => [s.spec.id, s]));
  const out = new Map<string, InventoryMachine[]>(sites.map((s) => [s.spec.id, []]));
  const seen = new Map<string, InventoryEntry>();
  const problems: InputProblem[] = [];
  for (const e of entries) {
    const where = (): { file: string; line?: number } => ({ file: e.file, line: e.line });
    const siteId = e.site ?? (sites.length === 1 ? sites[0].spec.id : undefined);
    const site = siteId !== undefined ? byId.get(siteId) : undefined;
    if (!site) {
      problems.push({ ...where(), path: "site", message: siteId === undefined ? `no site given and ${sites.length} sites are checked (add a site column or field)` : `site "${siteId}" is not one of the checked sites (${[...byId.keys()].join(", ")})` });
      continue;
    }
    const room = site.rooms.find((r) => r.spec.id === e.machine.room);
    if (!room) {
      problems.push({ ...where(), path: "room", message: `room "${e.machine.room}" does not exist in site ${site.spec.id} (rooms: ${site.rooms.map((r) => r.spec.id).join(", ")})` });
      continue;
    }
    if (e.machine.seat > room.seats.length) {
      problems.push({ ...where(), path: "seat", message: `seat ${e.machine.seat} does not exist in room ${room.spec.id} (the grid has ${room.seats.length} seats)` });
      continue;
    }
    const key = `${site.spec.id}/${room.spec.id}/${e.machine.seat}`;
    const first = seen.get(key);
    if (first) {
      problems.push({ ...where(), path: "seat", message: `room ${room.spec.id} seat ${e.machine.seat} is measured twice (first at ${first.line !== undefined ? `${first.file}:${first.line}` : first.file})` });
      continue;
    }
    seen.set(key, e);
    out.get(site.spec.id)!.push(e.machine);
  }
  if (problems.length) throw new InputError(problems);
  return out;
}
