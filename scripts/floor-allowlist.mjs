#!/usr/bin/env node
// The `examlab allowlist` floor (issue 14): the least a converter of the same list must do: read
// the text list, split it into lines, drop blanks and comments, lower-case, de-duplicate, tell
// addresses from names, and write the same output bytes (examlab's own output, read from a file).
// Usage: node scripts/floor-allowlist.mjs --in <list.txt> --out <file> --output-like <file>
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const arg = (n) => process.argv[process.argv.indexOf(n) + 1];
const seen = new Set();
let names = 0, addresses = 0;
for (const raw of readFileSync(arg("--in"), "utf8").split("\n")) {
  const line = raw.trim().toLowerCase();
  if (!line || line.startsWith("#") || seen.has(line)) continue;
  seen.add(line);
  if (/^[0-9a-f:.\/]+$/.test(line) && /[.:]/.test(line) && !/[g-z]/.test(line)) addresses++;
  else names++;
}
const like = arg("--output-like");
if (statSync(like).isDirectory()) {
  // A target writing several files: the same files.
  for (const rel of readdirSync(like, { recursive: true })) {
    const src = join(like, String(rel));
    if (!statSync(src).isFile()) continue;
    mkdirSync(dirname(join(arg("--out"), String(rel))), { recursive: true });
    writeFileSync(join(arg("--out"), String(rel)), readFileSync(src));
  }
} else writeFileSync(arg("--out"), readFileSync(like));
process.stderr.write(`floor: ${names} names, ${addresses} addresses\n`);
