import { createColors } from "picocolors";
import type { Finding } from "../types";
import { groupKey, type CheckedSite, type Lang } from "./model";
import { CATALOGUES, fill } from "../../i18n/catalogue";

/**
 * Text for people: per site, findings grouped by room (site-wide ones first), suppressions
 * listed, then one summary line. Chinese first unless --lang en. Colour only on a TTY.
 */
const WORDS = { zh: CATALOGUES.zh.check, en: CATALOGUES.en.check };

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
    const line = fill(w.siteCounts, { ...c0, rules: result.rules.length });
    out.push(`  ${c0.error === 0 && c0.warning === 0 ? pc.green(`✔ ${w.ok}: `) : ""}${line}`, "");
  }
  const l = lang ?? checked[0]?.site.spec.language ?? "zh";
  const summary = fill(WORDS[l].totalCounts, { sites: checked.length, ...total });
  out.push(total.error ? pc.red(pc.bold(summary)) : total.warning ? pc.yellow(summary) : pc.green(summary));
  return out.join("\n") + "\n";
}
