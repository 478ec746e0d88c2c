import type { Rule } from "../../../src/allowlist/intent";
import { ReadbackError, type Periods } from "./common";

/**
 * Reads a generated RouterOS v7 script back into the neutral rule model (independently of the
 * renderer). Address lists (static entries, plus the names whose DNS answers fill them through
 * `/ip dns static … address-list=`), the filter rules of each chain, and the jumps that make a
 * chain reachable: the `examlab` chains are inlined where forward/input jump to them for packets
 * from the exam interfaces (ingress = seat). Input-chain rules apply to packets addressed to the
 * router (`routerAddresses`, which a script does not list: its own and link-local addresses).
 * `connection-state=` rules never match a new flow. A disabled rule never matches, except the
 * `examlab-open` rules a scheduler enables only while NTP is synchronised (fail closed).
 */
export interface RosReadback {
  rules4: Rule[];
  rules6: Rule[];
  /** Periods of the time-windowed opening rules (for the complement check). */
  openPeriods: Periods;
  /** The last rule of each examlab forward chain is an unconditional deny. */
  chainEndsInDeny: { v4: boolean; v6: boolean };
  lines: string[];
}

type Props = Record<string, string>;
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

function props(s: string): Props {
  const out: Props = {};
  for (const m of s.matchAll(/([a-z0-9-]+)=("(?:[^"\\]|\\.)*"|\S+)/g)) out[m[1]] = m[2].startsWith('"') ? m[2].slice(1, -1).replace(/\\(.)/g, "$1") : m[2];
  return out;
}

function minutes(t: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(t);
  if (!m) throw new ReadbackError(`cannot read time ${t}`);
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

export function readRouterOs(text: string, routerAddresses: { v4: string[]; v6: string[] }): RosReadback {
  const lists: Record<4 | 6, Map<string, string[]>> = { 4: new Map(), 6: new Map() };
  const names = new Map<string, { name: string; match: "exact" | "subtree" }[]>();
  const chains: Record<4 | 6, Map<string, Props[]>> = { 4: new Map(), 6: new Map() };
  const jumps: { family: 4 | 6; from: string; p: Props }[] = [];
  let clockGuard = false;
  const lines = text.split(/\r?\n/);
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    let m: RegExpExecArray | null;
    if ((m = /^\/(ip|ipv6) firewall address-list add (.*)$/.exec(line))) {
      const p = props(m[2]);
      const fam = m[1] === "ip" ? 4 : 6;
      (lists[fam].get(p.list) ?? lists[fam].set(p.list, []).get(p.list)!).push(p.address);
      continue;
    }
    if ((m = /^\/ip dns static add (.*)$/.exec(line))) {
      const p = props(m[1]);
      if (p.type !== "FWD") throw new ReadbackError(`static DNS entry of type ${p.type}`);
      if (p["address-list"]) (names.get(p["address-list"]) ?? names.set(p["address-list"], []).get(p["address-list"])!).push({ name: p.name, match: p["match-subdomain"] === "yes" ? "subtree" : "exact" });
      continue;
    }
    if ((m = /^\/(ip|ipv6) firewall filter add (.*)$/.exec(line))) {
      const p = props(m[2]);
      const fam = m[1] === "ip" ? 4 : 6;
      if (/place-before=\d/.test(m[2])) throw new ReadbackError(`place-before by number: ${line}`);
      if (p.chain === "forward" || p.chain === "input") { jumps.push({ family: fam, from: p.chain, p }); continue; }
      (chains[fam].get(p.chain) ?? chains[fam].set(p.chain, []).get(p.chain)!).push(p);
      continue;
    }
    if ((m = /^:if \(.*\) do=\{ \/(ip|ipv6) firewall filter add (.*?) \} else=\{/.exec(line))) {
      const p = props(m[2]);
      if (/place-before=\d/.test(m[2])) throw new ReadbackError(`place-before by number: ${line}`);
      jumps.push({ family: m[1] === "ip" ? 4 : 6, from: p.chain, p });
      continue;
    }
    if (/^\/system scheduler add name="examlab-clock"/.test(line) && /ntp client get status\] = \\"synchronized\\"/.test(line) && /examlab-open\\"\] disabled=\(!\\\$ok\)/.test(line)) clockGuard = true;
  }
  const openPeriods: Periods = [];
  const toRule = (fam: 4 | 6, p: Props, extra: Partial<Rule>): Rule | undefined => {
    if (p["connection-state"]) return undefined; // replies of allowed flows only
    let when: Rule["when"];
    if (p.time) {
      const [range, ...days] = p.time.split(",");
      const [a, b] = range.split("-");
      if (p.comment === "examlab-open") openPeriods.push({ from: minutes(a), to: Math.min(1439, minutes(b)), days: days.map((d) => DAYS.indexOf(d)) });
      when = p.disabled === "yes" && p.comment === "examlab-open" && clockGuard ? "outside-window" : "clock-outside-window";
    }
    if (p.disabled === "yes" && !(p.comment === "examlab-open" && clockGuard)) return undefined;
    const list = (name: string) => lists[fam].get(name) ?? [];
    const { dst: chainDst, ...rest } = extra;
    const r: Rule = { action: p.action === "accept" ? "allow" : "deny", family: fam, origin: `${fam === 4 ? "/ip" : "/ipv6"} ${p.chain}: ${Object.entries(p).filter(([k]) => k !== "comment" && k !== "chain").map(([k, v]) => `${k}=${v}`).join(" ")}`, ...rest };
    if (!["accept", "drop", "reject"].includes(p.action)) throw new ReadbackError(`unexpected action ${p.action}`);
    if (when) r.when = when;
    if (p.protocol) r.protocols = [p.protocol === "icmpv6" ? "icmp" : (p.protocol as "tcp")];
    if (p["dst-port"]) r.dstPorts = p["dst-port"].split(",").map((x) => { const [f, t] = x.split("-").map(Number); return { from: f, to: t ?? f }; });
    if (p["src-address-list"]) { const neg = p["src-address-list"].startsWith("!"); r.src = { cidrs: list(p["src-address-list"].replace(/^!/, "")), ...(neg ? { negate: true } : {}) }; }
    if (p["src-address"]) r.src = { cidrs: [p["src-address"]] };
    if (p["dst-address-list"]) r.dst = { ...(r.dst ?? {}), cidrs: list(p["dst-address-list"]), names: names.get(p["dst-address-list"]) ?? [] };
    if (p["dst-address"]) r.dst = { cidrs: [p["dst-address"]] };
    if (chainDst) {
      if (r.dst) throw new ReadbackError("an input-chain rule with its own destination");
      r.dst = chainDst;
    }
    return r;
  };
  const build = (fam: 4 | 6) => {
    const out: Rule[] = [];
    for (const from of ["input", "forward"]) {
      const j = jumps.find((x) => x.family === fam && x.from === from && x.p.action === "jump");
      if (!j) continue;
      if (j.p["in-interface-list"] !== "examlab_exam") throw new ReadbackError(`the ${from} jump does not select the exam interfaces`);
      const target = chains[fam].get(j.p["jump-target"]) ?? [];
      const router = fam === 4 ? routerAddresses.v4 : routerAddresses.v6;
      for (const p of target) {
        const r = toRule(fam, p, { ingress: "seat", ...(from === "input" ? { dst: { cidrs: router } } : {}) });
        if (r) out.push(r);
      }
    }
    return out;
  };
  const rules4 = build(4);
  const rules6 = build(6);
  const ends = (fam: 4 | 6) => {
    const c = chains[fam].get("examlab") ?? [];
    const last = c[c.length - 1];
    return !!last && (last.action === "reject" || last.action === "drop") && Object.keys(last).every((k) => ["chain", "action", "reject-with", "comment"].includes(k));
  };
  return { rules4, rules6, openPeriods, chainEndsInDeny: { v4: ends(4), v6: ends(6) }, lines };
}
