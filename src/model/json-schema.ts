import { z } from "zod";
import { SiteSchema } from "./schema";
import { describeSchema } from "./describe";

/**
 * The published JSON Schema of site files (schema/site.schema.json), generated from the zod
 * schema so editors autocomplete YAML (`# yaml-language-server: $schema=...`). Input form: fields
 * with defaults are optional, exactly as authors write them.
 */
export function siteJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(SiteSchema, { io: "input", target: "draft-2020-12", unrepresentable: "any" }) as Record<string, unknown>;
  return describeSchema({
    $id: "https://examlab.invalid/schema/site.schema.json",
    title: "examlab exam site (考核站点描述)",
    ...schema,
  });
}
