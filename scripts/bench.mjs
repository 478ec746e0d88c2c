#!/usr/bin/env node
// Foundation benchmark (issue: foundation): wall time of `examlab export` for one sample site and
// of the precompiled cdktf app process (what `cdktf synth` runs) per site. Median of N runs.
// Usage: npm run build && node scripts/bench.mjs [--runs 5]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 5;
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(args, env = {}) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync("node", args, { cwd: root, env: { ...process.env, ...env }, encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${args.join(" ")} failed:\n${r.stderr}`);
    samples.push(ms);
  }
  return median(samples);
}

const out = mkdtempSync(join(tmpdir(), "examlab-bench-"));
try {
  const rows = [
    ["examlab export sites/demo-intermediate.yaml (1 site, YAML)", time(["bin/examlab.js", "export", "sites/demo-intermediate.yaml", "--out", join(out, "e1")])],
    ["examlab export sites/demo-primary.ts (1 site, TypeScript)", time(["bin/examlab.js", "export", "sites/demo-primary.ts", "--out", join(out, "e2")])],
    ["node dist/main.js, both samples (app behind cdktf synth)", time(["dist/main.js"], { CDKTF_OUTDIR: join(out, "synth") })],
    ["node dist/main.js, demo-intermediate only", time(["dist/main.js"], { CDKTF_OUTDIR: join(out, "synth1"), EXAMLAB_ONLY_SITES: "demo-intermediate" })],
  ];
  console.log(`median of ${runs} runs on ${process.platform} ${process.arch}, Node ${process.version}`);
  for (const [name, ms] of rows) console.log(`${ms.toFixed(0).padStart(6)} ms  ${name}`);
  console.log(`${(rows[2][1] / 2).toFixed(0).padStart(6)} ms  per site (app, 2 sites)`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
