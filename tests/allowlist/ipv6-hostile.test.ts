import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalise, ROUTER_TARGETS } from "../../src/allowlist";
import type { AllowEntry, RenderInput } from "../../src/allowlist/model";
import { parseEntry } from "../../src/allowlist/parse-entry";
import { mergeCidrs, intervalOf } from "../../src/allowlist/cidr";
import { formatAddress } from "../../src/ipplan/addresses";
import { readHuawei } from "./readback/huawei";
import { readH3c } from "./readback/h3c";
import { siteInput, text } from "./helpers";

/**
 * Hostile input and the IPv6 renderings of the Huawei and H3C scripts (issue 10 item 15 for the
 * IPv6 half): IPv6 allowlist entries in every textual form, with hostile suffixes, are refused or
 * reach the scripts only as canonical prefixes — and the strict read-back parsers (which refuse any
 * line they do not know) accept the whole script and find exactly the normalised IPv6 networks.
 * Values that bypass validation and still reach the IPv6 renderer stop at the output guard.
 */
const site = () => siteInput("sites/demo-intermediate.yaml", "zh");
const src = { file: "official.txt", line: 3 };
const HOSTILE_SUFFIX = ["", " ", ";", "#", "\n", "\nquit", "\nundo security-policy", " any", "/", "%eth0", "]", "`", "$(reboot)", "\u200b", " mask 0", " 0"];

/** Global-unicast-looking IPv6 addresses (2000::/3), printed in several textual forms. */
const v6value = fc.tuple(fc.integer({ min: 0x2000, max: 0x3fff }), fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 7, maxLength: 7 })).map(([top, rest]) => [top, ...rest].reduce((acc, g) => (acc << 16n) | BigInt(g), 0n));
const v6entry = fc.tuple(v6value, fc.integer({ min: 16, max: 128 }), fc.constantFrom("plain", "cidr", "upper", "full", "bracket-port", "url"), fc.constantFrom(...HOSTILE_SUFFIX)).map(([v, len, form, suffix]) => {
  const a = formatAddress(6, v);
  const full = [...Array(8)].map((_, i) => ((v >> BigInt(16 * (7 - i))) & 0xffffn).toString(16).padStart(4, "0")).join(":");
  const body = form === "plain" ? a : form === "cidr" ? `${a}/${len}` : form === "upper" ? `${a.toUpperCase()}/${len}` : form === "full" ? full : form === "bracket-port" ? `[${a}]:8443` : `https://[${a}]:8443/path`;
  return body + suffix;
});

function scripts(input: RenderInput) {
  return {
    huawei: text(ROUTER_TARGETS.huawei.render(input).find((f) => f.path === "examlab-allowlist.huawei.txt")),
    h3c: text(ROUTER_TARGETS.h3c.render(input).find((f) => f.path === "examlab-allowlist.h3c.txt")),
  };
}

