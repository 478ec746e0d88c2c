/**
 * A private Docker engine for tests (Debian's docker.io), and images built from Debian packages
 * without pulling anything from a registry.
 *
 * Why a private daemon: several test files (and several engineers) may run engines at the same time.
 * Each daemon gets its own --data-root, --exec-root (its own containerd), --pidfile and unix socket
 * under a temp dir, and `--bridge=none --iptables=false --ip6tables=false`, so daemons never fight
 * over docker0 or the host's iptables. Containers use `--network host` (or none); builds run with
 * `--network host` so `apt-get` inside a build reaches the same Debian mirror as the host.
 *
 * Base image: `debootstrap --variant=minbase` of the host's Debian suite, made once and cached as a
 * tarball (CACHE_DIR), then `docker import`ed into each daemon. Built images are cached as
 * `docker save` tarballs keyed by a hash of (base tarball, packages, extra Dockerfile lines), so a
 * second run only `docker load`s them.
 *
 * API (kept small; issue 13 reuses it):
 *   const d = await startDockerd("tag");   // d.host = "unix:///…/docker.sock"
 *   await d.docker(["run", "--rm", "--network", "none", img, "true"]);   // throws on non-zero exit
 *   await d.dockerResult([...])            // {code, stdout, stderr}, never throws
 *   await buildLocalImage(d, "examlab-test/mariadb", ["mariadb-server"]);
 *   await d.stop();
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { requireRoot, requireTool } from "./tools";

/** Debian's docker CLI; /usr/local/bin may hold a newer static CLI that does not match the daemon. */
const DOCKER_CLI = fs.existsSync("/usr/bin/docker") ? "/usr/bin/docker" : "docker";
/** Survives between runs on one machine; CI starts empty and fills it once. */
export const CACHE_DIR = process.env.EXAMLAB_DOCKER_CACHE ?? "/var/tmp/examlab-docker-cache";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface DockerRunOptions {
  input?: string | Buffer;
  timeoutMs?: number;
  /** Write stdout to this file instead of buffering it (e.g. `docker save`). */
  stdoutFile?: string;
}

