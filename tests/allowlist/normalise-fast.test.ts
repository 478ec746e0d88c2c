import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { normalise } from "../../src/allowlist/normalise";
import { parseEntry } from "../../src/allowlist/parse-entry";
import { mergeCidrs, mergeCidrsBigint } from "../../src/allowlist/cidr";
import { dnsSetsByName } from "../../src/allowlist/targets/shared";
import type { AllowEntry, DomainRule, RenderInput } from "../../src/allowlist/model";
import { normaliseReference } from "./normalise-reference";

/**
 * The issue 14 fast paths of normalise() (maps per match kind, shared default port lists, the
 * last-two-labels coverage filter, the merged per-match sort, IPv4 merging in doubles) and of
 * dnsSetsByName (no re-sort of names already in order) give exactly what the plain versions gave.
 */
const label = fc.constantFrom("a", "b", "www", "exam", "cdn", "x-1", "example");
const tail = fc.constantFrom("cn", "example.cn", "com.cn", "example.org", "org", "github.io", "a.github.io", "co.uk", "example.co.uk");
const ports = fc.constantFrom("", "", "", ":80", ":443", ":443,80", ":8443", ":80,443", ":8080,8443");
const name = fc.tuple(fc.array(label, { maxLength: 3 }), tail).map(([ls, t]) => [...ls, t].join("."));
const domainLine = fc.oneof(
  fc.tuple(fc.constantFrom("", "", "*.", "."), name, ports).map(([w, n, p]) => `${w}${n}${p}`),
  fc.tuple(fc.constantFrom("http", "https"), name, fc.constantFrom("", "/", "/x", "/login?a=1", "/y/z")).map(([s, n, p]) => `${s}://${n}${p}`),
);
const v4Line = fc
  .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 16, max: 32 }), ports)
  .map(([a, b, c, len, p]) => {
    const base = [198, 51, 203, 104][a] * 2 ** 24 + (a === 3 ? 16 : 100) * 2 ** 16 + b * 256 + c;
    const aligned = base - (base % 2 ** (32 - len));
    const text = [aligned >>> 24, (aligned >>> 16) & 255, (aligned >>> 8) & 255, aligned & 255].join(".");
    return `${text}${len === 32 ? "" : `/${len}`}${p}`;
  });
const v6Line = fc
  .tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 3 }), fc.constantFrom(48, 56, 64, 128), ports)
  .map(([x, y, len, p]) => {
    if (len === 128) return p ? `[2001:db8:${x}::${y}]${p}` : `2001:db8:${x}::${y}`;
    return `2001:db8:${x}:${len === 48 ? 0 : len === 56 ? (y * 256).toString(16) : y}::/${len}`;
  });
const line = fc.oneof({ arbitrary: domainLine, weight: 3 }, { arbitrary: v4Line, weight: 2 }, { arbitrary: v6Line, weight: 1 });

function entriesOf(lines: readonly string[]): AllowEntry[] {
  const out: AllowEntry[] = [];
  lines.forEach((l, i) => {
    const r = parseEntry(l, { file: "list.txt", line: i + 1 });
    if (r.ok) out.push(r.entry);
  });
  return out;
}

describe("normalise() fast paths agree with the reference normaliser", () => {
  it("same policy (key order included), warnings and problems for random lists", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), fc.constantFrom([80, 443], [443, 80], [443], [80, 443, 8080]), (lines, defaults) => {
        const entries = entriesOf(lines);
        const fast = normalise(entries, defaults);
        const ref = normaliseReference(entries, defaults);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(ref));
        expect(fast).toEqual(ref);
      }),
      { numRuns: 1500 },
    );
  });

  it("covered names, exact and subtree of one name, duplicates with other ports and paths", () => {
    const lines = ["*.example.cn", "a.example.cn", "example.cn", "*.b.example.cn:8443", "c.b.example.cn:8443", "c.b.example.cn", "https://a.example.cn/x", "https://a.example.cn/y", "a.example.cn:8080", "*.github.io", "x.github.io", "*.x.github.io", "198.51.100.0/24", "198.51.101.0/24", "198.51.100.7", "2001:db8::/48", "[2001:db8::1]:443"];
    const entries = entriesOf(lines);
    expect(entries.length).toBe(lines.length); // *.github.io (a public suffix wildcard) is refused by normalise
    expect(JSON.stringify(normalise(entries))).toBe(JSON.stringify(normaliseReference(entries)));
  });
});

describe("mergeCidrs: IPv4 in doubles agrees with the bigint version", () => {
  it("overlapping, nested, adjacent and disjoint networks, the ends of the address space", () => {
    const edge = fc.constantFrom(0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 256, 2 ** 32 - 1);
    const start = fc.oneof(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 4095 }), edge);
    const interval = fc.tuple(start, fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 2 ** 20 }), fc.constantFrom(0, 255, 256, 2 ** 32))).map(([a, n]) => ({ first: BigInt(a), last: BigInt(Math.min(a + n, 2 ** 32 - 1)) }));
    const prefix = fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 })).map(([a, len]) => {
      const size = 2 ** (32 - len);
      const first = a - (a % size);
      return { first: BigInt(first), last: BigInt(first + size - 1) };
    });
    fc.assert(
      fc.property(fc.array(fc.oneof(interval, prefix), { maxLength: 40 }), (items) => {
        expect(mergeCidrs(4, items)).toEqual(mergeCidrsBigint(4, items));
      }),
      { numRuns: 3000 },
    );
    const all = [{ first: 0n, last: 2n ** 32n - 1n }];
    expect(mergeCidrs(4, all)).toEqual(mergeCidrsBigint(4, all));
  });
});

describe("dnsSetsByName keeps a map already in name order", () => {
  const reference = (input: RenderInput) => {
    const byName = new Map<string, { rule: DomainRule; groups: string[] }>();
    for (const g of input.policy.groups)
      for (const d of g.domains) {
        const e = byName.get(d.name);
        if (e) e.groups.push(g.id);
        else byName.set(d.name, { rule: d, groups: [g.id] });
      }
    return [...byName.keys()].sort().map((k) => [k, byName.get(k)!] as const);
  };
  it("one or several port groups, a name in several groups, exact and subtree of one name", () => {
    fc.assert(
      fc.property(fc.array(domainLine, { maxLength: 40 }), (lines) => {
        const { policy } = normalise(entriesOf(lines));
        const input = { policy } as RenderInput;
        expect([...dnsSetsByName(input)]).toEqual(reference(input));
      }),
      { numRuns: 1000 },
    );
  });
});
