import { CATALOGUES, fill, type Lang, type MessageKey } from "../i18n/catalogue";
import type { InputProblem } from "../model/errors";
import type { PolicyWarning, SourceRef } from "./model";

/**
 * A message of the allowlist reader in both languages, from the catalogue's `allowlist` section.
 * Readers build it once when something is wrong (never on the path of a valid entry) and callers
 * pick the language when they print: an allowlist is read before anyone knows who will read the
 * problem (`allowlist` has no site; `check`/`export` take the site's language).
 */
export interface Said {
  en: string;
  zh: string;
}

export type AllowlistKey = MessageKey<"allowlist">;
/** A placeholder's value: plain text (an entry, a number) or a phrase of its own in both languages. */
export type Arg = string | number | Said;

const CJK_EDGE = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;

/** The message `key` with `vars` filled in, in both languages. */
export function said(key: AllowlistKey, vars?: Readonly<Record<string, Arg>>): Said {
  return { en: render("en", key, vars), zh: render("zh", key, vars) };
}

function render(lang: Lang, key: AllowlistKey, vars?: Readonly<Record<string, Arg>>): string {
  const template = (CATALOGUES[lang].allowlist as Record<string, string>)[key];
  if (!vars) return template;
  const flat: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(vars)) flat[k] = typeof v === "object" ? v[lang] : v;
  if (lang === "en") return fill(template, flat);
  // Chinese templates put a space around every placeholder (Latin text needs it); a nested
  // Chinese phrase that begins or ends with a Chinese character must not keep it (“含有零宽字符”).
  return template.replace(/( ?)\{(\w+)\}( ?)/g, (m, before: string, name: string, after: string, at: number, whole: string) => {
    if (!(name in flat)) return m;
    const value = String(flat[name]);
    const nested = typeof vars[name] === "object";
    const dropBefore = nested && before && CJK_EDGE.test(whole[at - 1] ?? "") && CJK_EDGE.test(value[0] ?? "");
    const dropAfter = nested && after && CJK_EDGE.test(whole[at + m.length] ?? "") && CJK_EDGE.test(value[value.length - 1] ?? "");
    return `${dropBefore ? "" : before}${value}${dropAfter ? "" : after}`;
  });
}

/** An input problem at an allowlist source (file:line), in both languages. */
export function problemAt(source: SourceRef, s: Said, path = ""): InputProblem {
  return { file: source.file, ...(source.line !== undefined ? { line: source.line } : {}), path, message: s.en, zh: s.zh };
}

/** Text of a `Said` in one language. */
export function inLang(s: Said, lang: Lang): string {
  return s[lang];
}

/** A warning about an allowlist source or policy, in both languages. */
export function warningOf(code: PolicyWarning["code"], source: string | undefined, s: Said): PolicyWarning {
  return { code, ...(source !== undefined ? { source } : {}), message: s.en, zh: s.zh };
}
