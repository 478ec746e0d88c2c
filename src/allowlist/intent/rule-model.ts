import { addressValue } from "../../ipplan/addresses";
import type { HostMatch } from "../model";
import type { Flow, IpFamily } from "./types";

/**
 * A small, neutral firewall rule model for read-back intent tests: a target's output is parsed
 * back into an ordered list of these rules (by the target's test), and `evaluate` decides a flow
 * with first-match semantics. It is deliberately poorer than any real firewall: only what the
 * intent needs to tell allowed from denied. An empty list matches nothing (no rule = deny).
 */
export interface AddressMatch {
  /** Networks or single addresses (either family; a network of the other family never matches). */
  cidrs?: string[];
  /** DNS-learned destinations: the address any of these names resolved to (exact or subtree). */
  names?: { name: string; match: HostMatch }[];
  /** Match everything EXCEPT the listed cidrs/names. */
  negate?: boolean;
}

export interface PortRange {
  from: number;
  to: number;
}

export interface Rule {
  action: "allow" | "deny";
  /** Absent = both families. */
  family?: IpFamily;
  /** Absent = any protocol. */
  protocols?: ("tcp" | "udp" | "icmp")[];
  src?: AddressMatch;
  dst?: AddressMatch;
  /** Absent = any port. */
  dstPorts?: PortRange[];
  /** The rule matches only packets arriving on a seat-facing port. */
  ingress?: "seat";
  /**
   * Time condition. `outside-window`: only when the clock is known to be outside the exam window
   * (a rule that opens things up outside the exam must not match when time is unknown).
   * `inside-window`: inside the window or when the time is unknown (fail closed).
   * `clock-outside-window`: a plain clock test (`meta hour != …`, a vendor time-range) without a
   * guard on the clock being synchronised: an unknown clock reads as any time, so it matches
   * outside the window AND when the time is unknown (fails open).
   */
  when?: "outside-window" | "inside-window" | "clock-outside-window";
  /** Where the rule came from (file:line or the rule text), for failure messages. */
  origin?: string;
}

export interface Verdict {
  verdict: "allow" | "deny";
  /** Index of the deciding rule; -1 when no rule matched (implicit deny). */
  index: number;
  rule?: Rule;
}

/** First matching rule decides; no match = deny (index -1). */
export function evaluate(rules: readonly Rule[], flow: Flow): Verdict {
  for (let i = 0; i < rules.length; i++) if (matches(rules[i], flow)) return { verdict: rules[i].action, index: i, rule: rules[i] };
  return { verdict: "deny", index: -1 };
}

/** True when the last rule denies every flow unconditionally (explicit default deny, placed last). */
export function hasDefaultDenyLast(rules: readonly Rule[]): boolean {
  const last = rules[rules.length - 1];
  return !!last && last.action === "deny" && isUnconditional(last);
}

/** True when a rule has no condition at all. */
export function isUnconditional(r: Rule): boolean {
  return r.family === undefined && r.protocols === undefined && r.src === undefined && r.dst === undefined && r.dstPorts === undefined && r.ingress === undefined && r.when === undefined;
}

export function matches(r: Rule, f: Flow): boolean {
  if (r.family !== undefined && r.family !== f.family) return false;
  if (r.protocols && !r.protocols.includes(f.protocol)) return false;
  if (r.ingress === "seat" && f.ingress !== "seat") return false;
  if (r.when === "outside-window" && f.time !== "outside") return false;
  if (r.when === "inside-window" && f.time === "outside") return false;
  if (r.when === "clock-outside-window" && f.time === "inside") return false;
  if (r.dstPorts) {
    if (f.dstPort === undefined) return false;
    if (!r.dstPorts.some((p) => f.dstPort! >= p.from && f.dstPort! <= p.to)) return false;
  }
  if (r.src && !addressMatches(r.src, f.src, f.family, undefined)) return false;
  if (r.dst && !addressMatches(r.dst, f.dst, f.family, f.dstName)) return false;
  return true;
}

function addressMatches(m: AddressMatch, addr: string, family: IpFamily, name: string | undefined): boolean {
  const hit = (m.cidrs ?? []).some((c) => inCidr(addr, family, c)) || (name !== undefined && (m.names ?? []).some((n) => nameMatches(n.name, n.match, name)));
  return m.negate ? !hit : hit;
}

export function nameMatches(rule: string, match: HostMatch, name: string): boolean {
  const r = rule.toLowerCase().replace(/\.$/, "");
  const n = name.toLowerCase().replace(/\.$/, "");
  return n === r || (match === "subtree" && n.endsWith(`.${r}`));
}

const parsed = new Map<string, { family: IpFamily; first: bigint; last: bigint }>();

/** Is the address inside the network (same family only)? */
export function inCidr(addr: string, family: IpFamily, cidr: string): boolean {
  let c = parsed.get(cidr);
  if (!c) {
    const [a, len] = cidr.split("/");
    const fam: IpFamily = a.includes(":") ? 6 : 4;
    const bits = fam === 4 ? 32 : 128;
    const l = len === undefined ? bits : Number(len);
    const size = 1n << BigInt(bits - l);
    const v = addressValue(a, fam);
    const first = v - (v % size);
    c = { family: fam, first, last: first + size - 1n };
    parsed.set(cidr, c);
  }
  if (c.family !== family) return false;
  const v = addressValue(addr, family);
  return v >= c.first && v <= c.last;
}
