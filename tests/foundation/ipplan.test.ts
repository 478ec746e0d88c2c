import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { loadSiteFile } from "../../src/model/site";
import { formatIPv6, formatIPv6Reference } from "../../src/ipplan/addresses";
import { MINIMAL_SITE, problemsOf } from "./helpers";
import { migrationNote, subnetReason } from "../../src/ipplan/explain";
import { renderReport } from "../../src/report/render";
import { runChecks } from "../../src/compliance/engine";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const room = (id: string, extra = "") => `  - id: "${id}"
    levels: [primary]
    candidates: 40${extra}
    layout: { widthM: 12, depthM: 12, rows: 5, columns: 10, pitchM: 1.1 }
`;
const siteWith = (rooms: string[], network = "  block: 10.9.0.0/16") =>
  MINIMAL_SITE.replace(/network:\n  block: 10.9.0.0\/16\nrooms:\n[\s\S]*$/, `network:\n${network}\nrooms:\n${rooms.join("")}`);
const subnets = (yaml: string) => Object.fromEntries(loadSiteFile("s.yaml", yaml).plan.rooms.map((r) => [r.room, r.subnet]));

describe("IP plan", () => {
  it("numbers room subnets after the room and seats from .10", () => {
    const site = loadSiteFile("s.yaml", siteWith([room("101"), room("102")]));
    expect(site.plan.rooms.map((r) => [r.room, r.subnet, r.gateway])).toEqual([["101", "10.9.101.0/24", "10.9.101.1"], ["102", "10.9.102.0/24", "10.9.102.1"]]);
    const seat1 = site.plan.leases.find((l) => l.room === "101" && l.seat === 1)!;
    expect(seat1).toMatchObject({ hostname: "R101-01", ipv4: "10.9.101.10", role: "candidate" });
    expect(site.plan.leases.find((l) => l.room === "101" && l.seat === 50)).toMatchObject({ ipv4: "10.9.101.59", role: "spare" });
    expect(site.plan.infrastructure).toMatchObject({ subnet: "10.9.0.0/24", router: "10.9.0.1" });
    expect(site.plan.dns).toEqual(["10.9.0.1"]);
  });

  it("is stable: adding or reordering rooms does not renumber the others", () => {
    const before = subnets(siteWith([room("lab-a"), room("lab-b"), room("305")]));
    const after = subnets(siteWith([room("305"), room("new-room"), room("lab-b"), room("lab-a"), room("9")]));
    for (const [id, subnet] of Object.entries(before)) expect(after[id]).toBe(subnet);
    // Same input, same output.
    expect(subnets(siteWith([room("lab-a"), room("lab-b"), room("305")]))).toEqual(before);
  });

  it("keeps declared subnets and moves colliding rooms to a free block", () => {
    const s = subnets(siteWith([room("7", "\n    subnet: 10.9.12.0/24"), room("12")]));
    expect(s["7"]).toBe("10.9.12.0/24");
    expect(s["12"]).toBe("10.9.13.0/24");
  });

  it("reports overlapping, misaligned and outside subnets", () => {
    expect(problemsOf(siteWith([room("1", "\n    subnet: 10.9.5.0/24"), room("2", "\n    subnet: 10.9.5.0/24")]))).toEqual([
      "site.yaml:15: rooms[1].subnet: 10.9.5.0/24 overlaps room 1",
    ]);
    expect(problemsOf(siteWith([room("1", "\n    subnet: 10.9.0.0/24")]))).toEqual(["site.yaml:10: rooms[0].subnet: 10.9.0.0/24 overlaps the infrastructure subnet (the block's first)"]);
    expect(problemsOf(siteWith([room("1", "\n    subnet: 10.8.5.0/24")]))).toEqual(["site.yaml:10: rooms[0].subnet: 10.8.5.0/24 is outside the site block 10.9.0.0/16"]);
    expect(problemsOf(siteWith([room("1", "\n    subnet: 10.9.5.7/24")]))).toEqual(['site.yaml:10: rooms[0].subnet: "10.9.5.7/24" is not aligned: the address must be the first of its /24 block']);
    expect(problemsOf(siteWith([room("1")], "  block: 10.9.0.0/33"))).toEqual(['site.yaml:5: network.block: expected an IPv4 CIDR block such as 10.20.0.0/16, got "10.9.0.0/33"']);
  });

  it("reports exhaustion of the site block and of a room subnet", () => {
    // A /23 holds two /24s: the infrastructure subnet and one room.
    expect(problemsOf(siteWith([room("1"), room("2")], "  block: 10.9.0.0/23"))).toEqual([
      "site.yaml:5: network.block: the site block 10.9.0.0/23 holds 1 room /24 subnet(s) besides the infrastructure subnet (its first /24), but 2 room(s) need 3 /24 subnets: use a /22 block such as 10.9.0.0/22, or network.roomPrefix: 26",
    ]);
    // 50 seats need .10-.59: a /26 (64 addresses) holds them, a /27 does not.
    expect(problemsOf(siteWith([room("1")], "  block: 10.9.0.0/16\n  roomPrefix: 26"))).toEqual([]);
    expect(problemsOf(siteWith([room("1")], "  block: 10.9.0.0/16\n  roomPrefix: 27"))).toEqual([
      "site.yaml:8: rooms[0]: room 1 needs 50 machine addresses from offset 10, more than 10.9.0.32/27 holds (use a larger network.roomPrefix)",
    ]);
  });

  it("plans IPv6 alongside IPv4 with the same host offsets", () => {
    const site = loadSiteFile("s.yaml", siteWith([room("101")], "  block: 10.9.0.0/16\n  block6: fd00:9::/48"));
    expect(site.plan.rooms[0]).toMatchObject({ subnet6: "fd00:9:0:65::/64", gateway6: "fd00:9:0:65::1" });
    expect(site.plan.leases.find((l) => l.seat === 1)).toMatchObject({ ipv4: "10.9.101.10", ipv6: "fd00:9:0:65::a" });
    expect(problemsOf(siteWith([room("1")], "  block: 10.9.0.0/16\n  block6: fd00:9::1/48"))).toEqual(['site.yaml:6: network.block6: "fd00:9::1/48" is not aligned: the address must be the first of its /48 block']);
    // An IPv6 block with fewer /64s than rooms need is exhausted too.
    expect(problemsOf(siteWith([room("1"), room("2")], "  block: 10.9.0.0/16\n  block6: fd00:9::/63"))).toEqual([
      "site.yaml:6: network.block6: the IPv6 block fd00:9::/63 holds 1 room /64 subnet(s) besides the infrastructure subnet (its first /64), but 2 room(s) need 3 /64 subnets: use a /62 block such as fd00:9::/62",
    ]);
  });

  it("gives every seat, spare, camera, router and lab server a unique address and carries MACs into leases", () => {
    const site = loadSiteFile("sites/demo-intermediate.yaml");
    const ips = site.plan.leases.map((l) => l.ipv4);
    expect(new Set(ips).size).toBe(ips.length);
    const roles = new Set(site.plan.leases.map((l) => l.role));
    expect([...roles].sort()).toEqual(["camera", "candidate", "lab-server", "nvr", "router", "spare"]);
    expect(site.plan.leases.find((l) => l.room === "201" && l.seat === 2)?.mac).toBe("00:1A:2B:20:01:02");
    expect(site.plan.leases.filter((l) => l.room === "201" && l.hostname.startsWith("R201-SP"))).toHaveLength(2);
  });

  it("rejects host names longer than Windows allows", () => {
    expect(problemsOf(siteWith([room("Lab-Building-12"), room("102", "\n    hostnamePrefix: ABCDEFGHIJK")]))).toEqual([
      "site.yaml:7: rooms[0].hostnamePrefix: host name RLab-Building-12-01 is longer than Windows' 15 characters; set a shorter hostnamePrefix",
    ]);
  });
});

