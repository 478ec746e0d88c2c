/** The three database services candidates use (manual §3.3, intermediate and advanced). */
export const DB_SERVICES = ["mysql", "mongodb", "redis"] as const;
export type DbService = (typeof DB_SERVICES)[number];

/** The ports exam code expects on localhost; the portproxy maps them to the seat's endpoint. */
export const DB_DEFAULT_PORTS: Record<DbService, number> = { mysql: 3306, mongodb: 27017, redis: 6379 };
