import { describe, expect, it } from "vitest";
import * as fc from "fast-check";
import { isAscii } from "node:buffer";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";
// @ts-expect-error a plain ES module of the build scripts, no types
import { asciiOnly } from "../../scripts/ascii-only.mjs";

/**
 * Issue 14, start-up: the built bundles are ASCII only (scripts/ascii-only.mjs), so the CLI and
 * the app read them as Latin-1 instead of decoding UTF-8. The rewrite must mean the same program
 * wherever a non-ASCII character can sit in JavaScript.
 */
const DIST = path.resolve(__dirname, "../../dist");
const escapeAscii = asciiOnly as (s: string) => string;
const run = (source: string): unknown => vm.runInNewContext(source);

/** A program that puts `s` in every place a character can be: results are plain data to compare. */
function program(s: string): string {
  const inString = JSON.stringify(s);
  // A raw CR in a template literal reads as LF (ECMA-262 TV of LineTerminatorSequence): escaped.
  const inTemplate = s.replace(/[\\`$\r]/g, (c) => (c === "\r" ? "\\r" : `\\${c}`));
  const inRegex = s.replace(/[\\^$.*+?()[\]{}|/\n\r\u2028\u2029]/g, (c) => (c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\u2028" ? "\\u2028" : c === "\u2029" ? "\\u2029" : `\\${c}`));
  const wellFormed = !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""));
  const comment = s.replace(/\*\//g, "* /").replace(/[\n\r\u2028\u2029]/g, " ");
  return [
    `/* ${comment} */`,
    `// ${comment}`,
    `[${inString}, \`${inTemplate}\`, /^${inRegex}$/.test(${inString}),`,
    wellFormed ? ` /^${inRegex}$/u.test(${inString}), ` : " true, ",
    ` [...${inString}].length, /[${inRegex.replace(/-/g, "\\-") || "x"}]/.test(${inString} || "x")]`,
  ].join("\n");
}

describe("bundles in ASCII only", () => {
  it("every built bundle is ASCII", () => {
    const files = fs.readdirSync(DIST).filter((f) => f.endsWith(".js"));
    expect(files).toEqual(expect.arrayContaining(["cli.js", "app.js", "main.js", "templates.js"]));
    for (const f of files) expect([f, isAscii(fs.readFileSync(path.join(DIST, f)))]).toEqual([f, true]);
  });

  it("the rewrite means the same program: strings, templates, regular expressions, comments", () => {
    const chars = fc.oneof(fc.constantFrom("考", "场", "é", "\\", "`", "$", "{", "/", "*", "\n", "\r", "\u2028", "😀", "\ud83d", "\ude00", "-", "a"), fc.string({ unit: "binary", maxLength: 2 }));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 12 }).map((a) => a.join("")), (s) => {
        const source = program(s);
        const ascii = escapeAscii(source);
        expect(isAscii(Buffer.from(ascii, "latin1"))).toBe(true);
        expect(/[^\x00-\x7f]/.test(ascii)).toBe(false);
        expect(run(ascii)).toEqual(run(source));
        const [str, tpl, re] = run(ascii) as [string, string, boolean];
        expect([str, tpl, re]).toEqual([s, s, true]);
      }),
      { numRuns: 400 },
    );
  });

  it("identity escapes and identifiers keep their meaning", () => {
    const source = 'const 考场 = "\\考\\\\场"; const re = /^\\考+$/; [考场, re.test("考考"), "\\\\考".length, `\\é`]';
    const ascii = escapeAscii(source);
    expect(/[^\x00-\x7f]/.test(ascii)).toBe(false);
    expect(run(ascii)).toEqual(run(source));
    expect(run(ascii)).toEqual(["考\\场", true, 2, "é"]);
  });
});
