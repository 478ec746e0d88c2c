import * as path from "node:path";
import { InputError, formatPath, type InputProblem } from "../model/errors";
import type { Site } from "../model/site";
import { addressValue, isValidAddress, parseBlock } from "../ipplan/addresses";
import * as portMap from "../databases/port-map";
import { packageRoot } from "./assets";
import type { AllowEntry, EnforcementWindow, LanInfrastructure, LanPlan, LanServer, NormalisedPolicy, PolicyWarning, SeatDbRule } from "./model";
import { normalise } from "./normalise";
import { parseEntry } from "./parse-entry";
import { cidrOf, type Cidr } from "./cidr";
import { lanConflicts } from "./special-addresses";
import { EXAMPLE_LIST, readListSync } from "./sources";
import { CHROME_ALLOWLIST_LIMIT, chromePatterns } from "./targets/chrome-policy";
import { unsupportedRelease } from "./target-versions";
import { pushAll } from "../util/arrays";
import { problemAt, said, warningOf } from "./said";

import { DEFAULT_UPSTREAM_DNS } from "./upstream-dns";
export { DEFAULT_UPSTREAM_DNS };
/**
 * The router's own NTP names, kept resolvable with their subdomains: pool.ntp.org covers OpenWrt's
 * default 0–3.openwrt.pool.ntp.org and Debian's N.debian.pool.ntp.org; two servers common in China.
 */
export const DEFAULT_NTP_SERVERS = ["pool.ntp.org", "ntp.aliyun.com", "ntp.tencent.com"];

export interface SitePolicy {
  policy: NormalisedPolicy;
  lan: LanPlan;
  window?: EnforcementWindow;
  warnings: PolicyWarning[];
}

/**
 * The site-aware compile (manual §3.2 ROUTER-ALLOWLIST, PC-NETWORK-ALLOWLIST): the site's
 * allowlist sources + additions + exam servers, normalised, with the LAN facts from the IP plan
 * (room subnets = candidates, router, exam and lab servers, per-seat database ports) and the
 * optional exam-hours window. Bad input throws InputError (file:line, field, reason).
 */
export function compileSitePolicy(site: Site): SitePolicy {
  // Sites are immutable once built; the allowlist, database and report features all ask.
  let hit = COMPILED.get(site);
  if (!hit) COMPILED.set(site, (hit = compile(site)));
  return hit;
}

const COMPILED = new WeakMap<Site, SitePolicy>();

/**
 * The input problems of a site's allowlist (its list files, additions, exam servers, resolvers and
 * router release), in both languages: what `compileSitePolicy` would throw, without building the
 * LAN plan and per-seat ports. `check` and `validate` call it so that a broken list is bad input
 * there too, not first at `export`.
 */
export function siteAllowlistProblems(site: Site): InputProblem[] {
  return readSite(site).problems;
}

/** What the site's allowlist inputs say: entries normalised, problems and warnings (cached per site). */
interface SiteInputs {
  problems: InputProblem[];
  warnings: PolicyWarning[];
  policy: NormalisedPolicy;
  servers: LanServer[];
  examNames: string[];
  upstream: string[];
}

const READ = new WeakMap<Site, SiteInputs>();

function readSite(site: Site): SiteInputs {
  let hit = READ.get(site);
  if (!hit) READ.set(site, (hit = readInputs(site)));
  return hit;
}

