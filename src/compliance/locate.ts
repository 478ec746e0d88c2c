import type { Site } from "../model/site";
import type { Finding } from "./types";

/**
 * Where a finding points in the site file: a field path (for SARIF regions and editors) derived
 * from its target. Attestation rules point at attestations.<RULE>.
 */
export function targetPath(site: Pick<Site, "spec">, f: Pick<Finding, "rule" | "target">): PropertyKey[] {
  const parts = f.target.split("/");
  if (parts[0] === "router" || parts[0] === "nvr") return [parts[0]];
  if (parts[0] === "labServers") {
    const i = site.spec.labServers.findIndex((s) => s.id === parts[1]);
    return i >= 0 ? ["labServers", i] : ["labServers"];
  }
  if (parts[0] === "rooms") {
    const i = site.spec.rooms.findIndex((r) => r.id === parts[1]);
    if (i < 0) return ["rooms"];
    const room = site.spec.rooms[i];
    if (parts[2] === "cameras") {
      const k = room.cameras.findIndex((c) => c.id === parts[3]);
      return k >= 0 ? ["rooms", i, "cameras", k] : ["rooms", i, "cameras"];
    }
    if (parts[2] === "seats") {
      const k = room.inventory.findIndex((m) => String(m.seat) === parts[3]);
      return k >= 0 ? ["rooms", i, "inventory", k] : ["rooms", i, "machineProfile"];
    }
    return ["rooms", i];
  }
  if (site.spec.attestations[f.rule] !== undefined) return ["attestations", f.rule];
  if (/^(SITE-(LEGAL|OFFICE|RULES|DUTY)|ROOM-SAFETY|PC-(MALWARE|PERIPHERALS)|RECORDS-)/.test(f.rule)) return ["attestations"];
  return ["staff"];
}
