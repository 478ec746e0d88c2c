#!/usr/bin/env node
// Databases benchmark (issue 3): synth time of the precompiled cdktf app (node dist/main.js, what
// `cdktf synth` runs) for intermediate sites of 3 rooms × 40 seats
//   A. with per-seat databases vs the same sites without databases (target ≤ 1.2×): A1 for one
//      site as a team runs it (whole process), A for 100 sites in one process (the marginal
//      per-site cost with start-up amortised, a stricter view), and
//   B. 1,000 such sites with databases (target < 30 s on 2 cores), in one process
//      (EXAMLAB_WORKERS=1) and with the app's own sharding over worker processes (stacks/shards.ts,
//      what `npm run synth` / `cdktf synth` do by default from 16 sites on).
// The compliance annotations of these bare sites are errors; like `cdktf synth`, the bench sets
// CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS so every stack is still written.
// Usage: node scripts/build.mjs && node scripts/bench-synth.mjs [--runs 3] [--sites 1000] [--ratio-sites 100] [--workers 2]
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const arg = (name, dflt) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : dflt);
const runs = arg("--runs", 3);
const manySites = arg("--sites", 1000);
const ratioSites = arg("--ratio-sites", 100);
const workers = arg("--workers", 2);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** An intermediate site: 3 rooms × 40 candidates, one lab server big enough for 120 seats. */
function site(i, withDatabases) {
  const id = `bench-${String(i).padStart(4, "0")}`;
  return {
    id,
    name: `基准考点 ${i}`,
    levels: ["intermediate"],
    network: { block: `10.${100 + (i % 100)}.0.0/16` },
    labServers: [{ id: "lab1", docker: "ssh://ops@10.0.0.10:22", cpus: 32, memoryGB: 128 }],
    rooms: ["301", "302", "303"].map((r) => ({ id: r, levels: ["intermediate"], candidates: 40, layout: { widthM: 11, depthM: 11, rows: 5, columns: 8 } })),
    ...(withDatabases ? { databases: { mode: "per-seat" } } : {}),
  };
}

function writeSites(dir, from, to, withDatabases) {
  mkdirSync(dir, { recursive: true });
  for (let i = from; i < to; i++) writeFileSync(join(dir, `bench-${String(i).padStart(4, "0")}.json`), JSON.stringify(site(i, withDatabases)));
}

function run(env) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["dist/main.js"], { cwd: root, env: { ...process.env, CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true", ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    p.stderr.on("data", (d) => (err += d));
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`dist/main.js exited ${code}:\n${err.slice(0, 2000)}`))));
  });
}

