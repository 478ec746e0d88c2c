import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSiteSource } from "../../src/model/sources";
import { siteFromObject } from "../../src/model/site";
import { compileSitePolicy, describeEnforcement } from "../../src/allowlist";
import { computeIntent, evaluate, hasDefaultDenyLast, intentOf, type Rule } from "../../src/allowlist/intent";
import { checkIntent, expectIntent, referenceRules } from "./intent-harness";
import { siteInput } from "./helpers";

/**
 * The connectivity intent (issue 10): computed from the site, its probes use the site's real
 * addresses, the neutral rule model evaluates first-match, and the shared harness passes a
 * correct rule list and catches every class of mistake (each mutation below is one defect class).
 */
const intermediate = () => {
  const site = loadSiteSource("sites/demo-intermediate.yaml");
  return { site, intent: computeIntent(site, compileSitePolicy(site)) };
};

describe("computeIntent", () => {
  it("lists the allowed flows of the site: router DNS, exam servers, own database ports, allowlist groups", () => {
    const { site, intent } = intermediate();
    const classes = new Set(intent.allowed.map((f) => f.class));
    for (const c of ["dns-router", "seat-db", "allowlist"]) expect(classes).toContain(c);
    const db = intent.allowed.filter((f) => f.class === "seat-db");
    expect(db.length).toBeGreaterThan(40);
    expect(db.every((f) => f.seat && f.to.kind === "lan-server" && f.to.address === site.plan.infrastructure.labServers.lab1)).toBe(true);
    expect(intent.lan.router4).toContain(site.plan.infrastructure.router);
    for (const r of site.plan.rooms) expect(intent.lan.router4).toContain(r.gateway);
    expect(intent.lan.nvr4).toEqual([site.plan.infrastructure.nvr]);
    expect(intent.lan.cameras4.length).toBe(site.plan.leases.filter((l) => l.role === "camera").length);
    expect(intent.window).toEqual({ mode: "always" });
  });

  it("names every denied class, with the scope each one has", () => {
    const { intent } = intermediate();
    const scope = Object.fromEntries(intent.denied.map((d) => [d.class, d.scope]));
    expect(scope).toMatchObject({ "seat-to-seat": "exam-window", "router-management": "always", infrastructure: "always", "spoofed-source": "always", "ipv6-not-allowlisted": "exam-window", "not-allowlisted": "exam-window", "dns-rebinding": "exam-window" });
    for (const d of intent.denied) expect(d.zh).toMatch(/[\u4e00-\u9fff]/);
    // link-local is part of both seat-to-seat and management
    expect(intent.denied.find((d) => d.class === "router-management")!.targets6).toContain("fe80::/10");
  });

  it("probes use the site's real seats and infrastructure, and cover every denied class", () => {
    const { site, intent } = intermediate();
    const seat = site.plan.leases.find((l) => l.role === "candidate")!;
    expect(intent.probes.deny.find((p) => p.class === "seat-to-seat")!.flow.src).toBe(seat.ipv4);
    expect(intent.probes.deny.some((p) => p.class === "infrastructure" && p.flow.dst === site.plan.infrastructure.nvr)).toBe(true);
    expect(intent.probes.deny.some((p) => p.flow.src.startsWith("fe80:") && p.flow.dst === "fe80::1")).toBe(true);
    const covered = new Set(intent.probes.deny.map((p) => p.class));
    for (const d of intent.denied) expect(covered, d.class).toContain(d.class);
  });

  it("exam-hours gives a fail-closed window; ipv6 block still knows the seats' IPv6 networks", () => {
    const dir = path.resolve("tests/allowlist");
    const site = siteFromObject({
      id: "w", name: "w", levels: ["primary"], network: { block: "10.90.0.0/16", block6: "fd00:90::/48" },
      allowlist: { enforcement: "exam-hours", ipv6: "block", additions: ["exam.example.cn"] },
      rooms: [{ id: "1", levels: ["primary"], candidates: 2, layout: { widthM: 10, depthM: 10, rows: 1, columns: 2, pitchM: 1.2, rowPitchM: 1.5 } }],
    }, path.join(dir, "w.ts"));
    const intent = computeIntent(site, compileSitePolicy(site));
    expect(intent.window).toMatchObject({ mode: "exam-hours", failClosed: true, start: "08:30", end: "17:00" });
    expect(intent.lan.ipv6).toBe("block");
    expect(intent.lan.seats6).toEqual(["fd00:90:0:1::/64"]);
    expect(intent.probes.deny.some((p) => p.class === "ipv6-not-allowlisted" && p.flow.family === 6 && p.flow.src === "fd00:90:0:1::a" && p.flow.dstName !== undefined)).toBe(true);
  });

  it("intentOf caches per render input (computed once per site for all targets)", () => {
    const input = siteInput("sites/demo-intermediate.yaml");
    expect(intentOf(input)).toBe(intentOf(input));
  });

  // Regression (issue 14): computeIntent (the lab-server firewall in export and in the databases
  // stack) bypassed intentOf's cache, so one export/synth computed a site's intent twice. The
  // class: every way of asking for a site's intent — computeIntent, intentOf with any render
  // label or language — shares one intent per (policy, LAN, window); the intent carries no label.
  it("is one shared intent per (policy, LAN, window), whichever entry point and label ask", () => {
    for (const file of ["sites/demo-intermediate.yaml", "sites/demo-primary.ts"]) {
      const site = loadSiteSource(file);
      const c = compileSitePolicy(site);
      const viaSite = computeIntent(site, c);
      expect("label" in viaSite).toBe(false);
      expect(computeIntent(site, compileSitePolicy(site))).toBe(viaSite);
      expect(computeIntent(undefined, c)).toBe(viaSite);
      for (const lang of ["zh", "en"] as const)
        for (const label of [site.spec.id, "allowlist", "render-label"])
          expect(intentOf({ policy: c.policy, lan: c.lan, window: c.window, lang, label })).toBe(viaSite);
      // Another window or policy is another intent (no stale sharing).
      const otherWindow = { start: "09:00", end: "10:00", days: [], timezone: "Asia/Shanghai" };
      expect(intentOf({ policy: c.policy, lan: c.lan, window: otherWindow as never, lang: "zh", label: "x" })).not.toBe(viaSite);
      expect(computeIntent(site, { ...c, policy: { ...c.policy } })).not.toBe(viaSite);
    }
  });
});

