import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSiteFile } from "../../src/model/site";
import { offlineBundleState } from "../../src/bundle/status";
import { BUNDLE_FORMAT } from "../../src/bundle/manifest";

/**
 * The bundle state SITE-OFFLINE-BUNDLE reports, on hand-made bundles (no network): every way a
 * bundle can be stale or incomplete is named, and a current, complete one is "ok".
 */
const root = path.resolve(__dirname, "../..");
const sha = (b: string | Buffer) => createHash("sha256").update(b).digest("hex");
let dir: string;

function setup(offline = "offline: { enabled: true, platforms: [linux_amd64] }") {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-b13st-"));
  const text = fs.readFileSync(path.join(root, "sites/demo-intermediate.yaml"), "utf8").replace("databases:\n", "allowlist:\n  sources: [official.txt]\ndatabases:\n") + `\n${offline}\n`;
  const site = path.join(dir, "site.yaml");
  fs.writeFileSync(site, text);
  fs.writeFileSync(path.join(dir, "official.txt"), "exam.example.cn\n");
  const bundle = path.join(dir, "offline-bundle");
  fs.mkdirSync(path.join(bundle, "terraform"), { recursive: true });
  fs.writeFileSync(path.join(bundle, "terraform/terraformrc"), "x\n");
  const manifest = {
    format: BUNDLE_FORMAT, createdAt: "2026-12-01T00:00:00.000Z", examlab: "0.1.0", installPath: bundle,
    sites: [{ id: "demo-intermediate", file: "site.yaml", sha256: sha(text), platforms: ["linux_amd64"] }],
    providers: [{ address: "kreuzwerker/docker", version: "3.6.2", platforms: ["linux_amd64"] }],
    images: [], allowlists: [{ site: "demo-intermediate", path: "allowlist/demo-intermediate/official.txt", source: "official.txt", sha256: sha("exam.example.cn\n"), date: "2026-12-01", example: false }],
    omitted: [], files: [{ path: "terraform/terraformrc", sha256: sha("x\n"), size: 2, kind: "cli-config", source: "examlab", hashStatus: "generated" }], missing: [],
  };
  fs.writeFileSync(path.join(bundle, "manifest.json"), JSON.stringify(manifest, null, 2));
  return { site, bundle, manifest, state: () => offlineBundleState(loadSiteFile(site)) };
}

afterEach(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

describe("offline bundle state (SITE-OFFLINE-BUNDLE)", () => {
  it("a current, complete bundle is ok; a site without offline is not checked", () => {
    const s = setup();
    expect(s.state()).toMatchObject({ state: "ok" });
    const t = setup("offline: { enabled: false }");
    expect(t.state()).toEqual({ state: "not-offline" });
  });

  it("stale when the site file or an allowlist changed since bundling (content, not mtime)", () => {
    const s = setup();
    const now = new Date();
    fs.utimesSync(s.site, now, now); // touched, same content: still current
    expect(s.state()).toMatchObject({ state: "ok" });
    fs.appendFileSync(path.join(dir, "official.txt"), "new.example.cn\n");
    expect(s.state()).toMatchObject({ state: "stale", changed: ["official.txt"] });
    fs.appendFileSync(s.site, "# edited\n");
    expect(s.state()).toMatchObject({ state: "stale", changed: [s.site, "official.txt"] });
  });

  it("incomplete: a file missing or of the wrong size, a part never bundled, a platform or the site not in it", () => {
    const s = setup();
    fs.writeFileSync(path.join(s.bundle, "terraform/terraformrc"), "longer\n");
    expect(s.state()).toMatchObject({ state: "incomplete", problems: ["terraform/terraformrc: 7 bytes, expected 2"] });
    fs.rmSync(path.join(s.bundle, "terraform/terraformrc"));
    expect(s.state()).toMatchObject({ state: "incomplete", problems: ["terraform/terraformrc: missing"] });
    const m = { ...s.manifest, files: [], missing: [{ path: "images/images.tar", kind: "image-tar", source: "mysql:5.7", reason: "docker pull failed" }], sites: [{ ...s.manifest.sites[0], id: "other" }], providers: [{ ...s.manifest.providers[0], platforms: ["windows_amd64"] }] };
    fs.writeFileSync(path.join(s.bundle, "manifest.json"), JSON.stringify(m));
    const st = s.state();
    expect(st.state).toBe("incomplete");
    expect((st as { problems: string[] }).problems).toEqual([
      "site demo-intermediate is not in the bundle (it holds other)",
      "images/images.tar: docker pull failed",
      "provider kreuzwerker/docker for linux_amd64: not in the bundle",
    ]);
  });

  it("missing: no folder, no manifest (unfinished), or an unreadable manifest", () => {
    const s = setup();
    fs.writeFileSync(path.join(s.bundle, "manifest.json"), "{ broken");
    expect(s.state()).toMatchObject({ state: "missing", reason: "unreadable" });
    fs.rmSync(path.join(s.bundle, "manifest.json"));
    expect(s.state()).toMatchObject({ state: "missing", reason: "unfinished" });
    fs.rmSync(s.bundle, { recursive: true });
    expect(s.state()).toMatchObject({ state: "missing", reason: "no-folder", dir: s.bundle });
  });
});
