import { afterAll, describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vm from "node:vm";
import { buildSync } from "esbuild";
import fc from "fast-check";
import { Testing, TerraformStack } from "cdktf";
import { attachDatabases } from "../../stacks/databases/databases";
import { MONGO_SEATS_FILE, mongoSeatInitJs, mongoSharedCommand, mongoServerArgs } from "../../src/databases/init-mongodb";
import type { SeatAccount } from "../../src/databases/init-mysql";
import type { SecretText } from "../../src/databases/escape";
import { MongoModel, runShellScript } from "./mongo-shell-model";
import { fixtureSite } from "./fixtures";
import { requireRoot, requireTool } from "../helpers/tools";

/**
 * Issue 11 item 6 for MongoDB (shared mode). The official image runs /docker-entrypoint-initdb.d
 * only on an empty data volume (docker-library/mongo 4.4/docker-entrypoint.sh: initdb is skipped
 * when $dbPath/WiredTiger, journal, local.0 or storage.bson exists), so the seat users must be
 * converged some other way on every start. MongoDB is not in Debian: the generated script runs
 * against an in-memory model of the documented user API (mongo-shell-model.ts, sources there),
 * and the generated container command runs under a real POSIX sh (dash) as PID 1 of its own PID
 * namespace, with stand-ins for the image's entrypoint, mongod and the mongo shell.
 */
const seat = (name: string, pw: string): SeatAccount => ({ name, password: { literal: pw }, label: `seat ${name}` });
const ADMIN: SecretText = { literal: "admin-pw-1" };
const V1 = [seat("seat_201_01", "a-one-1"), seat("seat_201_02", "b-one-1")];
const V2 = [seat("seat_201_01", "a-two-2"), seat("seat_201_03", "c-one-1")]; // 02 removed, 03 added, 01 rotated

function apply(model: MongoModel, seats: SeatAccount[], admin: SecretText = ADMIN): void {
  runShellScript(model, mongoSeatInitJs(seats, admin));
}

describe("MongoDB seat script against the documented user API (in-memory model)", () => {
  it("first start: the admin (root on admin) and one readWrite user per seat in its own database", () => {
    const m = new MongoModel();
    apply(m, V1);
    expect(m.state().users).toEqual([
      { user: "admin", db: "admin", pwd: "admin-pw-1", roles: [{ role: "root", db: "admin" }] },
      { user: "seat_201_01", db: "seat_201_01", pwd: "a-one-1", roles: [{ role: "readWrite", db: "seat_201_01" }] },
      { user: "seat_201_02", db: "seat_201_02", pwd: "b-one-1", roles: [{ role: "readWrite", db: "seat_201_02" }] },
    ]);
    expect(m.login("seat_201_01", "seat_201_01", "a-one-1")).toBe(true);
    // isolation: a seat cannot write into another seat's database
    expect(() => m.insert({ db: "seat_201_01", user: "seat_201_01", pwd: "a-one-1" }, "seat_201_02", "t", {})).toThrow(/Unauthorized/);
  });

  it("is idempotent: a second run (plain restart) gives the same users and data", () => {
    const m = new MongoModel();
    apply(m, V1);
    m.insert({ db: "seat_201_01", user: "seat_201_01", pwd: "a-one-1" }, "seat_201_01", "score", { name: "张三", points: 95 });
    const before = m.state();
    apply(m, V1);
    expect(m.state()).toEqual(before);
  });

  it("re-apply with a changed seat map: new seat logs in, rotated password, removed seat locked out, data intact", () => {
    const m = new MongoModel();
    apply(m, V1);
    m.insert({ db: "seat_201_01", user: "seat_201_01", pwd: "a-one-1" }, "seat_201_01", "score", { name: "张三", points: 95 });
    m.insert({ db: "seat_201_02", user: "seat_201_02", pwd: "b-one-1" }, "seat_201_02", "score", { name: "李四", points: 80 });
    // a user someone created by hand (not a seat) is never touched
    runShellScript(m, `db.getSiblingDB("reports").createUser({ user: "teacher", pwd: "t", roles: [{ role: "read", db: "reports" }] });`);
    apply(m, V2, { literal: "admin-pw-2" });
    expect(m.login("seat_201_03", "seat_201_03", "c-one-1")).toBe(true); // added
    expect(m.login("seat_201_01", "seat_201_01", "a-two-2")).toBe(true); // rotated…
    expect(m.login("seat_201_01", "seat_201_01", "a-one-1")).toBe(false); // …old password refused
    expect(m.login("seat_201_02", "seat_201_02", "b-one-1")).toBe(false); // removed
    expect(m.login("admin", "admin", "admin-pw-2")).toBe(true); // admin rotated too
    expect(m.login("reports", "teacher", "t")).toBe(true);
    expect(m.data.seat_201_01.score).toEqual([{ name: "张三", points: 95 }]);
    expect(m.data.seat_201_02.score).toEqual([{ name: "李四", points: 80 }]); // data stays, like MySQL's databases
    const after = m.state();
    apply(m, V2, { literal: "admin-pw-2" });
    expect(m.state()).toEqual(after);
    // a seat removed and added back gets a fresh account with the current password
    apply(m, [...V2, seat("seat_201_02", "b-two-2")], { literal: "admin-pw-2" });
    expect(m.login("seat_201_02", "seat_201_02", "b-two-2")).toBe(true);
  });

  it("an empty seat map drops every seat user and keeps the admin", () => {
    const m = new MongoModel();
    apply(m, V1);
    apply(m, []);
    expect(m.state().users.map((u) => `${u.user}@${u.db}`)).toEqual(["admin@admin"]);
  });

  it("hostile passwords stay one string literal (fast-check): the server receives exactly the password", () => {
    const hostile = ['"});db.dropDatabase();//', "\\", "\u2028\u2029", "</script>", "'; quit(1); '", "${x}", "a\u0000b", "\ud800"];
    const check = (pw: string) => {
      const js = mongoSeatInitJs([seat("seat_201_01", pw)], { literal: pw });
      new vm.Script(js); // parses
      const m = new MongoModel();
      runShellScript(m, js);
      expect(m.login("seat_201_01", "seat_201_01", pw)).toBe(true);
      expect(m.login("admin", "admin", pw)).toBe(true);
    };
    for (const pw of hostile) check(pw);
    fc.assert(fc.property(fc.string({ minLength: 1, unit: "binary" }), (pw) => check(pw)), { numRuns: 150 });
  });

  it("refuses names that are not seat_<room>_<nn> identifiers instead of emitting them", () => {
    for (const name of ['x"});db.dropDatabase();//', "Seat_1", "a b", "seat\u2028", "../admin", "", "admin", "teacher"])
      expect(() => mongoSeatInitJs([seat(name, "p")], ADMIN)).toThrow(/invalid MongoDB/);
  });

  it("uses only the documented user API: a model that refuses everything else runs it", () => {
    const m = new MongoModel();
    apply(m, V1);
    apply(m, V2);
    const kinds = new Set(m.calls.map((c) => c.split(" ")[0]));
    expect([...kinds].sort()).toEqual(["createUser", "dropUser", "getUser", "updateUser", "usersInfo"]);
  });
});

// ------------------------------------------------------------------ the container command under sh

const site = fixtureSite({ id: "i11-mongo", seatsPerRoom: 2, databases: { mode: "shared" } });

function synthContainer(s = site): { command: string[]; env: string[]; upload: { file: string; content: string }[] } {
  const app = Testing.app();
  const stack = new TerraformStack(app, s.spec.id);
  attachDatabases(stack, s);
  return JSON.parse(Testing.synth(stack)).resource.docker_container.db_mongodb_lab1;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-i11-mongo-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Stand-ins on PATH: the image's entrypoint (records its argv and whether MONGO_INITDB_ROOT_* reached it) and mongod. */
function stubs(dir: string): string {
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin, { recursive: true });
  const node = JSON.stringify(process.execPath);
  const fake = path.join(dir, "fake-mongod.cjs");
  // private: up after a delay (the wrapper must wait), SIGTERM = clean shutdown; real: up until $STUB_DIR/stop exists.
  fs.writeFileSync(fake, `
const fs = require("fs"), path = require("path");
const dir = process.env.STUB_DIR, mode = process.argv[2];
const ev = (l) => fs.appendFileSync(path.join(dir, "events.log"), l + "\\n");
if (mode === "private") {
  setTimeout(() => { fs.writeFileSync(path.join(dir, "server"), "private"); ev("private up"); }, 1200);
  process.on("SIGTERM", () => { fs.writeFileSync(path.join(dir, "server"), ""); ev("private down"); process.exit(0); });
  setInterval(() => {}, 1000);
} else {
  ev("real up " + process.argv.slice(3).join(" "));
  const t = setInterval(() => { if (fs.existsSync(path.join(dir, "stop"))) { clearInterval(t); ev("real down"); process.exit(0); } }, 100);
}
`);
  fs.writeFileSync(path.join(bin, "docker-entrypoint.sh"), `#!/bin/sh
n=$(env | grep -c '^MONGO_INITDB_ROOT_')
echo "entrypoint env=$n $*" >> "$STUB_DIR/events.log"
case " $* " in
  *" --fork "*)
    pidfile=""; prev=""
    for a; do [ "$prev" = --pidfilepath ] && pidfile="$a"; prev="$a"; done
    # like mongod --fork: the daemon is left behind (its parent exits), the pid goes to --pidfilepath
    ${node} "${fake}" private >/dev/null 2>&1 &
    echo $! > "$pidfile"
    exit 0 ;;
  *) exec ${node} "${fake}" real "$@" ;;
esac
`, { mode: 0o755 });
  buildSync({ entryPoints: [path.join(__dirname, "mongo-shell-stub.ts")], bundle: true, platform: "node", format: "cjs", outfile: path.join(dir, "mongo-stub.cjs"), logLevel: "silent" });
  fs.writeFileSync(path.join(bin, "mongo"), `#!/bin/sh\nexec ${node} "${path.join(dir, "mongo-stub.cjs")}" "$@"\n`, { mode: 0o755 });
  return bin;
}

/** One container start: the generated command as PID 1 of a new PID namespace (as in a container), seat file uploaded. */
async function start(dir: string, command: string[], env: string[], seatsJs: string): Promise<{ code: number | null; stderr: string }> {
  const root = path.join(dir, "root");
  fs.mkdirSync(path.join(root, path.dirname(MONGO_SEATS_FILE)), { recursive: true });
  // the container sees the upload at MONGO_SEATS_FILE; here the path is rewritten to the test's root
  fs.writeFileSync(path.join(root, MONGO_SEATS_FILE), seatsJs);
  const script = command[2].split(MONGO_SEATS_FILE).join(path.join(root, MONGO_SEATS_FILE)).split("/tmp/examlab-seats-mongod").join(path.join(dir, "examlab-seats-mongod"));
  for (const f of ["stop", "server"]) fs.rmSync(path.join(dir, f), { force: true });
  const bin = stubs(dir);
  const childEnv: Record<string, string> = { PATH: `${bin}:/usr/bin:/bin`, STUB_DIR: dir };
  for (const e of env) childEnv[e.slice(0, e.indexOf("="))] = e.slice(e.indexOf("=") + 1);
  const proc = spawn("unshare", ["--pid", "--fork", "--mount-proc", "sh", "-c", script, ...command.slice(3)], { env: childEnv, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  proc.stderr!.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => proc.once("exit", (c) => r(c)));
  // stop the "real" server once it is up (docker stop), or wait for the command to fail
  const events = () => (fs.existsSync(path.join(dir, "events.log")) ? fs.readFileSync(path.join(dir, "events.log"), "utf8") : "");
  const poll = setInterval(() => {
    if (/real up/.test(events().split("=== start").pop()!)) fs.writeFileSync(path.join(dir, "stop"), "");
  }, 100);
  const code = await exited;
  clearInterval(poll);
  return { code, stderr };
}

describe("MongoDB container command: seat accounts converge before every start (sh as PID 1, stand-in binaries)", () => {
  it("runs the seat file against a private unauthenticated mongod, stops it, then starts the real server", async () => {
    requireRoot();
    requireTool("unshare", "util-linux");
    const c = synthContainer();
    const cache = c.command[c.command.indexOf("--wiredTigerCacheSizeGB") + 1];
    expect(c.command).toEqual(mongoSharedCommand(mongoServerArgs(Number(cache))));
    expect(c.upload).toEqual([{ file: MONGO_SEATS_FILE, content: expect.stringContaining("var seats = [") }]);
    const env = ["MONGO_INITDB_ROOT_USERNAME=admin", "MONGO_INITDB_ROOT_PASSWORD=admin-pw-1"];
    const dir = path.join(work, "lifecycle");
    fs.mkdirSync(dir);
    const log = () => fs.readFileSync(path.join(dir, "events.log"), "utf8");
    const mark = (n: number) => fs.appendFileSync(path.join(dir, "events.log"), `=== start ${n}\n`);
    const volume = () => MongoModel.from(JSON.parse(fs.readFileSync(path.join(dir, "volume.json"), "utf8")));

    mark(1);
    let r = await start(dir, c.command, env, mongoSeatInitJs(V1, ADMIN));
    expect(r.code, r.stderr).toBe(0);
    const first = log().split("=== start 1\n")[1].trim().split("\n");
    expect(first).toEqual([
      // MONGO_INITDB_ROOT_* removed: the entrypoint neither adds --auth nor runs its own first-start init
      `entrypoint env=0 mongod --wiredTigerCacheSizeGB ${cache} --bind_ip` + " 127.0.0.1 --port 27099 --pidfilepath " + path.join(dir, "examlab-seats-mongod.pid") + " --logpath " + path.join(dir, "examlab-seats-mongod.log") + " --fork",
      "private up",
      "script applied",
      "private down",
      // the real server: the entrypoint gets the container's flags and the root variables (it adds --auth)
      `entrypoint env=2 mongod --bind_ip_all --wiredTigerCacheSizeGB ${cache}`,
      `real up mongod --bind_ip_all --wiredTigerCacheSizeGB ${cache}`,
      "real down",
    ]);
    let m = volume();
    expect(m.login("seat_201_02", "seat_201_02", "b-one-1")).toBe(true);
    m.insert({ db: "seat_201_01", user: "seat_201_01", pwd: "a-one-1" }, "seat_201_01", "score", { points: 95 });
    fs.writeFileSync(path.join(dir, "volume.json"), JSON.stringify(m.state()));

    // terraform apply with a changed seat map: the container is replaced, same volume
    mark(2);
    r = await start(dir, c.command, env, mongoSeatInitJs(V2, ADMIN));
    expect(r.code, r.stderr).toBe(0);
    m = volume();
    expect(m.login("seat_201_03", "seat_201_03", "c-one-1")).toBe(true);
    expect(m.login("seat_201_01", "seat_201_01", "a-two-2")).toBe(true);
    expect(m.login("seat_201_02", "seat_201_02", "b-one-1")).toBe(false);
    expect(m.data.seat_201_01.score).toEqual([{ points: 95 }]);
    const state2 = m.state();

    // a plain restart changes nothing
    mark(3);
    r = await start(dir, c.command, env, mongoSeatInitJs(V2, ADMIN));
    expect(r.code, r.stderr).toBe(0);
    expect(volume().state()).toEqual(state2);

    // a seat file that fails: the private server is stopped and the real one is NOT started
    mark(4);
    r = await start(dir, c.command, env, "throw new Error('boom');\n");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/seat accounts not applied/);
    expect(log().split("=== start 4\n")[1].trim().split("\n").slice(1)).toEqual(["private up", "script failed", "private down"]);
    expect(volume().state()).toEqual(state2);
  }, 120_000);
});

describe("Terraform wiring: the upload (ForceNew in kreuzwerker/docker) changes exactly when seats or passwords do", () => {
  const seatsOf = (n: number, extra: Record<string, unknown> = {}) => synthContainer(fixtureSite({ id: "i11-mongo", seatsPerRoom: n, databases: { mode: "shared" }, ...extra }));

  it("carries every seat's and the admin's password reference; same input gives the same bytes", () => {
    const a = seatsOf(2);
    const content = a.upload[0].content;
    expect(content).toContain('{ db: "seat_201_01", user: "seat_201_01", pwd: "${random_password.db_seat_password_lab1["r201-s01"].result}" },');
    expect(content).toContain('{ db: "seat_201_02", user: "seat_201_02", pwd: "${random_password.db_seat_password_lab1["r201-s02"].result}" },');
    // a replaced random_password (rotation) changes the interpolated upload, hence a new container
    expect(content).toContain('pwd: "${random_password.db_admin_mongodb_lab1.result}"');
    expect(a.env).toContain("MONGO_INITDB_ROOT_PASSWORD=${random_password.db_admin_mongodb_lab1.result}");
    expect(seatsOf(2)).toEqual(a);
  });

  it("a seat added or removed changes the upload; the command (and so the rest of the container) does not", () => {
    const two = seatsOf(2);
    const three = seatsOf(3);
    expect(three.upload[0].content).not.toBe(two.upload[0].content);
    expect(three.upload[0].content).toContain('"seat_201_03"');
    expect(two.upload[0].content).not.toContain('"seat_201_03"');
    expect(three.command).toEqual(two.command);
  });

  it("the generated command has no Terraform template syntax and runs under a POSIX shell parser", () => {
    const cmd = seatsOf(2).command;
    expect(cmd[2]).not.toMatch(/[$%]\{/);
    const r = spawnSync("sh", ["-n", "-c", cmd[2]], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
  });
});
