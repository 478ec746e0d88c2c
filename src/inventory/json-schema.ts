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
    // The same facts come from a spreadsheet CSV too: say how, in both languages (issue 12).
    description:
      "考生机环境检测清单：check-environment.ps1 每台机器写一份；也可用 CSV 表格导入，每台机器一行，列名为字段名（如 room、seat、ramGB、tools.python）或中文表头（考场、座位号、内存GB）。网格外的备用机写 spare 而不是 seat；CSV 中在座位列写“备用 1”“备用机 2”、spare-1 或 SP1。文件须为 UTF-8（Excel 请另存为“CSV UTF-8（逗号分隔）”）或带 BOM 的 UTF-16。\n\n" +
      "Machine inventory: check-environment.ps1 writes one per machine; a spreadsheet CSV works too, one row per machine, headed by the field names (room, seat, ramGB, tools.python) or the Chinese headers (考场, 座位号, 内存GB). A spare kept outside the seat grid has spare instead of seat; in a CSV its seat cell says 备用1, 备用机 2, spare-1 or SP1. Files are UTF-8 (in Excel: Save As \"CSV UTF-8 (Comma delimited)\") or UTF-16 with a BOM.",
    ...schema,
  });
}
