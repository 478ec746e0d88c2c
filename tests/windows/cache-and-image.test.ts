import { describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { XMLValidator, XMLParser } from "fast-xml-parser";
import { TOOLS } from "../../policies/levels";
import { MONGODB_PATCH, MYSQL_PATCH, PACKAGES } from "../../policies/windows/package-cache";
import { windowsArtifacts } from "../../src/windows/producer";
import { IME_TIPS } from "../../src/windows/config";
import { requireTool } from "../helpers/tools";
import { packerBefore17, withoutPackerBlock } from "./packer";
import { sampleSites } from "./sites";

const ROOT = path.resolve(__dirname, "../..");

const sites = sampleSites();

describe("package-cache manifest", () => {
  it("every installer, archive and wheel has a SHA-256 with a named source, or is explicitly unverified", () => {
    for (const site of Object.values(sites)) {
      const manifest = JSON.parse(windowsArtifacts(site).find((a) => a.path === "windows/package-cache.json")!.content as string);
      expect(manifest.packages.length).toBeGreaterThan(3);
      for (const p of manifest.packages) {
        if (p.sha256 !== null) {
          expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
          expect(p.hashStatus).toBe("published");
          expect(p.hashSource).toBeTruthy();
        } else expect(p.hashStatus).toBe("unverified");
        expect(p.file).toMatch(/^[A-Za-z0-9._\/-]+$/);
      }
    }
  });

  it("a published hash belongs to the exact file its URL downloads (a version bump cannot keep a stale hash)", () => {
    const hashed = PACKAGES.filter((p) => p.sha256 !== null);
    expect(hashed.length).toBeGreaterThan(0);
    for (const p of hashed) {
      expect(p.hashSource, p.id).toBeTruthy();
      expect(p.url, p.id).not.toBeNull();
      expect(new URL(p.url!).pathname.split("/").pop(), p.id).toBe(path.posix.basename(p.file));
      if (p.kind === "wheel") expect(p.url, p.id).toMatch(/^https:\/\/files\.pythonhosted\.org\/packages\/(?:[0-9a-f]{2}\/){2}[0-9a-f]{60}\/|^https:\/\/files\.pythonhosted\.org\/packages\/cp\d+\//);
    }
  });

  it("tool versions come from policies/levels.ts", () => {
    for (const p of PACKAGES.filter((x) => x.tool)) {
      const ref = TOOLS.find((t) => t.id === p.tool)!.reference;
      if (p.tool === "mysql") expect(MYSQL_PATCH.startsWith(ref + ".")).toBe(true);
      else if (p.tool === "mongodb") expect(MONGODB_PATCH.startsWith(ref + ".")).toBe(true);
      else if (p.tool === "redis") expect(p.note).toContain(`Redis ${ref} has no native Windows build`);
      else expect(p.version).toBe(ref);
    }
  });

  it("the Scrapy pins and the Windows-only Twisted dependency are in the wheelhouse", () => {
    const wheels = new Map(PACKAGES.filter((p) => p.kind === "wheel").map((p) => [p.id, p.version]));
    expect(wheels.get("twisted")).toBe("22.10.0");
    expect(wheels.get("pyopenssl")).toBe("22.0.0");
    expect(wheels.get("cryptography")).toBe("36.0.2");
    expect(wheels.has("twisted-iocpsupport")).toBe(true);
    expect(wheels.get("pip")).toBe("24.0");
    expect(Number(wheels.get("urllib3")!.split(".")[1])).toBeLessThan(27);
  });

  it("local databases add MySQL, MongoDB, Redis port and VC++; lab-server mode does not", () => {
    const ids = (site: keyof typeof sites) => JSON.parse(windowsArtifacts(sites[site]).find((a) => a.path === "windows/package-cache.json")!.content as string).packages.map((p: any) => p.id);
    expect(ids("advanced")).toEqual(expect.arrayContaining(["mysql", "mongodb", "redis", "vcredist2013", "anaconda"]));
    expect(ids("intermediate")).not.toContain("mysql");
    expect(ids("primary")).not.toContain("chromedriver");
  });
});

describe("scripts/fill-package-cache.mjs", () => {
  const run = (...args: string[]) => spawnSync("node", [path.join(ROOT, "scripts/fill-package-cache.mjs"), ...args], { cwd: ROOT, encoding: "utf8" });
  const setup = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-windows-cache-"));
    const cache = path.join(dir, "cache");
    fs.mkdirSync(path.join(cache, "wheelhouse"), { recursive: true });
    fs.writeFileSync(path.join(cache, "a.exe"), "installer A");
    fs.writeFileSync(path.join(cache, "wheelhouse", "b.whl"), "wheel B");
    const sha = (s: string) => createHash("sha256").update(s).digest("hex");
    const manifest = { site: "t", cache, packages: [
      { id: "a", file: "a.exe", kind: "installer", version: "1", url: null, sha256: sha("installer A"), hashStatus: "published" },
      { id: "b", file: "wheelhouse/b.whl", kind: "wheel", version: "1", url: null, sha256: null, hashStatus: "unverified" },
    ] };
    const mf = path.join(dir, "package-cache.json");
    fs.writeFileSync(mf, JSON.stringify(manifest));
    return { dir, cache, mf, sha };
  };

  it("--dry-run changes nothing", () => {
    const { cache, mf } = setup();
    const before = fs.readFileSync(mf, "utf8");
    const r = run("--manifest", mf, "--cache", cache, "--dry-run");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("dry run: nothing changed");
    expect(fs.readFileSync(mf, "utf8")).toBe(before);
  });

  it("refuses an unverified file unless --record-unverified, then records its hash", () => {
    const { cache, mf, sha } = setup();
    const r1 = run("--manifest", mf, "--cache", cache);
    expect(r1.status).toBe(1);
    expect(r1.stderr).toContain("no published SHA-256");
    const r2 = run("--manifest", mf, "--cache", cache, "--record-unverified");
    expect(r2.status).toBe(0);
    const m = JSON.parse(fs.readFileSync(mf, "utf8"));
    expect(m.packages[1].sha256).toBe(sha("wheel B"));
    expect(m.packages[1].hashStatus).toBe("recorded");
  });

  it("stops on a hash mismatch", () => {
    const { cache, mf } = setup();
    fs.writeFileSync(path.join(cache, "a.exe"), "tampered");
    const r = run("--manifest", mf, "--cache", cache, "--record-unverified");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("SHA-256 mismatch");
  });
});

describe("image baking", () => {
  it("packer validate accepts every generated template (real Packer)", () => {
    const packer = requireTool("packer", "packer");
    for (const site of Object.values(sites)) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-windows-packer-"));
      for (const a of windowsArtifacts(site)) {
        fs.mkdirSync(path.join(dir, path.dirname(a.path)), { recursive: true });
        fs.writeFileSync(path.join(dir, a.path), a.content);
      }
      fs.mkdirSync(path.join(dir, "endpoint"));
      fs.mkdirSync(path.join(dir, "package-cache"));
      for (const level of site.spec.levels) {
        const file = `windows/packer/windows10-${level}.pkr.hcl`;
        // Debian's Packer is 1.6.6, older than `packer { required_plugins }` (1.7.0); its built-in
        // qemu builder is the code that became github.com/hashicorp/qemu. There the marked block is
        // removed before validating (tests/windows/packer-block.test.ts checks the block against Packer's
        // documented schema).
        if (packerBefore17(packer)) fs.writeFileSync(path.join(dir, file), withoutPackerBlock(fs.readFileSync(path.join(dir, file), "utf8")));
        const r = spawnSync(packer, ["validate", file], { cwd: dir, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1", PACKER_LOG: "" } });
        expect(r.stdout + r.stderr).not.toMatch(/Error/);
        expect(r.status).toBe(0);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a broken template fails packer validate", () => {
    const packer = requireTool("packer", "packer");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-windows-packer-"));
    const a = windowsArtifacts(sites.primary).find((x) => x.path.endsWith(".pkr.hcl"))!;
    fs.writeFileSync(path.join(dir, "t.pkr.hcl"), withoutPackerBlock(a.content as string).replace('communicator     = "winrm"', 'communicator     = "winrm"\n  no_such_option = 1'));
    const r = spawnSync(packer, ["validate", "t.pkr.hcl"], { cwd: dir, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
    expect(r.status).not.toBe(0);
  });

  it("autounattend.xml is well-formed and sets the three input methods", () => {
    const a = windowsArtifacts(sites.primary).find((x) => x.path === "windows/packer/autounattend.xml")!;
    const xml = Buffer.from(a.content as Uint8Array).toString("utf8");
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(xml);
    const oobe = doc.unattend.settings.find((s: any) => s["@_pass"] === "oobeSystem");
    const intl = oobe.component.find((c: any) => c["@_name"] === "Microsoft-Windows-International-Core");
    expect(intl.InputLocale).toBe([IME_TIPS.en, IME_TIPS.pinyin, IME_TIPS.wubi].join(";"));
  });
});
