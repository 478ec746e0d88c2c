import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseEntry, parseEntryFully } from "../../src/allowlist/parse-entry";
import { readTextList } from "../../src/allowlist/sources";

/**
 * parseEntry's fast path for the common line shapes (issue 14: plain names, dotted and hex
 * addresses) gives exactly what the full path gives (entries, reasons in both languages),
 * on random near-miss lines and on the hostile corpus.
 */
const src = { file: "list.txt", line: 7 };
const same = (text: string): void => {
  expect(parseEntry(text, src)).toEqual(parseEntryFully(text, src));
};

describe("parseEntry fast path agrees with the full path", () => {
  it("names: case, digits, hyphens, label and name lengths, xn--, wildcards, special-use and numeric labels", () => {
    const label = fc.oneof(
      { arbitrary: fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?$/), weight: 6 },
      { arbitrary: fc.constantFrom("a".repeat(63), "b".repeat(64), "-a", "a-", "a--b", "xn--bcher-kva", "xn--zz", "XN--bcher-kva", "Ab", "1", "123", "a_b", "", "*", "localhost", "local", "home", "arpa", "lan", "internal", "onion"), weight: 2 },
    );
    const name = fc.array(label, { minLength: 1, maxLength: 6 }).map((ls) => ls.join("."));
    const long = fc.integer({ min: 240, max: 260 }).map((n) => `${"a".repeat(n - 7)}.ab.cde`.replace(/a{63}/g, (x) => x.slice(0, 62) + "."));
    const text = fc.tuple(fc.constantFrom("", "", "", "*.", ".", "*", "**.", " "), fc.oneof(name, long), fc.constantFrom("", "", "", ".", ":443", ":53", " ", "#", "/x")).map(([a, b, c]) => a + b + c);
    fc.assert(fc.property(text, (t) => same(t)), { numRuns: 8000 });
  });

  it("addresses: dotted quads and networks, leading zeros, allow-all, hex IPv6 with and without prefixes", () => {
    const octet = fc.oneof(fc.integer({ min: 0, max: 255 }).map(String), fc.constantFrom("00", "01", "256", "999", "", "0"));
    const v4 = fc.tuple(fc.array(octet, { minLength: 1, maxLength: 5 }), fc.constantFrom("", "", "/8", "/16", "/24", "/32", "/33", "/0", "/", "/1/2", "/024")).map(([o, p]) => o.join(".") + p);
    const group = fc.oneof({ arbitrary: fc.stringMatching(/^[0-9a-fA-F]{1,4}$/), weight: 8 }, { arbitrary: fc.constantFrom("", "0", "ffff", "64", "ff9b", "fe80", "fc00", "ff02", "12345"), weight: 2 });
    const sep = fc.oneof({ arbitrary: fc.constant(":"), weight: 8 }, { arbitrary: fc.constantFrom("::", ":::"), weight: 2 });
    const v6 = fc
      .tuple(fc.array(fc.tuple(group, sep), { minLength: 1, maxLength: 9 }), group, fc.constantFrom("", "", "/32", "/48", "/64", "/128", "/129", "/0", "/8", "/"))
      .map(([xs, last, p]) => xs.map(([g, s]) => g + s).join("") + last + p);
    const fixed = fc.constantFrom("0.0.0.0", "0/0", "0.0.0.0/0", "::", "::/0", "::1", ":1", ":443", "1:2", "127.0.0.1", "169.254.169.254", "224.0.0.1", "1.2.3.4.5", "fe80::1", "2001:db8::/32", "2001:db8::/31", "64:ff9b::1", "::ffff:0:0/96");
    fc.assert(fc.property(fc.oneof(v4, v6, fixed), (t) => same(t)), { numRuns: 8000 });
  });

  it("the hostile corpus", () => {
    const corpus: { entry: string }[] = JSON.parse(fs.readFileSync(path.join(__dirname, "corpus/hostile-entries.json"), "utf8"));
    for (const c of corpus) same(c.entry);
  });

  it("text lists: the plain split of CR-free text gives the lines (and line numbers) of the CR/LF/CRLF split", () => {
    const piece = fc.constantFrom("exam.example.cn", "*.a.example.cn", "198.51.100.7", "", " ", "# c", "x y", "2001:db8::1");
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, fc.constantFrom("\n", "\n", "\r\n", "\r")), { maxLength: 12 }), (parts) => {
        const text = parts.map(([p, nl]) => p + nl).join("");
        const lf = text.split(/\r?\n|\r/).join("\n");
        const a = readTextList("l.txt", text);
        const b = readTextList("l.txt", lf);
        expect(a).toEqual(b);
      }),
      { numRuns: 500 },
    );
  });
});
