export { runCli } from "./main";

// The JSON schemas (scripts/gen-schema.mjs) are built from the zod site and inventory models:
// loaded on first call, not when any command starts (issue 14).
export function siteJsonSchema(): Record<string, unknown> {
  return (require("../model/json-schema") as typeof import("../model/json-schema.js")).siteJsonSchema();
}

export function inventoryJsonSchema(): Record<string, unknown> {
  return (require("../inventory/json-schema") as typeof import("../inventory/json-schema.js")).inventoryJsonSchema();
}
