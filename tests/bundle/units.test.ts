import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { h1Hash, h1Hashes, zipHash } from "../../src/bundle/terraform-hash";
import { renderLockFile } from "../../src/bundle/lock-file";
import { mirrorPathOf, renderCliConfig } from "../../src/bundle/cli-config";
import { progressFor } from "../../src/bundle/progress";
import { pinnedProviders, mirrorFile, registryDownloadUrl } from "../../src/bundle/providers";
import { viaMirror } from "../../src/bundle/download";
import { renderEnvScripts } from "../../src/bundle/readme";

/** The bundle's small pieces, each against an independent reference or its documented format. */

/** dirhash.Hash1 written again in Python (hashlib + zipfile), as the independent reference. */
function pythonH1(zip: string, includeDirs: boolean): string {
  const code = `
import sys, zipfile, hashlib, base64
z = zipfile.ZipFile(sys.argv[1])
names = sorted((n for n in z.namelist() if sys.argv[2] == "1" or not n.endswith("/")), key=lambda n: n.encode())
s = "".join("%s  %s\\n" % (hashlib.sha256(b"" if n.endswith("/") else z.read(n)).hexdigest(), n) for n in names)
print("h1:" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode())`;
  const r = spawnSync("python3", ["-c", code, zip, includeDirs ? "1" : "0"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

describe("Terraform hashes", () => {
  it("h1 of a packed zip (every entry) and of its unpacked files match an independent implementation; zh is the zip's SHA-256", async () => {
    const zip = new JSZip();
    zip.file("terraform-provider-x_v1.0.0", "#!/bin/sh\n", { unixPermissions: 0o755 });
    zip.file("b/ü-nested.txt", "unicode name\n");
    zip.file("A.md", "capital first\n");
    const bytes = Buffer.from(await zip.generateAsync({ type: "nodebuffer", platform: "UNIX" }));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "examlab-b13h1-")), "p.zip");
    fs.writeFileSync(file, bytes);
    const packed = pythonH1(file, true);
    const unpacked = pythonH1(file, false);
    expect(packed).not.toBe(unpacked); // the zip has a directory entry "b/"
    expect(await h1Hash(bytes)).toBe(packed);
    expect(await h1Hashes(bytes)).toEqual([packed, unpacked]);
    const sha = spawnSync("sha256sum", [file], { encoding: "utf8" }).stdout.split(" ")[0];
    expect(zipHash(bytes)).toBe(`zh:${sha}`);
    // A flat zip (how providers are released) has one h1.
    const flat = new JSZip();
    flat.file("terraform-provider-x_v1.0.0", "x");
    expect(await h1Hashes(Buffer.from(await flat.generateAsync({ type: "nodebuffer" })))).toHaveLength(1);
    fs.rmSync(path.dirname(file), { recursive: true });
  });

  it("lock file: providers and hashes sorted, duplicates dropped, exact version as constraint", () => {
    const [docker, random] = pinnedProviders();
    const text = renderLockFile([
      { host: "registry.terraform.io", provider: random, hashes: ["zh:bb", "h1:b="] },
      { host: "registry.opentofu.org", provider: docker, hashes: ["zh:aa", "h1:a=", "zh:aa"] },
    ]);
    expect(text).toBe(`# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.opentofu.org/kreuzwerker/docker" {
  version     = "3.6.2"
  constraints = "3.6.2"
  hashes = [
    "h1:a=",
    "zh:aa",
  ]
}

provider "registry.terraform.io/hashicorp/random" {
  version     = "3.7.2"
  constraints = "3.7.2"
  hashes = [
    "h1:b=",
    "zh:bb",
  ]
}
`);
  });
});

describe("provider pins, mirror layout, CLI config", () => {
  it("reads the versions the prebuilt bindings pin (package.json cdktf.provider)", () => {
    const pins = pinnedProviders();
    for (const p of pins) {
      const meta = JSON.parse(fs.readFileSync(require.resolve(`${p.npmPackage}/package.json`), "utf8"));
      expect(meta.cdktf.provider.name).toBe(`registry.terraform.io/${p.namespace}/${p.type}`);
      expect(meta.cdktf.provider.version).toBe(p.version);
    }
    expect(pins.map((p) => `${p.namespace}/${p.type}`)).toEqual(["kreuzwerker/docker", "hashicorp/random"]);
    expect(mirrorFile("registry.terraform.io", pins[0], "windows_amd64")).toBe("terraform/mirror/registry.terraform.io/kreuzwerker/docker/terraform-provider-docker_3.6.2_windows_amd64.zip");
    expect(registryDownloadUrl(pins[1], "linux_arm64")).toBe("https://registry.terraform.io/v1/providers/hashicorp/random/3.7.2/download/linux/arm64");
    expect(viaMirror("https://github.com/a/b.zip?x=1", "http://10.0.0.1:8080/")).toBe("http://10.0.0.1:8080/github.com/a/b.zip?x=1");
  });

  it("CLI config: absolute mirror path read back exactly, HCL template characters escaped, Windows paths kept", () => {
    for (const p of ["/opt/examlab-bundle/terraform/mirror", "C:\\examlab-bundle\\terraform\\mirror", "/srv/${HOME}/%{x}/mirror"]) {
      const rc = renderCliConfig(p);
      expect(mirrorPathOf(rc)).toBe(p);
      expect(rc).not.toMatch(/[^$]\$\{HOME/);
    }
    // terraform itself parses the file (no network: -help-free `version` still loads the CLI config).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-b13rc-"));
    fs.writeFileSync(path.join(dir, "rc"), renderCliConfig("C:\\examlab-bundle\\terraform\\mirror"));
    const r = spawnSync("terraform", ["version"], { encoding: "utf8", env: { PATH: process.env.PATH, HOME: dir, TF_CLI_CONFIG_FILE: path.join(dir, "rc") } });
    expect(r.status).toBe(0);
    expect(r.stderr + r.stdout).not.toMatch(/problems with the CLI configuration|Error/i);
    fs.rmSync(dir, { recursive: true });
  });

  it("env scripts set the one variable, quoted for sh and PowerShell", () => {
    const e = renderEnvScripts("/opt/exam lab's bundle");
    expect(e.sh).toContain("export TF_CLI_CONFIG_FILE='/opt/exam lab'\\''s bundle/terraform/terraformrc'");
    expect(e.ps1).toContain("$env:TF_CLI_CONFIG_FILE = '/opt/exam lab''s bundle/terraform/terraformrc'");
    expect(renderEnvScripts("D:\\bundle").ps1).toContain("'D:\\bundle\\terraform\\terraformrc'");
  });
});

describe("progress bars", () => {
  const fake = (isTTY: boolean) => {
    let out = "";
    return { stream: { isTTY, columns: 80, write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream, out: () => out };
  };

  it("drawn on a terminal, never in CI or into a pipe", () => {
    const tty = fake(true);
    const bar = progressFor(tty.stream, {}).bar("file.zip", 1000);
    bar.update(1000);
    bar.finish();
    expect(tty.out()).toContain("file.zip [##");
    expect(tty.out()).toContain("100%");
    for (const [isTTY, env] of [[true, { CI: "true" }], [false, {}]] as const) {
      const f = fake(isTTY);
      const p = progressFor(f.stream, env);
      expect(p.enabled).toBe(false);
      const b = p.bar("x", 10);
      b.update(5);
      b.finish();
      expect(f.out()).toBe("");
    }
  });
});
