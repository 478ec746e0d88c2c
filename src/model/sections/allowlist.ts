import { z } from "zod";

/**
 * Allowlist sources for this site (manual §3.2, ROUTER-ALLOWLIST). Owned by the network-policy
 * feature (src/allowlist); extended there.
 */
export const AllowlistSpec = z.strictObject({
  /** Files (text, CSV, XLSX) relative to the site file; defaults to the bundled example list. */
  sources: z.array(z.string()).default([]),
  /** Per-site additions: domains, URLs, addresses, CIDRs. */
  additions: z.array(z.string()).default([]),
});
