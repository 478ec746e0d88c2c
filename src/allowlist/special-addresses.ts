import type { InputProblem } from "../model/errors";
import type { AllowEntry } from "./model";

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
  what: string;
}

function v4(cidr: string, what: string): Range {
  const [a, len] = cidr.split("/");
  const o = a.split(".").map(Number);
  const first = BigInt(((o[0] * 256 + o[1]) * 256 + o[2]) * 256 + o[3]);
  return { family: 4, first, last: first + (1n << BigInt(32 - Number(len))) - 1n, what };
}

/** `hex` is the prefix's leading 16-bit groups (the rest is zero), e.g. ["64", "ff9b"]. */
function v6(groups: string[], len: number, what: string): Range {
  let first = 0n;
  for (let i = 0; i < 8; i++) first = (first << 16n) | BigInt(`0x${groups[i] ?? "0"}`);
  return { family: 6, first, last: first + (1n << BigInt(128 - len)) - 1n, what };
}

/** Ranges that are refused everywhere: they can never be a destination a seat should reach. */
export const NEVER_RANGES: readonly Range[] = [
  v4("0.0.0.0/8", "in 0.0.0.0/8 (this network)"),
  v4("127.0.0.0/8", "a loopback address"),
  v4("169.254.169.254/32", "the cloud metadata service (link-local 169.254.169.254)"),
  v4("169.254.0.0/16", "a link-local address (169.254.0.0/16)"),
  v4("224.0.0.0/3", "multicast or reserved"),
  v6([], 128, "the unspecified address ::"),
  v6(["0", "0", "0", "0", "0", "0", "0", "1"], 128, "the IPv6 loopback address ::1"),
  v6(["0", "0", "0", "0", "0", "ffff"], 96, "an IPv4-mapped IPv6 address (::ffff:0:0/96): it is an IPv4 destination in disguise"),
  v6(["0", "0", "0", "0", "ffff", "0"], 96, "an IPv4-translated address (::ffff:0:0:0/96)"),
  v6([], 96, "an IPv4-compatible IPv6 address (::/96, deprecated)"),
  v6(["64", "ff9b"], 96, "a NAT64 address (64:ff9b::/96): it is an IPv4 destination in disguise"),
  v6(["64", "ff9b", "1"], 48, "a local-use NAT64 address (64:ff9b:1::/48)"),
  v6(["100"], 64, "the discard-only prefix 100::/64"),
  v6(["fe80"], 10, "an IPv6 link-local address (fe80::/10)"),
  v6(["fec0"], 10, "a deprecated site-local IPv6 address (fec0::/10)"),
  v6(["ff00"], 8, "IPv6 multicast (ff00::/8)"),
];

/** Private and shared ranges: the inside of a LAN, never an allowlist destination. */
export const LAN_RANGES: readonly Range[] = [
  v4("10.0.0.0/8", "a private LAN range (10.0.0.0/8)"),
  v4("100.64.0.0/10", "shared carrier-grade NAT space (100.64.0.0/10)"),
  v4("172.16.0.0/12", "a private LAN range (172.16.0.0/12)"),
  v4("192.168.0.0/16", "a private LAN range (192.168.0.0/16)"),
  v4("198.18.0.0/15", "benchmarking space (198.18.0.0/15)"),
  v6(["fc00"], 7, "an IPv6 unique local (LAN) range (fc00::/7)"),
];

/** The first NEVER range the interval overlaps, as a phrase ("a loopback address"). */
export function neverRange(family: 4 | 6, first: bigint, last: bigint): string | undefined {
  // IPv4 fast path: most list entries are ordinary addresses, decided by the top octet.
  if (family === 4) {
    const top = Number(first >> 24n);
    if (top !== 0 && top !== 127 && top !== 169 && top < 224 && Number(last >> 24n) < 224) return undefined;
  }
  for (const r of NEVER_RANGES) if (r.family === family && first <= r.last && last >= r.first) return r.what;
  return undefined;
}

/** The first LAN range (built-in or given) the interval overlaps. */
export function lanRange(family: 4 | 6, first: bigint, last: bigint, extra: readonly Range[] = []): string | undefined {
  for (const r of extra) if (r.family === family && first <= r.last && last >= r.first) return r.what;
  for (const r of LAN_RANGES) if (r.family === family && first <= r.last && last >= r.first) return r.what;
  return undefined;
}

/**
 * Problems for address entries of a list or the site's additions that fall in a LAN range
 * (built-in private ranges, or `own`: the site's blocks / the `--lan` networks), with file:line.
 */
export function lanConflicts(entries: readonly AllowEntry[], own: readonly { cidr: string; first: bigint; last: bigint; family: 4 | 6 }[]): InputProblem[] {
  const extra: Range[] = own.map((c) => ({ family: c.family, first: c.first, last: c.last, what: `inside the site's own network ${c.cidr}` }));
  const out: InputProblem[] = [];
  for (const e of entries) {
    if (e.kind === "domain") continue;
    const what = lanRange(e.kind === "ipv4" ? 4 : 6, e.first, e.last, extra);
    if (what) out.push({ file: e.source.file, line: e.source.line, path: "", message: `"${e.cidr}" is ${what}: allowing it would open the site's own hosts (NVR, cameras, lab servers) to every seat; declare LAN exam servers under network.examServers instead` });
  }
  return out;
}
