import type { RoomModel, Site } from "../model/site";
import type { SiteSpec } from "../model/schema";
import type { InventoryMachine, MachineFacts } from "../inventory/types";
import type { I18n } from "./rule";

/** Keys of a machine record that identify it rather than describe it (not "measurements"). */
const IDENTITY_KEYS = new Set(["seat", "room", "hostname", "mac", "ipv4", "measuredAt", "measuredTools"]);

/**
 * One machine the per-machine rules (PC-*, TOOL-*) look at: a measured machine of the inventory
 * (target rooms/<id>/seats/<n>) or, for a room without measurements, its declared profile
 * (target rooms/<id>).
 */
export interface MachineUnit {
  room: RoomModel;
  target: string;
  seat?: number;
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
  /** Seat has a static DHCP reservation (a MAC in the plan): its address survives a reboot. */
  reserved: boolean;
  /** "seat 17 (R201-17)" / "room 201's declared machine profile", for messages. */
  label: I18n;
}

/** Everything a rule sees: the site, the inventory and today's date. Built once per check. */
export class CheckContext {
  readonly spec: SiteSpec;
  private units?: MachineUnit[];

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

  /** Per-machine units of every room, computed once and shared by all machine rules. */
  machineUnits(): MachineUnit[] {
    if (!this.units) this.units = this.site.rooms.flatMap((r) => this.unitsOfRoom(r));
    return this.units;
  }

  private unitsOfRoom(room: RoomModel): MachineUnit[] {
    const id = room.spec.id;
    const bySeat = new Map<number, Partial<InventoryMachine>>();
    // The site file's inventory first, then imported measurements for the same seat on top.
    for (const m of room.spec.inventory) bySeat.set(m.seat, { ...m });
    for (const m of this.inventoryByRoom.get(id) ?? []) bySeat.set(m.seat, { ...(bySeat.get(m.seat) ?? {}), ...m });
    const measured = [...bySeat.values()].filter(isMeasured).sort((a, b) => a.seat! - b.seat!);
    const leases = new Map(room.leases.filter((l) => l.seat !== null).map((l) => [l.seat!, l]));
    if (measured.length === 0) {
      return [
        {
          room,
          target: `rooms/${id}`,
          facts: (room.spec.machineProfile ?? {}) as MachineFacts,
          measured: false,
          absentTools: NONE,
          // A profile-level check: every machine seat needs its own reservation.
          reserved: room.seats.filter((s) => s.hasMachine).every((s) => leases.get(s.number)?.mac !== undefined),
          label: { zh: `考场 ${id} 的考生机（按申报配置）`, en: `room ${id}'s machines (declared profile)` },
        },
      ];
    }
    const profile = room.spec.machineProfile ?? {};
    return measured.map((m) => {
      const seat = m.seat!;
      const lease = leases.get(seat);
      const hostname = m.hostname ?? lease?.hostname;
      const facts = { ...profile } as Record<string, unknown>;
      for (const [k, v] of Object.entries(m)) if (!IDENTITY_KEYS.has(k) && v !== undefined) facts[k] = v;
      // A CSV measures the tools of its columns only: the others stay as the profile declares them.
      let absentTools: MachineUnit["absentTools"] = NONE;
      if (m.measuredTools !== undefined) {
        const measuredNow = new Set(m.measuredTools);
        const tools: Record<string, string> = {};
        for (const [id, v] of Object.entries(profile.tools ?? {})) if (!measuredNow.has(id) && v !== undefined) tools[id] = v;
        Object.assign(tools, m.tools ?? {});
        if (Object.keys(tools).length > 0 || m.tools) facts.tools = tools;
        else delete facts.tools;
        absentTools = new Set(m.measuredTools.filter((id) => m.tools?.[id as keyof typeof m.tools] === undefined && !(id === "chrome" && m.browsers?.chrome)));
      } else if (m.tools !== undefined) absentTools = "all-unlisted";
      return {
        room,
        target: `rooms/${id}/seats/${seat}`,
        seat,
        hostname,
        facts: facts as MachineFacts,
        measured: true,
        absentTools,
        reserved: lease?.mac !== undefined || m.mac !== undefined,
        label: {
          zh: `考场 ${id} 座位 ${seat}${hostname ? `（${hostname}）` : ""}`,
          en: `room ${id} seat ${seat}${hostname ? ` (${hostname})` : ""}`,
        },
      };
    });
  }
}

const NONE: ReadonlySet<string> = new Set();

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
  for (const [k, v] of Object.entries(m)) if (!IDENTITY_KEYS.has(k) && v !== undefined) return true;
  return false;
}
