import { jsSecret, jsString, type SecretText } from "./escape";
import type { SeatAccount } from "./init-mysql";
import { SAFE_IDENTIFIER } from "./names";

/**
 * Shared-mode MongoDB accounts, converged at EVERY container start (issue 11 item 6).
 *
 * The official image runs /docker-entrypoint-initdb.d only when the data directory is empty
 * (docker-library/mongo 4.4/docker-entrypoint.sh: it skips initdb when $dbPath/WiredTiger,
 * journal, local.0 or storage.bson exists), so seats added later and rotated passwords never got
 * accounts. Now the container command (mongoSharedCommand) first starts a private mongod —
 * bound to 127.0.0.1 inside the container, without --auth, exactly how the entrypoint itself runs
 * its first-start init — runs this script against it, stops it, and only then starts the real
 * server. The script is the container's Terraform `upload`; any change of the seat map or of a
 * password (seat or admin) changes it and Terraform replaces the container (upload is ForceNew in
 * kreuzwerker/docker), while the named data volume keeps the data. Same mechanism as MySQL's
 * --init-file and Redis's ACL file.
 */

/** Where the upload goes. Not in /docker-entrypoint-initdb.d (the entrypoint would run *.js there on an empty volume). */
export const MONGO_SEATS_FILE = "/etc/examlab/mongo-seats.js";
/** The admin (root role in the admin database) the container's MONGO_INITDB_ROOT_* variables name. */
export const MONGO_ADMIN_USER = "admin";

/** Seat users are seat_<room>_<nn> in a database of the same name; only such users are ever dropped. */
const SEAT_USER = /^seat_[a-z0-9_]+$/;

function checkSeatName(name: string): string {
  if (!SAFE_IDENTIFIER.test(name) || !SEAT_USER.test(name)) throw new Error(`invalid MongoDB database/user name ${JSON.stringify(name)}: expected seat_<room>_<nn> matching ${SEAT_USER}`);
  return name;
}

/**
 * The mongo shell script (legacy `mongo` 4.4 and `mongosh`; ES5 and the documented user API only:
 * db.getSiblingDB, getUser, createUser, updateUser, dropUser, usersInfo { forAllDBs: true }).
 * Idempotent: running it twice leaves the same users. Removed seats' users are dropped (they can
 * no longer log in); their databases stay, like MySQL's.
 */
export function mongoSeatInitJs(seats: readonly SeatAccount[], admin: SecretText): string {
  const rows = seats.map((s) => {
    const name = checkSeatName(s.name);
    return `  { db: ${jsString(name)}, user: ${jsString(name)}, pwd: ${jsSecret(s.password)} },`;
  });
  return [
    "// examlab: MongoDB accounts of the shared server, applied at every container start. Generated; do not edit.",
    `var admin = { db: "admin", user: ${jsString(MONGO_ADMIN_USER)}, pwd: ${jsSecret(admin)} };`,
    "var seats = [",
    ...rows,
    "];",
    "function converge(name, user, pwd, roles) {",
    "  var target = db.getSiblingDB(name);",
    "  if (target.getUser(user) === null) target.createUser({ user: user, pwd: pwd, roles: roles });",
    "  else target.updateUser(user, { pwd: pwd, roles: roles });",
    "}",
    `converge(admin.db, admin.user, admin.pwd, [{ role: "root", db: "admin" }]);`,
    "var keep = Object.create(null);",
    "seats.forEach(function (s) {",
    "  keep[s.db] = true;",
    `  converge(s.db, s.user, s.pwd, [{ role: "readWrite", db: s.db }]);`,
    "});",
    "// seat users no longer in the seat map lose their login; their databases stay",
    `var all = db.getSiblingDB("admin").runCommand({ usersInfo: { forAllDBs: true } });`,
    `if (all.ok !== 1) throw new Error("usersInfo failed: " + all.errmsg);`,
    "all.users.forEach(function (u) {",
    `  if (${SEAT_USER.toString()}.test(u.user) && u.db === u.user && keep[u.db] !== true) db.getSiblingDB(u.db).dropUser(u.user);`,
    "});",
    "",
  ].join("\n");
}

/** Drops one seat's data (its user stays): used by scripts/reset-seats.mjs. */
export function mongoSeatResetJs(name: string): string {
  if (!SAFE_IDENTIFIER.test(name)) throw new Error(`invalid MongoDB database name ${JSON.stringify(name)}`);
  return `db.getSiblingDB(${jsString(name)}).dropDatabase();\n`;
}

