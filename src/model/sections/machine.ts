import { z } from "zod";
import { Mac, NonNegInt, PosInt, Positive, Resolution, Version } from "./common";
import { TOOL_IDS } from "../../levels/tool-ids";

export const ToolId = z.enum(TOOL_IDS);
export const ToolVersions = z.partialRecord(ToolId, Version);

/**
 * What is known about a candidate machine (manual §3.2 (3), §3.3). The same fields describe a
 * room's declared hardware profile and a measured machine in the inventory that
 * check-environment.ps1 writes. Missing fields mean "not known", never "passes".
 */
const machineFacts = {
  cpuCores: PosInt.optional(),
  cpuGHz: Positive.optional(),
  ramGB: Positive.optional(),
  diskFreeGB: z.number().nonnegative().optional(),
  display: Resolution.optional(),
  nicSpeedMbps: PosInt.optional(),
  nicFullDuplex: z.boolean().optional(),
  ipAssignment: z.enum(["static", "dhcp"]).optional(),
  restoreCard: z.enum(["off", "on", "absent", "unknown"]).optional(),
  /** Disk-protection software found running (Deep Freeze, UWF, ...). */
  diskProtection: z.array(z.string().max(64)).optional(),
  os: z
    .strictObject({
      name: z.string().max(64),
      build: z.string().regex(/^\d{4,6}(\.\d+)?$/, "expected a Windows build number such as 19045 or 19045.3803").optional(),
    })
    .optional(),
  usb2Ports: NonNegInt.optional(),
  /** Browser versions (Chrome, Firefox, IE). */
  browsers: z.partialRecord(z.enum(["chrome", "firefox", "ie"]), Version).optional(),
  tools: ToolVersions.optional(),
  /** Input methods present for the exam user: en, pinyin, wubi, plus any others by name. */
  imes: z.array(z.string().max(64)).optional(),
  /** PC-IME: the input methods show no advertising (no ad pop-ups, news feeds or skins). */
  imeAdFree: z.boolean().optional(),
};

export const MachineProfile = z.strictObject(machineFacts);

/** One machine: identity plus measured facts (the published inventory schema). */
export const MachineRecord = z.strictObject({
  seat: PosInt,
  hostname: z.string().regex(/^[A-Za-z0-9-]{1,15}$/, "expected a Windows host name of 1-15 letters, digits or '-'").optional(),
  mac: Mac.optional(),
  ipv4: z.string().optional(),
  ...machineFacts,
  /** Results of the network-policy probes run by check-environment.ps1. */
  network: z
    .strictObject({
      allowedReachable: z.boolean().optional(),
      blockedUnreachable: z.boolean().optional(),
      failures: z.array(z.string().max(200)).optional(),
    })
    .optional(),
  envCheckPassed: z.boolean().optional(),
  measuredAt: z.string().max(40).optional(),
});

/** A spare machine kept outside the seat grid: which spare (1..spareMachines), identity, facts. */
export const SpareRecord = z.strictObject({
  spare: PosInt,
  hostname: MachineRecord.shape.hostname,
  mac: Mac.optional(),
  ...machineFacts,
  network: MachineRecord.shape.network,
  envCheckPassed: MachineRecord.shape.envCheckPassed,
});

/**
 * One measured machine of an inventory file: a machine record plus the room it stands in. A
 * machine at a seat has `seat`; a spare kept outside the seat grid has `spare` instead (1 ..
 * rooms[].spareMachines; manual §8: spares are provisioned and checked like the others). Exactly
 * one of the two (checked when the inventory is matched to the site, with file and line).
 */
export const InventoryMachine = MachineRecord.extend({
  room: z.string().min(1, "expected a room id"),
  seat: PosInt.optional(),
  spare: PosInt.optional(),
});

/** An inventory file: measurements of many machines, keyed by site and room. */
export const InventoryFile = z.strictObject({
  $schema: z.string().optional(),
  site: z.string(),
  machines: z.array(InventoryMachine),
});
