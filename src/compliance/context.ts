import type { RoomModel, Site } from "../model/site";
import type { SiteSpec } from "../model/schema";
import type { InventoryMachine, MachineFacts } from "../inventory/types";
import type { I18n } from "./rule";
import { resolveImages, type ResolvedImage } from "../databases/images";
import type { DbService } from "../databases/services";

/** Keys of a machine record that identify it rather than describe it (not "measurements"). */
const IDENTITY_KEYS = new Set(["seat", "spare", "room", "hostname", "mac", "ipv4", "measuredAt", "measuredTools"]);

/**
 * One machine the per-machine rules (PC-*, TOOL-*) look at: a measured machine of the inventory
 * (target rooms/<id>/seats/<n>) or, for a room without measurements, its declared profile
 * (target rooms/<id>).
 */
export interface MachineUnit {
  room: RoomModel;
  target: string;
  seat?: number;
  /** A spare machine kept outside the seat grid (rooms[].spareInventory[].spare). */
  spare?: number;
  hostname?: string;
  /** Measured facts, completed by the room's declared profile where a fact was not measured. */
  facts: MachineFacts;
  measured: boolean;
  /**
   * Tools measured and found NOT installed (an error where a level needs them). Every other
   * tool missing from `facts.tools` is not declared / not measured (a warning). One policy for
   * all rules: see toolState().
   */
  absentTools: ReadonlySet<string> | "all-unlisted";
  /**
   * The lab-server database images this machine's exam code connects to (intermediate/advanced
   * rooms of a site with a databases section), else undefined: then a local install counts.
   */
  labServerDb?: Record<DbService, ResolvedImage>;
  /** Seat has a static DHCP reservation (a MAC in the plan): its address survives a reboot. */
  reserved: boolean;
  /** "seat 17 (R201-17)" / "room 201's declared machine profile", for messages. */
  label: I18n;
}

/** Everything a rule sees: the site, the inventory and today's date. Built once per check. */
export class CheckContext {
  readonly spec: SiteSpec;
  private units?: MachineUnit[];
  private images?: Record<DbService, ResolvedImage> | null;

  constructor(
    readonly site: Site,
    readonly inventoryByRoom: ReadonlyMap<string, readonly InventoryMachine[]>,
    readonly today: string,
  ) {
    this.spec = site.spec;
  }

  /** Levels a room is examined at (a room's levels are a subset of the site's). */
  roomTarget(room: RoomModel): string {
    return `rooms/${room.spec.id}`;
  }

  attestation(ruleId: string) {
    return this.spec.attestations[ruleId];
  }

  /**
   * The database images the site's lab servers run (databases section on, lab servers declared),
   * or undefined. Candidates of intermediate/advanced rooms use these servers, so compatibility
   * rules (PYMONGO-SERVER, PYMYSQL-AUTH, TOOL-MYSQL …) judge them, in `check` as in `export`.
   */
  labServerImages(): Record<DbService, ResolvedImage> | undefined {
    if (this.images === undefined) {
      const db = this.spec.databases;
      this.images = db && db.enabled && this.spec.labServers.length > 0 ? resolveImages(db) : null;
    }
    return this.images ?? undefined;
  }

  /** Per-machine units of every room, computed once and shared by all machine rules. */
  machineUnits(): MachineUnit[] {
    if (!this.units) {
      this.units = this.site.rooms.flatMap((r) => this.unitsOfRoom(r));
      const images = this.labServerImages();
      if (images) for (const u of this.units) if (u.room.spec.levels.some((l) => l !== "primary")) u.labServerDb = images;
    }
    return this.units;
  }