describe("IPv6 formatting", () => {
  it("matches ip-num's RFC 5952 collapsing for any value", () => {
    const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
    fc.assert(
      fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), (gs) => {
        const v = gs.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
        expect(formatIPv6(v)).toBe(formatIPv6Reference(v));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("IP plan: how each room subnet is chosen", () => {
  const plan = (rooms: string[], network?: string) => loadSiteFile("s.yaml", siteWith(rooms, network)).plan.rooms;
  const byRoom = (rooms: string[], network?: string) => Object.fromEntries(plan(rooms, network).map((r) => [r.room, r]));

  it("gives floor-room numbers (≥ 256) a readable subnet: floor × 10 + room", () => {
    const r = byRoom([room("301"), room("302"), room("402"), room("1205"), room("300")]);
    expect(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, [v.subnet, v.source]]))).toEqual({
      "301": ["10.9.31.0/24", "floor-room"],
      "302": ["10.9.32.0/24", "floor-room"],
      "402": ["10.9.42.0/24", "floor-room"],
      "1205": ["10.9.125.0/24", "floor-room"],
      "300": ["10.9.30.0/24", "floor-room"],
    });
  });

  it("keeps rooms below 256 numbered like the room (unchanged plans) and labels every source", () => {
    const r = byRoom([room("201"), room("7", "\n    subnet: 10.9.99.0/24"), room("lab-a"), room("315")]);
    expect(r["201"]).toMatchObject({ subnet: "10.9.201.0/24", source: "room-number" });
    expect(r["7"]).toMatchObject({ subnet: "10.9.99.0/24", source: "declared" });
    // No readable slot: room part ≥ 10, or no number at all → hash (the previous behaviour).
    expect(r["lab-a"].source).toBe("hash");
    expect(r["315"].source).toBe("hash");
    expect(r["201"].movedFrom).toBeUndefined();
  });

  it("moves a floor-room collision to the next free subnet and says so; room numbers win", () => {
    // Room "31" is numbered like slot 31, so 301 (floor 3, room 1 → 31) moves to 32, and 302 on to 33.
    const r = byRoom([room("301"), room("31"), room("302")]);
    expect(r["31"]).toMatchObject({ subnet: "10.9.31.0/24", source: "room-number" });
    expect(r["301"]).toMatchObject({ subnet: "10.9.32.0/24", source: "floor-room", movedFrom: "10.9.31.0/24" });
    expect(r["302"]).toMatchObject({ subnet: "10.9.33.0/24", source: "floor-room", movedFrom: "10.9.32.0/24" });
  });

  it("is stable for floor-room rooms: order and new rooms do not move them", () => {
    const before = subnets(siteWith([room("301"), room("402"), room("lab-a")]));
    const after = subnets(siteWith([room("lab-b"), room("402"), room("503"), room("lab-a"), room("301")]));
    for (const [id, subnet] of Object.entries(before)) expect(after[id]).toBe(subnet);
  });

  it("falls back to a hash when the floor-room slot does not fit a small block", () => {
    // A /19 holds 32 /24s: slot 31 fits, 42 does not.
    const r = byRoom([room("301"), room("402")], "  block: 10.9.0.0/19");
    expect(r["301"]).toMatchObject({ subnet: "10.9.31.0/24", source: "floor-room" });
    expect(r["402"].source).toBe("hash");
  });

  it("names the old (hash) subnet of a floor-room room as a migration note, never for unchanged rooms", () => {
    const r = byRoom([room("301"), room("201")], "  block: 10.30.0.0/16");
    // examlab 0.1 gave room 301 10.30.79.0/24 (FNV-1a of "301"), the subnet the issue reported.
    expect(r["301"]).toMatchObject({ subnet: "10.30.31.0/24", legacySubnet: "10.30.79.0/24" });
    expect(r["201"].legacySubnet).toBeUndefined();
    expect(migrationNote(r["301"], "zh")).toContain("subnet: 10.30.79.0/24");
    expect(migrationNote(r["201"], "zh")).toBeUndefined();
    expect(subnetReason(r["301"], "zh")).toBe("按楼层-房间号（301 = 3 楼 1 号 → 第三段 3×10+1 = 31）");
    expect(subnetReason(r["201"], "en")).toBe("numbered like the room (201 → third octet 201)");
  });

  it("`examlab plan` prints how every subnet was chosen and the migration note", () => {
    const dir = mkdtempSync(join(tmpdir(), "plan-"));
    const file = join(dir, "s.yaml");
    writeFileSync(file, siteWith([room("301"), room("201")], "  block: 10.30.0.0/16"));
    const out = execFileSync(process.execPath, ["bin/examlab.js", "plan", file], { encoding: "utf8" });
    expect(out).toContain("考场 301：10.30.31.0/24，网关 10.30.31.1 — 按楼层-房间号（301 = 3 楼 1 号 → 第三段 3×10+1 = 31）");
    expect(out).toContain("考场 201：10.30.201.0/24，网关 10.30.201.1 — 按考场编号（201 → 第三段 201）");
    expect(out).toMatch(/examlab 0\.1 曾为考场 301 分配 10\.30\.79\.0\/24/);
  });
});

describe("IP plan in the readiness report", () => {
  it("shows how every room subnet was chosen, with the migration note", () => {
    const site = loadSiteFile("s.yaml", siteWith([room("301"), room("201")], "  block: 10.30.0.0/16"));
    const { html } = renderReport({ site, checks: runChecks(site), produced: [] });
    expect(html).toContain("<th scope=\"col\">网段分配方式</th>");
    expect(html).toContain("<td>301</td><td><code>10.30.31.0/24</code></td><td><code>10.30.31.1</code></td><td>按楼层-房间号（301 &#x3D; 3 楼 1 号 → 第三段 3×10+1 &#x3D; 31）<br><span class=\"muted\">注意：examlab 0.1 曾为考场 301 分配 10.30.79.0/24"); // Handlebars escapes "="
    expect(html).toContain("<td>201</td><td><code>10.30.201.0/24</code></td><td><code>10.30.201.1</code></td><td>按考场编号（201 → 第三段 201）</td>");
  });
});