describe("IPv6 allowlist entries in the Huawei and H3C scripts (hostile input)", () => {
  it("are refused or reach both scripts only as canonical prefixes that the strict read-back finds exactly", () => {
    const base = site();
    expect(base.lan.ipv6).toBe("filter");
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(v6entry, { minLength: 1, maxLength: 6 }), (texts) => {
        const entries: AllowEntry[] = [];
        for (const t of texts) {
          const r = parseEntry(t, src);
          if (r.ok) entries.push(r.entry);
        }
        if (!entries.length) return;
        accepted += entries.length;
        const policy = normalise(entries).policy;
        const { huawei, h3c } = scripts({ ...base, policy });
        for (const [family, script] of [["huawei", huawei], ["h3c", h3c]] as const) {
          // Printable ASCII only outside comments: nothing of the hostile suffixes survives.
          for (const line of script.split("\n")) if (!line.startsWith("#")) expect(line, family).toMatch(/^[\x20-\x7e]*$/);
          expect(script).not.toMatch(/\$\(|`|%eth0|\u200b/);
        }
        // Every IPv6 network of the policy, and nothing else, is in the allowlisted IPv6 objects.
        for (const g of policy.groups) {
          const want = mergeCidrs(6, g.ipv6.map(intervalOf));
          const hw = readHuawei(huawei).rules.filter((r) => r.origin?.startsWith(`rule examlab6_allow_ip_${g.id} `));
          const h3 = readH3c(h3c).rules.filter((r) => r.origin?.startsWith(`rule examlab6_allow_ip_${g.id} `));
          if (!want.length) { expect(hw).toEqual([]); expect(h3).toEqual([]); continue; }
          for (const rules of [hw, h3]) {
            expect(rules.length).toBeGreaterThan(0);
            for (const r of rules) expect(r.dst?.cidrs, `${g.id}`).toEqual(want);
          }
        }
      }),
      { numRuns: 100, seed: 610 },
    );
    expect(accepted).toBeGreaterThan(50); // the generator does produce acceptable entries
  });

  it("with ipv6: block, accepted IPv6 networks never become a permit", () => {
    const base = site();
    const input: RenderInput = { ...base, lan: { ...base.lan, ipv6: "block" }, policy: normalise([parseEntry("2001:db8:77::/48", src), parseEntry("exam.example.cn", src)].flatMap((r) => (r.ok ? [r.entry] : []))).policy };
    const { huawei, h3c } = scripts(input);
    for (const s of [huawei, h3c]) {
      expect(s).not.toMatch(/2001:db8:77::/);
      expect(s).not.toMatch(/rule name examlab6_allow_/);
      expect(s).toMatch(/ rule name examlab6_block\n/);
    }
  });
});

describe("values that bypass validation stop at the output guard of the IPv6 renderers", () => {
  const EVIL = ["fd00:20:0:c9::/64\nquit\nundo security-policy", "fd00:20::1 any", "fd00:20::5;reboot", "fd00:20::a\"", "fd00:20::a`x`"];
  // [value, tamper, the refusal expected]: LAN values stop at the IPv6 renderer's guard; an
  // allowlist network is already refused when the intent computes its probes (address parsing).
  const tamper: [string, (i: RenderInput, evil: string) => RenderInput, RegExp][] = [
    ["room prefix", (i, e) => ({ ...i, lan: { ...i.lan, infra: { ...i.lan.infra!, rooms6: [e] } } }), /^refusing to emit address /],
    ["router address", (i, e) => ({ ...i, lan: { ...i.lan, infra: { ...i.lan.infra!, router6: [e] } } }), /^refusing to emit address /],
    ["NVR address", (i, e) => ({ ...i, lan: { ...i.lan, infra: { ...i.lan.infra!, nvr6: [e] } } }), /^refusing to emit address /],
    ["lab server address", (i, e) => ({ ...i, lan: { ...i.lan, infra: { ...i.lan.infra!, labServers: [{ name: "lab1", ipv4: "10.20.0.10", ipv6: e }] } } }), /^refusing to emit address /],
    ["allowlisted IPv6 network", (i, e) => ({ ...i, policy: { ...i.policy, groups: i.policy.groups.map((g) => ({ ...g, ipv6: [e] })) } }), /^refusing to emit address |cannot be converted|Cidr notation|not a valid IPv6|not confirm to a valid IPv6/i],
  ];
  it.each(tamper)("%s", (_n, mutate, refusal) => {
    for (const evil of EVIL)
      for (const family of ["huawei", "h3c"] as const) {
        let out = "";
        try {
          out = ROUTER_TARGETS[family].render(mutate(site(), evil)).map((f) => text(f)).join("\n");
        } catch (e) {
          expect((e as Error).message, `${family} ${JSON.stringify(evil)}`).toMatch(refusal);
          continue;
        }
        // Rendering succeeded only if the hostile part never reached the output.
        expect(out, `${family} ${JSON.stringify(evil)}`).not.toContain(evil.slice(evil.search(/[\n ;"`]/)));
      }
  });
});
