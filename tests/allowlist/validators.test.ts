import { describe, expect, it } from "vitest";
import { XMLValidator } from "fast-xml-parser";
import * as path from "node:path";
import { ROUTER_TARGETS } from "../../src/allowlist";
import type { RenderInput, RenderedFile } from "../../src/allowlist/model";
import { writeFw4Ruleset } from "./fw4-emulation";
import { dnsmasqCheck, nftCheck, nftCheckFw4Include, siteInput, squidCheck, tmpDir, unboundCheck, writeFiles, type Checked } from "./helpers";

/**
 * Every generated configuration that has a real validator passes it (issue 7, "Tests that prove
 * it"): nft -c, dnsmasq --test, unbound-checkconf, squid -k parse (squid-openssl), for both
 * sample sites, with the exam-hours window, in both languages and for IPv6 filter/block.
 */
const VARIANTS: [string, () => RenderInput][] = [
  ["demo-intermediate (openwrt, IPv6 filter)", () => siteInput("sites/demo-intermediate.yaml")],
  ["demo-primary (nftables, IPv6 block)", () => siteInput("sites/demo-primary.ts", "en")],
  ["demo-intermediate with exam-hours window", () => siteInput("sites/demo-intermediate.yaml", "zh", (i) => ({ ...i, window: { start: "08:30", end: "17:00", timezone: "Asia/Shanghai", days: ["Saturday", "Sunday"] } }))],
];

function expectOk(r: Checked, what: string): void {
  if (r.status !== 0) throw new Error(`${what} failed the validator:\n${r.out}`);
}

function validate(target: string, files: RenderedFile[], dir: string): number {
  writeFiles(dir, files);
  const at = (p: string) => path.join(dir, p);
  let checked = 0;
  for (const f of files) {
    const p = at(f.path);
    if (f.path.endsWith(".nft")) {
      expectOk(f.path.startsWith("etc/nftables.d/") ? nftCheckFw4Include(p) : nftCheck(p), `${target}/${f.path}`);
      checked++;
    } else if (/dnsmasq/.test(f.path) && f.path.endsWith(".conf")) {
      expectOk(dnsmasqCheck(p), `${target}/${f.path}`);
      checked++;
    } else if (f.path.endsWith(".xml")) {
      // config.xml sections (pfSense/OPNsense): well-formed, and the root the product expects.
      const v = XMLValidator.validate(typeof f.content === "string" ? f.content : "");
      if (v !== true) throw new Error(`${target}/${f.path} is not well-formed XML: ${v.err.msg} (line ${v.err.line})`);
      expect(f.content).toMatch(new RegExp(`^<\\?xml version="1\\.0"\\?>\\n<${target}>\\n`));
      checked++;
    } else if (/unbound/.test(f.path)) {
      expectOk(unboundCheck(p), `${target}/${f.path}`);
      checked++;
    }
  }
  if (target === "openwrt") {
    // The whole ruleset as fw4 renders it (ruleset-pre, table inet fw4 with the include, ruleset-post).
    const fw4root = path.join(dir, "fw4root");
    writeFiles(fw4root, files);
    expectOk(nftCheck(writeFw4Ruleset(fw4root)), "openwrt as fw4 loads it");
    checked++;
  }
  const squid = files.filter((f) => f.path.startsWith("conf.d/")).map((f) => at(f.path)).sort();
  if (squid.length) { expectOk(squidCheck(dir, squid), `${target} squid includes`); checked++; }
  return checked;
}

describe.each(VARIANTS)("real validators: %s", (_name, make) => {
  const input = make();
  it.each(["openwrt", "nftables", "dnsmasq", "unbound", "squid", "pfsense", "opnsense"] as const)("%s output passes its validator", (id) => {
    const n = validate(id, ROUTER_TARGETS[id].render(input), tmpDir(id));
    expect(n).toBeGreaterThan(0);
  });
});

describe("validators catch what they should (the harness is not a rubber stamp)", () => {
  it("nft -c rejects a broken ruleset and dnsmasq --test a bad option", () => {
    const dir = tmpDir("neg");
    writeFiles(dir, [
      { path: "bad.nft", content: "table inet t {\n\tset s { type ipv4_addr; elements = { 10.213.1.300 } }\n}\n", description: "" },
      { path: "bad-dnsmasq.conf", content: "bogus-option-xyz=1\n", description: "" },
    ]);
    expect(nftCheck(path.join(dir, "bad.nft")).status).not.toBe(0);
    expect(dnsmasqCheck(path.join(dir, "bad-dnsmasq.conf")).status).not.toBe(0);
  });
});
