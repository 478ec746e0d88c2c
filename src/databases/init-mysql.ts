import { SAFE_IDENTIFIER } from "./names";
import { pushAll } from "../util/arrays";
import { sqlGrantDatabase, sqlIdentifier, sqlSecret, sqlString, type SecretText } from "./escape";

/** One seat's own database and account on a shared server. */
export interface SeatAccount {
  /** Database (MySQL, MongoDB) / key prefix (Redis) and user name: seat_201_07. */
  name: string;
  password: SecretText;
  /** Comment only: room and seat it belongs to. */
  label: string;
}

function checkName(name: string): string {
  if (!SAFE_IDENTIFIER.test(name)) throw new Error(`invalid seat database/user name ${JSON.stringify(name)}: expected ${SAFE_IDENTIFIER}`);
  return name;
}

function checkLabel(label: string): string {
  if (!/^[A-Za-z0-9 _.:#-]{0,64}$/.test(label)) throw new Error(`invalid comment label ${JSON.stringify(label)}`);
  return label;
}

/**
 * Shared-mode MySQL initialisation (run once by the image entrypoint from /docker-entrypoint-initdb.d,
 * also by scripts/reset-seats.mjs for one seat): a database and a user per seat, the user granted
 * everything on its own database only (manual §3.3; isolation: issue 3). utf8mb4 for Chinese text.
 */
export function mysqlSeatInitSql(seats: readonly SeatAccount[]): string {
  const out = ["-- examlab: one database and one user per seat (shared mode). Generated; do not edit.", ""];
  for (const s of seats) pushAll(out, mysqlSeatStatements(s)).push("");
  out.push("FLUSH PRIVILEGES;");
  return out.join("\n") + "\n";
}

/**
 * Connections one seat account may hold (MAX_USER_CONNECTIONS): a candidate's program, PyCharm's
 * database tool and a stray loop together stay far below it, and one seat can no longer take every
 * connection of a shared server (issue 11 item 5).
 */
export const MYSQL_CONNECTIONS_PER_SEAT = 10;
/** Head-room for the admin, the health check and mysqladmin (root also gets one SUPER slot). */
export const MYSQL_RESERVED_CONNECTIONS = 10;

/** max_connections for a server holding `seats` seat accounts: every seat can use its full share. */
export function mysqlMaxConnections(seats: number): number {
  return Math.max(50, seats * MYSQL_CONNECTIONS_PER_SEAT + MYSQL_RESERVED_CONNECTIONS);
}

export function mysqlSeatStatements(s: SeatAccount): string[] {
  const name = checkName(s.name);
  const account = `${sqlString(name)}@'%'`;
  const limit = `WITH MAX_USER_CONNECTIONS ${MYSQL_CONNECTIONS_PER_SEAT}`;
  return [
    `-- ${checkLabel(s.label)}`,
    `CREATE DATABASE IF NOT EXISTS ${sqlIdentifier(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`,
    `CREATE USER IF NOT EXISTS ${account} IDENTIFIED BY ${sqlSecret(s.password)} ${limit};`,
    // an existing account (seat kept, password rotated) converges to the current password and limit
    `ALTER USER ${account} IDENTIFIED BY ${sqlSecret(s.password)} ${limit};`,
    `GRANT ALL PRIVILEGES ON ${sqlGrantDatabase(name)}.* TO ${account};`,
  ];
}

/**
 * Shared mode: the file the server runs with `--init-file` at EVERY start (MySQL 5.7 manual,
 * init_file: "each statement must be on a single line and should not include comments"). It
 * converges the accounts to the current seat map: creates new seats, resets passwords and limits,
 * and drops seat accounts that are no longer in the map (their databases stay, as data). Terraform
 * replaces the container whenever this file's content changes (upload is ForceNew in
 * kreuzwerker/docker), so every seat-map or password change reaches the server, while the data
 * volume, a separate docker_volume, is kept (issue 11 item 6).
 */
export function mysqlSeatInitFile(seats: readonly SeatAccount[]): string {
  const out: string[] = [];
  for (const s of seats) pushAll(out, mysqlSeatStatements(s).filter((l) => !l.startsWith("--")));
  const keep = seats.map((s) => sqlString(checkName(s.name)));
  // Seat accounts are named seat_<room>_<seat>; any other such account is a removed seat.
  out.push(
    `SET @examlab_drop = (SELECT GROUP_CONCAT(CONCAT(QUOTE(User), '@', QUOTE(Host)) SEPARATOR ', ') FROM mysql.user WHERE User LIKE 'seat\\_%'${keep.length ? ` AND User NOT IN (${keep.join(", ")})` : ""});`,
    "SET @examlab_drop = IFNULL(CONCAT('DROP USER ', @examlab_drop), 'DO 0');",
    "PREPARE examlab_stmt FROM @examlab_drop;",
    "EXECUTE examlab_stmt;",
    "DEALLOCATE PREPARE examlab_stmt;",
    "FLUSH PRIVILEGES;",
  );
  for (const l of out) if (l.includes("\n")) throw new Error("init-file statements must be single lines");
  return out.join("\n") + "\n";
}

/** Wipes one seat's database and re-creates it empty (the account and its grant stay). */
export function mysqlSeatResetSql(name: string): string {
  const n = checkName(name);
  return [
    `DROP DATABASE IF EXISTS ${sqlIdentifier(n)};`,
    `CREATE DATABASE ${sqlIdentifier(n)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`,
  ].join("\n") + "\n";
}

/** Server flags for exam-sized MySQL (issue 3: no performance_schema, small buffer pool). */
export function mysqlServerArgs(opts: { authArgs: readonly string[]; seats?: number; initFile?: string }): string[] {
  return [
    "--performance-schema=OFF",
    "--innodb-buffer-pool-size=32M",
    "--innodb-log-buffer-size=4M",
    "--key-buffer-size=4M",
    `--max-connections=${mysqlMaxConnections(opts.seats ?? 1)}`,
    ...(opts.initFile !== undefined ? [`--init-file=${opts.initFile}`] : []),
    "--skip-name-resolve",
    "--character-set-server=utf8mb4",
    "--collation-server=utf8mb4_unicode_ci",
    // §7 PYMYSQL-AUTH: MySQL 8 defaults to caching_sha2_password, which PyMySQL needs `cryptography` for.
    ...opts.authArgs,
  ];
}
