import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { buildSite, loadSiteFile, type Site } from "../../src/model/site";
import { parseDataFile } from "../../src/model/load";
import { PRODUCERS } from "../../src/export/producers";
import type { Artifact } from "../../src/export/artifacts";
import { jsonArtifact, producedJsonValue } from "../../src/export/json-artifact";
import { toJson } from "../../src/util/json";
import { artifactBytes } from "../../src/export/bytes";
import { drawFloorPlan, renderFloorPlan, roomEquipment } from "../../src/report/floorplan";
import { translator } from "../../src/report/i18n";
import { esc } from "../../src/report/svg";

/**
 * Work done once per site and reused (issue 14) must give exactly what doing it again gives:
 * the JSON files the report reads back, and each room's floor plan (inline in the report and as
 * its own .svg file).
 */
const DEMO = "sites/demo-intermediate.yaml";
function variants(): Site[] {
  const text = readFileSync(DEMO, "utf8");
  const at = (id: string, edit: (t: string) => string) => buildSite(parseDataFile(`${id}.yaml`, edit(text.replace("id: demo-intermediate", `id: ${id}`))));
  return [
    loadSiteFile(DEMO),
    at("v-en", (t) => t.replace("levels: [intermediate]", "language: en\nlevels: [intermediate]")),
    at("v-shared", (t) => t.replace("mode: per-seat", "mode: shared")),
    at("v-adv", (t) => t.replace(/levels: \[intermediate\]/g, "levels: [advanced]")),
  ];
}

/** Runs the producers as produceArtifacts does; `copy` hands later producers copies of the artifacts (no kept values). */
function produce(site: Site, copy: boolean): Artifact[] {
  const produced: Artifact[] = [];
  for (const p of PRODUCERS) for (const a of p.produce({ site, options: {}, produced: copy ? produced.map((x) => ({ ...x })) : produced })) produced.push(a);
  return produced;
}

describe("JSON files read back by later producers (jsonArtifact)", () => {
  it("the report is the same whether it reads the kept values or parses the files", () => {
    for (const site of variants()) {
      const kept = produce(site, false);
      const parsed = produce(site, true);
      expect(kept.map((a) => a.path)).toEqual(parsed.map((a) => a.path));
      for (let i = 0; i < kept.length; i++) expect({ path: kept[i].path, content: kept[i].content }).toEqual({ path: parsed[i].path, content: parsed[i].content });
      // After every producer ran, each kept value still serialises to its file (nobody changed it).
      const withValues = kept.filter((a) => a.path.endsWith(".json") && producedJsonValue(a) !== undefined);
      expect(withValues.map((a) => a.path)).toEqual(expect.arrayContaining(["databases/seat-ports.json", "policy/allowlist.normalised.json"]));
      for (const a of withValues) expect(toJson(producedJsonValue(a))).toBe(Buffer.from(artifactBytes(a)).toString("utf8"));
    }
  });

  it("a copied or rewritten artifact is parsed, not answered from the kept value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (first, second) => {
        const a = jsonArtifact({ path: "x.json", kind: "k", target: "t" }, first);
        expect(producedJsonValue(a)).toBe(first);
        expect(producedJsonValue({ ...a })).toEqual(JSON.parse(Buffer.from(artifactBytes(a)).toString("utf8")));
        a.content = toJson(second);
        expect(producedJsonValue(a)).toEqual(JSON.parse(a.content));
      }),
    );
  });
});

describe("floor plans drawn once per room", () => {
  it("equal a fresh drawing for any id prefix, standalone or inline, in both languages, on every call", () => {
    const sites = variants();
    fc.assert(
      fc.property(fc.constantFrom(...sites), fc.nat(), fc.constantFrom<"zh" | "en">("zh", "en"), fc.boolean(), fc.string(), (site, r, lang, standalone, prefix) => {
        const room = site.rooms[r % site.rooms.length];
        const opts = { t: translator(lang), idPrefix: prefix, standalone, equipment: roomEquipment(site, room.spec.id) };
        const fresh = drawFloorPlan(room, opts);
        expect(renderFloorPlan(room, opts)).toEqual(fresh);
        expect(renderFloorPlan(room, opts)).toEqual(fresh);
        expect(renderFloorPlan(room, { ...opts, equipment: [] })).toEqual(drawFloorPlan(room, { ...opts, equipment: [] }));
      }),
      { numRuns: 60 },
    );
  });

  it("the prefix mark cannot come from site text: esc() drops it", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(esc(`${s}\u0001${s}`)).not.toContain("\u0001");
      }),
    );
  });
});

describe("esc", () => {
  it("equals the two-replace escape for any text", () => {
    const reference = (v: string) => v.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(esc(s)).toBe(reference(s));
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "&", "<", "\u0001", "\uFFFE", "'", "中") }), (s) => {
        expect(esc(s)).toBe(reference(s));
      }),
    );
  });
});
