import { guard } from "../escape";
import type { RenderInput } from "../model";

/**
 * Host rules for Huawei/H3C URL filters (router-targets.md (h), (i)): `*` at the start is a suffix
 * match, so a subtree entry becomes the exact name plus `*.name`; host text 4–255 characters
 * (shorter names cannot be expressed and are listed as skipped). Only LDH names reach here, so
 * none of the forbidden characters (space / \ # " ?) can occur.
 */
export function vendorHostRules(input: RenderInput, line: (host: string) => string): { hostLines: string[]; skipped: string[] } {
  const hostLines: string[] = [];
  const skipped: string[] = [];
  for (const g of input.policy.groups)
    for (const d of g.domains) {
      const name = guard.name(d.name);
      if (name.length < 4) { skipped.push(`#   ${name}`); continue; }
      hostLines.push(line(name));
      if (d.match === "subtree") hostLines.push(line(`*.${name}`));
    }
  return { hostLines, skipped };
}
