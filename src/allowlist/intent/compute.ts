import type { Site } from "../../model/site";
import { addressValue, formatAddress } from "../../ipplan/addresses";
import type { EnforcementWindow, LanPlan, NormalisedPolicy, RenderInput } from "../model";
import type { AllowedFlow, ConnectivityIntent, DeniedFlowClass, Flow, IntentLan, IntentWindow, IpFamily, Probe, Protocol } from "./types";

/** What compileSitePolicy returns (the parts the intent reads). */
export interface CompiledAllowlist {
  policy: NormalisedPolicy;
  lan: LanPlan;
  window?: EnforcementWindow;
}

/** Documentation addresses the probes use for "somewhere on the internet". */
export const PROBE_INTERNET = {
  /** What DNS answers for an allowlisted name (TEST-NET-3 / the IPv6 documentation prefix). */
  named4: "203.0.113.10",
  named6: "2001:db8:cafe::10",
  /** A host that is on no list. */
  blocked4: "198.51.100.20",
  blocked6: "2001:db8:dead::1",
  /** A public resolver a seat might try directly. */
  publicDns4: "8.8.8.8",
  /** A public resolver over IPv6 (documentation prefix). */
  publicDns6: "2001:db8:53::53",
  /** A spoofed public source. */
  spoofedPublic4: "192.0.2.77",
  /** A prefix the site did not declare (OpenWrt ULA / ISP-delegated): a seat that picked one up. */
  undeclared6: "fd99:bad:1::10",
  /** Link-local addresses: a seat, another seat, the router. */
  seatLinkLocal: "fe80::a:1",
  otherSeatLinkLocal: "fe80::a:2",
  routerLinkLocal: "fe80::1",
} as const;

/** Router management services a seat must never reach (ssh, telnet, web UI, SNMP, Winbox). */
export const MANAGEMENT_PORTS: readonly { protocol: Protocol; port: number }[] = [
  { protocol: "tcp", port: 22 },
  { protocol: "tcp", port: 23 },
  { protocol: "tcp", port: 80 },
  { protocol: "tcp", port: 443 },
  { protocol: "tcp", port: 8291 },
  { protocol: "udp", port: 161 },
];

/**
 * The intent of a site: `computeIntent(site, compileSitePolicy(site))`. The site argument is
 * accepted for symmetry with the other site-level calls; everything the intent needs is in the
 * compiled allowlist (the LAN facts come from the site's IP plan there).
 *
 * One intent per (policy, LAN, window), whichever way it is asked for: the lab-server firewall
 * (computeIntent) and the router and endpoint targets (intentOf) of one export or synth share it.
 * It carries no label (site id, render label): callers that print one pass it separately.
 */
export function computeIntent(_site: Site | undefined, compiled: CompiledAllowlist): ConnectivityIntent {
  return cached(compiled);
}

/** The intent of a render input, computed once per (policy, LAN, window) and shared by every target. */
export function intentOf(input: RenderInput): ConnectivityIntent {
  return cached(input);
}

const CACHE = new WeakMap<LanPlan, { policy: NormalisedPolicy; window?: EnforcementWindow; intent: ConnectivityIntent }>();

function cached(c: CompiledAllowlist): ConnectivityIntent {
  const hit = CACHE.get(c.lan);
  if (hit && hit.policy === c.policy && hit.window === c.window) return hit.intent;
  const intent = build(c);
  CACHE.set(c.lan, { policy: c.policy, window: c.window, intent });
  return intent;
}

function build(c: CompiledAllowlist): ConnectivityIntent {
  const lan = intentLan(c.lan);
  const window: IntentWindow = c.window
    ? { mode: "exam-hours", start: c.window.start, end: c.window.end, days: [...c.window.days], timezone: c.window.timezone, failClosed: true }
    : { mode: "always" };
  const allowed = allowedFlows(c, lan);
  const denied = deniedClasses(lan);
  const rebindExempt = (c.lan.infra?.examServerNames ?? []).map((name) => ({ name, match: "subtree" as const }));
  return { lan, window, allowed, denied, rebindExempt, probes: probes(c, lan, allowed) };
}

