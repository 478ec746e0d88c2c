import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { requireRoot, requireTool } from "../helpers/tools";

/** Ports unique to the databases feature's tests (other features' tests run in parallel). */
export const MARIADB_PORT = 23306;
export const REDIS_PORT = 26379;

async function waitPort(port: number, proc: ChildProcess, log: () => string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: "127.0.0.1", port }, () => { s.destroy(); resolve(true); });
      s.on("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} not listening after ${ms} ms:\n${log()}`);
}

export interface Running {
  dir: string;
  stop(): Promise<void>;
}

function stopper(proc: ChildProcess, dir: string): () => Promise<void> {
  return async () => {
    if (proc.exitCode === null) {
      const done = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGKILL");
      await done;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

/** MariaDB from Debian on 127.0.0.1:23306 with a temp datadir, password-less TCP root (test-validators recipe 9). */
export async function startMariaDb(): Promise<Running> {
  requireRoot();
  requireTool("mariadbd", "mariadb-server");
  requireTool("mariadb-install-db", "mariadb-server");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-db-maria-"));
  fs.chmodSync(dir, 0o755);
  spawnSync("chown", ["mysql:", dir]);
  const init = spawnSync("mariadb-install-db", ["--no-defaults", "--user=mysql", `--datadir=${dir}/data`, "--auth-root-authentication-method=normal", "--skip-test-db"], { encoding: "utf8" });
  if (init.status !== 0) throw new Error(`mariadb-install-db failed: ${init.stderr}${init.stdout}`);
  const logFile = path.join(dir, "err.log");
  const proc = spawn("mariadbd", ["--no-defaults", "--user=mysql", `--datadir=${dir}/data`, `--socket=${dir}/sock`, `--port=${MARIADB_PORT}`, "--bind-address=127.0.0.1", "--skip-log-bin", `--log-error=${logFile}`, `--pid-file=${dir}/pid`, "--skip-name-resolve"], { stdio: "ignore" });
  await waitPort(MARIADB_PORT, proc, () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : ""));
  return { dir, stop: stopper(proc, dir) };
}

/** Redis from Debian on 127.0.0.1:26379 with an ACL file (test-validators recipe 8). */
export async function startRedis(aclText: string): Promise<Running> {
  requireTool("redis-server", "redis-server");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-db-redis-"));
  fs.writeFileSync(path.join(dir, "users.acl"), aclText);
  let out = "";
  const proc = spawn("redis-server", ["--port", String(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no", "--aclfile", path.join(dir, "users.acl")]);
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  await waitPort(REDIS_PORT, proc, () => out);
  return { dir, stop: stopper(proc, dir) };
}
