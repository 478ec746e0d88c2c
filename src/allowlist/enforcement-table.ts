import { ENFORCEMENT_ASPECTS, type TargetEnforcement } from "./intent/types";
import type { RenderInput } from "./model";
import { ALL_TARGETS, describeEnforcement } from "./targets";

/**
 * The README's table of targets against what each enforces (issue 10), generated from the same
 * `Target.enforces` descriptions the report prints; tests/allowlist/enforcement.test.ts keeps the
 * README in step. Cells: ✔ enforced, ◐ partial, ✘ not enforced, – not applicable.
 */
const MARK = { enforced: "✔", partial: "◐", "not-enforced": "✘", "not-applicable": "–" } as const;
const HEAD = ["allowlist", "DNS only", "DoT/QUIC", "IPv6", "seat isolation", "management lockdown", "exam window", "rebinding", "minimum version"];

export function enforcementTableMarkdown(input: RenderInput): string {
  const rows = Object.keys(ALL_TARGETS).map((id) => {
    const e: TargetEnforcement | undefined = describeEnforcement(id, input);
    if (!e) return `| \`${id}\` | ${HEAD.map(() => "?").join(" | ")} |`;
    return `| \`${id}\` | ${ENFORCEMENT_ASPECTS.map((a) => MARK[e[a].support]).join(" | ")} | ${e.minOsVersion.en.replace(/\|/g, "/")} |`;
  });
  return [`| target | ${HEAD.join(" | ")} |`, `|---|${HEAD.map(() => "---").join("|")}|`, ...rows].join("\n");
}
