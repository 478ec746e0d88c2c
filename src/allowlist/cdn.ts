import { cidrOf, type Cidr } from "./cidr";

/**
 * Address ranges of large shared CDN / anycast front ends. Allowing one of these addresses allows
 * every site the provider serves from it (router-targets.md §0.2), so IP entries inside them are
 * flagged. Source: the providers' published lists (cloudflare.com/ips, api.fastly.com/public-ip-list),
 * as of 2026; extend when the official list names other providers.
 */
const CDN_RANGES: Record<string, string[]> = {
  Cloudflare: [
    "173.245.48.0/20", "103.21.244.0/22", "103.22.200.0/22", "103.31.4.0/22", "141.101.64.0/18", "108.162.192.0/18",
    "190.93.240.0/20", "188.114.96.0/20", "197.234.240.0/22", "198.41.128.0/17", "162.158.0.0/15", "104.16.0.0/13",
    "104.24.0.0/14", "172.64.0.0/13", "131.0.72.0/22", "2400:cb00::/32", "2606:4700::/32", "2803:f800::/32",
    "2405:b500::/32", "2405:8100::/32", "2a06:98c0::/29", "2c0f:f248::/32",
  ],
  Fastly: ["151.101.0.0/16", "199.232.0.0/16", "146.75.0.0/17", "2a04:4e40::/32"],
};

const PARSED: { provider: string; range: Cidr }[] = Object.entries(CDN_RANGES).flatMap(([provider, list]) =>
  list.map((c) => ({ provider, range: cidrOf(c) as Cidr })),
);

/** The CDN provider whose front-end range overlaps this network, if any. */
export function sharedFrontEnd(c: { family: 4 | 6; first: bigint; last: bigint }): string | undefined {
  for (const { provider, range } of PARSED) {
    if (range.family === c.family && c.first <= range.last && range.first <= c.last) return provider;
  }
  return undefined;
}
