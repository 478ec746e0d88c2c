import type { Level } from "../model/sections/common";

/**
 * Compliance vocabulary (modelled on cdk-nag): a rule is metadata plus a pure check; a finding
 * is one failing (or suppressed) target. Shared by `examlab check`, the cdktf aspect and reports.
 */
export type RuleLevel = "min" | "rec" | "attest" | "info";
export type Severity = "error" | "warning" | "info";

export interface RuleMeta {
  /** Canonical ID from the requirements digest: ROOM-SPACING, CAM-COVERAGE, TOOL-PYTHON, ... */
  id: string;
  level: RuleLevel;
  /** Manual section cited in reports, e.g. "§3.1". */
  section: string;
  title: { zh: string; en: string };
  /** Why the rule exists, one or two sentences. */
  explanation: { zh: string; en: string };
  /** One-sentence fix shown in reports. */
  fix: { zh: string; en: string };
  /** Exam levels the rule applies to (all when omitted). */
  levels?: readonly Level[];
  /** For "attest" rules: a hard rule (missing/false = error) or advisory (warning). Default hard. */
  attestation?: "hard" | "advisory";
  /** The rule also has a recommended threshold (digest "min/rec"): below it is a warning. */
  recommended?: boolean;
  /** What is checked, one line, for the generated rule table (docs/rules.md). */
  checks?: { zh: string; en: string };
  /** Rule pack (policies/rules/<pack>.ts) the rule belongs to. */
  pack?: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  site: string;
  /** Where: "site", "router", "nvr", "rooms/201", "rooms/201/seats/17", "rooms/201/cameras/front". */
  target: string;
  message: { zh: string; en: string };
  section: string;
  /** Numbers behind a computed check (storage sizing, coverage), for reports. */
  data?: Record<string, unknown>;
  /** Set when a suppression on the site applies; suppressed findings never fail a check. */
  suppressed?: { reason: string; by?: string; expires?: string };
  /** Set when a suppression matched this finding but had expired (so it no longer applies). */
  expiredSuppression?: { reason: string; by?: string; expires: string };
}

/** Every suppression on the site and what became of it (listed in every report). */
export interface SuppressionStatus {
  rule: string;
  target?: string;
  reason: string;
  by?: string;
  expires?: string;
  status: "active" | "expired" | "unmatched" | "unknown-rule";
  /** Findings it suppressed (active) or would have suppressed (expired). */
  matched: number;
  note: { zh: string; en: string };
}

export interface CheckResult {
  site: string;
  findings: Finding[];
  /** Rules evaluated (for JUnit/SARIF and "passed" listings). */
  rules: RuleMeta[];
  /** Suppressions that matched nothing or expired, with a note. */
  suppressionNotes: string[];
  /** Every suppression with its status, bilingual (reports list them all). */
  suppressions?: SuppressionStatus[];
  counts: { error: number; warning: number; info: number; suppressed: number; attestationsMissing: number };
}