export interface Dockerd {
  /** DOCKER_HOST value, e.g. unix:///tmp/examlab-dockerd-x/docker.sock */
  host: string;
  /** The daemon's private temp dir (data-root, exec-root, pidfile, socket, log). */
  dir: string;
  /** Runs the docker CLI against this daemon; throws with stderr on a non-zero exit. */
  docker(args: string[], opts?: DockerRunOptions): Promise<string>;
  /** Same, but returns the exit code and output instead of throwing. */
  dockerResult(args: string[], opts?: DockerRunOptions): Promise<RunResult>;
  /** Stops the daemon (SIGTERM, then SIGKILL) and removes its temp dir. */
  stop(): Promise<void>;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, opts: DockerRunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const out = opts.stdoutFile ? fs.openSync(opts.stdoutFile, "w") : undefined;
    const child = spawn(cmd, args, { env, stdio: ["pipe", out ?? "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr!.on("data", (b: Buffer) => (stderr += b.toString()));
    const timer = opts.timeoutMs ? setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs) : undefined;
    child.on("error", reject);
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      if (out !== undefined) fs.closeSync(out);
      resolve({ code: code ?? 1, stdout, stderr });
    });
    child.stdin!.end(opts.input ?? "");
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a private dockerd. `tag` names the temp dir (use a short tag unique to your test file).
 * The unix socket path must stay under 108 bytes, hence a short temp dir.
 */
export async function startDockerd(tag: string): Promise<Dockerd> {
  requireRoot();
  const dockerd = requireTool("dockerd", "docker.io");
  requireTool("containerd", "docker.io");
  requireTool("runc", "docker.io");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `exl-dk-${tag.replace(/[^a-z0-9]/gi, "").slice(0, 8)}-`));
  const socket = path.join(dir, "docker.sock");
  const host = `unix://${socket}`;
  const log = fs.openSync(path.join(dir, "dockerd.log"), "w");
  const child = spawn(
    dockerd,
    [
      `--data-root=${path.join(dir, "data")}`,
      `--exec-root=${path.join(dir, "exec")}`,
      `--pidfile=${path.join(dir, "dockerd.pid")}`,
      `--host=${host}`,
      "--bridge=none",
      "--iptables=false",
      "--ip6tables=false",
      "--ip-forward=false",
      "--ip-masq=false",
      "--userland-proxy=false",
      "--storage-driver=overlay2",
    ],
    { stdio: ["ignore", log, log], detached: true },
  );
  fs.closeSync(log);
  let exited = false;
  child.on("exit", () => (exited = true));
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: host, DOCKER_CLI_HINTS: "false" };
  delete env.DOCKER_CONTEXT;
  delete env.DOCKER_TLS_VERIFY;
  const dockerResult = (args: string[], opts?: DockerRunOptions) => run(DOCKER_CLI, args, env, opts);
  const docker = async (args: string[], opts?: DockerRunOptions) => {
    const r = await dockerResult(args, opts);
    if (r.code !== 0) throw new Error(`docker ${args.join(" ")} failed (exit ${r.code}):\n${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  const stop = async () => {
    if (!exited && child.pid) {
      try {
        process.kill(child.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
      for (let i = 0; i < 100 && !exited; i++) await sleep(100);
      if (!exited) {
        try {
          process.kill(-child.pid, "SIGKILL"); // its own containerd and shims are in its group
        } catch {
          /* already gone */
        }
        for (let i = 0; i < 50 && !exited; i++) await sleep(100);
      }
    }
    // overlay mounts of containers left behind by a killed daemon would block rm
    const mounts = fs.readFileSync("/proc/mounts", "utf8").split("\n").map((l) => l.split(" ")[1]).filter((m) => m?.startsWith(dir));
    for (const m of mounts.reverse()) spawnSync("umount", ["-l", m]);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 300; i++) {
    if (exited) break;
    if (fs.existsSync(socket) && (await dockerResult(["version", "--format", "{{.Server.Version}}"])).code === 0)
      return { host, dir, docker, dockerResult, stop };
    await sleep(100);
  }
  const text = fs.existsSync(path.join(dir, "dockerd.log")) ? fs.readFileSync(path.join(dir, "dockerd.log"), "utf8") : "";
  await stop();
  throw new Error(`private dockerd (${tag}) did not start within 30 s:\n${text.slice(-3000)}`);
}

function hostSuite(): string {
  const osRelease = fs.readFileSync("/etc/os-release", "utf8");
  const m = /^VERSION_CODENAME=(\S+)/m.exec(osRelease);
  if (!m) throw new Error("cannot read VERSION_CODENAME from /etc/os-release (the Docker test images need Debian)");
  return m[1];
}

/** The host's apt sources, so builds use the same mirror (and snapshot) as install-test-tools.sh. */
function hostAptFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const add = (p: string) => {
    if (!fs.existsSync(p) || !fs.statSync(p).isFile()) return;
    const text = fs.readFileSync(p, "utf8");
    // host hooks (PackageKit, …) call programs the image does not have
    if (!/Invoke/.test(text)) files[p] = text;
  };
  add("/etc/apt/sources.list");
  for (const d of ["/etc/apt/sources.list.d", "/etc/apt/apt.conf.d"])
    if (fs.existsSync(d)) for (const f of fs.readdirSync(d).sort()) if (/\.(list|sources)$/.test(f) || d.endsWith("conf.d")) add(path.join(d, f));
  return files;
}

async function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const lock = path.join(CACHE_DIR, `${name}.lock`);
  for (let i = 0; ; i++) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // a lock older than 15 min belongs to a crashed run
      const st = fs.statSync(lock, { throwIfNoEntry: false });
      if (st && Date.now() - st.mtimeMs > 15 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      else if (i > 1800) throw new Error(`timed out waiting for ${lock}`);
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Tarball of a minimal Debian rootfs (debootstrap minbase of the host's suite), cached. */
export async function debianRootfsTar(): Promise<string> {
  requireRoot();
  const suite = hostSuite();
  const tar = path.join(CACHE_DIR, `debian-${suite}-minbase.tar`);
  if (fs.existsSync(tar)) return tar;
  return withLock(`debian-${suite}`, async () => {
    if (fs.existsSync(tar)) return tar;
    const debootstrap = requireTool("debootstrap", "debootstrap");
    const apt = hostAptFiles();
    const mirrorLine = Object.values(apt).join("\n").match(/https?:\/\/[^\s]+\/debian\/?(?=\s|$)/m);
    const mirror = mirrorLine ? mirrorLine[0] : "http://deb.debian.org/debian";
    const work = fs.mkdtempSync(path.join(CACHE_DIR, "rootfs-"));
    const root = path.join(work, "rootfs");
    try {
      const r = await run(debootstrap, ["--variant=minbase", suite, root, mirror], process.env, { timeoutMs: 15 * 60_000 });
      if (r.code !== 0) throw new Error(`debootstrap ${suite} failed (exit ${r.code}):\n${(r.stdout + r.stderr).slice(-3000)}`);
      // same apt sources and settings as the host; no docs or caches in the image
      for (const [p, text] of Object.entries(apt)) {
        fs.mkdirSync(path.join(root, path.dirname(p)), { recursive: true });
        fs.writeFileSync(path.join(root, p), text);
      }
      spawnSync("sh", ["-c", `rm -rf "${root}"/var/cache/apt/archives/*.deb "${root}"/var/lib/apt/lists/*`]);
      const t = await run("tar", ["--numeric-owner", "-C", root, "-cf", `${tar}.part`, "."], process.env);
      if (t.code !== 0) throw new Error(`tar of the rootfs failed: ${t.stderr}`);
      fs.renameSync(`${tar}.part`, tar);
      return tar;
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
}

/** The base image `examlab-test/debian-base:<suite>` in this daemon (imported from the cached rootfs). */
export async function debianBaseImage(d: Dockerd): Promise<string> {
  const tar = await debianRootfsTar();
  const ref = `examlab-test/debian-base:${hostSuite()}`;
  if ((await d.dockerResult(["image", "inspect", ref])).code !== 0) await d.docker(["import", tar, ref], { timeoutMs: 5 * 60_000 });
  return ref;
}

/**
 * Builds (or loads from the cache) an image FROM the local Debian base with the given Debian packages
 * installed. `extraDockerfile` lines are appended (e.g. `CMD [...]`). Returns the image reference `name:latest`.
 */
export async function buildLocalImage(
  d: Dockerd,
  name: string,
  debianPackages: string[],
  extraDockerfile: string[] = [],
): Promise<string> {
  const base = await debianBaseImage(d);
  const ref = name.includes(":") ? name : `${name}:latest`;
  const tarStat = fs.statSync(await debianRootfsTar());
  const install = debianPackages.length
    ? [
        "RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends " +
          [...debianPackages].sort().join(" ") +
          " && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb",
      ]
    : [];
  const dockerfile = [`FROM ${base}`, ...install, ...extraDockerfile].join("\n") + "\n";
  const key = createHash("sha256").update(`${tarStat.size}:${tarStat.mtimeMs}\n${dockerfile}`).digest("hex").slice(0, 16);
  const cached = path.join(CACHE_DIR, `image-${ref.replace(/[^a-z0-9.-]/gi, "_")}-${key}.tar`);
  if (fs.existsSync(cached)) {
    await d.docker(["load", "-i", cached], { timeoutMs: 5 * 60_000 });
    return ref;
  }
  return withLock(`image-${key}`, async () => {
    if (fs.existsSync(cached)) {
      await d.docker(["load", "-i", cached], { timeoutMs: 5 * 60_000 });
      return ref;
    }
    const ctx = fs.mkdtempSync(path.join(d.dir, "build-"));
    fs.writeFileSync(path.join(ctx, "Dockerfile"), dockerfile);
    await d.docker(["build", "--network", "host", "-t", ref, ctx], { timeoutMs: 15 * 60_000 });
    fs.rmSync(ctx, { recursive: true, force: true });
    await d.docker(["save", "-o", `${cached}.part`, ref], { timeoutMs: 5 * 60_000 });
    fs.renameSync(`${cached}.part`, cached);
    return ref;
  });
}
