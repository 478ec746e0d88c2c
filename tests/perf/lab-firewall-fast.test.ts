import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { labServerNftRules } from "../../src/databases/lab-firewall";
import { labServerNftRulesReference } from "./lab-firewall-reference";
import type { ConnectivityIntent } from "../../src/allowlist/intent/types";

/** The one-pass lab-server rules (issue 14) write what the filter/flatMap version wrote, and refuse what it refused. */
const outcome = (f: () => string) => {
  try {
    return f();
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
};

describe("labServerNftRules fast path", () => {
  it("same text or same error as the reference for any flows: duplicates, other classes, other servers, bad addresses and ports", () => {
    const address = fc.oneof(fc.ipV4(), fc.constantFrom("10.0.0.10", "10.0.0.11", "10.1.2.300", "not-an-ip", "10.0.0.0/24"));
    const flow = fc.record({
      class: fc.constantFrom("seat-db", "seat-db", "dns-router", "allowlist"),
      to: fc.record({ kind: fc.constantFrom("lan-server", "lan-server", "router"), address: fc.constantFrom("10.0.0.10", "10.0.0.11") }),
      seat: fc.option(address, { nil: undefined }),
      ports: fc.array(fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.constantFrom(3306, 27017, 6379, 0, 70000, 1.5)), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(flow, { maxLength: 30 }), fc.array(address, { maxLength: 5 }), fc.constantFrom<"zh" | "en">("zh", "en"), (allowed, seats4, lang) => {
        const intent = { allowed, lan: { seats4 } } as unknown as ConnectivityIntent;
        const server = { id: "lab1", ipv4: "10.0.0.10" };
        expect(outcome(() => labServerNftRules(intent, server, "site-a", lang))).toBe(outcome(() => labServerNftRulesReference(intent, server, "site-a", lang)));
      }),
      { numRuns: 3000 },
    );
  });
});
