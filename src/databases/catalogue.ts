import { MONGO_SEATS_FILE } from "./init-mongodb";
import type { DbService } from "./services";

/**
 * The service catalogue: what each database container needs, tuned for exam-sized workloads
 * (a few tables / collections / keys per candidate, manual §3.3). Sizes are per container.
 */
export interface ServiceCatalogueEntry {
  service: DbService;
  /** Docker Hub official image and the manual's reference version (policies/levels.ts). */
  repository: string;
  tag: string;
  /** Port inside the container (also what exam code expects on localhost). */
  internalPort: number;
  /** Data directory inside the container: one named volume per seat / instance. */
  dataPath: string;
  memoryMB: number;
  cpus: number;
  /**
   * Shared mode: where the seat accounts file goes. MySQL: run by --init-file at every start (a
   * directory the image has; the ".init" extension keeps the entrypoint from also running it);
   * MongoDB: run against a private mongod before every start (init-mongodb.ts, mongoSharedCommand).
   */
  initPath?: string;
}

export const CATALOGUE: Record<DbService, ServiceCatalogueEntry> = {
  // performance_schema off + 32 MB buffer pool keeps MySQL 5.7 near 120 MB resident.
  mysql: { service: "mysql", repository: "mysql", tag: "5.7", internalPort: 3306, dataPath: "/var/lib/mysql", memoryMB: 256, cpus: 0.5, initPath: "/docker-entrypoint-initdb.d/examlab-seats.init" },
  // 4.4 is the newest server pymongo 3.11 supports (§7 PYMONGO-SERVER); 0.25 GB is WiredTiger's minimum cache.
  mongodb: { service: "mongodb", repository: "mongo", tag: "4.4", internalPort: 27017, dataPath: "/data/db", memoryMB: 384, cpus: 0.5, initPath: MONGO_SEATS_FILE },
  redis: { service: "redis", repository: "redis", tag: "6.2.5", internalPort: 6379, dataPath: "/data", memoryMB: 64, cpus: 0.25 },
};

/** Multiplier for the shared instance: it holds every seat's data of that lab server. */
export function sharedSizing(entry: ServiceCatalogueEntry, seats: number): { memoryMB: number; cpus: number } {
  // Exam data is tiny; the baseline dominates. Grow gently with the seat count.
  const extra = { mysql: 8, mongodb: 8, redis: 2 }[entry.service];
  return { memoryMB: entry.memoryMB * 2 + extra * seats, cpus: Math.min(4, entry.cpus * 4) };
}

/**
 * What one Redis client may hold outside the data set, bounded by server flags (redisServerArgs):
 * one argument (proto-max-bulk-len, client-query-buffer-limit), one buffered reply
 * (client-output-buffer-limit normal) and the client structure itself. Found with a real engine
 * (tests/docker/db-health-memory.test.ts): with Redis's defaults (512 MB arguments, unlimited
 * replies, 10,000 clients) a single 40 MB SET got a 64 MB container OOM-killed, whatever maxmemory
 * said: maxmemory is checked before a command runs, and the argument is read in full first.
 */
export const REDIS_CLIENT_LIMITS = { maxArgumentMB: 4, maxReplyMB: 4, perClientKB: 32 };
/** Resident memory of an idle Redis (binary, jemalloc arenas, fragmentation of a small heap), MB. */
const REDIS_BASE_MB = 8;

/**
 * maxmemory for a Redis container limited to `limitMB` serving at most `maxClients` clients: the
 * limit minus what the server holds beyond its data (base, clients, and two clients' worth of the
 * largest argument and reply at once), so a full Redis answers "OOM command not allowed" instead
 * of being killed.
 */
export function redisMaxMemoryMB(limitMB: number, maxClients: number): number {
  return Math.max(REDIS_MIN_DATA_MB, limitMB - redisHeadroomMB(maxClients));
}

/** Smallest data set (maxmemory) a Redis container is given, MB. */
const REDIS_MIN_DATA_MB = 8;

function redisHeadroomMB(maxClients: number): number {
  const { maxArgumentMB, maxReplyMB, perClientKB } = REDIS_CLIENT_LIMITS;
  return REDIS_BASE_MB + 2 * (maxArgumentMB + maxReplyMB) + Math.ceil((maxClients * perClientKB) / 1024);
}

/** The smallest container limit for which redisMaxMemoryMB keeps its headroom (below it the plan is refused). */
export function redisMinimumMB(maxClients: number): number {
  return redisHeadroomMB(maxClients) + REDIS_MIN_DATA_MB;
}

/** MongoDB's WiredTiger cache, GB (0.25 is the server's minimum). */
export function mongoCacheGB(limitMB: number): number {
  return Math.max(0.25, Math.floor((limitMB * 0.5) / 1024 * 100) / 100);
}
