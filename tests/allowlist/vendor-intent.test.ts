import * as fs from "node:fs";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSitePolicy, ENDPOINT_TARGETS, ROUTER_TARGETS } from "../../src/allowlist";
import { computeIntent, evaluate, inCidr, intentOf, type ConnectivityIntent, type Probe, type Rule } from "../../src/allowlist/intent";
import type { RenderInput } from "../../src/allowlist/model";
import { loadSiteSource } from "../../src/model/sources";
import { siteFromObject } from "../../src/model/site";
import { checkIntent, expectIntent, referenceRules } from "./intent-harness";
import { openSlotsMismatch } from "./readback/common";
import { lintZh } from "../../src/i18n/lint";
import { readHuawei } from "./readback/huawei";
import { readH3c } from "./readback/h3c";
import { readRouterOs } from "./readback/routeros";
import { readWindowsFirewall } from "./readback/windows-firewall";
import { readPfRules } from "./readback/pfsense";
import { pfRuleset } from "../../src/allowlist/targets/pf-rules";
import { quarterHourMismatch, readPfXml } from "./readback/pf-xml";
import { text, tmpDir } from "./helpers";

/**
 * Intent tests for the text-only vendor targets (issue 10): the generated configuration is read
 * back into the neutral rule model (tests/allowlist/readback/*, written independently of the
 * renderers) and evaluated against the site's connectivity intent: every allowed flow permitted,
 * every denied class denied (inside the exam window and with an unknown clock), default deny
 * last. Mutations of the generated text show the check catches each class of defect.
 */
const root = path.resolve(__dirname, "../..");

interface Case {
  name: string;
  input: RenderInput;
  intent: ConnectivityIntent;
}

function siteCase(name: string, file: string, allowlistYaml?: string, lanExamServer = false): Case {
  let f = path.join(root, file);
  if (allowlistYaml || lanExamServer) {
    const dir = tmpDir("vendor");
    f = path.join(dir, path.basename(file));
    let text = fs.readFileSync(path.join(root, file), "utf8");
    if (allowlistYaml) text = text.replace(/^network:/m, `allowlist: ${allowlistYaml}\nnetwork:`);
    if (lanExamServer) text = text.replace(/^  examServers:\n/m, "  examServers:\n    - { name: local-exam, address: 10.20.0.50, ports: [8080] }\n");
    fs.writeFileSync(f, text);
  }
  const site = loadSiteSource(f);
  const c = compileSitePolicy(site);
  const input: RenderInput = { policy: c.policy, lan: c.lan, ...(c.window ? { window: c.window } : {}), lang: "zh", label: site.spec.id };
  return { name, input, intent: computeIntent(site, c) };
}

const CASES = (): Case[] => [
  siteCase("demo-intermediate (databases, always)", "sites/demo-intermediate.yaml"),
  siteCase("demo-intermediate, exam-hours", "sites/demo-intermediate.yaml", "{ enforcement: exam-hours }"),
  siteCase("demo-primary (no databases)", "sites/demo-primary.ts"),
  siteCase("demo-intermediate, LAN exam server, exam-hours, ipv6: block with block6", "sites/demo-intermediate.yaml", "{ enforcement: exam-hours, ipv6: block }", true),
];

/** IPv4-only vendor renderings: allowed IPv6 flows are refused by the default deny (documented in the enforcement table). */
const ipv6Allow = (p: Probe) => (p.flow.family === 6 ? "IPv6 is not rendered for this target: refused by default deny" : undefined);
const exemptAllowed6 = (intent: ConnectivityIntent) => (p: Probe) => (intent.probes.allow.includes(p) ? ipv6Allow(p) : undefined);

function file(input: RenderInput, family: "huawei" | "h3c" | "routeros" | "pfsense" | "opnsense", name: string): string {
  return text(ROUTER_TARGETS[family].render(input).find((f) => f.path === name));
}

