import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { IPv4, IPv6, Validator } from "ip-num";
import { getPublicSuffix } from "tldts";
import { canonicalQuad, cidrOf, formatAddress, plainIPv6, validatedValue, type Cidr } from "../../src/allowlist/cidr";
import { neverRange } from "../../src/allowlist/special-addresses";
import { said, type Said } from "../../src/allowlist/said";
import { publicSuffixOf } from "../../src/allowlist/host-name";

/** cidr.ts reads validated addresses without ip-num's slow constructors: same values as ip-num. */
describe("validatedValue agrees with ip-num", () => {
  it("IPv4: every address ip-num accepts", () => {
    fc.assert(
      fc.property(fc.ipV4(), (a) => {
        expect(Validator.isValidIPv4String(a)[0]).toBe(true);
        expect(validatedValue(4, a)).toBe(IPv4.fromDecimalDottedString(a).getValue());
      }),
      { numRuns: 2000 },
    );
  });

  it("IPv6: compressed, upper-case, embedded IPv4 and zone-id forms", () => {
    const forms = fc.oneof(fc.ipV6(), fc.ipV6().map((a) => a.toUpperCase()), fc.ipV6().map((a) => `${a}%eth0`));
    fc.assert(
      fc.property(forms, (a) => {
        fc.pre(Validator.isValidIPv6String(a)[0]);
        expect(validatedValue(6, a)).toBe(IPv6.fromString(a).getValue());
      }),
      { numRuns: 2000 },
    );
    for (const a of ["::", "::1", "1::", "::ffff:192.0.2.1", "::192.0.2.1", "2001:db8::a", "fe80::1%eth0", "1:2:3:4:5:6:7:8"])
      expect(validatedValue(6, a)).toBe(IPv6.fromString(a).getValue());
  });
});

/** The canonical dotted-quad fast path (issue 14) answers only where ip-num accepts, with ip-num's value. */
describe("canonicalQuad agrees with ip-num", () => {
  it("every quad it reads is valid for ip-num and has ip-num's value; what it refuses goes to ip-num", () => {
    const octet = fc.oneof(fc.integer({ min: 0, max: 255 }).map(String), fc.integer({ min: 0, max: 999 }).map(String), fc.constantFrom("00", "01", "007", "-1", "", "1a", " 1", "256"));
    fc.assert(
      fc.property(fc.array(octet, { minLength: 3, maxLength: 5 }), (parts) => {
        const a = parts.join(".");
        const fast = canonicalQuad(a);
        if (fast !== undefined) {
          expect(Validator.isValidIPv4String(a)[0]).toBe(true);
          expect(fast).toBe(IPv4.fromDecimalDottedString(a).getValue());
        }
      }),
      { numRuns: 3000 },
    );
    fc.assert(fc.property(fc.ipV4(), (a) => { expect(canonicalQuad(a)).toBe(IPv4.fromDecimalDottedString(a).getValue()); }), { numRuns: 1000 });
  });

  it("cidrOf reads canonical quads to ip-num's value", () => {
    fc.assert(
      fc.property(fc.ipV4(), (a) => {
        const r = cidrOf(a);
        if ("first" in r) expect(r.first).toBe(IPv4.fromDecimalDottedString(a).getValue());
      }),
      { numRuns: 1000 },
    );
    expect(cidrOf("192.0.2.1/24")).toMatchObject({ en: expect.stringMatching(/not aligned/), zh: expect.stringMatching(/没有对齐/) });
    expect(cidrOf("256.1.1.1")).toMatchObject({ en: expect.stringMatching(/not a valid IPv4/), zh: expect.stringMatching(/不是有效的 IPv4/) });
  });
});

/** The hex-groups IPv6 fast path (issue 14) answers only where ip-num accepts, with ip-num's value. */
describe("plainIPv6 agrees with ip-num", () => {
  const ipNum = (a: string) => (Validator.isValidIPv6String(a)[0] ? IPv6.fromString(a).getValue() : undefined);

  it("every text it reads is valid for ip-num with ip-num's value", () => {
    // Mostly near-valid texts (hex groups and single colons), with some odd groups and separators.
    const group = fc.oneof({ arbitrary: fc.stringMatching(/^[0-9a-fA-F]{1,4}$/), weight: 12 }, { arbitrary: fc.constantFrom("", "0", "00000", "12345", "g", "1g", " 1", "1.2.3.4", "ffff", "FFFF", "0000"), weight: 1 });
    const sep = fc.oneof({ arbitrary: fc.constant(":"), weight: 10 }, { arbitrary: fc.constant("::"), weight: 2 }, { arbitrary: fc.constantFrom(":::", "", ".", "%", "/"), weight: 1 });
    const text = fc.array(fc.tuple(group, sep), { maxLength: 10 }).chain((xs) => fc.constantFrom(xs.map(([g, s]) => g + s).join(""), xs.map(([g, s]) => g + s).join("").replace(/:+$/, ""), xs.map(([g, s]) => s + g).join("")));
    fc.assert(
      fc.property(text, (a) => {
        const fast = plainIPv6(a);
        if (fast !== undefined) expect(fast).toBe(ipNum(a));
      }),
      { numRuns: 5000 },
    );
  });

  it("reads every hex-only form fast-check generates, and cidrOf gives ip-num's value", () => {
    const forms = fc.oneof(fc.ipV6(), fc.ipV6().map((a) => a.toUpperCase()));
    fc.assert(
      fc.property(forms, (a) => {
        fc.pre(!a.includes("."));
        expect(plainIPv6(a)).toBe(IPv6.fromString(a).getValue());
        const r = cidrOf(a);
        if ("first" in r) expect(r.first).toBe(IPv6.fromString(a).getValue());
      }),
      { numRuns: 3000 },
    );
  });

  it("edge forms: the longest, the shortest, one-group gaps, and what it leaves to ip-num", () => {
    for (const a of ["::", "::1", "1::", "1:2:3:4:5:6:7::", "::1:2:3:4:5:6:7", "1:2:3:4:5:6::7", "1:2:3:4:5:6:7:8", "ABCD::00ff", "0000:0000::"])
      expect(plainIPv6(a)).toBe(IPv6.fromString(a).getValue());
    for (const a of ["", ":", ":::", "1::2::3", ":1::", "1::2:", "01234::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::", "::ffff:192.0.2.1", "fe80::1%eth0", "1:2:3:4:5:6:7:g"])
      expect(plainIPv6(a)).toBeUndefined();
  });
});

