import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Testing, TerraformStack } from "cdktf";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { attachDatabases } from "../../stacks/databases/databases";
import { resolveDatabases } from "../../src/databases/plan";
import { MYSQL_CONNECTIONS_PER_SEAT } from "../../src/databases/init-mysql";
import { buildLocalImage, startDockerd, type Dockerd } from "../helpers/dockerd";
import { requireTool } from "../helpers/tools";
import { fixtureSite } from "../databases/fixtures";
import { cgroupDir, memoryMB, health, interpolatePasswords, runSynthContainer, waitHealth, type SynthContainer } from "./db-containers";

/**
 * Issue 11 item 9 with Debian's Docker engine: the synthesized database containers — their exact
 * command, health-check command, memory limit (memory = memory_swap, so no swap) and CPU limit —
 * run on a private daemon with images built from Debian packages (nothing pulled):
 * MariaDB 10.11 stands in for mysql:5.7, Debian's Redis 7.0 for redis:6.2.5 (MongoDB has no
 * Debian package: its health check and memory are not run here; see the README).
 * (a) each health check reports healthy while the server answers and unhealthy while it hangs
 *     (SIGSTOP from the host: a hung server, the case a health check exists for);
 * (b) the memory limit holds the configured server under the seat load examlab sizes for: every
 *     connection examlab allows open at once (per seat: max_connections; shared: seats × 10),
 *     each running a candidate-like workload, and Redis filled until it refuses writes.
 * The official images' entrypoints are replaced by small stand-ins doing the same documented
 * steps (first start: initialise, root password; args starting with "-" go to the server; Redis
 * runs in /data). What the official images do differently is in the README.
 */
const MYSQL_ENTRYPOINT = `#!/bin/sh
# Stand-in for mysql:5.7's docker-entrypoint.sh on Debian's MariaDB: arguments starting with "-"
# go to the server; first start: initialise the data directory and leave root@localhost and
# root@'%' with MYSQL_ROOT_PASSWORD as the only root accounts (mysql:5.7 initialises with
# --initialize-insecure, which creates root@localhost only); then exec the server (which also
# runs --init-file at every start). /run/mysqld is made here: Debian leaves it to systemd-tmpfiles.
set -e
case "$1" in -*) set -- mariadbd "$@" ;; esac
if [ "$1" = mariadbd ]; then
  shift
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld /var/lib/mysql
  if [ ! -f /var/lib/mysql/.examlab-initialised ]; then
    find /var/lib/mysql -mindepth 1 -delete
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql --auth-root-authentication-method=normal --skip-test-db >/dev/null
    mariadbd --user=mysql --skip-networking --socket=/run/mysqld/init.sock --skip-log-bin &
    for i in $(seq 60); do mariadb -uroot --socket=/run/mysqld/init.sock -e 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.5; done
    mariadb -uroot --socket=/run/mysqld/init.sock <<SQL
ALTER USER 'root'@'localhost' IDENTIFIED BY '$MYSQL_ROOT_PASSWORD';
CREATE USER 'root'@'%' IDENTIFIED BY '$MYSQL_ROOT_PASSWORD';
GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;
DROP USER IF EXISTS 'root'@'127.0.0.1', 'root'@'::1', 'root'@'$(hostname)';
SQL
    mariadb-admin -uroot -p"$MYSQL_ROOT_PASSWORD" --socket=/run/mysqld/init.sock shutdown
    wait
    touch /var/lib/mysql/.examlab-initialised
  fi
  exec mariadbd --user=mysql "$@"
fi
exec "$@"
`;
/** Stand-in for redis:6.2.5's entrypoint: WORKDIR /data (where appendonly writes). */
const REDIS_ENTRYPOINT = `#!/bin/sh
cd /data && exec "$@"
`;

function synth(databases: Record<string, unknown>, seatsPerRoom: number) {
  const site = fixtureSite({ id: "i11-hm", seatsPerRoom, databases });
  const app = Testing.app();
  const stack = new TerraformStack(app, site.spec.id);
  attachDatabases(stack, site);
  const containers = JSON.parse(Testing.synth(stack)).resource.docker_container as Record<string, SynthContainer>;
  return { site, plan: resolveDatabases(site)!, mysql: containers.db_mysql_lab1, redis: containers.db_redis_lab1 };
}