async function timed(fn) {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * C. The databases feature alone, in process: N stacks holding only the database construct vs N
 * empty stacks (same App.synth, same files written). CPU time of this process, so other load
 * on the machine disturbs it less than wall time.
 */
async function databasesOnly(n, outdir) {
  const { buildSync } = await import("esbuild");
  const { createRequire } = await import("node:module");
  const require = createRequire(join(root, "package.json"));
  const out = buildSync({
    stdin: { contents: 'require("cdktf/lib/tokens/private/stack-trace").captureStackTrace = () => [];\nexport { App, TerraformStack } from "cdktf";\nexport { siteFromObject } from "./src/model/site";\nexport { attachDatabases } from "./stacks/databases/databases";', resolveDir: root, loader: "ts" },
    bundle: true, platform: "node", format: "cjs", write: false, packages: "external", logLevel: "silent", target: "node20",
  });
  const mod = { exports: {} };
  new Function("module", "exports", "require", out.outputFiles[0].text)(mod, mod.exports, require);
  const { App, TerraformStack, siteFromObject, attachDatabases } = mod.exports;
  const sites = Array.from({ length: n }, (_, i) => siteFromObject(site(i, true), `bench-${i}.json`));
  const cpuMs = (fn) => { const c0 = process.cpuUsage(); fn(); const c = process.cpuUsage(c0); return (c.user + c.system) / 1000; };
  const result = {};
  for (const withDb of [false, true]) {
    result[withDb ? "db" : "empty"] = cpuMs(() => {
      const app = new App({ outdir: `${outdir}-${withDb}`, stackTraces: false });
      for (const s of sites) { const st = new TerraformStack(app, s.spec.id); if (withDb) attachDatabases(st, s); }
      app.synth();
    });
  }
  return result;
}

const work = mkdtempSync(join(tmpdir(), "examlab-bench-synth-"));
try {
  const withDb = join(work, "with-db");
  const noDb = join(work, "no-db");
  writeSites(withDb, 0, ratioSites, true);
  writeSites(noDb, 0, ratioSites, false);
  const a = [], b = [];
  for (let r = 0; r < runs; r++) {
    b.push(await timed(() => run({ EXAMLAB_SITES: noDb, CDKTF_OUTDIR: join(work, `out-nodb-${r}`), EXAMLAB_WORKERS: "1" })));
    a.push(await timed(() => run({ EXAMLAB_SITES: withDb, CDKTF_OUTDIR: join(work, `out-db-${r}`), EXAMLAB_WORKERS: "1" })));
  }
  // A1. One site, the whole process (what a site's team runs): with vs without databases.
  const oneWith = join(work, "one-db"), oneWithout = join(work, "one-nodb");
  writeSites(oneWith, 0, 1, true);
  writeSites(oneWithout, 0, 1, false);
  const a1 = [], b1 = [];
  for (let r = 0; r < Math.max(runs, 7); r++) {
    b1.push(await timed(() => run({ EXAMLAB_SITES: oneWithout, CDKTF_OUTDIR: join(work, `out-one-nodb-${r}`), EXAMLAB_WORKERS: "1" })));
    a1.push(await timed(() => run({ EXAMLAB_SITES: oneWith, CDKTF_OUTDIR: join(work, `out-one-db-${r}`), EXAMLAB_WORKERS: "1" })));
  }
  const oneDir = join(work, `out-db-0`, "stacks", "bench-0000");
  const tf = JSON.parse(readFileSync(join(oneDir, "cdk.tf.json"), "utf8"));
  const containers = Object.values(tf.resource.docker_container);
  const seatMapPath = /file\("\$\{path\.module\}\/(.+)"\)/.exec(tf.locals.db_seats_lab1)[1];
  const seatCount = Object.keys(JSON.parse(readFileSync(join(oneDir, seatMapPath), "utf8"))).length;

  const many = join(work, "many");
  writeSites(many, 0, manySites, true);
  const one = [];
  for (let r = 0; r < runs; r++) one.push(await timed(() => run({ EXAMLAB_SITES: many, CDKTF_OUTDIR: join(work, `out-many-${r}`), EXAMLAB_WORKERS: "1" })));
  const sh = [];
  for (let r = 0; r < runs; r++) sh.push(await timed(() => run({ EXAMLAB_SITES: many, CDKTF_OUTDIR: join(work, `out-sharded-${r}`), EXAMLAB_WORKERS: String(workers) })));
  const stacks = Object.keys(JSON.parse(readFileSync(join(work, "out-sharded-0", "manifest.json"), "utf8")).stacks).length;

  const c = [];
  for (let r = 0; r < runs; r++) c.push(await databasesOnly(manySites, join(work, `inproc-${r}`)));
  const cDb = median(c.map((x) => x.db)), cEmpty = median(c.map((x) => x.empty));

  console.log(`median of ${runs} runs; ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), Node ${process.version}`);
  console.log(`site: intermediate, 3 rooms × 40 seats, per-seat databases → ${containers.length} docker_container resources with for_each over ${seatCount} seats (${seatMapPath})`);
  console.log(`A1. one site, whole process: ${median(b1).toFixed(0)} ms without databases, ${median(a1).toFixed(0)} ms with → ${(median(a1) / median(b1)).toFixed(2)}× (target ≤ 1.2×)`);
  console.log(`A. ${ratioSites} sites without databases: ${median(b).toFixed(0)} ms (${(median(b) / ratioSites).toFixed(1)} ms/site)`);
  console.log(`   ${ratioSites} sites with databases:    ${median(a).toFixed(0)} ms (${(median(a) / ratioSites).toFixed(1)} ms/site)`);
  console.log(`   ratio with/without (marginal cost per site, start-up amortised): ${(median(a) / median(b)).toFixed(2)}×`);
  console.log(`B. ${manySites} sites with databases, 1 process:  ${(median(one) / 1000).toFixed(1)} s`);
  console.log(`   ${manySites} sites with databases, ${workers} workers: ${(median(sh) / 1000).toFixed(1)} s (${stacks} stacks merged; target < 30 s)`);
  console.log(`C. databases construct only, in process (CPU time): ${manySites} stacks ${(cDb / 1000).toFixed(1)} s vs ${(cEmpty / 1000).toFixed(1)} s empty → ${((cDb - cEmpty) / manySites).toFixed(1)} ms/site for the databases`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
