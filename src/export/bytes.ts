import type { Artifact } from "./artifacts";

/**
 * The UTF-8 bytes of a generated file, encoded once (issue 14): the manifest hashes and counts
 * them, and the writers (synth's files/ folder, `examlab export`) write the same buffer. Before,
 * each ~1 MB site was encoded three times. Keyed by the artifact and checked against its content,
 * so an artifact whose content is replaced is encoded again.
 */
const encoded = new WeakMap<Artifact, { from: string; bytes: Uint8Array }>();

export function artifactBytes(a: Pick<Artifact, "content">): Uint8Array {
  const content = a.content;
  if (typeof content !== "string") return content;
  const known = encoded.get(a as Artifact);
  if (known && known.from === content) return known.bytes;
  const bytes = Buffer.from(content, "utf8");
  encoded.set(a as Artifact, { from: content, bytes });
  return bytes;
}

/**
 * Records the UTF-8 bytes of `a.content` when the producer encoded them piece by piece (issue 14:
 * an allowlist file is a small two-byte header around a 10 MB ASCII block; encoding the whole
 * string first widens all of it to two bytes a character). `content` must be `a.content`.
 */
export function rememberBytes(a: Pick<Artifact, "content">, content: string, bytes: Uint8Array): void {
  encoded.set(a as Artifact, { from: content, bytes });
}