function intentLan(lan: LanPlan): IntentLan {
  const i = lan.infra;
  return {
    seats4: [...lan.candidates4],
    seats6: i ? [...i.rooms6] : [...lan.candidates6],
    undeclared6: "deny",
    site4: [...lan.site4],
    site6: [...lan.site6],
    router4: i ? [...i.router4] : [lan.router4],
    router6: i ? [...i.router6] : lan.router6 ? [lan.router6] : [],
    linkLocal6: "fe80::/10",
    nvr4: i ? [...i.nvr4] : [],
    nvr6: i ? [...i.nvr6] : [],
    cameras4: i ? [...i.cameras4] : [],
    cameras6: i ? [...i.cameras6] : [],
    labServers: i ? i.labServers.map((s) => ({ ...s })) : [],
    resolvers: [...lan.resolvers],
    upstreamDns: [...lan.upstreamDns],
    ipv6: lan.ipv6,
  };
}

function allowedFlows(c: CompiledAllowlist, lan: IntentLan): AllowedFlow[] {
  const out: AllowedFlow[] = [];
  const r4 = lan.resolvers.filter((a) => !a.includes(":"));
  const r6 = lan.ipv6 === "filter" ? [...new Set([...lan.resolvers.filter((a) => a.includes(":")), ...lan.router6])] : [];
  if (r4.length) out.push({ id: "dns-router-4", class: "dns-router", protocols: ["udp", "tcp"], ports: [53], to: { kind: "router", family: 4, addresses: r4 }, scope: "always" });
  if (r6.length) out.push({ id: "dns-router-6", class: "dns-router", protocols: ["udp", "tcp"], ports: [53], to: { kind: "router", family: 6, addresses: r6 }, scope: "always" });
  out.push({ id: "dhcp-router-4", class: "dhcp-router", protocols: ["udp"], ports: [67], to: { kind: "router", family: 4, addresses: lan.router4 }, scope: "always" });
  out.push({ id: "icmp-router-4", class: "icmp-router", protocols: ["icmp"], ports: [], to: { kind: "router", family: 4, addresses: lan.router4 }, scope: "always" });
  // Neighbour discovery and router advertisements keep IPv6 working on the LAN even with `block`.
  out.push({ id: "icmp-router-6", class: "icmp-router", protocols: ["icmp"], ports: [], to: { kind: "router", family: 6, addresses: [...lan.router6, lan.linkLocal6] }, scope: "always" });
  for (const s of c.lan.servers) {
    const cls = s.kind === "exam" ? "exam-server" : "lab-server";
    if (s.ipv4) out.push({ id: `${cls}-${s.name}-4`, class: cls, protocols: ["tcp"], ports: [...s.ports], to: { kind: "lan-server", family: 4, name: s.name, address: s.ipv4 }, scope: "always" });
    if (s.ipv6 && lan.ipv6 === "filter") out.push({ id: `${cls}-${s.name}-6`, class: cls, protocols: ["tcp"], ports: [...s.ports], to: { kind: "lan-server", family: 6, name: s.name, address: s.ipv6 }, scope: "always" });
  }
  c.lan.seatDb.forEach((r, i) =>
    out.push({ id: `seat-db-${i}`, class: "seat-db", protocols: ["tcp"], ports: [r.port], seat: r.seat4, to: { kind: "lan-server", family: 4, name: r.server4, address: r.server4 }, scope: "always" }),
  );
  for (const g of c.policy.groups) out.push({ id: `allowlist-${g.id}`, class: "allowlist", protocols: ["tcp"], ports: [...g.ports], to: { kind: "allowlist", group: g }, scope: "always" });
  return out;
}

