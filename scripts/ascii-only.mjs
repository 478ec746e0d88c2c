// The same JavaScript in ASCII only (issue 14, start-up), for scripts/build.mjs.
//
// Node 20 reads a module as UTF-8 and decodes it at ~90-150 MB/s: ~40 ms of every command for the
// 3.4 MB CLI bundle once a single Chinese comment or regex character is in it. Read as Latin-1,
// ASCII bytes are the same text and cost nothing (bin/code-cache.js, stacks/launcher.ts).
// esbuild already escapes strings and templates; what it leaves (comments, regular expressions)
// and the precompiled templates' strings get \uXXXX per UTF-16 unit, which means the same
// character in a string, a template, a regular expression (with or without the u flag, where a
// pair of escaped surrogates is one code point) and an identifier. A character escaped by a
// backslash ("\中" in a string or regex, an identity escape) gives that backslash to the new
// escape. tests/perf/ascii-bundles.test.ts checks the built files and the equivalence.

/** `source` with every non-ASCII UTF-16 unit written as a \uXXXX escape. */
export function asciiOnly(source) {
  return source.replace(/(\\*)([^\x00-\x7f])/g, (_, slashes, ch) => {
    const hex = ch.charCodeAt(0).toString(16).padStart(4, "0");
    return slashes.length % 2 === 1 ? `${slashes}u${hex}` : `${slashes}\\u${hex}`;
  });
}
