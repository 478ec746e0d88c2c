import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { planShards } from "../../stacks/shards";

/**
 * Output folders of a (sharded) synth (issue 14). Defect class: a process creates a folder of the
 * output by "check, then mkdir" (cdktf's App, Manifest and stack synthesizer do, non-recursively)
 * or under a parent that may not exist, so
 *  - two worker processes race for the shared folders (outdir, outdir/stacks): EEXIST;
 *  - an output folder whose parents are missing: ENOENT (also the shard temp folder beside it);
 * and, from the same cause (workers check their own share only), sites of different workers were
 * not checked against each other before writing: a duplicate site id across shards passed, and a
 * bad site in one shard left the other shard's output behind.
 * The race is made deterministic with a preload that plays the other process: every existence
 * check of a missing folder inside the output answers "no" and then creates it, as a concurrent
 * worker would between the check and the mkdir.
 */
const ROOT = path.resolve(__dirname, "../..");
const APP = path.join(ROOT, "dist/main.js");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-shard-out-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const template = fs.readFileSync(path.join(ROOT, "sites/demo-intermediate.yaml"), "utf8");
function makeSites(name: string, n: number): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) fs.writeFileSync(path.join(dir, `s${String(i).padStart(2, "0")}.yaml`), template.replace(/^id: demo-intermediate$/m, `id: many-${String(i).padStart(2, "0")}`));
  return dir;
}

const RACE = path.join(work, "race-preload.cjs");
fs.writeFileSync(
  RACE,
  `const fs = require("fs"), path = require("path");
const root = path.resolve(process.env.RACE_OUTDIR);
const real = fs.existsSync;
fs.existsSync = function (p) {
  const abs = path.resolve(String(p));
  if ((abs === root || abs.startsWith(root + path.sep)) && !real(abs)) {
    fs.mkdirSync(abs, { recursive: true }); // the other worker wins the race
    return false;
  }
  return real(p);
};
`,
);

function synth(sites: string, out: string, env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("EXAMLAB_") && !k.startsWith("CDKTF_")));
  return spawnSync(process.execPath, [APP], { cwd: ROOT, env: { ...clean, EXAMLAB_SITES: sites, CDKTF_OUTDIR: out, EXAMLAB_CACHE: "off", ...env }, encoding: "utf8" });
}
const tree = (dir: string): string[] =>
  fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
function expectSame(out: string, ref: string): void {
  expect(tree(out)).toEqual(tree(ref));
  for (const f of tree(ref)) expect(fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(ref, f))), f).toBe(true);
}

describe("sharded synth: output folders", () => {
  const sites = makeSites("sites", 12);
  const ref = path.join(work, "ref");
  it("reference: one process", () => {
    const r = synth(sites, ref, { EXAMLAB_WORKERS: "1" });
    expect(r.status, r.stderr).toBe(0);
    expect(fs.readdirSync(path.join(ref, "stacks"))).toHaveLength(12);
  });

  // Missing (with missing parents), empty, and holding a previous synth's output.
  const kinds: [string, (out: string) => void][] = [
    ["missing, parents missing too", () => {}],
    ["empty", (out) => fs.mkdirSync(out, { recursive: true })],
    ["holding a previous synth", (out) => fs.cpSync(ref, out, { recursive: true })],
  ];
  for (const workers of ["1", "2", "4"])
    for (const [kind, prepare] of kinds) {
      it(`${workers} worker(s), output folder ${kind}: byte-identical to one process`, () => {
        const out = path.join(work, `w${workers}-${kind.split(" ")[0]}`, "deeper", "out");
        prepare(out);
        const r = synth(sites, out, { EXAMLAB_WORKERS: workers });
        expect(r.status, r.stderr).toBe(0);
        expectSame(out, ref);
      });
      it(`${workers} worker(s), output folder ${kind}, another process creating folders between check and mkdir`, () => {
        const out = path.join(work, `race-w${workers}-${kind.split(" ")[0]}`, "out");
        prepare(out);
        const r = synth(sites, out, { EXAMLAB_WORKERS: workers, NODE_OPTIONS: `--require ${RACE}`, RACE_OUTDIR: out });
        expect(r.status, r.stderr).toBe(0);
        expectSame(out, ref);
      });
    }

  it("leaves nothing beside the output folder (no shard temp folders)", () => {
    const parent = path.join(work, "beside");
    fs.mkdirSync(parent);
    expect(synth(sites, path.join(parent, "out"), { EXAMLAB_WORKERS: "2" }).status).toBe(0);
    expect(fs.readdirSync(parent)).toEqual(["out"]);
  });
});

describe("sharded synth: sites of different workers are checked together before anything is written", () => {
  for (const workers of ["1", "2", "4"]) {
    it(`${workers} worker(s): a site id used in two shards is an input error naming both files (exit 2, no output)`, () => {
      const sites = makeSites(`dup-${workers}`, 8);
      // The first and last file land in different shards whenever there are several.
      fs.writeFileSync(path.join(sites, "s07.yaml"), fs.readFileSync(path.join(sites, "s00.yaml")));
      const out = path.join(work, `dup-out-${workers}`);
      const r = synth(sites, out, { EXAMLAB_WORKERS: workers });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(`site id "many-00" is also used by`);
      expect(r.stderr).toContain(path.join(sites, "s00.yaml"));
      expect(r.stderr).toContain(path.join(sites, "s07.yaml"));
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(fs.existsSync(out)).toBe(false);
    });

    it(`${workers} worker(s): an invalid site in the last shard leaves no output of the other shards (exit 2)`, () => {
      const sites = makeSites(`bad-${workers}`, 8);
      fs.writeFileSync(path.join(sites, "s07.yaml"), "id: broken\n");
      const out = path.join(work, `bad-out-${workers}`);
      const r = synth(sites, out, { EXAMLAB_WORKERS: workers });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`${path.join(sites, "s07.yaml")}:1: name: 缺少必填字段`); // Chinese by default
      expect(fs.existsSync(out)).toBe(false);
    });
  }
});

describe("how many workers", () => {
  it("one process by default; EXAMLAB_WORKERS a number (at most one per site) or auto (one per core, at most 4)", () => {
    for (const n of [1, 16, 1000]) expect(planShards(n, undefined)).toBe(1);
    expect(planShards(1000, "2")).toBe(2);
    expect(planShards(3, "8")).toBe(3);
    expect(planShards(1000, "0")).toBe(1);
    expect(planShards(1000, "auto")).toBe(Math.min(os.availableParallelism(), 4));
    expect(planShards(1, "auto")).toBe(1);
    expect(planShards(1000, "many")).toBe(1);
  });
});
