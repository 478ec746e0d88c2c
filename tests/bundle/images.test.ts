import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLocalImage, startDockerd, type Dockerd } from "../helpers/dockerd";
import { startInternet, type Internet } from "./internet";

/**
 * Docker images through the offline bundle (issue 13), with Debian's docker.io (a private daemon,
 * tests/helpers/dockerd.ts) and images built locally, never pulled: `examlab bundle` saves the
 * site's database images into images/images.tar with their image IDs, `bundle verify` checks the
 * tar, and on an "offline lab server" (the same daemon after removing the images) the bundle's
 * offline-images.sh loads them and checks every ID; a wrong ID stops it.
 */
const root = path.resolve(__dirname, "../..");
const cli = path.join(root, "bin/examlab.js");
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
// Debian's docker CLI first: it matches the docker.io daemon.
const PATH = `/usr/bin:${process.env.PATH}`;

let d: Dockerd;
let net: Internet;
let work: string;
let bundle: string;
let siteFile: string;
const IMAGES = { mysql: ["examlab-test/b13-mysql", "5.7"], mongodb: ["examlab-test/b13-mongo", "4.4"], redis: ["examlab-test/b13-redis", "6.2.5"] } as const;

async function standIn(type: string, version: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(`terraform-provider-${type}_v${version}`, "#!/bin/sh\necho stand-in\n", { unixPermissions: 0o755 });
  return Buffer.from(await zip.generateAsync({ type: "nodebuffer", platform: "UNIX" }));
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-b13img-"));
  d = await startDockerd("b13img");
  for (const [service, [repo, tag]] of Object.entries(IMAGES)) {
    const ref = await buildLocalImage(d, `${repo}:build`, [], [`CMD ["echo", "bundled ${service}"]`]);
    await d.docker(["tag", ref, `${repo}:${tag}`]);
    await d.docker(["rmi", ref]);
  }
  const docker = await standIn("docker", "3.6.2");
  const random = await standIn("random", "3.7.2");
  fs.writeFileSync(path.join(work, "docker.zip"), docker);
  fs.writeFileSync(path.join(work, "random.zip"), random);
  const api = (ns: string, type: string, v: string, zip: Buffer) => ({
    [`/registry.terraform.io/v1/providers/${ns}/${type}/${v}/download/linux/amd64`]: { json: { download_url: `https://example.invalid/${type}.zip`, shasum: sha(zip) } },
    [`/example.invalid/${type}.zip`]: { file: path.join(work, `${type}.zip`) },
  });
  net = await startInternet("img", { ...api("kreuzwerker", "docker", "3.6.2", docker), ...api("hashicorp", "random", "3.7.2", random) }, { port: 18134 });
  siteFile = path.join(work, "site.yaml");
  const images = Object.entries(IMAGES).map(([s, [repository, tag]]) => `    ${s}: { repository: ${repository}, tag: "${tag}" }`).join("\n");
  fs.writeFileSync(siteFile, fs.readFileSync(path.join(root, "sites/demo-intermediate.yaml"), "utf8").replace("databases:\n  mode: per-seat\n", `databases:\n  mode: per-seat\n  images:\n${images}\n`) + "\noffline: { enabled: true, bundle: bundle }\n");
  bundle = path.join(work, "bundle");
}, 20 * 60_000);

afterAll(async () => {
  net?.stop();
  await d?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("offline bundle: docker images save → verify → load (private docker.io daemon)", () => {
  it("saves the site's images with their IDs; verify accepts the bundle; the load script restores and checks them", async () => {
    const r = net.run(process.execPath, [cli, "bundle", siteFile, "--out", bundle, "--install-path", bundle, "--mirror", net.url, "--no-windows", "--lang", "en"], { env: { ...process.env, PATH, DOCKER_HOST: d.host, EXAMLAB_BUNDLE_BACKOFF_MS: "10" } });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(bundle, "manifest.json"), "utf8"));
    const ids: Record<string, string> = {};
    for (const [repo, tag] of Object.values(IMAGES)) ids[`${repo}:${tag}`] = (await d.docker(["image", "inspect", "--format", "{{.Id}}", `${repo}:${tag}`])).trim();
    expect(manifest.images.map((i: { tagRef: string; id: string }) => [i.tagRef, i.id]).sort()).toEqual(Object.entries(ids).sort());
    expect(new Set(Object.values(ids)).size).toBe(3);
    const tar = manifest.files.find((f: { path: string }) => f.path === "images/images.tar");
    expect(tar).toMatchObject({ kind: "image-tar", hashStatus: "generated", sha256: sha(fs.readFileSync(path.join(bundle, "images/images.tar"))) });
    expect(spawnSync(process.execPath, [cli, "bundle", "verify", bundle], { encoding: "utf8" }).status).toBe(0);

    // The offline lab server: no image present; the bundle's script loads and checks them.
    for (const ref of Object.keys(ids)) await d.docker(["rmi", ref]);
    const script = path.join(bundle, "images/offline-images.sh");
    const load = spawnSync("sh", [script, "load"], { encoding: "utf8", env: { PATH, DOCKER_HOST: d.host } });
    expect(load.status, load.stdout + load.stderr).toBe(0);
    expect(load.stdout).toContain("loaded and checked 3 images");
    for (const [ref, id] of Object.entries(ids)) expect((await d.docker(["image", "inspect", "--format", "{{.Id}}", ref])).trim()).toBe(id);
    const out = await d.docker(["run", "--rm", "--network", "none", `${IMAGES.mysql[0]}:${IMAGES.mysql[1]}`]);
    expect(out.trim()).toBe("bundled mysql");

    // An image whose ID differs from the recorded one stops the script.
    const wrong = path.join(bundle, "images/offline-images-wrong.sh");
    fs.writeFileSync(wrong, fs.readFileSync(script, "utf8").replace(ids[`${IMAGES.redis[0]}:${IMAGES.redis[1]}`], `sha256:${"0".repeat(64)}`));
    const bad = spawnSync("sh", [wrong, "load"], { encoding: "utf8", env: { PATH, DOCKER_HOST: d.host } });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`image ID mismatch: ${IMAGES.redis[0]}:${IMAGES.redis[1]}`);
    fs.rmSync(wrong);

    // A damaged tar is CORRUPT for verify.
    const fd = fs.openSync(path.join(bundle, "images/images.tar"), "r+");
    fs.writeSync(fd, Buffer.from("X"), 0, 1, 1024);
    fs.closeSync(fd);
    const v = spawnSync(process.execPath, [cli, "bundle", "verify", bundle, "--lang", "en"], { encoding: "utf8" });
    expect(v.status).toBe(1);
    expect(v.stdout).toMatch(/CORRUPT  images\/images\.tar: SHA-256 mismatch/);
  });
});
