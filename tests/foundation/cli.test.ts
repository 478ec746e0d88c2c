import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";

const ROOT = path.resolve(__dirname, "../..");
const run = (...args: string[]) => spawnSync("node", [path.join(ROOT, "bin/examlab.js"), ...args], { cwd: ROOT, encoding: "utf8" });
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "examlab-cli-"));
const listFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.relative(dir, path.join(d.parentPath, d.name))).sort();

describe("examlab CLI", () => {
  it("validate: exit 0 for the samples, 2 with file:line:field messages for a broken file", () => {
    const ok = run("validate", "sites/demo-intermediate.yaml", "sites/demo-primary.ts", "--lang", "en");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("ok sites/demo-primary.ts: site demo-primary, 1 room(s)");
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "bad.yaml"), "id: bad\nname: B\nlevels: [primary]\nnetwork: { block: 10.1.0.0/16 }\nrooms:\n  - id: '1'\n    levels: [primary]\n    candidates: 4\n    layut: {}\n");
    const bad = run("validate", path.join(dir, "bad.yaml"), "--lang", "en");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(`${path.join(dir, "bad.yaml")}:9: rooms[0].layut: unknown field "layut"`);
    expect(bad.stderr).toContain(`${path.join(dir, "bad.yaml")}:6: rooms[0].layout: missing required field (expected a map)`);
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("validate: a missing file and an unsupported type are input errors", () => {
    const r = run("validate", "nope.yaml", "README.md", "--lang", "en");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("nope.yaml: cannot read file (ENOENT)");
    expect(r.stderr).toContain('README.md: unsupported site file type ".md"');
  });

  it("usage errors exit 2 and every command has --help", () => {
    expect(run("frobnicate").status).toBe(2);
    expect(run("export", "sites/demo-intermediate.yaml").status).toBe(2); // --out missing
    for (const cmd of ["validate", "export", "plan"]) {
      const h = run(cmd, "--help");
      expect(h.status, cmd).toBe(0);
      expect(h.stdout).toContain(`用法： examlab ${cmd}`);
      expect(run(cmd, "--help", "--lang", "en").stdout).toContain(`Usage: examlab ${cmd}`);
    }
  });

  it("export writes each site's files and a manifest with kind, target and sha256", () => {
    const out = tmp();
    const r = run("export", "sites/demo-intermediate.yaml", "sites/demo-primary.ts", "--out", out);
    expect(r.status, r.stderr).toBe(0);
    for (const id of ["demo-intermediate", "demo-primary"]) {
      const dir = path.join(out, id);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
      expect(manifest.site).toBe(id);
      const listed = manifest.files.map((f: { path: string }) => f.path);
      expect(listed).toContain("network/static-leases.csv");
      expect([...listed, "manifest.json"].sort()).toEqual(listFiles(dir));
      for (const f of manifest.files) {
        expect(f.kind).toBeTruthy();
        expect(f.target).toBeTruthy();
        expect(createHash("sha256").update(fs.readFileSync(path.join(dir, f.path))).digest("hex")).toBe(f.sha256);
      }
    }
    expect(fs.readdirSync(out).sort()).toEqual(["demo-intermediate", "demo-primary"]); // no temp folders left
  });

  it("export is deterministic: two runs give byte-identical trees", () => {
    const [a, b] = [tmp(), tmp()];
    expect(run("export", "sites/demo-intermediate.yaml", "--out", a).status).toBe(0);
    expect(run("export", "sites/demo-intermediate.yaml", "--out", b).status).toBe(0);
    const files = listFiles(path.join(a, "demo-intermediate"));
    expect(files).toEqual(listFiles(path.join(b, "demo-intermediate")));
    for (const f of files) expect(fs.readFileSync(path.join(a, "demo-intermediate", f)).equals(fs.readFileSync(path.join(b, "demo-intermediate", f))), f).toBe(true);
  });

  it("export writes nothing when any site is invalid, and keeps an earlier export intact", () => {
    const out = tmp();
    expect(run("export", "sites/demo-intermediate.yaml", "--out", out).status).toBe(0);
    const before = listFiles(path.join(out, "demo-intermediate"));
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "bad.yaml"), "id: bad\n");
    const r = run("export", "sites/demo-intermediate.yaml", "sites/demo-primary.ts", path.join(dir, "bad.yaml"), "--out", out);
    expect(r.status).toBe(2);
    expect(fs.readdirSync(out)).toEqual(["demo-intermediate"]);
    expect(listFiles(path.join(out, "demo-intermediate"))).toEqual(before);
  });

  it("plan prints the seat table as text, CSV and JSON", () => {
    const text = run("plan", "sites/demo-intermediate.yaml");
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/201\s+1\s+candidate\s+R201-01\s+00:1A:2B:20:01:01\s+10\.20\.201\.10\s+fd00:20:0:c9::a/);
    const csv = run("plan", "sites/demo-intermediate.yaml", "--format", "csv");
    expect(csv.stdout.split("\r\n")[0]).toBe("room,seat,role,hostname,mac,ipv4,ipv6");
    const json = JSON.parse(run("plan", "sites/demo-primary.ts", "--format", "json").stdout);
    expect(json.rooms).toEqual([{ room: "A101", subnet: "10.30.101.0/24", source: "room-number", gateway: "10.30.101.1" }]);
    expect(run("plan", "sites/demo-primary.ts", "--format", "xml").status).toBe(2);
  });

  it("site ids must be unique across the files given", () => {
    const dir = tmp();
    fs.copyFileSync(path.join(ROOT, "sites/demo-intermediate.yaml"), path.join(dir, "copy.yaml"));
    const r = run("validate", "sites/demo-intermediate.yaml", path.join(dir, "copy.yaml"), "--lang", "en");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('site id "demo-intermediate" is also used by sites/demo-intermediate.yaml');
  });
});
