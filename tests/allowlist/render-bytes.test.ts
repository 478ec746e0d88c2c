import { describe, expect, it } from "vitest";
import { normalise } from "../../src/allowlist/normalise";
import { readTextList } from "../../src/allowlist/sources";
import { ALL_TARGETS } from "../../src/allowlist/targets";
import { benchInput } from "../../src/allowlist/bench-entry";
import { artifactBytes } from "../../src/export/bytes";

/**
 * Rendered files whose big blocks are encoded piece by piece (issue 14, src/allowlist/render.ts)
 * give exactly the UTF-8 bytes of their text, in every target and both languages.
 */
describe("rendered files: bytes encoded by pieces equal the encoded text", () => {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) lines.push(i % 3 === 0 ? `*.z${i}.example.org` : i % 3 === 1 ? `h${i}.example${i % 7}.cn:8443` : `198.51.${(i >> 8) & 255}.${i & 255}`);
  lines.push("bücher.example.de", "例子.中国", "2001:db8::/48");
  const { entries, problems } = readTextList("list.txt", lines.join("\n"));
  expect(problems).toEqual([]);
  const { policy } = normalise(entries);

  for (const lang of ["zh", "en"] as const)
    it(`every target, --lang ${lang}`, () => {
      let piecewise = 0;
      for (const target of Object.values(ALL_TARGETS))
        for (const f of target.render({ ...benchInput(policy), lang })) {
          if (typeof f.content !== "string") continue;
          const expected = Buffer.from(f.content, "utf8");
          const bytes = artifactBytes(f);
          if (bytes.length > 4096) piecewise++;
          expect(Buffer.compare(Buffer.from(bytes), expected)).toBe(0);
        }
      expect(piecewise).toBeGreaterThan(5);
    });
});
