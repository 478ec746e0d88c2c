import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { loadSiteFile, type Site } from "../../src/model/site";
import { InputError, formatProblem } from "../../src/model/errors";
import { addressValue, formatCidr, parseBlock } from "../../src/ipplan/addresses";

/**
 * Block size × room count × room prefix (issue 12 crash): a /24 site block with the default /24
 * rooms used to crash with "RangeError: Division by zero" (the hash slot took `% (slots − 1)` of a
 * block with no room slot). The whole class: for any block, room prefix and number of rooms the
 * planner either gives a valid plan — every room subnet inside the block, none overlapping each
 * other or the infrastructure subnet, every address inside its subnet and unique — or input
 * problems in both languages naming the file, line and field. Never an exception. A block too
 * small for the rooms is one problem on network.block whose suggested block (and room prefix)
 * does load.
 */
const siteYaml = (o: { block: string; roomPrefix?: number; rooms: number; ids: "room" | "floor" | "name"; block6?: string; spares?: number; declared?: Record<number, string> }) => {
  const id = (i: number) => (o.ids === "room" ? String(101 + i) : o.ids === "floor" ? String(301 + 100 * (i % 9) + Math.floor(i / 9)) : `lab-${i}`);
  const rooms = Array.from({ length: o.rooms }, (_, i) => `  - id: "${id(i)}"\n    levels: [primary]\n    candidates: 10\n    spareMachines: ${o.spares ?? 1}\n${o.declared?.[i] ? `    subnet: ${o.declared[i]}\n` : ""}    layout: { widthM: 12, depthM: 12, rows: 2, columns: 5, pitchM: 1.1 }\n`).join("");
  return `id: mini\nname: Mini site\nlevels: [primary]\nnetwork:\n  block: ${o.block}\n${o.roomPrefix !== undefined ? `  roomPrefix: ${o.roomPrefix}\n` : ""}${o.block6 ? `  block6: ${o.block6}\n` : ""}rooms:\n${rooms}`;
};

type Outcome = { site: Site } | { problems: InputError["problems"] };
function load(yaml: string): Outcome {
  try {
    return { site: loadSiteFile("site.yaml", yaml) };
  } catch (e) {
    if (e instanceof InputError) return { problems: e.problems };
    throw e; // a crash: the property fails with its stack
  }
}

function expectValidPlan(site: Site): void {
  const block = parseBlock(site.plan.block, 4);
  if (typeof block === "string") throw new Error(block);
  const subnets = [site.plan.infrastructure.subnet, ...site.plan.rooms.map((r) => r.subnet)].map((c) => parseBlock(c, 4));
  for (const s of subnets) {
    if (typeof s === "string") throw new Error(s);
    expect(s.first >= block.first && s.first + s.size <= block.first + block.size, `${s.cidr} inside ${block.cidr}`).toBe(true);
  }
  const sorted = (subnets as Exclude<(typeof subnets)[number], string>[]).sort((a, b) => (a.first < b.first ? -1 : 1));
  for (let i = 1; i < sorted.length; i++) expect(sorted[i - 1].first + sorted[i - 1].size <= sorted[i].first, `${sorted[i - 1].cidr} / ${sorted[i].cidr} overlap`).toBe(true);
  // IPv6: every room /64 inside the IPv6 block, none overlapping another or the infrastructure /64.
  if (site.plan.block6) {
    const b6 = parseBlock(site.plan.block6, 6) as Exclude<ReturnType<typeof parseBlock>, string>;
    const subs6 = [site.plan.infrastructure.subnet6!, ...site.plan.rooms.map((r) => r.subnet6!)].map((c) => parseBlock(c, 6) as Exclude<ReturnType<typeof parseBlock>, string>);
    for (const s6 of subs6) expect(s6.first >= b6.first && s6.first + s6.size <= b6.first + b6.size, `${s6.cidr} inside ${b6.cidr}`).toBe(true);
    subs6.sort((a, b) => (a.first < b.first ? -1 : 1));
    for (let i = 1; i < subs6.length; i++) expect(subs6[i - 1].first + subs6[i - 1].size <= subs6[i].first, `${subs6[i - 1].cidr} / ${subs6[i].cidr} overlap`).toBe(true);
  }
  const ips = site.plan.leases.map((l) => l.ipv4);
  expect(new Set(ips).size).toBe(ips.length);
  for (const r of site.rooms) {
    const sub = parseBlock(r.subnet, 4) as Exclude<ReturnType<typeof parseBlock>, string>;
    for (const l of r.leases) {
      const v = addressValue(l.ipv4, 4);
      // inside the subnet, and neither its network nor its broadcast address
      expect(v > sub.first && v < sub.first + sub.size - 1n, `${l.ipv4} in ${r.subnet}`).toBe(true);
    }
  }
}

function expectClearProblems(problems: InputError["problems"]): void {
  expect(problems.length).toBeGreaterThan(0);
  for (const p of problems) {
    expect(p.file).toBe("site.yaml");
    expect(p.line, formatProblem(p)).toBeGreaterThan(0);
    expect(p.path, formatProblem(p)).not.toBe("");
    expect(p.zh, `no Chinese for: ${p.message}`).toBeTruthy();
    expect(p.message).not.toMatch(/undefined|NaN|RangeError|Division/);
  }
}

