import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { maxOf } from "../src/util/arrays";

/**
 * Sharded synthesis for sites with many stacks (reference/cdktf.md §13.3): K child processes of
 * this same app each synthesize the sites with index % K == k into `<outdir>.shard<k>`; the
 * parent moves the stack folders into `<outdir>/stacks` and writes one merged manifest.json last,
 * exactly as a single process would. Output is identical to an unsharded run.
 */
export const SHARD_MIN_SITES = 16;
const MAX_WORKERS = 4;

export function shardOf(env: string | undefined): { index: number; count: number } | undefined {
  const m = env ? /^(\d+)\/(\d+)$/.exec(env) : null;
  return m ? { index: Number(m[1]), count: Number(m[2]) } : undefined;
}

/** How many workers: EXAMLAB_WORKERS if set, else one per core (≤ 4) from SHARD_MIN_SITES sites on. */
export function planShards(siteCount: number, envWorkers: string | undefined): number {
  if (envWorkers !== undefined && /^\d+$/.test(envWorkers)) return Math.max(1, Math.min(Number(envWorkers), siteCount));
  if (siteCount < SHARD_MIN_SITES) return 1;
  return Math.max(1, Math.min(os.availableParallelism(), MAX_WORKERS));
}

interface Manifest {
  version: string;
  stacks: Record<string, unknown>;
}

export async function runShards(script: string, outdir: string, workers: number): Promise<{ code: number; stacks: string[] }> {
  const shardDir = (k: number) => `${outdir}.shard${k}`;
  const codes = await Promise.all(
    Array.from({ length: workers }, (_, k) => {
      fs.rmSync(shardDir(k), { recursive: true, force: true });
      return new Promise<number>((resolve) => {
        const child = spawn(process.execPath, [script], { stdio: "inherit", env: { ...process.env, EXAMLAB_SHARD: `${k}/${workers}`, CDKTF_OUTDIR: shardDir(k) } });
        child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
      });
    }),
  );
  const merged: Manifest = { version: "", stacks: {} };
  fs.mkdirSync(path.join(outdir, "stacks"), { recursive: true });
  for (let k = 0; k < workers; k++) {
    const manifestFile = path.join(shardDir(k), "manifest.json");
    if (fs.existsSync(manifestFile)) {
      const m = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
      merged.version = m.version;
      Object.assign(merged.stacks, m.stacks);
    }
    const stacksDir = path.join(shardDir(k), "stacks");
    if (fs.existsSync(stacksDir))
      for (const id of fs.readdirSync(stacksDir)) {
        fs.rmSync(path.join(outdir, "stacks", id), { recursive: true, force: true });
        fs.renameSync(path.join(stacksDir, id), path.join(outdir, "stacks", id));
      }
    fs.rmSync(shardDir(k), { recursive: true, force: true });
  }
  const ids = Object.keys(merged.stacks).sort();
  const stacks = merged.stacks;
  // cdktf writes manifest.json with json-stable-stringify; use its own copy so the bytes match.
  const stringify = createRequire(require.resolve("cdktf"))("json-stable-stringify") as (v: unknown, o: { space: number }) => string;
  if (merged.version) fs.writeFileSync(path.join(outdir, "manifest.json"), stringify({ stacks, version: merged.version }, { space: 2 }));
  return { code: maxOf(codes), stacks: ids };
}
