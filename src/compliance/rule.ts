import type { RuleMeta, Severity } from "./types";
import type { CheckContext } from "./context";

export interface I18n {
  zh: string;
  en: string;
}

/** What a rule's check returns for one failing target; the engine adds site, rule and section. */
export interface RawFinding {
  target: string;
  message: I18n;
  /** Defaults from the rule's level: min → error, rec → warning, attest → per `attestation`, info → info. */
  severity?: Severity;
  data?: Record<string, unknown>;
}

/**
 * A rule (cdk-nag style): metadata plus a pure check over the whole site. Rules never throw at
 * users; the engine reports a throwing rule as a finding of that rule.
 */
export interface Rule extends RuleMeta {
  check(ctx: CheckContext): RawFinding[];
}

/** A rule pack: the rules of one area of the manual (policies/rules/<area>.ts). */
export interface RulePack {
  name: string;
  rules: readonly Rule[];
}

/** Severity a rule's findings get unless the check says otherwise. */
export function defaultSeverity(rule: RuleMeta): Severity {
  switch (rule.level) {
    case "min":
      return "error";
    case "rec":
      return "warning";
    case "attest":
      return rule.attestation === "advisory" ? "warning" : "error";
    default:
      return "info";
  }
}

