import { guard } from "../escape";
import { intervalOf, mergeCidrs } from "../cidr";
import type { RenderInput } from "../model";
import { policyPlan, type PlanRule, type PolicyPlan, type ServiceItem } from "./policy-plan";

/**
 * The IPv6 half of the ordered security policy (Huawei USG and H3C Comware; ./policy-plan.ts is
 * the IPv4 half). It follows the same order as the IPv4 plan and reuses its service sets, URL-filter
 * profiles and time range; only the address objects are IPv6:
 *   router services (DNS to the router, ICMPv6 for neighbour discovery) → router management denied
 *   → LAN exam servers → the rest of the IPv6 LAN denied (seats, NVR, cameras, lab servers) →
 *   [exam-hours: open outside the window, fail closed] → DNS/DoT and QUIC denied → allowlisted
 *   IPv6 networks → allowlisted names (URL filter) → deny.
 * With `ipv6: block` only ICMPv6 to the router stays (neighbour discovery) and everything else
 * from the exam rooms is denied.
 *
 * Link-local: a packet addressed to fe80::/10 is never forwarded, so on the exam side it can only
 * be for the router itself — `examlab_router6` holds fe80::/10 next to the router's global
 * addresses (the router's link-local addresses are not known in advance), and the management
 * rule therefore covers link-local too. Link-local *sources* are part of the exam rooms
 * (`examlab_rooms6`): a seat talking to the router over fe80:: meets the same rules.
 * Sources outside the declared room prefixes (an OpenWrt ULA, an ISP-delegated prefix) match no
 * permit and fall to the default deny.
 */
export const LINK_LOCAL6 = "fe80::/10";

const cache = new WeakMap<PolicyPlan, PolicyPlan>();

export function policyPlan6(input: RenderInput): PolicyPlan {
  const v4 = policyPlan(input);
  const hit = cache.get(v4);
  if (hit) return hit;
  const plan = build(v4);
  cache.set(v4, plan);
  return plan;
}

