import * as path from "node:path";
import fc from "fast-check";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { normalise, ALL_TARGETS } from "../../src/allowlist";
import { parseEntry } from "../../src/allowlist/parse-entry";
import type { AllowEntry, RenderInput } from "../../src/allowlist/model";
import { InputError } from "../../src/model/errors";
import { siteFromObject } from "../../src/model/site";
import { compileSitePolicy } from "../../src/allowlist";
import { dnsmasqCheck, nftCheck, siteInput, tmpDir, unboundCheck, writeFiles } from "./helpers";

/**
 * Hostile input (issue 7): names with spaces, quotes, `;`, `#`, newlines, `$()`, backticks,
 * non-ASCII and overlong labels are either refused with a reason or emitted safely — and the
 * real validators still pass on everything that was accepted.
 */
const HOSTILE = [" ", "\"", "'", ";", "#", "\n", "\r", "$(", ")", "`", "\\", "{", "}", "/", "*", "%", "\t", "\u0000", "ü", "中", "xn--", "-", ".", "..", "|", "&", ">", "@", ":"];
const label = fc.stringMatching(/^[a-z0-9]{1,10}$/);
const hostile = fc.tuple(fc.array(fc.oneof(label, fc.constantFrom(...HOSTILE), fc.string({ maxLength: 4 }), fc.constant("a".repeat(70))), { minLength: 1, maxLength: 8 }), fc.constantFrom("", "*.", ".", "https://", "http://")).map(([parts, prefix]) => prefix + parts.join("") + ".example.cn");

const SAFE_LINE = /^[\x20-\x7e\u00a0-\uffff\t]*$/u;

describe("hostile allowlist entries", () => {
  it("are refused with a reason, or accepted as strict LDH A-labels only", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const r = parseEntry(text, { file: "h.txt", line: 1 });
        if (!r.ok) {
          expect(r.reason.en.length).toBeGreaterThan(5);
          expect(r.reason.zh.length).toBeGreaterThan(2);
          expect(r.reason.en + r.reason.zh).not.toMatch(/[\n\r\u0000]/); // the message itself is printable
          return;
        }
        if (r.entry.kind === "domain") {
          expect(r.entry.name).toMatch(/^[a-z0-9.-]+$/);
          expect(r.entry.name.length).toBeLessThanOrEqual(253);
          for (const l of r.entry.name.split(".")) expect(l.length).toBeLessThanOrEqual(63);
        }
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it("whatever is accepted renders safely in every target and passes the real validators", () => {
    const accepted: AllowEntry[] = [];
    fc.assert(
      fc.property(hostile, (text) => {
        const r = parseEntry(text, { file: "h.txt", line: 1 });
        if (r.ok) accepted.push(r.entry);
      }),
      { numRuns: 3000, seed: 11 },
    );
    expect(accepted.length).toBeGreaterThan(20); // the generator does produce acceptable names too
    const n = normalise(accepted);
    const base = siteInput("sites/demo-primary.ts", "en");
    const input: RenderInput = { ...base, policy: n.policy };
    const dir = tmpDir("hostile");
    for (const [id, t] of Object.entries(ALL_TARGETS)) {
      const files = t.render(input);
      for (const f of files) {
        const s = typeof f.content === "string" ? f.content : Buffer.from(f.content).subarray(2).toString("utf16le");
        for (const line of s.split(/\r?\n/)) expect(line, `${id}/${f.path}`).toMatch(SAFE_LINE);
        if (!f.path.endsWith(".md")) expect(s, `${id}/${f.path}`).not.toMatch(/\$\(|`/);
        if (f.path.endsWith(".xml")) expect(XMLValidator.validate(s), `${id}/${f.path} is well-formed XML`).toBe(true);
      }
      writeFiles(path.join(dir, id), files);
    }
    expect(nftCheck(path.join(dir, "nftables/examlab-allowlist.nft")).status).toBe(0);
    expect(dnsmasqCheck(path.join(dir, "nftables/dnsmasq-allowlist.conf")).status).toBe(0);
    expect(unboundCheck(path.join(dir, "unbound/unbound-allowlist.conf")).status).toBe(0);
  });

  it("hostile site additions and exam-server addresses become input errors naming the field", () => {
    const site = siteFromObject({
      id: "hostile", name: "h", levels: ["primary"],
      network: { block: "10.90.0.0/16", examServers: [{ name: "x", address: "exam.example.cn\nconf-script=/bin/sh" }] },
      allowlist: { sources: [], additions: ["ok.example.cn", "evil.example.cn; rm -rf /", "$(reboot).example.cn"] },
      rooms: [{ id: "1", levels: ["primary"], candidates: 1, layout: { widthM: 5, depthM: 5, rows: 1, columns: 1, pitchM: 1.2, rowPitchM: 1.5 } }],
    }, "/tmp/exl-al-hostile-site.ts");
    let err: unknown;
    try { compileSitePolicy(site); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(InputError);
    const paths = (err as InputError).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["allowlist.additions[1]", "allowlist.additions[2]", "network.examServers[0].address"]));
  });
});