describe("rule model: first match, default deny", () => {
  const flow = { family: 4 as const, protocol: "tcp" as const, src: "10.0.1.10", dst: "203.0.113.5", dstPort: 443, dstName: "www.exam.example.cn", ingress: "seat" as const, time: "inside" as const };
  it("first matching rule decides; no match is a deny", () => {
    const rules: Rule[] = [{ action: "deny", dst: { cidrs: ["203.0.113.0/24"] } }, { action: "allow" }];
    expect(evaluate(rules, flow)).toMatchObject({ verdict: "deny", index: 0 });
    expect(evaluate(rules.slice(1), flow)).toMatchObject({ verdict: "allow", index: 0 });
    expect(evaluate([], flow)).toMatchObject({ verdict: "deny", index: -1 });
  });
  it("names match exactly or by subtree; negation; ports; family", () => {
    expect(evaluate([{ action: "allow", dst: { names: [{ name: "exam.example.cn", match: "subtree" }] } }], flow).verdict).toBe("allow");
    expect(evaluate([{ action: "allow", dst: { names: [{ name: "exam.example.cn", match: "exact" }] } }], flow).verdict).toBe("deny");
    expect(evaluate([{ action: "allow", src: { cidrs: ["10.0.1.0/24"], negate: true } }], flow).verdict).toBe("deny");
    expect(evaluate([{ action: "allow", dstPorts: [{ from: 80, to: 80 }] }], flow).verdict).toBe("deny");
    expect(evaluate([{ action: "allow", family: 6 }], flow).verdict).toBe("deny");
    expect(evaluate([{ action: "allow", dst: { cidrs: ["2001:db8::/32"] } }], flow).verdict).toBe("deny");
  });
  it("time: outside-window rules never match an unknown clock (fail closed)", () => {
    const open: Rule[] = [{ action: "allow", when: "outside-window" }];
    expect(evaluate(open, { ...flow, time: "outside" }).verdict).toBe("allow");
    expect(evaluate(open, { ...flow, time: "unknown" }).verdict).toBe("deny");
    expect(evaluate([{ action: "deny", when: "inside-window" }, { action: "allow" }], { ...flow, time: "unknown" }).verdict).toBe("deny");
  });
  it("default deny must be unconditional and last", () => {
    expect(hasDefaultDenyLast([{ action: "allow" }, { action: "deny" }])).toBe(true);
    expect(hasDefaultDenyLast([{ action: "deny" }, { action: "allow" }])).toBe(false);
    expect(hasDefaultDenyLast([{ action: "deny", family: 4 }])).toBe(false);
  });
});

