// Shared helpers of the benchmarks (issue 14): whole-process measurements (wall, CPU = user +
// system, peak RSS) as medians of N runs, and ratios against a floor measured in the same run.
// The machine may be shared: CPU time is reported next to wall time, and the load average at the
// start and end of each benchmark is printed with the results.
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";

export const root = new URL("..", import.meta.url).pathname;
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Runs `node <args>` `runs` times under /usr/bin/time; returns medians of wall, CPU (s) and
 * peak RSS (MB). `before(i)` runs before each run, outside the timing (e.g. a fresh outdir).
 */
export function measure(args, options = {}) {
  return measureTogether([{ args, ...options }], options.runs)[0];
}

/**
 * Several commands measured in turns (a, b, c, a, b, c, …) rather than one after the other, so
 * that a ratio compares runs made under the same load: on a shared host the speed of the same
 * command drifts by tens of percent over minutes. Each spec: { args, env, cwd, before, okCodes, stdout }.
 */
export function measureTogether(specs, runs = 5) {
  const acc = specs.map(() => ({ walls: [], cpus: [], rss: [] }));
  for (let i = 0; i < runs; i++)
    specs.forEach((spec, k) => {
      const one = runOnce(spec, i);
      acc[k].walls.push(one.wall);
      acc[k].cpus.push(one.cpu);
      acc[k].rss.push(one.rss);
    });
  return acc.map((a) => ({ wall: median(a.walls), cpu: median(a.cpus), rss: median(a.rss), walls: a.walls, cpus: a.cpus }));
}

function runOnce({ args, env = {}, cwd = root, before, okCodes = [0], stdout = "ignore" }, i) {
  before?.(i);
  const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", process.execPath, ...args], {
    cwd,
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 1 << 30,
    stdio: ["ignore", stdout === "ignore" ? "ignore" : "pipe", "pipe"],
  });
  const last = r.stderr.trim().split("\n").pop();
  const m = /^([\d.]+) ([\d.]+) ([\d.]+) (\d+)$/.exec(last ?? "");
  if (!okCodes.includes(r.status) || !m) throw new Error(`node ${args.join(" ")} failed (exit ${r.status}):\n${r.stderr.slice(-3000)}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rss: Number(m[4]) / 1024 };
}

export const fmtS = (s) => (s < 10 ? s.toFixed(3) : s.toFixed(1)) + " s";
export const fmtMB = (mb) => mb.toFixed(0) + " MB";
export const ratio = (a, b) => (a / b).toFixed(2) + "×";

export function machine() {
  return `${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`;
}

/** One line per measurement: examlab vs floor, wall and CPU, ratios, peak memory. */
export function row(label, ex, floor) {
  const parts = [`${label}:`, `examlab ${fmtS(ex.wall)} wall / ${fmtS(ex.cpu)} CPU / ${fmtMB(ex.rss)}`];
  if (floor) parts.push(`floor ${fmtS(floor.wall)} wall / ${fmtS(floor.cpu)} CPU / ${fmtMB(floor.rss)}`, `→ ${ratio(ex.wall, floor.wall)} wall, ${ratio(ex.cpu, floor.cpu)} CPU, ${ratio(ex.rss, floor.rss)} memory`);
  console.log(parts.join("  "));
}
