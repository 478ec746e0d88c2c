import { createHash } from "node:crypto";
import { isAscii } from "node:buffer";
import * as fs from "node:fs";
import Module from "node:module";
import * as path from "node:path";
import * as vm from "node:vm";

/**
 * dist/main.js, the cdktf app's entry (cdktf.json "app": "node dist/main.js"): runs the bundled
 * app dist/app.js with a V8 code cache for every CommonJS module it loads (issue 14, start-up).
 * Compiling the 2.4 MB bundle, cdktf and the provider bindings, and then lazily every function a
 * synth calls, cost ~150–300 ms of each process (and of each worker of a sharded run); with the
 * cache V8 takes the compiled code of the previous run instead.
 *
 * One cache file, dist/.v8-cache/<key>.v8, where the key is the identity of the bundle's file (see
 * fileIdentity) and the Node version and architecture; inside, an entry per module keyed by its
 * path and its file's identity (V8 checks only the source's length, so the key must change with
 * the content; V8 itself refuses data of another V8 version or flags). The file is written at exit by a run
 * that compiled modules without cached data, unless another process (a worker) wrote it since
 * this one started; via a temporary file and a rename. Any failure to read or write it only costs
 * the speed-up. Behaviour and output are the same with or without it (EXAMLAB_CODE_CACHE=off;
 * tests/perf/app-code-cache.test.ts).
 */
const APP = path.join(__dirname, "app.js");
const CACHE_DIR = path.join(__dirname, ".v8-cache");

interface Entry {
  file: string;
  hash: string;
  data: Buffer;
}

const sha256 = (s: string): string => createHash("sha256").update(s).digest("hex");

/**
 * What changes whenever a file's content does: device, inode, size, and modification and change
 * times in nanoseconds. The change time is set by the kernel on every write or rename and cannot
 * be set back by tools (npm's fixed mtimes, `touch -d`, `cp -p` do not reach it); a reinstall or a
 * rebuild makes new files or new times. Hashing the 183 modules' 5.8 MB of source instead cost
 * ~12 ms of every run (issue 14).
 */
function fileIdentity(file: string): string {
  const s = fs.statSync(file, { bigint: true });
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

/** Layout: 4-byte length of a JSON index [file, hash, length][], the index, the data back to back. */
function readCache(file: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    return entries; // first run of this build
  }
  try {
    const n = buf.readUInt32LE(0);
    const index = JSON.parse(buf.subarray(4, 4 + n).toString("utf8")) as [string, string, number][];
    let at = 4 + n;
    for (const [f, hash, length] of index) {
      if (at + length > buf.length) break;
      entries.set(f, { file: f, hash, data: buf.subarray(at, at + length) });
      at += length;
    }
  } catch {
    entries.clear(); // damaged: compiled from source and written again
  }
  return entries;
}

function writeCache(file: string, entries: Iterable<Entry>, startedMs: number): void {
  try {
    // A worker of this run may have written a fuller cache (it compiled the synth's functions).
    if ((fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0) > startedMs) return;
    const list = [...entries];
    const index = Buffer.from(JSON.stringify(list.map((e) => [e.file, e.hash, e.data.length])), "utf8");
    const head = Buffer.alloc(4);
    head.writeUInt32LE(index.length, 0);
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    // Caches of earlier builds are of no use any more.
    for (const old of fs.readdirSync(CACHE_DIR)) if (old !== path.basename(file) && !old.endsWith(".tmp")) fs.rmSync(path.join(CACHE_DIR, old), { force: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.concat([head, index, ...list.map((e) => e.data)]));
    fs.renameSync(tmp, file);
  } catch {
    // read-only install or full disk: run without the cache
  }
}

type ModuleInternals = typeof Module & {
  _resolveFilename(request: string, parent: NodeJS.Module, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: NodeJS.Module): string[] | null;
  _extensions: NodeJS.RequireExtensions;
  _cache: NodeJS.Dict<NodeJS.Module>;
};
type CompiledWrapper = (exports: unknown, require: NodeJS.Require, module: NodeJS.Module, filename: string, dirname: string) => unknown;

/** The `require` a CommonJS module gets (what Node's own makeRequireFunction builds). */
function requireFor(mod: NodeJS.Module): NodeJS.Require {
  const M = Module as ModuleInternals;
  const require = ((id: string) => mod.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: unknown) => M._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => M._resolveLookupPaths(request, mod);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = M._extensions;
  require.cache = M._cache;
  return require;
}

function main(): void {
  const started = Date.now();
  if (process.env.EXAMLAB_CODE_CACHE === "off") {
    require(APP);
    return;
  }
  const appHash = fileIdentity(APP);
  const key = sha256(`${appHash}\0${process.version}\0${process.arch}`).slice(0, 32);
  const cacheFile = path.join(CACHE_DIR, `${key}.v8`);
  const cached = readCache(cacheFile);
  const used = new Map<string, Entry>();
  const fresh: { file: string; hash: string; script: vm.Script }[] = [];

  const proto = Module.prototype as unknown as { _compile(content: string, filename: string): unknown };
  proto._compile = function compileWithCache(this: NodeJS.Module, content: string, filename: string): unknown {
    // Right after Node read the source; V8 also checks its length.
    const hash = filename === APP ? appHash : fileIdentity(filename);
    const hit = cached.get(filename);
    const cachedData = hit && hit.hash === hash ? hit.data : undefined;
    const script = new vm.Script(Module.wrap(content), { filename, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
    if (cachedData && !script.cachedDataRejected) used.set(filename, hit!);
    else fresh.push({ file: filename, hash, script });
    const fn = script.runInThisContext({ displayErrors: true }) as CompiledWrapper;
    return fn.call(this.exports, this.exports, requireFor(this), this, filename, path.dirname(filename));
  };
  // A module with cached code compiled as CommonJS before, from this very file (same identity),
  // so Node's checks (package "type") passed then: read it here, as Latin-1 when it is ASCII.
  // Node 20 decodes every module as UTF-8 at ~90-150 MB/s, ~40 ms for the 6 MB a synth loads;
  // scripts/build.mjs writes the bundles in ASCII only (issue 14, start-up).
  const M = Module as ModuleInternals;
  const loadJs = M._extensions[".js"];
  M._extensions[".js"] = function loadCachedJs(mod: NodeJS.Module, filename: string): void {
    if (!cached.has(filename)) return loadJs.call(this, mod, filename);
    const bytes = fs.readFileSync(filename);
    (mod as unknown as typeof proto)._compile(isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8"), filename);
  };
  process.once("exit", () => {
    if (fresh.length === 0) return;
    for (const f of fresh) used.set(f.file, { file: f.file, hash: f.hash, data: f.script.createCachedData() });
    writeCache(cacheFile, used.values(), started);
  });
  require(APP);
}

main();