describe("Huawei USG: read back into the rule model, checked against the intent (item 10)", () => {
  it.each(CASES().map((c) => [c.name, c] as const))("%s", (_n, c) => {
    const script = file(c.input, "huawei", "examlab-allowlist.huawei.txt");
    const rb = readHuawei(script);
    const intent = c.intent;
    const r = expectIntent(rb.rules, intent);
    expect(r.checked).toBeGreaterThan(50);
    expect(r.exempted).toEqual([]);
    // IPv6 is evaluated, not skipped: allowed IPv6 flows (with ipv6: filter) and every denied IPv6 class.
    const v6 = [...intent.probes.allow, ...intent.probes.deny].filter((p) => p.flow.family === 6);
    if (c.intent.lan.ipv6 === "filter") expect(intent.probes.allow.filter((p) => p.flow.family === 6).map((p) => p.class)).toEqual(expect.arrayContaining(["dns-router", "allowlist"]));
    // Without room prefixes (no block6) only link-local and undeclared-prefix IPv6 exists.
    const seat6 = c.intent.lan.seats6.length ? ["direct-dns", "dot", "quic", "dns-rebinding", "spoofed-source", ...(c.intent.lan.nvr6.length ? ["infrastructure"] : []), ...(c.intent.lan.ipv6 === "filter" ? ["dns-router", "allowlist"] : [])] : [];
    expect(new Set(v6.map((p) => p.class))).toEqual(new Set(["seat-to-seat", "router-management", "ipv6-not-allowlisted", ...seat6]));
    if (c.intent.lan.ipv6 === "block") expect(script).toMatch(/ rule name examlab6_icmp_router\n(?:  .*\n)*? rule name examlab6_block\n(?:  .*\n)*?  action deny\n/);
    // Every lab-server database port of the site is permitted for its own seat only.
    const db = c.intent.allowed.filter((f) => f.class === "seat-db");
    if (db.length) expect(script).toMatch(/rule name examlab_db_/);
    if (c.name.includes("LAN exam server")) {
      expect(c.intent.probes.allow.some((p) => p.class === "exam-server" && p.flow.dst === "10.20.0.50" && p.flow.dstPort === 8080)).toBe(true);
      expect(script).toMatch(/ rule name examlab_exam_1\n(?:  .*\n)*?  destination-address 10\.20\.0\.50 32\n/);
    }
    // The address set of IP entries is referenced, not just defined.
    if (c.input.policy.groups.some((g) => g.ipv4.length)) expect(script).toMatch(/destination-address address-set examlab_allow_web/);
    if (c.intent.window.mode === "exam-hours") {
      const tr = rb.timeRanges.get("examlab_open")!;
      expect(tr.absoluteFrom).toBe(`${c.input.window!.firstDate!.slice(0, 4)}/01/01`);
      expect(openSlotsMismatch(tr.periods, c.intent.window.start, c.intent.window.end, c.intent.window.days)).toEqual([]);
    } else expect(rb.timeRanges.size).toBe(0);
  });

  const MUTATIONS: [string, (s: string) => string][] = [
    ["no default deny", (s) => s.replace(" default action deny\n", " default action permit\n")],
    ["LAN deny rule dropped (rebinding, NVR, other seats open)", (s) => s.replace(/ rule name examlab_no_lan\n(  .*\n)+/, "")],
    ["management rule permits", (s) => s.replace(/( rule name examlab_no_mgmt\n(?:  .*\n)*?  action )deny/, "$1permit")],
    ["seat database rules dropped (pymysql fails)", (s) => s.replace(/ rule name examlab_db_\S+\n(  .*\n)+/g, "")],
    ["time range without its absolute anchor (fails open on a reset clock)", (s) => s.replace(/ absolute-range .*\n/, "")],
    ["QUIC rule dropped while the name rule allows every service", (s) => s.replace(/ rule name examlab_no_quic\n(  .*\n)+/, "").replace(/( rule name examlab_allow_(?:ip|web)_web\n(?:  .*\n)*?)  service \S+\n/g, "$1")],
  ];
  it.each(MUTATIONS)("catches the mutation: %s", (name, mutate) => {
    const c = CASES()[name.startsWith("time range") ? 1 : 0];
    const before = file(c.input, "huawei", "examlab-allowlist.huawei.txt");
    const after = mutate(before);
    expect(after).not.toBe(before);
    expect(checkIntent(readHuawei(after).rules, c.intent).failures.length).toBeGreaterThan(0);
  });

  // IPv6 (issue 10 item 1 for the text targets): each mutation reintroduces one IPv6 hole; [case, mutation, class that must fail].
  const MUTATIONS6: [string, number, (s: string) => string, string][] = [
    ["today's output: IPv4 rules only (every examlab6_ rule removed)", 0, (s) => s.replace(/ rule name examlab6_\S+\n(  .*\n)+/g, ""), "[allowlist] allowlisted IPv6 network"],
    ["IPv6 management rule permits (router and link-local open)", 0, (s) => s.replace(/( rule name examlab6_no_mgmt\n(?:  .*\n)*?  action )deny/, "$1permit"), "[router-management] router management over link-local"],
    ["fe80::/10 left out of examlab_router6 (link-local management open outside the window)", 1, (s) => s.replace(/(ip address-set examlab_router6 type object\n(?: .*\n)*?) address \d+ fe80:: 10\n/, "$1"), "[router-management] router management over link-local"],
    ["IPv6 LAN rule dropped (NVR and rebinding over IPv6)", 1, (s) => s.replace(/ rule name examlab6_no_lan\n(  .*\n)+/, ""), "[infrastructure] NVR [fd00:20::5]:80"],
    ["IPv6 DNS/DoT and QUIC rules dropped while the allow rules take every service", 0, (s) => s.replace(/ rule name examlab6_no_(?:dns_dot|quic)\n(  .*\n)+/g, "").replace(/( rule name examlab6_allow_(?:ip|web)_web\n(?:  .*\n)*?)  service \S+\n/g, "$1"), "[dot] DNS over TLS (TCP 853) to an allowlisted address (IPv6)"],
    ["ipv6: block rule permits", 3, (s) => s.replace(/( rule name examlab6_block\n(?:  .*\n)*?  action )deny/, "$1permit"), "[ipv6-not-allowlisted] IPv6 to an allowlisted name with ipv6: block"],
  ];
  it.each(MUTATIONS6)("IPv6: fails on %s", (_name, n, mutate, expected) => {
    const c = CASES()[n];
    const before = file(c.input, "huawei", "examlab-allowlist.huawei.txt");
    const after = mutate(before);
    expect(after).not.toBe(before);
    const failures = checkIntent(readHuawei(after).rules, c.intent).failures;
    expect(failures.some((f) => f.startsWith(expected)), failures.join("\n")).toBe(true);
  });

  it("writes an undo script that removes every rule and object it created, and a checklist with display, save and web-UI steps", () => {
    const c = CASES()[1];
    const files = ROUTER_TARGETS.huawei.render(c.input);
    const script = text(files.find((f) => f.path === "examlab-allowlist.huawei.txt"));
    const undo = text(files.find((f) => f.path === "examlab-undo.huawei.txt"));
    for (const m of script.matchAll(/^ rule name (\S+)$/gm)) expect(undo).toContain(` undo rule name ${m[1]}\n`);
    for (const m of script.matchAll(/^ip (address|service)-set (\S+) type object$/gm)) expect(undo).toContain(`undo ip ${m[1]}-set ${m[2]}\n`);
    expect(undo).toContain("undo time-range examlab_open");
    expect(script).toMatch(/^return\n(?:#.*\n)?save\ny$/m);
    expect(undo).toMatch(/^return\nsave\ny$/m);
    expect(undo).toMatch(/ undo rule name examlab6_deny\n/);
    for (const set of ["examlab_rooms6", "examlab_router6", "examlab_lan6"]) expect(undo).toContain(`undo ip address-set ${set}\n`);
    expect(undo).toContain("undo ip service-set examlab_icmp6\n");
    const checklist = text(files.find((f) => f.path === "CHECKLIST.md"));
    for (const s of ["display security-policy rule all", "display time-range all", "save", "网页界面", "撤销", "display clock", "examlab6_", "examlab_rooms6", "fe80::/10", "ping -6", "curl -6"]) expect(checklist).toContain(s);
  });
});

describe("H3C Comware 7: read back into the rule model, checked against the intent (item 10)", () => {
  it.each(CASES().map((c) => [c.name, c] as const))("%s", (_n, c) => {
    const script = file(c.input, "h3c", "examlab-allowlist.h3c.txt");
    const rb = readH3c(script);
    const intent = c.intent;
    const r = expectIntent(rb.rules, intent);
    expect(r.checked).toBeGreaterThan(50);
    expect(r.exempted).toEqual([]);
    // The IPv6 policy is its own ordered list: every rule read from it is IPv6-only.
    expect(rb.rules.filter((x) => x.origin?.startsWith("rule examlab6_")).every((x) => x.family === 6)).toBe(true);
    expect(rb.rules.filter((x) => /^rule examlab_/.test(x.origin ?? "")).every((x) => x.family === 4)).toBe(true);
    if (c.intent.lan.ipv6 === "filter") expect(intent.probes.allow.some((p) => p.flow.family === 6 && p.class === "allowlist")).toBe(true);
    if (c.intent.window.mode === "exam-hours") {
      const tr = rb.timeRanges.get("examlab_open")!;
      expect(tr.absoluteFrom).toBe(`${c.input.window!.firstDate!.slice(0, 4)}/01/01`);
      expect(openSlotsMismatch(tr.periods, c.intent.window.start, c.intent.window.end, c.intent.window.days)).toEqual([]);
    }
  });

  const MUTATIONS: [string, (s: string) => string][] = [
    ["LAN drop rule dropped", (s) => s.replace(/ rule name examlab_no_lan\n(  .*\n)+/, "")],
    ["seat database rules dropped", (s) => s.replace(/ rule name examlab_db_\S+\n(  .*\n)+/g, "")],
    ["time range statements without their start date (fail open)", (s) => s.replace(/ from 00:00 \d{4}\/01\/01$/gm, "")],
    ["management rule passes", (s) => s.replace(/( rule name examlab_no_mgmt\n(?:  .*\n)*?  action )drop/, "$1pass")],
  ];
  it.each(MUTATIONS)("catches the mutation: %s", (name, mutate) => {
    const c = CASES()[name.startsWith("time range") ? 1 : 0];
    const before = file(c.input, "h3c", "examlab-allowlist.h3c.txt");
    const after = mutate(before);
    expect(after).not.toBe(before);
    expect(checkIntent(readH3c(after).rules, c.intent).failures.length).toBeGreaterThan(0);
  });

  const MUTATIONS6: [string, number, (s: string) => string, string][] = [
    ["today's output: no security-policy ipv6", 0, (s) => s.replace(/^security-policy ipv6\n(?: .*\n)*quit\n/m, ""), "[allowlist] allowlisted IPv6 network"],
    ["IPv6 management rule passes (router and link-local open)", 0, (s) => s.replace(/( rule name examlab6_no_mgmt\n(?:  .*\n)*?  action )drop/, "$1pass"), "[router-management] router management over link-local"],
    ["fe80::/10 left out of examlab_router6 (link-local management open outside the window)", 1, (s) => s.replace(/(object-group ipv6 address examlab_router6\n(?: .*\n)*?) network subnet fe80:: 10\n/, "$1"), "[router-management] router management over link-local"],
    ["IPv6 LAN rule dropped (NVR and rebinding over IPv6)", 1, (s) => s.replace(/ rule name examlab6_no_lan\n(  .*\n)+/, ""), "[infrastructure] NVR [fd00:20::5]:80"],
    ["IPv6 rules placed in the IPv4 policy (they never match IPv6)", 0, (s) => s.replace(/^quit\n(#.*\n)?security-policy ipv6\n/m, ""), "[allowlist] allowlisted IPv6 network"],
    ["ipv6: block rule passes", 3, (s) => s.replace(/( rule name examlab6_block\n(?:  .*\n)*?  action )drop/, "$1pass"), "[ipv6-not-allowlisted] IPv6 to an allowlisted name with ipv6: block"],
  ];
  it.each(MUTATIONS6)("IPv6: fails on %s", (_name, n, mutate, expected) => {
    const c = CASES()[n];
    const before = file(c.input, "h3c", "examlab-allowlist.h3c.txt");
    const after = mutate(before);
    expect(after).not.toBe(before);
    let failures: string[];
    try {
      failures = checkIntent(readH3c(after).rules, c.intent).failures;
    } catch (e) {
      failures = [`read-back refused the text: ${(e as Error).message}`];
    }
    expect(failures.some((f) => f.startsWith(expected) || f.startsWith("read-back refused")), failures.join("\n")).toBe(true);
  });

  it("writes an undo script for every rule and object, and a checklist with display and save steps", () => {
    const files = ROUTER_TARGETS.h3c.render(CASES()[1].input);
    const script = text(files.find((f) => f.path === "examlab-allowlist.h3c.txt"));
    const undo = text(files.find((f) => f.path === "examlab-undo.h3c.txt"));
    for (const m of script.matchAll(/^ rule name (\S+)$/gm)) expect(undo).toContain(` undo rule name ${m[1]}\n`);
    for (const m of script.matchAll(/^object-group (ip address|ipv6 address|service) (\S+)$/gm)) expect(undo).toContain(`undo object-group ${m[1]} ${m[2]}\n`);
    expect(undo).toMatch(/^security-policy ipv6\n undo rule name examlab6_/m);
    // Object group names are global across types on Comware: every name is used once, and the reader refuses a reuse.
    const names = [...script.matchAll(/^object-group (?:ip address|ipv6 address|service) (\S+)$/gm)].map((m) => m[1].toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    expect(() => readH3c(script.replace(/^object-group service examlab_icmp6$/m, "object-group service examlab_rooms6"))).toThrow(/used twice/);
    expect(script).toMatch(/^object-group ipv6 address examlab_rooms6$/m);
    const checklist = text(files.find((f) => f.path === "CHECKLIST.md"));
    for (const s of ["display security-policy ip", "display security-policy ipv6", "display time-range all", "save force", "网页界面", "examlab6_", "fe80::/10", "ping -6", "curl -6"]) expect(checklist).toContain(s);
  });
});

describe("Huawei and H3C: LAN exam servers with IPv6 addresses, exam-hours", () => {
  const c = () => {
    const dir = tmpDir("vendor6");
    const f = path.join(dir, "demo-intermediate.yaml");
    fs.writeFileSync(f, fs.readFileSync(path.join(root, "sites/demo-intermediate.yaml"), "utf8")
      .replace(/^network:/m, "allowlist: { enforcement: exam-hours }\nnetwork:")
      .replace(/^  examServers:\n/m, "  examServers:\n    - { name: exam6, address: fd00:20::50, ports: [8080] }\n    - { name: exam46, address: 10.20.0.51, ports: [8443] }\n"));
    const site = loadSiteSource(f);
    const compiled = compileSitePolicy(site);
    const input: RenderInput = { policy: compiled.policy, lan: compiled.lan, ...(compiled.window ? { window: compiled.window } : {}), lang: "zh", label: site.spec.id };
    return { input, intent: computeIntent(site, compiled) };
  };
  it.each([["huawei", readHuawei, "examlab-allowlist.huawei.txt"], ["h3c", readH3c, "examlab-allowlist.h3c.txt"]] as const)("%s permits the IPv6 exam server's ports only, and still denies the rest of the IPv6 LAN", (family, read, name) => {
    const { input, intent } = c();
    expect(intent.probes.allow.some((p) => p.class === "exam-server" && p.flow.family === 6 && p.flow.dst === "fd00:20::50" && p.flow.dstPort === 8080)).toBe(true);
    const script = file(input, family, name);
    expect(script).toMatch(/ rule name examlab6_exam_1\n/);
    const rules = read(script).rules;
    expectIntent(rules, intent);
    // Another port of the same IPv6 server is refused (the exam-server permit is port-exact).
    const other = { family: 6 as const, protocol: "tcp" as const, src: "fd00:20:0:c9::a", dst: "fd00:20::50", dstPort: 22, ingress: "seat" as const, time: "inside" as const };
    expect(checkIntent(rules, { ...intent, probes: { allow: [], deny: [{ label: "IPv6 exam server, ssh", class: "infrastructure", flow: other }] } }).failures).toEqual([]);
    // Mutation: the IPv6 exam-server permit dropped → the exam cannot be reached over IPv6.
    const dropped = script.replace(/ rule name examlab6_exam_1\n(  .*\n)+/, "");
    expect(checkIntent(read(dropped).rules, intent).failures.some((f) => f.startsWith("[exam-server] exam-server exam6:8080"))).toBe(true);
  });
});

describe("Huawei and H3C: every command keyword of the generated scripts is cited in docs/router-vendor-sources.md", () => {
  const docs = fs.readFileSync(path.join(root, "docs/router-vendor-sources.md"), "utf8");
  const section = (from: string, to: string) => docs.slice(docs.indexOf(from), docs.indexOf(to));
  /** Every keyword (not a name, address, number or free text) of every command line. */
  const keywords = (script: string) => {
    const out = new Set<string>();
    for (const line of script.split("\n")) {
      const t = line.trim().split(/\s+/);
      if (!t[0] || t[0].startsWith("#")) continue;
      for (const w of t[0] === "description" ? ["description"] : t) if (/^[a-z][a-z0-9-]*$/.test(w) && !w.startsWith("examlab") && !["system-view", "quit", "return", "y"].includes(w)) out.add(w);
    }
    return out;
  };
  it.each([
    ["huawei", "## Huawei USG", "## H3C Comware", ["examlab-allowlist.huawei.txt", "examlab-undo.huawei.txt"]],
    ["h3c", "## H3C Comware", "## MikroTik", ["examlab-allowlist.h3c.txt", "examlab-undo.h3c.txt"]],
  ] as const)("%s", (family, from, to, files) => {
    const code = [...section(from, to).matchAll(/`([^`]+)`/g)].map((m) => m[1]).join(" \n ");
    const missing: string[] = [];
    // exam-hours with a LAN exam server and ipv6: block, and ipv6: filter: every rendered form.
    for (const c of [CASES()[1], CASES()[3]]) for (const f of files) for (const w of keywords(file(c.input, family, f))) if (!new RegExp(`(^|[^a-z0-9-])${w}($|[^a-z0-9-])`).test(code)) missing.push(`${f}: ${w}`);
    expect([...new Set(missing)], "keywords without a cited row").toEqual([]);
  });

  it("the Chinese checklists follow the zh style rules (space between Chinese and Latin text, full-width punctuation)", () => {
    for (const family of ["huawei", "h3c"] as const)
      for (const line of file(CASES()[1].input, family, "CHECKLIST.md").split("\n")) expect(lintZh(line.replace(/`[^`]*`/g, "x")), line).toEqual([]);
  });
});

describe("apply-router.mjs for devices without a shell (item 10)", () => {
  it.each(["huawei", "h3c", "routeros"] as const)("--family %s prints the checklist, not the configuration file", (family) => {
    const dir = tmpDir(`apply-${family}`);
    for (const f of ROUTER_TARGETS[family].render(CASES()[0].input)) fs.writeFileSync(path.join(dir, f.path), f.content);
    const r = spawnSync(process.execPath, [path.join(root, "scripts/apply-router.mjs"), "--family", family, "--dir", dir], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(fs.readFileSync(path.join(dir, "CHECKLIST.md"), "utf8"));
    expect(r.stdout).not.toMatch(/^security-policy/m);
  });
});

describe("RouterOS v7: read back into the rule model, checked against the intent (item 11)", () => {
  const routerOf = (c: Case) => ({ v4: c.intent.lan.router4, v6: [...c.intent.lan.router6, "fe80::/10"] });
  const check = (c: Case, script: string) => {
    const rb = readRouterOs(script, routerOf(c));
    const rules = [...rb.rules4, ...rb.rules6];
    return { rb, result: checkIntent(rules, c.intent, { requireDefaultDenyLast: false }) };
  };

  it.each(CASES().map((c) => [c.name, c] as const))("%s", (_n, c) => {
    const script = file(c.input, "routeros", "examlab-allowlist.rsc");
    const { rb, result } = check(c, script);
    expect(result.failures, result.failures.join("\n")).toEqual([]);
    expect(result.checked).toBeGreaterThan(50);
    expect(rb.chainEndsInDeny).toEqual({ v4: true, v6: true });
    if (c.intent.window.mode === "exam-hours") expect(openSlotsMismatch(rb.openPeriods, c.intent.window.start, c.intent.window.end, c.intent.window.days)).toEqual([]);
    else expect(rb.openPeriods).toEqual([]);
  });

  it("orders the import safely and locks down DNS and management (the defects of item 11)", () => {
    const script = file(CASES()[1].input, "routeros", "examlab-allowlist.rsc");
    const at = (re: RegExp) => script.split("\n").findIndex((l) => re.test(l));
    expect(script).not.toMatch(/place-before=\d/); // by number: aborts on an empty chain
    // DNS is changed only after every firewall rule and jump exists.
    const lastFirewall = Math.max(...script.split("\n").map((l, i) => (/firewall filter add|^:if .*firewall filter add/.test(l) ? i : -1)));
    expect(at(/^\/ip dns set /)).toBeGreaterThan(lastFirewall);
    expect(at(/use-peer-dns=no/)).toBeGreaterThan(lastFirewall);
    expect(at(/use-peer-dns=no/)).toBeLessThan(at(/^\/ip dns set .*servers=""/));
    for (const s of ["/tool mac-server set allowed-interface-list=examlab_not_exam", "/tool mac-server mac-winbox set allowed-interface-list=examlab_not_exam", "/tool mac-server ping set enabled=no", "/ip neighbor discovery-settings set discover-interface-list=examlab_not_exam", "/interface bridge settings set use-ip-firewall=yes", "/system ntp client set enabled=yes"]) expect(script).toContain(s);
    // Every setting it changes is recorded for the undo script before it is changed.
    expect(at(/^\s*\/system script add name="examlab-restore"/)).toBeGreaterThan(-1);
    expect(at(/^\s*\/system script add name="examlab-restore"/)).toBeLessThan(at(/^\/tool mac-server set/));
    // Re-import: the original settings are recorded once, and lists the settings reference are kept.
    expect(script).toMatch(/^:if \(\[:len \[\/system script find name="examlab-restore"\]\] = 0\) do=\{$/m);
    expect(script).not.toMatch(/^\/interface list remove/m);
    const undo = file(CASES()[1].input, "routeros", "examlab-undo.rsc");
    expect(undo.indexOf("/system script run examlab-restore")).toBeLessThan(undo.indexOf("/interface list remove"));
    expect(undo).toMatch(/\/system script run examlab-restore/);
  });

  it("declared seat ports join the exam list and one split-horizon group (layer-2 seat isolation in the bridge); undo clears it", () => {
    const c = CASES()[0];
    const input = { ...c.input, lan: { ...c.input.lan, router: { seatInterfaces: ["ether2", "ether3"], ntpServers: [] } } };
    const files = ROUTER_TARGETS.routeros.render(input);
    const script = text(files.find((f) => f.path === "examlab-allowlist.rsc"));
    expect(script).toContain('/interface list member add list=examlab_exam interface="ether2" comment="examlab"');
    expect(script).toContain('/interface bridge port set [find interface="ether3"] horizon=1');
    expect(text(files.find((f) => f.path === "examlab-undo.rsc"))).toContain('/interface bridge port set [find interface="ether3"] horizon=none');
    expect(() => ROUTER_TARGETS.routeros.render({ ...input, lan: { ...input.lan, router: { seatInterfaces: ['x"; /system reset'], ntpServers: [] } } })).toThrow(/refusing interface name/);
  });

  const MUTATIONS: [string, number, (s: string) => string][] = [
    ["opening rules enabled without the NTP guard (fail open)", 1, (s) => s.replace(/ disabled=yes comment="examlab-open"/g, ' comment="examlab-open"')],
    ["scheduler removed (opening never guarded)", 1, (s) => s.replace(/^\/system scheduler add name="examlab-clock".*$/m, "").replace(/ disabled=yes comment="examlab-open"/g, ' comment="examlab-open"')],
    ["LAN reject dropped", 0, (s) => s.replace(/^\/ip firewall filter add chain=examlab dst-address-list=examlab_lan .*$/m, "")],
    ["seat database ports open to every seat", 0, (s) => s.replace(/^(\/ip firewall filter add chain=examlab )src-address=\S+ (dst-address=\S+ protocol=tcp dst-port=\d+ action=accept)/gm, "$1$2")],
    ["input chain allows everything", 0, (s) => s.replace(/^\/ip firewall filter add chain=examlab-in action=drop/m, "/ip firewall filter add chain=examlab-in action=accept")],
    ["IPv6 link-local reaches the router", 0, (s) => s.replace(/^\/ipv6 firewall filter add chain=examlab-in action=drop/m, "/ipv6 firewall filter add chain=examlab-in action=accept")],
  ];
  it.each(MUTATIONS)("catches the mutation: %s", (_name, ci, mutate) => {
    const c = CASES()[ci];
    const before = file(c.input, "routeros", "examlab-allowlist.rsc");
    const after = mutate(before);
    expect(after).not.toBe(before);
    expect(check(c, after).result.failures.length).toBeGreaterThan(0);
  });

  it("place-before by number is refused by the reader (the old output)", () => {
    expect(() => readRouterOs('/ip firewall filter add chain=forward action=jump jump-target=examlab place-before=0 comment="examlab"', { v4: [], v6: [] })).toThrow(/place-before by number/);
  });
});

describe("Windows Firewall endpoint script: read back into the rule model, checked against the intent (item 12)", () => {
  /** Host names are the router's job: the endpoint lets web ports reach non-LAN addresses. */
  const endpointExempt = (p: Probe) =>
    p.class === "not-allowlisted" || p.class === "ipv6-not-allowlisted"
      ? "host names are filtered by the router; the endpoint allows web ports to addresses outside the site"
      : p.class === "spoofed-source" && p.flow.protocol === "tcp"
        ? "web to an allowed address with a forged source: the endpoint filters by destination; the source check is the router's (fib/rp)"
        : undefined;
  const fw = (c: Case) => text(ENDPOINT_TARGETS["windows-firewall"].render(c.input)[0]);

  it.each(CASES().map((c) => [c.name, c] as const))("%s", (_n, c) => {
    const rules = readWindowsFirewall(fw(c));
    const r = expectIntent(rules, c.intent, { exempt: endpointExempt });
    expect(r.checked).toBeGreaterThan(50);
    // Every seat's database forward (lab server host:port) is allowed for that seat.
    for (const d of c.input.lan.seatDb) expect(fw(c)).toContain(`'${d.seat4}' = @('${d.server4}|`);
  });

  it("fails on the old script: web to any address and no database forwards (pymysql over portproxy blocked)", () => {
    const c = CASES()[0];
    const old = fw(c).replace(/\r\n/g, "\n").replace(/; RemoteAddress = @\('1\.0\.0\.0-[^)]*\) \}/, " }").replace(/\$seatDb = @\{\n[\s\S]*?\n\}\n/, "");
    const failures = checkIntent(readWindowsFirewall(old), c.intent, { exempt: endpointExempt }).failures;
    expect(failures.some((f) => f.startsWith("[seat-db]")), failures.join("\n")).toBe(true);
    expect(failures.some((f) => f.startsWith("[router-management]") || f.startsWith("[infrastructure]"))).toBe(true);
  });
});

describe("pfSense / OPNsense: config.xml and rule table read back into the rule model, checked against the intent (IPv4, IPv6, exam window)", () => {
  const filesOf = (input: RenderInput, family: "pfsense" | "opnsense") => new Map(ROUTER_TARGETS[family].render(input).map((f) => [f.path, text(f)]));
  const xmlOf = (files: Map<string, string>, family: "pfsense" | "opnsense") => files.get(`examlab-${family}.xml`)!;
  /** The documented limit (enforcement table: exam window partial): a pf schedule is a plain clock test. */
  const CLOCK = "pfSense/OPNsense schedules read the device clock only (documented as partial)";
  const FAMILIES = ["pfsense", "opnsense"] as const;
  const seatSource = (c: Case, p: Probe) => [...c.intent.lan.seats4, ...c.intent.lan.seats6].some((n) => inCidr(p.flow.src, p.flow.family, n));

  it.each(CASES().flatMap((c) => FAMILIES.map((f) => [`${f}: ${c.name}`, f, c] as const)))("%s", (_n, family, c) => {
    const files = filesOf(c.input, family);
    // As generated, the openings are disabled (the Schedules area cannot be restored with them):
    // the lab stays locked at every hour, outside the window too.
    const locked = readPfXml(xmlOf(files, family), { aliasFiles: files });
    expect(locked.rules.filter((x) => x.when)).toEqual([]);
    for (const p of c.intent.probes.deny) expect(evaluate(locked.rules, { ...p.flow, time: "outside" }).verdict, p.label).toBe("deny");
    // The checklist enables them once the schedule exists: that configuration is checked from here on.
    const rb = readPfXml(enableOpenings(xmlOf(files, family)), { aliasFiles: files });
    // Every allowed flow, IPv6 included, is permitted; every denied class is refused; default deny last.
    const r = expectIntent(rb.rules, c.intent, { clockOnly: CLOCK });
    expect(r.checked).toBeGreaterThan(50);
    expect(c.intent.probes.allow.some((p) => p.flow.family === 6)).toBe(c.input.lan.ipv6 === "filter");
    // The file itself ends in a block of everything, one rule per family.
    expect(rb.rules.slice(rb.userRules - 2, rb.userRules)).toEqual([expect.objectContaining({ action: "deny", family: 4 }), expect.objectContaining({ action: "deny", family: 6 })]);
    for (const x of rb.rules.slice(rb.userRules - 2, rb.userRules)) expect(Object.keys(x).sort()).toEqual(["action", "family", "origin"]);
    // The manual route (the CHECKLIST table) says the same.
    expect(expectIntent(readPfRules(files), c.intent, { clockOnly: CLOCK }).checked).toBe(r.checked);
    // pfSense carries its aliases in the XML: the same as the alias files.
    if (family === "pfsense") for (const [name, a] of rb.aliases) expect(files.get(`aliases/${name}.txt`)?.trim().split("\n")).toEqual(a.items);
    else expect(xmlOf(files, family)).not.toContain("<aliases>");
    const scheduled = rb.rules.filter((x) => x.when);
    if (c.intent.window.mode === "exam-hours") {
      const w = c.intent.window;
      expect(quarterHourMismatch(rb.schedules.get("examlab_open")!, w.start, w.end, w.days)).toEqual([]);
      // Only openings are scheduled: no deny rule ever turns off.
      // With `ipv6: block` IPv6 stays refused outside the window too (the IPv6 plan shared with Huawei/H3C).
      const block6 = c.intent.lan.ipv6 === "block";
      expect(scheduled.length).toBe(block6 ? 1 : 2);
      for (const x of scheduled) expect(x).toMatchObject({ action: "allow" });
      expect(rb.rules.filter((x) => x.action === "deny" && x.when)).toEqual([]);
      // Outside the window the seats get what the intent's reference rule list gives them: the lab
      // is open (not-allowlisted hosts, other resolvers, QUIC…) except what is denied at all hours
      // (and IPv6 under `ipv6: block`).
      const reference = referenceRules(c.intent);
      const fromSeats = [...c.intent.probes.allow, ...c.intent.probes.deny].filter((p) => seatSource(c, p));
      const opened = fromSeats.filter((p) => evaluate(reference, { ...p.flow, time: "outside" }).verdict === "allow" && c.intent.probes.deny.includes(p));
      expect(opened.length).toBeGreaterThan(5);
      for (const p of fromSeats) expect(evaluate(rb.rules, { ...p.flow, time: "outside" }).verdict, p.label).toBe(block6 && p.flow.family === 6 ? "deny" : evaluate(reference, { ...p.flow, time: "outside" }).verdict);
    } else {
      expect(rb.schedules.size).toBe(0);
      expect(scheduled).toEqual([]);
    }
  });

  it("a window off the quarter hours: the opening ends at the quarter hour before it and starts at the one after it (the filter reloads every 15 minutes)", () => {
    const base = CASES()[1].input;
    const input: RenderInput = { ...base, window: { ...base.window!, start: "08:20", end: "16:40" } };
    const intent = intentOf(input);
    for (const family of FAMILIES) {
      const files = filesOf(input, family);
      const xml = xmlOf(files, family);
      expect(xml).toContain("<hour>0:00-8:15</hour>");
      expect(xml).toContain("<hour>16:45-23:59</hour>");
      const rb = readPfXml(enableOpenings(xml), { aliasFiles: files });
      expect(quarterHourMismatch(rb.schedules.get("examlab_open")!, "08:20", "16:40", intent.window.mode === "exam-hours" ? intent.window.days : [])).toEqual([]);
      expectIntent(rb.rules, intent, { clockOnly: CLOCK });
      // The window's own end and start as the opening's bounds (no quarter-hour floor): open at 08:15–08:20.
      const naive = readPfXml(xml.replace("<hour>0:00-8:15</hour>", "<hour>0:00-8:20</hour>"), { aliasFiles: files });
      expect(quarterHourMismatch(naive.schedules.get("examlab_open")!, "08:20", "16:40", intent.window.mode === "exam-hours" ? intent.window.days : [])).not.toEqual([]);
    }
  });

  it("for any window and exam days, the schedule is active exactly at the reloads whose quarter hour is wholly outside the window (property)", () => {
    const base = CASES()[1].input;
    const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
    const min = (h: string) => Number(h.split(":")[0]) * 60 + Number(h.split(":")[1]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1438 }), fc.integer({ min: 1, max: 1439 }), fc.subarray(["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]), (a, b, days) => {
        fc.pre(a < b);
        const [start, end] = [clock(a), clock(b)];
        const rs = pfRuleset({ ...base, window: { ...base.window!, start, end, days } });
        const ranges = rs.schedule!.ranges.map((r) => ({ position: r.position, from: min(r.hour.split("-")[0]), to: min(r.hour.split("-")[1]) }));
        // Every bound is one the schedule editor offers (minutes 00/15/30/45/59).
        for (const r of rs.schedule!.ranges) for (const h of r.hour.split("-")) expect(["00", "15", "30", "45", "59"]).toContain(h.split(":")[1]);
        expect(quarterHourMismatch(ranges, start, end, days)).toEqual([]);
      }),
      { numRuns: 300, seed: 21 },
    );
  });

  /** Rewrites each `<rule>` element (return "" to drop it); `last` counts from the end. */
  const mapRules = (xml: string, f: (rule: string, fromEnd: number) => string) => {
    const all = xml.match(/\t\t<rule>\n[\s\S]*?\t\t<\/rule>\n/g) ?? [];
    let i = 0;
    return xml.replace(/\t\t<rule>\n[\s\S]*?\t\t<\/rule>\n/g, (r) => f(r, all.length - 1 - i++));
  };
  const toPass = (r: string) => r.replace("<type>block</type>", "<type>pass</type>");
  /** The checklist's last step: enable the opening rules once the schedule examlab_open exists. */
  const enableOpenings = (xml: string) => xml.replace(/(\t*<sched>examlab_open<\/sched>\n)\t*<disabled\/>\n/g, "$1");
  const MUTATIONS: [string, number, (xml: string) => string][] = [
    ["IPv6 rows dropped (the IPv4-only output: allowlisted IPv6 unreachable)", 0, (x) => mapRules(x, (r, e) => (r.includes("<ipprotocol>inet6</ipprotocol>") && e > 0 ? "" : r))],
    ["opening without its schedule (the lab open during the exam)", 1, (x) => x.replace(/\t*<sched>examlab_open<\/sched>\n/g, "")],
    ["openings enabled while the schedule does not exist (loaded without one: open at all hours)", 1, (x) => x.replace(/\t*<schedules>[\s\S]*?<\/schedules>\n/, "")],
    ["the deny rules scheduled instead of the opening", 1, (x) => mapRules(x.replace(/\t*<sched>examlab_open<\/sched>\n/g, ""), (r, e) => (r.includes("<type>block</type>") && e > 1 ? r.replace("\t\t</rule>", "\t\t\t<sched>examlab_open</sched>\n\t\t</rule>") : r))],
    ["router management and link-local (fe80::/10) passed", 0, (x) => mapRules(x, (r) => (r.includes("<type>block</type>") && r.includes("<address>EXAMLAB_ROUTER6</address>") ? toPass(r) : r))],
    ["ipv6: block row passes", 3, (x) => mapRules(x, (r) => (r.includes("ipv6: block") ? toPass(r) : r))],
    ["IPv6 LAN block dropped (the NVR reachable over IPv6 outside the window)", 1, (x) => mapRules(x, (r) => (r.includes("<address>EXAMLAB_LAN6</address>") ? "" : r))],
    ["final blocks turned into passes", 0, (x) => mapRules(x, (r, e) => (e < 2 ? toPass(r) : r))],
  ];
  it.each(FAMILIES.flatMap((f) => MUTATIONS.map(([n, ci, m]) => [`${f}: ${n}`, f, ci, m] as const)))("catches the mutation %s", (_n, family, ci, mutate) => {
    const c = CASES()[ci];
    const files = filesOf(c.input, family);
    const before = enableOpenings(xmlOf(files, family));
    const after = mutate(before);
    expect(after).not.toBe(before);
    expect(checkIntent(readPfXml(after, { aliasFiles: files }).rules, c.intent, { clockOnly: CLOCK }).failures.length).toBeGreaterThan(0);
  });

  it("catches a table without the LAN block row (rebinding and the NVR open)", () => {
    const c = CASES()[0];
    const files = filesOf(c.input, "pfsense");
    files.set("CHECKLIST.md", files.get("CHECKLIST.md")!.replace(/^\| \d+ \| block \| IPv4 \| any \| EXAMLAB_ROOMS \| EXAMLAB_LAN \|.*\n/m, ""));
    expect(checkIntent(readPfRules(files), c.intent, { clockOnly: CLOCK }).failures.length).toBeGreaterThan(0);
  });

  it("the reader refuses what it cannot read instead of guessing (calendar dates, inet46, not XML)", () => {
    const files = filesOf(CASES()[1].input, "pfsense");
    const xml = xmlOf(files, "pfsense");
    expect(() => readPfXml(xml.replace("<position>", "<month>1</month><day>1</day><position>"))).toThrow(/calendar dates/);
    expect(() => readPfXml(xml.replace("<filter>", "<filter><"))).toThrow(/well-formed/);
    expect(() => readPfXml(xml.replace("<ipprotocol>inet</ipprotocol>", "<ipprotocol>inet46</ipprotocol>"))).toThrow(/one rule per family/);
  });
});

describe("Chrome policy from the intent (item 12)", () => {
  it("allows the LAN exam servers the intent allows, IPv4 and IPv6, with their ports", () => {
    const site = siteFromObject({
      id: "chrome", name: "c", levels: ["primary"], network: { block: "10.91.0.0/16", block6: "fd00:91::/48", examServers: [{ name: "exam4", address: "10.91.0.50", ports: [8080] }, { name: "exam6", address: "fd00:91::50", ports: [443] }] },
      allowlist: { sources: [], additions: ["exam.example.cn"] },
      rooms: [{ id: "1", levels: ["primary"], candidates: 2, layout: { widthM: 10, depthM: 10, rows: 1, columns: 2, pitchM: 1.2, rowPitchM: 1.5 } }],
    }, path.join(tmpDir("chrome"), "c.ts"));
    const c = compileSitePolicy(site);
    const reg = Buffer.from(ENDPOINT_TARGETS["chrome-policy"].render({ policy: c.policy, lan: c.lan, lang: "en", label: "c" })[0].content as Uint8Array).subarray(2).toString("utf16le");
    expect(reg).toContain('="10.91.0.50:8080"');
    expect(reg).toContain('="[fd00:91::50]:443"');
  });
});
