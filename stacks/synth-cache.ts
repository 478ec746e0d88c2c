import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Incremental synth (issue 14): a content-addressed cache of each site's stack output.
 *
 * A stack's key is the SHA-256 of everything its output depends on: the site file's path and
 * bytes, and a fingerprint of the rest (`inputsFingerprint`: the app bundle, templates/,
 * policies/, examlab/Node/cdktf/provider versions, EXAMLAB_INVENTORY files). Two more inputs
 * are only known after a site is read, so the record checks them on every hit: the files the
 * site reads (allowlist sources) by their SHA-256, and today's date in the site's timezone
 * (suppression expiry). The cache keeps
 *   keys/<ab>/<key>       the record: one line of JSON (the key's inputs to re-check, the stack's
 *                         output files with size and mtime), then the stack's entry of
 *                         manifest.json as it stands there (already indented: manifests are
 *                         concatenated) — one read and no unescaping per stack on a re-synth;
 *   <site id>/<key>/out/  the output files themselves, hard links to what was written (copies
 *                         across devices).
 * On a hit the stack folder in the outdir is kept when every file still has its recorded size and
 * mtime (and no folder under files/ holds anything else); otherwise it is put back from out/.
 * Anything that does not match exactly is a miss and the site is synthesized again.
 */
export interface CacheRecord {
  v: 3;
  id: string;
  key: string;
  /** Site-relative files the site reads (allowlist sources): absolute path → SHA-256. */
  deps: [string, string][];
  /** The date the compliance results were computed for, in the site's timezone. */
  day?: { timeZone: string; date: string };
  /** The stack has ERROR annotations (plain app.synth must fail on it: never served from cache then). */
  errors: boolean;
  /**
   * Output files under stacks/<id>/ (posix paths) with size and mtime as written; the SHA-256
   * only when the cache holds a copy (not a hard link), whose own mtime then differs.
   */
  files: [string, number, number, string][];
  /** The stack's entry of manifest.json, indented for its place there (UTF-8: written as read). */
  entry: Uint8Array;
}

const FORMAT = "examlab-synth-cache-3";

export const sha256 = (data: string | Uint8Array): string => createHash("sha256").update(data).digest("hex");

/** Every file under dir (sorted posix paths relative to it); [] when it does not exist. */
function listFiles(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) if (e.isFile()) out.push(path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"));
  return out.sort();
}

function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  for (const rel of listFiles(dir)) hash.update(`${rel}\0`).update(fs.readFileSync(path.join(dir, rel))).update("\0");
}

/**
 * Everything besides the site file that changes a stack's output. `env` is the process
 * environment; `root` the package root (templates/, policies/); `app` the running app bundle.
 */
export function inputsFingerprint(opts: { root: string; app: string; cwd: string; env: NodeJS.ProcessEnv; versions: Record<string, string> }): string {
  const h = createHash("sha256").update(FORMAT);
  // cdktf's default local backend names an absolute path under the working directory.
  h.update(`cwd ${opts.cwd}\0`);
  for (const [k, v] of Object.entries(opts.versions).sort()) h.update(`${k}=${v}\0`);
  h.update(fs.existsSync(opts.app) ? fs.readFileSync(opts.app) : "no-app");
  hashTree(h, path.join(opts.root, "templates"));
  hashTree(h, path.join(opts.root, "policies"));
  // Machine inventories checked on every synth: their names and contents.
  for (const f of opts.env.EXAMLAB_INVENTORY?.split(path.delimiter).filter(Boolean) ?? [])
    h.update(`inventory ${f}\0`).update(fs.existsSync(f) ? fs.readFileSync(f) : "missing");
  // TypeScript sites are compiled into the app unless EXAMLAB_SITES points elsewhere.
  h.update(`sites-from ${opts.env.EXAMLAB_SITES === undefined ? "bundle" : "files"}`);
  return h.digest("hex");
}

/** The key of one site file's stack. */
export function stackKey(fingerprint: string, file: string, bytes: Uint8Array): string {
  return createHash("sha256").update(fingerprint).update(`\0${file}\0`).update(bytes).digest("hex");
}

export class SynthCache {
  constructor(readonly dir: string) {}

  private entryDir(id: string, key: string): string {
    return path.join(this.dir, id, key);
  }

  private recordFile(key: string): string {
    return path.join(this.dir, "keys", key.slice(0, 2), key);
  }

  /** The record of `key` if every input it re-checks is unchanged; `today(tz)` gives the current date. */
  lookup(key: string, today: (timeZone: string) => string): CacheRecord | undefined {
    let rec: CacheRecord;
    try {
      rec = readRecord(fs.readFileSync(this.recordFile(key)));
    } catch {
      return undefined;
    }
    if (rec.v !== 3 || rec.key !== key) return undefined;
    if (rec.day && today(rec.day.timeZone) !== rec.day.date) return undefined;
    for (const [file, hash] of rec.deps) {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch {
        return undefined;
      }
      if (sha256(bytes) !== hash) return undefined;
    }
    return rec;
  }

  /**
   * Makes `<outdir>/stacks/<id>` hold exactly the recorded output: kept when it still matches,
   * else put back from the cache. False when neither is possible (the caller synthesizes it).
   */
  place(rec: CacheRecord, outdir: string): boolean {
    const stackDir = path.join(outdir, "stacks", rec.id);
    if (matches(stackDir, rec)) return true;
    const store = path.join(this.entryDir(rec.id, rec.key), "out");
    if (!storeIntact(store, rec)) return false;
    fs.rmSync(path.join(stackDir, "files"), { recursive: true, force: true });
    let copied = false;
    for (const file of rec.files) {
      const dest = path.join(stackDir, file[0]);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.rmSync(dest, { force: true });
      if (linkOrCopy(path.join(store, file[0]), dest)) continue;
      copied = true;
      file[2] = fs.statSync(dest).mtimeMs; // a copy: remember its own mtime
    }
    if (copied) fs.writeFileSync(this.recordFile(rec.key), recordText(rec));
    return matches(stackDir, rec);
  }

