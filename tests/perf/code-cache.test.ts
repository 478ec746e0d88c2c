import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

/**
 * bin/code-cache.js (issue 14): the CLI bundle loads through V8's code cache. The cache must be
 * used only for the exact bytes it was made from, and loading must behave like require().
 */
const loader = join(__dirname, "../../bin/code-cache.js");
const run = (code: string) => spawnSync(process.execPath, ["-e", code], { encoding: "utf8" });

describe("code cache loader", () => {
  const dir = mkdtempSync(join(tmpdir(), "examlab-code-cache-"));
  const bundle = join(dir, "bundle.js");
  const load = `const m = require(${JSON.stringify(loader)}).loadWithCodeCache(${JSON.stringify(bundle)}); console.log(JSON.stringify(m.answer()));`;

  it("gives require() semantics with and without a cache, and never runs a cache made for other bytes", () => {
    try {
      writeFileSync(bundle, `exports.answer = () => ({ v: 1, file: __filename, dir: __dirname, sep: require("node:path").sep, rel: typeof require.resolve });`);
      const plain = run(load);
      expect(plain.stderr).toBe("");
      expect(JSON.parse(plain.stdout)).toEqual({ v: 1, file: bundle, dir, sep: "/", rel: "function" });
      expect(run(`require(${JSON.stringify(loader)}).writeCodeCache(${JSON.stringify(bundle)})`).status).toBe(0);
      const cache = readFileSync(`${bundle}.cache`);
      expect(cache.length).toBeGreaterThan(40);
      expect(JSON.parse(run(load).stdout)).toEqual({ v: 1, file: bundle, dir, sep: "/", rel: "function" });
      // Same length, other bytes: V8 alone would accept the stale cache; the SHA-1 refuses it.
      writeFileSync(bundle, `exports.answer = () => ({ v: 2, file: __filename, dir: __dirname, sep: require("node:path").sep, rel: typeof require.resolve });`);
      expect(JSON.parse(run(load).stdout).v).toBe(2);
      // A corrupt cache body with the right digest: V8 rejects it and compiles as usual.
      writeFileSync(`${bundle}.cache`, Buffer.concat([cache.subarray(0, 40), Buffer.alloc(100, 7)]));
      writeFileSync(bundle, `exports.answer = () => ({ v: 1, file: __filename, dir: __dirname, sep: require("node:path").sep, rel: typeof require.resolve });`);
      expect(JSON.parse(run(load).stdout).v).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads an ASCII bundle as Latin-1 and any other as UTF-8: the same text, cached or not", () => {
    // The built bundles are ASCII (scripts/ascii-only.mjs); a bundle that is not must still be
    // read as UTF-8, or its Chinese would come out as Latin-1 mojibake.
    mkdirSync(dir, { recursive: true });
    try {
      for (const [source, want] of [
        [`exports.answer = () => "\\u8003\\u573a plain ASCII source";`, "考场 plain ASCII source"],
        [`exports.answer = () => "考场 é UTF-8 source 😀";`, "考场 é UTF-8 source 😀"],
      ] as const) {
        writeFileSync(bundle, source);
        rmSync(`${bundle}.cache`, { force: true });
        expect(JSON.parse(run(load).stdout)).toBe(want);
        expect(run(`require(${JSON.stringify(loader)}).writeCodeCache(${JSON.stringify(bundle)})`).status).toBe(0);
        expect(JSON.parse(run(load).stdout)).toBe(want);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the built CLI has a cache for its own bytes", () => {
    const cli = join(__dirname, "../../dist/cli.js");
    const digest = require("node:crypto").createHash("sha1").update(readFileSync(cli)).digest("hex");
    expect(readFileSync(`${cli}.cache`).subarray(0, 40).toString("latin1")).toBe(digest);
    const r = spawnSync(process.execPath, [join(__dirname, "../../bin/examlab.js"), "--version"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
