import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing } from "cdktf";
import { buildApp } from "../../stacks/app";
import { SiteStack } from "../../stacks/site-stack";
import { loadSiteSource } from "../../src/model/sources";

const ROOT = path.resolve(__dirname, "../..");

describe("cdktf app", () => {
  it("builds one stack per sample site with the IP plan as outputs", () => {
    const site = loadSiteSource("sites/demo-intermediate.yaml");
    const app = Testing.app();
    const stack = new SiteStack(app, { site });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.output.ip_plan.value["201"]).toEqual({ subnet: "10.20.201.0/24", gateway: "10.20.201.1", subnet6: "fd00:20:0:c9::/64" });
  });

  it("fullSynth writes the generated files next to cdk.tf.json", () => {
    const site = loadSiteSource("sites/demo-primary.ts");
    const app = Testing.app();
    const stack = new SiteStack(app, { site });
    const dir = Testing.fullSynth(stack);
    const stackDir = path.join(dir, "stacks", "demo-primary");
    expect(fs.existsSync(path.join(stackDir, "cdk.tf.json"))).toBe(true);
    const manifest = JSON.parse(fs.readFileSync(path.join(stackDir, "files", "manifest.json"), "utf8"));
    for (const f of manifest.files) expect(fs.existsSync(path.join(stackDir, "files", f.path)), f.path).toBe(true);
  });

  it("the precompiled app (node dist/main.js) synthesizes every site in sites/ into cdktf.out/stacks/<id>", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-synth-"));
    const r = spawnSync("node", ["dist/main.js"], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: out }, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks).sort()).toEqual(["demo-intermediate", "demo-primary"]);
    for (const id of ["demo-intermediate", "demo-primary"]) {
      expect(fs.existsSync(path.join(out, "stacks", id, "cdk.tf.json"))).toBe(true);
      expect(fs.existsSync(path.join(out, "stacks", id, "files", "manifest.json"))).toBe(true);
    }
  });

  it("the stack's files equal `examlab export` byte for byte", () => {
    const site = loadSiteSource("sites/demo-intermediate.yaml");
    const stackDir = path.join(Testing.fullSynth(new SiteStack(Testing.app(), { site })), "stacks", "demo-intermediate", "files");
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-exp-"));
    const r = spawnSync("node", ["bin/examlab.js", "export", "sites/demo-intermediate.yaml", "--out", out], { cwd: ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const m1 = fs.readFileSync(path.join(stackDir, "manifest.json"), "utf8");
    const m2 = fs.readFileSync(path.join(out, "demo-intermediate", "manifest.json"), "utf8");
    expect(m1).toBe(m2);
  });

  it("an invalid site in sites/ stops the app with file:line messages and exit 2", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-sites-"));
    fs.writeFileSync(path.join(dir, "x.yaml"), "id: x\nname: X\nlevels: [primary]\nnetwork: { block: nope }\nrooms: []\n");
    const r = spawnSync("node", ["dist/main.js"], { cwd: ROOT, env: { ...process.env, EXAMLAB_SITES: dir, CDKTF_OUTDIR: path.join(dir, "out") }, encoding: "utf8" });
    expect(r.status).toBe(2);
    // Chinese unless the site file or EXAMLAB_LANG (examlab synth --lang) says otherwise.
    expect(r.stderr).toContain(`${path.join(dir, "x.yaml")}:5: rooms: 至少填写一个考场`);
    const en = spawnSync("node", ["dist/main.js"], { cwd: ROOT, env: { ...process.env, EXAMLAB_SITES: dir, CDKTF_OUTDIR: path.join(dir, "out"), EXAMLAB_LANG: "en" }, encoding: "utf8" });
    expect(en.stderr).toContain(`${path.join(dir, "x.yaml")}:5: rooms: expected at least one room`);
    fs.writeFileSync(path.join(dir, "x.yaml"), "language: en\nid: x\nname: X\nlevels: [primary]\nnetwork: { block: nope }\nrooms: []\n");
    const own = spawnSync("node", ["dist/main.js"], { cwd: ROOT, env: { ...process.env, EXAMLAB_SITES: dir, CDKTF_OUTDIR: path.join(dir, "out") }, encoding: "utf8" });
    expect(own.stderr).toContain(`${path.join(dir, "x.yaml")}:6: rooms: expected at least one room`);
  });

  it("buildApp orders stacks by site id", () => {
    const app = buildApp([loadSiteSource("sites/demo-primary.ts"), loadSiteSource("sites/demo-intermediate.yaml")], fs.mkdtempSync(path.join(os.tmpdir(), "examlab-app-")));
    expect(app.node.children.map((c) => c.node.id)).toEqual(["demo-intermediate", "demo-primary"]);
  });
});