describe("intent harness", () => {
  const sites = ["sites/demo-intermediate.yaml", "sites/demo-primary.ts"];
  it.each(sites)("a correct reference rule list passes (%s)", (file) => {
    const s = loadSiteSource(file);
    const intent = computeIntent(s, compileSitePolicy(s));
    expectIntent(referenceRules(intent), intent);
  });

  // Each mutation is one defect class of issue 10; the harness must catch every one.
  const MUTATIONS: [string, (r: Rule[]) => Rule[]][] = [
    ["no anti-spoofing, site block accepted (today's nftables)", (r) => r.filter((x) => x.origin !== "anti-spoof").flatMap((x) => (x.origin === "infrastructure, seats, rebinding" ? [x, { action: "allow" as const, src: { cidrs: ["10.20.0.0/16"] }, origin: "site block" }] : [x]))],
    ["management reachable over link-local", (r) => r.map((x) => (x.origin === "router management + link-local" ? { ...x, dst: { cidrs: x.dst!.cidrs!.filter((c) => c !== "fe80::/10") } } : x)).slice(0, -1).concat([{ action: "allow", family: 6 }, { action: "deny" }])],
    ["infrastructure not denied before the allowlist (rebinding)", (r) => r.filter((x) => x.origin !== "infrastructure, seats, rebinding")],
    ["QUIC allowed", (r) => r.filter((x) => x.origin !== "QUIC").map((x) => (x.origin?.startsWith("allowlist") ? { ...x, protocols: ["tcp", "udp"] as ("tcp" | "udp")[] } : x))],
    ["default allow", (r) => [...r.slice(0, -1), { action: "allow" }]],
    ["default deny missing", (r) => r.slice(0, -1)],
    ["allow-all first", (r) => [{ action: "allow" }, ...r]],
    ["own database ports missing", (r) => r.filter((x) => !x.origin?.startsWith("seat-db"))],
    ["seat database ports open to every seat", (r) => r.map((x) => (x.origin?.startsWith("seat-db") ? { ...x, src: undefined } : x))],
  ];
  it.each(MUTATIONS)("catches the mutation: %s", (_name, mutate) => {
    const s = loadSiteSource("sites/demo-intermediate.yaml");
    const intent = computeIntent(s, compileSitePolicy(s));
    expect(checkIntent(mutate(referenceRules(intent)), intent).failures.length).toBeGreaterThan(0);
  });

  it("exam-hours: an opening that also matches an unknown clock fails (fail open)", () => {
    const s = siteFromObject({
      id: "w2", name: "w2", levels: ["primary"], network: { block: "10.91.0.0/16" }, allowlist: { enforcement: "exam-hours", additions: ["exam.example.cn"] },
      rooms: [{ id: "1", levels: ["primary"], candidates: 2, layout: { widthM: 10, depthM: 10, rows: 1, columns: 2, pitchM: 1.2, rowPitchM: 1.5 } }],
    }, path.resolve("tests/allowlist/w2.ts"));
    const intent = computeIntent(s, compileSitePolicy(s));
    const rules = referenceRules(intent);
    expectIntent(rules, intent);
    const failOpen = rules.map((x) => (x.when === "outside-window" ? { ...x, when: "clock-outside-window" as const } : x));
    const failures = checkIntent(failOpen, intent).failures;
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((f) => /time unknown/.test(f))).toBe(true);
    // clockOnly (a target that documents its window as a plain clock test, e.g. pfSense schedules):
    // the unknown-clock check of exam-window classes is listed, not failed…
    const clock = checkIntent(failOpen, intent, { clockOnly: "schedule reads the clock" });
    expect(clock.failures).toEqual([]);
    expect(clock.exempted.length).toBeGreaterThan(0);
    expect(clock.exempted.every((e) => /\(time unknown\): schedule reads the clock$/.test(e))).toBe(true);
    // …but classes denied at all hours are still checked with an unknown clock and outside the window.
    const mgmtScheduled = failOpen.map((x) => (x.origin === "router management + link-local" ? { ...x, when: "inside-window" as const } : x));
    const still = checkIntent(mgmtScheduled, intent, { clockOnly: "schedule reads the clock" }).failures;
    expect(still.some((f) => f.startsWith("[router-management]") && /time outside/.test(f))).toBe(true);
  });
});

