import { createColors } from "picocolors";
import type { Finding } from "../types";
import { ruleById } from "../engine";
import { groupKey, type CheckedSite, type Lang } from "./model";
import { CATALOGUES, fill } from "../../i18n/catalogue";

/**
 * Text for people. The overall summary comes first, then per site its summary line and the
 * findings grouped by room (site-wide ones first), each followed by its fix (处理办法) as the HTML
 * report shows it. The same finding on several seats of a room is one line with seat ranges
 * (座位 1–14, 17) instead of one line per seat. Suppressions are listed last. Chinese first unless
 * --lang en. Colour only on a TTY. Cheap: no Intl objects, one regex per seat finding.
 */
const WORDS = { zh: CATALOGUES.zh.check, en: CATALOGUES.en.check };

/** Seat label at the start of a per-machine message (context.ts builds it), in either language. */
const SEAT_LABEL = { zh: /^(?:考场|机房) \S+ 座位 \d+(?:（[^）]*）)?[的：:]?\s*/, en: /^room \S+ seat \d+(?: \([^)]*\))?:?\s*/ };
const SEAT_TARGET = /^rooms\/([^/]+)\/seats\/(\d+)$/;
/** Spares outside the grid group the same way: "备用机 1–2：…" (labels from src/compliance/context.ts). */
const SPARE_LABEL = { zh: /^(?:考场|机房) \S+ 备用机 \d+(?:（[^）]*）)?[的：:]?\s*/, en: /^room \S+ spare machine \d+(?: \([^)]*\))?:?\s*/ };
const SPARE_TARGET = /^rooms\/([^/]+)\/spares\/(\d+)$/;

/** One printed line: a finding, or the same finding on several seats of a room. */
interface Line {
  f: Finding;
  seats: number[];
  /** The numbers are spare machines outside the grid, not seats. */
  spares: boolean;
  /** The message without the seat label (used when seats.length > 1). */
  rest: string;
}

function groupLines(fs: readonly Finding[], l: Lang): Line[] {
  const lines: Line[] = [];
  const byKey = new Map<string, Line>();
  for (const f of fs) {
    const seat = SEAT_TARGET.exec(f.target);
    const m = seat ?? SPARE_TARGET.exec(f.target);
    const spares = !seat && m !== null;
    const msg = f.message[l];
    const label = m ? (spares ? SPARE_LABEL : SEAT_LABEL)[l].exec(msg) : null;
    if (!m || !label) {
      lines.push({ f, seats: [], spares: false, rest: msg });
      continue;
    }
    const rest = msg.slice(label[0].length);
    const key = `${f.rule}\u0000${f.severity}\u0000${m[1]}\u0000${spares ? "spare" : "seat"}\u0000${rest}\u0000${f.expiredSuppression ? "x" : ""}`;
    const seen = byKey.get(key);
    if (seen) seen.seats.push(Number(m[2]));
    else {
      const line = { f, seats: [Number(m[2])], spares, rest };
      byKey.set(key, line);
      lines.push(line);
    }
  }
  return lines;
}

/** 1–14, 17, 20–21 (en dash between the ends of a run). */
export function seatRangeText(seats: readonly number[]): string {
  const s = [...seats].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    out.push(j > i ? `${s[i]}–${s[j]}` : String(s[i]));
    i = j;
  }
  return out.join(", ");
}

export function formatText(checked: readonly CheckedSite[], lang: Lang | undefined, color: boolean): string {
  const pc = createColors(color);
  const body: string[] = [];
  const total = { error: 0, warning: 0, info: 0, suppressed: 0 };
  for (const c of checked) {
    const l = lang ?? c.site.spec.language;
    const w = WORDS[l];
    const { result } = c;
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += result.counts[k];
    const c0 = result.counts;
    body.push(pc.bold(`${w.site} ${result.site} — ${c.site.spec.name} (${c.site.file})`));
    const line = fill(w.siteCounts, { ...c0, rules: result.rules.length });
    body.push(`  ${c0.error === 0 && c0.warning === 0 ? pc.green(`✔ ${w.ok}: `) : ""}${line}`);
    const groups = new Map<string, Finding[]>();
    for (const f of result.findings) {
      if (f.suppressed) continue;
      const k = groupKey(f.target);
      let g = groups.get(k);
      if (!g) groups.set(k, (g = []));
      g.push(f);
    }
    const order = ["site", ...c.site.spec.rooms.map((r) => `room:${r.id}`)];
    for (const k of order) {
      const fs = groups.get(k);
      if (!fs) continue;
      const roomId = k.slice(5);
      body.push(`  ${pc.underline(k === "site" ? w.siteWide : `${w.room} ${roomId}`)}`);
      for (const { f, seats, spares, rest } of groupLines(fs, l)) {
        const tag = f.severity === "error" ? pc.red(`✖ ${w.error}`) : f.severity === "warning" ? pc.yellow(`▲ ${w.warning}`) : pc.cyan(`● ${w.info}`);
        let text: string;
        if (seats.length > 1) text = `${tag} ${pc.bold(f.rule)} ${pc.dim(fill(spares ? w.spareRange : w.seatRange, { seats: seatRangeText(seats) }))}: ${rest} ${pc.dim(`(${f.section})`)}`;
        else {
          const target = f.target === "site" || f.target === `rooms/${roomId}` ? "" : ` ${pc.dim(f.target)}`;
          text = `${tag} ${pc.bold(f.rule)}${target}: ${f.message[l]} ${pc.dim(`(${f.section})`)}`;
        }
        body.push(`    ${text}`);
        const fix = ruleById(f.rule)?.fix[l];
        if (fix) body.push(`      ${pc.dim(fill(w.fixLine, { fix }))}`);
        if (f.expiredSuppression) body.push(`      ${pc.dim(`${fill(w.expiredOn, { date: f.expiredSuppression.expires, reason: f.expiredSuppression.reason })}`)}`);
      }
    }
    const sups = result.suppressions ?? [];
    if (sups.length) {
      body.push(`  ${pc.underline(w.suppressions)}`);
      for (const s of sups) body.push(`    ${s.status === "active" ? pc.dim("○") : pc.yellow("!")} ${s.note[l]}${s.by ? ` — ${s.by}` : ""}`);
    }
    body.push("");
  }
  const l = lang ?? checked[0]?.site.spec.language ?? "zh";
  const summary = fill(WORDS[l].totalCounts, { sites: checked.length, ...total });
  const head = total.error ? pc.red(pc.bold(summary)) : total.warning ? pc.yellow(summary) : pc.green(summary);
  return [head, "", ...body].join("\n").replace(/\n+$/, "") + "\n";
}
