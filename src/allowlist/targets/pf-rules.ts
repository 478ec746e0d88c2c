import { createHash } from "node:crypto";
import { pushAll } from "../../util/arrays";
import { guard } from "../escape";
import type { RenderInput } from "../model";
import { complement, policyPlan, type PlanRule, type ServiceItem } from "./policy-plan";
import { policyPlan6 } from "./policy-plan6";
import { plainAddresses } from "./shared";

/**
 * The exam interface's rule list for pfSense and OPNsense (router-targets.md (g); sources in
 * docs/router-vendor-sources.md), one list for both products and both renderings (the CHECKLIST
 * table and the config.xml sections), printed from the shared policy plans: IPv4 from
 * ./policy-plan.ts, IPv6 from ./policy-plan6.ts (router services, router management and every
 * link-local address fe80::/10 denied, LAN servers, the rest of the LAN denied, the exam-window
 * opening, DNS/DoT/QUIC denied, the allowlist; `ipv6: block` keeps only ICMPv6 to the router).
 * The last two rows block everything else, one per family.
 *
 * Exam window: only the opening row (`pass` from the exam rooms to anything) carries the schedule
 * `examlab_open`, the week minus the exam window. A scheduled rule "acts as though it does not
 * exist" outside its schedule, so inside the window the opening is gone and the restrictive rows
 * decide; no deny row is ever scheduled (that would open the lab when the schedule is inactive).
 * Schedules are evaluated when the filter reloads, which pfSense's cron does every 15 minutes
 * (0,15,30,45): an opening loaded at 08:14 stays until 08:15. The opening therefore ends at the
 * quarter hour at or before the window start (and starts at the quarter hour after its end). A schedule is a plain clock test: with a wrong
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
      // ICMPv6 is written `icmp` in an inet6 rule (pfSense/OPNsense build it as ipv6-icmp).
      const proto = i.protocol === "icmpv6" ? "icmp" : i.protocol;
      const key = `${proto === "icmp" ? "icmp" : "l4"}|${[...i.ports].sort((a, b) => a - b).join(",")}`;
      const e = byPorts.get(key) ?? { protocols: new Set<string>(), ports: i.ports };
      e.protocols.add(proto);
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
    pushAll(rows, serviceRows(planBase(r, "inet"), r.service ? services.get(r.service) : undefined));
  }

  // IPv6: the IPv6 half of the same plan (./policy-plan6.ts, shared with Huawei/H3C), same order.
  const plan6 = policyPlan6(input);
  for (const st of plan6.addressSets) alias(pfAliasOf(st.name), "network", plainAddresses(st.cidrs), `Network alias ${pfAliasOf(st.name)}`);
  const services6 = new Map(plan6.serviceSets.map((st) => [st.name, st.items]));
  for (const r of plan6.rules) pushAll(rows, serviceRows(planBase(r, "inet6"), r.service ? services6.get(r.service) : undefined));
  // One row per family: pfSense builds a user rule for inet or inet6 only (filter.inc
  // filter_generate_user_rule treats any other ipprotocol as inet).
  rows.push({ action: "block", family: "inet", zh: "考场区域其余 IPv4 流量一律拒绝（含伪造源地址）", en: "everything else over IPv4 (spoofed sources included)" });
  rows.push({ action: "block", family: "inet6", zh: "考场区域其余 IPv6 流量一律拒绝（含未声明前缀）", en: "everything else over IPv6 (undeclared prefixes included)" });

  let schedule: PfSchedule | undefined;
  if (plan.openRange && intent.window.mode === "exam-hours") {
    const ranges: PfTimeRange[] = [];
    for (const p of complement(intent.window.start, intent.window.end, intent.window.days)) {
      // Schedules act at the 15-minute reloads and the editor offers minutes 00/15/30/45/59 only: a
      // period ends at the quarter hour at or before the window start and starts at the quarter
      // hour at or after the window end (the same moments the reload would act anyway).
      const end = p.end === "23:59" ? p.end : floorQuarter(p.end);
      const start = p.start === "00:00" ? p.start : ceilQuarter(p.start);
      if (minutes(end) <= minutes(start)) continue;
      ranges.push({ position: p.days.map((d) => POSITION[guard.day(d)]).sort((a, b) => a - b), hour: `${hm(start)}-${hm(end)}` });
    }
    schedule = { name: PF_SCHEDULE, en: "examlab: outside the exam window (the lab is open)", ranges };
  }
  return { aliases, ...(schedule ? { schedule } : {}), rows, rooms4: plan.addressSets[0].cidrs, rooms6: l.seats6.map(guard.address) };
}

/** The opening's own words: a pf schedule reads the clock (the plan's text promises a clock guard). */
const OPEN_TEXT = { zh: "考试时段以外恢复正常使用（防火墙计划，按设备时钟）", en: "normal use outside the exam window (firewall schedule, device clock)" };

function planBase(r: PlanRule, family: PfFamily): Omit<PfRow, "protocol" | "port" | "ports"> {
  const src = "set" in r.src ? pfAliasOf(r.src.set) : "host" in r.src ? guard.address(r.src.host) : undefined;
  const dst = r.urlFilter ? pfHostsAlias(r.urlFilter) : r.dst ? ("set" in r.dst ? pfAliasOf(r.dst.set) : guard.address(r.dst.host)) : undefined;
  const open = family === "inet6" ? { zh: `${OPEN_TEXT.zh}（IPv6）`, en: `${OPEN_TEXT.en} (IPv6)` } : OPEN_TEXT;
  return { action: r.action === "permit" ? "pass" : "block", family, ...(src ? { src } : {}), ...(dst ? { dst } : {}), ...(r.open ? { sched: PF_SCHEDULE, ...open } : { zh: r.zh, en: r.en }) };
}

function minutes(t: string): number {
  return Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
}

function clockOf(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

function floorQuarter(t: string): string {
  const m = minutes(guard.clock(t));
  return clockOf(m - (m % PF_RELOAD_MINUTES));
}

/** Up to the next quarter hour; past 23:45 the day's last minute (23:59, the editor's end of day). */
function ceilQuarter(t: string): string {
  const m = minutes(guard.clock(t));
  const c = Math.ceil(m / PF_RELOAD_MINUTES) * PF_RELOAD_MINUTES;
  return c >= 24 * 60 ? "23:59" : clockOf(c);
}

/** pfSense's schedule editor writes hours without a leading zero: `8:15`. */
function hm(t: string): string {
  const c = guard.clock(t);
  return `${Number(c.slice(0, 2))}:${c.slice(3, 5)}`;
}
