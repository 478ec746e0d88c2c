import type { Rule } from "../../../src/allowlist/intent";

/** Shared pieces of the vendor read-back parsers (tests only). */
export class ReadbackError extends Error {}

export interface ServiceDef {
  protocol: "tcp" | "udp" | "icmp";
  /** Empty = every port. */
  ports: number[];
  /** ICMP (protocol 1) only matches IPv4, ICMPv6 (protocol 58) only IPv6; absent = both families. */
  family?: 4 | 6;
}

/** A vendor protocol keyword as a service item: `icmp` is IPv4-only, `icmpv6` IPv6-only. */
export function protocolDef(keyword: string, ports: number[] = []): ServiceDef {
  if (keyword === "icmpv6") return { protocol: "icmp", ports: [], family: 6 };
  if (keyword === "icmp") return { protocol: "icmp", ports: [], family: 4 };
  if (keyword === "tcp" || keyword === "udp") return { protocol: keyword, ports };
  throw new ReadbackError(`unknown protocol ${keyword}`);
}

/** Periodic ranges of a time range: minutes of the day [from, to] on weekdays (0 = Sunday). */
export type Periods = { from: number; to: number; days: number[] }[];

export const services = {
  /** Vendor built-in services the renderers may reference. */
  builtin: {
    dns: [{ protocol: "udp", ports: [53] }, { protocol: "tcp", ports: [53] }],
    http: [{ protocol: "tcp", ports: [80] }],
    https: [{ protocol: "tcp", ports: [443] }],
    icmp: [{ protocol: "icmp", ports: [], family: 4 }],
  } as Record<string, ServiceDef[]>,
  /** One neutral rule per (protocol, ports) item of the rule's services; no services = any. */
  expand(base: Rule, defs: readonly ServiceDef[]): Rule[] {
    if (!defs.length) return [base];
    return defs.map((d) => ({ ...base, protocols: [d.protocol], ...(d.family ? { family: d.family } : {}), ...(d.ports.length ? { dstPorts: d.ports.map((p) => ({ from: p, to: p })) } : {}) }));
  },
};

/**
 * The rule model's time condition of a time range. An absolute start date makes a reset clock
 * (1970/2000) fall outside the range, so the opening never matches an unknown clock
 * (`outside-window`); a plain periodic range is only a clock test (`clock-outside-window`).
 */
export function timeOf(tr: { periods: Periods; absoluteFrom?: string } | undefined): Rule["when"] {
  if (!tr) throw new ReadbackError("a rule references an unknown time range");
  return tr.absoluteFrom && tr.absoluteFrom >= "2020" ? "outside-window" : "clock-outside-window";
}

export function dottedMaskLength(mask: string): number {
  return mask.split(".").reduce((n, o) => n + (Number(o).toString(2).match(/1/g)?.length ?? 0), 0);
}

/**
 * Checks that a time range's periods cover exactly the complement of the exam window: every
 * 15-minute slot of the week is open iff it is outside [start, end) on the window's days.
 */
export function openSlotsMismatch(periods: Periods, start: string, end: string, days: readonly string[]): string[] {
  const names = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const [s, e] = [toMin(start), toMin(end)];
  const out: string[] = [];
  for (let d = 0; d < 7; d++)
    for (let m = 0; m < 24 * 60; m += 15) {
      const slot = m + 7; // the middle of the slot: boundaries are the vendor's business
      const inWindow = (days.length === 0 || days.includes(names[d])) && slot >= s && slot < e;
      const open = periods.some((p) => p.days.includes(d) && slot >= p.from && slot <= p.to);
      if (open === inWindow) out.push(`${names[d]} ${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")} ${inWindow ? "inside the window but open" : "outside the window but not open"}`);
    }
  return out;
}