/** cidrOf before the issue 14 IPv4 arithmetic: bigint prefix checks for every address. */
function cidrOfReference(text: string): Cidr | Said {
  const clip = (s: string) => {
    const safe = s.replace(/[\u0000-\u001f\u007f]/g, "?");
    return safe.length > 60 ? safe.slice(0, 57) + "…" : safe;
  };
  const MIN_PREFIX = { 4: 8, 6: 32 } as const;
  const t = text.trim();
  const v6 = t.includes(":");
  const [addr, lenText = v6 ? "128" : "32", extra] = t.split("/");
  if (extra !== undefined || !/^\d{1,3}$/.test(lenText)) return said("badPrefixLength", { entry: clip(t) });
  const len = Number(lenText);
  const bits = v6 ? 128 : 32;
  if (v6 ? !Validator.isValidIPv6String(addr)[0] : !Validator.isValidIPv4String(addr)[0]) return said("notAnAddress", { entry: clip(t), family: v6 ? 6 : 4 });
  if (len > bits) return said("badPrefixLength", { entry: clip(t) });
  const value = v6 ? IPv6.fromString(addr).getValue() : IPv4.fromDecimalDottedString(addr).getValue();
  const size = 1n << BigInt(bits - len);
  if (value % size !== 0n) return said("notAligned", { entry: clip(t), prefix: len });
  const family = v6 ? 6 : 4;
  if (len < MIN_PREFIX[family]) return said("tooBroad", { entry: clip(t), min: MIN_PREFIX[family] });
  const special = neverRange(family, value, value + size - 1n);
  if (special) return said("specialRange", { entry: clip(t), what: special });
  return { family, cidr: `${formatAddress(family, value)}/${len}`, first: value, last: value + size - 1n, prefix: len };
}

describe("cidrOf's fast paths agree with the ip-num and bigint reference", () => {
  it("IPv4: canonical and other quads, every prefix length, aligned or not, special ranges", () => {
    const octet = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 255 }).map(String), weight: 8 }, { arbitrary: fc.constantFrom("0", "00", "01", "127", "169", "224", "255", "256"), weight: 2 });
    const len = fc.oneof(fc.constant(""), fc.integer({ min: 0, max: 40 }).map((n) => `/${n}`), fc.constantFrom("/032", "/", "/a", "/8/8"));
    const aligned = fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 })).map(([v, l]) => {
      const a = v - (v % 2 ** (32 - l));
      return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}/${l}`;
    });
    const text = fc.oneof(fc.tuple(fc.array(octet, { minLength: 4, maxLength: 4 }), len).map(([o, l]) => o.join(".") + l), aligned, fc.constantFrom(" 192.0.2.1 ", "0.0.0.0/8", "127.0.0.1", "169.254.169.254", "224.0.0.0/3"));
    fc.assert(
      fc.property(text, (t) => {
        expect(cidrOf(t)).toEqual(cidrOfReference(t));
      }),
      { numRuns: 5000 },
    );
  });

  it("IPv6: hex groups with prefixes, embedded quads, zone ids", () => {
    const forms = fc.oneof(fc.ipV6(), fc.ipV6().map((a) => a.toUpperCase()), fc.ipV6().map((a) => `${a}%eth0`));
    const len = fc.oneof(fc.constant(""), fc.integer({ min: 0, max: 130 }).map((n) => `/${n}`));
    fc.assert(
      fc.property(forms, len, (a, l) => {
        expect(cidrOf(a + l)).toEqual(cidrOfReference(a + l));
      }),
      { numRuns: 3000 },
    );
  });
});

/** publicSuffixOf reads canonical names with tldts' checks off: same answers as tldts' defaults. */
describe("publicSuffixOf on canonical names", () => {
  it("agrees with tldts' default options", () => {
    const names = ["com.cn", "example.com.cn", "github.io", "a.github.io", "ck", "www.ck", "foo.ck", "s3.amazonaws.com", "xn--fiqs8s", "edu.cn", "exam.example.cn", "blogspot.com", "foo.bar.baz.jp", "kawasaki.jp", "city.kawasaki.jp", "x.city.kawasaki.jp"];
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
    const tld = fc.constantFrom("cn", "com.cn", "io", "github.io", "jp", "ck", "uk", "co.uk", "org", "xn--fiqs8s", "amazonaws.com");
    fc.assert(
      fc.property(fc.array(label, { maxLength: 3 }), tld, (labels, t) => {
        const name = [...labels, t].join(".");
        const expected = getPublicSuffix(name, { allowPrivateDomains: true });
        expect(publicSuffixOf(name)).toBe(expected === name ? name : undefined);
      }),
      { numRuns: 2000 },
    );
    for (const n of names) {
      const expected = getPublicSuffix(n, { allowPrivateDomains: true });
      expect(publicSuffixOf(n)).toBe(expected === n ? n : undefined);
    }
  });
});
