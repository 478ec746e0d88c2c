import { describe, expect, it } from "vitest";
import * as fs from "node:fs";
import { siteJsonSchema } from "../../src/model/json-schema";
import { inventoryJsonSchema } from "../../src/inventory/json-schema";
import { fieldDoc, schemaProperties, unusedDocs, type FieldDoc, type FieldDocs } from "../../src/model/describe";
import { FIELD_DOCS_ZH } from "../../src/model/descriptions.zh";
import { FIELD_DOCS_EN } from "../../src/model/descriptions.en";

/**
 * Every field of the published schemas has a description in Chinese and English (the editor's
 * hover text), so a new field without one fails here. Convention: README "Adding a site field".
 */
const SCHEMAS = { site: siteJsonSchema(), inventory: inventoryJsonSchema() };
const LANGS: [string, FieldDocs][] = [["zh", FIELD_DOCS_ZH], ["en", FIELD_DOCS_EN]];
const text = (d: FieldDoc) => (typeof d === "string" ? d : d.text);

describe("schema descriptions", () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    const props = schemaProperties(schema);

    it(`${name}: the walk sees every field (nested objects, list items, map values)`, () => {
      const paths = props.map((p) => p.path);
      if (name === "site") {
        for (const p of ["nvr.disks", "rooms[].spareMachines", "staff.devices", "rooms[].cameras[].fovDeg", "attestations.*.by", "rooms[].inventory[].os.build", "databases.images.mysql.tag"]) expect(paths).toContain(p);
        expect(props.length).toBeGreaterThan(200);
      } else expect(paths).toContain("machines[].room");
    });

    for (const [lang, docs] of LANGS) {
      it(`${name}: every property has a ${lang} description`, () => {
        const missing = props.filter((p) => !fieldDoc(docs, p.path) || text(fieldDoc(docs, p.path)!).trim().length < 2).map((p) => p.path);
        expect(missing, `add these paths to src/model/descriptions.${lang}.ts`).toEqual([]);
      });
    }

    it(`${name}: the generated schema carries description and markdownDescription on every property, Chinese first`, () => {
      for (const p of props) {
        expect(typeof p.node.description, p.path).toBe("string");
        expect(typeof p.node.markdownDescription, p.path).toBe("string");
        const zh = text(fieldDoc(FIELD_DOCS_ZH, p.path)!);
        const en = text(fieldDoc(FIELD_DOCS_EN, p.path)!);
        const d = p.node.description as string;
        expect(d.indexOf(zh), p.path).toBe(0);
        expect(d.indexOf(en), p.path).toBeGreaterThan(zh.length);
        if (p.node.default !== undefined) {
          expect(d, p.path).toContain(`默认：${JSON.stringify(p.node.default)}`);
          expect(d, p.path).toContain(`Default: ${JSON.stringify(p.node.default)}`);
          expect(p.node.markdownDescription as string, p.path).toContain(`**默认** \`${JSON.stringify(p.node.default)}\``);
        }
      }
    });
  }

  it("has no entries for fields that do not exist (stale paths)", () => {
    for (const [lang, docs] of LANGS) {
      const unusedBySite = new Set(unusedDocs(SCHEMAS.site, docs));
      const unused = unusedDocs(SCHEMAS.inventory, docs).filter((k) => unusedBySite.has(k));
      expect(unused, `remove these from src/model/descriptions.${lang}.ts`).toEqual([]);
    }
  });

  it("names the unit of every field whose name carries one, in both languages", () => {
    const units: [RegExp, RegExp, RegExp][] = [
      [/M$/, /\bm\b|米/, /\bm\b|metres/],
      [/GB$/, /GB/, /GB/],
      [/MB$/, /MB/, /MB/],
      [/Mbps$/, /Mbps/, /Mbps/],
      [/Kbps$/, /Kbps/, /Kbps/],
      [/Deg$/, /°|度/, /°|degrees/],
      [/GHz$/, /GHz/, /GHz/],
      [/Years$/, /年/, /[Yy]ears/],
    ];
    for (const { path } of schemaProperties(SCHEMAS.site)) {
      const field = path.split(".").pop()!;
      for (const [suffix, zhUnit, enUnit] of units) {
        if (!suffix.test(field)) continue;
        expect(text(fieldDoc(FIELD_DOCS_ZH, path)!), path).toMatch(zhUnit);
        expect(text(fieldDoc(FIELD_DOCS_EN, path)!), path).toMatch(enUnit);
      }
    }
    // Fields whose unit is not in the name say it too.
    expect(text(FIELD_DOCS_ZH["nvr.disks"])).toContain("TB");
    expect(text(FIELD_DOCS_EN["nvr.disks"])).toContain("TB");
  });

  it("explains what spareMachines and staff.devices count, and the double-counting trap", () => {
    const zh = text(FIELD_DOCS_ZH["rooms[].spareMachines"]);
    const en = text(FIELD_DOCS_EN["rooms[].spareMachines"]);
    expect(zh).toMatch(/座位网格以外/);
    expect(zh).toMatch(/不要重复计入/);
    expect(en).toMatch(/OUTSIDE the seat grid/);
    expect(en).toMatch(/56 machines/);
    expect(text(FIELD_DOCS_ZH["staff.devices"])).toMatch(/带机量/);
    expect(text(FIELD_DOCS_EN["staff.devices"])).toMatch(/device capacity/);
  });

  it("the committed schema files are current (npm run schema regenerates them)", () => {
    expect(JSON.parse(fs.readFileSync("schema/site.schema.json", "utf8"))).toEqual(JSON.parse(JSON.stringify(SCHEMAS.site)));
    expect(JSON.parse(fs.readFileSync("schema/inventory.schema.json", "utf8"))).toEqual(JSON.parse(JSON.stringify(SCHEMAS.inventory)));
  });
});
