import { PACKAGES, type PackageSpec } from "../../policies/windows/package-cache";
import type { Level } from "../model/sections/common";
import type { DatabaseMode } from "./config";

/** One file of the exported package-cache manifest (windows/package-cache.json). */
export interface ManifestPackage {
  id: string;
  file: string;
  kind: PackageSpec["kind"];
  version: string;
  tool?: string;
  levels: Level[];
  url: string | null;
  sha256: string | null;
  /** published = read from a public source; unverified = to be computed by fill-package-cache.mjs. */
  hashStatus: "published" | "unverified";
  hashSource?: string;
  note?: string;
}

export interface PackageManifest {
  $comment: string;
  site: string;
  cache: string;
  packages: ManifestPackage[];
}

/** Packages one level needs (databases only in local mode). */
export function packagesForLevel(level: Level, databases: DatabaseMode): PackageSpec[] {
  return PACKAGES.filter((p) => p.levels.includes(level) && (p.condition === "always" || databases === "local"));
}

/** The wheel project name pip knows (file names use '_' where the project uses '-'/'.'). */
export function wheelProject(p: PackageSpec): string {
  return p.file.replace(/^wheelhouse\//, "").split("-")[0];
}

/** The manifest for every level the site offers (sorted by id: deterministic). */
export function buildPackageManifest(siteId: string, cache: string, levels: readonly Level[], dbModeOf: (l: Level) => DatabaseMode): PackageManifest {
  const byId = new Map<string, ManifestPackage>();
  for (const level of levels)
    for (const p of packagesForLevel(level, dbModeOf(level))) {
      const existing = byId.get(p.id);
      if (existing) {
        if (!existing.levels.includes(level)) existing.levels.push(level);
        continue;
      }
      byId.set(p.id, {
        id: p.id, file: p.file, kind: p.kind, version: p.version, ...(p.tool ? { tool: p.tool } : {}), levels: [level], url: p.url,
        sha256: p.sha256, hashStatus: p.sha256 ? "published" : "unverified", ...(p.hashSource ? { hashSource: p.hashSource } : {}), ...(p.note ? { note: p.note } : {}),
      });
    }
  return {
    $comment: "examlab package cache. Fill it with: node scripts/fill-package-cache.mjs --manifest <this file> --cache <folder> [--record-unverified]. Provisioning refuses any entry whose sha256 is null.",
    site: siteId,
    cache,
    packages: [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}
