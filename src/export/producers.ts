import type { ArtifactProducer } from "./artifacts";
import { ipPlanProducer } from "../ipplan/artifacts";
import { databasesProducer } from "../databases/artifacts";

/**
 * Every feature that writes files for a site, in output order. `examlab export` and the cdktf
 * stack output both run this one table, so the two always carry the same files.
 */
export const PRODUCERS: readonly ArtifactProducer[] = [
  ipPlanProducer,
  databasesProducer,
];
