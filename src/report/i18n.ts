/**
 * Report wording, Chinese first. The strings live in the message catalogue (src/i18n/zh.ts and
 * en.ts, section `report`); this module keeps the report's short names for them.
 */
import { CATALOGUES, translator as sectionTranslator, type Lang, type MessageKey, type Vars } from "../i18n/catalogue";

export type { Lang } from "../i18n/catalogue";
export type StringKey = MessageKey<"report">;

/** A translator for one language: t("roomLabel", { room: "201" }). Placeholders are {name}. */
export function translator(lang: Lang): (key: StringKey, vars?: Vars) => string {
  return sectionTranslator(lang, "report");
}

export type Translate = ReturnType<typeof translator>;

/** Every string key, for the test that both languages are complete. */
export function stringKeys(): StringKey[] {
  return Object.keys(CATALOGUES.zh.report) as StringKey[];
}

/**
 * Every report string of a translator, filled without placeholders: built once per language and
 * frozen (the report and each printable used to build the whole table again; issue 14).
 */
export function stringTable(t: Translate): Readonly<Record<StringKey, string>> {
  let table = tables.get(t);
  if (!table) tables.set(t, (table = Object.freeze(Object.fromEntries(stringKeys().map((k) => [k, t(k)])) as Record<StringKey, string>)));
  return table;
}
const tables = new WeakMap<Translate, Readonly<Record<StringKey, string>>>();
