import { afterAll, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileBareAllowlist } from "../../src/allowlist/bare";
import type { NormalisedPolicy } from "../../src/allowlist/model";

/**
 * `examlab allowlist --in a.txt [b.txt …]` (src/allowlist/bare.ts). One list is used as read, not
 * copied (issue 14); lists are cached per file and shared, so no call may change what another
 * call of the same file gets, whatever the order of one-list and several-list calls.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "examlab-bare-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, lines: string[]) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, lines.join("\n") + "\n");
  return f;
};
const a = file("a.txt", ["b.example.cn", "*.zone.example.org", "198.51.100.7", "a.example.cn"]);
const b = file("b.txt", ["a.example.cn", "x.zone.example.org", "2001:db8::/48", "c.example.cn:8443"]);
const both = file("both.txt", ["b.example.cn", "*.zone.example.org", "198.51.100.7", "a.example.cn", "a.example.cn", "x.zone.example.org", "2001:db8::/48", "c.example.cn:8443"]);

/** What the router enforces: groups, ports, names and networks (sources name the files). */
const enforced = (p: NormalisedPolicy) => p.groups.map((g) => ({ id: g.id, ports: g.ports, domains: g.domains.map((d) => `${d.match}:${d.name}`), ipv4: g.ipv4, ipv6: g.ipv6 }));

describe("bare allowlist from one or several files", () => {
  it("several lists give the policy of their concatenation, and a list's own result never changes", async () => {
    const onlyA = enforced((await compileBareAllowlist([a])).policy);
    const ab = await compileBareAllowlist([a, b]);
    expect(enforced(ab.policy)).toEqual(enforced((await compileBareAllowlist([both])).policy));
    expect(ab.policy.stats.inputEntries).toBe(8);
    expect(ab.policy.groups[0].domains.find((d) => d.name === "a.example.cn")?.sources).toEqual([`${a}:4`, `${b}:1`]);
    // Again after the several-list call, and the other order: the cached lists are untouched.
    expect(enforced((await compileBareAllowlist([a])).policy)).toEqual(onlyA);
    expect(enforced((await compileBareAllowlist([b, a])).policy)).toEqual(enforced(ab.policy));
    expect(enforced((await compileBareAllowlist([a])).policy)).toEqual(onlyA);
    expect((await compileBareAllowlist([a])).policy.stats.inputEntries).toBe(4);
  });
});
