import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { Rule } from "../../../src/allowlist/intent";
import { ReadbackError } from "./common";

/**
 * Reads pfSense/OPNsense config.xml sections back into the neutral rule model, with the meaning
 * the products' own code gives them (sources in docs/router-vendor-sources.md), written
 * independently of the renderer:
 * - `<filter><rule>` of one interface, top to bottom, first match (interface rules are `quick`);
 *   `<disabled/>` rules do not exist; `ipprotocol` inet/inet6 (pfSense builds any other value as
 *   inet: filter_generate_user_rule, so inet46 is refused here);
 *   `protocol` tcp/udp/`tcp/udp`/icmp, absent = any; `source`/`destination` `any`, an `address`
 *   (literal address/CIDR or alias name), `not`; a destination `port` (number, `a-b`, port alias).
 * - `<aliases><alias>` (pfSense) or the alias files (OPNsense: MVC aliases imported from them):
 *   host = names (exact) and addresses, network = addresses, port = ports.
 * - `<sched>`: the rule exists only while its schedule is active (pfSense filter.inc /
 *   OPNsense filter.inc filter_get_time_based_rule_status), a plain clock test: the rule model's
 *   `clock-outside-window` when the schedule is the opening (covering time outside the window).
 *   A schedule name that is not defined is ignored by the products: the rule holds at all hours.
 */
export interface PfTimeRangeRead {
  /** 1 = Monday … 7 = Sunday. */
  position: number[];
  /** Minutes of the day, `from` included, `to` excluded (filter_tdr_hour). */
  from: number;
  to: number;
}

export interface PfReadback {
  /** The interface's rules, then the system default deny. */
  rules: Rule[];
  /** How many of `rules` come from the file. */
  userRules: number;
  schedules: Map<string, PfTimeRangeRead[]>;
  aliases: Map<string, { type: string; items: string[] }>;
}

const ARRAYS = new Set(["alias", "rule", "schedule", "timerange"]);

