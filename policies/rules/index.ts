import type { RulePack } from "../../src/compliance/rule";
import { sitePack } from "./site";
import { roomPack } from "./room";
import { videoPack } from "./video";
import { routerPack } from "./router";
import { machinePack } from "./machine";
import { toolsPack } from "./tools";
import { labServerPack } from "./lab-server";
import { offlinePack } from "./offline";

/**
 * Every rule pack, in report order (the digest's §2–§7). The one table `examlab check`, the
 * cdktf aspect and docs/rules.md read; add a pack here and everything picks it up.
 */
export const RULE_PACKS: readonly RulePack[] = [sitePack, roomPack, videoPack, routerPack, machinePack, toolsPack, labServerPack, offlinePack];
