import type { Site } from "../model/site";
import { resolveDatabases } from "./plan";

import { DB_SERVICES, type DbService } from "./services";

// The service list and localhost ports live in ./services (no import cycle with ./plan).
export { DB_SERVICES, DB_DEFAULT_PORTS, type DbService } from "./services";

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

/**
 * Every seat that has databases, in room/seat order, with the lab server host:port of each of
 * its services (manual §3.3). Empty when the site uses no databases (section absent or disabled).
 * Per-seat mode: each seat has its own ports and the exam's published credentials.
 * Shared mode: all seats of a lab server share one port per service; `database`/`user` name the
 * seat's own database and user (passwords are sensitive Terraform outputs, never here).
 * Throws InputError (naming the site file and field) when the database section is invalid.
 */
export function seatEndpoints(site: Site): SeatEndpoint[] {
  const plan = resolveDatabases(site);
  if (!plan) return [];
  const host = new Map(plan.servers.map((s) => [s.id, s.ipv4]));
  return plan.seats.map((s) => ({
    room: s.room,
    seat: s.seat,
    hostname: s.hostname,
    ipv4: s.ipv4,
    labServer: s.labServer,
    services: Object.fromEntries(
      DB_SERVICES.map((svc) => [
        svc,
        plan.mode === "shared"
          ? { host: host.get(s.labServer)!, port: s.ports[svc], database: s.dbName, user: s.dbName }
          : { host: host.get(s.labServer)!, port: s.ports[svc] },
      ]),
    ) as Record<DbService, ServiceEndpoint>,
  }));
}
