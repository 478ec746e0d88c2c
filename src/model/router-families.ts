/**
 * Router families a site can declare. Each has a generator target of the same name under
 * src/allowlist/targets (registered in one table); the site's family picks the router config.
 */
export const ROUTER_FAMILIES = [
  "openwrt",
  "nftables",
  "dnsmasq",
  "unbound",
  "squid",
  "routeros",
  "pfsense",
  "opnsense",
  "huawei",
  "h3c",
  "other",
] as const;
export type RouterFamily = (typeof ROUTER_FAMILIES)[number];
