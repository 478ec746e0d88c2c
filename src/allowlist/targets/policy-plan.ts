import { pushAll } from "../../util/arrays";
import { guard } from "../escape";
import { intervalOf, mergeCidrs } from "../cidr";
import { intentOf } from "../intent";
import type { ConnectivityIntent } from "../intent";
import type { RenderInput } from "../model";

/**
 * The connectivity intent laid out as an ordered, first-match security policy for firewalls whose
 * configuration is a list of named objects and rules (Huawei USG security-policy, H3C Comware
 * security-policy). One plan, several syntaxes: each vendor renderer only prints it. The order is
 * the one the intent requires (src/allowlist/intent, tests/allowlist/intent-harness.ts):
 *   router services → router management denied → LAN exam servers and each seat's own database
 *   ports → the rest of the LAN denied (NVR, cameras, lab servers, other seats, rebinding) →
 *   [exam-hours: everything open outside the window, fail closed] → DNS/DoT and QUIC denied →
 *   allowlisted networks → allowlisted names (URL filter) → deny.
 * Everything a rule matches comes from the exam rooms' addresses; the last rule denies the whole
 * exam zone (spoofed sources included).
 */
export interface ServiceItem {
  /** `icmpv6` only in the IPv6 plan (./policy-plan6.ts). */
  protocol: "tcp" | "udp" | "icmp" | "icmpv6";
  /** Destination ports; empty = any port of the protocol. */
  ports: number[];
}

export interface PlanRule {
  name: string;
  action: "permit" | "deny";
  /** Source: the exam rooms' address set, one seat, or (last rule) the whole exam zone. */
  src: { set: string } | { host: string } | { zone: true };
  /** Destination: an address set, one host, or any. */
  dst?: { set: string } | { host: string };
  /** A service set; absent = any service. */
  service?: string;
  /** The rule only holds outside the exam window (time range `examlab_open`). */
  open?: true;
  /** Names are allowed through this URL-filter profile (port group id). */
  urlFilter?: string;
  zh: string;
  en: string;
}

export interface PlanPeriod {
  start: string;
  end: string;
  /** English weekday names (Sunday…Saturday); all seven = every day. */
  days: string[];
}

export interface PolicyPlan {
  intent: ConnectivityIntent;
  addressSets: { name: string; cidrs: string[] }[];
  serviceSets: { name: string; items: ServiceItem[] }[];
  /** URL-filter profiles, one per allowlist port group that has names. */
  urlFilters: { name: string; group: string; hosts: { name: string; match: "exact" | "subtree" }[] }[];
  /** The complement of the exam window (when `exam-hours`), anchored at 1 January of the first exam year. */
  openRange?: { name: string; periods: PlanPeriod[]; fromDate: string };
  rules: PlanRule[];
}

export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

const cache = new WeakMap<object, PolicyPlan>();

export function policyPlan(input: RenderInput): PolicyPlan {
  const hit = cache.get(input.policy);
  if (hit && hit.intent === intentOf(input)) return hit;
  const plan = build(input);
  cache.set(input.policy, plan);
  return plan;
}

