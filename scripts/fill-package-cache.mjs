#!/usr/bin/env node
// Fills the Windows package cache on a machine with internet access (issue 5; reference/windows.md §1, §2).
//
//   node scripts/fill-package-cache.mjs --manifest out/windows/package-cache.json --cache D:\ExamCache [--dry-run] [--record-unverified]
//
// For every manifest entry: keep the file when it is already in the cache, otherwise download it
// from its URL; then compute its SHA-256.
//   - published hash: a mismatch deletes the download and stops (exit 1);
//   - no hash ("unverified"): with --record-unverified the computed hash is written back into the
//     manifest (hashStatus "recorded", with where it came from), so provisioning accepts the file;
//     without it the entry is reported and the exit code is 1 (provisioning refuses such files).
// Entries without a URL (Chrome 75: no official download) must be put into the cache by hand.
// --dry-run prints what would happen and touches nothing.
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { minimist, fetch } from "zx";

const argv = minimist(process.argv.slice(2), { string: ["manifest", "cache"], boolean: ["dry-run", "record-unverified", "help"] });
if (argv.help || !argv.manifest || !argv.cache) {
  console.log("usage: node scripts/fill-package-cache.mjs --manifest <windows/package-cache.json> --cache <folder> [--dry-run] [--record-unverified]");
  process.exit(argv.help ? 0 : 2);
}
const dryRun = argv["dry-run"];
const record = argv["record-unverified"];

let manifest;
try {
  manifest = JSON.parse(readFileSync(argv.manifest, "utf8"));
} catch (e) {
  console.error(`${argv.manifest}: cannot read the manifest (${e.message})`);
  process.exit(2);
}
if (!Array.isArray(manifest.packages)) {
  console.error(`${argv.manifest}: expected a "packages" array (an examlab windows/package-cache.json)`);
  process.exit(2);
}

function sha256(file) {
  return new Promise((resolve, reject) => {
    const h = createHash("sha256");
    createReadStream(file).on("error", reject).on("data", (d) => h.update(d)).on("end", () => resolve(h.digest("hex")));
  });
}

async function download(url, dest) {
  const res = await fetch(url, { redirect: "follow" });
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
  const tmp = `${dest}.part`;
  writeFileSync(tmp, Buffer.from(await res.arrayBuffer()));
  renameSync(tmp, dest);
}

const problems = [];
let recorded = 0;
for (const p of manifest.packages) {
  const dest = join(argv.cache, ...p.file.split("/"));
  const have = existsSync(dest);
  const label = `${p.id} ${p.version} (${p.file})`;
  if (dryRun) {
    const action = have ? "verify cached file" : p.url ? `download ${p.url}` : "MISSING: no official URL, place the file by hand";
    console.log(`${label}: ${action}; sha256 ${p.sha256 ?? "unverified"}`);
    if (!have && !p.url) problems.push(`${label}: not in the cache and no URL`);
    continue;
  }
  try {
    if (!have) {
      if (!p.url) throw new Error("not in the cache and there is no official download URL: copy the file into the cache by hand");
      mkdirSync(dirname(dest), { recursive: true });
      console.log(`${label}: downloading ${p.url}`);
      await download(p.url, dest);
    }
    const actual = await sha256(dest);
    if (p.sha256) {
      if (actual !== p.sha256.toLowerCase()) {
        if (!have) rmSync(dest, { force: true });
        throw new Error(`SHA-256 mismatch: expected ${p.sha256}, got ${actual}`);
      }
      console.log(`${label}: ok (${actual})`);
    } else if (record) {
      p.sha256 = actual;
      p.hashStatus = "recorded";
      p.hashSource = `computed by fill-package-cache.mjs from ${have ? "a file placed in the cache" : p.url}`;
      recorded++;
      console.log(`${label}: recorded ${actual} (check it against the publisher if you can)`);
    } else {
      throw new Error(`no published SHA-256 (computed ${actual}); re-run with --record-unverified to accept it`);
    }
  } catch (e) {
    problems.push(`${label}: ${e.message}`);
    console.error(`${label}: ${e.message}`);
  }
}
if (recorded > 0) writeFileSync(argv.manifest, JSON.stringify(manifest, null, 2) + "\n");
if (problems.length > 0) {
  console.error(`\n${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(dryRun ? "dry run: nothing changed" : `package cache complete (${manifest.packages.length} files${recorded ? `, ${recorded} hash(es) recorded` : ""})`);
