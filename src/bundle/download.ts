import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

/**
 * Downloading for `examlab bundle`: resumable (HTTP Range on the `.part` file), retried with
 * exponential backoff, and never leaves a half-written file where a complete one is expected:
 * bytes go to `<dest>.part`, which is renamed to `<dest>` only after its SHA-256 matched.
 */
export interface DownloadOptions {
  /** Expected lower-case hex SHA-256; null = unverified (computed and returned, never refused). */
  sha256: string | null;
  /** Tries in all (default 5). */
  attempts?: number;
  /** First backoff delay; doubles each retry (default 1000 ms). */
  backoffMs?: number;
  /** Gives up on an attempt that receives nothing for this long (default 60 s). */
  idleTimeoutMs?: number;
  /** Called with bytes on disk so far and the expected total when known. */
  onProgress?: (bytes: number, total: number | undefined) => void;
  /** Called before each retry, for logs. */
  onRetry?: (attempt: number, error: Error, delayMs: number) => void;
}

export interface DownloadResult {
  sha256: string;
  size: number;
  /** The file was already complete and verified: nothing was fetched. */
  kept: boolean;
  /** Bytes of an earlier interrupted download that were reused. */
  resumedFrom: number;
  attempts: number;
}

/** The file arrived but its SHA-256 is not the published one: it was deleted. Not retried. */
export class HashMismatchError extends Error {
  constructor(readonly url: string, readonly expected: string, readonly actual: string) {
    super(`SHA-256 mismatch for ${url}: expected ${expected}, got ${actual} (file refused and deleted)`);
    this.name = "HashMismatchError";
  }
}

/** A reply that retrying cannot fix (404, 403, ...). */
export class FatalHttpError extends Error {
  constructor(readonly url: string, readonly status: number) {
    super(`HTTP ${status} for ${url}`);
    this.name = "FatalHttpError";
  }
}

export async function sha256File(file: string): Promise<string> {
  const h = createHash("sha256");
  await pipeline(fs.createReadStream(file), new Transform({ transform(chunk, _e, cb) { h.update(chunk); cb(); } }));
  return h.digest("hex");
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function download(url: string, dest: string, opts: DownloadOptions): Promise<DownloadResult> {
  const expected = opts.sha256?.toLowerCase() ?? null;
  if (fs.existsSync(dest)) {
    const have = await sha256File(dest);
    if (!expected || have === expected) return { sha256: have, size: sizeOf(dest), kept: true, resumedFrom: 0, attempts: 0 };
    fs.rmSync(dest); // a wrong file where a complete one is expected: fetch it again
  }
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  const attempts = opts.attempts ?? 5;
  const base = opts.backoffMs ?? 1000;
  let resumedFrom = 0;
  let freshAfterMismatch = false;
  let lastError: Error = new Error("no attempt made");
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const offset = sizeOf(part);
      const got = await fetchInto(url, part, offset, opts);
      if (got.resumed && resumedFrom === 0) resumedFrom = offset;
      const actual = await sha256File(part);
      if (expected && actual !== expected) {
        fs.rmSync(part, { force: true });
        // A resumed file may be spliced from two versions of the remote file: one clean retry.
        if (got.resumed && !freshAfterMismatch) {
          freshAfterMismatch = true;
          throw new Error(`SHA-256 mismatch after resuming at byte ${offset}; retrying from the start`);
        }
        throw new HashMismatchError(url, expected, actual);
      }
      fs.renameSync(part, dest);
      return { sha256: actual, size: sizeOf(dest), kept: false, resumedFrom, attempts: attempt };
    } catch (e) {
      if (e instanceof HashMismatchError || e instanceof FatalHttpError) throw e;
      lastError = e as Error;
      if (attempt === attempts) break;
      const delay = base * 2 ** (attempt - 1);
      opts.onRetry?.(attempt, lastError, delay);
      await sleep(delay);
    }
  }
  throw new Error(`download failed after ${attempts} attempts: ${url}: ${lastError.message} (the partial file ${path.basename(part)} is kept; run again to resume)`);
}

