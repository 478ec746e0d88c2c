import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * The app's V8 code cache (stacks/launcher.ts → dist/main.js). It must never change behaviour:
 * a module whose source changed is compiled from the new source even when its length is the same
 * (V8 itself checks only the length), a damaged or unwritable cache only costs speed, and the app
 * writes the same bytes with a cold cache, a warm one and none.
 * The launcher runs the app.js beside it, so a copy with a small fixture app tests it in isolation.
 */
const ROOT = path.resolve(__dirname, "../..");
const LAUNCHER = path.join(ROOT, "dist/main.js");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-code-cache-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function fixture(name: string): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  fs.copyFileSync(LAUNCHER, path.join(dir, "main.js"));
  fs.writeFileSync(path.join(dir, "app.js"), `"use strict";\nconst dep = require("./dep");\nprocess.stdout.write(dep.word() + " " + require("./data.json").n);\n`);
  fs.writeFileSync(path.join(dir, "dep.js"), `exports.word = function () { return "AAAA"; };\n`);
  fs.writeFileSync(path.join(dir, "data.json"), `{"n": 1}`);
  return dir;
}
const run = (dir: string, env: Record<string, string> = {}) => spawnSync(process.execPath, [path.join(dir, "main.js")], { env: { ...process.env, ...env }, encoding: "utf8" });
const cacheFiles = (dir: string): string[] => (fs.existsSync(path.join(dir, ".v8-cache")) ? fs.readdirSync(path.join(dir, ".v8-cache")) : []);

