import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { maxOf } from "../src/util/arrays";
import { ExitError } from "./synth-run";

/**
 * Sharded synthesis for many stacks (reference/cdktf.md §13.3): K child processes of this same
 * app each synthesize a share of the site files straight into the outdir (stack folders never
 * overlap) and hand back their stacks' manifest entries; the parent writes manifest.json once,
 * exactly as a single process would. Output is identical to an unsharded run (tested).
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

export async function runShards(script: string, outdir: string, files: readonly string[], workers: number): Promise<Record<string, string>> {
  const tmp = fs.mkdtempSync(path.join(path.dirname(path.resolve(outdir)), `.${path.basename(outdir)}.shards-`));
  try {
    // Contiguous shares keep each worker's stacks in site order (same chunks as one process would make).
    const share = Math.ceil(files.length / workers);
    const codes = await Promise.all(
      Array.from({ length: workers }, (_, k) => {
        const list = path.join(tmp, `files-${k}.json`);
        fs.writeFileSync(list, JSON.stringify(files.slice(k * share, (k + 1) * share)));
        return new Promise<number>((resolve) => {
          const child = spawn(process.execPath, [script], {
            stdio: "inherit",
            env: { ...process.env, EXAMLAB_SHARD: `${k}/${workers}`, EXAMLAB_SHARD_FILES: list, EXAMLAB_SHARD_RESULT: path.join(tmp, `result-${k}.json`), CDKTF_OUTDIR: outdir },
          });
          child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
        });
      }),
    );
    const code = maxOf(codes);
    if (code !== 0) throw new ExitError(code);
    const entries: Record<string, string> = {};
    for (let k = 0; k < workers; k++) Object.assign(entries, JSON.parse(fs.readFileSync(path.join(tmp, `result-${k}.json`), "utf8")) as Record<string, string>);
    return entries;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
