import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createHash } from "node:crypto";
import { artifactBytes } from "../../src/export/bytes";
import type { Artifact } from "../../src/export/artifacts";

/**
 * Each generated file is encoded to UTF-8 once (issue 14) and the manifest and the writers share
 * the bytes: they must be exactly what encoding the content gives, also after the content changes.
 */
const artifact = (content: string | Uint8Array): Artifact => ({ path: "x", kind: "k", target: "t", content });

describe("artifactBytes", () => {
  it("gives the UTF-8 bytes of any string, the same buffer on repeat, and the content itself for bytes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const a = artifact(text);
        const bytes = artifactBytes(a);
        expect(Buffer.from(bytes).equals(Buffer.from(text, "utf8"))).toBe(true);
        expect(artifactBytes(a)).toBe(bytes);
        const raw = new Uint8Array([1, 2, 3]);
        expect(artifactBytes(artifact(raw))).toBe(raw);
      }),
    );
  });

  it("encodes again when an artifact's content is replaced", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (first, second) => {
        const a = artifact(first);
        artifactBytes(a);
        a.content = second;
        expect(createHash("sha256").update(artifactBytes(a)).digest("hex")).toBe(createHash("sha256").update(second, "utf8").digest("hex"));
      }),
    );
  });
});
