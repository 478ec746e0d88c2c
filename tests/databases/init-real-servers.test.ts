import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as net from "node:net";
import * as vm from "node:vm";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import mysql from "mysql2/promise";
import { createClient } from "redis";
import fc from "fast-check";
import { resolveDatabases } from "../../src/databases/plan";
import { seatAccounts } from "../../src/databases/accounts";
import { mysqlSeatInitSql, mysqlSeatResetSql } from "../../src/databases/init-mysql";
import { redisAclFile } from "../../src/databases/init-redis";
import { mongoSeatInitJs } from "../../src/databases/init-mongodb";
import { sqlIdentifier, sqlString } from "../../src/databases/escape";
import { resetSteps } from "../../src/databases/reset";
import { fixtureSite } from "./fixtures";
import { MongoModel, runShellScript } from "./mongo-shell-model";
import { MARIADB_PORT, REDIS_PORT, startMariaDb, startRedis, type Running } from "./servers";

// Rooms "a-b" and "axb" give seat_a_b_01 and seat_axb_01: an unescaped GRANT on `seat_a_b_01`.*
// would match seat_axb_01 too ('_' is a wildcard in GRANT), so these rooms prove the escaping.
const site = fixtureSite({ id: "db-real", roomIds: ["a-b", "axb", "201"], seatsPerRoom: 3, databases: { mode: "shared" } });
const plan = resolveDatabases(site)!;
const pw = (name: string) => `pw-${name}-X9`;
const accounts = seatAccounts(plan.seats, (s) => ({ literal: pw(s.dbName) }));
const A = "seat_a_b_01";
const B = "seat_axb_01";

