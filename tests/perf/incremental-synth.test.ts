import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SynthCache, inputsFingerprint, stackKey } from "../../stacks/synth-cache";

/**
 * Incremental synth (issue 14): after a change, a re-synth rebuilds only what the change touches
 * and its output is byte-identical to a clean synth of the same inputs. Every cache key is
 * checked: the site file (content and path), the files a site reads (allowlist sources), the
 * inventories of EXAMLAB_INVENTORY, the date (suppression expiry), the app bundle, templates/,
 * policies/ and the versions (examlab, Node, cdktf, providers); plus a tampered outdir or cache.
 */
const ROOT = path.resolve(__dirname, "../..");
const APP = path.join(ROOT, "dist/main.js");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-incr-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const template = fs.readFileSync(path.join(ROOT, "sites/demo-intermediate.yaml"), "utf8");
function makeSites(n: number): string {
  const dir = fs.mkdtempSync(path.join(work, "sites-"));
  for (let i = 0; i < n; i++) fs.writeFileSync(path.join(dir, `s${i}.yaml`), template.replace(/^id: demo-intermediate$/m, `id: incr-${i}`));
  return dir;
}

/** Runs the app in `cwd` (outdir cwd/cdktf.out, so it prints its summary); `cached`: stacks taken from the cache. */
// CDKTF_OUTDIR="" would be used as a path: drop it.
const clean = (env: NodeJS.ProcessEnv) => Object.fromEntries(Object.entries(env).filter(([k]) => k !== "CDKTF_OUTDIR"));
function run(sites: string, cwd: string, env: Record<string, string> = {}) {
  fs.mkdirSync(cwd, { recursive: true });
  const r = spawnSync(process.execPath, [APP], { cwd, env: { ...clean(process.env), EXAMLAB_SITES: sites, ...env }, encoding: "utf8" });
  const m = /\((\d+) unchanged, from cache\)/.exec(r.stdout);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, cached: m ? Number(m[1]) : 0, out: path.join(cwd, "cdktf.out") };
}

const tree = (dir: string): string[] =>
  fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.relative(dir, path.join(d.parentPath, d.name))).filter((f) => !f.startsWith(".examlab-cache")).sort();

/** The outdir equals a clean synth (fresh folder, no cache) of the same inputs, byte for byte. */
function expectSameAsClean(out: string, sites: string, env: Record<string, string> = {}) {
  // Same working directory (cdktf's local backend path is absolute), a fresh outdir, no cache.
  const freshOut = fs.mkdtempSync(path.join(work, "clean-"));
  const fresh = run(sites, path.dirname(out), { ...env, EXAMLAB_CACHE: "off", CDKTF_OUTDIR: freshOut });
  expect(fresh.status, fresh.stderr).toBe(0);
  expect(tree(out)).toEqual(tree(freshOut));
  for (const f of tree(out)) expect(fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(freshOut, f))), f).toBe(true);
}

