#!/usr/bin/env node
// Benchmark (issue 7): normalise + render a 100,000-entry allowlist for every target.
// Target: < 2 s on 2 cores; the generated nftables must use sets (one lookup per packet).
// Then (issue 14) the CLI as a whole process, `examlab allowlist --in list.txt --target T --out F`,
// against its floor (scripts/floor-allowlist.mjs: read, split, de-duplicate, write the same bytes;
// and with --validate also the per-entry checks with the same libraries),
// medians of 5 runs: wall, CPU (user + system), peak RSS.
// Usage: node scripts/build.mjs && node scripts/bench-allowlist.mjs [entries]   (bundles src/allowlist with esbuild first)
import { build } from "esbuild";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { machine, measureTogether, row } from "./bench-lib.mjs";
import { createRequire } from "node:module";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const n = Number(process.argv[2] ?? 100_000);
const outdir = mkdtempSync(join(root, ".bench-allowlist-"));
try {
  await build({ entryPoints: [join(root, "src/allowlist/bench-entry.ts")], bundle: true, platform: "node", format: "cjs", target: "node20", outfile: join(outdir, "bench.js"), external: ["exceljs"], logLevel: "warning" });
  const { benchInput, normalise, ALL_TARGETS, readTextList } = createRequire(import.meta.url)(join(outdir, "bench.js"));
  // Synthetic list: 70 % names (some with subdomain wildcards and duplicates), 30 % IPv4/IPv6 addresses.
  const lines = [];
  for (let i = 0; i < n; i++) {
    const k = i % 10;
    if (k < 6) lines.push(`host${i}.site${i % 997}.example${i % 13}.cn`);
    else if (k === 6) lines.push(`*.zone${i}.example.org`);
    else if (k < 9) lines.push(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`.replace(/^10\./, "100."));
    else lines.push(`2001:db8:${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}::/64`);
  }
  const text = lines.join("\n");
  const t0 = performance.now();
  const { entries, problems } = readTextList("bench.txt", text);
  if (problems.length) throw new Error(problems[0].message);
  const t1 = performance.now();
  const { policy } = normalise(entries);
  const t2 = performance.now();
  const input = benchInput(policy);
  const per = {};
  let bytes = 0;
  let nft = "";
  for (const [id, t] of Object.entries(ALL_TARGETS)) {
    const s = performance.now();
    for (const f of t.render(input)) {
      bytes += typeof f.content === "string" ? f.content.length : f.content.length;
      if (id === "nftables" && f.path.endsWith(".nft")) nft = f.content;
    }
    per[id] = Math.round(performance.now() - s);
  }
  const t3 = performance.now();
  const perPacketRules = (nft.match(/^\t\t(ip|ip6) daddr @al_/gm) ?? []).length;
  const elementLines = (nft.match(/^\t\t\t[0-9a-f:.\/ ]+,?$/gm) ?? []).length;
  console.log(`entries: ${n} (parsed ${entries.length}); policy: ${policy.stats.domains} names, ${policy.stats.ipv4} IPv4 + ${policy.stats.ipv6} IPv6 prefixes`);
  console.log(`parse ${(t1 - t0).toFixed(0)} ms, normalise ${(t2 - t1).toFixed(0)} ms, render all ${Object.keys(per).length} targets ${(t3 - t2).toFixed(0)} ms`);
  console.log(`per target (ms): ${Object.entries(per).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  console.log(`TOTAL ${(t3 - t0).toFixed(0)} ms, ${(bytes / 1e6).toFixed(1)} MB written; nftables: ${perPacketRules} set-lookup rules for ${elementLines} set elements`);
  if (perPacketRules > 20) throw new Error("nftables output is not set-based");

  // Whole process: the CLI against its floor, writing the same bytes.
  console.log(`CLI vs floor, median of 5 runs; ${machine()}`);
  const list = join(outdir, "list.txt");
  writeFileSync(list, text + "\n");
  for (const target of ["nftables", "dnsmasq", "list"]) {
    const out = join(outdir, `out-${target}`);
    // In turns (examlab first: the floors copy its output's bytes).
    const [ex, floor, checked] = measureTogether([
      { args: ["bin/examlab.js", "allowlist", "--in", list, "--target", target, "--out", out] },
      { args: ["scripts/floor-allowlist.mjs", "--in", list, "--out", join(outdir, `floor-${target}`), "--output-like", out] },
      { args: ["scripts/floor-allowlist.mjs", "--in", list, "--out", join(outdir, `floor-v-${target}`), "--output-like", out, "--validate"] },
    ]);
    const size = (p) => (statSync(p).isDirectory() ? readdirSync(p, { recursive: true }).reduce((t, f) => t + (statSync(join(p, String(f))).isFile() ? statSync(join(p, String(f))).size : 0), 0) : statSync(p).size);
    if (size(out) !== size(join(outdir, `floor-${target}`)) || size(out) !== size(join(outdir, `floor-v-${target}`))) throw new Error("floor wrote other bytes");
    row(`allowlist ${n} entries --target ${target} (${(size(out) / 1e6).toFixed(1)} MB), split-only floor`, ex, floor);
    row(`  same, validating floor (ip-num + tldts, scripts/floor-allowlist.mjs --validate)`, ex, checked);
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
