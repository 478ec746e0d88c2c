import { describe, expect, it } from "vitest";
import { normalise } from "../../src/allowlist";
import { readCsvList, readTextList } from "../../src/allowlist/sources";
import { parseEntry } from "../../src/allowlist/parse-entry";
import { mergeCidrs } from "../../src/allowlist/cidr";
import { ROUTER_FAMILIES } from "../../src/model/router-families";
import { ROUTER_TARGETS } from "../../src/allowlist/targets";

const src = { file: "list.txt", line: 1 };

describe("entry parsing (manual §3.2 ROUTER-ALLOWLIST input)", () => {
  it("reads names, wildcards, URLs, ports, addresses", () => {
    expect(parseEntry("Exam.Example.CN.", src)).toMatchObject({ ok: true, entry: { kind: "domain", name: "exam.example.cn", match: "exact" } });
    expect(parseEntry("*.example.cn", src)).toMatchObject({ ok: true, entry: { name: "example.cn", match: "subtree" } });
    expect(parseEntry(".example.cn:8443,80", src)).toMatchObject({ ok: true, entry: { match: "subtree", ports: [80, 8443] } });
    expect(parseEntry("https://Bücher.example/login?x=1", src)).toMatchObject({ ok: true, entry: { name: "xn--bcher-kva.example", path: "/login?x=1" } });
    expect(parseEntry("http://exam.example.cn:8080/", src)).toMatchObject({ ok: true, entry: { ports: [8080] } });
    expect(parseEntry("192.0.2.7", src)).toMatchObject({ ok: true, entry: { kind: "ipv4", cidr: "192.0.2.7/32" } });
    expect(parseEntry("[2001:db8::1]:443", src)).toMatchObject({ ok: true, entry: { kind: "ipv6", cidr: "2001:db8::1/128", ports: [443] } });
    expect(parseEntry("例子.中国", src)).toMatchObject({ ok: true, entry: { name: "xn--fsqu00a.xn--fiqs8s" } });
  });

  it.each([
    ["*", /allow every address/],
    ["0.0.0.0/0", /broader|allow/],
    ["::/0", /broader|allow/],
    ["exa mple.org", /white space/],
    ["exam;ple.org", /";"/],
    ["a.*.example.org", /leading/],
    ["192.0.2.5/24", /not aligned/],
    ["127.0.0.1", /loopback/],
    ["ftp://x.example.org", /only http/],
    ["localhost", /two labels/],
    [`${"a".repeat(64)}.example.org`, /63/],
    ["-bad.example.org", /inner hyphens/],
    ["exam.example.org:99999", /port/],
  ])("refuses %j with a reason", (input, reason) => {
    const r = parseEntry(input, src);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.en).toMatch(reason);
  });

  it("text lists report the file and line of every refused entry", () => {
    const r = readTextList("official.txt", "# header\nexam.example.cn\n\nbad name.example.cn  # comment\n*.com.cn\n");
    expect(r.entries).toHaveLength(2);
    expect(r.problems).toEqual([{ file: "official.txt", line: 4, path: "", message: expect.stringMatching(/white space/), zh: expect.stringMatching(/空白字符/) }]);
  });

  it("CSV lists use the 网址 and 端口 columns", () => {
    const r = readCsvList("official.csv", "\uFEFF名称,网址,端口\n考试平台,exam.example.cn,\n镜像,\"mirror.example.cn\",8443\n");
    expect(r.problems).toEqual([]);
    expect(r.entries.map((e) => [e.kind === "domain" ? e.name : "", e.ports, e.source.line])).toEqual([["exam.example.cn", undefined, 2], ["mirror.example.cn", [8443], 3]]);
  });
});

describe("normalisation", () => {
  const entries = (lines: string) => readTextList("l.txt", lines).entries;

  it("removes duplicates and names covered by a subtree entry, keeps sources", () => {
    const n = normalise(entries("a.example.cn\nA.example.cn\n*.example.cn\nwww.example.cn\nother.example.org\nx.example.cn:8443\n"));
    expect(n.problems).toEqual([]);
    const web = n.policy.groups.find((g) => g.id === "web")!;
    expect(web.domains.map((d) => `${d.match}:${d.name}`)).toEqual(["subtree:example.cn", "exact:other.example.org"]);
    expect(n.policy.stats).toMatchObject({ removedDuplicates: 1, removedCovered: 2 });
    // an extra port is not covered by the web-only subtree
    expect(n.policy.groups.find((g) => g.id !== "web")!.domains[0]).toMatchObject({ name: "x.example.cn", ports: [8443], sources: ["l.txt:6"] });
  });

  it("refuses wildcards over a public suffix (ICANN and private sections)", () => {
    const n = normalise(entries("*.com.cn\n*.github.io\nok.github.io\n*.edu.cn\n"));
    expect(n.problems.map((p) => p.line)).toEqual([1, 2, 4]);
    expect(n.problems[0].message).toMatch(/public suffix "com.cn"/);
  });

  it("merges networks into the minimal prefix list, per port group", () => {
    const n = normalise(entries("192.0.2.0/25\n192.0.2.128/25\n192.0.2.7\n198.51.100.1\n198.51.100.2/31\n198.51.100.0\n2001:db8::/65\n2001:db8:0:0:8000::/65\n"));
    const web = n.policy.groups[0];
    expect(web.ipv4).toEqual(["192.0.2.0/24", "198.51.100.0/30"]);
    expect(web.ipv6).toEqual(["2001:db8::/64"]);
  });

  it("splits an arbitrary range into aligned prefixes", () => {
    expect(mergeCidrs(4, [{ first: 0x0a000001n, last: 0x0a000006n }])).toEqual(["10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32"]);
  });

  it("flags shared CDN front ends and very broad networks", () => {
    const n = normalise(entries("104.16.1.1\n10.0.0.0/9\n"));
    expect(n.warnings.map((w) => w.code)).toEqual(["cdn-shared-address", "broad-network"]);
    expect(n.warnings[0].source).toBe("l.txt:1");
  });

  it("gives the same policy for the same entries in any order", () => {
    const a = normalise(entries("b.example.cn\na.example.cn\n192.0.2.1\n*.c.example.org\n"));
    const b = normalise(entries("192.0.2.1\n*.c.example.org\na.example.cn\nb.example.cn\n"));
    // sources name other lines; everything else is identical
    const strip = (p: typeof a.policy) => JSON.stringify(p, (k, v) => (k === "sources" ? undefined : v));
    expect(strip(a.policy)).toBe(strip(b.policy));
  });
});

describe("target registry", () => {
  it("has exactly one router target per router family", () => {
    expect(Object.keys(ROUTER_TARGETS).sort()).toEqual([...ROUTER_FAMILIES].sort());
    for (const [id, t] of Object.entries(ROUTER_TARGETS)) expect(t.id).toBe(id);
  });
});
