import type { RouterFamily } from "../../model/router-families";
import { chromePolicyTarget } from "./chrome-policy";
import { dnsmasqTarget } from "./dnsmasq";
import { h3cTarget } from "./h3c";
import { huaweiTarget } from "./huawei";
import { nftablesTarget } from "./nftables";
import { openwrtTarget } from "./openwrt";
import { opnsenseTarget } from "./opnsense";
import { otherTarget } from "./other";
import { pfsenseTarget } from "./pfsense";
import { routerosTarget } from "./routeros";
import { squidTarget } from "./squid";
import { unboundTarget } from "./unbound";
import { windowsFirewallTarget } from "./windows-firewall";
import type { Target } from "./types";

/**
 * THE table of generator targets. Router targets are keyed by family: the `Record` type makes
 * every family in src/model/router-families.ts need exactly one target here (tests check the
 * ids match). Adding a family = its name in ROUTER_FAMILIES + one template + one renderer + one row.
 */
export const ROUTER_TARGETS: Record<RouterFamily, Target> = {
  openwrt: openwrtTarget,
  nftables: nftablesTarget,
  dnsmasq: dnsmasqTarget,
  unbound: unboundTarget,
  squid: squidTarget,
  routeros: routerosTarget,
  pfsense: pfsenseTarget,
  opnsense: opnsenseTarget,
  huawei: huaweiTarget,
  h3c: h3cTarget,
  other: otherTarget,
};

/** Files for the candidate machine itself, exported for every site (paths kept stable for the Windows feature). */
export const ENDPOINT_TARGETS = {
  "chrome-policy": chromePolicyTarget,
  "windows-firewall": windowsFirewallTarget,
} as const satisfies Record<string, Target>;

export const ALL_TARGETS: Readonly<Record<string, Target>> = { ...ROUTER_TARGETS, ...ENDPOINT_TARGETS };

export type { Target };

/** What a target's generated files enforce for this input, or undefined when the target does not say yet. */
export function describeEnforcement(targetId: string, input: import("../model").RenderInput): import("../intent/types").TargetEnforcement | undefined {
  return ALL_TARGETS[targetId]?.enforces?.(input);
}