/** Fixed test passwords for Terraform's random_password results. */
const testPassword = (address: string) => "T" + Buffer.from(address).toString("hex").slice(-20);
function interpolated(v: any): any {
  if (typeof v === "string") return interpolatePasswords(v, testPassword);
  if (Array.isArray(v)) return v.map(interpolated);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, interpolated(x)]));
  return v;
}

let d: Dockerd;
const images: Record<string, string> = {};

beforeAll(async () => {
  requireTool("nsenter", "util-linux");
  d = await startDockerd("i11hm");
  // the same images (and so the same cache) as tests/docker/engine.test.ts
  images.mysql = await buildLocalImage(d, "examlab-test/i11-mariadb", ["mariadb-server", "mariadb-client"]);
  images.redis = await buildLocalImage(d, "examlab-test/i11-redis", ["redis-server", "redis-tools"]);
}, 1_800_000);

afterAll(async () => {
  await d?.stop();
});

/** Runs the load worker inside the container's network namespace. */
function load(pid: number, spec: unknown): Promise<any> {
  return new Promise((resolve, reject) => {
    const p = spawn("nsenter", [`--net=/proc/${pid}/ns/net`, process.execPath, path.join(__dirname, "db-load-worker.cjs"), JSON.stringify(spec)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    p.stdout.on("data", (b) => (out += b));
    p.stderr.on("data", (b) => (err += b));
    p.on("error", reject);
    p.on("close", () => {
      try {
        resolve(JSON.parse(out.trim().split("\n").pop()!));
      } catch {
        reject(new Error(`worker output: ${out}\n${err}`));
      }
    });
  });
}

async function hangAndResume(name: string, pid: number): Promise<void> {
  // a hung server (SIGSTOP from the host) must turn the container unhealthy, and healthy again after SIGCONT
  process.kill(pid, "SIGSTOP");
  try {
    await waitHealth(d, name, "unhealthy", 120_000);
  } finally {
    process.kill(pid, "SIGCONT");
  }
  await waitHealth(d, name, "healthy", 120_000);
}

describe("MySQL container (MariaDB stand-in): health check and memory limit", () => {
  it("per-seat: healthy when up, unhealthy when hung; max_connections connections with a workload fit the limit", async () => {
    const { mysql, plan } = synth({}, 2);
    const name = "i11-mysql-seat";
    const pid = await runSynthContainer(d, mysql, { name, image: images.mysql, volume: `${name}-data`, dataPath: "/var/lib/mysql", healthInterval: "1s", entrypoint: ["/usr/local/bin/docker-entrypoint.sh"], files: [{ file: "/usr/local/bin/docker-entrypoint.sh", content: MYSQL_ENTRYPOINT, mode: 0o755 }] });
    await waitHealth(d, name, "healthy", 180_000);
    const maxConnections = Number(/--max-connections=(\d+)/.exec(mysql.command.join(" "))![1]);
    const creds = plan.spec.credentials.mysql;
    const r = await load(pid, { kind: "mysql", rows: 500, accounts: [{ user: creds.user, password: creds.password, database: "mysql", connections: maxConnections }] });
    const mem = memoryMB(cgroupDir(pid));
    console.log(`mysql per-seat: limit ${mysql.memory} MB, ${r.opened} connections, memory now ${mem.current} MB, peak ${mem.peak} MB, errors ${JSON.stringify(r.errors)}`);
    expect(r.errors).toEqual([]);
    expect(r.opened).toBe(maxConnections);
    const h = await health(d, name);
    expect(h).toMatchObject({ running: true, oomKilled: false, status: "healthy" });
    await hangAndResume(name, pid);
  }, 600_000);

  it("shared, 40 seats: every seat's 10 connections at once with a workload fit the limit", async () => {
    const seats = 40;
    const { mysql, plan } = synth({ mode: "shared" }, seats);
    const c = interpolated(mysql);
    const name = "i11-mysql-shared";
    const pid = await runSynthContainer(d, c, { name, image: images.mysql, volume: `${name}-data`, dataPath: "/var/lib/mysql", healthInterval: "1s", entrypoint: ["/usr/local/bin/docker-entrypoint.sh"], files: [{ file: "/usr/local/bin/docker-entrypoint.sh", content: MYSQL_ENTRYPOINT, mode: 0o755 }] });
    await waitHealth(d, name, "healthy", 180_000);
    const accounts = plan.seats.map((s) => ({ user: s.dbName, password: testPassword(`random_password.db_seat_password_lab1["${s.key}"]`), database: s.dbName, connections: MYSQL_CONNECTIONS_PER_SEAT }));
    const r = await load(pid, { kind: "mysql", rows: 200, accounts });
    const mem = memoryMB(cgroupDir(pid));
    console.log(`mysql shared ${seats} seats: limit ${c.memory} MB, ${r.opened} connections, memory now ${mem.current} MB, peak ${mem.peak} MB, errors ${JSON.stringify(r.errors)}`);
    expect(r.errors).toEqual([]);
    expect(r.opened).toBe(seats * MYSQL_CONNECTIONS_PER_SEAT);
    expect(await health(d, name)).toMatchObject({ running: true, oomKilled: false, status: "healthy" });
    await hangAndResume(name, pid);
  }, 900_000);
});

describe("Redis container: health check and memory limit", () => {
  /** Fill until refused, then one value far above the argument limit, then read everything back in one reply. */
  async function abuse(pid: number, name: string, who: Record<string, string>, prefix: string, limitMB: number) {
    const cg = cgroupDir(pid);
    const fill = await load(pid, { kind: "redis-fill", valueBytes: 1024, prefix, ...who });
    const afterFill = await health(d, name);
    const big = await load(pid, { kind: "redis-big", megabytes: 40, prefix, ...who });
    const afterBig = await health(d, name);
    const read = await load(pid, { kind: "redis-readall", keys: fill.written, prefix, ...who });
    const afterRead = await health(d, name);
    console.log(`redis ${name}: limit ${limitMB} MB, fill ${JSON.stringify(fill)}, big ${JSON.stringify(big)}, read ${JSON.stringify(read)}, memory ${JSON.stringify(memoryMB(cg))} MB`);
    expect(fill.error).toMatch(/OOM command not allowed/);
    expect(fill.written).toBeGreaterThan(1000);
    for (const h of [afterFill, afterBig, afterRead]) expect(h).toMatchObject({ running: true, oomKilled: false, status: "healthy" });
    expect(big.error).not.toBe(""); // refused (protocol error, connection closed), not stored
    expect(read.error).not.toBe(""); // the reply is above the output-buffer limit: that client is closed
  }

  it("per-seat: healthy when up, unhealthy when hung; full, a 40 MB value, a huge reply: refused, never OOM-killed", async () => {
    const { redis } = synth({}, 2);
    const name = "i11-redis-seat";
    const pid = await runSynthContainer(d, redis, { name, image: images.redis, volume: `${name}-data`, dataPath: "/data", healthInterval: "1s", entrypoint: ["/usr/local/bin/docker-entrypoint.sh"], files: [{ file: "/usr/local/bin/docker-entrypoint.sh", content: REDIS_ENTRYPOINT, mode: 0o755 }] });
    await waitHealth(d, name, "healthy", 60_000);
    await abuse(pid, name, {}, "k:", redis.memory);
    await hangAndResume(name, pid);
  }, 600_000);

  it("shared, 40 seats: a seat filling it, a 40 MB value, a huge reply or a Lua script cannot get it killed; health check answers NOAUTH", async () => {
    const seats = 40;
    const { redis, plan } = synth({ mode: "shared" }, seats);
    const c = interpolated(redis) as SynthContainer;
    const name = "i11-redis-shared";
    const pid = await runSynthContainer(d, c, { name, image: images.redis, volume: `${name}-data`, dataPath: "/data", healthInterval: "1s", entrypoint: ["/usr/local/bin/docker-entrypoint.sh"], files: [{ file: "/usr/local/bin/docker-entrypoint.sh", content: REDIS_ENTRYPOINT, mode: 0o755 }] });
    await waitHealth(d, name, "healthy", 60_000);
    const seat = plan.seats[6];
    const who = { user: seat.dbName, password: testPassword(`random_password.db_seat_password_lab1["${seat.key}"]`) };
    const lua = await load(pid, { kind: "redis-eval", prefix: `${seat.dbName}:`, ...who });
    expect(lua.error).toMatch(/NOPERM/);
    await abuse(pid, name, who, `${seat.dbName}:`, c.memory);
    await hangAndResume(name, pid);
  }, 600_000);
});
