import { coerce, gte, lt } from "semver";
import { said, type Said } from "./said";

/**
 * What a declared router release supports (issue 10 item 7). Sources:
 * - dnsmasq `filter-rr` arrived in 2.90 (dnsmasq CHANGELOG 2.90; router-targets.md §0.4), `nftset`
 *   in 2.87 (dnsmasq CHANGELOG 2.87).
 * - OpenWrt 23.05.0–23.05.2 ship dnsmasq 2.89; 2.90 came to the 23.05 branch with
 *   openwrt/openwrt#14853 (merged 2024-03-12), first released in 23.05.3. OpenWrt 22.03 ships
 *   dnsmasq 2.86 (no nftset), 21.02 and older use fw3/iptables: the OpenWrt target needs 23.05+.
 */
export const OPENWRT_MIN = "23.05.0";
const OPENWRT_DNSMASQ_290 = "23.05.3";
const DNSMASQ_NFTSET = "2.87.0";
const DNSMASQ_FILTER_RR = "2.90.0";

export interface DnsmasqCapabilities {
  /** The dnsmasq version the files are generated for (declared, derived from the OS, or assumed). */
  version: string;
  /** How the version was decided, for the file header. */
  basis: "declared" | "from-os" | "assumed";
  nftset: boolean;
  filterRr: boolean;
}

const semverOf = (v: string) => coerce(v, { loose: true })?.version;

/** dnsmasq capabilities of a router, by family; unknown versions assume the oldest supported one. */
export function dnsmasqCapabilities(family: string, router: { osVersion?: string; dnsmasqVersion?: string } | undefined): DnsmasqCapabilities {
  let version: string;
  let basis: DnsmasqCapabilities["basis"];
  if (family === "openwrt") {
    const os = router?.osVersion ? semverOf(router.osVersion) : undefined;
    basis = os ? "from-os" : "assumed";
    version = os && gte(os, semverOf(OPENWRT_DNSMASQ_290)!) ? "2.90" : "2.89";
  } else if (router?.dnsmasqVersion) {
    basis = "declared";
    version = router.dnsmasqVersion;
  } else {
    basis = "assumed";
    version = "2.87";
  }
  const v = semverOf(version) ?? "0.0.0";
  return { version, basis, nftset: gte(v, DNSMASQ_NFTSET), filterRr: gte(v, DNSMASQ_FILTER_RR) };
}

/** Why the declared release cannot be served, or undefined when it can. */
export function unsupportedRelease(family: string, router: { osVersion?: string; dnsmasqVersion?: string } | undefined): Said | undefined {
  if (family === "openwrt" && router?.osVersion) {
    const os = semverOf(router.osVersion);
    if (!os) return said("routerOpenwrtVersion", { value: router.osVersion });
    if (lt(os, semverOf(OPENWRT_MIN)!))
      return said("routerOpenwrtTooOld", { value: router.osVersion });
  }
  if (family === "nftables" && router?.dnsmasqVersion) {
    const v = semverOf(router.dnsmasqVersion);
    if (v && lt(v, DNSMASQ_NFTSET)) return said("routerDnsmasqNoNftset", { value: router.dnsmasqVersion });
  }
  return undefined;
}
