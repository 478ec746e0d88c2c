import fc from "fast-check";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { UnsafeOutput } from "../../src/allowlist/escape";
import type { PfRuleset } from "../../src/allowlist/targets/pf-rules";
import { pfConfigXml, xmlText } from "../../src/allowlist/targets/pf-xml";

/**
 * The pfSense/OPNsense config.xml writer (src/allowlist/targets/pf-xml.ts) with hostile text in
 * every field that carries text: the output is always well-formed XML that parses back to exactly
 * the text given, or the text is refused (characters XML 1.0 cannot carry, line breaks) — never dropped,
 * never able to close an element or start a new one.
 */
const HOSTILE = ["<", ">", "&", "\"", "'", "]]>", "<!--", "-->", "<![CDATA[", "</descr>", "<rule>", "&amp;", "&#0;", "\u0000", "\u0008", "\u000b", "\ufffe", "\ud800", "\n", "\r", "\t", "中", "😀", "$(", "`"];
const text = fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 6 }), fc.string({ unit: "binary", maxLength: 4 })), { minLength: 1, maxLength: 8 }).map((p) => p.join("")).filter((t) => t.length > 0);

function ruleset(t: string): PfRuleset {
  return {
    aliases: [{ name: "EXAMLAB_X", type: "host", items: [t, "a.example"], en: t }],
    schedule: { name: "examlab_open", en: t, ranges: [{ position: [1, 2], hour: "0:00-8:15" }] },
    rows: [
      { action: "pass", family: "inet", protocol: "tcp", src: "EXAMLAB_X", dst: t, port: "443", en: t, zh: t },
      { action: "block", family: "inet6", en: "everything else", zh: "其余" },
    ],
    rooms4: [],
    rooms6: [],
  };
}

const parse = (xml: string) => new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: false, isArray: (n) => ["alias", "rule", "timerange"].includes(n) }).parse(xml);

describe("pfSense/OPNsense config.xml writer: hostile text", () => {
  it("is well-formed and round-trips every text field, or refuses the text", () => {
    let written = 0;
    let refused = 0;
    fc.assert(
      fc.property(text, fc.constantFrom("pfsense", "opnsense") as fc.Arbitrary<"pfsense" | "opnsense">, (t, root) => {
        let xml: string;
        try {
          xml = pfConfigXml(ruleset(t), { root, iface: "lan", withAliases: true, trackerBase: 1 });
        } catch (e) {
          expect(e).toBeInstanceOf(UnsafeOutput);
          expect(t).toMatch(/[^\t\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u);
          refused++;
          return;
        }
        written++;
        expect(XMLValidator.validate(xml)).toBe(true);
        const doc = parse(xml)[root];
        // Exactly one rule element per row and one alias: nothing was injected.
        expect(doc.filter.rule).toHaveLength(2);
        expect(doc.aliases.alias).toHaveLength(1);
        expect(doc.filter.rule[0].descr).toBe(`examlab: ${t}`);
        expect(doc.filter.rule[0].destination.address).toBe(t);
        expect(doc.aliases.alias[0].address).toBe(`${t} a.example`);
        expect(doc.schedules.schedule.descr).toBe(t);
      }),
      { numRuns: 2000, seed: 10 },
    );
    expect(written).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(10);
  });

  it("refuses characters XML 1.0 cannot carry and line breaks instead of dropping them", () => {
    for (const c of ["\u0000", "\u0001", "\u001f", "\ufffe", "\uffff", "\ud800", "\n", "\r"]) expect(() => xmlText(`a${c}b`)).toThrow(UnsafeOutput);
    for (const c of ["\t", "<", "&", "中", "😀"]) expect(xmlText(`a${c}b`)).toBe(`a${c}b`);
  });
});
