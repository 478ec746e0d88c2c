import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseBlock, parseBlock6Reference } from "../../src/ipplan/addresses";

/** The fast IPv6 block parser (issue 14) must give ip-num's answer for every block, valid or not. */
describe("IPv6 blocks", () => {
  it("agree with ip-num's IPv6CidrRange on aligned and unaligned blocks", () => {
    const group = fc.integer({ min: 0, max: 0xffff });
    fc.assert(
      fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 128 }), fc.boolean(), fc.boolean(), (g, p, align, compress) => {
        let v = g.reduce((acc, x) => (acc << 16n) | BigInt(x), 0n);
        if (align) v -= v % (1n << BigInt(128 - p));
        const groups: string[] = [];
        for (let i = 7; i >= 0; i--) groups.push(((v >> BigInt(i * 16)) & 0xffffn).toString(16));
        let text = groups.join(":");
        if (compress) text = text.replace(/(^|:)0(:0)+(:|$)/, "::");
        const t = `${text}/${p}`;
        expect(parseBlock(t, 6)).toEqual(parseBlock6Reference(t));
        expect(parseBlock(t, 6)).toEqual(parseBlock6Reference(t)); // the remembered answer (issue 14)
      }),
      { numRuns: 1000 },
    );
  });

  it("words errors like ip-num's path", () => {
    for (const t of ["fd00:20::/48", "fd00:20::1/48", "fd00:20::/129", "fd00:20::", "fd00::20::/48", "gd00::/8", " fd00:20::/48 ", "::/0", "::1/128", "FD00:20::/48"])
      expect(parseBlock(t, 6)).toEqual(parseBlock6Reference(t));
  });
});
