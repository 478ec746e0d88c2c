import { createColors } from "picocolors";
import type { Finding } from "../types";
import { groupKey, type CheckedSite, type Lang } from "./model";

/**
 * Text for people: per site, findings grouped by room (site-wide ones first), suppressions
 * listed, then one summary line. Chinese first unless --lang en. Colour only on a TTY.
 */
const WORDS = {
  zh: { site: "考点", room: "机房", siteWide: "考点整体（人员、路由器、录像）", error: "错误", warning: "警告", info: "提示", suppressed: "已豁免", expired: "豁免已过期", ok: "全部检查通过", reason: "理由", suppressions: "豁免", rules: "条规则", sites: "个考点" },
  en: { site: "site", room: "room", siteWide: "site-wide (staff, router, video)", error: "error", warning: "warning", info: "info", suppressed: "suppressed", expired: "suppression expired", ok: "all checks passed", reason: "reason", suppressions: "suppressions", rules: "rules", sites: "site(s)" },
};

export function formatText(checked: readonly CheckedSite[], lang: Lang | undefined, color: boolean): string {
  const pc = createColors(color);
  const out: string[] = [];
  const total = { error: 0, warning: 0, info: 0, suppressed: 0 };
  for (const c of checked) {
    const l = lang ?? c.site.spec.language;
    const w = WORDS[l];
    const { result } = c;
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += result.counts[k];
    out.push(pc.bold(`${w.site} ${result.site} — ${c.site.spec.name} (${c.site.file})`));
    const groups = new Map<string, Finding[]>();
    for (const f of result.findings) {
      if (f.suppressed) continue;
      const k = groupKey(f.target);
      groups.set(k, [...(groups.get(k) ?? []), f]);
    }
    const order = ["site", ...c.site.rooms.map((r) => `room:${r.spec.id}`)];
    for (const k of order) {
      const fs = groups.get(k);
      if (!fs) continue;
      out.push(`  ${pc.underline(k === "site" ? w.siteWide : `${w.room} ${k.slice(5)}`)}`);
      for (const f of fs) {
        const tag = f.severity === "error" ? pc.red(`✖ ${w.error}`) : f.severity === "warning" ? pc.yellow(`▲ ${w.warning}`) : pc.cyan(`● ${w.info}`);
        const target = f.target === "site" || f.target === `rooms/${k.slice(5)}` ? "" : ` ${pc.dim(f.target)}`;
        out.push(`    ${tag} ${pc.bold(f.rule)}${target}: ${f.message[l]} ${pc.dim(`(${f.section})`)}`);
        if (f.expiredSuppression) out.push(`      ${pc.dim(`${w.expired} ${f.expiredSuppression.expires}: ${f.expiredSuppression.reason}`)}`);
      }
    }
    const sups = result.suppressions ?? [];
    if (sups.length) {
      out.push(`  ${pc.underline(w.suppressions)}`);
      for (const s of sups) out.push(`    ${s.status === "active" ? pc.dim("○") : pc.yellow("!")} ${s.note[l]}${s.by ? ` — ${s.by}` : ""}`);
    }
    const c0 = result.counts;
    const line = l === "zh" ? `${c0.error} 个错误，${c0.warning} 个警告，${c0.info} 条提示，${c0.suppressed} 条已豁免（${result.rules.length} ${w.rules}）` : `${c0.error} error(s), ${c0.warning} warning(s), ${c0.info} info, ${c0.suppressed} suppressed (${result.rules.length} ${w.rules})`;
    out.push(`  ${c0.error === 0 && c0.warning === 0 ? pc.green(`✔ ${w.ok}: `) : ""}${line}`, "");
  }
  const l = lang ?? checked[0]?.site.spec.language ?? "zh";
  const summary =
    l === "zh"
      ? `共 ${checked.length} 个考点：${total.error} 个错误，${total.warning} 个警告，${total.info} 条提示，${total.suppressed} 条已豁免`
      : `${checked.length} site(s): ${total.error} error(s), ${total.warning} warning(s), ${total.info} info, ${total.suppressed} suppressed`;
  out.push(total.error ? pc.red(pc.bold(summary)) : total.warning ? pc.yellow(summary) : pc.green(summary));
  return out.join("\n") + "\n";
}