describe("many sites in one process (sharding removed, issue 14)", () => {
  const makeSites = (n: number) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-many-"));
    const template = fs.readFileSync(path.join(ROOT, "sites/demo-intermediate.yaml"), "utf8");
    for (let i = 0; i < n; i++) fs.writeFileSync(path.join(dir, `s${String(i).padStart(2, "0")}.yaml`), template.replace(/^id: demo-intermediate$/m, `id: many-${i}`));
    return dir;
  };
  const synth = (sites: string, out: string, workers?: string) =>
    spawnSync("node", ["dist/main.js"], { cwd: ROOT, env: { ...process.env, EXAMLAB_SITES: sites, CDKTF_OUTDIR: out, EXAMLAB_CACHE: "off", ...(workers ? { EXAMLAB_WORKERS: workers } : {}) }, encoding: "utf8" });
  const tree = (dir: string): string[] => fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.relative(dir, path.join(d.parentPath, d.name))).sort();

  it("EXAMLAB_WORKERS is ignored with a note: the same bytes as without it, no worker processes", () => {
    const sites = makeSites(3);
    const [one, two] = [path.join(sites, "out1"), path.join(sites, "out2")];
    const plain = synth(sites, one);
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stderr).not.toContain("EXAMLAB_WORKERS");
    const r = synth(sites, two, "2");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("EXAMLAB_WORKERS is no longer used");
    expect(tree(two)).toEqual(tree(one));
    for (const f of tree(one)) expect(fs.readFileSync(path.join(two, f)).equals(fs.readFileSync(path.join(one, f))), f).toBe(true);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(two, "manifest.json"), "utf8")).stacks)).toHaveLength(3);
  });

  it("an invalid site among many fails the whole synth with its message (exit 2) and writes nothing", () => {
    const sites = makeSites(3);
    fs.writeFileSync(path.join(sites, "s01.yaml"), "id: broken\n");
    const r = synth(sites, path.join(sites, "out"));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${path.join(sites, "s01.yaml")}:1: name: 缺少必填字段`); // Chinese by default
    expect(fs.existsSync(path.join(sites, "out", "stacks"))).toBe(false);
  });
});

describe("inventory on synth (EXAMLAB_INVENTORY)", () => {
  const synth = (inventory: string) => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-inv-synth-"));
    const r = spawnSync("node", ["dist/main.js"], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: out, EXAMLAB_ONLY_SITES: "demo-intermediate", EXAMLAB_INVENTORY: inventory }, encoding: "utf8" });
    return { ...r, out };
  };

  it("a measured machine below the minimum fails the synth and lands in the stack's compliance report", () => {
    const inv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "examlab-inv-")), "measured.csv");
    fs.writeFileSync(inv, "room,seat,ramGB\n201,5,1\n");
    const r = synth(inv);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("PC-RAM [rooms/201/seats/5]");
    const report = JSON.parse(fs.readFileSync(path.join(r.out, "stacks/demo-intermediate/files/compliance/report.json"), "utf8"));
    expect(JSON.stringify(report)).toContain("rooms/201/seats/5");
  });

  it("an inventory naming a room the site lacks is an input error (exit 2, file:line)", () => {
    const inv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "examlab-inv-")), "bad.csv");
    fs.writeFileSync(inv, "room,seat,ramGB\n999,5,1\n");
    const r = synth(inv);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${inv}:2: room: 考点 demo-intermediate 中没有考场 "999"`); // Chinese: the CSV names no language
  });
});
