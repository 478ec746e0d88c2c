import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import * as jsYaml from "js-yaml";
import { lineIndex } from "../../src/model/line-index";
import { yamlLineOf } from "../../src/model/load";

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
});
