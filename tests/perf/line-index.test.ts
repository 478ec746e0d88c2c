import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import * as jsYaml from "js-yaml";
import { compactEvents, lineIndex } from "../../src/model/line-index";
import { parseDataFile, yamlLineOf } from "../../src/model/load";

/**
 * The cheap line index (issue 14) replaces the line-mapped `yaml` document, a second and slow
 * parse: it must give the same line for every field path, in YAML (block and flow) and JSON.
 */
const ROOT = path.resolve(__dirname, "../..");

function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  out.push([...prefix, "missingField"]);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

const key = fc.stringMatching(/^[a-z][a-zA-Z0-9_-]{0,6}$/);
const data = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, fc.integer(), fc.string({ maxLength: 8 }), fc.boolean(), fc.constant(null), tie("list"), tie("map")),
  list: fc.array(tie("value"), { maxLength: 4 }),
  map: fc.dictionary(key, tie("value"), { maxKeys: 4 }),
})).map;

describe("line index from js-yaml events", () => {
  it("agrees with the yaml document on every path of generated YAML and JSON", () => {
    fc.assert(
      fc.property(data, fc.constantFrom("block", "flow", "json"), (d, style) => {
        const text = style === "json" ? JSON.stringify(d, null, 2) : jsYaml.dump(d, { flowLevel: style === "flow" ? 1 : -1 });
        const fast = lineIndex(text);
        const ref = yamlLineOf("x.yaml", text);
        for (const p of paths(d)) expect(fast(p), `${style} ${JSON.stringify(p)}\n${text}`).toBe(ref(p));
      }),
      { numRuns: 300 },
    );
  });

  it("agrees on the sample sites", () => {
    for (const f of ["sites/demo-intermediate.yaml"]) {
      const text = fs.readFileSync(path.join(ROOT, f), "utf8");
      const d = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
      const fast = lineIndex(text);
      const ref = yamlLineOf(f, text);
      for (const p of paths(d)) expect(fast(p), JSON.stringify(p)).toBe(ref(p));
    }
  });

  // parseDataFile parses the events once and keeps them compact for the index (issue 14).
  it("the index from parseDataFile's compact events agrees with the yaml document and with a fresh parse", () => {
    fc.assert(
      fc.property(data, fc.constantFrom("block", "flow", "json"), (d, style) => {
        const text = style === "json" ? JSON.stringify(d, null, 2) : jsYaml.dump(d, { flowLevel: style === "flow" ? 1 : -1 });
        const parsed = parseDataFile(style === "json" ? "x.json" : "x.yaml", text);
        expect(parsed.data).toEqual(jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA }));
        const fresh = lineIndex(text);
        const ref = yamlLineOf("x.yaml", text);
        for (const p of paths(d)) {
          expect(parsed.lineOf(p), `${style} ${JSON.stringify(p)}\n${text}`).toBe(ref(p));
          expect(fresh(p)).toBe(ref(p));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("compact events: anchors, aliases, tags, complex and quoted keys, comments", () => {
    const text = [
      "# head",
      "base: &b",
      "  x: 1",
      "  'y z': 2",
      "copy: *b",
      "tagged: !!str 12",
      "list:",
      "  - &a one",
      "  - *a",
      "  - {p: 1, \"q\\u0041\": [1, 2]}",
      "after: !!map",
      "  k: v",
      "\"esc\\tkey\": 3",
      "",
    ].join("\n");
    const d = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA }) as Record<string, unknown>;
    const c = compactEvents(text, jsYaml.parseEvents(text, {}) as never)!;
    expect(c.nodes).toBeInstanceOf(Int32Array);
    expect(c.keys).toContain("y z");
    expect(c.keys).toContain("qA");
    expect(c.keys).toContain("esc\tkey");
    const parsed = parseDataFile("x.yaml", text);
    const ref = yamlLineOf("x.yaml", text);
    const all = [...paths(d), ["list", 3, "qA", 1], ["esc\tkey"], ["after", "k"], ["base", "y z"], ["copy", "x"]];
    for (const p of all) expect(parsed.lineOf(p), JSON.stringify(p)).toBe(ref(p));
    for (const p of all) expect(lineIndex(text, c)(p), JSON.stringify(p)).toBe(ref(p));
    // A complex key (js-yaml's load refuses it; the index skips it as before).
    const complex = "a: 1\n? [complex, key]\n: {inner: 2}\nb:\n  c: 3\n";
    const cc = compactEvents(complex, jsYaml.parseEvents(complex, {}) as never)!;
    expect(cc.keys).toEqual(["a", undefined, "inner", "b", "c"]);
    const refC = yamlLineOf("x.yaml", complex);
    for (const p of [["a"], ["b"], ["b", "c"], ["inner"], []]) expect(lineIndex(complex, cc)(p), JSON.stringify(p)).toBe(refC(p));
  });

  // The index walks the events and indexes a collection when a path first goes through it: the
  // answers must not depend on which paths were asked before, or in what order.
  it("gives the same lines whatever paths were asked first, in any order", () => {
    fc.assert(
      fc.property(data, fc.constantFrom("block", "flow", "json"), fc.integer(), (d, style, seed) => {
        const text = style === "json" ? JSON.stringify(d, null, 2) : jsYaml.dump(d, { flowLevel: style === "flow" ? 1 : -1 });
        const ref = yamlLineOf("x.yaml", text);
        const all = paths(d);
        // A seeded shuffle, asked twice over one index.
        let s = seed | 0;
        const order = all.map((p) => ({ p, r: (s = (Math.imul(s, 1103515245) + 12345) | 0) })).sort((a, b) => a.r - b.r).map((x) => x.p);
        const fast = lineIndex(text);
        for (const p of [...order, ...order]) expect(fast(p), `${style} ${JSON.stringify(p)}\n${text}`).toBe(ref(p));
      }),
      { numRuns: 200 },
    );
  });

  // An inventory file of any size (issue 14): every row of a long sequence finds its own line.
  it("finds the line of every row and field of a 300,000-row sequence", () => {
    const rows = 300_000;
    const lines = ["machines:"];
    for (let i = 0; i < rows; i++) lines.push(`  - {seat: ${i}, ramGB: 8}`);
    const text = lines.join("\n") + "\n";
    const parsed = parseDataFile("inv.yaml", text);
    for (const i of [0, 1, 2, 149_999, 299_998, 299_999]) {
      expect(parsed.lineOf(["machines", i])).toBe(i + 2);
      expect(parsed.lineOf(["machines", i, "ramGB"])).toBe(i + 2);
      expect(parsed.lineOf(["machines", i, "missing"])).toBe(i + 2);
    }
    for (let i = 0; i < rows; i += 997) expect(parsed.lineOf(["machines", i, "seat"])).toBe(i + 2);
    expect(parsed.lineOf(["machines", rows])).toBe(1);
    expect(parsed.lineOf(["machines", "01"])).toBe(3);
    expect(parsed.lineOf(["machines", "x"])).toBe(1);
  });

  it("empty and multi-document sources still go to the reference parser", () => {
    expect(compactEvents("", jsYaml.parseEvents("", {}) as never)).toBeUndefined();
    expect(() => parseDataFile("x.yaml", "a: 1\n---\nb: 2\n")).toThrow();
    expect(parseDataFile("x.yaml", "").data).toBeNull();
  });
});
