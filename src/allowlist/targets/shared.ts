import { guard } from "../escape";
import type { DomainRule, RenderInput } from "../model";
import { hostOrCidr } from "../cidr";
import { intentOf, MANAGEMENT_PORTS } from "../intent";
import { dnsmasqCapabilities } from "../target-versions";
import type { EnforcementAspect, Support, TargetEnforcement } from "../intent/types";

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

/**
 * The nftables rendering of the connectivity intent (src/allowlist/intent), shared by the plain
 * nftables and the OpenWrt fw4 families: seat networks, infrastructure, LAN services, per-seat
 * database ports, the allowlist groups, the fail-closed exam window and the seat ports.
 */
export function nftContext(input: RenderInput) {
  const intent = intentOf(input);
  const { policy, lan } = input;
  const l = intent.lan;
  const filter6 = l.ipv6 === "filter";
  const groups: NftGroup[] = policy.groups.map((g) => ({
    id: guard.ident(g.id),
    ports: g.ports.map(guard.port).join(", "),
    net4: g.ipv4.map(guard.address),
    net6: g.ipv6.map(guard.address),
  }));
  const svc4 = lan.servers.filter((s) => s.ipv4 && s.ports.length).flatMap((s) => s.ports.map((p) => `${guard.address(s.ipv4)} . ${guard.port(p)}`));
  const svc6 = filter6 ? lan.servers.filter((s) => s.ipv6 && s.ports.length).flatMap((s) => s.ports.map((p) => `${guard.address(s.ipv6)} . ${guard.port(p)}`)) : [];
  const anyPort4 = lan.servers.filter((s) => s.ipv4 && !s.ports.length).map((s) => guard.address(s.ipv4));
  const seatDb = lan.seatDb.map((r) => `${guard.address(r.seat4)} . ${guard.address(r.server4)} . ${guard.port(r.port)}`);
  const upstream4 = lan.upstreamDns.find((d) => !d.includes(":"));
  const infra4 = [...new Set([...l.nvr4, ...l.cameras4, ...l.labServers.map((s) => s.ipv4)])].map(guard.address);
  const infra6 = [...new Set([...l.nvr6, ...l.cameras6, ...l.labServers.flatMap((s) => (s.ipv6 ? [s.ipv6] : []))])].map(guard.address);
  const ifaces = lan.router?.seatInterfaces ?? [];
  // Ports of the groups that hold the declared exam servers' names (their LAN answers are allowed on these).
  const examPorts = [...new Set([...examLanNames(input)].flatMap((n) => (dnsSetsByName(input).get(n)?.groups ?? []).flatMap((g) => policy.groups.find((x) => x.id === g)?.ports ?? [])))].sort((a, b) => a - b);
  return {
    groups,
    rooms4: l.seats4.map(guard.address),
    rooms6: l.seats6.map(guard.address),
    site4: l.site4.map(guard.address),
    site6: l.site6.map(guard.address),
    infra4,
    infra6,
    svc4: [...new Set(svc4)],
    svc6: [...new Set(svc6)],
    anyPort4,
    seatDb,
    filter6,
    window: intent.window.mode === "exam-hours" ? nftWindow(intent.window.start, intent.window.end, intent.window.days) : undefined,
    upstream4: upstream4 ? guard.address(upstream4) : undefined,
    examLanPorts: examPorts.length ? examPorts.map(guard.port).join(", ") : undefined,
    seatIfaces: ifaces.length ? `{ ${ifaces.map((i) => `"${guard.ifname(i)}"`).join(", ")} }` : undefined,
    mgmtTcp: MANAGEMENT_PORTS.filter((m) => m.protocol === "tcp").map((m) => guard.port(m.port)).join(", "),
    mgmtUdp: MANAGEMENT_PORTS.filter((m) => m.protocol === "udp").map((m) => guard.port(m.port)).join(", "),
  };
}

