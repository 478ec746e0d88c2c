#!/usr/bin/env node
// The `examlab allowlist` floor (issue 14): the least a converter of the same list must do: read
// the text list, split it into lines, drop blanks and comments, lower-case, de-duplicate, tell
// addresses from names, and write the same output bytes (examlab's own output, read from a file).
// With --validate (issue 14: the plain floor only splits lines, while a converter must check
// every entry), it also does the checks no correct converter can skip, with the libraries
// examlab uses: each address parsed and validated by ip-num (value and prefix alignment), each
// name checked as letters-digits-hyphens labels and against the public suffix list (tldts,
// same options as examlab), names sorted; still no IDNA, no special ranges, no merging.
// Usage: node scripts/floor-allowlist.mjs --in <list.txt> --out <file> --output-like <file> [--validate]
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const arg = (n) => process.argv[process.argv.indexOf(n) + 1];
const validate = process.argv.includes("--validate");
const require = createRequire(new URL("../package.json", import.meta.url));
const { Validator, expandIPv6Number } = validate ? require("ip-num") : {};
const { getPublicSuffix } = validate ? require("tldts") : {};
const LABELS = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const TLDTS = { allowPrivateDomains: true, extractHostname: false, validateHostname: false, detectIp: false, mixedInputs: false };
const seen = new Set();
const kept = [];
let names = 0, addresses = 0, refused = 0;
for (const raw of readFileSync(arg("--in"), "utf8").split("\n")) {
  const line = raw.trim().toLowerCase();
  if (!line || line.startsWith("#") || seen.has(line)) continue;
  seen.add(line);
  if (/^[0-9a-f:.\/]+$/.test(line) && /[.:]/.test(line) && !/[g-z]/.test(line)) {
    addresses++;
    if (!validate) continue;
    const [addr, len = addr.includes(":") ? "128" : "32"] = line.split("/");
    const v6 = addr.includes(":");
    if (!(v6 ? Validator.isValidIPv6String(addr)[0] : Validator.isValidIPv4String(addr)[0])) { refused++; continue; }
    // The value by the cheapest correct route (ip-num's constructors are ~10 µs an address).
    const value = v6 ? BigInt(`0x${expandIPv6Number(addr).replace(/:/g, "")}`) : addr.split(".").reduce((v, o) => v * 256n + BigInt(o), 0n);
    if (value % (1n << BigInt((v6 ? 128 : 32) - Number(len))) !== 0n) refused++;
  } else {
    names++;
    if (!validate) continue;
    const name = line.startsWith("*.") ? line.slice(2) : line;
    if (!LABELS.test(line) || getPublicSuffix(name, TLDTS) === name) { refused++; continue; }
    kept.push(name);
  }
}
if (validate) kept.sort();
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
process.stderr.write(`floor: ${names} names, ${addresses} addresses${validate ? `, ${refused} refused` : ""}\n`);
