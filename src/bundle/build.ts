import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Site } from "../model/site";
import { EXAMLAB_VERSION } from "../version";
import { toJson } from "../util/json";
import { renderOfflineImagesScript } from "../databases/offline-images";
import { download, fetchJson, HashMismatchError, probeSize, sha256File, viaMirror } from "./download";
import { formatBytes, type Progress } from "./progress";
import { MIRROR_HOSTS, mirrorFile, pinnedProviders, registryDownloadUrl, type PinnedProvider } from "./providers";
import { h1Hashes, zipHash } from "./terraform-hash";
import { renderLockFile, type LockedProvider } from "./lock-file";
import { renderCliConfig } from "./cli-config";
import { imageRefsOf, saveImages, type SavedImage } from "./images";
import { planBundle, siteFileHash, windowsCachePath } from "./plan";
import { BUNDLE_FORMAT, MANIFEST, type BundleFileT, type BundleManifestT } from "./manifest";
import { renderBundleReadme, renderEnvScripts } from "./readme";
import type { TerraformPlatform } from "../model/sections/offline";

export interface BundleOptions {
  out: string;
  /** Absolute folder the bundle will live in on the lab server (terraformrc's mirror path). */
  installPath: string;
  /** Fetch every URL through this mirror (<mirror>/<host>/<path>). */
  mirror?: string;
  /** Folder with Windows cache files already at hand (e.g. the site's own Chrome installer). */
  windowsCache?: string;
  images: boolean;
  /** Include the Windows package cache (--no-windows leaves it out). */
  windows: boolean;
  pull: "missing" | "always";
  attempts?: number;
  backoffMs?: number;
  lang: "zh" | "en";
  now: Date;
  log: (line: string) => void;
  warn: (line: string) => void;
  progress: Progress;
}

export interface BundleResult {
  manifest: BundleManifestT;
  complete: boolean;
  /** Files whose hash was recorded at download, not verified against a published value. */
  unverified: BundleFileT[];
}

/** One file to fetch. */
interface Fetch {
  path: string;
  kind: BundleFileT["kind"];
  url: string | null;
  sha256: string | null;
  hashSource?: string;
  /** A copy already on this machine (--windows-cache). */
  local?: string;
}

const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

/**
 * `examlab bundle`: everything an offline site needs, in one folder. Files are fetched into the
 * folder itself (so an interrupted run resumes where it stopped); manifest.json is written last,
 * so a folder without one is recognisably unfinished.
 */