/** Names of the static sets of nft-ruleset.hbs with their declarations (reloads must empty exactly these). */
export function nftStaticSets(nft: ReturnType<typeof nftContext>): { name: string; decl: string }[] {
  const iv = (t: string) => `type ${t}; flags interval; auto-merge;`;
  return [
    { name: "al_rooms4", decl: iv("ipv4_addr") },
    { name: "al_rooms6", decl: iv("ipv6_addr") },
    { name: "al_site4", decl: iv("ipv4_addr") },
    { name: "al_site6", decl: iv("ipv6_addr") },
    { name: "al_infra4", decl: iv("ipv4_addr") },
    { name: "al_infra6", decl: iv("ipv6_addr") },
    { name: "al_lansvc4", decl: "type ipv4_addr . inet_service;" },
    { name: "al_lansvc6", decl: "type ipv6_addr . inet_service;" },
    { name: "al_lanany4", decl: "type ipv4_addr;" },
    { name: "al_seatdb4", decl: "type ipv4_addr . ipv4_addr . inet_service;" },
    ...nft.groups.flatMap((g) => [
      { name: `al_net4_${g.id}`, decl: iv("ipv4_addr") },
      { name: `al_net6_${g.id}`, decl: iv("ipv6_addr") },
    ]),
  ];
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
  for (const g of input.policy.groups) {
    // Names in one group share one `[id]` list (read-only for every caller); a name found in a
    // second group gets its own list (issue 14: not one array per name of 100,000).
    const only = [g.id];
    for (const d of g.domains) {
      const e = byName.get(d.name);
      if (e) e.groups = [...e.groups, g.id];
      else byName.set(d.name, { rule: d, groups: only });
    }
  }
  // Sorted once, shared by every DNS-style target rendering this policy.
  // A plain string sort of the (unique) names: no comparator call per comparison (issue 14).
  // With one port group the names arrive sorted already (normalise sorts each group): then
  // the map is kept as it is, not rebuilt.
  const names = [...byName.keys()];
  let inOrder = true;
  for (let i = 1; i < names.length && inOrder; i++) inOrder = names[i - 1] < names[i];
  let sorted = byName;
  if (!inOrder) {
    sorted = new Map<string, { rule: DomainRule; groups: string[] }>();
    for (const name of names.sort()) sorted.set(name, byName.get(name)!);
  }
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
  // Names of one port group share one `groups` list (dnsSetsByName): its set list is kept.
  let lastGroups: readonly string[] | undefined;
  let lastSets: string | undefined;
  const setListOf = (groups: readonly string[]) => {
    if (groups === lastGroups) return lastSets;
    lastGroups = groups;
    lastSets = setListOfKey(groups);
    return lastSets;
  };
  const setListOfKey = (groups: readonly string[]) => {
    const key = groups.join(" ");
    let sets = setLists.get(key);
    if (sets === undefined && nft) {
      sets = groups.flatMap((g) => [`4#${nft.family}#${nft.table}#al_dns4_${g}`, ...(input.lan.ipv6 === "filter" ? [`6#${nft.family}#${nft.table}#al_dns6_${g}`] : [])]).join(",");
      setLists.set(key, sets);
    }
    return sets;
  };
  // Declared exam servers by name may answer LAN addresses: those answers also go to al_examlan*.
  const exempt = nft ? examLanNames(input) : new Set<string>();
  const examLan = nft ? `,4#${nft.family}#${nft.table}#al_examlan4${input.lan.ipv6 === "filter" ? `,6#${nft.family}#${nft.table}#al_examlan6` : ""}` : "";
  for (const [name, { rule, groups }] of dnsSetsByName(input)) {
    const n = guard.name(name);
    if (rule.match === "exact") exact++;
    for (const u of up) out.push(`server=/${n}/${u}`);
    if (nft) out.push(`nftset=/${n}/${setListOf(groups)}${exempt.has(name) ? examLan : ""}`);
  }
  return { servers: out, exactWidened: exact };
}

/**
 * Allowlisted names whose answers go to al_examlan*: each declared exam server's name, or the
 * allowlist entry that covers it (normalisation keeps only the covering subtree entry).
 */
export function examLanNames(input: RenderInput): Set<string> {
  const exempt = intentOf(input).rebindExempt;
  const out = new Set<string>();
  if (!exempt.length) return out;
  for (const [name, { rule }] of dnsSetsByName(input))
    if (exempt.some((e) => e.name === name || (rule.match === "subtree" && e.name.endsWith(`.${name}`)))) out.add(name);
  return out;
}

/** Address text of a rule's networks (single hosts without /32). */
export function plainAddresses(list: readonly string[]): string[] {
  return list.map((c) => guard.address(hostOrCidr(c)));
}

/** Private, special and link-local ranges no allowlisted name may answer (rebinding; RFC 1918, 6598, 3927, 4193, 4291). */
export const REBIND_RANGES = ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "::1/128", "::ffff:0:0/96", "fc00::/7", "fe80::/10"];