  private unitsOfRoom(room: RoomModel): MachineUnit[] {
    const id = room.spec.id;
    const bySeat = new Map<number, Partial<InventoryMachine>>();
    const bySpare = new Map<number, Partial<InventoryMachine>>();
    // The site file's inventory first, then imported measurements for the same seat (or spare) on
    // top. Records are read-only here: a machine measured once keeps its record, only a merge copies.
    for (const m of room.spec.inventory) bySeat.set(m.seat, m);
    for (const sp of room.spec.spareInventory) bySpare.set(sp.spare, sp as Partial<InventoryMachine>);
    for (const m of this.inventoryByRoom.get(id) ?? []) {
      const [map, key] = m.spare !== undefined ? [bySpare, m.spare] : [bySeat, m.seat!];
      const declared = map.get(key);
      map.set(key, declared ? { ...declared, ...m } : m);
    }
    const measured = [...bySeat.values()].filter(isMeasured).sort((a, b) => a.seat! - b.seat!);
    const leases = new Map(room.leases.filter((l) => l.seat !== null).map((l) => [l.seat!, l]));
    const profile = room.spec.machineProfile ?? {};
    const spares = this.spareUnits(room, profile, bySpare);
    if (measured.length === 0) {
      return [
        {
          room,
          target: `rooms/${id}`,
          facts: profile as MachineFacts,
          measured: false,
          absentTools: NONE,
          // A profile-level check: every machine seat needs its own reservation.
          reserved: room.seats.filter((s) => s.hasMachine).every((s) => leases.get(s.number)?.mac !== undefined),
          label: { zh: `考场 ${id} 的考生机（按申报配置）`, en: `room ${id}'s machines (declared profile)` },
        },
        ...spares,
      ];
    }
    return [
      ...measured.map((m) => {
        const lease = leases.get(m.seat!);
        const hostname = m.hostname ?? lease?.hostname;
        const label = {
          zh: `考场 ${id} 座位 ${m.seat}${hostname ? `（${hostname}）` : ""}`,
          en: `room ${id} seat ${m.seat}${hostname ? ` (${hostname})` : ""}`,
        };
        const { facts, absentTools } = this.factsOf(m, profile);
        return { room, target: `rooms/${id}/seats/${m.seat}`, seat: m.seat, hostname, facts, measured: true, absentTools, reserved: lease?.mac !== undefined || m.mac !== undefined, label };
      }),
      ...spares,
    ];
  }

  /**
   * Spare machines outside the grid with declared (rooms[].spareInventory) or imported (an
   * inventory row whose seat cell says 备用1 / a JSON machine with `spare`) facts: checked like
   * candidate machines (§8: provisioned exactly like the others).
   */
  private spareUnits(room: RoomModel, profile: NonNullable<RoomModel["spec"]["machineProfile"]>, bySpare: ReadonlyMap<number, Partial<InventoryMachine>>): MachineUnit[] {
    const id = room.spec.id;
    const hostOf = new Map(room.leases.filter((l) => l.role === "spare" && l.seat === null).map((l) => [l.hostname, l]));
    const prefix = room.spec.hostnamePrefix ?? `R${id}`;
    return [...bySpare.entries()]
      .filter(([, sp]) => isMeasured(sp))
      .sort(([a], [b]) => a - b)
      .map(([n, sp]) => {
        const hostname = sp.hostname ?? `${prefix}-SP${n}`;
        return {
          room,
          ...this.factsOf(sp, profile),
          measured: true,
          target: `rooms/${id}/spares/${n}`,
          spare: n,
          hostname,
          reserved: sp.mac !== undefined || hostOf.get(hostname)?.mac !== undefined,
          label: { zh: `考场 ${id} 备用机 ${n}（${hostname}）`, en: `room ${id} spare machine ${n} (${hostname})` },
        };
      });
  }

  /** Facts and tool states of one measured machine (a seat's or a spare's), over the room's profile. */
  private factsOf(m: Partial<InventoryMachine>, profile: NonNullable<RoomModel["spec"]["machineProfile"]>): { facts: MachineFacts; absentTools: MachineUnit["absentTools"] } {
    // This runs for every measured machine (40,000 in a province's check): loops, no entries arrays.
    const facts = { ...profile } as Record<string, unknown>;
    const record = m as Record<string, unknown>;
    for (const k in record) {
      const v = record[k];
      if (v !== undefined && !IDENTITY_KEYS.has(k)) facts[k] = v;
    }
    // A CSV measures the tools of its columns only: the others stay as the profile declares them.
    let absentTools: MachineUnit["absentTools"] = NONE;
    if (m.measuredTools !== undefined) {
      const own = m.tools as Record<string, string | undefined> | undefined;
      const tools = mergedTools((profile.tools ?? NO_TOOLS) as Record<string, string | undefined>, m.measuredTools, own);
      if (tools) facts.tools = tools;
      else delete facts.tools;
      absentTools = absentOf(m.measuredTools, own, Boolean(m.browsers?.chrome));
    } else if (m.tools !== undefined) absentTools = "all-unlisted";
    return { facts: facts as MachineFacts, absentTools };
  }
}

