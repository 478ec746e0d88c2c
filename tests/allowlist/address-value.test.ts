import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { IPv4, IPv6, Validator } from "ip-num";
import { validatedValue } from "../../src/allowlist/cidr";

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
