import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInternet, type Internet } from "./internet";
import { PACKAGES } from "../../policies/windows/package-cache";
import { packagesForLevel } from "../../src/windows/package-cache";

/**
 * The Windows package cache in the bundle and the SITE-OFFLINE-BUNDLE check (issue 13), against
 * a local "internet" in a network namespace whose fallback answers every unknown path with
 * "fake content of <path>": wrong for every published SHA-256. So every published entry must be
 * refused, every unverified one recorded (and said loudly), the file without an official URL
 * reported missing; a file supplied with --windows-cache is taken from there.
 */
const root = path.resolve(__dirname, "../..");
const cli = path.join(root, "bin/examlab.js");
const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

let net: Internet;
let work: string;
let siteFile: string;
let bundle: string;

async function standIn(type: string, version: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(`terraform-provider-${type}_v${version}`, "#!/bin/sh\necho stand-in\n", { unixPermissions: 0o755 });
  return Buffer.from(await zip.generateAsync({ type: "nodebuffer", platform: "UNIX" }));
}

function bundleRun(args: string[]) {
  return net.run(process.execPath, [cli, "bundle", siteFile, "--out", bundle, "--install-path", bundle, "--mirror", net.url, "--no-images", "--lang", "en", ...args], { env: { ...process.env, EXAMLAB_BUNDLE_BACKOFF_MS: "10", CI: "true" } });
}

function check() {
  const r = spawnSync(process.execPath, [cli, "check", siteFile, "--format", "json", "--level", "warning"], { encoding: "utf8" });
  const out = JSON.parse(r.stdout);
  return out.sites[0].findings.filter((f: { rule: string }) => f.rule === "SITE-OFFLINE-BUNDLE") as { level: string; target: string; messages: { en: string; zh: string } }[];
}

const msg = (f: { messages: { en: string } }) => f.messages.en;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-b13wc-"));
  const docker = await standIn("docker", "3.6.2");
  const random = await standIn("random", "3.7.2");
  fs.writeFileSync(path.join(work, "docker.zip"), docker);
  fs.writeFileSync(path.join(work, "random.zip"), random);
  const api = (ns: string, type: string, v: string, zip: Buffer, file: string) => ({
    [`/registry.terraform.io/v1/providers/${ns}/${type}/${v}/download/linux/amd64`]: { json: { download_url: `https://example.invalid/${type}.zip`, shasum: sha(zip), filename: `${type}.zip` } },
    [`/example.invalid/${type}.zip`]: { file },
  });
  net = await startInternet("wc", { ...api("kreuzwerker", "docker", "3.6.2", docker, path.join(work, "docker.zip")), ...api("hashicorp", "random", "3.7.2", random, path.join(work, "random.zip")) }, { fallback: "fake", port: 18133 });
  fs.mkdirSync(path.join(work, "site"));
  siteFile = path.join(work, "site", "demo.yaml");
  fs.writeFileSync(siteFile, fs.readFileSync(path.join(root, "sites/demo-intermediate.yaml"), "utf8") + "\noffline: { enabled: true }\n");
  bundle = path.join(work, "site", "offline-bundle");
}, 60_000);

