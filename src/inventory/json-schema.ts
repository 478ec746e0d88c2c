import { z } from "zod";
import { InventoryFile } from "../model/sections/machine";
import { describeSchema } from "../model/describe";

/**
 * The published JSON Schema of inventory files (schema/inventory.schema.json): what
 * check-environment.ps1 writes and `examlab check --inventory` reads. Generated from the zod
 * schema; tests/compliance checks the committed copy is current.
 */
export function inventoryJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(InventoryFile, { io: "input", target: "draft-2020-12", unrepresentable: "any" }) as Record<string, unknown>;
  return describeSchema({
    $id: "https://examlab.invalid/schema/inventory.schema.json",
    title: "examlab machine inventory (考生机环境检测清单)",
    ...schema,
  });
}
