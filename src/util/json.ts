/** Deterministic JSON: two-space indent, trailing newline (key order is the producer's). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}
