import type { InputProblem } from "../model/errors";
import type { AllowEntry } from "./model";
import { problemAt, said, type AllowlistKey, type Said } from "./said";

/**
 * Address ranges an allowlist entry must never name (issue 10 item 15). Two kinds:
 *
 * - NEVER: ranges that cannot be an internet destination for a candidate machine, or that reach
 *   something else than they seem to: loopback, "this network", IPv4-mapped and NAT64 forms
 *   (a translator turns `::ffff:127.0.0.1` / `64:ff9b::a00:1` into an IPv4 destination the IPv4
 *   rules never see), link-local (router management over `fe80::`, and the cloud metadata
 *   service 169.254.169.254), multicast and reserved space. Refused wherever an address is read.
 * - LAN: private and shared ranges (RFC 1918, RFC 6598 CGNAT, RFC 4193 ULA, RFC 2544 benchmark)
 *   and the site's own blocks. Allowing them from a list or an addition would open the NVR, the
 *   cameras and the lab servers to every seat; LAN servers are declared in `network.examServers`
 *   instead. Refused for list entries and additions only (see `lanConflicts`).
 *
 * Ranges per the IANA special-purpose address registries (RFC 6890 and updates).
 */
export interface Range {
  family: 4 | 6;
  first: bigint;
  last: bigint;
  /** What the range is, as a phrase in both languages ("range_loopback"). */
  what: Said;
}

function v4(cidr: string, what: AllowlistKey): Range {
  const [a, len] = cidr.split("/");
  const o = a.split(".").map(Number);
  const first = BigInt(((o[0] * 256 + o[1]) * 256 + o[2]) * 256 + o[3]);
  return { family: 4, first, last: first + (1n << BigInt(32 - Number(len))) - 1n, what: said(what) };
}

/** `hex` is the prefix's leading 16-bit groups (the rest is zero), e.g. ["64", "ff9b"]. */
function v6(groups: string[], len: number, what: AllowlistKey): Range {
  let first = 0n;
  for (let i = 0; i < 8; i++) first = (first << 16n) | BigInt(`0x${groups[i] ?? "0"}`);
  return { family: 6, first, last: first + (1n << BigInt(128 - len)) - 1n, what: said(what) };
}

/** Ranges that are refused everywhere: they can never be a destination a seat should reach. */
export const NEVER_RANGES: readonly Range[] = [
  v4("0.0.0.0/8", "range_thisNetwork"),
  v4("127.0.0.0/8", "range_loopback"),
  v4("169.254.169.254/32", "range_metadata"),
  v4("169.254.0.0/16", "range_linkLocal4"),
  v4("224.0.0.0/3", "range_multicast4"),
  v6([], 128, "range_unspecified6"),
  v6(["0", "0", "0", "0", "0", "0", "0", "1"], 128, "range_loopback6"),
  v6(["0", "0", "0", "0", "0", "ffff"], 96, "range_mapped6"),
  v6(["0", "0", "0", "0", "ffff", "0"], 96, "range_translated6"),
  v6([], 96, "range_compatible6"),
  v6(["64", "ff9b"], 96, "range_nat64"),
  v6(["64", "ff9b", "1"], 48, "range_nat64Local"),
  v6(["100"], 64, "range_discard6"),
  v6(["fe80"], 10, "range_linkLocal6"),
  v6(["fec0"], 10, "range_siteLocal6"),
  v6(["ff00"], 8, "range_multicast6"),
];

/** Private and shared ranges: the inside of a LAN, never an allowlist destination. */
export const LAN_RANGES: readonly Range[] = [
  v4("10.0.0.0/8", "range_private10"),
  v4("100.64.0.0/10", "range_cgnat"),
  v4("172.16.0.0/12", "range_private172"),
  v4("192.168.0.0/16", "range_private192"),
  v4("198.18.0.0/15", "range_benchmark"),
  v6(["fc00"], 7, "range_ula"),
];

/** The first NEVER range the interval overlaps, as a phrase ("range_loopback"). */
export function neverRange(family: 4 | 6, first: bigint, last: bigint): Said | undefined {
  // IPv4 fast path: most list entries are ordinary addresses, decided by the top octet.
  if (family === 4) {
    const top = Number(first >> 24n);
    if (top !== 0 && top !== 127 && top !== 169 && top < 224 && Number(last >> 24n) < 224) return undefined;
  }
  for (const r of NEVER_RANGES) if (r.family === family && first <= r.last && last >= r.first) return r.what;
  return undefined;
}

/** The first LAN range (built-in or given) the interval overlaps. */
export function lanRange(family: 4 | 6, first: bigint, last: bigint, extra: readonly Range[] = []): Said | undefined {
  for (const r of extra) if (r.family === family && first <= r.last && last >= r.first) return r.what;
  for (const r of LAN_RANGES) if (r.family === family && first <= r.last && last >= r.first) return r.what;
  return undefined;
}

/**
 * Problems for address entries of a list or the site's additions that fall in a LAN range
 * (built-in private ranges, or `own`: the site's blocks / the `--lan` networks), with file:line.
 */
export function lanConflicts(entries: readonly AllowEntry[], own: readonly { cidr: string; first: bigint; last: bigint; family: 4 | 6 }[]): InputProblem[] {
  const extra: Range[] = own.map((c) => ({ family: c.family, first: c.first, last: c.last, what: said("range_ownNetwork", { cidr: c.cidr }) }));
  const out: InputProblem[] = [];
  for (const e of entries) {
    if (e.kind === "domain") continue;
    const what = lanRange(e.kind === "ipv4" ? 4 : 6, e.first, e.last, extra);
    if (what) out.push(problemAt(e.source, said("lanConflict", { entry: e.cidr, what })));
  }
  return out;
}
