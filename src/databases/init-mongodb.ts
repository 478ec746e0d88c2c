import { jsSecret, jsString } from "./escape";
import type { SeatAccount } from "./init-mysql";
import { SAFE_IDENTIFIER } from "./names";

/**
 * Shared-mode MongoDB initialisation (mongo shell script in /docker-entrypoint-initdb.d, run as
 * the root user on first start): for each seat a user in the seat's own database with
 * readWrite on that database only, so `mongodb://seat_201_07:…@host:port/seat_201_07` works
 * and other seats' databases are unreadable.
 */
export function mongoSeatInitJs(seats: readonly SeatAccount[]): string {
  const rows = seats.map((s) => {
    if (!SAFE_IDENTIFIER.test(s.name)) throw new Error(`invalid MongoDB database/user name ${JSON.stringify(s.name)}`);
    return `  { db: ${jsString(s.name)}, user: ${jsString(s.name)}, pwd: ${jsSecret(s.password)} },`;
  });
  return [
    "// examlab: one database and one user per seat (shared mode). Generated; do not edit.",
    "var seats = [",
    ...rows,
    "];",
    "seats.forEach(function (s) {",
    "  var target = db.getSiblingDB(s.db);",
    "  if (target.getUser(s.user) === null) {",
    "    target.createUser({ user: s.user, pwd: s.pwd, roles: [{ role: \"readWrite\", db: s.db }] });",
    "  }",
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