function build(v4: PolicyPlan): PolicyPlan {
  const intent = v4.intent;
  const lan = intent.lan;
  const addressSets: PolicyPlan["addressSets"] = [];
  const serviceSets: PolicyPlan["serviceSets"] = [];
  const rules: PlanRule[] = [];
  const set = (name: string, cidrs: string[]) => {
    // Guarded before parsing: a value that bypassed validation stops here with a clear refusal.
    const v6 = [...new Set(cidrs.filter((c) => c.includes(":")).map((c) => guard.address(c.includes("/") ? c : `${c}/128`)))];
    addressSets.push({ name: guard.ident(name), cidrs: mergeCidrs(6, v6.map(intervalOf)).map(guard.address) });
    return name;
  };
  /** A service of the IPv4 plan (same ports, family-neutral on both vendors), or a new one. */
  const svc = (name: string, items?: ServiceItem[]) => {
    if (serviceSets.some((s) => s.name === name)) return name;
    const shared = v4.serviceSets.find((s) => s.name === name);
    const def = shared ? shared.items : items;
    if (!def) throw new Error(`IPv6 plan: no service ${name}`);
    serviceSets.push({ name: guard.ident(name), items: def.map((i) => ({ protocol: i.protocol, ports: i.ports.map((p) => Number(guard.port(p))) })) });
    return name;
  };
  const filter = lan.ipv6 === "filter";
  const dns6 = intent.allowed.flatMap((f) => (f.class === "dns-router" && f.to.kind === "router" && f.to.family === 6 ? f.to.addresses : []));
  const rooms = { set: set("examlab_rooms6", [...lan.seats6, LINK_LOCAL6]) };
  const router = set("examlab_router6", [...lan.router6, ...dns6, LINK_LOCAL6]);

  // 1. The router's own services: ICMPv6 (neighbour discovery, router advertisements; kept with `block`), DNS.
  rules.push({ name: "examlab6_icmp_router", action: "permit", src: rooms, dst: { set: router }, service: svc("examlab_icmp6", [{ protocol: "icmpv6", ports: [] }]), zh: "ICMPv6 到路由器（邻居发现）", en: "ICMPv6 to the router (neighbour discovery)" });
  if (!filter) {
    rules.push({ name: "examlab6_block", action: "deny", src: rooms, zh: "ipv6: block：考场的其余 IPv6 一律拒绝", en: "ipv6: block: all other IPv6 from the exam rooms" });
    return { intent, addressSets, serviceSets, urlFilters: v4.urlFilters, ...(v4.openRange ? { openRange: v4.openRange } : {}), rules };
  }
  if (dns6.length) rules.push({ name: "examlab6_dns", action: "permit", src: rooms, dst: { set: router }, service: svc("examlab_dns"), zh: "考生机只向路由器查询 DNS（IPv6）", en: "seats resolve through the router (IPv6)" });
  // 2. Management of the router, link-local included: never from a seat.
  rules.push({ name: "examlab6_no_mgmt", action: "deny", src: rooms, dst: { set: router }, zh: "禁止考生机通过 IPv6 访问路由器管理（含链路本地 fe80::/10）", en: "no router management over IPv6 (link-local fe80::/10 included)" });
  // 3. Declared LAN servers with an IPv6 address.
  let n = 0;
  for (const f of intent.allowed) {
    if (f.to.kind !== "lan-server" || f.to.family !== 6 || f.class === "seat-db") continue;
    n++;
    rules.push({ name: `examlab6_exam_${n}`, action: "permit", src: rooms, dst: { set: set(`examlab_exam6_${n}`, [f.to.address]) }, service: svc(`examlab_exam6s_${n}`, [{ protocol: "tcp", ports: f.ports }]), zh: `考试服务器 ${guard.asciiComment(f.to.name)}（IPv6）`, en: `exam server ${guard.asciiComment(f.to.name)} (IPv6)` });
  }
  // 4. The rest of the IPv6 LAN: other seats, NVR, cameras, lab servers (and rebinding answers).
  const lab6 = lan.labServers.flatMap((l) => (l.ipv6 ? [l.ipv6] : []));
  const lanCidrs = [...lan.site6, ...lan.seats6, ...lan.nvr6, ...lan.cameras6, ...lab6];
  if (lanCidrs.length) rules.push({ name: "examlab6_no_lan", action: "deny", src: rooms, dst: { set: set("examlab_lan6", lanCidrs) }, zh: "禁止通过 IPv6 访问局域网：其他考生机、录像机、摄像头、实验服务器（含 DNS 重绑定）", en: "no IPv6 LAN: other seats, NVR, cameras, lab servers (DNS rebinding included)" });
  // 5. Outside the exam window: the same time range as IPv4 (fail closed).
  if (v4.openRange) rules.push({ name: "examlab6_outside_exam", action: "permit", src: rooms, open: true, zh: "考试时段以外恢复正常使用（IPv6；时钟未同步时不生效）", en: "normal use outside the exam window (IPv6; never with an unset clock)" });
  // 6. DNS/DoT to anything else, QUIC.
  rules.push({ name: "examlab6_no_dns_dot", action: "deny", src: rooms, service: svc("examlab_dns_dot"), zh: "禁止通过 IPv6 直连其他 DNS 与 DNS over TLS", en: "no DNS to other servers, no DNS over TLS (IPv6)" });
  rules.push({ name: "examlab6_no_quic", action: "deny", src: rooms, service: svc("examlab_quic"), zh: "禁止 QUIC（IPv6）", en: "no QUIC (IPv6)" });
  // 7. The allowlist: IPv6 networks by address set, names through the same URL-filter profiles.
  for (const f of intent.allowed) {
    if (f.to.kind !== "allowlist") continue;
    const g = f.to.group;
    const gid = guard.ident(g.id);
    const service = svc(`examlab_tcp_${gid}`);
    if (g.ipv6.length) rules.push({ name: `examlab6_allow_ip_${gid}`, action: "permit", src: rooms, dst: { set: set(`examlab_allow6_${gid}`, g.ipv6) }, service, zh: "白名单 IPv6 地址", en: "allowlisted IPv6 addresses" });
    if (g.domains.length) rules.push({ name: `examlab6_allow_web_${gid}`, action: "permit", src: rooms, service, urlFilter: gid, zh: "白名单域名（URL 过滤，IPv6）", en: "allowlisted names (URL filter, IPv6)" });
  }
  // 8. Everything else from the exam rooms.
  rules.push({ name: "examlab6_deny", action: "deny", src: rooms, zh: "考场其余 IPv6 流量一律拒绝", en: "everything else over IPv6 from the exam rooms" });
  return { intent, addressSets, serviceSets, urlFilters: v4.urlFilters, ...(v4.openRange ? { openRange: v4.openRange } : {}), rules };
}
