/**
 * Public resolvers the router forwards allowlisted names to when the site names none (AliDNS,
 * DNSPod). Its own module: `examlab allowlist` (no site file) needs it without loading the site
 * policy compiler and its database modules (issue 14, start-up).
 */
export const DEFAULT_UPSTREAM_DNS = ["223.5.5.5", "119.29.29.29"];
