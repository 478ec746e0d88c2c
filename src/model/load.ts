import * as fs from "node:fs";
import * as path from "node:path";
import * as jsYaml from "js-yaml";
import type { Document, LineCounter } from "yaml";
import type { z } from "zod";
import { formatPath, InputError, type InputProblem } from "./errors";
import { lineIndex } from "./line-index";

/** Finds the 1-based line of a field path in a parsed document (undefined for non-YAML sources). */
export type LineOf = (path: readonly PropertyKey[]) => number | undefined;

export interface Parsed {
  file: string;
  data: unknown;
  lineOf: LineOf;
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
    throw new InputError([{ file, path: "", message: `cannot read file (${(e as NodeJS.ErrnoException).code ?? "error"})` }]);
  }
  if ((source.match(/\*[^\s,\]}]/g)?.length ?? 0) <= MAX_FAST_ALIASES) {
    let data: unknown;
    let ok = false;
    try {
      data = jsYaml.load(source, { schema: jsYaml.CORE_SCHEMA, filename: file });
      ok = true;
    } catch {
      // fall through to the reference parser for a precise message
    }
    // Lines come from js-yaml's own events, indexed on first use (no second, slower parse).
    if (ok) return { file, data, lineOf: lineIndex(source) };
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
    throw new InputError(
      doc.errors.map((e) => ({
        file,
        line: e.pos ? lineCounter.linePos(e.pos[0]).line : undefined,
        path: "",
        message: `${path.extname(file) === ".json" ? "invalid JSON/YAML" : "invalid YAML"}: ${e.message.split("\n")[0]}`,
      })),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new InputError([{ file, path: "", message: `invalid YAML: ${(e as Error).message.split("\n")[0]}` }]);
  }
  return { file, data, lineOf: lineFinder(doc, lineCounter) };
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
  const problems: InputProblem[] = result.error.issues.map((issue) => {
    let p = issue.path as PropertyKey[];
    let message = describeIssue(issue);
    if (issue.code === "unrecognized_keys") {
      // Point at the first unknown key itself.
      const keys = (issue as { keys: string[] }).keys;
      p = [...p, keys[0]];
      message = `unknown field${keys.length > 1 ? "s" : ""} ${keys.map((k) => `"${k}"`).join(", ")} (check the spelling; see ${schemaFile})`;
    }
    return { file: parsed.file, line: parsed.lineOf(p), path: formatPath(p), message };
  });
  throw new InputError(problems);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type": {
      const input = (issue as { input?: unknown }).input;
      if (input === undefined) return `missing required field (expected ${issue.expected})`;
      return `expected ${issue.expected}, got ${describeValue(input)}`;
    }
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, got ${describeValue((issue as { input?: unknown }).input)}`;
    default:
      return issue.message;
  }
}

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a map";
  if (typeof v === "string") return `"${v.length > 40 ? v.slice(0, 40) + "…" : v}"`;
  return `${typeof v} ${String(v)}`;
}
