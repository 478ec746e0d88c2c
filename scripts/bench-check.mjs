#!/usr/bin/env node
// Benchmark for `examlab check` (issue 4 target: 1,000 sites with a 40,000-machine inventory in
// under 5 s on a 2-core machine). Generates the sites (copies of sites/demo-intermediate.yaml
// with their own ids) and one CSV inventory of 40,000 measured machines (5% with a problem),
// then measures (1) the engine in-process: load + inventory import + runChecks, and (2) the CLI
// end to end: `node bin/examlab.js check <1000 files> --inventory inv.csv --format json`.
// Usage: node scripts/build.mjs && node scripts/bench-check.mjs [sites=1000] [machinesPerSite=40]
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const root = new URL("..", import.meta.url).pathname;
const SITES = Number(process.argv[2] ?? 1000);
const PER_SITE = Number(process.argv[3] ?? 40);
const dir = mkdtempSync(join(tmpdir(), "examlab-bench-check-"));

// 1. Sites and inventory.
const template = readFileSync(join(root, "sites/demo-intermediate.yaml"), "utf8");
const files = [];
const rows = ["site,room,seat,cpuCores,cpuGHz,ramGB,diskFreeGB,display,nicSpeedMbps,nicFullDuplex,ipAssignment,restoreCard,os.name,usb2Ports,imes,tools.chrome,tools.chromedriver,tools.python,tools.pycharm,tools.requests,tools.lxml,tools.mysql,tools.mongodb,tools.redis,tools.pymysql,tools.pymongo,tools.redis-py,tools.selenium,tools.scrapy,tools.twisted,tools.pyopenssl,tools.cryptography,network.allowedReachable,network.blockedUnreachable,envCheckPassed"];
for (let i = 0; i < SITES; i++) {
  const id = `bench-${String(i).padStart(4, "0")}`;
  const f = join(dir, `${id}.yaml`);
  writeFileSync(f, template.replace(/^id: demo-intermediate$/m, `id: ${id}`));
  files.push(f);
  for (let k = 0; k < PER_SITE; k++) {
    const room = k % 2 === 0 ? "201" : "202";
    const seat = Math.floor(k / 2) + 1;
    const bad = (i * PER_SITE + k) % 20 === 0; // 5% of machines have too little RAM
    rows.push(`${id},${room},${seat},4,3.0,${bad ? 1 : 8},120,1920x1080,1000,true,static,off,Windows 10 Pro,2,en;pinyin;wubi,75.0.3770.100,75.0.3770.140,3.7.9,2021.1.3,2.26.0,4.6.3,5.7,4.4,6.2.5,1.0.2,3.11.4,3.5.3,3.141.0,2.5.0,22.10.0,22.0.0,36.0.2,true,true,true`);
  }
}
const inv = join(dir, "inventory.csv");
writeFileSync(inv, rows.join("\n") + "\n");
console.log(`generated ${SITES} sites and ${rows.length - 1} inventory rows in ${dir}`);

// 2. Engine in-process (bundled from the TypeScript sources).
const entry = join(dir, "entry.ts");
writeFileSync(entry, `export { loadSiteFile } from ${JSON.stringify(join(root, "src/model/site"))};
export { runChecks } from ${JSON.stringify(join(root, "src/compliance/engine"))};
export { readInventoryFiles, inventoryBySite } from ${JSON.stringify(join(root, "src/inventory/read"))};`);
await build({ entryPoints: [entry], bundle: true, platform: "node", format: "cjs", outfile: join(dir, "engine.js"), logLevel: "warning", external: ["esbuild"], nodePaths: [join(root, "node_modules")] });
const engine = createRequire(import.meta.url)(join(dir, "engine.js"));
let t = performance.now();
const sites = files.map((f) => engine.loadSiteFile(f));
const tLoad = performance.now() - t;
t = performance.now();
const bySite = engine.inventoryBySite(sites, engine.readInventoryFiles([inv]));
const tInv = performance.now() - t;
t = performance.now();
let findings = 0;
for (const s of sites) findings += engine.runChecks(s, { inventory: bySite.get(s.spec.id), today: "2026-11-26" }).findings.length;
const tRun = performance.now() - t;
console.log(`engine: load ${SITES} sites ${tLoad.toFixed(0)} ms, import inventory ${tInv.toFixed(0)} ms, runChecks ${tRun.toFixed(0)} ms (${findings} findings); total ${(tLoad + tInv + tRun).toFixed(0)} ms`);

// 3. CLI end to end.
t = performance.now();
const r = spawnSync(process.execPath, [join(root, "bin/examlab.js"), "check", ...files, "--inventory", inv, "--format", "json", "--today", "2026-11-26"], { encoding: "utf8", maxBuffer: 1 << 30 });
const tCli = performance.now() - t;
if (r.status !== 0 && r.status !== 1) throw new Error(`examlab check failed (${r.status}): ${r.stderr.slice(0, 500)}`);
console.log(`cli: examlab check ${SITES} sites + ${rows.length - 1} machines --format json: ${tCli.toFixed(0)} ms (exit ${r.status}, ${(r.stdout.length / 1e6).toFixed(1)} MB)`);
rmSync(dir, { recursive: true, force: true });