function deniedClasses(lan: IntentLan): DeniedFlowClass[] {
  const lab4 = lan.labServers.map((s) => s.ipv4);
  const lab6 = lan.labServers.flatMap((s) => (s.ipv6 ? [s.ipv6] : []));
  const d = (cls: DeniedFlowClass["class"], scope: DeniedFlowClass["scope"], zh: string, en: string, targets4: string[] = [], targets6: string[] = []): DeniedFlowClass => ({ class: cls, scope, zh, en, targets4, targets6 });
  return [
    d("seat-to-seat", "exam-window", "考生机之间互访（IPv4、IPv6 与链路本地 fe80::/10）", "seat to seat (IPv4, IPv6 and link-local fe80::/10)", lan.seats4, [...lan.seats6, lan.linkLocal6]),
    d("router-management", "always", "考生机访问路由器管理（ssh、telnet、Web 界面、SNMP；任何地址族，含链路本地地址）", "seat to router management (ssh, telnet, web UI, SNMP; every address family, link-local included)", lan.router4, [...lan.router6, lan.linkLocal6]),
    d("infrastructure", "always", "考生机访问基础设施：录像机、摄像头、实验服务器（本座位数据库端口除外）", "seat to infrastructure: NVR, cameras, lab servers (except the seat's own database ports)", [...lan.nvr4, ...lan.cameras4, ...lab4], [...lan.nvr6, ...lan.cameras6, ...lab6]),
    d("other-seat-db", "always", "考生机访问其他座位的数据库端口", "seat to another seat's database ports", lab4),
    d("ipv6-not-allowlisted", "exam-window", lan.ipv6 === "block" ? "考生机的全部 IPv6 转发（ipv6: block），含未声明的前缀（ULA、运营商下发）" : "不在白名单内的 IPv6，以及未声明前缀（ULA、运营商下发）的 IPv6", lan.ipv6 === "block" ? "all forwarded IPv6 from seats (ipv6: block), undeclared prefixes (ULA, ISP-delegated) included" : "IPv6 not on the allowlist, and IPv6 from undeclared prefixes (ULA, ISP-delegated)", [], lan.seats6),
    d("spoofed-source", "always", "伪造源地址（考生机冒用基础设施或外部地址）", "spoofed sources (a seat using an infrastructure or outside address)", lan.site4, lan.site6),
    d("direct-dns", "exam-window", "绕过路由器直接访问其他 DNS 服务器", "DNS to any server other than the router", lan.upstreamDns.filter((a) => !a.includes(":")), lan.upstreamDns.filter((a) => a.includes(":"))),
    d("dot", "exam-window", "加密 DNS：DNS over TLS（TCP/UDP 853）", "DNS over TLS (TCP/UDP 853)"),
    d("quic", "exam-window", "QUIC / HTTP/3（UDP 443，浏览器回退到 TCP）", "QUIC / HTTP/3 (UDP 443; browsers fall back to TCP)"),
    d("dns-rebinding", "exam-window", "白名单域名解析到局域网地址（DNS 重绑定），声明的服务器除外", "an allowlisted name answering a LAN address (DNS rebinding), declared servers excepted", lan.site4, lan.site6),
    d("not-allowlisted", "exam-window", "白名单以外的一切目的地", "every destination not on the allowlist"),
  ];
}

// ---------------------------------------------------------------------------------------------
// Probes: concrete flows every target's intent test evaluates.

function hostIn(cidr: string, offset: bigint): string {
  const [addr, len] = cidr.split("/");
  const fam: IpFamily = addr.includes(":") ? 6 : 4;
  const bits = fam === 4 ? 32 : 128;
  const size = len === undefined ? 1n : 1n << BigInt(bits - Number(len));
  const first = addressValue(addr, fam);
  return formatAddress(fam, first + (size > offset ? offset : 0n));
}

interface Seat {
  v4: string;
  v6?: string;
}

function seatsOf(c: CompiledAllowlist, lan: IntentLan): Seat[] {
  const samples = c.lan.infra?.seatSamples;
  if (samples?.length) return samples.map((s) => ({ v4: s.ipv4, v6: s.ipv6 }));
  // Bare list: the first room network's .10 and .11 (the IP plan's first seats).
  const room = lan.seats4[0];
  if (!room) return [];
  const room6 = lan.seats6[0];
  return [10n, 11n].map((o) => ({ v4: hostIn(room, o), v6: room6 ? hostIn(room6, o) : undefined }));
}

function flow(family: IpFamily, protocol: Flow["protocol"], src: string, dst: string, dstPort?: number, dstName?: string): Flow {
  return { family, protocol, src, dst, ...(dstPort !== undefined ? { dstPort } : {}), ...(dstName ? { dstName } : {}), ingress: "seat", time: "inside" };
}

