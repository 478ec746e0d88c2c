import { closest, distance } from "fastest-levenshtein";
import type { z } from "zod";
import { msg } from "../i18n/catalogue";
import type { InputProblem } from "./errors";

/**
 * Help for the mistakes site authors actually make: a typo in a field name or an enum value
 * ("did you mean"), a full-width colon typed with a Chinese input method, tabs for indentation
 * (one message instead of the parser's cascade), and numbers written with their unit ("1.1m").
 */

/** The closest allowed word, when it is close enough to be a likely typo (or differs only in case/separators). */
export function suggest(word: string, allowed: readonly string[]): string | undefined {
  if (!word || allowed.length === 0) return undefined;
  const norm = (s: string) => s.toLowerCase().replace(/[-_\s]/g, "");
  const same = allowed.find((a) => norm(a) === norm(word));
  if (same !== undefined) return same;
  // An abbreviation of exactly one allowed word ("warn" for "warning").
  const prefixed = word.length >= 3 ? allowed.filter((a) => norm(a).startsWith(norm(word))) : [];
  if (prefixed.length === 1) return prefixed[0];
  const best = closest(word, allowed as string[]);
  // Short words allow one edit; longer ones a third of their length (at least two: a swapped pair).
  const len = Math.max(word.length, best.length);
  const limit = len <= 3 ? 1 : Math.max(2, Math.floor(len / 3));
  return distance(word.toLowerCase(), best.toLowerCase()) <= limit ? best : undefined;
}

type AnySchema = { _zod: { def: Record<string, unknown> & { type: string } } };

function unwrap(s: AnySchema): AnySchema {
  for (let guard = 0; guard < 20; guard++) {
    const d = s._zod.def;
    if (d.innerType && ["optional", "default", "nullable", "prefault", "readonly", "catch", "nonoptional"].includes(d.type)) s = d.innerType as AnySchema;
    else if (d.type === "pipe") s = d.in as AnySchema;
    else break;
  }
  return s;
}

/** The field names allowed at a path of a zod object schema (empty when the path is not an object). */
export function allowedKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s = unwrap(schema as unknown as AnySchema);
  for (const seg of path) {
    const d = s._zod.def;
    if (d.type === "array") s = d.element as AnySchema;
    else if (d.type === "object") {
      const next = (d.shape as Record<string, AnySchema>)[String(seg)];
      if (!next) return [];
      s = next;
    } else if (d.type === "record") s = d.valueType as AnySchema;
    else return [];
    s = unwrap(s);
  }
  return s._zod.def.type === "object" ? Object.keys(s._zod.def.shape as object) : [];
}

const NUMBER_WITH_UNIT = /^\s*([+-]?\d+(?:\.\d+)?)\s*([A-Za-z°%\u3400-\u9fff][A-Za-z°%/\u3400-\u9fff]*)\s*$/;
const NUMBER_QUOTED = /^\s*[+-]?\d+(?:\.\d+)?\s*$/;

/** For a string where a number was expected: the number to write instead ("1.1m" → "1.1"), else undefined. */
export function numberInString(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  if (NUMBER_QUOTED.test(value)) return value.trim();
  const m = NUMBER_WITH_UNIT.exec(value);
  return m ? m[1] : undefined;
}

const FULL_WIDTH_KEY = /^\s*(?:-\s+)?([A-Za-z_$][\w$.-]*)\s*：/;
const TAB_INDENT = /^[ ]*\t/;

/**
 * Problems visible in the raw text: full-width colons after a key (one per line) and tab
 * indentation (one problem naming every line). Empty when the text has neither.
 */
export function sourceHints(file: string, source: string): InputProblem[] {
  const out: InputProblem[] = [];
  const tabs: number[] = [];
  const lines = source.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (TAB_INDENT.test(line)) tabs.push(i + 1);
    const m = FULL_WIDTH_KEY.exec(line);
    if (m) out.push({ file, line: i + 1, path: "", message: msg("en", "input", "fullWidthColon", { key: m[1] }), zh: msg("zh", "input", "fullWidthColon", { key: m[1] }) });
  });
  if (tabs.length) {
    const shown = tabs.length > 8 ? `${tabs.slice(0, 8).join(", ")}, …` : tabs.join(", ");
    out.unshift({ file, line: tabs[0], path: "", message: msg("en", "input", "tabIndent", { lines: shown }), zh: msg("zh", "input", "tabIndent", { lines: shown }) });
  }
  return out;
}
