import { createHash } from "node:crypto";
import { pushAll } from "../../util/arrays";
import { guard } from "../escape";
import type { RenderInput } from "../model";
import { complement, policyPlan, type PlanRule, type ServiceItem } from "./policy-plan";
import { plainAddresses } from "./shared";

/**
 * The exam interface's rule list for pfSense and OPNsense (router-targets.md (g); sources in
 * docs/router-vendor-sources.md), one list for both products and both renderings (the CHECKLIST
 * table and the config.xml sections). IPv4 comes from the shared policy plan (./policy-plan.ts);
 * IPv6 is laid out here from the same intent, in the same order: router services, router
 * management and every link-local address (fe80::/10) denied, LAN servers, the rest of the LAN
 * denied, the exam-window opening, DNS/DoT/QUIC denied, the allowlist; `ipv6: block` denies all
 * IPv6 after the opening. The last two rows block everything else, one per family.
 *
 * Exam window: only the opening row (`pass` from the exam rooms to anything) carries the schedule
 * `examlab_open`, the week minus the exam window. A scheduled rule "acts as though it does not
 * exist" outside its schedule, so inside the window the opening is gone and the restrictive rows
 * decide; no deny row is ever scheduled (that would open the lab when the schedule is inactive).
 * Schedules are evaluated when the filter reloads, which pfSense's cron does every 15 minutes
 * (0,15,30,45): an opening loaded at 08:14 stays until 08:15. The opening therefore ends at the
 * quarter hour at or before the window start. A schedule is a plain clock test: with a wrong
 * clock the opening can hold in the window (documented in the enforcement table as partial).
 */
export type PfFamily = "inet" | "inet6";
export type PfProtocol = "tcp" | "udp" | "tcp/udp" | "icmp";

export interface PfAlias {
  name: string;
  type: "host" | "network" | "port";
  items: string[];
  en: string;
}

export interface PfRow {
  action: "pass" | "block";
  family: PfFamily;
  /** Absent = any protocol. */
  protocol?: PfProtocol;
  /** Alias name or address; absent = any. */
  src?: string;
  dst?: string;
  /** One port, or a port alias name; absent = any port. */
  port?: string;
  /** The ports behind `port` (the table shows them). */
  ports?: number[];
  sched?: string;
  en: string;
  zh: string;
}

export interface PfTimeRange {
  /** pfSense weekday positions: 1 = Monday … 7 = Sunday (filter_tdr_position). */
  position: number[];
  /** `H:MM-H:MM`, the end excluded (filter_tdr_hour: now >= start && now < end). */
  hour: string;
}

export interface PfSchedule {
  name: string;
  en: string;
  ranges: PfTimeRange[];
}

export interface PfRuleset {
  aliases: PfAlias[];
  schedule?: PfSchedule;
  rows: PfRow[];
  rooms4: string[];
  rooms6: string[];
}

export const PF_SCHEDULE = "examlab_open";
/** pfSense's cron reloads the filter (and so re-evaluates schedules) every 15 minutes. */
export const PF_RELOAD_MINUTES = 15;
const POSITION: Record<string, number> = { Monday: 1, Tuesday: 2, Wednesday: 3, Thursday: 4, Friday: 5, Saturday: 6, Sunday: 7 };
const ALIAS: Record<string, string> = { examlab_rooms: "EXAMLAB_ROOMS", examlab_router: "EXAMLAB_ROUTER", examlab_lan: "EXAMLAB_LAN" };
const LINK_LOCAL = "fe80::/10";

export const pfAliasOf = (set: string) => ALIAS[set] ?? guard.ident(set).toUpperCase();
export const pfHostsAlias = (group: string) => `EXAMLAB_${guard.ident(group).toUpperCase()}_HOSTS`;

const cache = new WeakMap<object, PfRuleset>();

export function pfRuleset(input: RenderInput): PfRuleset {
  const plan = policyPlan(input);
  const hit = cache.get(plan);
  if (hit) return hit;
  const built = build(input);
  cache.set(plan, built);
  return built;
}

