import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** `npm run synth -- files`, `examlab synth`, unknown stacks and stale stacks (issue 12). */
const ROOT = path.resolve(__dirname, "../..");
const IDS = ["demo-intermediate", "demo-primary"];

function synth(args: string[], out: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ["dist/main.js", ...args], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: out, ...env }, encoding: "utf8" });
}
const manifestIds = (out: string) => Object.keys(JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8")).stacks).sort();
const stackDirs = (out: string) => fs.readdirSync(path.join(out, "stacks")).sort();
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "examlab-synth-args-"));

describe("synth arguments and output upkeep", () => {
  it("synthesizes only the site files given, and removes stacks of sites that no longer exist on a full synth", () => {
    const out = tmp();
    const one = synth(["sites/demo-primary.ts"], out);
    expect(one.status, one.stderr).toBe(0);
    expect(stackDirs(out)).toEqual(["demo-primary"]);
    expect(manifestIds(out)).toEqual(["demo-primary"]);
    // A stack whose site file was deleted or renamed.
    fs.mkdirSync(path.join(out, "stacks", "old-site", "files"), { recursive: true });
    fs.writeFileSync(path.join(out, "stacks", "old-site", "cdk.tf.json"), "{}");
    const all = synth([], out);
    expect(all.status, all.stderr).toBe(0);
    expect(stackDirs(out)).toEqual(IDS);
    expect(manifestIds(out)).toEqual(IDS);
  });

  it("a partial synth keeps the other stacks and their manifest entries (cdktf deploy other still works)", () => {
    const out = tmp();
    expect(synth([], out).status).toBe(0);
    const before = fs.readFileSync(path.join(out, "manifest.json"), "utf8");
    const r = synth(["sites/demo-intermediate.yaml"], out);
    expect(r.status, r.stderr).toBe(0);
    expect(stackDirs(out)).toEqual(IDS);
    expect(manifestIds(out)).toEqual(IDS);
    // Same bytes as the full synth wrote (json-stable-stringify, cdktf's own format).
    expect(fs.readFileSync(path.join(out, "manifest.json"), "utf8")).toBe(before);
  });

  it("synthesizes the given files also when the retired EXAMLAB_WORKERS is set", () => {
    const out = tmp();
    const r = synth(["sites/demo-primary.ts", "sites/demo-intermediate.yaml"], out, { EXAMLAB_WORKERS: "2" });
    expect(r.status, r.stderr).toBe(0);
    expect(manifestIds(out)).toEqual(IDS);
  });

  it("an unknown stack lists the stacks that exist; a missing file is named (exit 2, nothing half-written)", () => {
    const out = tmp();
    const r = synth([], out, { EXAMLAB_ONLY_SITES: "demo-intermedate" });
    expect(r.status).toBe(2);
    // Chinese by default (no site file names a language here), English with EXAMLAB_LANG=en (examlab synth --lang en)
    expect(r.stderr).toContain("找不到栈“demo-intermedate”；现有的栈：demo-intermediate, demo-primary");
    expect(synth([], out, { EXAMLAB_ONLY_SITES: "demo-intermedate", EXAMLAB_LANG: "en" }).stderr).toContain('stack "demo-intermedate" not found; stacks: demo-intermediate, demo-primary');
    const m = synth(["sites/nope.yaml", "README.md"], out, { EXAMLAB_LANG: "en" });
    expect(m.status).toBe(2);
    expect(m.stderr).toMatch(/sites\/nope\.yaml.*site file not found/);
    expect(m.stderr).toMatch(/README\.md.*not a site file/);
    expect(synth(["sites/nope.yaml"], out).stderr).toMatch(/sites\/nope\.yaml.*找不到考点文件/);
    // No stack was written (the output folder may exist, empty).
    expect(fs.existsSync(path.join(out, "stacks")) ? fs.readdirSync(path.join(out, "stacks")) : []).toEqual([]);
  });

  it("`examlab synth <files> [--stack id]` runs the same app", () => {
    const out = tmp();
    const r = spawnSync(process.execPath, ["bin/examlab.js", "synth", "sites/demo-primary.ts", "sites/demo-intermediate.yaml", "--stack", "demo-primary"], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: out }, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(stackDirs(out)).toEqual(["demo-primary"]);
    const bad = spawnSync(process.execPath, ["bin/examlab.js", "synth", "--stack", "x"], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: out }, encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("找不到栈“x”；现有的栈：demo-intermediate, demo-primary");
  });
});
