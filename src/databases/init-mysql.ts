import { SAFE_IDENTIFIER } from "./names";
import { sqlGrantDatabase, sqlIdentifier, sqlSecret, sqlString, type SecretText } from "./escape";
import { pushAll } from "../util/arrays";

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

export function mysqlSeatStatements(s: SeatAccount): string[] {
  const name = checkName(s.name);
  const account = `${sqlString(name)}@'%'`;
  return [
    `-- ${checkLabel(s.label)}`,
    `CREATE DATABASE IF NOT EXISTS ${sqlIdentifier(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`,
    `CREATE USER IF NOT EXISTS ${account} IDENTIFIED BY ${sqlSecret(s.password)};`,
    `GRANT ALL PRIVILEGES ON ${sqlGrantDatabase(name)}.* TO ${account};`,
  ];
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
export function mysqlServerArgs(opts: { authArgs: readonly string[] }): string[] {
  return [
    "--performance-schema=OFF",
    "--innodb-buffer-pool-size=32M",
    "--innodb-log-buffer-size=4M",
    "--key-buffer-size=4M",
    "--max-connections=50",
    "--skip-name-resolve",
    "--character-set-server=utf8mb4",
    "--collation-server=utf8mb4_unicode_ci",
    // §7 PYMYSQL-AUTH: MySQL 8 defaults to caching_sha2_password, which PyMySQL needs `cryptography` for.
    ...opts.authArgs,
  ];
}