function readInputs(site: Site): SiteInputs {
  const spec = site.spec;
  const al = spec.allowlist;
  // The site's own line index (no second read or parse of the file); TypeScript sites have none.
  const lineOf = site.lineOf;
  const at = (p: PropertyKey[]) => ({ file: site.file, line: lineOf(p) });
  const problems: InputProblem[] = [];
  const warnings: PolicyWarning[] = [];
  const entries: AllowEntry[] = [];

  const sources = al.sources.length ? al.sources.map((s) => ({ file: path.resolve(site.dir, s), shown: s })) : [{ file: path.join(packageRoot(), EXAMPLE_LIST), shown: EXAMPLE_LIST }];
  if (!al.sources.length)
    warnings.push(warningOf("example-list", EXAMPLE_LIST, said("exampleList")));
  // The site's own blocks: list entries and additions inside them are refused (item 15).
  const ownBlocks = ownBlocksOf(spec.network.block, spec.network.block6);
  for (const s of sources) {
    const r = readListSync(s.file, s.shown);
    pushAll(entries, r.entries);
    pushAll(problems, r.problems);
    pushAll(problems, listLanConflicts(r.entries, ownBlocks));
    pushAll(warnings, r.warnings);
  }
  al.additions.forEach((text, i) => {
    const p = ["allowlist", "additions", i];
    const r = parseEntry(text, at(p));
    if (!r.ok) { problems.push(problemAt(at(p), r.reason, formatPath(p))); return; }
    const lan = lanConflicts([r.entry], ownBlocks);
    if (lan.length) { pushAll(problems, lan.map((q) => ({ ...q, path: formatPath(p) }))); return; }
    entries.push(r.entry);
    if (r.warning) warnings.push(warningOf("homograph", `${site.file}${at(p).line !== undefined ? `:${at(p).line}` : ""}`, r.warning));
  });

  // Exam servers: names join the allowlist; addresses inside the site block are LAN servers.
  const block = parseBlock(spec.network.block, 4);
  const block6 = spec.network.block6 ? parseBlock(spec.network.block6, 6) : undefined;
  const inSite = (ip: string) => {
    const fam = ip.includes(":") ? 6 : 4;
    const b = fam === 4 ? block : block6;
    if (!b || typeof b === "string") return false;
    const v = addressValue(ip, fam);
    return v >= b.first && v < b.first + b.size;
  };
  const servers: LanServer[] = [];
  const examNames: string[] = [];
  spec.network.examServers.forEach((s, i) => {
    const p = ["network", "examServers", i, "address"];
    const r = parseEntry(s.address, at(p), s.ports.join(","));
    if (!r.ok) { problems.push(problemAt(at(p), r.reason, formatPath(p))); return; }
    const e = r.entry;
    if (e.kind !== "domain" && (e.cidr.endsWith("/32") || e.cidr.endsWith("/128")) && inSite(e.cidr.split("/")[0])) {
      const ip = e.cidr.split("/")[0];
      servers.push({ name: s.name, kind: "exam", ...(e.kind === "ipv4" ? { ipv4: ip } : { ipv6: ip }), ports: [...s.ports].sort((a, b) => a - b) });
    } else {
      if (e.kind === "domain") examNames.push(e.name);
      entries.push(e);
    }
  });

  const upstream = al.upstreamDns ?? DEFAULT_UPSTREAM_DNS;
  (al.upstreamDns ?? []).forEach((d, i) => {
    if (!isValidAddress(d, 4) && !isValidAddress(d, 6)) problems.push(problemAt(at(["allowlist", "upstreamDns", i]), said("resolverExpected", { value: d.slice(0, 60) }), formatPath(["allowlist", "upstreamDns", i])));
  });

  const router = spec.router;
  if (router) {
    const why = unsupportedRelease(router.family, router);
    if (why) {
      const field = router.family === "openwrt" ? "osVersion" : "dnsmasqVersion";
      problems.push(problemAt(at(["router", field]), why, formatPath(["router", field])));
    }
  }

  const n = normalise(entries);
  pushAll(problems, n.problems);
  pushAll(warnings, n.warnings);
  return { problems, warnings, policy: n.policy, servers, examNames, upstream };
}

/**
 * The site's own blocks as allowlist CIDRs. Sites often share them (private ranges, one template
 * per province) and ip-num's IPv6 check is slow, so recent answers are kept (read only; issue 14).
 */
function ownBlocksOf(block: string, block6: string | undefined): readonly Cidr[] {
  const key = `${block}\n${block6 ?? ""}`;
  let hit = OWN_BLOCKS.get(key);
  if (!hit) {
    if (OWN_BLOCKS.size >= 256) OWN_BLOCKS.clear();
    hit = [block, block6].flatMap((b) => {
      const c = b ? cidrOf(b) : undefined;
      return c && "cidr" in c ? [c] : [];
    });
    OWN_BLOCKS.set(key, hit);
  }
  return hit;
}
const OWN_BLOCKS = new Map<string, readonly Cidr[]>();