describe("what each target enforces (describeEnforcement)", () => {
  const ASPECTS = ["allowlist", "dnsOnly", "dotQuic", "ipv6", "seatIsolation", "managementLockdown", "examWindow", "rebinding"] as const;
  it.each(["nftables", "openwrt", "dnsmasq", "unbound"])("%s states every aspect in both languages", (id) => {
    const e = describeEnforcement(id, siteInput("sites/demo-intermediate.yaml"))!;
    expect(e.target).toBe(id);
    for (const a of ASPECTS) {
      expect(["enforced", "partial", "not-enforced", "not-applicable"]).toContain(e[a].support);
      expect(e[a].zh).toMatch(/[\u4e00-\u9fff]/);
      expect(e[a].en.length).toBeGreaterThan(5);
    }
    expect(e.minOsVersion.en).toMatch(/\d/);
  });
  it("follows the generated files: window, dnsmasq version, seat binding", () => {
    const win = siteInput("sites/demo-intermediate.yaml", "zh", (i) => ({ ...i, window: { start: "08:30", end: "17:00", timezone: "Asia/Shanghai", days: ["Saturday"] } }));
    expect(describeEnforcement("openwrt", win)!.examWindow.en).toMatch(/08:30–17:00.*fails closed/);
    expect(describeEnforcement("openwrt", siteInput("sites/demo-intermediate.yaml"))!.examWindow.en).toBe("always on");
    const old = siteInput("sites/demo-intermediate.yaml", "zh", (i) => ({ ...i, lan: { ...i.lan, router: { ...i.lan.router!, osVersion: "23.05.2" } } }));
    expect(describeEnforcement("openwrt", old)!.dotQuic.support).toBe("partial");
    expect(describeEnforcement("openwrt", siteInput("sites/demo-intermediate.yaml"))!.dotQuic.support).toBe("enforced");
    expect(describeEnforcement("nftables", siteInput("sites/demo-intermediate.yaml"))!.seatIsolation.support).toBe("partial");
    const bound = siteInput("sites/demo-intermediate.yaml", "zh", (i) => ({ ...i, lan: { ...i.lan, router: { ...i.lan.router!, seatInterfaces: ["lan2"] } } }));
    expect(describeEnforcement("nftables", bound)!.seatIsolation.support).toBe("enforced");
    expect(describeEnforcement("unbound", siteInput("sites/demo-intermediate.yaml"))!.examWindow.support).toBe("not-enforced");
  });
});