describe("V8 code cache of the app", () => {
  it("is written by the first run and used by the next, with the same result", () => {
    const dir = fixture("warm");
    expect(run(dir).stdout).toBe("AAAA 1");
    expect(cacheFiles(dir)).toHaveLength(1);
    const written = fs.statSync(path.join(dir, ".v8-cache", cacheFiles(dir)[0])).mtimeMs;
    expect(run(dir).stdout).toBe("AAAA 1");
    // Nothing new was compiled: not written again.
    expect(fs.statSync(path.join(dir, ".v8-cache", cacheFiles(dir)[0])).mtimeMs).toBe(written);
  });

  it("a cached module is read as the same text whether it is ASCII or UTF-8", () => {
    // stacks/launcher.ts reads a module it has cached code for itself: ASCII as Latin-1 (no
    // decoding), anything else as UTF-8, as Node would.
    const dir = fixture("encodings");
    fs.writeFileSync(path.join(dir, "dep.js"), `exports.word = function () { return "\\u8003\\u573a/考场 é 😀"; };\n`);
    expect(run(dir).stdout).toBe("考场/考场 é 😀 1");
    expect(run(dir).stdout).toBe("考场/考场 é 😀 1");
    fs.writeFileSync(path.join(dir, "dep.js"), `exports.word = function () { return "\\u8003\\u573a ascii"; };\n`);
    expect(run(dir).stdout).toBe("考场 ascii 1");
    expect(run(dir).stdout).toBe("考场 ascii 1");
  });

  it("a module changed to a source of the same length runs its new code", () => {
    const dir = fixture("same-length");
    expect(run(dir).stdout).toBe("AAAA 1");
    fs.writeFileSync(path.join(dir, "dep.js"), `exports.word = function () { return "BBBB"; };\n`);
    expect(run(dir).stdout).toBe("BBBB 1");
    fs.writeFileSync(path.join(dir, "data.json"), `{"n": 2}`);
    expect(run(dir).stdout).toBe("BBBB 2");
  });

  it("a module changed to the same length with its old modification time restored runs its new code", () => {
    // The cache is keyed by file identity (stacks/launcher.ts fileIdentity): tools that keep or
    // restore mtimes (npm's fixed dates, cp -p, touch -d) cannot hide a change, the ctime moves.
    const dir = fixture("same-mtime");
    const dep = path.join(dir, "dep.js");
    const npmDate = new Date("1985-10-26T08:15:00Z"); // the fixed mtime npm gives installed files
    fs.utimesSync(dep, npmDate, npmDate);
    const before = fs.statSync(dep);
    expect(run(dir).stdout).toBe("AAAA 1");
    fs.writeFileSync(dep, `exports.word = function () { return "CCCC"; };\n`);
    fs.utimesSync(dep, npmDate, npmDate);
    expect(fs.statSync(dep).mtimeMs).toBe(before.mtimeMs);
    expect(run(dir).stdout).toBe("CCCC 1");
    // Replaced by a new file (new inode) of the same length and times: also compiled again.
    const tmp = path.join(dir, "dep.js.new");
    fs.writeFileSync(tmp, `exports.word = function () { return "DDDD"; };\n`);
    fs.utimesSync(tmp, npmDate, npmDate);
    fs.renameSync(tmp, dep);
    expect(run(dir).stdout).toBe("DDDD 1");
  });

  it("a rebuilt app gets a cache of its own, and the old one is removed", () => {
    const dir = fixture("rebuilt");
    run(dir);
    const before = cacheFiles(dir);
    fs.appendFileSync(path.join(dir, "app.js"), `process.stdout.write("!");\n`);
    expect(run(dir).stdout).toBe("AAAA 1!");
    const after = cacheFiles(dir);
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
  });

  it("a damaged cache file is ignored and written again", () => {
    const dir = fixture("damaged");
    run(dir);
    const file = path.join(dir, ".v8-cache", cacheFiles(dir)[0]);
    for (const bytes of [Buffer.from("garbage"), Buffer.alloc(0), Buffer.concat([fs.readFileSync(file).subarray(0, 200), Buffer.alloc(5000, 7)])]) {
      fs.writeFileSync(file, bytes);
      const r = run(dir);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe("AAAA 1");
    }
    expect(run(dir).stdout).toBe("AAAA 1");
  });

  it("an unwritable cache folder only costs the speed-up; EXAMLAB_CODE_CACHE=off writes none", () => {
    const dir = fixture("readonly");
    fs.writeFileSync(path.join(dir, ".v8-cache"), "a file where the folder would be");
    const r = run(dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe("AAAA 1");
    const off = fixture("off");
    expect(run(off, { EXAMLAB_CODE_CACHE: "off" }).stdout).toBe("AAAA 1");
    expect(cacheFiles(off)).toEqual([]);
  });

  it("the app writes the same bytes with a cold cache, a warm one and none", () => {
    const tree = (dir: string): string[] =>
      fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
        .sort();
    const outs = ["cold", "warm", "off"].map((k) => path.join(work, `out-${k}`));
    const env = { CDKTF_OUTDIR: "", EXAMLAB_CACHE: "off", EXAMLAB_ONLY_SITES: "demo-intermediate" };
    // A private copy of dist/ (inside the package, for node_modules and templates/), so the cache
    // of the worktree's dist/ is not touched.
    fs.mkdirSync(path.join(ROOT, ".tmp"), { recursive: true });
    const copy = fs.mkdtempSync(path.join(ROOT, ".tmp", "code-cache-"));
    onTestFinished(() => fs.rmSync(copy, { recursive: true, force: true }));
    const dist = path.join(copy, "dist");
    fs.cpSync(path.join(ROOT, "dist"), dist, { recursive: true, filter: (src) => !src.includes(".v8-cache") });
    const app = (out: string, extra: Record<string, string> = {}) =>
      spawnSync(process.execPath, [path.join(dist, "main.js")], { cwd: ROOT, env: { ...process.env, ...env, CDKTF_OUTDIR: out, ...extra }, encoding: "utf8" });
    expect(app(outs[0]).status).toBe(0);
    expect(cacheFiles(dist)).toHaveLength(1);
    expect(app(outs[1]).status).toBe(0);
    expect(app(outs[2], { EXAMLAB_CODE_CACHE: "off" }).status).toBe(0);
    for (const out of outs.slice(1)) {
      expect(tree(out)).toEqual(tree(outs[0]));
      for (const f of tree(outs[0])) expect(fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(outs[0], f))), f).toBe(true);
    }
  });
});
