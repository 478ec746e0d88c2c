import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireTool } from "../helpers/tools";
import { startInternet, type Internet } from "./internet";
import { offlineLockFile } from "../../src/bundle/stack-lock";
import { formatBytes } from "../../src/bundle/progress";

/**
 * The offline bundle's Terraform part, end to end (issue 13):
 *   1. `examlab bundle` runs inside a network namespace whose only "internet" is the fixture
 *      server: the provider registry API (download_url + shasum) and stand-in provider zips;
 *   2. the REAL Terraform CLI then runs under `unshare -n` (no network at all) with the ONE
 *      setting TF_CLI_CONFIG_FILE=<bundle>/terraform/terraformrc, in a stack synthesized by the
 *      app (which put the bundle's lock file next to cdk.tf.json), and installs the providers
 *      from the bundle's filesystem mirror;
 *   3. a tampered zip is refused by `terraform init` (hash not in the lock file) and reported
 *      CORRUPT by `examlab bundle verify`; a missing one is reported MISSING.
 * Any executable works as a provider for `terraform init`: the stand-ins are shell scripts.
 */
const root = path.resolve(__dirname, "../..");
const cli = path.join(root, "bin/examlab.js");
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function standIn(type: string, version: string, marker: string): Promise<Buffer> {
  const zip = new JSZip();
  // The file name Terraform looks for (terraform-provider-<type>[_v<version>…]), plus a nested
  // file and a directory entry so the h1 hash covers more than one file.
  zip.file(`terraform-provider-${type}_v${version}`, `#!/bin/sh\necho ${marker}\n`, { unixPermissions: 0o755 });
  zip.file("docs/README.md", `${marker} docs\n`);
  zip.file("CHANGELOG.md", `${type} ${version}\n`);
  return Buffer.from(await zip.generateAsync({ type: "nodebuffer", platform: "UNIX", compression: "STORE" }));
}

let net: Internet;
let work: string;
let terraform: string;
let docker: Buffer;
let random: Buffer;
let bundle: string;
let siteFile: string;
const DOCKER_URL = "https://github.com/kreuzwerker/terraform-provider-docker/releases/download/v3.6.2/terraform-provider-docker_3.6.2_linux_amd64.zip";
const RANDOM_URL = "https://releases.hashicorp.com/terraform-provider-random/3.7.2/terraform-provider-random_3.7.2_linux_amd64.zip";

function registry(type: string, ns: string, version: string, url: string, zip: Buffer) {
  return {
    [`/registry.terraform.io/v1/providers/${ns}/${type}/${version}/download/linux/amd64`]: {
      json: { protocols: ["5.0"], os: "linux", arch: "amd64", filename: path.basename(url), download_url: url, shasum: sha(zip) },
    },
  };
}

function tfInit(dir: string, rc: string) {
  // A clean environment: only PATH, a throw-away HOME and the ONE documented setting.
  return spawnSync("unshare", ["-n", terraform, "init", "-input=false", "-no-color"], {
    cwd: dir,
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: path.join(work, "home"), TF_CLI_CONFIG_FILE: rc },
    timeout: 120_000,
  });
}

beforeAll(async () => {
  terraform = requireTool("terraform", "terraform (HashiCorp release zip; see scripts/install-test-tools.sh)");
  requireTool("unshare", "util-linux");
  work = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-b13tf-"));
  fs.mkdirSync(path.join(work, "home"));
  docker = await standIn("docker", "3.6.2", "stand-in-docker");
  random = await standIn("random", "3.7.2", "stand-in-random");
  fs.writeFileSync(path.join(work, "docker.zip"), docker);
  fs.writeFileSync(path.join(work, "random.zip"), random);
  net = await startInternet("tf", {
    ...registry("docker", "kreuzwerker", "3.6.2", DOCKER_URL, docker),
    ...registry("random", "hashicorp", "3.7.2", RANDOM_URL, random),
    [`/${new URL(DOCKER_URL).host}${new URL(DOCKER_URL).pathname}`]: { file: path.join(work, "docker.zip"), behaviour: "disconnect-once" },
    [`/${new URL(RANDOM_URL).host}${new URL(RANDOM_URL).pathname}`]: { file: path.join(work, "random.zip") },
  }, { port: 18132 });
  // The sample site, declared offline, its bundle next to it.
  const sites = path.join(work, "sites");
  fs.mkdirSync(sites);
  siteFile = path.join(sites, "demo-intermediate.yaml");
  fs.writeFileSync(siteFile, fs.readFileSync(path.join(root, "sites/demo-intermediate.yaml"), "utf8") + "\noffline: { enabled: true, platforms: [linux_amd64], bundle: ../bundle }\n");
  bundle = path.join(work, "bundle");
}, 60_000);

