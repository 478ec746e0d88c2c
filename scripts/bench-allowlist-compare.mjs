#!/usr/bin/env node
// Issue 10's acceptance "bench-allowlist.mjs is no slower than before by more than 10%", measured
// fairly (issue 14): the in-process part of scripts/bench-allowlist.mjs (parse, normalise and
// render a 100,000-entry list for every target) for two source trees, each bundled from its own
// src/allowlist/bench-entry.ts, run by the same harness in fresh processes, ALTERNATING A/B so a
// shared machine's load hits both alike. Prints medians and the ratio.
// Usage: node scripts/bench-allowlist-compare.mjs <other tree, e.g. a `git worktree add` of the base> [--runs 7] [--entries 100000]
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { machine, median } from "./bench-lib.mjs";

const here = new URL("..", import.meta.url).pathname;
const other = resolve(process.argv[2] ?? "");
const arg = (name, dflt) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : dflt);
const runs = arg("--runs", 7);
const n = arg("--entries", 100_000);
if (!process.argv[2]) throw new Error("usage: bench-allowlist-compare.mjs <other tree>");

// The measured work, as in bench-allowlist.mjs: read the synthetic list, normalise, render every target.
const CHILD = `
const { benchInput, normalise, ALL_TARGETS, readTextList } = require(process.argv[1]);
const n = Number(process.argv[2]);
const lines = [];
for (let i = 0; i < n; i++) {
  const k = i % 10;
  if (k < 6) lines.push(\`host\${i}.site\${i % 997}.example\${i % 13}.cn\`);
  else if (k === 6) lines.push(\`*.zone\${i}.example.org\`);
  else if (k < 9) lines.push(\`10.\${(i >> 16) & 255}.\${(i >> 8) & 255}.\${i & 255}\`.replace(/^10\\./, "100."));
  else lines.push(\`2001:db8:\${(i >> 16).toString(16)}:\${(i & 0xffff).toString(16)}::/64\`);
}
const text = lines.join("\\n");
const t0 = performance.now();
const { entries, problems } = readTextList("bench.txt", text);
if (problems.length) throw new Error(problems[0].message);
const t1 = performance.now();
const { policy } = normalise(entries);
const t2 = performance.now();
const input = benchInput(policy);
let bytes = 0;
for (const t of Object.values(ALL_TARGETS)) for (const f of t.render(input)) bytes += f.content.length;
const t3 = performance.now();
console.log(JSON.stringify({ parse: t1 - t0, normalise: t2 - t1, render: t3 - t2, total: t3 - t0, bytes }));
`;

// Each bundle lives inside its own tree: the code finds templates/ and policies/ above itself.
const trees = { base: other, head: here };
const dirs = Object.values(trees).map((tree) => mkdtempSync(join(tree, ".bench-allowlist-cmp-")));
try {
  const bundles = {};
  for (const [i, [name, tree]] of Object.entries(trees).entries()) {
    bundles[name] = join(dirs[i], "bench.js");
    await build({ entryPoints: [join(tree, "src/allowlist/bench-entry.ts")], bundle: true, platform: "node", format: "cjs", target: "node20", outfile: bundles[name], external: ["exceljs"], logLevel: "warning", absWorkingDir: tree, nodePaths: [join(tree, "node_modules")] });
  }
  console.log(`bench-allowlist A/B: ${n} entries, ${runs} alternating runs each; ${machine()}`);
  const results = { base: [], head: [] };
  for (let i = 0; i < runs; i++)
    for (const name of i % 2 === 0 ? ["base", "head"] : ["head", "base"]) {
      const r = spawnSync(process.execPath, ["-e", CHILD, bundles[name], String(n)], { encoding: "utf8", cwd: trees[name], maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
      results[name].push(JSON.parse(r.stdout.trim().split("\n").pop()));
    }
  const med = (name, k) => median(results[name].map((x) => x[k]));
  for (const k of ["parse", "normalise", "render", "total"])
    console.log(`${k.padEnd(9)} base ${med("base", k).toFixed(0).padStart(6)} ms   head ${med("head", k).toFixed(0).padStart(6)} ms   head/base ${(med("head", k) / med("base", k)).toFixed(2)}×`);
  const ratio = med("head", "total") / med("base", "total");
  console.log(`bytes written: base ${results.base[0].bytes}, head ${results.head[0].bytes}`);
  console.log(`${ratio <= 1.1 ? "within" : "NOT within"} 10% of the base (head/base ${ratio.toFixed(2)}×); ${machine()}`);
} finally {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
