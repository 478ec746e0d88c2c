import { z } from "zod";
import { IsoDate } from "./common";

/** A justified exception to a compliance rule (cdk-nag style): the reason is mandatory. */
export const Suppression = z.strictObject({
  rule: z.string().regex(/^[A-Z][A-Z0-9-]+$/, "expected a rule ID such as PC-RAM"),
  /** Limit to targets matching this prefix, for example rooms/201 or rooms/201/seats/17. */
  target: z.string().max(200).optional(),
  reason: z.string().trim().min(10, "expected a reason of at least 10 characters"),
  by: z.string().max(64).optional(),
  expires: IsoDate.optional(),
});
