/**
 * Style rules of the Chinese catalogue, checked by tests over every Chinese string examlab prints
 * (message catalogue, field descriptions, rule texts, finding messages):
 * - a space between Chinese and Latin letters or digits (“考场 201”, not “考场201”);
 * - 考场 for an exam room (never 机房), 带宽 for bandwidth (never 宽带, which is the broadband service);
 * - full-width punctuation next to Chinese (“，” “：” “（”), not ASCII “,” “:” “(”.
 * Placeholders ({room}) count as Latin text, so a template must have the spaces too.
 */
const CJK = "\\u3400-\\u4dbf\\u4e00-\\u9fff";
const RULES: readonly [RegExp, string][] = [
  [new RegExp(`[${CJK}][A-Za-z0-9{]`), "no space between Chinese and Latin text or digits"],
  [new RegExp(`[A-Za-z0-9}][${CJK}]`), "no space between Latin text or digits and Chinese"],
  [/机房/, "use 考场 for an exam room, not 机房"],
  [/宽带/, "use 带宽 for bandwidth (宽带 is the broadband service)"],
  [new RegExp(`[${CJK}][,;:!?()]`), "ASCII punctuation after Chinese; use the full-width form"],
  [new RegExp(`[,;:!?(][${CJK}]`), "ASCII punctuation before Chinese; use the full-width form"],
];

/** Problems of one Chinese string, each with the offending excerpt. */
export function lintZh(text: string): string[] {
  const out: string[] = [];
  for (const [re, why] of RULES) {
    const m = re.exec(text);
    if (m) out.push(`${why}: “…${text.slice(Math.max(0, m.index - 6), m.index + 8)}…”`);
  }
  return out;
}

/** The {placeholders} of a template, sorted (both languages of a message must use the same). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}