function build(input: RenderInput): PfRuleset {
  const plan = policyPlan(input);
  const intent = plan.intent;
  const l = intent.lan;
  const aliases: PfAlias[] = [];
  const alias = (name: string, type: PfAlias["type"], items: string[], en: string) => {
    if (!aliases.some((a) => a.name === name)) aliases.push({ name: guard.ident(name), type, items, en });
    return name;
  };
  for (const s of plan.addressSets) alias(pfAliasOf(s.name), "network", plainAddresses(s.cidrs), `Network alias ${pfAliasOf(s.name)}`);
  for (const f of plan.urlFilters) alias(pfHostsAlias(f.group), "host", f.hosts.map((h) => guard.name(h.name)), `Host alias ${pfHostsAlias(f.group)} (FQDNs, exact names)`);

  /** One port stays a port; several become a port alias (a rule has one destination port field). */
  const portOf = (ports: number[]): { port?: string; ports?: number[] } => {
    const list = [...new Set(ports.map((p) => Number(guard.port(p))))].sort((a, b) => a - b);
    if (list.length === 0) return {};
    if (list.length === 1) return { port: String(list[0]), ports: list };
    let name = `EXAMLAB_P_${list.join("_")}`;
    if (name.length > 31) name = `EXAMLAB_P_${createHash("sha256").update(list.join(",")).digest("hex").slice(0, 12).toUpperCase()}`;
    return { port: alias(name, "port", list.map(String), `Port alias ${name}`), ports: list };
  };
  /** A service becomes one row per distinct port list; TCP and UDP with the same ports share a row. */
  const serviceRows = (base: Omit<PfRow, "protocol" | "port" | "ports">, items: readonly ServiceItem[] | undefined): PfRow[] => {
    if (!items || items.length === 0) return [{ ...base }];
    const byPorts = new Map<string, { protocols: Set<string>; ports: number[] }>();
    for (const i of items) {
      const key = `${i.protocol === "icmp" ? "icmp" : "l4"}|${[...i.ports].sort((a, b) => a - b).join(",")}`;
      const e = byPorts.get(key) ?? { protocols: new Set<string>(), ports: i.ports };
      e.protocols.add(i.protocol);
      byPorts.set(key, e);
    }
    return [...byPorts.values()].map((e) => {
      const protocol: PfProtocol = e.protocols.has("icmp") ? "icmp" : e.protocols.size > 1 ? "tcp/udp" : (([...e.protocols][0]) as "tcp" | "udp");
      return { ...base, protocol, ...(protocol === "icmp" ? {} : portOf(e.ports)) };
    });
  };

  const rows: PfRow[] = [];
  const services = new Map(plan.serviceSets.map((s) => [s.name, s.items]));
  // IPv4: the policy plan, top to bottom (its last rule, the zone-wide deny, becomes the final row).
  for (const r of plan.rules) {
    if ("zone" in r.src) continue;
    pushAll(rows, serviceRows(planBase(r), r.service ? services.get(r.service) : undefined));
  }

  // IPv6 from the intent, in the plan's order.
  const filter6 = l.ipv6 === "filter";
  const rooms6 = l.seats6.map(guard.address);
  const v6 = (r: Omit<PfRow, "family">, items?: ServiceItem[]) => pushAll(rows, serviceRows({ ...r, family: "inet6" }, items));
  const seats6 = alias("EXAMLAB_SEATS6", "network", [...rooms6, LINK_LOCAL], "Network alias EXAMLAB_SEATS6 (exam rooms and link-local)");
  const router6 = alias("EXAMLAB_ROUTER6", "network", [...l.router6.map(guard.address), LINK_LOCAL], "Network alias EXAMLAB_ROUTER6 (router and every link-local address)");
  const dns6 = intent.allowed.find((f) => f.class === "dns-router" && f.to.kind === "router" && f.to.family === 6);
  if (filter6 && dns6 && dns6.to.kind === "router" && rooms6.length)
    v6({ action: "pass", src: seats6, dst: alias("EXAMLAB_DNS6", "network", dns6.to.addresses.map(guard.address), "Network alias EXAMLAB_DNS6"), zh: "考生机只向路由器查询 DNS（IPv6）", en: "seats resolve through the router (IPv6)" }, [{ protocol: "udp", ports: [53] }, { protocol: "tcp", ports: [53] }]);
  v6({ action: "pass", src: seats6, dst: router6, zh: "ICMPv6 到路由器（邻居发现、ping）", en: "ICMPv6 to the router (neighbour discovery, ping)" }, [{ protocol: "icmp", ports: [] }]);
  v6({ action: "block", dst: router6, zh: "禁止访问路由器管理及任何链路本地地址 fe80::/10（含考生机之间）", en: "no router management, no link-local fe80::/10 (seat to seat included)" });
  if (rooms6.length) {
    const rooms = alias("EXAMLAB_ROOMS6", "network", rooms6, "Network alias EXAMLAB_ROOMS6");
    if (filter6) {
      for (const f of intent.allowed) {
        if (f.to.kind !== "lan-server" || f.to.family !== 6) continue;
        v6({ action: "pass", src: rooms, dst: guard.address(f.to.address), zh: `考试服务器 ${guard.asciiComment(f.to.name)}（IPv6）`, en: `exam server ${guard.asciiComment(f.to.name)} (IPv6)` }, [{ protocol: "tcp", ports: f.ports }]);
      }
    }
    const lan6 = [...l.site6, ...l.seats6, ...l.nvr6, ...l.cameras6, ...l.labServers.flatMap((s) => (s.ipv6 ? [s.ipv6] : []))];
    v6({ action: "block", src: rooms, dst: alias("EXAMLAB_LAN6", "network", [...new Set(lan6)].map(guard.address), "Network alias EXAMLAB_LAN6"), zh: "禁止访问局域网（IPv6）：录像机、摄像头、实验服务器、其他考生机（含 DNS 重绑定）", en: "no LAN (IPv6): NVR, cameras, lab servers, other seats (DNS rebinding included)" });
    if (plan.openRange) v6({ action: "pass", src: rooms, sched: PF_SCHEDULE, zh: `${OPEN_TEXT.zh}（IPv6）`, en: `${OPEN_TEXT.en} (IPv6)` });
    if (filter6) {
      v6({ action: "block", src: rooms, zh: "禁止直连其他 DNS 与 DNS over TLS（IPv6）", en: "no DNS to other servers, no DNS over TLS (IPv6)" }, [{ protocol: "udp", ports: [53, 853] }, { protocol: "tcp", ports: [53, 853] }]);
      v6({ action: "block", src: rooms, zh: "禁止 QUIC（IPv6）", en: "no QUIC (IPv6)" }, [{ protocol: "udp", ports: [443] }]);
      for (const g of input.policy.groups) {
        const gid = guard.ident(g.id);
        const web = [{ protocol: "tcp" as const, ports: g.ports }];
        if (g.ipv6.length) v6({ action: "pass", src: rooms, dst: alias(`EXAMLAB_ALLOW6_${gid.toUpperCase()}`, "network", plainAddresses(g.ipv6.map(guard.address)), `Network alias EXAMLAB_ALLOW6_${gid.toUpperCase()}`), zh: "白名单 IPv6 地址", en: "allowlisted IPv6 addresses" }, web);
        // Host aliases hold the A and AAAA answers of their names: the same alias serves IPv6.
        if (g.domains.length) v6({ action: "pass", src: rooms, dst: pfHostsAlias(gid), zh: "白名单域名（IPv6 解析结果）", en: "allowlisted names (IPv6 answers)" }, web);
      }
    }
  }
  if (!filter6) v6({ action: "block", zh: "IPv6 全部拒绝（ipv6: block）", en: "all IPv6 refused (ipv6: block)" });
  // One row per family: pfSense builds a user rule for inet or inet6 only (filter.inc
  // filter_generate_user_rule treats any other ipprotocol as inet).
  rows.push({ action: "block", family: "inet", zh: "考场区域其余 IPv4 流量一律拒绝（含伪造源地址）", en: "everything else over IPv4 (spoofed sources included)" });
  rows.push({ action: "block", family: "inet6", zh: "考场区域其余 IPv6 流量一律拒绝（含未声明前缀）", en: "everything else over IPv6 (undeclared prefixes included)" });

  let schedule: PfSchedule | undefined;
  if (plan.openRange && intent.window.mode === "exam-hours") {
    const ranges: PfTimeRange[] = [];
    for (const p of complement(intent.window.start, intent.window.end, intent.window.days)) {
      // A period that ends where the window starts ends at the quarter hour at or before it (15-minute reload).
      const end = p.end === "23:59" ? p.end : floorQuarter(p.end);
      if (minutes(end) <= minutes(p.start)) continue;
      ranges.push({ position: p.days.map((d) => POSITION[guard.day(d)]).sort((a, b) => a - b), hour: `${hm(p.start)}-${hm(end)}` });
    }
    schedule = { name: PF_SCHEDULE, en: "examlab: outside the exam window (the lab is open)", ranges };
  }
  return { aliases, ...(schedule ? { schedule } : {}), rows, rooms4: plan.addressSets[0].cidrs, rooms6 };
}

