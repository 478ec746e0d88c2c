import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildSync } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInternet, type Internet } from "./internet";

/**
 * The bundle's downloader against a local "internet" in a network namespace (issue 13): hash
 * refusal, resume with HTTP Range after a connection dropped half-way, retry with backoff, no
 * half-written file where a complete one is expected. The downloader runs inside the namespace
 * (esbuild-bundled driver), so the only server it can reach is the fixture server.
 */
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const good = randomBytes(256 * 1024);
const flaky = randomBytes(512 * 1024);
const busy = randomBytes(64 * 1024);
const corrupt = randomBytes(32 * 1024);
const corruptPublished = sha(Buffer.concat([corrupt.subarray(0, 100), Buffer.from("x"), corrupt.subarray(101)]));
const partial = randomBytes(200 * 1024);

let net: Internet;
let driver: string;
let out: string;

interface Job { url: string; dest: string; sha256: string | null; attempts?: number }
interface JobResult { ok: boolean; result?: { sha256: string; size: number; kept: boolean; resumedFrom: number; attempts: number }; error?: { name: string; message: string }; retries: number[] }

function runJobs(jobs: Job[]): JobResult[] {
  const input = path.join(net.work, `jobs-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(input, JSON.stringify(jobs));
  const r = net.run(process.execPath, [driver, input]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

let files: string;

beforeAll(async () => {
  files = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-b13dl-files-"));
  for (const [name, bytes] of Object.entries({ good, flaky, busy, corrupt, partial })) fs.writeFileSync(path.join(files, `${name}.bin`), bytes);
  const f = (name: string) => path.join(files, `${name}.bin`);
  net = await startInternet("dl", {
    "/files/good.bin": { file: f("good") },
    "/files/flaky.bin": { file: f("flaky"), behaviour: "disconnect-once" },
    "/files/busy.bin": { file: f("busy"), behaviour: "fail-twice" },
    "/files/corrupt.bin": { file: f("corrupt") },
    "/files/partial.bin": { file: f("partial") },
  }, { port: 18131 });
  driver = path.join(net.work, "driver.cjs");
  const bundled = path.join(net.work, "download.cjs");
  buildSync({ entryPoints: [path.resolve(__dirname, "../../src/bundle/download.ts")], bundle: true, platform: "node", format: "cjs", outfile: bundled, logLevel: "silent" });
  fs.writeFileSync(
    driver,
    `const { download } = require(${JSON.stringify(bundled)});
const jobs = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
(async () => {
  const out = [];
  for (const j of jobs) {
    const retries = [];
    try {
      const result = await download(j.url, j.dest, { sha256: j.sha256, attempts: j.attempts ?? 4, backoffMs: 20, idleTimeoutMs: 5000, onRetry: (n, e, ms) => retries.push(ms) });
      out.push({ ok: true, result, retries });
    } catch (e) { out.push({ ok: false, error: { name: e.name, message: e.message }, retries }); }
  }
  process.stdout.write(JSON.stringify(out));
})();
`,
  );
  out = path.join(net.work, "out");
  fs.mkdirSync(out);
}, 60_000);

afterAll(() => {
  net?.stop();
  if (files) fs.rmSync(files, { recursive: true, force: true });
});

describe("bundle downloader (local internet in a network namespace)", () => {
  it("downloads a file whose SHA-256 matches, leaving no .part", () => {
    const dest = path.join(out, "good.bin");
    const [r] = runJobs([{ url: `${net.url}/files/good.bin`, dest, sha256: sha(good) }]);
    expect(r.ok, r.error?.message).toBe(true);
    expect(r.result).toMatchObject({ sha256: sha(good), size: good.length, kept: false, resumedFrom: 0, attempts: 1 });
    expect(fs.readFileSync(dest).equals(good)).toBe(true);
    expect(fs.existsSync(`${dest}.part`)).toBe(false);
    // A second run keeps the verified file and fetches nothing.
    const before = net.requests().length;
    const [again] = runJobs([{ url: `${net.url}/files/good.bin`, dest, sha256: sha(good) }]);
    expect(again.result).toMatchObject({ kept: true, attempts: 0 });
    expect(net.requests().length).toBe(before);
  });

  it("refuses a file whose SHA-256 differs from the published one: nothing is left, and it is not retried", () => {
    const dest = path.join(out, "corrupt.bin");
    const before = net.requests().filter((q) => q.path === "/files/corrupt.bin").length;
    const [r] = runJobs([{ url: `${net.url}/files/corrupt.bin`, dest, sha256: corruptPublished }]);
    expect(r.ok).toBe(false);
    expect(r.error!.name).toBe("HashMismatchError");
    expect(r.error!.message).toContain(corruptPublished);
    expect(r.error!.message).toContain(sha(corrupt));
    expect(fs.existsSync(dest)).toBe(false);
    expect(fs.existsSync(`${dest}.part`)).toBe(false);
    expect(net.requests().filter((q) => q.path === "/files/corrupt.bin").length - before).toBe(1);
  });

  it("resumes with a Range request after the server drops the connection half-way", () => {
    const dest = path.join(out, "flaky.bin");
    const [r] = runJobs([{ url: `${net.url}/files/flaky.bin`, dest, sha256: sha(flaky) }]);
    expect(r.ok, r.error?.message).toBe(true);
    expect(r.result!.attempts).toBe(2);
    expect(r.result!.resumedFrom).toBeGreaterThan(0);
    expect(r.result!.resumedFrom).toBeLessThan(flaky.length);
    expect(fs.readFileSync(dest).equals(flaky)).toBe(true);
    const reqs = net.requests().filter((q) => q.path === "/files/flaky.bin");
    expect(reqs.map((q) => [q.range, q.status])).toEqual([
      [null, 200],
      [`bytes=${r.result!.resumedFrom}-`, 206],
    ]);
  });

  it("resumes a .part left by an earlier, interrupted run", () => {
    const dest = path.join(out, "partial.bin");
    fs.writeFileSync(`${dest}.part`, partial.subarray(0, 70_000));
    const [r] = runJobs([{ url: `${net.url}/files/partial.bin`, dest, sha256: sha(partial) }]);
    expect(r.ok, r.error?.message).toBe(true);
    expect(r.result).toMatchObject({ resumedFrom: 70_000, attempts: 1 });
    expect(fs.readFileSync(dest).equals(partial)).toBe(true);
    expect(net.requests().filter((q) => q.path === "/files/partial.bin").at(-1)).toMatchObject({ range: "bytes=70000-", status: 206 });
  });

  it("retries a busy server with exponential backoff", () => {
    const dest = path.join(out, "busy.bin");
    const [r] = runJobs([{ url: `${net.url}/files/busy.bin`, dest, sha256: sha(busy) }]);
    expect(r.ok, r.error?.message).toBe(true);
    expect(r.result!.attempts).toBe(3);
    expect(r.retries).toEqual([20, 40]);
    expect(net.requests().filter((q) => q.path === "/files/busy.bin").map((q) => q.status)).toEqual([503, 503, 200]);
  });

  it("gives up on a 404 at once, and after the last attempt when the network is down, keeping nothing half-written", () => {
    const [missing, down] = runJobs([
      { url: `${net.url}/files/nope.bin`, dest: path.join(out, "nope.bin"), sha256: null },
      { url: "http://127.0.0.1:9/x.bin", dest: path.join(out, "down.bin"), sha256: null, attempts: 3 },
    ]);
    expect(missing.ok).toBe(false);
    expect(missing.error!.name).toBe("FatalHttpError");
    expect(missing.retries).toEqual([]);
    expect(down.ok).toBe(false);
    expect(down.retries).toEqual([20, 40]);
    expect(down.error!.message).toMatch(/after 3 attempts/);
    for (const f of ["nope.bin", "down.bin"]) expect(fs.existsSync(path.join(out, f))).toBe(false);
  });
});