const isAddress = (s: string) => /^[0-9.]+$|:/.test(s);

/**
 * dnsmasq options beyond the name list (issue 10 items 4, 7, 8): rebinding exemptions for the
 * declared exam servers, filter-rr only when the router's dnsmasq has it, and the router's own
 * NTP names kept resolvable.
 */
export function dnsmasqExtras(input: RenderInput, family: string) {
  const caps = dnsmasqCapabilities(family, input.lan.router);
  const intent = intentOf(input);
  const up = input.lan.upstreamDns.map(guard.address);
  const ntp = (input.lan.router?.ntpServers ?? []).filter((n) => !isAddress(n)).map((n) => guard.name(n.toLowerCase()));
  const basisZh = { declared: "站点声明的版本", "from-os": "由 router.osVersion 推定", assumed: "未声明版本，按最低支持版本" }[caps.basis];
  const basisEn = { declared: "declared by the site", "from-os": "from router.osVersion", assumed: "no version declared: the oldest supported one" }[caps.basis];
  return {
    version: caps.version,
    basisZh,
    basisEn,
    filterRr: caps.filterRr,
    rebindOk: intent.rebindExempt.map((r) => `rebind-domain-ok=/${guard.name(r.name)}/`),
    ntpLines: ntp.flatMap((n) => up.map((u) => `server=/${n}/${u}`)),
  };
}

/** Unbound rebinding protection and NTP zones (issue 10 items 4 and 8). */
export function unboundExtras(input: RenderInput) {
  const intent = intentOf(input);
  const ranges = [...REBIND_RANGES, ...intent.lan.site4, ...intent.lan.site6].map(guard.address);
  const ntp = (input.lan.router?.ntpServers ?? []).filter((n) => !isAddress(n)).map((n) => guard.name(n.toLowerCase()));
  return {
    privateLines: [...ranges.map((r) => `private-address: ${r}`), ...intent.rebindExempt.map((r) => `private-domain: "${guard.name(r.name)}"`)],
    ntpZoneLines: ntp.map((n) => `local-zone: "${n}." transparent`),
  };
}

/** One aspect of TargetEnforcement, bilingual. */
export const aspect = (support: Support, zh: string, en: string): EnforcementAspect => ({ support, zh, en });

/**
 * What the nftables-based families (plain nftables, OpenWrt fw4) enforce: both render the same
 * ruleset from the intent, so one description serves both; `family` adds what differs.
 */