const NONE: ReadonlySet<string> = new Set();
const NO_TOOLS: Record<string, string | undefined> = {};

/**
 * A CSV machine's tools: the profile's for tools its file does not measure, then its own; undefined
 * when there are none. CSV rows share their measured-tools list and equal `tools` objects, so the
 * merge is made once per (profile, list, tools) and shared (read only; issue 14: 40,000 machines).
 */
function mergedTools(declared: Record<string, string | undefined>, measured: readonly string[], own: Record<string, string | undefined> | undefined): Record<string, string> | undefined {
  let byList = MERGED.get(declared);
  if (!byList) MERGED.set(declared, (byList = new WeakMap()));
  let byOwn = byList.get(measured);
  if (!byOwn) byList.set(measured, (byOwn = new WeakMap()));
  const key = own ?? NO_TOOLS;
  if (byOwn.has(key)) return byOwn.get(key);
  const measuredNow = setOf(measured);
  const tools: Record<string, string> = {};
  let any = false;
  for (const tid in declared) {
    const v = declared[tid];
    if (v !== undefined && !measuredNow.has(tid)) { tools[tid] = v; any = true; }
  }
  if (own) for (const tid in own) { tools[tid] = own[tid]!; any = true; }
  const merged = any || own ? tools : undefined;
  byOwn.set(key, merged);
  return merged;
}
/** Measured tools not found (nor Chrome as a browser), shared like mergedTools (read only). */
function absentOf(measured: readonly string[], own: Record<string, string | undefined> | undefined, chromeBrowser: boolean): ReadonlySet<string> {
  let byOwn = ABSENT.get(measured);
  if (!byOwn) ABSENT.set(measured, (byOwn = new WeakMap()));
  let pair = byOwn.get(own ?? NO_TOOLS);
  if (!pair) byOwn.set(own ?? NO_TOOLS, (pair = [undefined, undefined]));
  const slot = chromeBrowser ? 1 : 0;
  let hit = pair[slot];
  if (!hit) {
    let absent: Set<string> | undefined;
    for (const tid of measured) if (own?.[tid] === undefined && !(tid === "chrome" && chromeBrowser)) (absent ??= new Set()).add(tid);
    pair[slot] = hit = absent ?? NONE;
  }
  return hit;
}
const ABSENT = new WeakMap<readonly string[], WeakMap<object, [ReadonlySet<string> | undefined, ReadonlySet<string> | undefined]>>();
const MERGED = new WeakMap<object, WeakMap<readonly string[], WeakMap<object, Record<string, string> | undefined>>>();

/** One Set per measured-tools list (CSV rows of one file share their list). */
const SETS = new WeakMap<readonly string[], ReadonlySet<string>>();
function setOf(list: readonly string[]): ReadonlySet<string> {
  let s = SETS.get(list);
  if (!s) SETS.set(list, (s = new Set(list)));
  return s;
}

/**
 * The one policy for a tool a level needs (TOOL-*, PC-BROWSER, compatibility rules):
 * a version → "installed"; measured and not found (check-environment.ps1's `tools` lists every
 * tool it found; a CSV cell says 未安装/absent) → "absent" (error); not declared in the profile
 * or not measured (no column, empty cell) → "unknown" (warning: 未声明/未测量, never a pass).
 */
export function toolState(u: MachineUnit, id: string, version: string | undefined): "installed" | "absent" | "unknown" {
  if (version !== undefined) return "installed";
  if (u.absentTools === "all-unlisted" || u.absentTools.has(id)) return "absent";
  return "unknown";
}

function isMeasured(m: Partial<InventoryMachine>): boolean {
  if (m.measuredTools !== undefined && m.measuredTools.length > 0) return true;
  const record = m as Record<string, unknown>;
  for (const k in record) if (record[k] !== undefined && !IDENTITY_KEYS.has(k)) return true;
  return false;
}