function probes(c: CompiledAllowlist, lan: IntentLan, allowed: AllowedFlow[]): { allow: Probe[]; deny: Probe[] } {
  const allow: Probe[] = [];
  const deny: Probe[] = [];
  const seats = seatsOf(c, lan);
  const s1 = seats[0];
  if (!s1) return { allow, deny };
  const s2 = seats[1];
  const s3 = seats.find((s, i) => i > 0 && s !== s2) ?? undefined;
  const filter6 = lan.ipv6 === "filter";
  const I = PROBE_INTERNET;
  const A = (label: string, cls: Probe["class"], f: Flow) => allow.push({ label, class: cls, flow: f });
  const D = (label: string, cls: Probe["class"], f: Flow) => deny.push({ label, class: cls, flow: f });

  // Allowed.
  for (const f of allowed) {
    const to = f.to;
    if (f.class === "dns-router" && to.kind === "router") {
      const src = to.family === 4 ? s1.v4 : s1.v6;
      if (src) for (const p of f.protocols as Protocol[]) A(`DNS ${p} to the router (IPv${to.family})`, f.class, flow(to.family, p, src, to.addresses[0], 53));
    } else if ((f.class === "exam-server" || f.class === "lab-server") && to.kind === "lan-server") {
      const src = to.family === 4 ? s1.v4 : s1.v6;
      if (src) for (const p of f.ports.length ? f.ports : [3306]) A(`${f.class} ${to.name}:${p}`, f.class, flow(to.family, "tcp", src, to.address, p));
    }
  }
  const db = c.lan.seatDb;
  const own = db.filter((r) => r.seat4 === s1.v4);
  for (const r of (own.length ? own : db.slice(0, 3))) A(`seat ${r.seat4} to its own database ${r.server4}:${r.port}`, "seat-db", flow(4, "tcp", r.seat4, r.server4, r.port));
  let named4: string | undefined;
  let static4: string | undefined;
  for (const g of c.policy.groups) {
    const ports = [...new Set([g.ports[0], g.ports[g.ports.length - 1]])];
    const d = g.domains[0];
    if (d) {
      named4 ??= d.name;
      for (const p of ports) {
        A(`allowlisted name ${d.name}:${p} (IPv4 answer)`, "allowlist", flow(4, "tcp", s1.v4, I.named4, p, d.name));
        if (filter6 && s1.v6) A(`allowlisted name ${d.name}:${p} (IPv6 answer)`, "allowlist", flow(6, "tcp", s1.v6, I.named6, p, d.name));
      }
    }
    if (g.ipv4[0]) {
      const a = hostIn(g.ipv4[0], g.ipv4[0].endsWith("/32") ? 0n : 1n);
      static4 ??= a;
      for (const p of ports) A(`allowlisted network ${g.ipv4[0]}:${p}`, "allowlist", flow(4, "tcp", s1.v4, a, p));
    }
    if (g.ipv6[0] && filter6 && s1.v6) {
      const a = hostIn(g.ipv6[0], g.ipv6[0].endsWith("/128") ? 0n : 1n);
      for (const p of ports) A(`allowlisted IPv6 network ${g.ipv6[0]}:${p}`, "allowlist", flow(6, "tcp", s1.v6, a, p));
    }
  }

  // Denied: seat to seat.
  if (s2) {
    D("seat to seat, same room (IPv4)", "seat-to-seat", flow(4, "tcp", s1.v4, s2.v4, 445));
    D("seat to seat, same room (IPv4, UDP)", "seat-to-seat", flow(4, "udp", s1.v4, s2.v4, 137));
    if (s1.v6 && s2.v6) D("seat to seat, same room (IPv6)", "seat-to-seat", flow(6, "tcp", s1.v6, s2.v6, 445));
  }
  if (s3) D("seat to seat, another room (IPv4)", "seat-to-seat", flow(4, "tcp", s1.v4, s3.v4, 445));
  D("seat to seat over link-local fe80::", "seat-to-seat", flow(6, "tcp", I.seatLinkLocal, I.otherSeatLinkLocal, 445));

  // Denied: router management, every family and every router address.
  for (const r of lan.router4) for (const m of MANAGEMENT_PORTS) D(`router management ${r} ${m.protocol}/${m.port}`, "router-management", flow(4, m.protocol, s1.v4, r, m.port));
  if (s1.v6) for (const r of lan.router6) for (const m of MANAGEMENT_PORTS) D(`router management [${r}] ${m.protocol}/${m.port}`, "router-management", flow(6, m.protocol, s1.v6, r, m.port));
  for (const m of MANAGEMENT_PORTS) {
    D(`router management over link-local ${m.protocol}/${m.port}`, "router-management", flow(6, m.protocol, I.seatLinkLocal, I.routerLinkLocal, m.port));
    if (s1.v6) D(`router management to its link-local address from a global seat address ${m.protocol}/${m.port}`, "router-management", flow(6, m.protocol, s1.v6, I.routerLinkLocal, m.port));
  }

  // Denied: infrastructure.
  for (const a of lan.nvr4) for (const p of [80, 554, 8000]) D(`NVR ${a}:${p}`, "infrastructure", flow(4, "tcp", s1.v4, a, p));
  for (const a of lan.nvr6) if (s1.v6) D(`NVR [${a}]:80`, "infrastructure", flow(6, "tcp", s1.v6, a, 80));
  for (const a of lan.cameras4.slice(0, 2)) for (const p of [80, 554]) D(`camera ${a}:${p}`, "infrastructure", flow(4, "tcp", s1.v4, a, p));
  for (const a of lan.cameras6.slice(0, 1)) if (s1.v6) D(`camera [${a}]:554`, "infrastructure", flow(6, "tcp", s1.v6, a, 554));
  for (const l of lan.labServers) {
    for (const p of [22, 2375]) D(`lab server ${l.name} ${l.ipv4}:${p}`, "infrastructure", flow(4, "tcp", s1.v4, l.ipv4, p));
    if (l.ipv6 && s1.v6) D(`lab server ${l.name} [${l.ipv6}]:22`, "infrastructure", flow(6, "tcp", s1.v6, l.ipv6, 22));
  }
  const foreign = db.find((r) => r.seat4 !== s1.v4 && !db.some((o) => o.seat4 === s1.v4 && o.server4 === r.server4 && o.port === r.port));
  if (foreign) D(`another seat's database ${foreign.server4}:${foreign.port}`, "other-seat-db", flow(4, "tcp", s1.v4, foreign.server4, foreign.port));

  // Denied: IPv6 beyond the allowlist, undeclared prefixes, everything with `block`.
  if (s1.v6) D("IPv6 host not on the allowlist", "ipv6-not-allowlisted", flow(6, "tcp", s1.v6, I.blocked6, 443));
  D("IPv6 from an undeclared prefix (ULA / ISP-delegated) to a host not on the allowlist", "ipv6-not-allowlisted", flow(6, "tcp", I.undeclared6, I.blocked6, 443));
  if (named4) D("IPv6 from an undeclared prefix to an allowlisted name", "ipv6-not-allowlisted", flow(6, "tcp", I.undeclared6, I.named6, 443, named4));
  if (!filter6 && s1.v6) {
    if (named4) D("IPv6 to an allowlisted name with ipv6: block", "ipv6-not-allowlisted", flow(6, "tcp", s1.v6, I.named6, 443, named4));
    const g6 = c.policy.groups.find((g) => g.ipv6.length);
    if (g6) D("IPv6 to an allowlisted IPv6 network with ipv6: block", "ipv6-not-allowlisted", flow(6, "tcp", s1.v6, hostIn(g6.ipv6[0], 1n), g6.ports[0]));
  }

  // Denied: spoofed sources (a seat writing an infrastructure or outside address).
  const upstream4 = lan.upstreamDns.find((a) => !a.includes(":")) ?? I.publicDns4;
  const spoofs = [...lan.nvr4.slice(0, 1), ...lan.labServers.slice(0, 1).map((l) => l.ipv4), ...lan.site4.map((b) => hostIn(b, 200n)).slice(0, 1), I.spoofedPublic4];
  for (const src of [...new Set(spoofs)]) {
    D(`spoofed source ${src}: one-way UDP to the upstream resolver`, "spoofed-source", flow(4, "udp", src, upstream4, 53));
    D(`spoofed source ${src}: UDP to a host not on the allowlist`, "spoofed-source", flow(4, "udp", src, I.blocked4, 123));
  }

  // Denied: DNS anywhere but the router, DoT, QUIC.
  for (const p of ["udp", "tcp"] as const) {
    D(`DNS (${p}) straight to the upstream ${upstream4}`, "direct-dns", flow(4, p, s1.v4, upstream4, 53));
    D(`DNS (${p}) to a public resolver`, "direct-dns", flow(4, p, s1.v4, I.publicDns4, 53));
  }
  const reachable4 = static4 ?? I.named4;
  const reachableName = static4 ? undefined : named4;
  if (static4 || named4) {
    D("DNS over TLS (TCP 853) to an allowlisted address", "dot", flow(4, "tcp", s1.v4, reachable4, 853, reachableName));
    D("DNS over TLS / QUIC (UDP 853) to an allowlisted address", "dot", flow(4, "udp", s1.v4, reachable4, 853, reachableName));
    D("QUIC (UDP 443) to an allowlisted address", "quic", flow(4, "udp", s1.v4, reachable4, 443, reachableName));
  }
  D("DNS over TLS (TCP 853) to a public resolver", "dot", flow(4, "tcp", s1.v4, I.publicDns4, 853));

  // Denied: an allowlisted name whose answer is a LAN address (rebinding).
  if (named4) {
    const lanTargets = [...lan.nvr4.slice(0, 1), ...lan.labServers.slice(0, 1).map((l) => l.ipv4), ...(s2 ? [s2.v4] : []), ...lan.router4.slice(0, 1)];
    for (const t of lanTargets) D(`allowlisted name ${named4} answering the LAN address ${t}`, "dns-rebinding", flow(4, "tcp", s1.v4, t, 443, named4));
  }

  // Denied over IPv6: the same DNS/DoT/QUIC, rebinding and spoofing classes, from the seat's IPv6 address.
  if (s1.v6) probes6(c, lan, s1.v6, s2?.v6, named4, D);

  // Denied: everything else.
  D("host not on the allowlist (TCP 443)", "not-allowlisted", flow(4, "tcp", s1.v4, I.blocked4, 443, "blocked.invalid"));
  D("host not on the allowlist (TCP 80)", "not-allowlisted", flow(4, "tcp", s1.v4, I.blocked4, 80));
  D("host not on the allowlist (UDP)", "not-allowlisted", flow(4, "udp", s1.v4, I.blocked4, 5000));
  return { allow, deny };
}

