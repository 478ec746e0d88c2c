import * as fs from "node:fs";
import * as path from "node:path";
import * as jsYaml from "js-yaml";
import type { Document, LineCounter } from "yaml";
import type { z } from "zod";
import { formatPath, InputError, type InputProblem } from "./errors";
import { compactEvents, lineIndex, type CompactEvents } from "./line-index";
import { msg, type MessageKey, type Vars } from "../i18n/catalogue";
import { allowedKeysAt, numberInString, sourceHints, suggest } from "./hints";
import { translateSchemaMessage } from "./schema-messages";

/** Finds the 1-based line of a field path in a parsed document (undefined for non-YAML sources). */
export type LineOf = (path: readonly PropertyKey[]) => number | undefined;

export interface Parsed {
  file: string;
  data: unknown;
  lineOf: LineOf;
  /** The raw text, for hints a parse tree cannot give (full-width colons); absent for TS modules. */
  source?: string;
}

/** A problem in both languages from one catalogue entry. */
function both(key: MessageKey<"input">, vars?: Vars): { message: string; zh: string } {
  return { message: msg("en", "input", key, vars), zh: msg("zh", "input", key, vars) };
}

/**
 * Parses a YAML or JSON file (JSON is YAML 1.2, so errors carry lines too).
 *
 * Fast path: js-yaml with the YAML 1.2 core schema reads valid files about ten times faster than
 * the `yaml` package; the `yaml` document with its line counter — needed only to point at lines —
 * is built lazily, on the first problem. Files js-yaml rejects, or that use many aliases (alias
 * bombs), go through `yaml`, whose messages and alias limit are the reference.
 */
export function parseDataFile(file: string, text?: string): Parsed {
  let source: string;
  try {
    source = text ?? fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError([{ file, path: "", ...both("cannotRead", { code: (e as NodeJS.ErrnoException).code ?? "error" }) }]);
  }
  if ((source.match(/\*[^\s,\]}]/g)?.length ?? 0) <= MAX_FAST_ALIASES) {
    let data: unknown;
    let compact: CompactEvents | null | undefined;
    try {
      // js-yaml's load, in its two steps (parse events, build data), so that the line index is
      // made from the same events instead of a second parse (issue 14). Like load, anything but
      // exactly one document goes to the reference parser.
      const events = jsYaml.parseEvents(source, { filename: file });
      const documents = jsYaml.constructFromEvents(events, { schema: jsYaml.CORE_SCHEMA, filename: file, source });
      if (documents.length === 1) {
        data = documents[0];
        try {
          compact = compactEvents(source, events) ?? null;
        } catch {
          compact = null; // as the lazy index did: no lines rather than a failure
        }
      }
    } catch {
      // fall through to the reference parser for a precise message
    }
    if (compact !== undefined) return { file, data, source, lineOf: lineIndex(source, compact) };
  }
  return fullParse(file, source);
}

const MAX_FAST_ALIASES = 50;

/** The `yaml` package, loaded on first use: valid files never need it (start-up time). */
const yamlLib = (): typeof import("yaml") => require("yaml") as typeof import("yaml");

/** The `yaml` document's line finder (the reference that src/model/line-index.ts must agree with). */
export function yamlLineOf(file: string, source: string): LineOf {
  return fullParse(file, source).lineOf;
}

function fullParse(file: string, source: string): Parsed {
  const { LineCounter, parseDocument } = yamlLib();
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    // Tabs and full-width colons make the parser report a cascade of follow-on errors; name the cause once instead.
    const hints = sourceHints(file, source);
    if (hints.length) throw new InputError(hints);
    const kind = path.extname(file) === ".json" ? "invalidJson" : "invalidYaml";
    throw new InputError(
      doc.errors.map((e) => ({
        file,
        line: e.pos ? lineCounter.linePos(e.pos[0]).line : undefined,
        path: "",
        ...both(kind, { message: e.message.split("\n")[0] }),
      })),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new InputError([{ file, path: "", ...both("invalidYaml", { message: (e as Error).message.split("\n")[0] }) }]);
  }
  return { file, data, source, lineOf: lineFinder(doc, lineCounter) };
}

function lineFinder(doc: Document, lineCounter: LineCounter): LineOf {
  return (p) => {
    // Walk as deep as the document goes; a missing field is reported at its parent.
    for (let depth = p.length; depth >= 0; depth--) {
      const node = depth === 0 ? doc.contents : doc.getIn(p.slice(0, depth) as unknown[], true);
      if (node && typeof node === "object" && "range" in node && Array.isArray((node as { range?: number[] }).range)) {
        // For a map entry prefer the key's line: that is where the reader looks.
        const parent = depth > 0 ? (depth === 1 ? doc.contents : doc.getIn(p.slice(0, depth - 1) as unknown[], true)) : undefined;
        if (yamlLib().isMap(parent)) {
          const pair = parent.items.find((it) => (it.key as { value?: unknown })?.value === p[depth - 1]);
          const keyRange = (pair?.key as { range?: number[] } | undefined)?.range;
          if (keyRange) return lineCounter.linePos(keyRange[0]).line;
        }
        return lineCounter.linePos((node as { range: number[] }).range[0]).line;
      }
    }
    return undefined;
  };
}

