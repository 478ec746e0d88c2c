import type { Site } from "../model/site";
import type { SeatEndpoint } from "../databases/port-map";
import { DB_DEFAULT_PORTS, DB_SERVICES } from "../databases/port-map";

/** One candidate or spare machine as the first-boot script needs it (manual §3.2 (3) PC-STATIC-IP). */
export interface SeatRow {
  room: string;
  /** Desk number; null for spares kept outside the grid (identified by host name). */
  seat: number | null;
  hostname: string;
  /** Upper-case, '-' separated as Get-NetAdapter reports it; null when the inventory has none. */
  mac: string | null;
  ipv4: string;
  prefixLength: number;
  gateway: string;
  dns: string[];
  /** Lab-server mode: localhost port → the seat's endpoint. */
  portproxy: { listenPort: number; host: string; port: number }[];
}

/** The seat table from the IP plan's leases and (lab-server mode) the databases' seat endpoints. */
export function seatTable(site: Site, endpoints: readonly SeatEndpoint[]): SeatRow[] {
  const byHost = new Map(endpoints.map((e) => [`${e.room}/${e.hostname}`, e]));
  const rows: SeatRow[] = [];
  for (const lease of site.plan.leases) {
    if (lease.room === null || (lease.role !== "candidate" && lease.role !== "spare")) continue;
    const room = site.rooms.find((r) => r.spec.id === lease.room)!;
    const ep = byHost.get(`${lease.room}/${lease.hostname}`);
    rows.push({
      room: lease.room,
      seat: lease.seat,
      hostname: lease.hostname,
      mac: lease.mac ? lease.mac.replace(/:/g, "-").toUpperCase() : null,
      ipv4: lease.ipv4,
      prefixLength: Number(room.subnet.split("/")[1]),
      gateway: room.gateway,
      dns: site.plan.dns.filter((d) => !d.includes(":")),
      portproxy: ep ? DB_SERVICES.map((svc) => ({ listenPort: DB_DEFAULT_PORTS[svc], host: ep.services[svc].host, port: ep.services[svc].port })) : [],
    });
  }
  return rows.sort((a, b) => (a.room === b.room ? (a.seat ?? 1e9) - (b.seat ?? 1e9) || (a.hostname < b.hostname ? -1 : 1) : a.room < b.room ? -1 : 1));
}
