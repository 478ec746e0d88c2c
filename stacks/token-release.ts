// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TokenMap } = require("cdktf/lib/tokens/private/token-map") as { TokenMap: { instance(): TokenTables } };

/**
 * cdktf registers every token (resource attribute references, Lazy values) in one process-wide
 * table (`global.__cdktfTokenMap`) and never removes it; a reference token keeps its origin
 * stack, so every synthesized stack — its construct tree and the site it was built from — stays
 * in memory to the end of the process (issue 14: ~0.8 MB per site). Sites never refer to each
 * other's tokens, so once a chunk of stacks is written, the tokens registered while building and
 * synthesizing it are taken out again. The counter that numbers tokens is left alone (same token
 * names as before). A token cannot be unregistered on the token object itself (cdktf caches its
 * name there, read-only): were a token made before a chunk and used again after it, resolving it
 * would fail loudly ("Unrecognized token key"), never write something else. Every token of
 * examlab's stacks is made inside the stack's constructors (tests/perf/synth-memory.test.ts
 * synthesizes in chunks of two and compares the bytes with one App).
 */
interface TokenTables {
  stringTokenMap: Map<string, object>;
  numberTokenMap: Map<number, object>;
}

export function withTokensReleased<T>(run: () => T): T {
  const tables = TokenMap.instance();
  const strings = tables.stringTokenMap.size;
  const numbers = tables.numberTokenMap.size;
  try {
    return run();
  } finally {
    dropAfter(tables.stringTokenMap, strings);
    dropAfter(tables.numberTokenMap, numbers);
  }
}

/** Removes the entries added after the first `keep` (a Map iterates in insertion order). */
function dropAfter<K>(map: Map<K, object>, keep: number): void {
  let i = 0;
  for (const key of map.keys()) if (i++ >= keep) map.delete(key);
}