/** The opening's own words: a pf schedule reads the clock (the plan's text promises a clock guard). */
const OPEN_TEXT = { zh: "考试时段以外恢复正常使用（防火墙计划，按设备时钟）", en: "normal use outside the exam window (firewall schedule, device clock)" };

function planBase(r: PlanRule): Omit<PfRow, "protocol" | "port" | "ports"> {
  const src = "set" in r.src ? pfAliasOf(r.src.set) : "host" in r.src ? guard.address(r.src.host) : undefined;
  const dst = r.urlFilter ? pfHostsAlias(r.urlFilter) : r.dst ? ("set" in r.dst ? pfAliasOf(r.dst.set) : guard.address(r.dst.host)) : undefined;
  return { action: r.action === "permit" ? "pass" : "block", family: "inet", ...(src ? { src } : {}), ...(dst ? { dst } : {}), ...(r.open ? { sched: PF_SCHEDULE, ...OPEN_TEXT } : { zh: r.zh, en: r.en }) };
}

function minutes(t: string): number {
  return Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
}

function floorQuarter(t: string): string {
  const m = minutes(guard.clock(t));
  const f = m - (m % PF_RELOAD_MINUTES);
  return `${String(Math.floor(f / 60)).padStart(2, "0")}:${String(f % 60).padStart(2, "0")}`;
}

/** pfSense's schedule editor writes hours without a leading zero: `8:15`. */
function hm(t: string): string {
  const c = guard.clock(t);
  return `${Number(c.slice(0, 2))}:${c.slice(3, 5)}`;
}
