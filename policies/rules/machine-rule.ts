import type { MachineUnit } from "../../src/compliance/context";
import type { RawFinding, Rule } from "../../src/compliance/rule";
import type { RuleMeta } from "../../src/compliance/types";
import { pushAll } from "../../src/util/arrays";

/**
 * A per-machine rule: runs once per measured machine of the inventory (target
 * rooms/<id>/seats/<n>, one finding per failing machine) or, for a room without measurements,
 * once on the room's declared machineProfile (target rooms/<id>).
 */
export function machineRule(meta: RuleMeta, check: (unit: MachineUnit) => RawFinding[], applies?: (unit: MachineUnit) => boolean): Rule {
  return {
    ...meta,
    check(ctx) {
      const out: RawFinding[] = [];
      for (const u of ctx.machineUnits()) if (!applies || applies(u)) pushAll(out, check(u));
      return out;
    },
  };
}
