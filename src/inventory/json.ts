import { parseDataFile, validateWith } from "../model/load";
import { InventoryFile } from "../model/sections/machine";
import type { InventoryEntry } from "./types";

/**
 * Reads a JSON (or YAML) inventory file as written by check-environment.ps1
 * (schema/inventory.schema.json). Every problem names the file, line and field.
 */
export function readInventoryJson(file: string, text?: string): InventoryEntry[] {
  const parsed = parseDataFile(file, text);
  const inv = validateWith(InventoryFile, parsed, "schema/inventory.schema.json");
  // The line is looked up only when a message needs it: finding it builds the line-mapped
  // document (a second, slower parse), which a valid file of any size never pays for.
  return inv.machines.map((machine, i) => ({
    site: inv.site,
    machine,
    file,
    get line() {
      return parsed.lineOf(["machines", i]);
    },
  }));
}
