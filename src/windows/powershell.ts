/**
 * Escaping for generated Windows PowerShell 5.1. Site data never reaches a script as code: it is
 * emitted as single-quoted string literals (no `$` or backtick expansion inside them) or as
 * hashtable/array literals built from those. reference/windows.md §3.10 (encoding), §6 (parsing).
 */
import { encodeSegments } from "../util/text-pieces";

/**
 * Characters PowerShell treats as a single quote inside a single-quoted string: ASCII ' and the
 * typographic quotes U+2018..U+201B (the tokenizer accepts them as quote characters). Each one is
 * doubled, which is how PowerShell's own CodeGeneration.EscapeSingleQuotedStringContent does it.
 */
const SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;

/** Control characters (C0 except tab, DEL, C1, line/paragraph separators, NEL). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029]/g;

export class UnsafeScriptValueError extends Error {}

/**
 * A PowerShell single-quoted string literal for `value`. Control characters (newlines above all)
 * are refused: a script is written with CRLF line ends, which would silently change a value
 * holding a bare LF, and no site field legitimately contains one. Use psText() for display text.
 */
export function psString(value: string): string {
  // Host names, addresses and paths have neither: one scan for both (issue 14).
  if (!HAS_CONTROL_OR_QUOTE.test(value)) return `'${value}'`;
  if (HAS_CONTROL.test(value)) {
    throw new UnsafeScriptValueError(`value ${JSON.stringify(value)} contains control characters and cannot be written into a script`);
  }
  return HAS_SINGLE_QUOTE.test(value) ? `'${value.replace(SINGLE_QUOTES, (q) => q + q)}'` : `'${value}'`;
}
const HAS_CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029]/;
const HAS_SINGLE_QUOTE = /['\u2018\u2019\u201A\u201B]/;
const HAS_CONTROL_OR_QUOTE = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029'\u2018\u2019\u201A\u201B]/;

/** Display text (room names, messages): control characters become spaces, then psString(). */
export function psText(value: string): string {
  return psString(oneLine(value));
}

/** Text for a `#` line comment: one line, no control characters (a newline would end the comment). */
export function psComment(value: string): string {
  return oneLine(value);
}

export function oneLine(value: string): string {
  return value.replace(CONTROL, " ");
}

export type PsData = string | number | boolean | null | undefined | readonly PsData[] | { readonly [key: string]: PsData };

/**
 * PowerShell literal for plain data: strings → psString, numbers, $true/$false, $null,
 * arrays → @(...), objects → [ordered]@{ 'key' = value } (insertion order kept: deterministic).
 * `indent` is the current indentation, for readable multi-line output.
 */
export function psValue(value: PsData, indent = ""): string {
  // Appended to one string (issue 14): V8 joins the pieces once at the end; nested map/join and
  // template strings copied every level's text again, ~3 ms per site for the first-boot table.
  return writePsValue(value, indent, "");
}

/**
 * psValue(value, indent) as segments whose concatenation is that text: the members of the value
 * and of its members down `levels` levels are written one by one (issue 14: a first-boot table of
 * 120 seats is ~110,000 characters, one V8 large-object string when joined; windowsScriptBytes
 * encodes the segments one by one).
 */
export function psValueSegments(value: PsData, indent = "", levels = 2): string[] {
  const out: string[] = [];
  writePsSegments(value, indent, levels, out);
  return out;
}

function writePsSegments(value: PsData, indent: string, levels: number, out: string[]): void {
  if (levels === 0 || value === null || typeof value !== "object") return void out.push(writePsValue(value, indent, ""));
  const inner = indent + "    ";
  if (Array.isArray(value)) {
    if (value.length === 0) return void out.push("@()");
    out.push("@(\n");
    for (let i = 0; i < value.length; i++) {
      out.push(i > 0 ? ",\n" + inner : inner);
      writePsSegments(value[i] as PsData, inner, levels - 1, out);
    }
    return void out.push("\n" + indent + ")");
  }
  const record = value as Record<string, PsData>;
  let first = true;
  for (const k of Object.keys(record)) {
    const v = record[k];
    if (v === undefined) continue;
    out.push((first ? "[ordered]@{\n" : "\n") + inner + psString(k) + " = ");
    first = false;
    writePsSegments(v, inner, levels - 1, out);
  }
  out.push(first ? "[ordered]@{}" : "\n" + indent + "}");
}

function writePsValue(value: PsData, indent: string, out: string): string {
  if (value === null || value === undefined) return out + "$null";
  if (typeof value === "string") return out + psString(value);
  if (typeof value === "boolean") return out + (value ? "$true" : "$false");
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new UnsafeScriptValueError(`number ${value} cannot be written into a script`);
    return out + String(value);
  }
  const inner = indent + "    ";
  if (Array.isArray(value)) {
    if (value.length === 0) return out + "@()";
    out += "@(\n";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ",\n";
      out = writePsValue(value[i] as PsData, inner, out + inner);
    }
    return out + "\n" + indent + ")";
  }
  const record = value as Record<string, PsData>;
  let first = true;
  for (const k of Object.keys(record)) {
    const v = record[k];
    if (v === undefined) continue;
    out += (first ? "[ordered]@{\n" : "\n") + inner + psString(k) + " = ";
    first = false;
    out = writePsValue(v, inner, out);
  }
  return first ? out + "[ordered]@{}" : out + "\n" + indent + "}";
}

/**
 * Final bytes of a .ps1 for Windows PowerShell 5.1: UTF-8 with BOM, CRLF line ends (§3.10).
 * `text` may come as segments (psValueSegments): the bytes are those of their concatenation.
 */
export function windowsScriptBytes(text: string | readonly string[]): Uint8Array {
  const segments = typeof text === "string" ? [text] : text;
  if (segments.some((s) => s.includes("\r"))) return Buffer.from("\ufeff" + segments.join("").replace(/\r?\n/g, "\r\n"), "utf8");
  // Generated text has LF line ends. Encoded first and CR put before each LF byte (0x0A is only
  // ever "\n" in UTF-8): converting the text (replaceAll) and prepending the BOM as text made two
  // more copies of a first-boot script of ~120,000 characters, two bytes each for its Chinese,
  // each a large-object allocation for V8 (issue 14).
  const lf = encodeSegments(segments);
  let lines = 0;
  for (let i = lf.indexOf(10); i !== -1; i = lf.indexOf(10, i + 1)) lines++;
  const out = Buffer.allocUnsafe(3 + lf.length + lines);
  out[0] = 0xef; // BOM
  out[1] = 0xbb;
  out[2] = 0xbf;
  let o = 3;
  let from = 0;
  for (let i = lf.indexOf(10); i !== -1; i = lf.indexOf(10, i + 1)) {
    o += lf.copy(out, o, from, i);
    out[o++] = 13;
    out[o++] = 10;
    from = i + 1;
  }
  lf.copy(out, o, from);
  return out;
}

/** CRLF text without BOM (autounattend.xml declares its encoding; .cmd files stay ASCII). */
export function crlfBytes(text: string): Uint8Array {
  return Buffer.from(text.replace(/\r\n/g, "\n").replace(/\n/g, "\r\n"), "utf8");
}
