import type { Artifact } from "./artifacts";
import { toJsonBytes } from "../util/json";

/**
 * A JSON file a later producer reads back (the report reads the allowlist policy and the seat
 * port map). The value it was written from is kept beside the artifact, so the reader skips a
 * JSON.parse of what was just serialised (issue 14: about 1 ms of every site's synth). Kept by
 * artifact and checked against its content: a copied or rewritten artifact is parsed as before.
 */
const values = new WeakMap<Artifact, { from: string | Uint8Array; value: unknown }>();

/** The file holds toJson(value), as UTF-8 bytes made member by member (src/util/json.ts). */
export function jsonArtifact(fields: Omit<Artifact, "content">, value: unknown): Artifact {
  const a: Artifact = { ...fields, content: toJsonBytes(value) };
  values.set(a, { from: a.content, value });
  return a;
}

/** The JSON value of a produced file; undefined when absent or not JSON. */
export function producedJsonValue(a: Artifact): unknown {
  const known = values.get(a);
  if (known && known.from === a.content) return known.value;
  try {
    return JSON.parse(typeof a.content === "string" ? a.content : Buffer.from(a.content).toString("utf8"));
  } catch {
    return undefined;
  }
}
