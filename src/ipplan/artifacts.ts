import type { ArtifactProducer } from "../export/artifacts";
import { toCsv } from "../util/csv";
import { toJson } from "../util/json";
import type { IpPlan } from "./plan";

/** The static lease table (seat, hostname, MAC, IP) as rows, shared by CSV output and `examlab plan`. */
export function leaseRows(plan: IpPlan): (string | number)[][] {
  return plan.leases.map((l) => [l.room ?? "", l.seat ?? "", l.role, l.hostname, l.mac ?? "", l.ipv4, l.ipv6 ?? ""]);
}
export const LEASE_HEADER = ["room", "seat", "role", "hostname", "mac", "ipv4", "ipv6"];

/** Writes the IP plan (JSON) and the static lease table (CSV) that routers and provisioning use. */
export const ipPlanProducer: ArtifactProducer = {
  name: "ip-plan",
  produce({ site }) {
    return [
      { path: "network/ip-plan.json", kind: "ip-plan", target: "people", content: toJson(site.plan), description: "IP plan: subnets, gateway, DNS and every planned address" },
      { path: "network/static-leases.csv", kind: "ip-plan", target: "router", content: toCsv(LEASE_HEADER, leaseRows(site.plan)), description: "Static lease table (seat, hostname, MAC, IP)" },
    ];
  },
};
