import { redisPrefixPattern, redisSecret, redisToken, type SecretText } from "./escape";
import type { SeatAccount } from "./init-mysql";
import { SAFE_IDENTIFIER } from "./names";

/**
 * Commands a seat user may not run on the shared Redis even though they touch no key of another
 * seat by name: listing, sampling or counting the whole key space (KEYS, SCAN, RANDOMKEY, DBSIZE,
 * MEMORY STATS's keys.count), and everything in @dangerous (FLUSHALL, FLUSHDB, SWAPDB, CONFIG,
 * DEBUG, MONITOR, CLIENT, SORT … BY, INFO …). DBSIZE is @keyspace/@read, not @dangerous, so it
 * needs its own rule (issue 11 item 5).
 */
export const REDIS_SEAT_DENIED = ["-@dangerous", "-scan", "-randomkey", "-dbsize", "-memory"];

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

/** Per-seat mode: server flags for a small exam instance (no persistence needed beyond the volume). */
export function redisServerArgs(opts: { maxMemoryMB: number; password?: string; aclFile?: string }): string[] {
  return [
    "redis-server",
    "--appendonly", "yes",
    "--maxmemory", `${opts.maxMemoryMB}mb`,
    "--maxmemory-policy", "noeviction",
    ...(opts.password !== undefined ? ["--requirepass", redisToken(opts.password)] : []),
    ...(opts.aclFile !== undefined ? ["--aclfile", opts.aclFile] : []),
  ];
}
