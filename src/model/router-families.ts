/**
 * Router families a site can declare. Each has exactly one generator target of the same name in
 * src/allowlist/targets/index.ts (`ROUTER_TARGETS: Record<RouterFamily, Target>` makes the compiler
 * enforce it); the site's family picks the router config that `examlab export` writes.
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