/** IPv6 counterparts of the DNS/DoT/QUIC, rebinding and spoofed-source probes (issue 10 item 1). */
function probes6(c: CompiledAllowlist, lan: IntentLan, seat: string, other: string | undefined, named: string | undefined, D: (label: string, cls: Probe["class"], f: Flow) => void): void {
  const I = PROBE_INTERNET;
  const net6 = c.policy.groups.find((g) => g.ipv6.length)?.ipv6[0];
  // An address the seat may reach over IPv6: an allowlisted network's host, else a name's answer.
  const reach = net6 ? { dst: hostIn(net6, net6.endsWith("/128") ? 0n : 1n), name: undefined } : named ? { dst: I.named6, name: named } : undefined;
  for (const p of ["udp", "tcp"] as const) {
    D(`DNS (${p}) to a public resolver (IPv6)`, "direct-dns", flow(6, p, seat, I.publicDns6, 53));
    if (reach) D(`DNS (${p}) to an allowlisted address (IPv6)`, "direct-dns", flow(6, p, seat, reach.dst, 53, reach.name));
  }
  if (reach) {
    D("DNS over TLS (TCP 853) to an allowlisted address (IPv6)", "dot", flow(6, "tcp", seat, reach.dst, 853, reach.name));
    D("DNS over TLS / QUIC (UDP 853) to an allowlisted address (IPv6)", "dot", flow(6, "udp", seat, reach.dst, 853, reach.name));
    D("QUIC (UDP 443) to an allowlisted address (IPv6)", "quic", flow(6, "udp", seat, reach.dst, 443, reach.name));
  }
  const lab6 = lan.labServers.flatMap((l) => (l.ipv6 ? [l.ipv6] : []));
  if (named) {
    D("DNS over TLS (TCP 853) to an allowlisted name (IPv6)", "dot", flow(6, "tcp", seat, I.named6, 853, named));
    D("QUIC (UDP 443) to an allowlisted name (IPv6)", "quic", flow(6, "udp", seat, I.named6, 443, named));
    for (const t of [...lan.nvr6.slice(0, 1), ...lab6.slice(0, 1), ...(other ? [other] : []), ...lan.router6.slice(0, 1), I.routerLinkLocal])
      D(`allowlisted name ${named} answering the LAN address ${t} (IPv6)`, "dns-rebinding", flow(6, "tcp", seat, t, 443, named));
  }
  // A seat writing an infrastructure address as its IPv6 source.
  for (const src of [...lan.nvr6.slice(0, 1), ...lab6.slice(0, 1), ...lan.router6.slice(0, 1)]) {
    D(`spoofed source ${src}: UDP to a host not on the allowlist (IPv6)`, "spoofed-source", flow(6, "udp", src, I.blocked6, 123));
    if (reach) D(`spoofed source ${src}: TCP to an allowlisted address (IPv6)`, "spoofed-source", flow(6, "tcp", src, reach.dst, 443, reach.name));
  }
}
