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
    expect(r.stderr).toContain(`${path.join(dir, "x.yaml")}:5: rooms: expected at least one room`);
  });

  it("buildApp orders stacks by site id", () => {
    const app = buildApp([loadSiteSource("sites/demo-primary.ts"), loadSiteSource("sites/demo-intermediate.yaml")], fs.mkdtempSync(path.join(os.tmpdir(), "examlab-app-")));
    expect(app.node.children.map((c) => c.node.id)).toEqual(["demo-intermediate", "demo-primary"]);
  });
});
