import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Site } from "../model/site";
import { InputError } from "../model/errors";
import { readManifest } from "./verify";
import { planBundle } from "./plan";

/**
 * Whether an offline site's bundle is usable, cheaply enough for `examlab check` (no hashing of
 * the big files: sizes and presence only; `examlab bundle verify` checks every SHA-256).
 *   missing    no bundle (or no manifest.json: never finished) at offline.bundle;
 *   stale      made from another version of the site file or of an allowlist file than the
 *              current one (compared by SHA-256, so a mere checkout/touch is not stale);
 *   incomplete parts missing since it was made, or files now missing / of the wrong size,
 *              or the site is not in it.
 */
export type BundleState =
  | { state: "not-offline" }
  | { state: "ok"; dir: string; createdAt: string }
  | { state: "missing"; dir: string; reason: "no-folder" | "unfinished" | "unreadable"; detail?: string }
  | { state: "stale"; dir: string; createdAt: string; changed: string[] }
  | { state: "incomplete"; dir: string; createdAt: string; problems: string[] };

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

export function offlineBundleState(site: Site): BundleState {
  const offline = site.spec.offline;
  if (!offline?.enabled) return { state: "not-offline" };
  const dir = path.resolve(site.dir, offline.bundle);
  if (!fs.existsSync(dir)) return { state: "missing", dir, reason: "no-folder" };
  let manifest;
  try {
    manifest = readManifest(dir);
  } catch (e) {
    return { state: "missing", dir, reason: "unreadable", detail: e instanceof InputError ? e.message : String(e) };
  }
  if (!manifest) return { state: "missing", dir, reason: "unfinished" };
  const createdAt = manifest.createdAt;

  const problems: string[] = [];
  const entry = manifest.sites.find((s) => s.id === site.spec.id);
  if (!entry) problems.push(`site ${site.spec.id} is not in the bundle (it holds ${manifest.sites.map((s) => s.id).join(", ") || "no site"})`);
  for (const m of manifest.missing) problems.push(`${m.path}: ${m.reason}`);
  for (const f of manifest.files) {
    const file = path.join(dir, f.path);
    let size = -1;
    try {
      size = fs.statSync(file).size;
    } catch {
      problems.push(`${f.path}: missing`);
      continue;
    }
    if (size !== f.size) problems.push(`${f.path}: ${size} bytes, expected ${f.size}`);
  }
  for (const p of site.spec.offline?.platforms ?? [])
    for (const pr of manifest.providers) if (!pr.platforms.includes(p)) problems.push(`provider ${pr.address} for ${p}: not in the bundle`);
  if (problems.length) return { state: "incomplete", dir, createdAt, problems };

  const changed: string[] = [];
  try {
    if (entry?.sha256 && entry.sha256 !== sha256(fs.readFileSync(site.file))) changed.push(site.file);
  } catch {
    /* a site built in memory has no file to compare */
  }
  const bundled = new Map(manifest.allowlists.filter((a) => a.site === site.spec.id).map((a) => [a.source, a.sha256]));
  for (const a of planBundle([site]).allowlists) {
    const was = bundled.get(a.shown);
    let now: string | undefined;
    try {
      now = sha256(fs.readFileSync(a.file));
    } catch {
      now = undefined;
    }
    if (was === undefined || now === undefined || was !== now) changed.push(a.shown);
  }
  if (changed.length) return { state: "stale", dir, createdAt, changed };
  return { state: "ok", dir, createdAt };
}