export function nftEnforcement(input: RenderInput, family: "nftables" | "openwrt"): TargetEnforcement {
  const intent = intentOf(input);
  const caps = dnsmasqCapabilities(family, input.lan.router);
  const w = intent.window;
  const bound = (input.lan.router?.seatInterfaces ?? []).length > 0;
  return {
    target: family,
    allowlist: aspect("enforced", "默认拒绝；白名单域名（DNS 解析结果写入集合）与地址段放行", "default deny; allowlisted names (answers fill the sets) and networks pass"),
    dnsOnly: aspect("enforced", "考生机只能使用路由器的 DNS", "seats may use the router's DNS only"),
    dotQuic: caps.filterRr
      ? aspect("enforced", "拒绝 DoT（853）与 QUIC（UDP 443）；去除 HTTPS/SVCB 记录", "DoT (853) and QUIC (UDP 443) refused; HTTPS/SVCB records stripped")
      : aspect("partial", `拒绝 DoT（853）与 QUIC（UDP 443）；dnsmasq ${caps.version} 不能去除 HTTPS/SVCB 记录（需 2.90）`, `DoT (853) and QUIC (UDP 443) refused; dnsmasq ${caps.version} cannot strip HTTPS/SVCB records (needs 2.90)`),
    ipv6: intent.lan.ipv6 === "filter"
      ? aspect("enforced", "IPv6 按同一白名单过滤；链路本地与未声明前缀（ULA、运营商下发）拒绝", "IPv6 filtered by the same allowlist; link-local and undeclared prefixes (ULA, ISP-delegated) refused")
      : aspect("enforced", "考生机 IPv6 全部拒绝（含声明的 block6），AAAA 去除", "all seat IPv6 refused (declared block6 included), AAAA stripped"),
    seatIsolation: bound
      ? aspect("enforced", "考生机互访拒绝（IPv4、IPv6、链路本地；网桥与路由），考生机端口绑定，反向路径检查", "seat to seat refused (IPv4, IPv6, link-local; bridged and routed); seats bound to their ports; reverse-path check")
      : aspect("partial", "考生机互访拒绝（IPv4、IPv6、链路本地；网桥与路由），反向路径检查；未声明 router.seatInterfaces 时同一网桥上冒用他人地址无法识别", "seat to seat refused (IPv4, IPv6, link-local; bridged and routed); reverse-path check; without router.seatInterfaces a seat using another address on the same bridge is not recognised"),
    managementLockdown: aspect("enforced", "考生机任何时候只能访问路由器的 DNS、DHCP、ICMP（IPv4、IPv6、链路本地）", "at every hour seats reach only the router's DNS, DHCP and ICMP (IPv4, IPv6, link-local)"),
    examWindow: w.mode === "always"
      ? aspect("enforced", "始终生效", "always on")
      : aspect("enforced", `每天 ${w.start}–${w.end}（${w.timezone}）${w.days.length ? `，${w.days.join("/")}` : ""}；时钟未同步时始终生效（失败即关闭）`, `${w.start}–${w.end} daily (${w.timezone})${w.days.length ? `, ${w.days.join("/")}` : ""}; on whenever the clock is not synchronised (fails closed)`),
    rebinding: aspect("enforced", "dnsmasq stop-dns-rebind（声明的考试服务器除外）；防火墙拒绝站点地址与基础设施", "dnsmasq stop-dns-rebind (declared exam servers excepted); the firewall refuses the site block and infrastructure"),
    minOsVersion: family === "openwrt"
      ? { zh: `OpenWrt 23.05（dnsmasq-full、kmod-nft-bridge）；filter-rr 需 23.05.3+`, en: "OpenWrt 23.05 (dnsmasq-full, kmod-nft-bridge); filter-rr needs 23.05.3+" }
      : { zh: "nftables 1.0.6、dnsmasq 2.87（nftset）；filter-rr 需 2.90", en: "nftables 1.0.6, dnsmasq 2.87 (nftset); filter-rr needs 2.90" },
  };
}

/** DNS-only resolvers (dnsmasq, Unbound): what a resolver alone can enforce. */
export function dnsOnlyEnforcement(input: RenderInput, target: "dnsmasq" | "unbound"): TargetEnforcement {
  const caps = dnsmasqCapabilities(target, input.lan.router);
  const none = (zh: string, en: string) => aspect("not-enforced", zh, en);
  return {
    target,
    allowlist: aspect("partial", "仅 DNS 层：未列出的域名不解析；直接使用 IP 可绕过", "DNS layer only: unlisted names do not resolve; IP literals bypass it"),
    dnsOnly: none("需防火墙强制只用本解析器", "needs a firewall to force this resolver"),
    dotQuic: target === "dnsmasq" && caps.filterRr
      ? aspect("partial", "去除 HTTPS/SVCB 记录；DoT/QUIC 需防火墙", "HTTPS/SVCB records stripped; DoT/QUIC need a firewall")
      : none("需防火墙拒绝 DoT/QUIC", "needs a firewall to refuse DoT/QUIC"),
    ipv6: input.lan.ipv6 === "block" && target === "dnsmasq" ? aspect("partial", "去除 AAAA；IPv6 转发需防火墙", "AAAA stripped; IPv6 forwarding needs a firewall") : none("IPv6 转发需防火墙", "IPv6 forwarding needs a firewall"),
    seatIsolation: none("需防火墙/交换机端口隔离", "needs a firewall / switch port isolation"),
    managementLockdown: none("需防火墙", "needs a firewall"),
    examWindow: none("解析器始终生效（不按考试时段）", "the resolver is always on (no exam window)"),
    rebinding: target === "dnsmasq"
      ? aspect("enforced", "stop-dns-rebind（声明的考试服务器除外）", "stop-dns-rebind (declared exam servers excepted)")
      : aspect("enforced", "private-address：私有与站点地址从应答中去除（声明的考试服务器除外）", "private-address: private and site addresses removed from answers (declared exam servers excepted)"),
    minOsVersion: target === "dnsmasq" ? { zh: "dnsmasq 2.87（filter-AAAA）；filter-rr 需 2.90", en: "dnsmasq 2.87 (filter-AAAA); filter-rr needs 2.90" } : { zh: "Unbound 1.17（Debian 12 已验证）", en: "Unbound 1.17 (verified on Debian 12)" },
  };
}
