/**
 * Runs a synthesized docker_container the way kreuzwerker/docker does (Engine API: create with
 * Cmd/Env/Healthcheck/Memory/MemorySwap/NanoCpus, upload files as a one-file tar at "/", start),
 * on a private test daemon (tests/helpers/dockerd.ts). Network: none (own loopback; clients run in
 * the container's network namespace through nsenter, so they are not counted in its memory cgroup).
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import type { Dockerd } from "../helpers/dockerd";

export interface SynthContainer {
  command: string[];
  entrypoint?: string[];
  env?: string[];
  memory: number;
  memory_swap: number;
  cpus: string;
  healthcheck: { test: string[]; interval: string; timeout: string; retries: number; start_period: string };
  upload?: { file: string; content: string }[];
}

/** Terraform's interpolation of the random_password references, with fixed test passwords. */
export function interpolatePasswords(text: string, password: (address: string) => string): string {
  return text.replace(/\$\{(random_password\.[a-z0-9_]+(?:\["[a-z0-9-]+"\])?)\.result\}/g, (_m, addr: string) => password(addr));
}

const ns = (d: string): number => {
  const m = /^(\d+)(ms|s|m)$/.exec(d);
  if (!m) throw new Error(`duration ${d}`);
  return Number(m[1]) * { ms: 1e6, s: 1e9, m: 60e9 }[m[2] as "ms" | "s" | "m"];
};

function api(d: Dockerd, method: string, url: string, body?: unknown): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: d.host.replace(/^unix:\/\//, ""), method, path: url, headers: { "content-type": "application/json" } }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined }));
    });
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

export interface RunOptions {
  name: string;
  image: string;
  volume: string;
  dataPath: string;
  /** Test-only: faster health probing (the probe command and its timeout stay the generated ones). */
  healthInterval?: string;
  /** Extra files copied in before start (e.g. a stand-in entrypoint for an official image). */
  files?: { file: string; content: string; mode?: number }[];
  entrypoint?: string[];
  env?: string[];
}

/** Creates, uploads and starts the container; returns its host PID. */
export async function runSynthContainer(d: Dockerd, c: SynthContainer, o: RunOptions): Promise<number> {
  const hc = c.healthcheck;
  const body = {
    Image: o.image,
    Cmd: c.command,
    Entrypoint: o.entrypoint ?? c.entrypoint,
    Env: [...(c.env ?? []), ...(o.env ?? [])],
    Healthcheck: { Test: hc.test, Interval: ns(o.healthInterval ?? hc.interval), Timeout: ns(hc.timeout), Retries: hc.retries, StartPeriod: ns(hc.start_period) },
    HostConfig: {
      Memory: c.memory * 1024 * 1024,
      MemorySwap: c.memory_swap * 1024 * 1024,
      NanoCpus: Math.round(Number(c.cpus) * 1e9),
      NetworkMode: "none",
      Mounts: [{ Type: "volume", Source: o.volume, Target: o.dataPath }],
    },
  };
  const r = await api(d, "POST", `/containers/create?name=${o.name}`, body);
  if (r.status !== 201) throw new Error(`create ${o.name}: ${r.status} ${JSON.stringify(r.json)}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "i11-up-"));
  try {
    for (const u of [...(c.upload ?? []), ...(o.files ?? [])]) {
      // the provider's upload: a tar with ONE entry named by the full path, extracted at "/"
      const rel = u.file.replace(/^\//, "");
      fs.mkdirSync(path.join(tmp, path.dirname(rel)), { recursive: true });
      fs.writeFileSync(path.join(tmp, rel), u.content, { mode: (u as { mode?: number }).mode ?? 0o644 });
      const tar = spawnSync("tar", ["-C", tmp, "--no-recursion", "--numeric-owner", "--owner=0", "--group=0", "-cf", path.join(tmp, "up.tar"), rel]);
      if (tar.status !== 0) throw new Error(`tar: ${tar.stderr}`);
      await d.docker(["cp", "-", `${o.name}:/`], { input: fs.readFileSync(path.join(tmp, "up.tar")) });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  await d.docker(["start", o.name]);
  return Number((await d.docker(["inspect", "-f", "{{.State.Pid}}", o.name])).trim());
}

export async function health(d: Dockerd, name: string): Promise<{ status: string; running: boolean; oomKilled: boolean; log: string }> {
  const r = await api(d, "GET", `/containers/${name}/json`);
  const s = r.json.State;
  const log = (s.Health?.Log ?? []).map((l: any) => `exit ${l.ExitCode}: ${String(l.Output).trim()}`).join("\n");
  return { status: s.Health?.Status ?? "none", running: s.Running, oomKilled: s.OOMKilled, log };
}

/** Waits until the health status is `want` (fails with the probe log otherwise). */
export async function waitHealth(d: Dockerd, name: string, want: "healthy" | "unhealthy", ms: number): Promise<void> {
  const end = Date.now() + ms;
  let h = await health(d, name);
  while (h.status !== want && Date.now() < end) {
    if (!h.running) break;
    await new Promise((r) => setTimeout(r, 500));
    h = await health(d, name);
  }
  if (h.status !== want) {
    const logs = await d.dockerResult(["logs", "--tail", "40", name]);
    throw new Error(`${name}: health ${h.status} (running ${h.running}, OOMKilled ${h.oomKilled}), wanted ${want}\nprobes:\n${h.log}\nlogs:\n${logs.stdout}${logs.stderr}`);
  }
}

/** The container's memory cgroup (v1 memory controller or v2 unified); read it before a workload: the process may be gone after. */
export function cgroupDir(pid: number): { dir: string; v1: boolean } {
  const lines = fs.readFileSync(`/proc/${pid}/cgroup`, "utf8").split("\n");
  const v1 = lines.find((l) => /^\d+:([^:]*,)?memory(,[^:]*)?:/.test(l));
  if (v1) return { dir: path.join("/sys/fs/cgroup/memory", v1.slice(v1.lastIndexOf(":") + 1)), v1: true };
  const v2 = lines.find((l) => l.startsWith("0::"));
  if (!v2) throw new Error("no memory cgroup for the container");
  return { dir: path.join("/sys/fs/cgroup", v2.slice(3)), v1: false };
}

/** Current and peak memory of the container's cgroup (v1 max_usage_in_bytes, v2 memory.peak), MB. */
export function memoryMB(cg: { dir: string; v1: boolean }): { current?: number; peak?: number } {
  const read = (f: string) => (fs.existsSync(path.join(cg.dir, f)) ? Math.round(Number(fs.readFileSync(path.join(cg.dir, f), "utf8").trim()) / 1048576) : undefined);
  return cg.v1 ? { current: read("memory.usage_in_bytes"), peak: read("memory.max_usage_in_bytes") } : { current: read("memory.current"), peak: read("memory.peak") };
}
