import type { ArtifactProducer } from "./artifacts";
import { ipPlanProducer } from "../ipplan/artifacts";
import { complianceProducer } from "../compliance/producer";
import { databasesProducer } from "../databases/artifacts";
import { windowsProducer } from "../windows/producer";
import { reportProducer } from "../report/producer";
import { allowlistProducer } from "../allowlist/producer";

/**
 * Every feature that writes files for a site, in output order. `examlab export` and the cdktf
 * stack output both run this one table, so the two always carry the same files.
 */
export const PRODUCERS: readonly ArtifactProducer[] = [
  ipPlanProducer,
  complianceProducer,
  databasesProducer,
  allowlistProducer,
  windowsProducer,
  // last: the report summarises the files the producers above wrote (ctx.produced)
  reportProducer,
];
