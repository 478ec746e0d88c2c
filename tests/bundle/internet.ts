import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { requireRoot, requireTool } from "../helpers/tools";

/**
 * The tests' "internet" (issue 13): fixture-server.mjs inside a fresh network namespace that has
 * only a loopback interface, so whatever runs in it (the downloader, `examlab bundle`) can reach
 * the fixture server and nothing else. Namespace names carry the "b13" tag, the test file's tag
 * and the process id: unique per test file and run; stop() deletes the namespace.
 */
export interface Route {
  file?: string;
  text?: string;
  json?: unknown;
  behaviour?: "disconnect-once" | "fail-twice";
}

export interface Internet {
  ns: string;
  url: string;
  work: string;
  /** Requests the server saw, in order. */
  requests(): { method: string; path: string; range: string | null; status: number; n: number }[];
  /** Runs a command inside the namespace. */
  run(cmd: string, args: string[], opts?: { env?: NodeJS.ProcessEnv; cwd?: string }): SpawnSyncReturns<string>;
  stop(): void;
}

export async function startInternet(tag: string, routes: Record<string, Route>, opts: { fallback?: "fake"; port?: number } = {}): Promise<Internet> {
  requireRoot();
  requireTool("ip", "iproute2");
  const ns = `b13${tag}${process.pid}`;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `examlab-b13${tag}-`));
  const port = opts.port ?? 18080;
  const routesFile = path.join(work, "routes.json");
  const log = path.join(work, "requests.log");
  fs.writeFileSync(routesFile, JSON.stringify({ port, routes, fallback: opts.fallback }));
  fs.writeFileSync(log, "");
  spawnSync("ip", ["netns", "del", ns]);
  must(spawnSync("ip", ["netns", "add", ns], { encoding: "utf8" }));
  must(spawnSync("ip", ["netns", "exec", ns, "ip", "link", "set", "lo", "up"], { encoding: "utf8" }));
  const server = spawn("ip", ["netns", "exec", ns, process.execPath, path.join(__dirname, "fixture-server.mjs"), routesFile, log], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  server.stderr.on("data", (d) => (stderr += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fixture server did not start: ${stderr}`)), 10_000);
    server.stdout.on("data", (d) => {
      if (String(d).includes("ready")) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.on("exit", (code) => reject(new Error(`fixture server exited (${code}): ${stderr}`)));
  });
  return {
    ns,
    url: `http://127.0.0.1:${port}`,
    work,
    requests: () => fs.readFileSync(log, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)),
    run: (cmd, args, o = {}) => spawnSync("ip", ["netns", "exec", ns, cmd, ...args], { encoding: "utf8", env: o.env ?? process.env, cwd: o.cwd, timeout: 120_000 }),
    stop() {
      server.kill("SIGKILL");
      spawnSync("ip", ["netns", "del", ns]);
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}

function must(r: SpawnSyncReturns<string>): void {
  if (r.status !== 0) throw new Error(`command failed: ${r.stderr}`);
}