/**
 * LAN conflicts of a list's entries with the built-in ranges and the site's own blocks. A
 * province's sites share one list (read once, see readListSync) and often their blocks: the
 * answer is kept per (list, blocks) pair (read only; issue 14).
 */
function listLanConflicts(entries: readonly AllowEntry[], own: readonly Cidr[]): readonly InputProblem[] {
  let byOwn = LAN_CONFLICTS.get(entries);
  if (!byOwn) LAN_CONFLICTS.set(entries, (byOwn = new WeakMap()));
  let hit = byOwn.get(own);
  if (!hit) byOwn.set(own, (hit = lanConflicts(entries, own)));
  return hit;
}
const LAN_CONFLICTS = new WeakMap<readonly AllowEntry[], WeakMap<readonly Cidr[], readonly InputProblem[]>>();

function compile(site: Site): SitePolicy {
  const read = readSite(site);
  if (read.problems.length) throw new InputError(read.problems);
  const { policy, examNames, upstream } = read;
  const warnings = [...read.warnings];
  const servers = [...read.servers];
  const router = site.spec.router;
  const al = site.spec.allowlist;
  // The browser layer cannot express everything the router does: say so where the report sees it.
  const chrome = chromePatterns(policy);
  if (chrome.skipped.length)
    warnings.push(warningOf("chrome-cidr", undefined, said("chromeCidr", { cidrs: `${chrome.skipped.slice(0, 5).join(", ")}${chrome.skipped.length > 5 ? " …" : ""}` })));
  if (chrome.patterns.length > CHROME_ALLOWLIST_LIMIT)
    warnings.push(warningOf("chrome-limit", undefined, said("chromeLimit", { max: CHROME_ALLOWLIST_LIMIT, n: chrome.patterns.length })));

  // Lab servers and per-seat database ports (src/databases decides the ports, manual §3.3).
  const seatDb: SeatDbRule[] = [];
  const labIds = Object.keys(site.plan.infrastructure.labServers).sort();
  const seatEndpoints = (portMap as { seatEndpoints?: (s: Site) => portMap.SeatEndpoint[] }).seatEndpoints;
  if (labIds.length && typeof seatEndpoints === "function") {
    for (const ep of seatEndpoints(site)) for (const svc of Object.values(ep.services)) seatDb.push({ seat4: ep.ipv4, server4: svc.host, port: svc.port });
    sortSeatDb(seatDb);
  }
  // Without the per-seat port map, a lab server is reachable on any TCP port (noted below).
  if (typeof seatEndpoints !== "function") for (const id of labIds) servers.push({ name: id, kind: "lab", ipv4: site.plan.infrastructure.labServers[id], ports: [] });
  if (labIds.length && typeof seatEndpoints !== "function")
    warnings.push(warningOf("db-ports-unknown", undefined, said("dbPortsUnknown")));

  const ipv6Mode = (al.ipv6 ?? "auto") === "auto" ? (site.plan.block6 ? "filter" : "block") : (al.ipv6 as "filter" | "block");
  const lan: LanPlan = {
    router4: site.plan.infrastructure.router,
    ...(site.plan.infrastructure.subnet6 ? { router6: site.plan.leases.find((l) => l.role === "router")?.ipv6 } : {}),
    candidates4: site.plan.rooms.map((r) => r.subnet),
    candidates6: ipv6Mode === "filter" ? site.plan.rooms.flatMap((r) => (r.subnet6 ? [r.subnet6] : [])) : [],
    site4: [site.plan.block],
    site6: site.plan.block6 ? [site.plan.block6] : [],
    servers: servers.sort((a, b) => cmp(a.kind + a.name, b.kind + b.name)),
    seatDb,
    resolvers: [...site.plan.dns],
    upstreamDns: [...upstream],
    ipv6: ipv6Mode,
    ...(router
      ? { router: { ...(router.osVersion ? { osVersion: router.osVersion } : {}), ...(router.dnsmasqVersion ? { dnsmasqVersion: router.dnsmasqVersion } : {}), seatInterfaces: [...router.seatInterfaces], ntpServers: [...(router.ntpServers ?? DEFAULT_NTP_SERVERS)] } }
      : {}),
    infra: lanInfrastructure(site, examNames),
  };
  const window = al.enforcement === "exam-hours" ? examWindow(site, al.marginMinutes ?? 30) : undefined;
  return { policy, lan, ...(window ? { window } : {}), warnings };
}