afterAll(() => {
  net?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("offline bundle: Windows package cache and SITE-OFFLINE-BUNDLE", () => {
  it("refuses every published-hash download that does not match, records the unverified ones loudly, reports the file without a URL", () => {
    const r = bundleRun([]);
    expect(r.status, r.stderr).toBe(1);
    const manifest = JSON.parse(fs.readFileSync(path.join(bundle, "manifest.json"), "utf8"));
    const wanted = packagesForLevel("intermediate", "lab-server");
    expect(wanted.length).toBeGreaterThan(20);
    const missing = new Map<string, string>(manifest.missing.map((m: { path: string; reason: string }) => [m.path, m.reason]));
    const files = new Map<string, { sha256: string; hashStatus: string; source: string }>(manifest.files.map((f: { path: string }) => [f.path, f]));
    for (const p of wanted) {
      const at = `windows/cache/${p.file}`;
      if (p.sha256) {
        expect(missing.get(at), at).toMatch(/^refused: SHA-256 mismatch/);
        expect(fs.existsSync(path.join(bundle, at)), at).toBe(false);
      } else if (p.url) {
        const u = new URL(p.url);
        expect(files.get(at), at).toMatchObject({ hashStatus: "recorded", source: p.url, sha256: sha(`fake content of /${u.host}${u.pathname}\n`) });
        expect(r.stderr).toContain(`!!   ${at}  ${files.get(at)!.sha256}`);
      } else {
        expect(missing.get(at), at).toMatch(/no official download/);
      }
    }
    expect(r.stderr).toMatch(/files have NO published SHA-256: their hash was RECORDED on this download/);
    expect(fs.readFileSync(path.join(bundle, "README.txt"), "utf8")).toContain("RECORDED AT FIRST DOWNLOAD");
    const pkg = JSON.parse(fs.readFileSync(path.join(bundle, "windows/demo-intermediate/package-cache.json"), "utf8"));
    const scrapy = pkg.packages.find((p: { id: string }) => p.id === "scrapy");
    expect(scrapy).toMatchObject({ hashStatus: "recorded" });
    expect(scrapy.sha256).toMatch(/^[0-9a-f]{64}$/);
    // No half-written file anywhere.
    const parts: string[] = [];
    const walk = (d: string) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith(".part") && parts.push(e.name); };
    walk(bundle);
    expect(parts).toEqual([]);
    // verify lists the same gaps and warns about the recorded hashes.
    const v = spawnSync(process.execPath, [cli, "bundle", "verify", bundle, "--lang", "en"], { encoding: "utf8" });
    expect(v.status).toBe(1);
    expect(v.stdout).toMatch(/NOT BUNDLED  windows\/cache\/GoogleChromeStandaloneEnterprise64-[\d.]+\.msi/);
    expect(v.stdout).toMatch(/WARNING  WARNING: the SHA-256 of \d+ files was recorded at first download/);
    // ...and examlab check warns that the bundle is incomplete.
    const f = check();
    expect(f).toHaveLength(1);
    expect(f[0].level).toBe("warning");
    expect(msg(f[0])).toMatch(/is incomplete \(\d+\): /);
  });

  it("a second run fetches nothing already bundled and takes a hand-supplied file from --windows-cache", () => {
    const chrome = PACKAGES.find((p) => p.id === "chrome")!;
    const cache = path.join(work, "own-cache");
    fs.mkdirSync(cache);
    fs.writeFileSync(path.join(cache, chrome.file), "the site's own Chrome 75 installer\n");
    const before = net.requests().filter((q) => q.method === "GET" && q.path.includes("pythonhosted")).length;
    const r = bundleRun(["--windows-cache", cache]);
    expect(r.status).toBe(1); // the published-hash files are still refused
    const recordedGets = net.requests().filter((q) => q.method === "GET" && q.path.includes("pythonhosted")).length - before;
    const manifest = JSON.parse(fs.readFileSync(path.join(bundle, "manifest.json"), "utf8"));
    // Only the refused (published) wheels are asked for again; the recorded ones are kept.
    const publishedWheels = packagesForLevel("intermediate", "lab-server").filter((p) => p.sha256 && p.url?.includes("pythonhosted")).length;
    expect(recordedGets).toBe(publishedWheels);
    expect(manifest.files.find((f: { path: string }) => f.path === `windows/cache/${chrome.file}`)).toMatchObject({ hashStatus: "local", sha256: sha("the site's own Chrome 75 installer\n") });
  });

  it("SITE-OFFLINE-BUNDLE: complete → no finding; site file changed → stale; bundle gone → missing", () => {
    fs.rmSync(bundle, { recursive: true });
    const r = bundleRun(["--no-windows"]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(check()).toEqual([]);
    fs.appendFileSync(siteFile, "# changed after bundling\n");
    let f = check();
    expect(f).toHaveLength(1);
    expect(msg(f[0])).toMatch(new RegExp(`bundle .*offline-bundle \\(made \\d{4}-\\d{2}-\\d{2}\\) is stale: .*demo\\.yaml changed since it was made`));
    // Re-bundling makes it current again (everything is kept, nothing re-downloaded).
    expect(bundleRun(["--no-windows"]).status).toBe(0);
    expect(check()).toEqual([]);
    fs.rmSync(path.join(bundle, "manifest.json"));
    f = check();
    expect(msg(f[0])).toMatch(/has no manifest\.json: it was never finished/);
    fs.rmSync(bundle, { recursive: true });
    f = check();
    expect(msg(f[0])).toMatch(/the site runs offline but its bundle .*offline-bundle does not exist/);
    expect(f[0].messages.zh).toMatch(/考点声明离线运行，但离线包 .* 不存在/);
  });
});

describe("examlab bundle with no network at all (unshare -n)", () => {
  it("tries each host through one retry cycle only, then lists every part as missing with its reason (exit 1)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-b13off-"));
    const out = path.join(dir, "bundle");
    const r = spawnSync("unshare", ["-n", process.execPath, cli, "bundle", path.join(root, "sites/demo-intermediate.yaml"), "--out", out, "--no-images", "--lang", "en"], { encoding: "utf8", env: { ...process.env, EXAMLAB_BUNDLE_BACKOFF_MS: "5" }, timeout: 120_000 });
    expect(r.status, r.stderr).toBe(1);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8"));
    const wanted = packagesForLevel("intermediate", "lab-server").filter((p) => p.url);
    const hosts = new Set([...wanted.map((p) => new URL(p.url!).host), "registry.terraform.io"]);
    const tried = manifest.missing.filter((m: { reason: string }) => /after 5 attempts/.test(m.reason));
    const skipped = manifest.missing.filter((m: { reason: string }) => /unreachable earlier in this run/.test(m.reason));
    expect(tried.length).toBe(hosts.size);
    expect(tried.length + skipped.length).toBe(wanted.length + 2);
    expect((r.stderr.match(/attempt \d failed/g) ?? []).length).toBe(hosts.size * 4);
    fs.rmSync(dir, { recursive: true });
  });
});

