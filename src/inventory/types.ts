import type { z } from "zod";
import type { InventoryMachine as InventoryMachineSchema, MachineProfile } from "../model/sections/machine";

/**
 * One measured machine (a row of a CSV inventory or an entry of a JSON inventory file).
 * `measuredTools` (CSV only) lists the tools whose column had a value: a version (installed) or
 * an absent marker (measured, not installed). Without it, a `tools` object is complete, as
 * check-environment.ps1 writes it: every tool of the level was probed and only found ones listed.
 */
export type InventoryMachine = z.output<typeof InventoryMachineSchema> & { measuredTools?: readonly string[] };
/** Facts about a candidate machine: a room's declared profile or one machine's measurements. */
export type MachineFacts = z.output<typeof MachineProfile> & {
  network?: InventoryMachine["network"];
  envCheckPassed?: boolean;
};

/** One machine read from an inventory file, with where it came from (for messages). */
export interface InventoryEntry {
  /** Site id (JSON: the file's `site`; CSV: the row's `site` column, if any). */
  site: string | undefined;
  machine: InventoryMachine;
  file: string;
  line?: number;
}
