import { describe, expect, it } from "vitest";
import fc from "fast-check";
import Handlebars from "handlebars";
import { encodeSegments, pieceHelper, renderPieces } from "../../src/util/text-pieces";
import { toJson, toJsonBytes } from "../../src/util/json";
import { renderReport, reportArtifacts } from "../../src/report/render";
import { runChecks } from "../../src/compliance/engine";
import { siteFromObject } from "../../src/model/site";
import { complianceProducer } from "../../src/compliance/producer";
import { artifactBytes } from "../../src/export/bytes";

/**
 * Large generated text is encoded piece by piece (issue 14: no V8 large-object string per
 * report). Whatever the pieces, the bytes are those of the whole text: checked against the plain
 * encoding on random input, lone surrogates and pairs split between pieces included.
 */
const text = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.constantFrom("中文", "\ud83d", "\ude00", "\ud83d\ude00", "\n", ""));

/** An intermediate site of 40-seat rooms (no lab server: many findings). */
function reportSite(id: string, name: string, rooms: string[]) {
  return siteFromObject({
    id,
    name,
    levels: ["intermediate"],
    network: { block: "10.9.0.0/16" },
    rooms: rooms.map((r) => ({ id: r, levels: ["intermediate"], candidates: 40, layout: { widthM: 11, depthM: 11, rows: 5, columns: 8 } })),
  });
}

describe("pieces encode to the bytes of the whole", () => {
  it("encodeSegments(): any segments, surrogate pairs split between them too", () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 12 }), (segments) => {
        expect(encodeSegments(segments).equals(Buffer.from(segments.join(""), "utf8"))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("toJsonBytes(): the bytes of toJson() for any JSON-like value, undefined members and toJSON included", () => {
    const withOddities = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.jsonValue(),
        fc.constantFrom(undefined, null, "中文\ud83d", () => 1, new Date(0), { toJSON: () => undefined }, { toJSON: () => ({ a: [1, { b: "中" }] }) }),
        fc.array(tie("value"), { maxLength: 5 }),
        fc.dictionary(fc.string(), tie("value"), { maxKeys: 5 }),
      ),
    })).value;
    fc.assert(
      fc.property(withOddities, (v) => {
        expect(toJsonBytes(v).toString("latin1")).toBe(Buffer.from(toJson(v), "utf8").toString("latin1"));
      }),
      { numRuns: 3000 },
    );
  });

  it("renderPieces(): a template with nested pieces gives the bytes of the same template rendered whole", () => {
    const hb = Handlebars.create();
    hb.registerHelper("piece", pieceHelper);
    const template = hb.compile("<h1>{{title}}</h1>\n{{#piece}}\n<ul>\n{{#each items}}\n{{#piece}}<li>{{this}}</li>{{/piece}}\n{{/each}}\n</ul>\n{{/piece}}\n{{#if tail}}{{#piece}}{{{tail}}}{{/piece}}{{/if}}<p>{{title}}</p>\n");
    const plain = hb.compile("<h1>{{title}}</h1>\n<ul>\n{{#each items}}\n<li>{{this}}</li>\n{{/each}}\n</ul>\n{{#if tail}}{{{tail}}}{{/if}}<p>{{title}}</p>\n");
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 6 }), fc.option(fc.string()), (title, items, tail) => {
        const view = { title, items, tail };
        expect(renderPieces(template, view).equals(Buffer.from(plain(view), "utf8"))).toBe(true);
        // Rendered without renderPieces, the helper leaves its text in place.
        expect(template(view)).toBe(plain(view));
      }),
      { numRuns: 500 },
    );
  });

  it("renderPieces(): a hostile value that looks like a marker stays text (HTML-escaped) and is not expanded", () => {
    const hb = Handlebars.create();
    hb.registerHelper("piece", pieceHelper);
    const template = hb.compile("{{#piece}}<p>{{a}}</p>{{/piece}}<p>{{b}}</p>");
    const out = renderPieces(template, { a: "x", b: "<`examlab-piece=0`>" }).toString("utf8");
    expect(out).toBe("<p>x</p><p>&lt;&#x60;examlab-piece&#x3D;0&#x60;&gt;</p>");
  });

  it("a site name that spells a marker is written escaped, in the report and its floor plans", () => {
    const site = reportSite("hostile", "<`examlab-piece=0`> & <`examlab-piece=1`>", ["301"]);
    const files = renderReport({ site, checks: runChecks(site), produced: [] });
    expect(files.html).not.toContain("<`examlab-piece");
    expect(files.html).toContain("&lt;&#x60;examlab-piece&#x3D;0&#x60;&gt;");
  });

  it("the report and the compliance report: written bytes decode to the text the renderers give", () => {
    // A site whose Chinese text makes every string two bytes a character, with many findings.
    const site = reportSite("pieces", "分片考点", ["301", "302", "303"]);
    const files = renderReport({ site, checks: runChecks(site), produced: [] });
    expect(files.htmlBytes.length).toBeGreaterThan(100_000);
    expect(Buffer.from(files.htmlBytes).toString("utf8")).toBe(files.html);
    expect(files.html).not.toContain("examlab-piece");
    const html = reportArtifacts(files, "report/").find((a) => a.path === "report/report.html")!;
    expect(Buffer.from(artifactBytes(html)).equals(Buffer.from(files.html, "utf8"))).toBe(true);
    const json = complianceProducer.produce({ site, options: {}, produced: [] }).find((a) => a.path === "compliance/report.json")!;
    const bytes = Buffer.from(artifactBytes(json));
    expect(bytes.toString("utf8")).toBe(toJson(JSON.parse(bytes.toString("utf8"))));
  });
});