/** Validates parsed data against a zod schema; every issue becomes a problem with file, line and path. */
export function validateWith<S extends z.ZodType>(schema: S, parsed: Parsed, schemaFile = "schema/site.schema.json"): z.output<S> {
  const result = schema.safeParse(parsed.data, { reportInput: true });
  if (result.success) return result.data;
  // A misspelt field also shows up as its correct name missing: keep only the "did you mean".
  const guessed = new Set<string>();
  const problems: (InputProblem & { missing: boolean })[] = result.error.issues.map((issue) => {
    let p = issue.path as PropertyKey[];
    let text = describeIssue(issue);
    if (issue.code === "unrecognized_keys") {
      // Point at the first unknown key itself, and suggest the field it was probably meant to be.
      const keys = (issue as { keys: string[] }).keys;
      p = [...p, keys[0]];
      const colon = keys[0].indexOf("：");
      const guess = colon < 0 && keys.length === 1 ? suggest(keys[0], allowedKeysAt(schema, issue.path as PropertyKey[])) : undefined;
      if (colon >= 0) text = both("fullWidthColonKey", { field: keys[0], key: keys[0].slice(0, colon).trim() });
      else if (guess) {
        text = both("unknownFieldSuggest", { field: keys[0], suggestion: guess, schema: schemaFile });
        guessed.add(formatPath([...(issue.path as PropertyKey[]), guess]));
      }
      else text = both("unknownField", { fields: keys.map((k) => `"${k}"`).join(", "), schema: schemaFile });
    }
    return { file: parsed.file, line: parsed.lineOf(p), path: formatPath(p), ...text, missing: issue.code === "invalid_type" && (issue as { input?: unknown }).input === undefined };
  });
  const kept = problems
    .filter((p) => !(p.missing && guessed.has(p.path)))
    .map(({ missing: _, ...p }) => p as InputProblem)
    // In file order, so the reader goes top to bottom.
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  // A full-width colon after a key (Chinese input method) explains the problems that follow from it.
  const hints = parsed.source ? sourceHints(parsed.file, parsed.source).filter((h) => h.message.includes("：")) : [];
  throw new InputError([...hints, ...kept]);
}

const EXPECT_KEYS: Record<string, MessageKey<"input">> = { number: "expect_number", string: "expect_string", boolean: "expect_boolean", array: "expect_array", object: "expect_object" };

function expected(type: string, lang: "zh" | "en"): string {
  const key = EXPECT_KEYS[type];
  return key ? msg(lang, "input", key) : msg(lang, "input", "expect_other", { type });
}

function describeIssue(issue: z.core.$ZodIssue): { message: string; zh: string } {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "invalid_type": {
      if (input === undefined) return { message: msg("en", "input", "missingField", { expected: expected(issue.expected, "en") }), zh: msg("zh", "input", "missingField", { expected: expected(issue.expected, "zh") }) };
      const n = issue.expected === "number" ? numberInString(input) : undefined;
      if (n !== undefined) return both(NUMBER_QUOTED_ONLY.test(String(input)) ? "numberQuoted" : "numberWithUnit", { value: JSON.stringify(input), number: n });
      return {
        message: msg("en", "input", "expectedGot", { expected: expected(issue.expected, "en"), value: describeValue(input, "en") }),
        zh: msg("zh", "input", "expectedGot", { expected: expected(issue.expected, "zh"), value: describeValue(input, "zh") }),
      };
    }
    case "invalid_value": {
      const values = issue.values.map((v) => JSON.stringify(v)).join(", ");
      const guess = typeof input === "string" ? suggest(input, issue.values.filter((v): v is string => typeof v === "string")) : undefined;
      return guess
        ? { message: msg("en", "input", "expectedOneOfSuggest", { values, value: describeValue(input, "en"), suggestion: guess }), zh: msg("zh", "input", "expectedOneOfSuggest", { values, value: describeValue(input, "zh"), suggestion: guess }) }
        : { message: msg("en", "input", "expectedOneOf", { values, value: describeValue(input, "en") }), zh: msg("zh", "input", "expectedOneOf", { values, value: describeValue(input, "zh") }) };
    }
    case "too_small":
    case "too_big": {
      const custom = translateSchemaMessage(issue.message);
      if (custom) return custom;
      const small = issue.code === "too_small";
      const bound = small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum;
      const origin = (issue as { origin?: string }).origin;
      const inclusive = (issue as { inclusive?: boolean }).inclusive !== false;
      const key: MessageKey<"input"> =
        origin === "array" || origin === "set" ? (small ? "tooFewItems" : "tooManyItems")
        : origin === "string" ? (small ? "tooShortText" : "tooLongText")
        : small ? (inclusive ? "tooSmallNumber" : "tooSmallNumberExclusive") : inclusive ? "tooBigNumber" : "tooBigNumberExclusive";
      return both(key, { min: String(bound), max: String(bound) });
    }
    case "invalid_union":
      return both("noUnionMatch");
    default: {
      // Room ids written in Chinese: point at name: for the Chinese name.
      if (issue.message === ROOM_ID_MESSAGE && typeof input === "string" && /[^\x00-\x7f]/.test(input)) return both("roomIdNotAscii", { value: JSON.stringify(input) });
      return translateSchemaMessage(issue.message) ?? { message: issue.message, zh: issue.message };
    }
  }
}

const NUMBER_QUOTED_ONLY = /^\s*[+-]?\d+(?:\.\d+)?\s*$/;
const ROOM_ID_MESSAGE = msg("en", "schema", "aRoomIdOfLettersDigits");

function describeValue(v: unknown, lang: "zh" | "en"): string {
  if (v === null) return msg(lang, "input", "value_null");
  if (Array.isArray(v)) return msg(lang, "input", "value_list");
  if (typeof v === "object") return msg(lang, "input", "value_map");
  if (typeof v === "string") return `"${v.length > 40 ? v.slice(0, 40) + "…" : v}"`;
  if (typeof v === "number") return msg(lang, "input", "value_number", { value: String(v) });
  if (typeof v === "boolean") return msg(lang, "input", "value_boolean", { value: String(v) });
  return `${typeof v} ${String(v)}`;
}