export async function buildBundle(sites: readonly Site[], opts: BundleOptions): Promise<BundleResult> {
  const zh = opts.lang === "zh";
  const t = (z: string, e: string) => (zh ? z : e);
  fs.mkdirSync(opts.out, { recursive: true });
  fs.rmSync(path.join(opts.out, MANIFEST), { force: true }); // unfinished until the new one is written
  const plan = planBundle(sites);
  const providers = pinnedProviders();
  const files = new Map<string, BundleFileT>();
  const missing: BundleManifestT["missing"] = [];
  const dl = { attempts: opts.attempts, backoffMs: opts.backoffMs, onRetry: (n: number, e: Error, ms: number) => opts.warn(t(`  第 ${n} 次失败（${e.message}），${ms} 毫秒后重试`, `  attempt ${n} failed (${e.message}); retrying in ${ms} ms`)) };

  // 1. Where every file comes from: the provider registry's download API names each zip and its shasum.
  const fetches: Fetch[] = [];
  const providerZips: { provider: PinnedProvider; platform: TerraformPlatform; path: string }[] = [];
  for (const p of providers)
    for (const platform of plan.platforms) {
      const api = registryDownloadUrl(p, platform);
      const file = mirrorFile(MIRROR_HOSTS[0], p, platform);
      try {
        const meta = (await fetchJson(viaMirror(api, opts.mirror), dl)) as { download_url?: unknown; shasum?: unknown; filename?: unknown };
        if (typeof meta.download_url !== "string" || typeof meta.shasum !== "string" || !/^[0-9a-f]{64}$/.test(meta.shasum))
          throw new Error(`unexpected reply (no download_url/shasum)`);
        fetches.push({ path: file, kind: "provider", url: meta.download_url, sha256: meta.shasum, hashSource: `${api} (shasum)` });
        providerZips.push({ provider: p, platform, path: file });
      } catch (e) {
        missing.push({ path: file, kind: "provider", source: api, reason: (e as Error).message });
      }
    }
  for (const p of opts.windows ? plan.windowsPackages : []) {
    const local = opts.windowsCache ? path.join(opts.windowsCache, p.file) : undefined;
    fetches.push({ path: windowsCachePath(p.file), kind: "windows-package", url: p.url, sha256: p.sha256, hashSource: p.hashSource, local: local && fs.existsSync(local) ? local : undefined });
  }

  // 2. Total size before anything is downloaded.
  const toFetch = fetches.filter((f) => !f.local && f.url && !fs.existsSync(path.join(opts.out, f.path)));
  const sizes = await Promise.all(toFetch.map((f) => probeSize(viaMirror(f.url!, opts.mirror))));
  const known = sizes.reduce<number>((a, b) => a + (b ?? 0), 0);
  const unknown = sizes.filter((s) => s === undefined).length;
  opts.log(
    t(
      `需要下载 ${toFetch.length} 个文件，共 ${formatBytes(known)}${unknown ? `（另有 ${unknown} 个文件大小未知）` : ""}；已在离线包中：${fetches.length - toFetch.length} 个`,
      `to download: ${toFetch.length} files, ${formatBytes(known)} in total${unknown ? ` (plus ${unknown} of unknown size)` : ""}; already in the bundle: ${fetches.length - toFetch.length}`,
    ),
  );

  // 3. Fetch (or copy) and check every file.
  for (const f of fetches) {
    const dest = path.join(opts.out, f.path);
    const label = path.basename(f.path);
    try {
      if (f.local) {
        const have = await sha256File(f.local);
        if (f.sha256 && have !== f.sha256.toLowerCase()) throw new HashMismatchError(f.local, f.sha256, have);
        copyAtomically(f.local, dest);
        record(files, f, dest, have, f.sha256 ? "published" : "local", f.local);
        continue;
      }
      if (!f.url) {
        if (fs.existsSync(dest)) {
          record(files, f, dest, await sha256File(dest), "local", "placed by hand");
          continue;
        }
        missing.push({ path: f.path, kind: f.kind, source: null, reason: t("没有官方下载地址：把文件放进 --windows-cache 指定的目录后重新运行", "no official download: put the file into the folder given with --windows-cache and run again") });
        continue;
      }
      const bar = opts.progress.bar(label);
      const r = await download(viaMirror(f.url, opts.mirror), dest, { sha256: f.sha256, ...dl, onProgress: (n, total) => bar.update(n, total) });
      bar.finish();
      if (!r.kept) opts.log(t(`  已下载 ${f.path}（${formatBytes(r.size)}${r.resumedFrom ? `，从第 ${r.resumedFrom} 字节续传` : ""}）`, `  downloaded ${f.path} (${formatBytes(r.size)}${r.resumedFrom ? `, resumed at byte ${r.resumedFrom}` : ""})`));
      record(files, f, dest, r.sha256, f.sha256 ? "published" : "recorded", f.url);
    } catch (e) {
      const refused = e instanceof HashMismatchError;
      opts.warn(`${f.path}: ${(e as Error).message}`);
      missing.push({ path: f.path, kind: f.kind, source: f.url ?? f.local ?? null, reason: refused ? t(`SHA-256 不符，已拒收：${(e as Error).message}`, `refused: ${(e as Error).message}`) : (e as Error).message });
    }
  }

  // 4. Terraform: the same zips under OpenTofu's hostname, the lock file, the CLI configuration.
  const locked = new Map<string, LockedProvider>();
  for (const z of providerZips) {
    const entry = files.get(z.path);
    if (!entry) continue;
    const bytes = fs.readFileSync(path.join(opts.out, z.path));
    const hashes = [...(await h1Hashes(bytes)), zipHash(bytes)];
    for (const host of MIRROR_HOSTS) {
      const key = `${host}/${z.provider.namespace}/${z.provider.type}`;
      const l = locked.get(key) ?? { host, provider: z.provider, hashes: [] };
      locked.set(key, { ...l, hashes: [...l.hashes, ...hashes] });
      if (host === MIRROR_HOSTS[0]) continue;
      const copy = mirrorFile(host, z.provider, z.platform);
      copyAtomically(path.join(opts.out, z.path), path.join(opts.out, copy));
      files.set(copy, { ...entry, path: copy });
    }
  }
  const installMirror = joinInstall(opts.installPath, "terraform/mirror");
  writeGenerated(opts.out, files, "terraform/.terraform.lock.hcl", "lock-file", renderLockFile([...locked.values()]));
  writeGenerated(opts.out, files, "terraform/terraformrc", "cli-config", renderCliConfig(installMirror));
  const env = renderEnvScripts(opts.installPath);
  writeGenerated(opts.out, files, "terraform/env.sh", "script", env.sh);
  writeGenerated(opts.out, files, "terraform/env.ps1", "script", env.ps1);

  // 5. Allowlists: the official files as they are, with their hash and date.
  const allowlists: BundleManifestT["allowlists"] = [];
  for (const a of plan.allowlists) {
    try {
      const bytes = fs.readFileSync(a.file);
      const dest = path.join(opts.out, a.bundlePath);
      writeAtomically(dest, bytes);
      const hash = sha256(bytes);
      files.set(a.bundlePath, { path: a.bundlePath, sha256: hash, size: bytes.length, kind: "allowlist", source: a.shown, hashStatus: "local" });
      allowlists.push({ site: a.site, path: a.bundlePath, source: a.shown, sha256: hash, date: fs.statSync(a.file).mtime.toISOString().slice(0, 10), example: a.example });
      if (a.example) opts.warn(t(`考点 ${a.site} 未配置官方白名单：离线包里是内置的示例白名单，考前必须替换`, `site ${a.site} has no allowlist.sources: the bundle carries the bundled EXAMPLE list; replace it with the official list before the exam`));
    } catch (e) {
      missing.push({ path: a.bundlePath, kind: "allowlist", source: a.shown, reason: (e as Error).message });
    }
  }

  // 6. Docker images, pinned by ID, with the load script.
  let saved: SavedImage[] = [];
  const refs = imageRefsOf(sites);
  if (refs.length && opts.images) {
    const bar = opts.progress.bar("docker save");
    try {
      bar.update(0);
      saved = await saveImages(refs, path.join(opts.out, "images", "images.tar"), { pull: opts.pull, log: (s) => opts.log(`  ${s}`) });
      const tar = path.join(opts.out, "images", "images.tar");
      files.set("images/images.tar", { path: "images/images.tar", sha256: await sha256File(tar), size: fs.statSync(tar).size, kind: "image-tar", source: `docker save ${saved.map((s) => s.tagRef).join(" ")}`, hashStatus: "generated" });
      const script = renderOfflineImagesScript({ title: { zh: "离线包中的数据库镜像：导入并核对。", en: "Database images of the offline bundle: load and check." }, tar: "images.tar", images: saved.map((s) => ({ ref: s.tagRef, id: s.id })), save: false }, opts.lang);
      writeGenerated(opts.out, files, "images/offline-images.sh", "script", script);
    } catch (e) {
      missing.push({ path: "images/images.tar", kind: "image-tar", source: refs.join(" "), reason: (e as Error).message });
    } finally {
      bar.finish();
    }
  }

  // 7. Package-cache manifests with the hashes the bundle now knows (recorded ones marked as such).
  for (const { site, manifest } of opts.windows ? plan.windowsManifests : []) {
    const packages = manifest.packages.map((p) => {
      const f = files.get(windowsCachePath(p.file));
      if (p.sha256 || !f) return p;
      return { ...p, sha256: f.sha256, hashStatus: "recorded", hashSource: `computed by examlab bundle from ${f.source} on ${opts.now.toISOString().slice(0, 10)} (not verified against a published hash)` };
    });
    writeGenerated(opts.out, files, `windows/${site}/package-cache.json`, "package-manifest", toJson({ ...manifest, cache: "..\\cache", packages }));
  }

  const unverified = [...files.values()].filter((f) => f.hashStatus === "recorded");
  writeGenerated(opts.out, files, "README.txt", "readme", renderBundleReadme({ lang: opts.lang, installPath: opts.installPath, sites: sites.map((s) => s.spec.id), missing, unverified, images: saved.length > 0 }));

  const manifest: BundleManifestT = {
    format: BUNDLE_FORMAT,
    createdAt: opts.now.toISOString(),
    examlab: EXAMLAB_VERSION,
    installPath: opts.installPath,
    sites: sites.map((s) => ({ id: s.spec.id, file: path.basename(s.file), sha256: siteFileHash(s, sha256), platforms: s.spec.offline?.platforms ?? ["linux_amd64"] })),
    providers: providers.map((p) => ({ address: `${p.namespace}/${p.type}`, version: p.version, platforms: providerZips.filter((z) => z.provider === p).map((z) => z.platform) })),
    images: saved.map((s) => ({ ref: s.ref, tagRef: s.tagRef, id: s.id, repoDigests: s.repoDigests })),
    allowlists,
    omitted: [...(!opts.images && refs.length ? (["images"] as const) : []), ...(!opts.windows ? (["windows"] as const) : [])],
    files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    missing: missing.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
  writeAtomically(path.join(opts.out, MANIFEST), Buffer.from(toJson(manifest)));
  return { manifest, complete: missing.length === 0, unverified };
}

function record(files: Map<string, BundleFileT>, f: Fetch, dest: string, hash: string, status: BundleFileT["hashStatus"], source: string): void {
  files.set(f.path, { path: f.path, sha256: hash, size: fs.statSync(dest).size, kind: f.kind, source, hashStatus: status, ...(f.hashSource && status === "published" ? { hashSource: f.hashSource } : {}) });
}

function writeGenerated(out: string, files: Map<string, BundleFileT>, rel: string, kind: BundleFileT["kind"], content: string): void {
  const bytes = Buffer.from(content);
  writeAtomically(path.join(out, rel), bytes);
  files.set(rel, { path: rel, sha256: sha256(bytes), size: bytes.length, kind, source: "examlab", hashStatus: "generated" });
}

/** Never a half-written file where a complete one is expected: write `.part`, then rename. */
export function writeAtomically(dest: string, bytes: Uint8Array): void {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  fs.writeFileSync(part, bytes);
  fs.renameSync(part, dest);
}

function copyAtomically(from: string, dest: string): void {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  fs.copyFileSync(from, part);
  fs.renameSync(part, dest);
}

/** The install path is a path on the lab server (POSIX or Windows), not on this machine. */
function joinInstall(base: string, rel: string): string {
  const win = /^[A-Za-z]:[\\/]/.test(base);
  return win ? `${base.replace(/[\\/]+$/, "")}\\${rel.split("/").join("\\")}` : `${base.replace(/\/+$/, "")}/${rel}`;
}
