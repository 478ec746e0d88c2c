import { redisPrefixPattern, redisSecret, redisToken, type SecretText } from "./escape";
import type { SeatAccount } from "./init-mysql";
import { SAFE_IDENTIFIER } from "./names";
import { REDIS_CLIENT_LIMITS } from "./catalogue";
import { MYSQL_CONNECTIONS_PER_SEAT, MYSQL_RESERVED_CONNECTIONS } from "./init-mysql";

/**
 * Commands a seat user may not run on the shared Redis even though they touch no key of another
 * seat by name: listing, sampling or counting the whole key space (KEYS, SCAN, RANDOMKEY, DBSIZE,
 * MEMORY STATS's keys.count), and everything in @dangerous (FLUSHALL, FLUSHDB, SWAPDB, CONFIG,
 * DEBUG, MONITOR, CLIENT, SORT … BY, INFO …). DBSIZE is @keyspace/@read, not @dangerous, so it
 * needs its own rule (issue 11 item 5). @scripting (EVAL, FUNCTION …) too: writes inside a Lua
 * script are not held to maxmemory once it runs, so one seat's script could get the shared
 * container OOM-killed for every seat (issue 11 item 9); exam code does not use Lua.
 */
export const REDIS_SEAT_DENIED = ["-@dangerous", "-@scripting", "-scan", "-randomkey", "-dbsize", "-memory"];

/** Clients a Redis serving `seats` seats accepts: each seat as many as MySQL gives it, plus the admin and the health check. */
export function redisMaxClients(seats: number): number {
  return seats * MYSQL_CONNECTIONS_PER_SEAT + MYSQL_RESERVED_CONNECTIONS;
}

/**
 * Shared-mode Redis 6 ACL file (`--aclfile`): the default user off, an admin, and one user per
 * seat who can touch only keys and channels named `<seat>:…` (for example seat_201_07:score).
 */
export function redisAclFile(seats: readonly SeatAccount[], admin: SecretText): string {
  const lines = [
    "user default off resetkeys resetchannels -@all",
    `user examlab-admin on >${redisSecret(admin)} ~* &* +@all`,
  ];
  for (const s of seats) lines.push(redisSeatAclRule(s.name, s.password));
  return lines.join("\n") + "\n";
}

/** One seat's ACL rule (also usable as `ACL SETUSER` arguments after the word "user"). */
export function redisSeatAclRule(name: string, password: SecretText): string {
  if (!SAFE_IDENTIFIER.test(name)) throw new Error(`invalid Redis user name ${JSON.stringify(name)}`);
  const pattern = redisPrefixPattern(name);
  return ["user", redisToken(name), "on", `>${redisSecret(password)}`, "resetkeys", `~${pattern}`, "resetchannels", `&${pattern}`, "+@all", ...REDIS_SEAT_DENIED].join(" ");
}

/**
 * Server flags (both modes): AOF persistence on the volume, maxmemory with noeviction (a full
 * Redis refuses writes, it never drops a candidate's keys), and the per-client bounds maxmemory
 * is computed with (catalogue.ts redisMaxMemoryMB).
 */
export function redisServerArgs(opts: { maxMemoryMB: number; maxClients: number; password?: string; aclFile?: string }): string[] {
  const { maxArgumentMB, maxReplyMB } = REDIS_CLIENT_LIMITS;
  return [
    "redis-server",
    "--appendonly", "yes",
    "--maxmemory", `${opts.maxMemoryMB}mb`,
    "--maxmemory-policy", "noeviction",
    "--maxclients", String(opts.maxClients),
    "--proto-max-bulk-len", `${maxArgumentMB}mb`,
    "--client-query-buffer-limit", `${maxArgumentMB}mb`,
    "--client-output-buffer-limit", "normal", `${maxReplyMB}mb`, `${maxReplyMB}mb`, "0",
    ...(opts.password !== undefined ? ["--requirepass", redisToken(opts.password)] : []),
    ...(opts.aclFile !== undefined ? ["--aclfile", opts.aclFile] : []),
  ];
}
