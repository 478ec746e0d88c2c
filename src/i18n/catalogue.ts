import { zh } from "./zh";
import { en } from "./en";

/**
 * The message catalogue: one file per language (zh.ts defines the keys, en.ts must match them),
 * looked up with plain object reads so hot paths pay nothing beyond the string they print.
 */
export type Lang = "zh" | "en";
export const LANGS: readonly Lang[] = ["zh", "en"];

/** The shape every language file has: the sections and keys of zh.ts, every value a string. */
export type Catalogue = { [S in keyof typeof zh]: { [K in keyof (typeof zh)[S]]: string } };
export type Section = keyof Catalogue;
export type MessageKey<S extends Section> = keyof Catalogue[S] & string;
export type Vars = Readonly<Record<string, string | number>>;

export const CATALOGUES: Readonly<Record<Lang, Catalogue>> = { zh, en };

/** Text between placeholders and the placeholder names, alternating: "a {x} b" → ["a ", "x", " b"]. */
const PARTS = new Map<string, string[]>();

/**
 * Fills {name} placeholders; an unknown placeholder stays as written (a test catches it).
 * Each template is split once and kept (issue 14: a regex replace with a callback per call was
 * ~3 ms of every synthesized site; tests/perf/fast-paths.test.ts checks the result is the same).
 */
export function fill(template: string, vars?: Vars): string {
  if (!vars) return template;
  let parts = PARTS.get(template);
  if (!parts) PARTS.set(template, (parts = template.split(/\{(\w+)\}/)));
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    out += (name in vars ? String(vars[name]) : `{${name}}`) + parts[i + 1];
  }
  return out;
}

/** One message: msg("en", "cli", "wrote", { n: 3 }). */
export function msg<S extends Section>(lang: Lang, section: S, key: MessageKey<S>, vars?: Vars): string {
  return fill((CATALOGUES[lang][section] as Record<string, string>)[key], vars);
}

/** A translator bound to one language and section: t("roomLabel", { room: "201" }). */
export function translator<S extends Section>(lang: Lang, section: S): (key: MessageKey<S>, vars?: Vars) => string {
  // One function per language and section, so memos keyed by a translator hit (issue 14).
  const key = `${lang} ${section}`;
  let t = translators.get(key);
  if (!t) {
    const table = CATALOGUES[lang][section] as Record<string, string>;
    translators.set(key, (t = (k: string, vars?: Vars) => fill(table[k], vars)));
  }
  return t as (key: MessageKey<S>, vars?: Vars) => string;
}
const translators = new Map<string, (key: string, vars?: Vars) => string>();

/** `zh` or `en` from a user-supplied value; undefined when absent, null when invalid. */
export function parseLang(value: unknown): Lang | undefined | null {
  if (value === undefined) return undefined;
  return value === "zh" || value === "en" ? value : null;
}