afterAll(() => {
  net?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("offline bundle: Terraform provider mirror with the real Terraform CLI", () => {
  it("examlab bundle fetches the providers from the registry API (resuming a dropped download) and writes mirror, lock file and CLI config", () => {
    const r = net.run(process.execPath, [cli, "bundle", siteFile, "--out", bundle, "--install-path", bundle, "--mirror", net.url, "--no-images", "--no-windows", "--lang", "en", "--archive", path.join(work, "bundle.tar")], { env: { ...process.env, EXAMLAB_BUNDLE_BACKOFF_MS: "10" } });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    // Not a terminal: no progress bars (no carriage returns), only the summaries.
    expect(r.stdout + r.stderr).not.toContain("\r");
    expect(r.stdout).toContain(`to download: 2 files, ${formatBytes(docker.length + random.length)} in total`);
    expect(r.stdout).toMatch(/resumed at byte \d+/);
    expect(r.stdout).toContain("bundle complete");
    for (const host of ["registry.terraform.io", "registry.opentofu.org"]) {
      expect(fs.readFileSync(path.join(bundle, `terraform/mirror/${host}/kreuzwerker/docker/terraform-provider-docker_3.6.2_linux_amd64.zip`)).equals(docker)).toBe(true);
      expect(fs.readFileSync(path.join(bundle, `terraform/mirror/${host}/hashicorp/random/terraform-provider-random_3.7.2_linux_amd64.zip`)).equals(random)).toBe(true);
    }
    const lock = fs.readFileSync(path.join(bundle, "terraform/.terraform.lock.hcl"), "utf8");
    expect(lock).toContain('provider "registry.terraform.io/kreuzwerker/docker" {');
    expect(lock).toContain('provider "registry.opentofu.org/hashicorp/random" {');
    expect(lock).toContain(`"zh:${sha(docker)}"`);
    const rc = fs.readFileSync(path.join(bundle, "terraform/terraformrc"), "utf8");
    expect(rc).toContain(`path    = ${JSON.stringify(path.join(bundle, "terraform/mirror"))}`);
    expect(rc).toContain("disable_checkpoint = true");
    expect(rc).toMatch(/direct \{\n\s+exclude = \["\*\/\*\/\*"\]/);
    const manifest = JSON.parse(fs.readFileSync(path.join(bundle, "manifest.json"), "utf8"));
    const zipEntry = manifest.files.find((f: { path: string }) => f.path.endsWith("registry.terraform.io/kreuzwerker/docker/terraform-provider-docker_3.6.2_linux_amd64.zip"));
    expect(zipEntry).toMatchObject({ sha256: sha(docker), size: docker.length, source: DOCKER_URL, hashStatus: "published" });
    expect(manifest.missing).toEqual([]);
    expect(manifest.omitted).toEqual(["images", "windows"]);
    expect(net.requests().some((q) => q.range !== null && q.status === 206)).toBe(true);
  });

  it("bundle verify: complete bundle → exit 0", () => {
    const r = spawnSync(process.execPath, [cli, "bundle", "verify", bundle, "--lang", "en"], { encoding: "utf8" });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/bundle complete: all \d+ files/);
    expect(r.stdout).toContain("made with --no-images");
  });

  it("--archive: one tar that extracts to a bundle verify accepts", () => {
    const dest = path.join(work, "from-archive");
    fs.mkdirSync(dest);
    const x = spawnSync("tar", ["xf", path.join(work, "bundle.tar"), "-C", dest], { encoding: "utf8" });
    expect(x.status, x.stderr).toBe(0);
    const v = spawnSync(process.execPath, [cli, "bundle", "verify", path.join(dest, "examlab-bundle"), "--lang", "en"], { encoding: "utf8" });
    expect(v.status, v.stdout).toBe(0);
    expect(v.stdout).toMatch(/bundle complete/);
    expect(fs.existsSync(path.join(work, "bundle.tar.part"))).toBe(false);
  });

  it("synth with TF_CLI_CONFIG_FILE puts the lock file next to cdk.tf.json; terraform init under unshare -n installs the bundled providers", () => {
    const rc = path.join(bundle, "terraform/terraformrc");
    const out = path.join(work, "cdktf.out");
    const synth = spawnSync(process.execPath, [path.join(root, "dist/main.js")], {
      cwd: work,
      encoding: "utf8",
      env: { ...process.env, EXAMLAB_SITES: path.dirname(siteFile), CDKTF_OUTDIR: out, TF_CLI_CONFIG_FILE: rc },
      timeout: 120_000,
    });
    expect(synth.status, synth.stderr).toBe(0);
    const stack = path.join(out, "stacks/demo-intermediate");
    expect(fs.readFileSync(path.join(stack, ".terraform.lock.hcl"), "utf8")).toBe(fs.readFileSync(path.join(bundle, "terraform/.terraform.lock.hcl"), "utf8"));
    const init = tfInit(stack, rc);
    expect(init.status, init.stdout + init.stderr).toBe(0);
    expect(init.stdout).toContain("Installed kreuzwerker/docker v3.6.2");
    const bin = path.join(stack, ".terraform/providers/registry.terraform.io/kreuzwerker/docker/3.6.2/linux_amd64/terraform-provider-docker_v3.6.2");
    expect(spawnSync(bin, { encoding: "utf8" }).stdout.trim()).toBe("stand-in-docker");
    // Without the setting, nothing points at the bundle: synth writes no lock file.
    expect(offlineLockFile({})).toBeUndefined();
  });

  it("the cdktf CLI itself (cdktf diff, the path of cdktf deploy) installs the providers from the bundle with only TF_CLI_CONFIG_FILE set", () => {
    const out = path.join(work, "cdktf-cli.out");
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: path.join(work, "home"), CI: "true", TF_CLI_CONFIG_FILE: path.join(bundle, "terraform/terraformrc"), EXAMLAB_SITES: path.dirname(siteFile) };
    const r = spawnSync("unshare", ["-n", path.join(root, "node_modules/.bin/cdktf"), "diff", "demo-intermediate", "--output", out], { cwd: root, encoding: "utf8", env, timeout: 300_000 });
    const text = (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
    expect(text).toContain("Installed kreuzwerker/docker v3.6.2 (unauthenticated)");
    // terraform then starts the provider it installed, our stand-in from the bundle (a real provider
    // would answer the plugin handshake; the stand-in cannot, so plan stops there).
    expect(text.replace(/[\s│]+/g, " ")).toMatch(/Path: \.terraform\/providers\/registry\.terraform\.io\/kreuzwerker\/docker\/3\.6\.2\/linux_amd64\/terraform-provider-docker_v3\.6\.2/);
    const installed = path.join(out, "stacks/demo-intermediate/.terraform/providers/registry.terraform.io/kreuzwerker/docker/3.6.2/linux_amd64/terraform-provider-docker_v3.6.2");
    expect(spawnSync(installed, { encoding: "utf8" }).stdout.trim()).toBe("stand-in-docker");
    expect(r.status).not.toBe(0);
  });

  it("terraform accepts the lock file's h1: hashes alone (our h1 is Terraform's) and refuses a wrong one", () => {
    const rc = path.join(bundle, "terraform/terraformrc");
    const lock = fs.readFileSync(path.join(bundle, "terraform/.terraform.lock.hcl"), "utf8");
    const main = { terraform: { required_providers: { docker: { source: "kreuzwerker/docker", version: "3.6.2" }, random: { source: "hashicorp/random", version: "3.7.2" } } } };
    for (const [name, keep, ok] of [["h1-only", /"h1:/, true], ["zh-only", /"zh:/, true]] as const) {
      const dir = path.join(work, name);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(main));
      fs.writeFileSync(path.join(dir, ".terraform.lock.hcl"), lock.split("\n").filter((l) => !/^\s+"(h1|zh):/.test(l) || keep.test(l)).join("\n"));
      const r = tfInit(dir, rc);
      expect(r.status === 0, `${name}: ${r.stdout}${r.stderr}`).toBe(ok);
      expect(r.stdout).toContain("Installed hashicorp/random v3.7.2");
    }
    const dir = path.join(work, "wrong-h1");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(main));
    fs.writeFileSync(path.join(dir, ".terraform.lock.hcl"), lock.split("\n").filter((l) => !/^\s+"zh:/.test(l)).join("\n").replace(/"h1:[^"]+"/g, '"h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="'));
    const r = tfInit(dir, rc);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/match any of the\s+checksums/);
  });

  it("a tampered provider zip: terraform init refuses it and bundle verify names it CORRUPT (exit 1)", async () => {
    const tampered = path.join(work, "bundle-tampered");
    fs.cpSync(bundle, tampered, { recursive: true });
    const zip = "terraform/mirror/registry.terraform.io/kreuzwerker/docker/terraform-provider-docker_3.6.2_linux_amd64.zip";
    const evil = await standIn("docker", "3.6.2", "stand-in-dockex"); // same size, other content
    fs.writeFileSync(path.join(tampered, zip), evil);
    // A CLI config pointing at the copy's mirror (outside the copy, so only the zip differs).
    const rc = path.join(work, "tampered.terraformrc");
    fs.writeFileSync(rc, fs.readFileSync(path.join(bundle, "terraform/terraformrc"), "utf8").replace(path.join(bundle, "terraform/mirror"), path.join(tampered, "terraform/mirror")));
    const dir = path.join(work, "tampered-stack");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ terraform: { required_providers: { docker: { source: "kreuzwerker/docker", version: "3.6.2" } } } }));
    fs.writeFileSync(path.join(dir, ".terraform.lock.hcl"), offlineLockFile({ TF_CLI_CONFIG_FILE: path.join(tampered, "terraform/terraformrc") })!);
    expect(evil.length).toBe(docker.length);
    const init = tfInit(dir, rc);
    expect(init.status).not.toBe(0);
    expect(init.stdout + init.stderr).toMatch(/match any of the\s+checksums/);
    expect(fs.existsSync(path.join(dir, ".terraform/providers/registry.terraform.io/kreuzwerker/docker/3.6.2/linux_amd64/terraform-provider-docker_v3.6.2"))).toBe(false);
    const v = spawnSync(process.execPath, [cli, "bundle", "verify", tampered, "--lang", "en"], { encoding: "utf8" });
    expect(v.status).toBe(1);
    expect(v.stdout).toContain(`CORRUPT  ${zip}: SHA-256 mismatch: expected ${sha(docker)}, found ${sha(evil)}`);
    expect(v.stdout).toMatch(/bundle INCOMPLETE: 0 missing, 1 corrupt/);
  });

  it("a missing file: bundle verify names it MISSING (exit 1), also in zh", () => {
    const broken = path.join(work, "bundle-missing");
    fs.cpSync(bundle, broken, { recursive: true });
    const zip = "terraform/mirror/registry.opentofu.org/hashicorp/random/terraform-provider-random_3.7.2_linux_amd64.zip";
    fs.rmSync(path.join(broken, zip));
    const v = spawnSync(process.execPath, [cli, "bundle", "verify", broken, "--lang", "en"], { encoding: "utf8" });
    expect(v.status).toBe(1);
    expect(v.stdout).toContain(`MISSING  ${zip}: missing`);
    expect(v.stdout).toMatch(/bundle INCOMPLETE: 1 missing, 0 corrupt/);
    const zh = spawnSync(process.execPath, [cli, "bundle", "verify", broken], { encoding: "utf8" });
    expect(zh.status).toBe(1);
    expect(zh.stdout).toContain(`缺失  ${zip}: 缺失`);
  });

  it("a published shasum the download does not match: the provider is refused and the bundle is incomplete (exit 1)", async () => {
    const other = path.join(work, "bundle-refused");
    net.stop();
    const good = await standIn("random", "3.7.2", "stand-in-random");
    fs.mkdirSync(work, { recursive: true });
    fs.writeFileSync(path.join(work, "random2.zip"), good);
    fs.writeFileSync(path.join(work, "docker2.zip"), Buffer.concat([docker, Buffer.from("garbage")]));
    net = await startInternet("tf", {
      ...registry("docker", "kreuzwerker", "3.6.2", DOCKER_URL, docker),
      ...registry("random", "hashicorp", "3.7.2", RANDOM_URL, good),
      [`/${new URL(DOCKER_URL).host}${new URL(DOCKER_URL).pathname}`]: { file: path.join(work, "docker2.zip") },
      [`/${new URL(RANDOM_URL).host}${new URL(RANDOM_URL).pathname}`]: { file: path.join(work, "random2.zip") },
    }, { port: 18132 });
    const r = net.run(process.execPath, [cli, "bundle", siteFile, "--out", other, "--install-path", other, "--mirror", net.url, "--no-images", "--no-windows", "--lang", "en"], { env: { ...process.env, EXAMLAB_BUNDLE_BACKOFF_MS: "10" } });
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain("bundle INCOMPLETE");
    expect(r.stdout).toMatch(/registry\.terraform\.io\/kreuzwerker\/docker\/terraform-provider-docker_3\.6\.2_linux_amd64\.zip: refused: SHA-256 mismatch/);
    expect(fs.existsSync(path.join(other, "terraform/mirror/registry.terraform.io/kreuzwerker/docker/terraform-provider-docker_3.6.2_linux_amd64.zip"))).toBe(false);
    expect(fs.readdirSync(path.join(other, "terraform/mirror/registry.terraform.io/kreuzwerker/docker")).filter((f) => f.endsWith(".part"))).toEqual([]);
    const v = spawnSync(process.execPath, [cli, "bundle", "verify", other, "--lang", "en"], { encoding: "utf8" });
    expect(v.status).toBe(1);
    expect(v.stdout).toMatch(/NOT BUNDLED  terraform\/mirror\/registry\.terraform\.io\/kreuzwerker\/docker\/.*refused/);
  });
});
