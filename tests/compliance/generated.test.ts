import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { rulesMarkdown } from "../../src/compliance/docs";
import { inventoryJsonSchema } from "../../src/inventory/json-schema";
import { ALL_RULES } from "../../src/compliance/engine";

/**
 * Committed generated files stay current. To regenerate after changing rules or the inventory
 * schema: EXAMLAB_UPDATE_GENERATED=1 npx vitest run tests/compliance/generated.test.ts
 */
const root = path.resolve(__dirname, "../..");
function assertCurrent(rel: string, content: string) {
  const file = path.join(root, rel);
  if (process.env.EXAMLAB_UPDATE_GENERATED) fs.writeFileSync(file, content);
  expect(fs.existsSync(file), `${rel} is missing`).toBe(true);
  expect(fs.readFileSync(file, "utf8"), `${rel} is stale; regenerate it (see this test's header)`).toBe(content);
}

describe("generated compliance files", () => {
  it("docs/rules.md lists every rule", () => {
    const md = rulesMarkdown();
    for (const r of ALL_RULES) expect(md).toContain(`| \`${r.id}\` |`);
    assertCurrent("docs/rules.md", md);
  });

  it("schema/inventory.schema.json is generated from the zod schema", () => {
    assertCurrent("schema/inventory.schema.json", JSON.stringify(inventoryJsonSchema(), null, 2) + "\n");
  });
});