describe("incremental synth", () => {
  it("a re-synth takes unchanged stacks from the cache, byte-identical to a clean synth", () => {
    const sites = makeSites(3);
    const cwd = path.join(work, "a");
    const first = run(sites, cwd);
    expect(first.status, first.stderr).toBe(0);
    expect(first.cached).toBe(0);
    const second = run(sites, cwd);
    expect(second.cached).toBe(3);
    expectSameAsClean(second.out, sites);
  });

  it("key: the site file's content (only that site is rebuilt) and its path", () => {
    const sites = makeSites(3);
    const cwd = path.join(work, "b");
    run(sites, cwd);
    fs.writeFileSync(path.join(sites, "s1.yaml"), fs.readFileSync(path.join(sites, "s1.yaml"), "utf8").replace(/^name: (.*)$/m, "name: $1 (renamed)"));
    const r = run(sites, cwd);
    expect(r.status, r.stderr).toBe(0);
    expect(r.cached).toBe(2);
    expect(fs.readFileSync(path.join(r.out, "stacks/incr-1/cdk.tf.json"), "utf8")).toContain("(renamed)");
    expectSameAsClean(r.out, sites);
    // Same bytes under another file name: messages name the file, so it is another key.
    fs.renameSync(path.join(sites, "s2.yaml"), path.join(sites, "s9.yaml"));
    expect(run(sites, cwd).cached).toBe(2);
    expectSameAsClean(r.out, sites);
  });

  it("a removed site's stack disappears, as in a clean synth", () => {
    const sites = makeSites(3);
    const cwd = path.join(work, "c");
    run(sites, cwd);
    fs.rmSync(path.join(sites, "s0.yaml"));
    const r = run(sites, cwd);
    expect(r.cached).toBe(2);
    expect(fs.existsSync(path.join(r.out, "stacks/incr-0"))).toBe(false);
    expectSameAsClean(r.out, sites);
  });

  it("key: a file the site reads (allowlist source) and EXAMLAB_INVENTORY", () => {
    const sites = makeSites(2);
    const list = path.join(sites, "official.txt");
    fs.writeFileSync(list, "example.com\n");
    const s0 = path.join(sites, "s0.yaml");
    fs.writeFileSync(s0, fs.readFileSync(s0, "utf8") + "allowlist:\n  sources: [official.txt]\n");
    const cwd = path.join(work, "d");
    expect(run(sites, cwd).status).toBe(0);
    fs.writeFileSync(list, "example.com\nexam.example.org\n");
    const r = run(sites, cwd);
    expect(r.cached).toBe(1);
    expect(fs.readFileSync(path.join(r.out, "stacks/incr-0/files/policy/allowlist.normalised.json"), "utf8")).toContain("exam.example.org");
    expectSameAsClean(r.out, sites);

    const inv = path.join(work, "inv.csv");
    fs.writeFileSync(inv, "site,room,seat,ramGB\nincr-1,201,5,16\n");
    const withInv = run(sites, cwd, { EXAMLAB_INVENTORY: inv });
    expect(withInv.status, withInv.stderr).toBe(0);
    expect(withInv.cached).toBe(0);
    expectSameAsClean(withInv.out, sites, { EXAMLAB_INVENTORY: inv });
    fs.writeFileSync(inv, "site,room,seat,ramGB\nincr-1,201,5,32\n");
    const changed = run(sites, cwd, { EXAMLAB_INVENTORY: inv });
    expect(changed.cached).toBe(0);
    expectSameAsClean(changed.out, sites, { EXAMLAB_INVENTORY: inv });
    expect(run(sites, cwd, { EXAMLAB_INVENTORY: inv }).cached).toBe(2);
  });

  it("a tampered outdir is put back from the cache; a tampered cache is a miss", () => {
    const sites = makeSites(2);
    const cwd = path.join(work, "e");
    const first = run(sites, cwd);
    const report = path.join(first.out, "stacks/incr-0/files/report/report.html");
    // Rewritten in place (same inode as the cache's hard link): both change, the record no longer matches.
    fs.appendFileSync(report, "<!-- edited -->");
    fs.writeFileSync(path.join(first.out, "stacks/incr-1/files/extra.txt"), "stray");
    fs.rmSync(path.join(first.out, "stacks/incr-1/cdk.tf.json"));
    const r = run(sites, cwd);
    expect(r.status, r.stderr).toBe(0);
    expect(r.cached).toBe(1); // incr-1 restored from the cache; incr-0 rebuilt
    expectSameAsClean(r.out, sites);
    fs.rmSync(path.join(r.out, "stacks"), { recursive: true });
    expect(run(sites, cwd).cached).toBe(2);
    expectSameAsClean(r.out, sites);
  });

  it("a stack with error annotations is served from the cache only when cdktf continues on errors", () => {
    const sites = fs.mkdtempSync(path.join(work, "sites-"));
    // A bare site: no staff, no attestations → ERROR annotations (compliance findings).
    fs.writeFileSync(path.join(sites, "bare.json"), JSON.stringify({ id: "bare", name: "Bare", levels: ["primary"], network: { block: "10.9.0.0/16" }, rooms: [{ id: "101", levels: ["primary"], candidates: 10, layout: { widthM: 10, depthM: 10, rows: 2, columns: 5 } }] }));
    const cwd = path.join(work, "f");
    const cont = { CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true" };
    const first = run(sites, cwd, cont);
    expect(first.status, first.stderr).toBe(0);
    expect(fs.readFileSync(path.join(first.out, "manifest.json"), "utf8")).toContain("@cdktf/error");
    const plain = run(sites, cwd);
    expect(plain.status).toBe(1);
    expect(plain.stderr).toContain('Encountered Annotations with level "ERROR"');
    expect(run(sites, cwd, cont).cached).toBe(1);
  });
});

describe("cache keys (unit)", () => {
  const root = fs.mkdtempSync(path.join(work, "root-"));
  fs.mkdirSync(path.join(root, "templates/report"), { recursive: true });
  fs.mkdirSync(path.join(root, "policies"), { recursive: true });
  fs.writeFileSync(path.join(root, "templates/report/report.hbs"), "<html>{{x}}</html>");
  fs.writeFileSync(path.join(root, "policies/levels.ts"), "export const L = 1;");
  const app = path.join(root, "main.js");
  fs.writeFileSync(app, "console.log(1)");
  const versions = { examlab: "0.1.0", node: "v20.20.2", cdktf: "0.21.0", "provider-docker": "12.0.3", "provider-random": "12.0.1", context: "" };
  const fp = (over: Partial<{ env: NodeJS.ProcessEnv; versions: Record<string, string>; cwd: string }> = {}) => inputsFingerprint({ root, app, cwd: over.cwd ?? "/a", env: over.env ?? {}, versions: over.versions ?? versions });

  it("every input changes the fingerprint: app bundle, templates, policies, versions, inventories, working directory, site source", () => {
    const base = fp();
    expect(fp()).toBe(base); // deterministic
    const changed: string[] = [];
    const edit = (file: string, text: string) => {
      const old = fs.readFileSync(file, "utf8");
      fs.writeFileSync(file, text);
      changed.push(fp());
      fs.writeFileSync(file, old);
      expect(fp()).toBe(base);
    };
    edit(app, "console.log(2)");
    edit(path.join(root, "templates/report/report.hbs"), "<html>{{y}}</html>");
    edit(path.join(root, "policies/levels.ts"), "export const L = 2;");
    fs.writeFileSync(path.join(root, "templates/report/new.hbs"), "");
    changed.push(fp());
    fs.rmSync(path.join(root, "templates/report/new.hbs"));
    for (const k of Object.keys(versions)) changed.push(fp({ versions: { ...versions, [k]: "other" } }));
    const inv = path.join(root, "inv.csv");
    fs.writeFileSync(inv, "room,seat\n201,1\n");
    changed.push(fp({ env: { EXAMLAB_INVENTORY: inv } }));
    fs.writeFileSync(inv, "room,seat\n201,2\n");
    changed.push(fp({ env: { EXAMLAB_INVENTORY: inv } }));
    changed.push(fp({ env: { EXAMLAB_SITES: "elsewhere" } }));
    changed.push(fp({ cwd: "/b" }));
    expect(new Set([base, ...changed]).size).toBe(changed.length + 1);
    // The site key: file bytes and file path.
    const k = stackKey(base, "a.yaml", Buffer.from("id: a"));
    expect(stackKey(base, "a.yaml", Buffer.from("id: b"))).not.toBe(k);
    expect(stackKey(base, "b.yaml", Buffer.from("id: a"))).not.toBe(k);
    expect(stackKey(changed[0], "a.yaml", Buffer.from("id: a"))).not.toBe(k);
  });

  it("a record is a miss when the date in the site's timezone or a dependency changed", () => {
    const out = fs.mkdtempSync(path.join(work, "out-"));
    fs.mkdirSync(path.join(out, "stacks/x/files"), { recursive: true });
    fs.writeFileSync(path.join(out, "stacks/x/cdk.tf.json"), "{}");
    fs.writeFileSync(path.join(out, "stacks/x/files/a.txt"), "a");
    const dep = path.join(out, "list.txt");
    fs.writeFileSync(dep, "one");
    const cache = new SynthCache(path.join(out, ".examlab-cache"));
    const key = "ab".repeat(32);
    cache.save({ id: "x", key, outdir: out, entryText: "{}", deps: [[dep, require("node:crypto").createHash("sha256").update("one").digest("hex")]], day: { timeZone: "Asia/Shanghai", date: "2026-12-01" }, errors: false });
    const today = (d: string) => (tz: string) => (tz === "Asia/Shanghai" ? d : "?");
    expect(cache.lookup(key, today("2026-12-01"))?.id).toBe("x");
    expect(cache.lookup(key, today("2026-12-02"))).toBeUndefined();
    fs.writeFileSync(dep, "two");
    expect(cache.lookup(key, today("2026-12-01"))).toBeUndefined();
    fs.writeFileSync(dep, "one");
    const rec = cache.lookup(key, today("2026-12-01"))!;
    expect(cache.place(rec, out)).toBe(true);
    expect(cache.lookup("cd".repeat(32), today("2026-12-01"))).toBeUndefined();
  });

  it("any stray, missing or replaced entry in a stack folder, at any depth, is found and put back", () => {
    const out = fs.mkdtempSync(path.join(work, "stray-"));
    const stack = path.join(out, "stacks/x");
    const recorded: Record<string, string> = { "cdk.tf.json": "{}", "files/a.txt": "a", "files/report/report.html": "<p>", "files/report/rooms/201.svg": "<svg/>", "files/windows/packer/b.xml": "<b/>" };
    for (const [rel, text] of Object.entries(recorded)) {
      fs.mkdirSync(path.dirname(path.join(stack, rel)), { recursive: true });
      fs.writeFileSync(path.join(stack, rel), text);
    }
    const cache = new SynthCache(path.join(out, ".examlab-cache"));
    const key = "ef".repeat(32);
    cache.save({ id: "x", key, outdir: out, entryText: "{}", deps: [], errors: false });
    const rec = () => cache.lookup(key, () => "")!;
    // Files and folders: a stray empty folder counts too.
    const files = () => fs.readdirSync(stack, { recursive: true }).map((f) => String(f).split(path.sep).join("/")).sort();
    const expected = files();
    const tampering: [string, () => void][] = [
      ["stray file at the top of files/", () => fs.writeFileSync(path.join(stack, "files/stray.txt"), "x")],
      ["stray file two folders down", () => fs.writeFileSync(path.join(stack, "files/report/rooms/202.svg"), "x")],
      ["stray empty folder", () => fs.mkdirSync(path.join(stack, "files/windows/empty"))],
      ["stray folder with a file", () => fs.mkdirSync(path.join(stack, "files/new/deep"), { recursive: true }) ?? fs.writeFileSync(path.join(stack, "files/new/deep/f"), "x")],
      ["missing file", () => fs.rmSync(path.join(stack, "files/windows/packer/b.xml"))],
      ["missing folder", () => fs.rmSync(path.join(stack, "files/report"), { recursive: true })],
      ["file replaced by a folder", () => (fs.rmSync(path.join(stack, "files/a.txt")), fs.mkdirSync(path.join(stack, "files/a.txt")))],
      ["same-size rewrite", () => (fs.rmSync(path.join(stack, "files/a.txt")), fs.writeFileSync(path.join(stack, "files/a.txt"), "b"))],
    ];
    expect(cache.place(rec(), out)).toBe(true);
    for (const [what, tamper] of tampering) {
      tamper();
      expect(cache.place(rec(), out), what).toBe(true);
      expect(files(), what).toEqual(expected);
      for (const [rel, text] of Object.entries(recorded)) expect(fs.readFileSync(path.join(stack, rel), "utf8"), `${what}: ${rel}`).toBe(text);
    }
  });
});
