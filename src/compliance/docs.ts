import { ALL_RULES } from "./engine";
import type { RuleMeta } from "./types";

/** docs/rules.md: the generated rule table (a test checks the committed file is current). */
function levelText(r: RuleMeta): string {
  if (r.level === "attest") return r.attestation === "advisory" ? "attest (warning)" : "attest (error)";
  if (r.level === "rec" && r.attestation) return "rec, attest (warning)";
  if (r.level === "min" && r.recommended) return "min/rec";
  return r.level;
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

export function rulesMarkdown(): string {
  const lines = [
    "# Compliance rules (合规规则)",
    "",
    "Generated from `policies/rules/` — do not edit; run `EXAMLAB_UPDATE_GENERATED=1 npx vitest run tests/compliance/generated.test.ts`.",
    "",
    "Levels: **min** below the manual's minimum is an error; **rec** below the recommendation is a warning; **min/rec** both;",
    "**attest** a declaration under `attestations.<ID>` (missing or false: error, or warning for advisory ones); **info** a note.",
    "A fact that is needed but not declared is always a warning (“not declared”), never a pass.",
    "",
    "| ID | level | exam levels | what is checked | manual |",
    "|---|---|---|---|---|",
  ];
  for (const r of ALL_RULES)
    lines.push(`| \`${r.id}\` | ${levelText(r)} | ${r.levels ? r.levels.join(", ") : "all"} | ${cell(r.title.en)}: ${cell(r.checks?.en ?? r.explanation.en)} (${cell(r.title.zh)}) | ${r.section} |`);
  lines.push("", `${ALL_RULES.length} rules.`, "");
  return lines.join("\n");
}
