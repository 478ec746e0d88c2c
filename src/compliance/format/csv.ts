import { toCsv } from "../../util/csv";
import type { CheckedSite, Lang } from "./model";

/**
 * The per-site compliance report as CSV for spreadsheets (cdk-nag style: one row per finding and
 * one "compliant" row per rule without findings). Bilingual header, Chinese first.
 */
export const REPORT_CSV_HEADER = ["规则 Rule", "结果 Compliance", "级别 Level", "目标 Target", "说明 Message", "手册章节 Section", "豁免理由 Suppression reason", "豁免到期 Expires"];

const STATUS = {
  zh: { error: "不符合（错误）", warning: "不符合（警告）", info: "提示", suppressed: "已豁免", pass: "符合" },
  en: { error: "non-compliant (error)", warning: "non-compliant (warning)", info: "info", suppressed: "suppressed", pass: "compliant" },
};

export function formatReportCsv(c: CheckedSite, lang: Lang): string {
  const rows: unknown[][] = [];
  const withFindings = new Set(c.result.findings.map((f) => f.rule));
  for (const r of c.result.rules) {
    const fs = c.result.findings.filter((f) => f.rule === r.id);
    if (!withFindings.has(r.id)) rows.push([r.id, STATUS[lang].pass, r.level, "", r.title[lang], r.section, "", ""]);
    for (const f of fs)
      rows.push([f.rule, f.suppressed ? STATUS[lang].suppressed : STATUS[lang][f.severity], f.severity, f.target, f.message[lang], f.section, f.suppressed?.reason ?? "", f.suppressed?.expires ?? ""]);
  }
  return toCsv(REPORT_CSV_HEADER, rows);
}