/** Server flags for exam-sized MongoDB (issue 3: small WiredTiger cache). */
export function mongoServerArgs(cacheGB: number): string[] {
  return ["mongod", "--bind_ip_all", "--wiredTigerCacheSizeGB", String(cacheGB)];
}

const PRIVATE_PID = "/tmp/examlab-seats-mongod.pid";
/** Not 27017: the health check (mongo --eval ping on the default port) must not see the private server as the service. */
const PRIVATE_PORT = "27099";
const PRIVATE_LOG = "/tmp/examlab-seats-mongod.log";

/**
 * Shared mode: the container command. The image's entrypoint (docker-entrypoint.sh) receives
 * `sh -c <script> examlab-mongodb mongod …`; its first argument is not mongo*, so it just execs
 * the script, which:
 *  1. starts a private mongod through the same entrypoint with MONGO_INITDB_ROOT_* removed from
 *     its environment (so no --auth and no first-start init), bound to 127.0.0.1 only (published
 *     ports reach the container's bridge address, not its loopback) on port 27099 (the health
 *     check pings the default port, so it never reports the private server as the service), --fork;
 *  2. waits until it answers (the entrypoint's own 30-try loop), runs MONGO_SEATS_FILE against it;
 *  3. stops it with SIGTERM (mongod's clean shutdown) and waits until it is gone;
 *  4. if the script failed: exits non-zero without starting the server (the container restarts
 *     and tries again; `docker logs` says why). Otherwise execs the entrypoint with the real
 *     server flags ("$@"); MONGO_INITDB_ROOT_* are set there, so it adds --auth.
 * The shell is chosen like the entrypoint does (mongo if present, else mongosh: 6.0+ images).
 * The script has no `${`: Terraform would read it as a template.
 */
export function mongoSharedCommand(serverArgs: readonly string[]): string[] {
  if (serverArgs[0] !== "mongod") throw new Error("MongoDB server flags must start with mongod");
  const privateArgs = [...serverArgs.filter((a) => a !== "--bind_ip_all"), "--bind_ip", "127.0.0.1", "--port", PRIVATE_PORT, "--pidfilepath", PRIVATE_PID, "--logpath", PRIVATE_LOG, "--fork"];
  for (const a of privateArgs) if (!/^[A-Za-z0-9_./-]+$/.test(a)) throw new Error(`unsafe mongod argument ${JSON.stringify(a)}`);
  const shell = `"$shell" --host 127.0.0.1 --port ${PRIVATE_PORT} --quiet admin`;
  const script = [
    "set -eu",
    "if command -v mongo >/dev/null 2>&1; then shell=mongo; else shell=mongosh; fi",
    `rm -f ${PRIVATE_PID}`,
    `env -u MONGO_INITDB_ROOT_USERNAME -u MONGO_INITDB_ROOT_PASSWORD docker-entrypoint.sh ${privateArgs.join(" ")}`,
    `pid=$(cat ${PRIVATE_PID})`,
    "tries=30",
    `until ${shell} --eval 'quit(0)' >/dev/null 2>&1; do`,
    "  tries=$((tries - 1))",
    `  if [ "$tries" -le 0 ]; then echo 'examlab: the private mongod for the seat accounts did not answer' >&2; cat ${PRIVATE_LOG} >&2 || true; kill "$pid" || true; exit 1; fi`,
    "  sleep 1",
    "done",
    "status=0",
    `${shell} ${MONGO_SEATS_FILE} || status=$?`,
    // (|| true: a private server that died during the script must not hide the script's status)
    'kill "$pid" 2>/dev/null || true',
    "tries=120",
    'while kill -0 "$pid" 2>/dev/null; do',
    "  tries=$((tries - 1))",
    `  if [ "$tries" -le 0 ]; then echo 'examlab: the private mongod did not stop' >&2; exit 1; fi`,
    "  sleep 1",
    "done",
    `if [ "$status" -ne 0 ]; then echo "examlab: seat accounts not applied (exit $status): ${MONGO_SEATS_FILE}; mongod not started" >&2; exit "$status"; fi`,
    'exec docker-entrypoint.sh "$@"',
  ].join("\n");
  return ["sh", "-c", script, "examlab-mongodb", ...serverArgs];
}