describe("shared-mode MySQL init SQL on a real MariaDB", () => {
  let server: Running;
  let root: mysql.Connection;
  const asSeat = (name: string) => mysql.createConnection({ host: "127.0.0.1", port: MARIADB_PORT, user: name, password: pw(name), database: name });

  beforeAll(async () => {
    server = await startMariaDb();
    root = await mysql.createConnection({ host: "127.0.0.1", port: MARIADB_PORT, user: "root", multipleStatements: true });
    await root.query(mysqlSeatInitSql(accounts));
  });
  afterAll(async () => {
    await root?.end();
    await server?.stop();
  });

  it("creates one database and one user per seat", async () => {
    const [dbs] = await root.query<mysql.RowDataPacket[]>("SELECT SCHEMA_NAME AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'seat%' ORDER BY 1");
    expect(dbs.map((r) => r.n).sort()).toEqual(accounts.map((a) => a.name).sort());
    // Running the init again (container restart, reset) is harmless.
    await root.query(mysqlSeatInitSql(accounts));
  });

  it("seat A reads and writes its own data and cannot read seat B's", async () => {
    const b = await asSeat(B);
    await b.query("CREATE TABLE secrets (v VARCHAR(40)) CHARACTER SET utf8mb4");
    await b.query("INSERT INTO secrets VALUES ('B 的答案')");
    await b.end();

    const a = await asSeat(A);
    await a.query("CREATE TABLE scores (name VARCHAR(20), score INT)");
    await a.query("INSERT INTO scores VALUES ('张三', 95)");
    const [rows] = await a.query<mysql.RowDataPacket[]>("SELECT name, score FROM scores");
    expect(rows).toEqual([{ name: "张三", score: 95 }]);
    await expect(a.query(`SELECT * FROM ${B}.secrets`)).rejects.toThrow(/denied/i);
    await expect(a.query(`USE ${B}`)).rejects.toThrow(/denied/i);
    await expect(a.query(`CREATE DATABASE seat_aab_01`)).rejects.toThrow(/denied/i);
    await expect(a.query(`CREATE USER 'x'@'%' IDENTIFIED BY 'y'`)).rejects.toThrow(/denied/i);
    const [dbs] = await a.query<mysql.RowDataPacket[]>("SHOW DATABASES");
    expect(dbs.map((r) => r.Database).sort()).toEqual(["information_schema", A]);
    await a.end();
    await expect(mysql.createConnection({ host: "127.0.0.1", port: MARIADB_PORT, user: A, password: "wrong", database: A })).rejects.toThrow(/denied/i);
  });

  it("resetting seat A (the reset script's MySQL step) wipes only seat A", async () => {
    const [mysqlStep] = resetSteps(site, { room: "a-b", seat: 1 }, { stackDir: "/nonexistent" });
    expect(mysqlStep.stdin).toBe(mysqlSeatResetSql(A));
    await root.query(mysqlStep.stdin!);
    const a = await asSeat(A);
    const [tables] = await a.query<mysql.RowDataPacket[]>("SHOW TABLES");
    expect(tables).toEqual([]);
    await a.end();
    const [rows] = await root.query<mysql.RowDataPacket[]>(`SELECT v FROM ${B}.secrets`);
    expect(rows).toEqual([{ v: "B 的答案" }]);
  });

  it("escapes hostile strings and identifiers so the server sees exactly the input", async () => {
    const printable = fc.string({ unit: fc.constantFrom(..."'\"`;-- /*#\\%_ab中文\u2028$@", "\u0000", "\n"), maxLength: 24 });
    await fc.assert(
      fc.asyncProperty(printable, async (s) => {
        let lit: string;
        try { lit = sqlString(s); } catch { expect(/[\u0000-\u001f\\]/.test(s)).toBe(true); return; }
        const [rows] = await root.query<mysql.RowDataPacket[]>({ sql: `SELECT ${lit} AS v`, rowsAsArray: true });
        expect(rows[0][0]).toBe(s);
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(printable, async (s) => {
        let id: string;
        try { id = sqlIdentifier(s); } catch { expect(s === "" || /[\u0000-\u001f]|^\s|\s$/.test(s)).toBe(true); return; }
        const [, fields] = await root.query({ sql: `SELECT 1 AS ${id}`, rowsAsArray: true });
        expect((fields as mysql.FieldPacket[])[0].name).toBe(s);
      }),
      { numRuns: 150 },
    );
  });
});

describe("shared-mode Redis ACL on a real Redis 6+", () => {
  let server: Running;
  const client = async (user: string, password: string) => {
    const c = createClient({ socket: { host: "127.0.0.1", port: REDIS_PORT, reconnectStrategy: false }, username: user, password });
    c.on("error", () => {});
    await c.connect();
    return c;
  };

  beforeAll(async () => {
    server = await startRedis(redisAclFile(accounts, { literal: "admin-pw-1" }));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("seat A reads and writes its own keys and cannot read, list or wipe seat B's", async () => {
    const b = await client(B, pw(B));
    await b.set(`${B}:answer`, "B 的答案");
    await b.close();

    const a = await client(A, pw(A));
    await a.set(`${A}:score`, "95");
    expect(await a.get(`${A}:score`)).toBe("95");
    expect(await a.incr(`${A}:visits`)).toBe(1);
    await expect(a.get(`${B}:answer`)).rejects.toThrow(/NOPERM/);
    await expect(a.set("unprefixed", "x")).rejects.toThrow(/NOPERM/);
    for (const cmd of [["KEYS", "*"], ["SCAN", "0"], ["RANDOMKEY"], ["FLUSHALL"], ["FLUSHDB"], ["CONFIG", "GET", "*"], ["SORT", `${A}:l`, "BY", `${B}:*`], ["SUBSCRIBE", `${B}:news`]])
      await expect(a.sendCommand(cmd)).rejects.toThrow(/NOPERM|permission/i);
    await a.close();

    const admin = await client("examlab-admin", "admin-pw-1");
    expect(await admin.get(`${B}:answer`)).toBe("B 的答案");
    await admin.close();
  });

  it("the reset script's Redis step deletes seat A's keys only", async () => {
    const admin = await client("examlab-admin", "admin-pw-1");
    await admin.set(`${A}:one`, "1");
    await admin.set(`${A}:two`, "2");
    await admin.set(`${B}:keep`, "3");
    const [redisStep] = resetSteps(site, { room: "a-b", seat: 1 }, { stackDir: "/nonexistent" }).filter((s) => s.description.includes("Redis"));
    const [lua, pattern] = redisStep.argv.slice(-2);
    expect(pattern).toBe(`${A}:*`);
    await admin.sendCommand(["EVAL", lua, "0", pattern]);
    expect(await admin.keys(`${A}:*`)).toEqual([]);
    expect(await admin.get(`${B}:keep`)).toBe("3");
    await admin.close();
  });

  it("refuses unauthenticated clients and wrong passwords", async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const s = net.connect({ host: "127.0.0.1", port: REDIS_PORT }, () => s.write("PING\r\n"));
      s.once("data", (d) => { resolve(d.toString()); s.destroy(); });
      s.on("error", reject);
    });
    expect(reply).toMatch(/^-NOAUTH/);
    await expect(client(A, "wrong")).rejects.toThrow(/WRONGPASS|invalid/i);
  });
});

describe("shared-mode MongoDB init script", () => {
  const js = mongoSeatInitJs(accounts, { literal: "admin-pw" });

  it("parses with Node's parser (new vm.Script and node --check)", () => {
    expect(() => new vm.Script(js, { filename: "mongo-seats.js" })).not.toThrow();
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "examlab-db-mongo-")), "init.js");
    fs.writeFileSync(f, js);
    const r = spawnSync(process.execPath, ["--check", f], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    fs.rmSync(path.dirname(f), { recursive: true });
  });

  it("creates one user per seat with readWrite on its own database only (lifecycle: mongo-seats.test.ts)", () => {
    const m = new MongoModel();
    runShellScript(m, js);
    const seats = m.state().users.filter((u) => u.user !== "admin");
    expect(seats).toHaveLength(accounts.length);
    for (const u of seats) expect(u).toEqual({ user: u.db, db: u.db, pwd: pw(u.db), roles: [{ role: "readWrite", db: u.db }] });
  });
});
