#!/usr/bin/env node
// Writes schema/site.schema.json and schema/inventory.schema.json from the zod schemas, with the
// field descriptions of src/model/descriptions.{zh,en}.ts (run after `npm run build`; a test checks
// that the committed copy is current, so editors' YAML autocompletion never drifts).
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const cli = createRequire(import.meta.url)(join(root, "dist/cli.js"));
mkdirSync(join(root, "schema"), { recursive: true });
writeFileSync(join(root, "schema/site.schema.json"), JSON.stringify(cli.siteJsonSchema(), null, 2) + "\n");
writeFileSync(join(root, "schema/inventory.schema.json"), JSON.stringify(cli.inventoryJsonSchema(), null, 2) + "\n");
console.log("wrote schema/site.schema.json and schema/inventory.schema.json");
