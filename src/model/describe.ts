import { FIELD_DOCS_ZH } from "./descriptions.zh";
import { FIELD_DOCS_EN } from "./descriptions.en";

/**
 * Field descriptions of the published JSON Schemas (what VS Code and other editors show when
 * hovering or completing a field in a site file). The texts live in two files, one per language,
 * keyed by the field's JSON path:
 *
 *   `nvr.disks`                      a field of an object
 *   `rooms[].spareMachines`          a field of every item of a list
 *   `attestations.*.by`              a field of every value of a map (record)
 *
 * The walk below attaches `description` (plain text) and `markdownDescription` (VS Code) to every
 * property, both languages in one text, Chinese first, with the schema's default and the entry's
 * example. tests/foundation/descriptions.test.ts fails on any property without a text in either
 * language, on texts for paths that no longer exist, and on unit-named fields (…M, …GB, …TB,
 * …Kbps, …Deg) whose text does not name the unit.
 */

/** A field's text: a sentence or two (what it is, its unit, what it counts), plus an example value. */
export type FieldDoc = string | { text: string; example: string };
export type FieldDocs = Readonly<Record<string, FieldDoc>>;

/**
 * Paths that share a text with another path (the same zod fragment used twice). Tried in order
 * when a path has no entry of its own.
 */
const SHARED: readonly [RegExp, string][] = [
  // A measured machine has the same facts as a room's declared profile.
  [/^rooms\[\]\.inventory\[\]\.(?!seat$|hostname$|mac$|ipv4$|network|envCheckPassed$|measuredAt$)/, "rooms[].machineProfile."],
  // Inventory files: one machine record plus its room.
  [/^machines\[\]\.(?!room$|seat$|spare$)/, "rooms[].inventory[]."],
  [/^databases\.(images|limits)\.(mysql|mongodb|redis)\./, "databases.$1.*."],
  [/^databases\.credentials\.(mysql|mongodb|redis)\./, "databases.credentials.*."],
  [/^labServers\[\]\.placement\./, "router.placement."],
  // A spare machine outside the grid has the same facts as a room's declared profile.
  [/^rooms\[\]\.spareInventory\[\]\.(?!spare$|hostname$|mac$|network|envCheckPassed$)/, "rooms[].machineProfile."],
  [/^rooms\[\]\.spareInventory\[\]\.(hostname$|mac$|network|envCheckPassed$)/, "rooms[].inventory[].$1"],
  // Room-level attestations and the proctor declarations are attestations like the site's.
  [/^rooms\[\]\.attestations\.\*/, "attestations.*"],
  [/^rooms\[\]\.staff\.(proctorsTrained|proctorsIndependent)\./, "attestations.*."],
];

export function fieldDoc(docs: FieldDocs, path: string): FieldDoc | undefined {
  const own = docs[path];
  if (own !== undefined) return own;
  for (const [re, to] of SHARED) {
    if (re.test(path)) {
      const alias = path.replace(re, to);
      if (alias !== path) return fieldDoc(docs, alias);
    }
  }
  return undefined;
}

const WORDS = {
  zh: { default: "默认", example: "示例", sep: "：", join: "；" },
  en: { default: "Default", example: "Example", sep: ": ", join: ". " },
} as const;

function parts(doc: FieldDoc): { text: string; example?: string } {
  return typeof doc === "string" ? { text: doc } : doc;
}

function plain(lang: "zh" | "en", doc: FieldDoc, def: unknown): string {
  const w = WORDS[lang];
  const p = parts(doc);
  const extra = [def !== undefined ? `${w.default}${w.sep}${JSON.stringify(def)}` : "", p.example ? `${w.example}${w.sep}${p.example}` : ""].filter(Boolean);
  return extra.length ? `${p.text} ${extra.join(w.join)}` : p.text;
}

function markdown(lang: "zh" | "en", doc: FieldDoc, def: unknown): string {
  const w = WORDS[lang];
  const p = parts(doc);
  const extra = [def !== undefined ? `**${w.default}** \`${JSON.stringify(def)}\`` : "", p.example ? `**${w.example}** \`${p.example}\`` : ""].filter(Boolean);
  return extra.length ? `${p.text}\n\n${extra.join(" · ")}` : p.text;
}

/** Every property of a JSON Schema with its path (as used in the description files). */
export function schemaProperties(schema: unknown): { path: string; node: Record<string, unknown> }[] {
  const out: { path: string; node: Record<string, unknown> }[] = [];
  const walk = (node: unknown, path: string) => {
    if (!node || typeof node !== "object") return;
    const n = node as Record<string, unknown>;
    const props = n.properties as Record<string, unknown> | undefined;
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (k === "$schema") continue; // the editor hint line, not a site field
        const p = path ? `${path}.${k}` : k;
        out.push({ path: p, node: v as Record<string, unknown> });
        walk(v, p);
      }
    }
    if (n.items && typeof n.items === "object") walk(n.items, `${path}[]`);
    if (n.additionalProperties && typeof n.additionalProperties === "object") {
      // A map's values (attestations.*, tools.*) are fields too: editors show their text.
      out.push({ path: `${path}.*`, node: n.additionalProperties as Record<string, unknown> });
      walk(n.additionalProperties, `${path}.*`);
    }
    for (const k of ["anyOf", "oneOf", "allOf"]) for (const alt of (n[k] as unknown[] | undefined) ?? []) walk(alt, path);
  };
  walk(schema, "");
  return out;
}

/** Paths a description file has that the schema does not (stale entries), for the test. */
export function unusedDocs(schema: unknown, docs: FieldDocs): string[] {
  const used = new Set<string>();
  for (const { path } of schemaProperties(schema)) {
    let p = path;
    // Follow the same aliasing fieldDoc uses, recording every key it would read.
    for (let guard = 0; guard < 5; guard++) {
      if (docs[p] !== undefined) {
        used.add(p);
        break;
      }
      const rule = SHARED.find(([re, to]) => re.test(p) && p.replace(re, to) !== p);
      if (!rule) break;
      p = p.replace(rule[0], rule[1]);
    }
  }
  return Object.keys(docs).filter((k) => !used.has(k));
}

/** Adds description and markdownDescription (zh, then en) to every property of a generated schema, in place. */
export function describeSchema<T extends Record<string, unknown>>(schema: T): T {
  for (const { path, node } of schemaProperties(schema)) {
    const zh = fieldDoc(FIELD_DOCS_ZH, path);
    const en = fieldDoc(FIELD_DOCS_EN, path);
    if (!zh || !en) continue; // the descriptions test names the path
    const def = node.default;
    node.description = `${plain("zh", zh, def)}\n\n${plain("en", en, def)}`;
    node.markdownDescription = `${markdown("zh", zh, def)}\n\n---\n\n${markdown("en", en, def)}`;
  }
  return schema;
}
