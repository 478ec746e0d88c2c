import { inCidr, PROBE_INTERNET, type ConnectivityIntent, type Flow, type Probe } from "../../src/allowlist/intent";

/**
 * IPv6 counterparts of the intent's IPv4-only deny probes (DoT, QUIC, DNS other than the router,
 * DNS rebinding, spoofed sources), for the targets whose IPv6 rules are read back (Huawei, H3C).
 * The intent's own probes already cover seat-to-seat v6, link-local, management v6 and IPv6
 * beyond the allowlist; these add the classes it only probes over IPv4, with the same seat, the
 * site's own IPv6 addresses and documentation addresses for the internet.
 */
const PUBLIC_DNS6 = "2001:db8:53::53";

export function withIpv6Probes(intent: ConnectivityIntent): ConnectivityIntent {
  const lan = intent.lan;
  const all = [...intent.probes.allow, ...intent.probes.deny];
  const seat = all.find((p) => p.flow.family === 6 && lan.seats6.some((c) => inCidr(p.flow.src, 6, c)))?.flow.src;
  if (!seat) return intent;
  const other = all.find((p) => p.class === "seat-to-seat" && p.flow.family === 6 && p.flow.src === seat && !p.flow.dst.startsWith("fe80"))?.flow.dst;
  const named = intent.allowed.flatMap((f) => (f.to.kind === "allowlist" ? f.to.group.domains.map((d) => d.name) : []))[0];
  const net6 = intent.allowed.flatMap((f) => (f.to.kind === "allowlist" ? f.to.group.ipv6 : []))[0];
  const flow = (protocol: Flow["protocol"], src: string, dst: string, dstPort: number, dstName?: string): Flow => ({ family: 6, protocol, src, dst, dstPort, ...(dstName ? { dstName } : {}), ingress: "seat", time: "inside" });
  const deny: Probe[] = [];
  const D = (label: string, cls: Probe["class"], f: Flow) => deny.push({ label: `${label} (IPv6)`, class: cls, flow: f });
  // An address the seat may reach over IPv6: an allowlisted network's first host, else a name's answer.
  const reachable = net6 ? { dst: hostOf(net6), name: undefined } : named ? { dst: PROBE_INTERNET.named6, name: named } : undefined;
  for (const p of ["udp", "tcp"] as const) {
    D(`DNS (${p}) to a public resolver`, "direct-dns", flow(p, seat, PUBLIC_DNS6, 53));
    if (reachable) D(`DNS (${p}) to an allowlisted address`, "direct-dns", flow(p, seat, reachable.dst, 53, reachable.name));
  }
  if (reachable) {
    D("DNS over TLS (TCP 853) to an allowlisted address", "dot", flow("tcp", seat, reachable.dst, 853, reachable.name));
    D("DNS over TLS / QUIC (UDP 853) to an allowlisted address", "dot", flow("udp", seat, reachable.dst, 853, reachable.name));
    D("QUIC (UDP 443) to an allowlisted address", "quic", flow("udp", seat, reachable.dst, 443, reachable.name));
  }
  if (named) {
    D("DNS over TLS (TCP 853) to an allowlisted name", "dot", flow("tcp", seat, PROBE_INTERNET.named6, 853, named));
    D("QUIC (UDP 443) to an allowlisted name", "quic", flow("udp", seat, PROBE_INTERNET.named6, 443, named));
    const lanTargets = [...lan.nvr6.slice(0, 1), ...lan.labServers.flatMap((l) => (l.ipv6 ? [l.ipv6] : [])).slice(0, 1), ...(other ? [other] : []), ...lan.router6.slice(0, 1), PROBE_INTERNET.routerLinkLocal];
    for (const t of lanTargets) D(`allowlisted name ${named} answering the LAN address ${t}`, "dns-rebinding", flow("tcp", seat, t, 443, named));
  }
  // A seat writing an infrastructure address (or a site address outside the rooms) as its source.
  const spoofs = [...lan.nvr6.slice(0, 1), ...lan.labServers.flatMap((l) => (l.ipv6 ? [l.ipv6] : [])).slice(0, 1), ...lan.router6.slice(0, 1)];
  for (const src of spoofs) {
    D(`spoofed source ${src}: UDP to a host not on the allowlist`, "spoofed-source", flow("udp", src, PROBE_INTERNET.blocked6, 123));
    if (reachable) D(`spoofed source ${src}: TCP to an allowlisted address`, "spoofed-source", flow("tcp", src, reachable.dst, 443, reachable.name));
  }
  return { ...intent, probes: { allow: intent.probes.allow, deny: [...intent.probes.deny, ...deny] } };
}

/** The first host of a network (the network address itself for a /128). */
function hostOf(cidr: string): string {
  const [a, len] = cidr.split("/");
  if (len === "128") return a;
  return a.endsWith("::") ? `${a}1` : a.replace(/:[0-9a-f]*$/, ":1");
}
