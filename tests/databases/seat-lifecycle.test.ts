import { afterAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import mysql from "mysql2/promise";
import { mysqlMaxConnections, mysqlSeatInitFile, mysqlServerArgs, MYSQL_CONNECTIONS_PER_SEAT } from "../../src/databases/init-mysql";
import { redisAclFile, redisServerArgs } from "../../src/databases/init-redis";
import type { SeatAccount } from "../../src/databases/init-mysql";
import { requireRoot, requireTool } from "../helpers/tools";
import { MARIADB_PORT, REDIS_PORT } from "./servers";

/**
 * Shared mode against REAL servers (MariaDB and Redis from Debian), issue 11 items 5 and 6:
 * - one seat cannot take every connection (MAX_USER_CONNECTIONS per seat, max_connections sized
 *   from the seat count) nor learn how many keys all seats hold (DBSIZE denied);
 * - the seat accounts converge on every start with the current seat map: a container replaced by
 *   Terraform (same data volume, new init file / ACL file) gives a new seat its login, keeps the
 *   old seats' data, rotates passwords and locks a removed seat out.
 * The server is restarted on the same data directory, exactly what a replaced container with the
 * same named volume does.
 */
const seat = (name: string, pw: string): SeatAccount => ({ name, password: { literal: pw }, label: `seat ${name}` });
const V1 = [seat("seat_201_01", "a-one-1"), seat("seat_201_02", "b-one-1")];
const V2 = [seat("seat_201_01", "a-two-2"), seat("seat_201_03", "c-one-1")]; // 02 removed, 03 added, 01 rotated

async function waitPort(port: number, proc: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (proc.exitCode !== null) throw new Error(`server exited:\n${log()}`);
    const ok = await new Promise<boolean>((r) => {
      const s = net.connect({ host: "127.0.0.1", port }, () => (s.destroy(), r(true)));
      s.on("error", () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} not listening:\n${log()}`);
}

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const done = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGTERM"); // clean shutdown: the data must survive the "replacement"
  await done;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe("shared MySQL (MariaDB): connection limits and seat accounts converging on every start", () => {
  it("limits a seat to its connections, adds/rotates/removes seats on re-apply, keeps data", async () => {
    requireRoot();
    requireTool("mariadbd", "mariadb-server");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-i11-maria-"));
    dirs.push(dir);
    fs.chmodSync(dir, 0o755);
    spawnSync("chown", ["mysql:", dir]);
    const init = spawnSync("mariadb-install-db", ["--no-defaults", "--user=mysql", `--datadir=${dir}/data`, "--auth-root-authentication-method=normal", "--skip-test-db"], { encoding: "utf8" });
    expect(init.status, init.stderr).toBe(0);
    const initFile = path.join(dir, "examlab-seats.init");
    const logFile = path.join(dir, "err.log");
    const start = async (seats: SeatAccount[]) => {
      fs.writeFileSync(initFile, mysqlSeatInitFile(seats), { mode: 0o644 });
      // the generated server flags (as in the container command), plus what a bare mariadbd needs here
      const args = mysqlServerArgs({ authArgs: [], seats: seats.length, initFile });
      const proc = spawn("mariadbd", ["--no-defaults", "--user=mysql", `--datadir=${dir}/data`, `--socket=${dir}/sock`, `--port=${MARIADB_PORT}`, "--bind-address=127.0.0.1", "--skip-log-bin", `--log-error=${logFile}`, `--pid-file=${dir}/pid`, ...args], { stdio: "ignore" });
      await waitPort(MARIADB_PORT, proc, () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : ""));
      return proc;
    };
    const login = (user: string, password: string, database = user) => mysql.createConnection({ host: "127.0.0.1", port: MARIADB_PORT, user, password, database });
    const denied = async (user: string, password: string) => {
      try {
        const c = await login(user, password);
        await c.end();
        return false;
      } catch (e: any) {
        return e.code === "ER_ACCESS_DENIED_ERROR" || e.code === "ER_DBACCESS_DENIED_ERROR";
      }
    };

    let proc = await start(V1);
    try {
      const root = await mysql.createConnection({ host: "127.0.0.1", port: MARIADB_PORT, user: "root" });
      const [vars] = await root.query("SHOW VARIABLES LIKE 'max_connections'");
      expect(Number((vars as any)[0].Value)).toBe(mysqlMaxConnections(2));
      await root.end();

      const a = await login("seat_201_01", "a-one-1");
      await a.query("CREATE TABLE score (name VARCHAR(20), points INT)");
      await a.query("INSERT INTO score VALUES ('张三', 95)");
      // the seat's own connection limit: PER_SEAT connections, then ER_USER_LIMIT_REACHED
      const more = [a];
      for (let i = 1; i < MYSQL_CONNECTIONS_PER_SEAT; i++) more.push(await login("seat_201_01", "a-one-1"));
      await expect(login("seat_201_01", "a-one-1")).rejects.toMatchObject({ code: "ER_USER_LIMIT_REACHED" });
      // …while another seat still gets in
      const b = await login("seat_201_02", "b-one-1");
      await b.end();
      for (const c of more) await c.end();
    } finally {
      await stop(proc);
    }

    // "terraform apply" with a changed seat map: new init file, same data directory
    proc = await start(V2);
    try {
      const c = await login("seat_201_03", "c-one-1");
      await c.query("CREATE TABLE t (x INT)");
      await c.end();
      const a = await login("seat_201_01", "a-two-2");
      const [rows] = await a.query("SELECT name, points FROM score");
      expect(rows).toEqual([{ name: "张三", points: 95 }]);
      await a.end();
      expect(await denied("seat_201_01", "a-one-1")).toBe(true); // old password no longer works
      expect(await denied("seat_201_02", "b-one-1")).toBe(true); // removed seat
      // a plain restart with the same file changes nothing and fails nothing
    } finally {
      await stop(proc);
    }
    proc = await start(V2);
    try {
      const a = await login("seat_201_01", "a-two-2");
      await a.end();
      expect(fs.readFileSync(logFile, "utf8")).not.toMatch(/\[ERROR\].*init/i);
    } finally {
      await stop(proc);
    }
  }, 120_000);
});

describe("shared Redis: DBSIZE denied per seat; ACL converges on restart with the new file", () => {
  it("seats cannot count or size the whole key space; removed seats are locked out, data kept", async () => {
    requireRoot();
    requireTool("redis-server", "redis-server");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-i11-redis-"));
    dirs.push(dir);
    const acl = path.join(dir, "users.acl");
    const start = async (seats: SeatAccount[]) => {
      fs.writeFileSync(acl, redisAclFile(seats, { literal: "admin-pw" }));
      const [, ...args] = redisServerArgs({ maxMemoryMB: 32, maxClients: 30, aclFile: acl });
      const proc = spawn("redis-server", [...args, "--port", String(REDIS_PORT), "--bind", "127.0.0.1", "--dir", dir, "--daemonize", "no", "--save", ""], { stdio: "ignore" });
      await waitPort(REDIS_PORT, proc, () => "");
      return proc;
    };
    const cli = (user: string, pass: string, ...cmd: string[]) =>
      spawnSync("redis-cli", ["-p", String(REDIS_PORT), "--user", user, "--pass", pass, "--no-auth-warning", ...cmd], { encoding: "utf8" }).stdout.trim();

    let proc = await start(V1);
    try {
      expect(cli("seat_201_01", "a-one-1", "SET", "seat_201_01:score", "95")).toBe("OK");
      expect(cli("seat_201_02", "b-one-1", "SET", "seat_201_02:score", "80")).toBe("OK");
      for (const cmd of [["DBSIZE"], ["MEMORY", "STATS"], ["KEYS", "*"], ["SCAN", "0"], ["RANDOMKEY"], ["INFO", "keyspace"]])
        expect(cli("seat_201_01", "a-one-1", ...cmd), cmd.join(" ")).toMatch(/NOPERM/);
      expect(cli("seat_201_01", "a-one-1", "GET", "seat_201_02:score")).toMatch(/NOPERM/);
      expect(cli("examlab-admin", "admin-pw", "DBSIZE")).toBe("2");
    } finally {
      await stop(proc); // appendonly yes (redisServerArgs): the data survives
    }
    proc = await start(V2);
    try {
      expect(cli("seat_201_03", "c-one-1", "SET", "seat_201_03:score", "70")).toBe("OK");
      expect(cli("seat_201_01", "a-two-2", "GET", "seat_201_01:score")).toBe("95");
      expect(cli("seat_201_01", "a-one-1", "PING")).toMatch(/WRONGPASS|NOAUTH/);
      expect(cli("seat_201_02", "b-one-1", "PING")).toMatch(/WRONGPASS|NOAUTH/);
    } finally {
      await stop(proc);
    }
  }, 60_000);
});
