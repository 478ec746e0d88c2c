import { renderTemplate } from "../render";
import { guard } from "../escape";
import type { RenderInput } from "../model";
import { dnsSetsByName, unboundExtras, dnsOnlyEnforcement } from "./shared";
import type { Target } from "./types";

/** Unbound: root `refuse` + one `transparent` local-zone per allowed name (router-targets.md (d)). */
export function unboundZones(input: RenderInput): { zoneLines: string[]; forwardLines: string[]; exactWidened: number; privateLines: string[]; ntpZoneLines: string[] } {
  let exact = 0;
  const zoneLines: string[] = [];
  for (const [name, { rule }] of dnsSetsByName(input)) {
    if (rule.match === "exact") exact++;
    zoneLines.push(`local-zone: "${guard.name(name)}." transparent`);
  }
  return { zoneLines, forwardLines: input.lan.upstreamDns.map((u) => `forward-addr: ${guard.address(u)}`), exactWidened: exact, ...unboundExtras(input) };
}

export const unboundTarget: Target = {
  id: "unbound",
  kind: "router",
  title: "Unbound (DNS only)",
  validator: "unbound-checkconf",
  apply: "ssh-linux",
  enforces: (input: RenderInput) => dnsOnlyEnforcement(input, "unbound"),
  render(input: RenderInput) {
    return renderTemplate("router/unbound.hbs", {}, { ...input, ...unboundZones(input) });
  },
};
