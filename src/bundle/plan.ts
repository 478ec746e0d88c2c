import * as fs from "node:fs";
import * as path from "node:path";
import type { Site } from "../model/site";
import { TERRAFORM_PLATFORMS, type TerraformPlatform } from "../model/sections/offline";
import { buildPackageManifest, type ManifestPackage, type PackageManifest } from "../windows/package-cache";
import { databaseMode, windowsOptions } from "../windows/config";
import { EXAMPLE_LIST } from "../allowlist/sources";
import { packageRoot } from "../allowlist/assets";

/**
 * What a bundle for these sites holds, worked out from the site files alone (no network):
 * provider platforms, the Windows packages of every level and database mode, the allowlist files.
 */
export interface BundlePlan {
  platforms: TerraformPlatform[];
  /** One entry per cache file (the union over the sites). */
  windowsPackages: ManifestPackage[];
  /** Per site, the manifest windows/provision-*.ps1 reads (hashes filled in after download). */
  windowsManifests: { site: string; manifest: PackageManifest }[];
  allowlists: { site: string; file: string; shown: string; example: boolean; bundlePath: string }[];
}

export function planBundle(sites: readonly Site[]): BundlePlan {
  const platforms = new Set<TerraformPlatform>();
  for (const s of sites) for (const p of s.spec.offline?.platforms ?? ["linux_amd64"]) platforms.add(p);
  const byFile = new Map<string, ManifestPackage>();
  const windowsManifests: BundlePlan["windowsManifests"] = [];
  const allowlists: BundlePlan["allowlists"] = [];
  for (const site of sites) {
    const manifest = buildPackageManifest(site.spec.id, windowsOptions(site).packageCache, site.spec.levels, (l) => databaseMode(site, l));
    windowsManifests.push({ site: site.spec.id, manifest });
    for (const p of manifest.packages) if (!byFile.has(p.file)) byFile.set(p.file, p);
    const sources = site.spec.allowlist.sources;
    const files = sources.length
      ? sources.map((s) => ({ file: path.resolve(site.dir, s), shown: s, example: false }))
      : [{ file: path.join(packageRoot(), EXAMPLE_LIST), shown: EXAMPLE_LIST, example: true }];
    const taken = new Set<string>();
    for (const f of files) {
      let name = path.basename(f.file);
      for (let i = 2; taken.has(name); i++) name = `${i}-${path.basename(f.file)}`;
      taken.add(name);
      allowlists.push({ site: site.spec.id, ...f, bundlePath: `allowlist/${site.spec.id}/${name}` });
    }
  }
  return {
    platforms: TERRAFORM_PLATFORMS.filter((p) => platforms.has(p)),
    windowsPackages: [...byFile.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    windowsManifests,
    allowlists,
  };
}

/** Where a Windows cache file lies inside the bundle. */
export function windowsCachePath(file: string): string {
  return `windows/cache/${file}`;
}

/** The SHA-256 of a site file as the bundle records it (null for sites without a readable file). */
export function siteFileHash(site: Site, hash: (b: Buffer) => string): string | null {
  try {
    return hash(fs.readFileSync(site.file));
  } catch {
    return null;
  }
}