describe("IP plan over block sizes × room counts × room prefixes", () => {
  it("never crashes: a valid non-overlapping plan inside the block, or clear problems in both languages", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 30 }),
        fc.option(fc.integer({ min: 8, max: 29 }), { nil: undefined }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom("room" as const, "floor" as const, "name" as const),
        fc.option(fc.integer({ min: 48, max: 66 }), { nil: undefined }),
        // Some rooms declare their subnet: the sub-block with this index (may be outside, taken, …).
        fc.dictionary(fc.integer({ min: 0, max: 11 }).map(String), fc.integer({ min: 0, max: 300 }), { maxKeys: 3 }),
        (blockPrefix, roomPrefix, rooms, ids, b6, pins) => {
          const block = `10.${blockPrefix >= 16 ? 9 : 0}.0.0/${blockPrefix}`;
          const rp = roomPrefix ?? 24;
          const declared: Record<number, string> = {};
          if (rp >= blockPrefix && rp <= 30)
            for (const [room, slot] of Object.entries(pins)) declared[Number(room)] = formatCidr(4, addressValue(block.split("/")[0], 4) + BigInt(slot) * (1n << BigInt(32 - rp)), rp);
          const out = load(siteYaml({ block, roomPrefix, rooms, ids, block6: b6 !== undefined ? `fd00:9::/${b6}` : undefined, declared }));
          if ("site" in out) expectValidPlan(out.site);
          else expectClearProblems(out.problems);
        },
      ),
      { numRuns: 600, seed: 12 },
    );
  });

  it("a /24 block with default /24 rooms (the crash) is one problem on network.block, in both languages", () => {
    const out = load(siteYaml({ block: "10.9.0.0/24", rooms: 2, ids: "room" }));
    expect("problems" in out).toBe(true);
    if (!("problems" in out)) return;
    expect(out.problems.map((p) => formatProblem(p, "en"))).toEqual([
      "site.yaml:5: network.block: the site block 10.9.0.0/24 holds 0 room /24 subnet(s) besides the infrastructure subnet (its first /24), but 2 room(s) need 3 /24 subnets: use a /22 block such as 10.9.0.0/22, or network.roomPrefix: 27",
    ]);
    expect(out.problems.map((p) => formatProblem(p, "zh"))).toEqual([
      "site.yaml:5: network.block: 考点地址块 10.9.0.0/24 除基础设施网段（第一个 /24）外只能容纳 0 个考场 /24 子网，而 2 个考场共需 3 个 /24 子网：请改用 /22 地址块，如 10.9.0.0/22；或设置 network.roomPrefix: 27",
    ]);
    // hash-numbered rooms took the dividing path: same answer
    const named = load(siteYaml({ block: "10.9.0.0/24", rooms: 2, ids: "name" }));
    expect("problems" in named && named.problems.map((p) => p.path)).toEqual(["network.block"]);
  });

  it("the suggested block, and the suggested room prefix, both load", () => {
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 27 }), fc.integer({ min: 16, max: 26 }), fc.integer({ min: 1, max: 20 }), fc.constantFrom("room" as const, "floor" as const, "name" as const), (blockPrefix, roomPrefix, rooms, ids) => {
        fc.pre(roomPrefix >= blockPrefix && 2 ** (roomPrefix - blockPrefix) < rooms + 1);
        const out = load(siteYaml({ block: `10.9.0.0/${blockPrefix}`, roomPrefix, rooms, ids }));
        expect("problems" in out).toBe(true);
        if (!("problems" in out)) return;
        expect(out.problems.map((p) => p.path)).toEqual(["network.block"]);
        const m = /use a \/(\d+) block such as (\S+?)(?:, or network\.roomPrefix: (\d+))?$/.exec(out.problems[0].message);
        expect(m, out.problems[0].message).not.toBeNull();
        const bigger = load(siteYaml({ block: m![2], roomPrefix, rooms, ids }));
        expect("site" in bigger, JSON.stringify("problems" in bigger && bigger.problems)).toBe(true);
        if ("site" in bigger) expectValidPlan(bigger.site);
        if (m![3] !== undefined) {
          const smaller = load(siteYaml({ block: `10.9.0.0/${blockPrefix}`, roomPrefix: Number(m![3]), rooms, ids }));
          expect("site" in smaller, JSON.stringify("problems" in smaller && smaller.problems)).toBe(true);
        }
      }),
      { numRuns: 300, seed: 24 },
    );
  });

  it("a declared IPv4 subnet without an IPv6 twin in a small block6 is a problem, not a /64 outside the block", () => {
    const out = load(siteYaml({ block: "10.9.0.0/16", rooms: 1, ids: "room", block6: "fd00:9::/62", declared: { 0: "10.9.200.0/24" } }));
    expect("problems" in out && out.problems.map((p) => formatProblem(p, "en"))).toEqual([
      "site.yaml:12: rooms[0].subnet: the IPv6 block fd00:9::/62 holds 4 /64 subnet(s), none matching 10.9.200.0/24: declare subnet6 for this room or use a larger network.block6",
    ]);
    expect("problems" in out && out.problems.map((p) => formatProblem(p, "zh"))[0]).toContain("IPv6 地址块 fd00:9::/62 只有 4 个 /64 子网，没有与 10.9.200.0/24 对应的一个");
  });

  it("an IPv6 block too small for the rooms is one problem on network.block6 with a block that fits", () => {
    const out = load(siteYaml({ block: "10.9.0.0/16", rooms: 3, ids: "room", block6: "fd00:9::/63" }));
    expect("problems" in out && out.problems.map((p) => formatProblem(p, "en"))).toEqual([
      "site.yaml:6: network.block6: the IPv6 block fd00:9::/63 holds 1 room /64 subnet(s) besides the infrastructure subnet (its first /64), but 3 room(s) need 4 /64 subnets: use a /62 block such as fd00:9::/62",
    ]);
    expect("site" in load(siteYaml({ block: "10.9.0.0/16", rooms: 3, ids: "room", block6: "fd00:9::/62" }))).toBe(true);
  });
});
