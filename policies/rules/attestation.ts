import type { CheckContext } from "../../src/compliance/context";
import type { Rule } from "../../src/compliance/rule";
import type { RuleMeta } from "../../src/compliance/types";
import { fail } from "../../src/compliance/helpers";

/**
 * Requirements software cannot measure (digest level "attest"): the site declares them under
 * `attestations.<RULE-ID>` with value, by and date. Missing or false fails the rule (error for
 * hard rules, warning for advisory ones).
 */
export function attestationRule(meta: Omit<RuleMeta, "level" | "fix"> & { fix?: RuleMeta["fix"]; level?: "attest" | "rec" }): Rule {
  const full: RuleMeta = {
    ...meta,
    level: meta.level ?? "attest",
    attestation: meta.attestation ?? (meta.level === "rec" ? "advisory" : "hard"),
    fix: meta.fix ?? {
      zh: `在考点描述的 attestations.${meta.id} 中声明 value: true、确认人 by 与日期 date`,
      en: `declare attestations.${meta.id} with value: true, by (who confirmed) and date in the site file`,
    },
  };
  return {
    ...full,
    check(ctx: CheckContext) {
      const a = ctx.attestation(meta.id);
      if (!a)
        return [
          fail(
            "site",
            `未声明「${meta.title.zh}」（attestations.${meta.id}）`,
            `no attestation for "${meta.title.en}" (attestations.${meta.id})`,
            { attested: false },
          ),
        ];
      if (!a.value)
        return [
          fail(
            "site",
            `「${meta.title.zh}」被声明为不满足（${a.by}，${a.date}）`,
            `"${meta.title.en}" is declared as not met (by ${a.by} on ${a.date})`,
            { attested: false, by: a.by, date: a.date },
          ),
        ];
      return [];
    },
  };
}
