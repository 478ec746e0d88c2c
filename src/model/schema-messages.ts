import { CATALOGUES } from "../i18n/catalogue";

/**
 * The zod schema's own messages ("expected a date as YYYY-MM-DD") are written in English next to
 * the fields; their Chinese lives in the catalogue's `schema` section under the same key. This
 * maps an English message to both languages (built once; a plain Map lookup per problem).
 */
const BY_ENGLISH = new Map<string, string>();
for (const [key, en] of Object.entries(CATALOGUES.en.schema)) BY_ENGLISH.set(en, key);

export function translateSchemaMessage(en: string): { message: string; zh: string } | undefined {
  const key = BY_ENGLISH.get(en);
  if (key === undefined) return undefined;
  return { message: en, zh: (CATALOGUES.zh.schema as Record<string, string>)[key] };
}