export function readPfXml(xml: string, opts: { iface?: string; aliasFiles?: Map<string, string> } = {}): PfReadback {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new ReadbackError(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, isArray: (name) => ARRAYS.has(name) });
  const doc = parser.parse(xml) as Record<string, Record<string, unknown>>;
  const root = doc.pfsense ?? doc.opnsense;
  if (!root) throw new ReadbackError("no <pfsense> or <opnsense> root");

  const aliases = new Map<string, { type: string; items: string[] }>();
  for (const a of ((root.aliases as { alias?: Record<string, string>[] } | undefined)?.alias ?? [])) aliases.set(String(a.name), { type: String(a.type), items: String(a.address ?? "").split(/\s+/).filter(Boolean) });
  if (opts.aliasFiles)
    for (const [path, text] of opts.aliasFiles) {
      const m = /^aliases\/(.+)\.txt$/.exec(path);
      if (!m || aliases.has(m[1])) continue;
      const items = text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
      const type = /_HOSTS$/.test(m[1]) ? "host" : /^EXAMLAB_P_/.test(m[1]) ? "port" : "network";
      aliases.set(m[1], { type, items });
    }

  const schedules = new Map<string, PfTimeRangeRead[]>();
  for (const s of ((root.schedules as { schedule?: Record<string, unknown>[] } | undefined)?.schedule ?? [])) {
    const ranges = ((s.timerange as Record<string, string>[] | undefined) ?? []).map((t) => {
      if (t.month || t.day) throw new ReadbackError(`schedule ${s.name}: calendar dates are not read back`);
      const hm = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(String(t.hour));
      if (!hm) throw new ReadbackError(`schedule ${s.name}: cannot read hour ${t.hour}`);
      const position = String(t.position).split(",").map(Number);
      if (position.some((p) => !(p >= 1 && p <= 7))) throw new ReadbackError(`schedule ${s.name}: bad position ${t.position}`);
      return { position, from: Number(hm[1]) * 60 + Number(hm[2]), to: Number(hm[3]) * 60 + Number(hm[4]) };
    });
    schedules.set(String(s.name), ranges);
  }

  const cidr = (a: string) => (a.includes("/") ? a : `${a}/${a.includes(":") ? 128 : 32}`);
  const address = (v: string): Rule["dst"] => {
    const al = aliases.get(v);
    if (al) {
      if (al.type === "port") throw new ReadbackError(`port alias ${v} used as an address`);
      const names = al.items.filter((i) => /[a-z]/i.test(i) && !i.includes(":"));
      const addrs = al.items.filter((i) => !names.includes(i));
      return { ...(addrs.length ? { cidrs: addrs.map(cidr) } : { cidrs: [] }), ...(names.length ? { names: names.map((name) => ({ name, match: "exact" as const })) } : {}) };
    }
    if (/^[0-9a-f:.]+(\/\d+)?$/i.test(v)) return { cidrs: [cidr(v)] };
    throw new ReadbackError(`unknown alias or address ${v}`);
  };
  const endpoint = (e: Record<string, unknown> | undefined): Rule["dst"] | undefined => {
    if (!e || "any" in e) return undefined;
    if ("network" in e) throw new ReadbackError("interface networks are not read back");
    const m = address(String(e.address));
    return "not" in e ? { ...m, negate: true } : m;
  };
  const portsOf = (p: string): Rule["dstPorts"] => {
    const al = aliases.get(p);
    if (al) {
      if (al.type !== "port") throw new ReadbackError(`alias ${p} used as a port is not a port alias`);
      return al.items.map((i) => portsOf(i)!).flat();
    }
    const m = /^(\d+)(?:[-:](\d+))?$/.exec(p);
    if (!m) throw new ReadbackError(`cannot read port ${p}`);
    return [{ from: Number(m[1]), to: Number(m[2] ?? m[1]) }];
  };

  const rules: Rule[] = [];
  const iface = opts.iface ?? "lan";
  const list = ((root.filter as { rule?: Record<string, unknown>[] } | undefined)?.rule ?? []);
  list.forEach((r, i) => {
    if (String(r.interface) !== iface || "disabled" in r || "floating" in r) return;
    const type = String(r.type ?? "pass");
    const rule: Rule = { action: type === "pass" ? "allow" : "deny", origin: `rule ${i + 1}: ${String(r.descr ?? "")}` };
    const fam = String(r.ipprotocol ?? "inet");
    if (fam === "inet") rule.family = 4;
    else if (fam === "inet6") rule.family = 6;
    else throw new ReadbackError(`rule ${i + 1}: ipprotocol ${fam} is built as inet by pfSense; use one rule per family`);
    if (r.protocol !== undefined && r.protocol !== "any") {
      const p = String(r.protocol);
      rule.protocols = p === "tcp/udp" ? ["tcp", "udp"] : p === "tcp" || p === "udp" || p === "icmp" ? [p] : (() => { throw new ReadbackError(`unknown protocol ${p}`); })();
    }
    const src = endpoint(r.source as Record<string, unknown> | undefined);
    if (src) rule.src = src;
    const dstEl = r.destination as Record<string, unknown> | undefined;
    const dst = endpoint(dstEl);
    if (dst) rule.dst = dst;
    if (dstEl && dstEl.port !== undefined && dstEl.port !== "") {
      if (!rule.protocols || rule.protocols.includes("icmp")) throw new ReadbackError(`rule ${i + 1}: a port needs TCP or UDP`);
      rule.dstPorts = portsOf(String(dstEl.port));
    }
    // A schedule that does not exist is not applied: filter.inc only looks the name up, the rule holds at all hours.
    if (r.sched !== undefined && r.sched !== "" && schedules.has(String(r.sched))) rule.when = "clock-outside-window";
    rules.push(rule);
  });
  if (!rules.length) throw new ReadbackError(`no rule on interface ${iface}`);
  // The products' own last word: "Default deny rule IPv4/IPv6" (pfSense filter.inc
  // filter_rules_generate, OPNsense filter.lib.inc), non-quick, so it decides what no rule matched.
  rules.push({ action: "deny", origin: "system: Default deny rule IPv4/IPv6" });
  return { rules, schedules, aliases, userRules: rules.length - 1 };
}

/**
 * When is an opening schedule active? pf re-evaluates schedules at every filter reload and keeps
 * the result until the next one; the cron reload runs at minutes 0, 15, 30, 45. Returns, for
 * every weekday position and quarter hour of the week, a problem when the schedule is active at a
 * reload whose next 15 minutes touch the exam window (the lab would be open during the exam), or
 * inactive although the whole quarter is outside it (the lab stays closed after the exam).
 */
export function quarterHourMismatch(ranges: PfTimeRangeRead[], start: string, end: string, days: readonly string[]): string[] {
  const names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
  const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const [s, e] = [toMin(start), toMin(end)];
  const out: string[] = [];
  for (let pos = 1; pos <= 7; pos++)
    for (let t = 0; t < 24 * 60; t += 15) {
      const examDay = days.length === 0 || days.includes(names[pos - 1]);
      const touches = examDay && t < e && t + 15 > s;
      const active = ranges.some((r) => r.position.includes(pos) && t >= r.from && t < r.to);
      const at = `${names[pos - 1]} ${String(Math.floor(t / 60)).padStart(2, "0")}:${String(t % 60).padStart(2, "0")}`;
      if (active && touches) out.push(`${at}: opening active, the next quarter hour touches the exam window`);
      if (!active && !touches) out.push(`${at}: opening inactive although the quarter hour is outside the exam window`);
    }
  return out;
}
