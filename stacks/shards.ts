import { spawn, type ChildProcess } from "node:child_process";
import * as os from "node:os";
import { ExitError } from "./synth-run";

/**
 * Sharded synthesis for many stacks (reference/cdktf.md §13.3): K child processes of this same
 * app each synthesize a contiguous share of the site files straight into the outdir (stack
 * folders never overlap) and hand back their stacks' manifest entries; the parent writes
 * manifest.json once, exactly as a single process would. Output is identical to an unsharded run
 * (tests/foundation/synth.test.ts, tests/perf/sharded-output.test.ts).
 *
 * Talk goes over the IPC channel, in this order:
 *   parent → worker  { files }           its share of the site files;
 *   worker → parent  { loaded }          every share is loaded and valid: [site id, file] pairs;
 *   parent → worker  { go }              true once every worker loaded and the ids are unique
 *                                        across all of them; false when any worker failed to load
 *                                        (it printed why) or an id is used twice;
 *   worker → parent  { entries }         its stacks' manifest entries, after writing them.
 * So, as in one process, every site is read and checked before any output is written: a bad
 * site or a duplicate id in any shard leaves no output behind.
 */
const MAX_WORKERS = 4;

export type Loaded = [id: string, file: string][];
interface FromWorker {
  loaded?: Loaded;
  entries?: Record<string, string>;
}
interface ToWorker {
  files?: string[];
  go?: boolean;
}

export function shardOf(env: string | undefined): { index: number; count: number } | undefined {
  const m = env ? /^(\d+)\/(\d+)$/.exec(env) : null;
  return m ? { index: Number(m[1]), count: Number(m[2]) } : undefined;
}

/**
 * How many workers: EXAMLAB_WORKERS (a number, or "auto" = one per core, at most 4); by default
 * one, this process. Sharding is opt-in (issue 14: "pay ≥ 1.7× on 2 cores, or remove it"): on
 * the 2-vCPU development VM it lost in every 1,000-site run of this session (0.80–1.04×; two
 * workers used a third more CPU time than one process for the same stacks), the lone 1.71× was
 * at 200 sites. Opt in where the cores are really free (EXAMLAB_WORKERS=auto or 2).
 */
export function planShards(siteCount: number, envWorkers: string | undefined): number {
  if (envWorkers !== undefined && /^\d+$/.test(envWorkers)) return Math.max(1, Math.min(Number(envWorkers), siteCount));
  if (envWorkers === "auto") return Math.max(1, Math.min(os.availableParallelism(), MAX_WORKERS, siteCount));
  return 1;
}

/**
 * Runs the workers. `admit` sees every worker's loaded [id, file] pairs (in worker order) before
 * any of them writes; it throws (an InputError) to stop them all.
 */
export async function runShards(script: string, outdir: string, files: readonly string[], workers: number, admit: (loaded: Loaded[]) => void): Promise<Record<string, string>> {
  // Contiguous shares keep each worker's stacks in site order (same chunks as one process would make).
  const share = Math.ceil(files.length / workers);
  const shares: string[][] = [];
  for (let k = 0; k * share < files.length; k++) shares.push(files.slice(k * share, (k + 1) * share));

  const loaded: (Loaded | undefined)[] = shares.map(() => undefined);
  const entries: Record<string, string> = {};
  const children: ChildProcess[] = [];
  let decided: boolean | undefined;
  let refused: unknown;
  const decide = (go: boolean): void => {
    if (decided !== undefined) return;
    decided = go;
    for (const c of children) if (c.connected) c.send({ go } satisfies ToWorker);
  };
  const codes = await Promise.all(
    shares.map(
      (list, k) =>
        new Promise<number>((resolve) => {
          const child = spawn(process.execPath, [script], {
            stdio: ["inherit", "inherit", "inherit", "ipc"],
            env: { ...process.env, EXAMLAB_SHARD: `${k}/${shares.length}`, CDKTF_OUTDIR: outdir },
          });
          children.push(child);
          child.send({ files: list } satisfies ToWorker);
          child.on("message", (m: FromWorker) => {
            if (m.loaded) {
              loaded[k] = m.loaded;
              if (loaded.every((l) => l !== undefined)) {
                try {
                  admit(loaded as Loaded[]);
                  decide(true);
                } catch (e) {
                  refused = e;
                  decide(false);
                }
              }
            }
            if (m.entries) Object.assign(entries, m.entries);
          });
          // "close": the process ended and its IPC channel and stdio are drained (entries arrived).
          child.on("close", (code, signal) => {
            const c = code ?? (signal ? 1 : 0);
            // A worker that ended before loading (bad input: it printed why) stops the others.
            if (c !== 0 || loaded[k] === undefined) decide(false);
            resolve(c !== 0 ? c : loaded[k] === undefined ? 1 : 0);
          });
        }),
    ),
  );
  if (refused !== undefined) throw refused;
  let code = 0;
  for (const c of codes) if (c > code) code = c;
  if (code !== 0) throw new ExitError(code);
  return entries;
}

/** The worker's side of the channel (stacks/main.ts): messages in arrival order. */
export function workerChannel(): {
  next: () => Promise<ToWorker>;
  send: (m: FromWorker) => Promise<void>;
  close: () => void;
} {
  const queue: ToWorker[] = [];
  let waiting: ((m: ToWorker) => void) | undefined;
  // Listening from the start: a "stop" may arrive while this worker is still loading.
  process.on("message", (m: ToWorker) => {
    if (waiting) {
      const w = waiting;
      waiting = undefined;
      w(m);
    } else queue.push(m);
  });
  return {
    next: () => (queue.length > 0 ? Promise.resolve(queue.shift()!) : new Promise((resolve) => (waiting = resolve))),
    send: (m) => new Promise((resolve, reject) => process.send!(m, undefined, {}, (e) => (e ? reject(e) : resolve()))),
    close: () => process.disconnect(),
  };
}
