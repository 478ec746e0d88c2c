import type { Site } from "../model/site";

/** The three database services candidates use (manual §3.3, intermediate and advanced). */
export const DB_SERVICES = ["mysql", "mongodb", "redis"] as const;
export type DbService = (typeof DB_SERVICES)[number];

/** The ports exam code expects on localhost; the portproxy maps them to the seat's endpoint. */
export const DB_DEFAULT_PORTS: Record<DbService, number> = { mysql: 3306, mongodb: 27017, redis: 6379 };

export interface ServiceEndpoint {
  /** Lab server address on the site network. */
  host: string;
  port: number;
  /** Shared mode only: the seat's own database / user (per-seat mode uses the exam's usual credentials). */
  database?: string;
  user?: string;
}

/** Where one seat's databases live: the contract between the databases and Windows features. */
export interface SeatEndpoint {
  room: string;
  seat: number | null;
  hostname: string;
  ipv4: string;
  labServer: string;
  services: Record<DbService, ServiceEndpoint>;
}
