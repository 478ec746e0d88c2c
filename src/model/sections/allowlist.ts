import { z } from "zod";

/**
 * Allowlist sources for this site (manual §3.2, ROUTER-ALLOWLIST). Owned by the network-policy
 * feature (src/allowlist); extended there. New fields are optional (defaults applied in
 * src/allowlist/site-policy.ts) so `SiteSchema`'s default `{ sources: [], additions: [] }` stays valid.
 */
export const AllowlistSpec = z.strictObject({
  /** Files (text, CSV, XLSX) relative to the site file; defaults to the bundled example list. */
  sources: z.array(z.string()).default([]),
  /** Per-site additions: domains, URLs, addresses, CIDRs. */
  additions: z.array(z.string()).default([]),
  /** Resolvers the router forwards allowed names to (default 223.5.5.5, 119.29.29.29). */
  upstreamDns: z.array(z.string()).min(1).max(4).optional(),
  /** `always` (default), or `exam-hours`: enforced only in the schedule's daily window (§6.4). */
  enforcement: z.enum(["always", "exam-hours"]).optional(),
  /** Minutes before the first session and after the last one the exam-hours window adds (default 30). */
  marginMinutes: z.number().int().min(0).max(180).optional(),
  /** IPv6 for candidates: `filter` like IPv4, `block` (strip AAAA, refuse IPv6); `auto` = filter when network.block6 is set. */
  ipv6: z.enum(["auto", "filter", "block"]).optional(),
});
