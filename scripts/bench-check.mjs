#!/usr/bin/env node
// Benchmark for `examlab check` (issues 4 and 14): N sites (copies of sites/demo-intermediate.yaml
// with their own ids) and one CSV inventory of 40 measured machines per site (5% with a problem),
// `examlab check <files> --inventory inv.csv --format json` as a whole process, against its floor
// (scripts/floor-check.mjs: the same files parsed with the same libraries, the same output bytes
// written). Then 5× the size (--scale 5) to show how it grows. Medians of --runs (default 5):
// wall, CPU (user + system), peak RSS.
// Usage: node scripts/build.mjs && node scripts/bench-check.mjs [--sites 1000] [--per-site 40] [--runs 5] [--scale 5]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fmtS, machine, measureTogether, ratio, root, row } from "./bench-lib.mjs";

const arg = (name, dflt) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : dflt);
const SITES = arg("--sites", 1000);
const PER_SITE = arg("--per-site", 40);
const runs = arg("--runs", 5);
const scale = arg("--scale", 5);
const template = readFileSync(join(root, "sites/demo-intermediate.yaml"), "utf8");
const HEADER = "site,room,seat,cpuCores,cpuGHz,ramGB,diskFreeGB,display,nicSpeedMbps,nicFullDuplex,ipAssignment,restoreCard,os.name,usb2Ports,imes,tools.chrome,tools.chromedriver,tools.python,tools.pycharm,tools.requests,tools.lxml,tools.mysql,tools.mongodb,tools.redis,tools.pymysql,tools.pymongo,tools.redis-py,tools.selenium,tools.scrapy,tools.twisted,tools.pyopenssl,tools.cryptography,network.allowedReachable,network.blockedUnreachable,envCheckPassed";

/** N site files and their inventory (free disk space differs per machine, as measured ones do). */
function generate(dir, n) {
  const files = [];
  const rows = [HEADER];
  for (let i = 0; i < n; i++) {
    const id = `bench-${String(i).padStart(5, "0")}`;
    const f = join(dir, `${id}.yaml`);
    writeFileSync(f, template.replace(/^id: demo-intermediate$/m, `id: ${id}`));
    files.push(f);
    for (let k = 0; k < PER_SITE; k++) {
      const room = k % 2 === 0 ? "201" : "202";
      const seat = Math.floor(k / 2) + 1;
      const bad = (i * PER_SITE + k) % 20 === 0; // 5% of machines have too little RAM
      rows.push(`${id},${room},${seat},4,3.0,${bad ? 1 : 8},${100 + ((i * 7 + k * 13) % 300)},1920x1080,1000,true,static,off,Windows 10 Pro,2,en;pinyin;wubi,75.0.3770.100,75.0.3770.140,3.7.9,2021.1.3,2.26.0,4.6.3,5.7,4.4,6.2.5,1.0.2,3.11.4,3.5.3,3.141.0,2.5.0,22.10.0,22.0.0,36.0.2,true,true,true`);
    }
  }
  const inv = join(dir, "inventory.csv");
  writeFileSync(inv, rows.join("\n") + "\n");
  return { files, inv };
}

function bench(n) {
  const dir = mkdtempSync(join(tmpdir(), "examlab-bench-check-"));
  try {
    const { files, inv } = generate(dir, n);
    const args = ["bin/examlab.js", "check", ...files, "--inventory", inv, "--format", "json", "--today", "2026-11-26"];
    // examlab's own output, for the floor to write the same bytes (exit 1: there are findings).
    const out = join(dir, "out.json");
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 1 << 30 });
    if (r.status !== 1) throw new Error(`examlab check exited ${r.status}: ${r.stderr.slice(0, 1000)}`);
    writeFileSync(out, r.stdout);
    const [ex, floor] = measureTogether([{ args, okCodes: [1] }, { args: ["scripts/floor-check.mjs", "--output-like", out, ...files, "--inventory", inv] }], runs);
    row(`${n} sites + ${n * PER_SITE} machines, --format json (${(r.stdout.length / 1e6).toFixed(1)} MB)`, ex, floor);
    return { ex, floor };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`bench-check: median of ${runs} runs; ${machine()}`);
const a = bench(SITES);
if (scale > 1) {
  const b = bench(SITES * scale);
  console.log(`growth ×${scale} input: examlab ${ratio(b.ex.wall, a.ex.wall)} wall, ${ratio(b.ex.cpu, a.ex.cpu)} CPU, ${ratio(b.ex.rss, a.ex.rss)} memory; floor ${ratio(b.floor.cpu, a.floor.cpu)} CPU (linear = ${scale}.00×); ${fmtS(b.ex.wall)} for ${SITES * scale} sites`);
}
console.log(`done; ${machine()}`);
