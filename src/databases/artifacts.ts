import type { ArtifactProducer } from "../export/artifacts";
import { toCsv } from "../util/csv";
import { jsonArtifact } from "../export/json-artifact";
import { toJson } from "../util/json";
import { DB_DEFAULT_PORTS, DB_SERVICES, seatEndpoints, type SeatEndpoint } from "./port-map";
import { resolveDatabases } from "./plan";
import { offlineImagesScript } from "./offline-images";
import { forEachSeatMap, seatMapFile } from "./seat-map";
import { labServerNftRules } from "./lab-firewall";
import { compileSitePolicy } from "../allowlist/site-policy";
import { computeIntent } from "../allowlist/intent/compute";

export const SEAT_PORTS_HEADER = [
  "room", "seat", "hostname", "ipv4", "lab_server",
  ...DB_SERVICES.flatMap((s) => [`${s}_host`, `${s}_port`]),
  "database", "user",
];

export function seatPortRows(endpoints: readonly SeatEndpoint[]): (string | number)[][] {
  return endpoints.map((e) => [
    e.room, e.seat ?? "", e.hostname, e.ipv4, e.labServer,
    ...DB_SERVICES.flatMap((s) => [e.services[s].host, e.services[s].port]),
    e.services.mysql.database ?? "", e.services.mysql.user ?? "",
  ]);
}

/**
 * The seat port map (issue 3 §4): for every seat with databases, the lab server host:port of its
 * MySQL, MongoDB and Redis. Windows provisioning maps localhost:3306/27017/6379 to these
 * (netsh interface portproxy). No passwords: per-seat mode uses the exam's published
 * credentials, shared-mode passwords are sensitive Terraform outputs.
 */
export const databasesProducer: ArtifactProducer = {
  name: "databases",
  produce({ site, options }) {
    const endpoints = seatEndpoints(site);
    if (endpoints.length === 0) return [];
    const plan = resolveDatabases(site)!;
    const mode = plan.mode;
    const lang = options.lang ?? site.spec.language;
    // The seat → lab server flows come from the connectivity intent, like the router files.
    const intent = computeIntent(site, compileSitePolicy(site));
    return [
      ...plan.servers
        .filter((s) => s.seats.length > 0)
        .map((s) => ({ path: seatMapFile(s.id), kind: "terraform-data", target: "terraform", content: toJson(forEachSeatMap(plan, s)), description: `for_each map of the database containers on ${s.id} (read by cdk.tf.json)` })),
      ...plan.servers
        .filter((s) => s.seats.length > 0)
        .map((s) => ({ path: `databases/lab-server-${s.id}.nft`, kind: "firewall", target: "lab-server", content: labServerNftRules(intent, s, site.spec.id, lang), description: `nftables rules for ${s.id}: each seat's ports only from its own PC` })),
      { path: "databases/offline-images.sh", kind: "script", target: "lab-server", content: offlineImagesScript(plan, lang), description: "docker save/load of the database images for sites without internet" },
      { path: "databases/seat-ports.csv", kind: "seat-ports", target: "windows", content: toCsv(SEAT_PORTS_HEADER, seatPortRows(endpoints)), description: "Seat → lab server host:port of MySQL/MongoDB/Redis (portproxy source)" },
      jsonArtifact({ path: "databases/seat-ports.json", kind: "seat-ports", target: "windows", description: "Seat port map as JSON (same content as the CSV)" }, { site: site.spec.id, mode, localPorts: DB_DEFAULT_PORTS, seats: endpoints }),
    ];
  },
};