/** One attempt: appends to `part` from `offset` when the server honours Range, else starts over. */
async function fetchInto(url: string, part: string, offset: number, opts: DownloadOptions): Promise<{ resumed: boolean }> {
  const ctrl = new AbortController();
  const idle = opts.idleTimeoutMs ?? 60_000;
  let timer = setTimeout(() => ctrl.abort(new Error(`no data for ${idle} ms`)), idle);
  const poke = () => {
    clearTimeout(timer);
    timer = setTimeout(() => ctrl.abort(new Error(`no data for ${idle} ms`)), idle);
  };
  try {
    const res = await fetch(url, { redirect: "follow", signal: ctrl.signal, headers: offset > 0 ? { range: `bytes=${offset}-` } : {} });
    if (res.status === 416 && offset > 0) {
      // Range not satisfiable: the part is probably complete already; let the hash decide.
      await res.body?.cancel();
      return { resumed: true };
    }
    if (res.status >= 400) {
      await res.body?.cancel();
      if (res.status === 408 || res.status === 425 || res.status === 429 || res.status >= 500) throw new Error(`HTTP ${res.status} for ${url}`);
      throw new FatalHttpError(url, res.status);
    }
    const resumed = res.status === 206 && offset > 0 && contentRangeStart(res.headers.get("content-range")) === offset;
    const start = resumed ? offset : 0;
    const length = Number(res.headers.get("content-length") ?? NaN);
    const total = Number.isFinite(length) ? start + length : undefined;
    if (!res.body) throw new Error(`empty reply for ${url}`);
    let written = start;
    opts.onProgress?.(written, total);
    const counter = new Transform({
      transform(chunk: Buffer, _e, cb) {
        written += chunk.length;
        poke();
        opts.onProgress?.(written, total);
        cb(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(res.body as never), counter, fs.createWriteStream(part, { flags: resumed ? "a" : "w" }));
    if (total !== undefined && written !== total) throw new Error(`connection closed after ${written} of ${total} bytes`);
    return { resumed };
  } finally {
    clearTimeout(timer);
  }
}

function contentRangeStart(header: string | null): number | undefined {
  const m = header ? /^bytes (\d+)-/.exec(header) : null;
  return m ? Number(m[1]) : undefined;
}

/** GET a small JSON document (registry API) with the same retries. */
export async function fetchJson(url: string, opts: { attempts?: number; backoffMs?: number; onRetry?: DownloadOptions["onRetry"] } = {}): Promise<unknown> {
  const attempts = opts.attempts ?? 5;
  let last: Error = new Error("no attempt made");
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await fetch(url, { redirect: "follow", signal: AbortSignal.timeout(60_000) });
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 425 && res.status !== 429) throw new FatalHttpError(url, res.status);
      if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
      return await res.json();
    } catch (e) {
      if (e instanceof FatalHttpError) throw e;
      last = e as Error;
      if (attempt === attempts) break;
      const delay = (opts.backoffMs ?? 1000) * 2 ** (attempt - 1);
      opts.onRetry?.(attempt, last, delay);
      await sleep(delay);
    }
  }
  throw new Error(`${url}: ${last.message} (after ${attempts} attempts)`);
}

/** Size announced by the server (HEAD), or undefined when it does not say. */
export async function probeSize(url: string): Promise<number | undefined> {
  try {
    const res = await fetch(url, { method: "HEAD", redirect: "follow", signal: AbortSignal.timeout(20_000) });
    const n = Number(res.headers.get("content-length") ?? NaN);
    return res.ok && Number.isFinite(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `--mirror URL`: fetch every https://host/path through a mirror as <mirror>/host/path (a site's
 * internal artifact proxy; the tests' local "internet").
 */
export function viaMirror(url: string, mirror: string | undefined): string {
  if (!mirror) return url;
  const u = new URL(url);
  return `${mirror.replace(/\/+$/, "")}/${u.host}${u.pathname}${u.search}`;
}