function build(input: RenderInput): PolicyPlan {
  const intent = intentOf(input);
  const lan = intent.lan;
  const addressSets: PolicyPlan["addressSets"] = [];
  const serviceSets: PolicyPlan["serviceSets"] = [];
  const rules: PlanRule[] = [];
  // Address sets hold the fewest prefixes (overlaps merged: a LAN block swallows its hosts).
  // (The allowlist's own networks are already minimal: normalise() merged them.)
  const set = (name: string, cidrs: string[], merged = false) => {
    const v4 = cidrs.filter((c) => !c.includes(":"));
    addressSets.push({ name: guard.ident(name), cidrs: (merged ? v4 : mergeCidrs(4, v4.map(intervalOf))).map(guard.address) });
    return name;
  };
  const svc = (name: string, items: ServiceItem[]) => {
    const existing = serviceSets.find((s) => s.name === name);
    if (!existing) serviceSets.push({ name: guard.ident(name), items: items.map((i) => ({ protocol: i.protocol, ports: i.ports.map((p) => Number(guard.port(p))) })) });
    return name;
  };
  const rooms = { set: set("examlab_rooms", lan.seats4.map(cidr32)) };
  const routerSet = set("examlab_router", lan.router4.map(cidr32));
  const lanSet = set("examlab_lan", [...lan.site4, ...lan.seats4, ...lan.nvr4, ...lan.cameras4, ...lan.labServers.map((l) => l.ipv4)].map(cidr32));

  // 1. The router's own services for seats: DNS, DHCP, ping.
  rules.push({ name: "examlab_dns", action: "permit", src: rooms, dst: { set: routerSet }, service: svc("examlab_dns", [{ protocol: "udp", ports: [53] }, { protocol: "tcp", ports: [53] }]), zh: "考生机只向路由器查询 DNS", en: "seats resolve through the router" });
  rules.push({ name: "examlab_dhcp", action: "permit", src: rooms, dst: { set: routerSet }, service: svc("examlab_dhcp", [{ protocol: "udp", ports: [67] }]), zh: "DHCP（路由器）", en: "DHCP to the router" });
  rules.push({ name: "examlab_ping_router", action: "permit", src: rooms, dst: { set: routerSet }, service: svc("examlab_icmp", [{ protocol: "icmp", ports: [] }]), zh: "允许 ping 网关", en: "ping the gateway" });
  // 2. Management of the router: never from a seat.
  rules.push({ name: "examlab_no_mgmt", action: "deny", src: rooms, dst: { set: routerSet }, zh: "禁止考生机访问路由器管理（SSH、Telnet、Web、SNMP）", en: "no router management from seats (ssh, telnet, web, SNMP)" });
  // 3. LAN servers: declared exam servers, then each seat's own database ports.
  let n = 0;
  for (const f of intent.allowed) {
    if (f.to.kind !== "lan-server" || f.to.family !== 4 || f.class === "seat-db") continue;
    n++;
    rules.push({ name: `examlab_exam_${n}`, action: "permit", src: rooms, dst: { host: guard.address(f.to.address) }, service: svc(`examlab_exam_${n}`, [{ protocol: "tcp", ports: f.ports }]), zh: `考试服务器 ${guard.asciiComment(f.to.name)}`, en: `exam server ${guard.asciiComment(f.to.name)}` });
  }
  const bySeat = new Map<string, { server: string; ports: number[] }[]>();
  for (const f of intent.allowed) {
    const to = f.to;
    if (f.class !== "seat-db" || to.kind !== "lan-server" || !f.seat) continue;
    const list = bySeat.get(f.seat) ?? [];
    const same = list.find((x) => x.server === to.address);
    if (same) pushAll(same.ports, f.ports);
    else list.push({ server: to.address, ports: [...f.ports] });
    bySeat.set(f.seat, list);
  }
  for (const [seat, list] of bySeat)
    list.forEach((x, i) => {
      const ports = [...new Set(x.ports)].sort((a, b) => a - b);
      const id = `examlab_db_${seat.replace(/\./g, "_")}${list.length > 1 ? `_${i + 1}` : ""}`;
      rules.push({ name: id, action: "permit", src: { host: guard.address(seat) }, dst: { host: guard.address(x.server) }, service: svc(`examlab_dbp_${ports.join("_")}`.slice(0, 31), [{ protocol: "tcp", ports }]), zh: "本座位的数据库端口", en: "the seat's own database ports" });
    });
  // 4. Everything else on the LAN: NVR, cameras, lab servers, other seats — also what a rebinding answer points to.
  rules.push({ name: "examlab_no_lan", action: "deny", src: rooms, dst: { set: lanSet }, zh: "禁止访问局域网：录像机、摄像头、实验服务器、其他考生机（含 DNS 重绑定）", en: "no LAN: NVR, cameras, lab servers, other seats (DNS rebinding included)" });
  // 5. Outside the exam window the lab is back to teaching use — only when the clock is known.
  let openRange: PolicyPlan["openRange"];
  if (intent.window.mode === "exam-hours") {
    openRange = { name: "examlab_open", periods: complement(intent.window.start, intent.window.end, intent.window.days), fromDate: `${(input.window?.firstDate ?? "2026-01-01").slice(0, 4)}/01/01` };
    rules.push({ name: "examlab_outside_exam", action: "permit", src: rooms, open: true, zh: "考试时段以外恢复正常使用（时钟未同步时不生效）", en: "normal use outside the exam window (never with an unset clock)" });
  }
  // 6. DNS and DoT anywhere else, QUIC.
  rules.push({ name: "examlab_no_dns_dot", action: "deny", src: rooms, service: svc("examlab_dns_dot", [{ protocol: "udp", ports: [53, 853] }, { protocol: "tcp", ports: [53, 853] }]), zh: "禁止直连其他 DNS 与 DNS over TLS", en: "no DNS to other servers, no DNS over TLS" });
  rules.push({ name: "examlab_no_quic", action: "deny", src: rooms, service: svc("examlab_quic", [{ protocol: "udp", ports: [443] }]), zh: "禁止 QUIC（浏览器回退到 TCP）", en: "no QUIC (browsers fall back to TCP)" });
  // 7. The allowlist: networks by address set, names by URL filter.
  const urlFilters: PolicyPlan["urlFilters"] = [];
  for (const f of intent.allowed) {
    if (f.to.kind !== "allowlist") continue;
    const g = f.to.group;
    const gid = guard.ident(g.id);
    const service = svc(`examlab_tcp_${gid}`, [{ protocol: "tcp", ports: g.ports }]);
    if (g.ipv4.length) rules.push({ name: `examlab_allow_ip_${gid}`, action: "permit", src: rooms, dst: { set: set(`examlab_allow_${gid}`, g.ipv4, true) }, service, zh: "白名单 IP 地址", en: "allowlisted addresses" });
    if (g.domains.length) {
      urlFilters.push({ name: `examlab_${gid}`, group: gid, hosts: g.domains.map((d) => ({ name: guard.name(d.name), match: d.match })) });
      rules.push({ name: `examlab_allow_web_${gid}`, action: "permit", src: rooms, service, urlFilter: gid, zh: "白名单域名（URL 过滤）", en: "allowlisted names (URL filter)" });
    }
  }
  // 8. Default deny for the whole exam zone (spoofed sources included).
  rules.push({ name: "examlab_deny", action: "deny", src: { zone: true }, zh: "考场区域其余流量一律拒绝（含伪造源地址）", en: "everything else from the exam zone (spoofed sources included)" });
  return { intent, addressSets, serviceSets, urlFilters, ...(openRange ? { openRange } : {}), rules };
}

function cidr32(a: string): string {
  return a.includes("/") ? a : `${a}/32`;
}

/** The week minus the window: what `examlab_open` covers. */
export function complement(start: string, end: string, days: readonly string[]): PlanPeriod[] {
  const on = days.length ? WEEKDAYS.filter((d) => days.includes(d)) : [...WEEKDAYS];
  const off = WEEKDAYS.filter((d) => !on.includes(d));
  const out: PlanPeriod[] = [];
  if (start !== "00:00") out.push({ start: "00:00", end: guard.clock(start), days: [...on] });
  if (end !== "23:59") out.push({ start: guard.clock(end), end: "23:59", days: [...on] });
  if (off.length) out.push({ start: "00:00", end: "23:59", days: off });
  return out;
}

/** Subnet mask of a prefix length (IPv4), for vendors that want dotted masks. */
export function dottedMask(len: number): string {
  const m = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return [24, 16, 8, 0].map((s) => (m >>> s) & 255).join(".");
}