describe("examlab bundle: bad input → exit 2 with file:line: field, nothing written", () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "examlab-b13bad-"));
  const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });

  it("an invalid offline section names file, line and field", () => {
    const dir = tmp();
    const site = path.join(dir, "s.yaml");
    const text = fs.readFileSync(path.join(root, "sites/demo-intermediate.yaml"), "utf8");
    fs.writeFileSync(site, text + "\noffline:\n  enabled: true\n  platforms: [linux_386]\n");
    const line = text.split("\n").length + 3;
    const out = path.join(dir, "out");
    const r = run(["bundle", site, "--out", out, "--lang", "en"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${site}:${line}: offline.platforms[0]: expected one of "linux_amd64"`);
    const zh = spawnSync(process.execPath, [cli, "bundle", site, "--out", out], { encoding: "utf8" }); // the site's language
    expect(zh.status).toBe(2);
    expect(zh.stderr).toContain(`${site}:${line}: offline.platforms[0]: 应为以下之一：`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(out)).toBe(false);
    fs.rmSync(dir, { recursive: true });
  });

  it("missing site file, missing --out, relative or hostile --install-path, bad --pull", () => {
    const dir = tmp();
    const site = path.join(dir, "s.yaml");
    fs.copyFileSync(path.join(root, "sites/demo-intermediate.yaml"), site);
    const out = path.join(dir, "out");
    const cases: [string[], RegExp][] = [
      [["bundle", path.join(dir, "nope.yaml"), "--out", out, "--lang", "en"], /nope\.yaml: cannot read file \(ENOENT\)/],
      [["bundle", path.join(dir, "nope.yaml"), "--out", out], /nope\.yaml: 无法读取文件（ENOENT）/],
      [["bundle", site, "--lang", "en"], /--out: the bundle folder is required/],
      [["bundle", site, "--out", out, "--install-path", "bundle", "--lang", "en"], /--install-path: expected an absolute path/],
      [["bundle", site, "--out", out, "--install-path", '/opt/x"; rm -rf /', "--lang", "en"], /--install-path: quotes, \$, % and line breaks are not allowed/],
      [["bundle", site, "--out", out, "--pull", "sometimes", "--lang", "en"], /--pull: expected one of missing, always, got "sometimes"/],
      [["bundle", site, "--out", out, "--mirror", "ftp://x", "--lang", "en"], /--mirror: expected an http\(s\):\/\/ URL/],
    ];
    for (const [args, re] of cases) {
      const r = run(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(re);
    }
    expect(fs.existsSync(out)).toBe(false);
    fs.rmSync(dir, { recursive: true });
  });

  it("bundle verify: not a folder, a broken or hostile manifest → exit 2 with file:line: field", () => {
    const dir = tmp();
    expect(run(["bundle", "verify", path.join(dir, "nope")]).status).toBe(2);
    const zhOut = run(["bundle", path.join(dir, "nope.yaml")]);
    expect(zhOut.status).toBe(2);
    fs.writeFileSync(path.join(dir, "file"), "x");
    const notDir = run(["bundle", "verify", path.join(dir, "file")]);
    expect(notDir.status).toBe(2);
    expect(notDir.stderr).toMatch(/file: not a folder/);
    const b = path.join(dir, "b");
    fs.mkdirSync(b);
    const manifest = { format: "examlab-bundle/1", createdAt: "2026-12-01T00:00:00.000Z", examlab: "0.1.0", installPath: "/opt/examlab-bundle", sites: [], providers: [], images: [], allowlists: [], omitted: [], files: [{ path: "../../etc/passwd", sha256: "0".repeat(64), size: 1, kind: "readme", source: "examlab", hashStatus: "generated" }], missing: [] };
    fs.writeFileSync(path.join(b, "manifest.json"), JSON.stringify(manifest, null, 2));
    const r = run(["bundle", "verify", b]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/manifest\.json:\d+: files\[0\]\.path: expected a relative path with '\/' separators inside the bundle/);
    fs.writeFileSync(path.join(b, "manifest.json"), "{ not json");
    const broken = run(["bundle", "verify", b]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/manifest\.json:1/);
    fs.rmSync(dir, { recursive: true });
  });
});
