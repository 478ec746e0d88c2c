import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { IPv4CidrRange, Validator } from "ip-num";
import { canonicalIPv4Block, parseBlock } from "../../src/ipplan/addresses";

/** The arithmetic IPv4 block parser (issue 14) must agree with ip-num wherever it answers. */
function viaIpNum(t: string) {
  if (!Validator.isValidIPv4CidrNotation(t)[0] || !Validator.isValidIPv4CidrRange(t)[0]) return undefined;
  const r = IPv4CidrRange.fromCidr(t);
  return { family: 4, cidr: r.toCidrString(), first: r.getFirst().getValue(), size: r.getSize(), prefix: Number(r.getPrefix().getValue()) };
}

describe("canonical IPv4 blocks", () => {
  it("agree with ip-num on aligned and unaligned blocks", () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(octet, octet, octet, octet, fc.integer({ min: 0, max: 32 }), fc.boolean(), (a, b, c, d, p, align) => {
        let v = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
        if (align) v -= v % 2 ** (32 - p);
        const t = `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}/${p}`;
        const fast = canonicalIPv4Block(t);
        const ref = viaIpNum(t);
        if (fast) expect(fast).toEqual(ref);
        else expect(ref === undefined || !align).toBe(true);
        expect(parseBlock(t, 4)).toEqual(ref ?? parseBlock(t, 4));
        if (ref) expect(parseBlock(t, 4)).toEqual(ref);
      }),
      { numRuns: 5000 },
    );
  });

  it("leaves everything else to ip-num (same messages)", () => {
    for (const t of ["010.1.0.0/16", "10.1.0.0/33", "10.1.0.1/16", "10.1.0.0", "1.2.3.4/016", "256.0.0.0/8", " 10.0.0.0/8"]) {
      if (canonicalIPv4Block(t.trim())) expect(viaIpNum(t.trim())).toBeDefined();
    }
    expect(parseBlock("10.1.0.1/16", 4)).toMatch(/not aligned/);
    expect(parseBlock("10.1.0.0/33", 4)).toMatch(/expected an IPv4 CIDR block/);
    expect(parseBlock("10.20.0.0/16", 4)).toEqual({ family: 4, cidr: "10.20.0.0/16", first: 169082880n, size: 65536n, prefix: 16 });
  });
});
