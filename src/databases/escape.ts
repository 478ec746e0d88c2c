/**
 * Escaping for the three init languages. Everything is validated strictly first (callers pass
 * only identifiers matching SAFE_IDENTIFIER and passwords from the schema's character set); the
 * escapers still make any string safe so a slipped value cannot break out of its literal.
 */

/**
 * A password in a generated init file: a literal (tests, per-seat published credentials) or a
 * Terraform reference to a random_password result. Random results are [A-Za-z0-9] (special =
 * false), so the reference is placed inside the quotes unescaped and Terraform interpolates it.
 */
export type SecretText = { literal: string } | { terraform: string };

const TF_REF = /^\$\{random_password\.[a-z0-9_]+(\["[a-z0-9-]+"\])?\.result\}$/;

function checkTerraformRef(ref: string): string {
  if (!TF_REF.test(ref)) throw new Error(`not a random_password reference: ${JSON.stringify(ref)}`);
  return ref;
}

/** Terraform reads `${` and `%{` in any string as template syntax; literals must not carry them. */
export function assertNoTemplateSyntax(text: string, what: string): void {
  if (/[$%]\{/.test(text)) throw new Error(`${what} contains Terraform template syntax`);
}

// ---------------------------------------------------------------- SQL (MySQL 5.7+/MariaDB)

/** A SQL string literal that is safe with and without NO_BACKSLASH_ESCAPES: control characters refused. */
export function sqlString(s: string): string {
  if (/[\u0000-\u001f\u007f]/.test(s)) throw new Error(`control character in SQL string ${JSON.stringify(s)}`);
  if (s.includes("\\")) throw new Error(`backslash in SQL string ${JSON.stringify(s)} (ambiguous under NO_BACKSLASH_ESCAPES)`);
  return `'${s.replace(/'/g, "''")}'`;
}

/** A quoted SQL identifier (database, table). */
export function sqlIdentifier(s: string): string {
  // Servers trim leading/trailing spaces from names and refuse control characters: refuse them here.
  if (s.length < 1 || s.length > 64 || /[\u0000-\u001f\u007f]/.test(s) || /^\s|\s$/.test(s)) throw new Error(`invalid SQL identifier ${JSON.stringify(s)}`);
  return "`" + s.replace(/`/g, "``") + "`";
}

/**
 * A database name in GRANT: '_' and '%' are wildcards there (GRANT ON `seat_a_b_07`.* would
 * also match seat_axb_07), so they are escaped with a backslash inside the quoted identifier.
 */
export function sqlGrantDatabase(s: string): string {
  return sqlIdentifier(s.replace(/\\/g, "\\\\").replace(/[_%]/g, (c) => `\\${c}`));
}

export function sqlSecret(secret: SecretText): string {
  return "literal" in secret ? sqlString(secret.literal) : `'${checkTerraformRef(secret.terraform)}'`;
}

// ---------------------------------------------------------------- JavaScript (mongo shell)

/** A JavaScript string literal (JSON is valid JS; U+2028/2029 are escaped for old shells). */
export function jsString(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

export function jsSecret(secret: SecretText): string {
  return "literal" in secret ? jsString(secret.literal) : `"${checkTerraformRef(secret.terraform)}"`;
}

// ---------------------------------------------------------------- Redis ACL file

/**
 * Redis ACL file tokens are split on spaces with no quoting, so a token is accepted only when it
 * is a plain run of printable ASCII without spaces (names and passwords are validated earlier).
 */
export function redisToken(s: string): string {
  if (!/^[\x21-\x7e]{1,128}$/.test(s) || /["'\\]/.test(s)) throw new Error(`invalid Redis ACL token ${JSON.stringify(s)}`);
  return s;
}

/** A key or channel glob matching exactly `<prefix>:*` (glob metacharacters in the prefix escaped). */
export function redisPrefixPattern(prefix: string): string {
  if (!/^[A-Za-z0-9_:.-]{1,64}$/.test(prefix)) throw new Error(`invalid Redis key prefix ${JSON.stringify(prefix)}`);
  return `${prefix}:*`;
}

export function redisSecret(secret: SecretText): string {
  return "literal" in secret ? redisToken(secret.literal) : checkTerraformRef(secret.terraform);
}