  /** Records a freshly synthesized stack (its files in `<outdir>/stacks/<id>`). */
  save(args: { id: string; key: string; outdir: string; entryText: string; deps: [string, string][]; day?: CacheRecord["day"]; errors: boolean }): void {
    const stackDir = path.join(args.outdir, "stacks", args.id);
    const dir = this.entryDir(args.id, args.key);
    const tmp = `${dir}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    const files: CacheRecord["files"] = [];
    for (const rel of listFiles(stackDir)) {
      if (rel !== "cdk.tf.json" && !rel.startsWith("files/")) continue; // e.g. .terraform/ of `terraform init`
      const src = path.join(stackDir, rel);
      const dest = path.join(tmp, "out", rel);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      const st = fs.statSync(src);
      const linked = linkOrCopy(src, dest);
      files.push([rel, st.size, st.mtimeMs, linked ? "" : sha256(fs.readFileSync(dest))]);
    }
    const rec: CacheRecord = { v: 3, id: args.id, key: args.key, deps: args.deps, ...(args.day ? { day: args.day } : {}), errors: args.errors, files, entry: Buffer.from(args.entryText, "utf8") };
    fs.mkdirSync(tmp, { recursive: true });
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.renameSync(tmp, dir);
    // The record last, through a temp file: a record names only files already in place.
    const recordFile = this.recordFile(args.key);
    fs.mkdirSync(path.dirname(recordFile), { recursive: true });
    fs.writeFileSync(`${recordFile}.tmp-${process.pid}`, recordText(rec));
    fs.renameSync(`${recordFile}.tmp-${process.pid}`, recordFile);
    this.prune(args.id, args.key);
  }

  /** Keeps the newest other key of a site besides the current one (switching back and forth stays cheap). */
  private prune(id: string, current: string): void {
    const siteDir = path.join(this.dir, id);
    const others = fs
      .readdirSync(siteDir)
      .filter((k) => k !== current && /^[0-9a-f]{64}$/.test(k))
      .map((k) => ({ k, t: fs.statSync(path.join(siteDir, k)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const { k } of others.slice(1)) {
      fs.rmSync(path.join(siteDir, k), { recursive: true, force: true });
      fs.rmSync(this.recordFile(k), { force: true });
    }
  }
}

/** A record file: its JSON on the first line (JSON.stringify writes no raw line break), the entry text after it. */
function recordText(rec: CacheRecord): Buffer {
  const { entry, ...rest } = rec;
  return Buffer.concat([Buffer.from(`${JSON.stringify(rest)}\n`, "utf8"), entry]);
}

/** The entry stays bytes: a re-synth writes it into manifest.json without decoding and encoding ~25 KB per stack. */
function readRecord(bytes: Buffer): CacheRecord {
  const cut = bytes.indexOf(10);
  if (cut < 0) throw new Error("not a record");
  return { ...(JSON.parse(bytes.toString("utf8", 0, cut)) as Omit<CacheRecord, "entry">), entry: bytes.subarray(cut + 1) };
}

/** True when dir holds exactly the recorded files under files/ plus cdk.tf.json, with their sizes and mtimes. */
function matches(dir: string, rec: CacheRecord): boolean {
  // The entries each folder under files/ must hold: its recorded files and sub-folders.
  const children = new Map<string, Set<string>>([["files", new Set()]]);
  for (const [rel, size, mtime] of rec.files) {
    const st = fs.statSync(`${dir}/${rel}`, { throwIfNoEntry: false });
    if (!st || !st.isFile() || st.size !== size || st.mtimeMs !== mtime) return false;
    if (!rel.startsWith("files/")) continue;
    const parts = rel.split("/");
    for (let k = parts.length - 1; k >= 1; k--) {
      const parent = parts.slice(0, k).join("/");
      let names = children.get(parent);
      if (!names) children.set(parent, (names = new Set()));
      if (names.has(parts[k])) break; // the folders above were counted already
      names.add(parts[k]);
    }
  }
  // Nothing else under files/ (a clean synth empties it first): an extra file or folder anywhere
  // is one more entry in a recorded folder. One readdir per folder, not a recursive listing.
  for (const [folder, names] of children) {
    let entries: string[];
    try {
      entries = fs.readdirSync(`${dir}/${folder}`);
    } catch {
      // files/ may be missing when the stack wrote no files; a recorded sub-folder may not.
      if (folder === "files" && names.size === 0) continue;
      return false;
    }
    if (entries.length !== names.size) return false;
  }
  return true;
}

/** The cache's own files are unchanged: hard links by size and mtime, copies by content. */
function storeIntact(store: string, rec: CacheRecord): boolean {
  for (const [rel, size, mtime, hash] of rec.files) {
    const file = path.join(store, rel);
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      return false;
    }
    if (st.size !== size) return false;
    if (hash ? sha256(fs.readFileSync(file)) !== hash : st.mtimeMs !== mtime) return false;
  }
  return true;
}

/** Hard link (true), or a copy when linking is impossible, e.g. across devices (false). */
function linkOrCopy(src: string, dest: string): boolean {
  try {
    fs.linkSync(src, dest);
    return true;
  } catch {
    fs.copyFileSync(src, dest);
    return false;
  }
}
