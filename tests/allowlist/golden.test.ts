import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_TARGETS } from "../../src/allowlist";
import { siteInput } from "./helpers";

/**
 * Golden files per target for the sample sites (reviewed by reading them). Regenerate after an
 * intended change with UPDATE_GOLDEN=1 npx vitest run tests/allowlist/golden.test.ts, then read
 * the diff. Rendering twice must give byte-identical output (determinism).
 */
const GOLDEN = path.join(__dirname, "golden");
const CASES: [string, string, "zh" | "en", string[]][] = [
  ["demo-intermediate", "sites/demo-intermediate.yaml", "zh", Object.keys(ALL_TARGETS)],
  ["demo-primary", "sites/demo-primary.ts", "en", ["nftables", "chrome-policy", "windows-firewall"]],
];

describe.each(CASES)("golden files: %s", (name, file, lang, targets) => {
  const input = siteInput(file, lang);
  it.each(targets)("%s matches its golden files and is deterministic", (id) => {
    const files = ALL_TARGETS[id].render(input);
    const again = ALL_TARGETS[id].render(siteInput(file, lang));
    expect(again).toEqual(files);
    for (const f of files) {
      const p = path.join(GOLDEN, name, id, f.path);
      const actual = Buffer.from(typeof f.content === "string" ? Buffer.from(f.content, "utf8") : f.content);
      if (process.env.UPDATE_GOLDEN) {
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, actual);
      }
      expect(fs.existsSync(p), `missing golden ${p} (run with UPDATE_GOLDEN=1)`).toBe(true);
      expect(actual.equals(fs.readFileSync(p)), `${name}/${id}/${f.path} differs from its golden file`).toBe(true);
    }
  });
});
