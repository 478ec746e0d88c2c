import { guard } from "../escape";
import type { DomainRule, RenderInput } from "../model";
import { hostOrCidr } from "../cidr";

/**
 * Pieces several targets share: the nftables ruleset context (nftables and OpenWrt fw4 render
 * the same sets and chains) and the dnsmasq deny-all resolver lines (dnsmasq, nftables, OpenWrt).
 */

/** `elements = { a, b }` over several lines, or a comment when the set starts empty. */
export function nftElements(list: readonly string[]): string {
  if (list.length === 0) return "# (no static elements)";
  return `elements = {\n\t\t\t${list.join(",\n\t\t\t")}\n\t\t}`;
}

export interface NftGroup {
  id: string;
  ports: string;
  net4: string[];
  net6: string[];
}

export function nftContext(input: RenderInput) {
  const { policy, lan, window } = input;
  const groups: NftGroup[] = policy.groups.map((g) => ({
    id: guard.ident(g.id),
    ports: g.ports.map(guard.port).join(", "),
    net4: g.ipv4.map(guard.address),
    net6: g.ipv6.map(guard.address),
  }));
  const svc4 = lan.servers.filter((s) => s.ipv4 && s.ports.length).flatMap((s) => s.ports.map((p) => `${guard.address(s.ipv4)} . ${guard.port(p)}`));
  const svc6 = lan.servers.filter((s) => s.ipv6 && s.ports.length).flatMap((s) => s.ports.map((p) => `${guard.address(s.ipv6)} . ${guard.port(p)}`));
  const anyPort4 = lan.servers.filter((s) => s.ipv4 && !s.ports.length).map((s) => guard.address(s.ipv4));
  const seatDb = lan.seatDb.map((r) => `${guard.address(r.seat4)} . ${guard.address(r.server4)} . ${guard.port(r.port)}`);
  const upstream4 = lan.upstreamDns.find((d) => !d.includes(":"));
  return {
    groups,
    rooms4: lan.candidates4.map(guard.address),
    rooms6: lan.candidates6.map(guard.address),
    site4: lan.site4.map(guard.address),
    site6: lan.site6.map(guard.address),
    svc4: [...new Set(svc4)],
    svc6: [...new Set(svc6)],
    anyPort4,
    seatDb,
    filter6: lan.ipv6 === "filter",
    window: window ? nftWindow(window.start, window.end, window.days) : undefined,
    upstream4: upstream4 ? guard.address(upstream4) : undefined,
  };
}

function nftWindow(start: string, end: string, days: string[]) {
  return {
    hours: `"${guard.clock(start)}"-"${guard.clock(end)}"`,
    days: days.length ? `{ ${days.map((d) => `"${guard.day(d)}"`).join(", ")} }` : undefined,
    start,
    end,
  };
}

/** Sets that a domain's answers go to, per family, over all port groups it belongs to. */
const byNameCache = new WeakMap<object, Map<string, { rule: DomainRule; groups: string[] }>>();
export function dnsSetsByName(input: RenderInput): Map<string, { rule: DomainRule; groups: string[] }> {
  const cached = byNameCache.get(input.policy);
  if (cached) return cached;
  const byName = new Map<string, { rule: DomainRule; groups: string[] }>();
  for (const g of input.policy.groups)
    for (const d of g.domains) {
      const e = byName.get(d.name);
      if (e) e.groups.push(g.id);
      else byName.set(d.name, { rule: d, groups: [g.id] });
    }
  // Sorted once, shared by every DNS-style target rendering this policy.
  const sorted = new Map([...byName.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  byNameCache.set(input.policy, sorted);
  return sorted;
}

/**
 * dnsmasq deny-all lines (router-targets.md (c)): `no-resolv` and only domain-scoped servers, so
 * `address=/#/` really answers NXDOMAIN; with `nft` set, answers also fill the firewall sets.
 */
export function dnsmasqLines(input: RenderInput, nft?: { family: string; table: string }): { servers: string[]; exactWidened: number } {
  const up = input.lan.upstreamDns.map(guard.address);
  const out: string[] = [];
  let exact = 0;
  // The nftset= set list depends only on the name's port groups: built once per distinct group list.
  const setLists = new Map<string, string>();
  const setListOf = (groups: readonly string[]) => {
    const key = groups.join(" ");
    let sets = setLists.get(key);
    if (sets === undefined && nft) {
      sets = groups.flatMap((g) => [`4#${nft.family}#${nft.table}#al_dns4_${g}`, ...(input.lan.ipv6 === "filter" ? [`6#${nft.family}#${nft.table}#al_dns6_${g}`] : [])]).join(",");
      setLists.set(key, sets);
    }
    return sets;
  };
  for (const [name, { rule, groups }] of dnsSetsByName(input)) {
    const n = guard.name(name);
    if (rule.match === "exact") exact++;
    for (const u of up) out.push(`server=/${n}/${u}`);
    if (nft) out.push(`nftset=/${n}/${setListOf(groups)}`);
  }
  return { servers: out, exactWidened: exact };
}

/** Address text of a rule's networks (single hosts without /32). */
export function plainAddresses(list: readonly string[]): string[] {
  return list.map((c) => guard.address(hostOrCidr(c)));
}