/** Router, NVR, cameras, lab servers and sample seats from the IP plan (the intent's denied classes and probes). */
function lanInfrastructure(site: Site, examServerNames: string[]): LanInfrastructure {
  const plan = site.plan;
  const leases = plan.leases;
  const v4 = (role: string) => leases.filter((l) => l.role === role).map((l) => l.ipv4);
  const v6 = (role: string) => leases.filter((l) => l.role === role && l.ipv6).map((l) => l.ipv6!);
  const seats = leases.filter((l) => l.role === "candidate");
  const firstRoom = seats[0]?.room;
  const other = seats.find((l) => l.room !== firstRoom);
  const samples = [...seats.filter((l) => l.room === firstRoom).slice(0, 2), ...(other ? [other] : [])];
  return {
    router4: [...new Set([plan.infrastructure.router, ...plan.rooms.map((r) => r.gateway)])],
    router6: [...new Set([...v6("router"), ...plan.rooms.flatMap((r) => (r.gateway6 ? [r.gateway6] : []))])],
    rooms6: plan.rooms.flatMap((r) => (r.subnet6 ? [r.subnet6] : [])),
    nvr4: v4("nvr"),
    nvr6: v6("nvr"),
    cameras4: v4("camera"),
    cameras6: v6("camera"),
    labServers: leases.filter((l) => l.role === "lab-server").map((l) => ({ name: l.hostname, ipv4: l.ipv4, ...(l.ipv6 ? { ipv6: l.ipv6 } : {}) })),
    seatSamples: samples.map((l) => ({ room: l.room!, ipv4: l.ipv4, ...(l.ipv6 ? { ipv6: l.ipv6 } : {}) })),
    examServerNames: [...new Set(examServerNames)].sort(),
  };
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** First session start − margin to last session end + margin, on the exam dates' weekdays (§6.4). */
export function examWindow(site: Site, marginMinutes: number): EnforcementWindow {
  const s = site.spec.schedule;
  const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  const start = Math.max(0, Math.min(toMin(s.theory.start), toMin(s.practical.start)) - marginMinutes);
  const end = Math.min(23 * 60 + 59, Math.max(toMin(s.theory.end), toMin(s.practical.end)) + marginMinutes);
  const fmt = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  const days = [...new Set(s.dates.map((d) => new Date(`${d}T00:00:00Z`).getUTCDay()))].sort().map((d) => WEEKDAYS[d]);
  const firstDate = [...s.dates].sort()[0];
  return { start: fmt(start), end: fmt(end), timezone: s.timezone, days, ...(firstDate ? { firstDate } : {}) };
}

/**
 * Seat, then lab server by address, then port (compared as text, as the padded-string sort this
 * replaces did, so the order of existing outputs is unchanged). The keys are computed once per
 * rule: a site has a rule per seat and database, and this runs on every export and synth.
 */
function sortSeatDb(rules: SeatDbRule[]): void {
  const keyed = rules.map((r) => ({ r, seat: ipv4Key(r.seat4), server: ipv4Key(r.server4), port: String(r.port) }));
  keyed.sort((a, b) => a.seat - b.seat || a.server - b.server || cmp(a.port, b.port));
  keyed.forEach((k, i) => (rules[i] = k.r));
}

/** Dotted quad → number, for ordering only (the addresses come from the IP plan). */
export function ipv4Key(ip: string): number {
  // Digit by digit: split and Number per octet cost ~1 ms per site here (issue 14).
  let v = 0;
  let octet = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      v = v * 256 + octet;
      octet = 0;
    } else octet = octet * 10 + (c - 48);
  }
  return v * 256 + octet;
}
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
