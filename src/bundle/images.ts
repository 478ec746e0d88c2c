import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import type { Site } from "../model/site";
import { resolveDatabases } from "../databases/plan";
import { DB_SERVICES } from "../databases/services";

const run = promisify(execFile);

/** Every database image the sites' containers use (sorted, deduplicated). */
export function imageRefsOf(sites: readonly Site[]): string[] {
  const refs = new Set<string>();
  for (const s of sites) {
    const plan = resolveDatabases(s);
    if (plan) for (const svc of DB_SERVICES) refs.add(plan.images[svc].ref);
  }
  return [...refs].sort();
}

export interface SavedImage {
  /** Reference as the stacks use it (repo:tag, or repo:tag@digest). */
  ref: string;
  /** Tag reference stored in the tar (docker load restores it; docker_image finds it by name). */
  tagRef: string;
  /** Image ID: sha256 of the image configuration, checked again after `docker load`. */
  id: string;
  /** Registry manifest digest(s) the image was pulled by (empty for a locally built image). */
  repoDigests: string[];
}

/** repo:tag@sha256:… → repo:tag (the name docker save can store and docker load restores). */
export function tagRefOf(ref: string): string {
  return ref.replace(/@sha256:[0-9a-f]{64}$/, "");
}

/**
 * Pins and saves the images with the docker CLI (DOCKER_HOST is honoured): an image missing
 * locally is pulled (by digest when the site pins one); its ID and repo digests are recorded; the
 * tag is (re)attached so the tar carries names; `docker save` writes `<tar>.part`, renamed when done.
 */
export async function saveImages(refs: readonly string[], tar: string, opts: { pull: "missing" | "always"; log: (s: string) => void }): Promise<SavedImage[]> {
  const saved: SavedImage[] = [];
  for (const ref of refs) {
    let info = await inspect(ref);
    if (!info || opts.pull === "always") {
      opts.log(`docker pull ${ref}`);
      await docker(["pull", ref]);
      info = await inspect(ref);
      if (!info) throw new Error(`docker pull ${ref} succeeded but the image cannot be inspected`);
    }
    const tagRef = tagRefOf(ref);
    if (tagRef !== ref) await docker(["tag", info.id, tagRef]);
    saved.push({ ref, tagRef, id: info.id, repoDigests: info.repoDigests });
  }
  const part = `${tar}.part`;
  fs.mkdirSync(path.dirname(tar), { recursive: true });
  fs.rmSync(part, { force: true });
  await docker(["save", "-o", part, ...saved.map((s) => s.tagRef)]);
  fs.renameSync(part, tar);
  return saved;
}

async function inspect(ref: string): Promise<{ id: string; repoDigests: string[] } | undefined> {
  try {
    const { stdout } = await run("docker", ["image", "inspect", "--format", "{{json .Id}} {{json .RepoDigests}}", ref], { maxBuffer: 1 << 20 });
    const [id, digests] = stdout.trim().split(" ");
    return { id: JSON.parse(id), repoDigests: JSON.parse(digests) ?? [] };
  } catch {
    return undefined;
  }
}

async function docker(args: string[]): Promise<void> {
  try {
    await run("docker", args, { maxBuffer: 16 << 20 });
  } catch (e) {
    const err = e as { stderr?: string; code?: string; message: string };
    if (err.code === "ENOENT") throw new Error("the docker command is not installed: install Docker on this machine, or pass --no-images");
    throw new Error(`docker ${args[0]} failed: ${(err.stderr ?? err.message).trim()}`);
  }
}
