import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fill } from "../../src/i18n/catalogue";
import { ipv4Key } from "../../src/allowlist/site-policy";
import { psString, psValue, psValueSegments, windowsScriptBytes, UnsafeScriptValueError, type PsData } from "../../src/windows/powershell";

/**
 * Hot paths rewritten for synth speed (issue 14) give exactly what the plain versions gave: the
 * previous implementations are kept here as the reference, and random inputs are compared.
 */
const PLACEHOLDER = /\{(\w+)\}/g;
function fillReference(template: string, vars?: Readonly<Record<string, string | number>>): string {
  if (!vars) return template;
  return template.replace(PLACEHOLDER, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

function psValueReference(value: PsData, indent = ""): string {
  if (value === null || value === undefined) return "$null";
  if (typeof value === "string") return psString(value);
  if (typeof value === "boolean") return value ? "$true" : "$false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new UnsafeScriptValueError(`number ${value} cannot be written into a script`);
    return String(value);
  }
  const inner = indent + "    ";
  if (Array.isArray(value)) {
    if (value.length === 0) return "@()";
    return `@(\n${value.map((v) => inner + psValueReference(v, inner)).join(",\n")}\n${indent})`;
  }
  const entries = Object.entries(value as Record<string, PsData>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "[ordered]@{}";
  return `[ordered]@{\n${entries.map(([k, v]) => `${inner}${psString(k)} = ${psValueReference(v, inner)}`).join("\n")}\n${indent}}`;
}

const outcome = <T>(f: () => T): { ok: T } | { error: string } => {
  try {
    return { ok: f() };
  } catch (e) {
    return { error: `${(e as Error).constructor.name}: ${(e as Error).message}` };
  }
};

describe("fast paths give the same output as the plain versions", () => {
  it("fill(): placeholders, unknown names, braces that are not placeholders, no vars", () => {
    const piece = fc.oneof(fc.string(), fc.constantFrom("{a}", "{b}", "{a_1}", "{}", "{ a}", "{{a}}", "{a", "a}", "{不}", "{zz}", "$&", "$1"));
    const template = fc.array(piece, { maxLength: 8 }).map((xs) => xs.join(""));
    const vars = fc.option(fc.dictionary(fc.constantFrom("a", "b", "a_1", "toString", "constructor", "x"), fc.oneof(fc.string(), fc.integer(), fc.double())), { nil: undefined });
    fc.assert(
      fc.property(template, vars, (t, v) => {
        expect(fill(t, v)).toBe(fillReference(t, v));
        expect(fill(t, v)).toBe(fillReference(t, v)); // second call: the kept split
      }),
      { numRuns: 2000 },
    );
  });

  it("psValue(): nested arrays and ordered tables, quotes, unsafe values, undefined members", () => {
    const scalar = fc.oneof(
      fc.string(),
      fc.constantFrom("it's", "‘x’", "a\nb", "\u2028", "$env:x", "`n"),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
    );
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: "small" }, scalar, tie("array"), tie("table")),
      array: fc.array(tie("value"), { maxLength: 4 }),
      table: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom("x'y", "1", "0", "__proto__x")), tie("value"), { maxKeys: 4 }),
    }));
    fc.assert(
      fc.property(value, fc.constantFrom("", "    ", "\t"), (v, indent) => {
        expect(outcome(() => psValue(v as PsData, indent))).toEqual(outcome(() => psValueReference(v as PsData, indent)));
        // In segments (the first-boot table, issue 14): the same text, and the same script bytes.
        for (const levels of [1, 2, 3])
          expect(outcome(() => psValueSegments(v as PsData, indent, levels).join(""))).toEqual(outcome(() => psValueReference(v as PsData, indent)));
        const segments = outcome(() => psValueSegments(v as PsData, indent));
        if ("ok" in segments) {
          const parts = segments.ok;
          expect(Buffer.from(windowsScriptBytes(parts)).equals(Buffer.from(windowsScriptBytes(parts.join(""))))).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("psString(): the one-scan fast path quotes, doubles quotes and refuses control characters as the two-scan version", () => {
    const reference = (v: string) => {
      if (/[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029]/.test(v)) throw new UnsafeScriptValueError("control");
      return `'${v.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
    };
    const outcome = (f: () => string) => {
      try {
        return f();
      } catch (e) {
        return e instanceof UnsafeScriptValueError ? "unsafe" : "other error";
      }
    };
    const units = fc.constantFrom("a", "'", "\u2018", "\u2019", "\u201A", "\u201B", "\n", "\t", "\u0085", "\u2028", "$", "`", "中", "\u007f");
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: units })), (v) => {
        expect(outcome(() => psString(v))).toBe(outcome(() => reference(v)));
      }),
      { numRuns: 3000 },
    );
  });

  it("windowsScriptBytes(): BOM, CRLF from LF and from CRLF, lone CR kept", () => {
    const reference = (text: string) => Buffer.from("\ufeff" + text.replace(/\r?\n/g, "\r\n"), "utf8");
    // Any UTF-16 (lone surrogates too): the LF-only path converts encoded bytes.
    const text = fc.array(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.constantFrom("\n", "\r\n", "\r", "\n\n", "中文", "\ud800", "\udc00")), { maxLength: 12 }).map((xs) => xs.join(""));
    fc.assert(
      fc.property(text, (t) => {
        expect(Buffer.from(windowsScriptBytes(t)).equals(reference(t))).toBe(true);
      }),
      { numRuns: 2000 },
    );
    // Text in segments: the bytes of the joined text (CR anywhere, pairs split between segments).
    fc.assert(
      fc.property(fc.array(text, { maxLength: 6 }), (parts) => {
        expect(Buffer.from(windowsScriptBytes(parts)).equals(reference(parts.join("")))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("ipv4Key(): the number of any dotted quad, as split and Number give it", () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(ipv4Key(ip)).toBe(ip.split(".").reduce((v, o) => v * 256 + Number(o), 0));
      }),
      { numRuns: 3000 },
    );
  });
});
