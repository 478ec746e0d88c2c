import { z } from "zod";

/**
 * Containerised database services for intermediate/advanced rooms (manual §3.3).
 * Owned by the databases feature (src/databases); extended there.
 */
export const Databases = z.strictObject({
  enabled: z.boolean().default(true),
  mode: z.enum(["per-seat", "shared"]).default("per-seat"),
});
