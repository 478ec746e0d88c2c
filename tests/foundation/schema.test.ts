import { describe, expect, it } from "vitest";
import * as fs from "node:fs";
import { parse } from "yaml";
import { parseDataFile } from "../../src/model/load";
import { loadSiteFile } from "../../src/model/site";
import { loadSiteSource } from "../../src/model/sources";
import { siteJsonSchema } from "../../src/model/json-schema";
import { MINIMAL_SITE, problemsOf } from "./helpers";

describe("site schema: valid files", () => {
  it("accepts the minimal site and fills the manual's defaults", () => {
    const site = loadSiteFile("mini.yaml", MINIMAL_SITE);
    expect(site.spec.schedule.theory).toEqual({ start: "09:00", end: "10:30" });
    expect(site.spec.schedule.practical).toEqual({ start: "14:00", end: "16:30" });
    expect(site.spec.language).toBe("zh");
    expect(site.rooms[0].seats).toHaveLength(50);
    expect(site.rooms[0].seats.filter((s) => s.role === "candidate")).toHaveLength(40);
    expect(site.rooms[0].seats.filter((s) => s.role === "spare")).toHaveLength(10);
  });

  it("loads both bundled samples (YAML and TypeScript)", () => {
    expect(loadSiteSource("sites/demo-intermediate.yaml").spec.id).toBe("demo-intermediate");
    expect(loadSiteSource("sites/demo-primary.ts").spec.id).toBe("demo-primary");
  });

  it("reads JSON site files with line numbers too", () => {
    const json = JSON.stringify({ id: "j", name: "J", levels: ["primary"], network: { block: "10.1.0.0/16" }, rooms: [{ id: "1", levels: ["primary"], candidates: "x", layout: { widthM: 9, depthM: 9, rows: 2, columns: 2 } }] }, null, 2);
    expect(problemsOf(json, "site.json")).toEqual(['site.json:16: rooms[0].candidates: expected number, got "x"']);
  });

  it("the committed JSON Schema is the one generated from the zod schema", () => {
    const committed = JSON.parse(fs.readFileSync("schema/site.schema.json", "utf8"));
    expect(committed).toEqual(JSON.parse(JSON.stringify(siteJsonSchema())));
  });
});

describe("site schema: invalid files give one exact message per problem", () => {
  const cases: [string, (y: string) => string, string[]][] = [
    ["unknown field (typo)", (y) => y.replace("candidates: 40", "candidates: 40\n    candidate: 40"), ["site.yaml:10: rooms[0].candidate: unknown field \"candidate\": did you mean \"candidates\"? (see schema/site.schema.json)"]],
    ["wrong type", (y) => y.replace("candidates: 40", "candidates: forty"), ['site.yaml:9: rooms[0].candidates: expected number, got "forty"']],
    ["unknown level", (y) => y.replace("levels: [primary]\nnetwork", "levels: [expert]\nnetwork"), ['site.yaml:3: levels[0]: expected one of "primary", "intermediate", "advanced", got "expert"']],
    ["missing required field", (y) => y.replace("name: Mini site\n", ""), ["site.yaml:1: name: missing required field (expected string)"]],
    ["bad site id", (y) => y.replace("id: mini", "id: Mini Site"), ["site.yaml:1: id: expected a lower-case id of letters, digits and '-' (at most 40 characters)"]],
    ["negative size", (y) => y.replace("widthM: 12", "widthM: -3"), ["site.yaml:10: rooms[0].layout.widthM: expected a number greater than 0"]],
    ["duplicate YAML key", (y) => y.replace("name: Mini site", "name: Mini site\nname: again"), ["site.yaml:3: invalid YAML: Map keys must be unique"]],
    ["YAML syntax", (y) => y + "  - [unclosed\n", ["site.yaml:12: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]"]],
    ["camera field of view", (y) => y.replace("pitchM: 1.1 }", "pitchM: 1.1 }\n    cameras:\n      - { id: c1, position: front, x: 1, y: 0, fovDeg: 400, rangeM: 9 }"), ["site.yaml:12: rooms[0].cameras[0].fovDeg: expected at most 360°"]],
    ["bad MAC in inventory", (y) => y.replace("pitchM: 1.1 }", "pitchM: 1.1 }\n    inventory:\n      - { seat: 1, mac: 'zz:00' }"), ["site.yaml:12: rooms[0].inventory[0].mac: expected a MAC address such as 00:1A:2B:3C:4D:5E"]],
  ];
  for (const [name, patch, expected] of cases) {
    it(name, () => expect(problemsOf(patch(MINIMAL_SITE))).toEqual(expected));
  }

  it("reports cross-field problems: duplicate ids, candidates over seats, levels, geometry", () => {
    const y = MINIMAL_SITE.replace("levels: [primary]\nnetwork", "levels: [primary]\nnetwork") +
      `  - id: "101"
    levels: [advanced]
    candidates: 41
    layout: { widthM: 3, depthM: 12, rows: 5, columns: 10, pitchM: 1.1, everyOtherSeat: true }
    cameras:
      - { id: c1, position: front, x: 30, y: 0, fovDeg: 90, rangeM: 9 }
`;
    expect(problemsOf(y)).toEqual([
      'site.yaml:11: rooms[1].id: duplicate room id "101" (first at index 0)',
      'site.yaml:12: rooms[1].levels: level "advanced" is not one of the site\'s levels (primary)',
      "site.yaml:14: rooms[1].layout.columns: 10 seats at 1.1 m pitch need 9.9 m, more than the room's width of 3 m",
      "site.yaml:13: rooms[1].candidates: 41 candidates planned but only 25 seats with a machine can take a candidate (every other seat)",
      "site.yaml:16: rooms[1].cameras[0]: camera c1 at (30, 0) is outside the 3 m × 12 m room",
    ]);
  });

  it("never throws anything but InputError on arbitrary YAML", () => {
    for (const text of ["", "[]", "42", "id: [", "rooms: {}", "~", "id: x\nrooms: [1, 2]"]) {
      expect(() => problemsOf(text)).not.toThrow();
      expect(problemsOf(text).length).toBeGreaterThan(0);
    }
  });
});

describe("YAML reading", () => {
  it("the fast parser and the reference parser read the samples identically", () => {
    const text = fs.readFileSync("sites/demo-intermediate.yaml", "utf8");
    expect(parseDataFile("s.yaml", text).data).toEqual(parse(text));
  });

  it("YAML 1.1 booleans and dates stay strings (YAML 1.2 core schema)", () => {
    expect(parseDataFile("s.yaml", "a: off\nb: 2026-11-02\nc: yes\n").data).toEqual({ a: "off", b: "2026-11-02", c: "yes" });
  });

  it("an alias bomb is refused with a clear message", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`)].join("\n");
    const problems = problemsOf(bomb);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^site\.yaml: invalid YAML: .*alias/i);
  });
});

describe("documentation", () => {
  it("the README's minimal site file is valid", () => {
    const readme = fs.readFileSync("README.md", "utf8");
    const yaml = /## The site file[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)![1];
    expect(problemsOf(yaml, "README.md")).toEqual([]);
  });
});
