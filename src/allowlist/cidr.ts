import { IPv4, IPv4CidrRange, IPv6, IPv6CidrRange, Validator } from "ip-num";
import { formatAddress } from "../ipplan/addresses";

/**
 * Addresses and networks: parsed and validated with ip-num, merged as bigint intervals and split
 * back into the minimal list of prefixes (router-targets.md (b): overlapping interval elements
 * are an nft error, and fewer prefixes mean smaller sets everywhere).
 */
export interface Cidr {
  family: 4 | 6;
  cidr: string;
  first: bigint;
  last: bigint;
  prefix: number;
}

/** Narrowest prefixes still accepted; broader ones are an allow-all in disguise. */
const MIN_PREFIX = { 4: 8, 6: 32 } as const;

export function cidrOf(text: string): Cidr | string {
  const t = text.trim();
  const v6 = t.includes(":");
  const withLen = t.includes("/") ? t : `${t}/${v6 ? 128 : 32}`;
  const [addr, lenText] = withLen.split("/");
  if (!/^\d{1,3}$/.test(lenText ?? "")) return `"${clip(t)}" has an invalid prefix length`;
  const len = Number(lenText);
  if (v6) {
    if (!Validator.isValidIPv6String(addr)[0] || len > 128) return `"${clip(t)}" is not a valid IPv6 address or network`;
    if (!Validator.isValidIPv6CidrRange(withLen)[0]) return `"${clip(t)}" is not aligned: the address must be the first of its /${len} network`;
    if (len < MIN_PREFIX[6]) return `"${clip(t)}" is broader than /${MIN_PREFIX[6]}: that is close to allowing everything`;
    const r = IPv6CidrRange.fromCidr(withLen);
    const first = r.getFirst().getValue();
    return { family: 6, cidr: `${formatAddress(6, first)}/${len}`, first, last: r.getLast().getValue(), prefix: len };
  }
  if (!Validator.isValidIPv4String(addr)[0] || len > 32) return `"${clip(t)}" is not a valid IPv4 address or network`;
  if (!Validator.isValidIPv4CidrRange(withLen)[0]) return `"${clip(t)}" is not aligned: the address must be the first of its /${len} network`;
  if (len < MIN_PREFIX[4]) return `"${clip(t)}" is broader than /${MIN_PREFIX[4]}: that is close to allowing everything`;
  const r = IPv4CidrRange.fromCidr(withLen);
  const first = r.getFirst().getValue();
  const special = specialRange4(first);
  if (special) return `"${clip(t)}" is ${special}; it cannot be an allowlist destination`;
  return { family: 4, cidr: `${new IPv4(first).toString()}/${len}`, first, last: r.getLast().getValue(), prefix: len };
}

function specialRange4(first: bigint): string | undefined {
  const top = Number(first >> 24n);
  if (top === 0) return "in 0.0.0.0/8 (this network)";
  if (top === 127) return "a loopback address";
  if (top >= 224) return "multicast or reserved";
  return undefined;
}

/** Merges overlapping and adjacent networks of one family into the minimal prefix list, sorted. */
export function mergeCidrs(family: 4 | 6, items: readonly { first: bigint; last: bigint }[]): string[] {
  if (items.length === 0) return [];
  const sorted = [...items].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const merged: { first: bigint; last: bigint }[] = [];
  for (const it of sorted) {
    const top = merged[merged.length - 1];
    if (top && it.first <= top.last + 1n) {
      if (it.last > top.last) top.last = it.last;
    } else merged.push({ first: it.first, last: it.last });
  }
  const bits = family === 4 ? 32 : 128;
  const out: string[] = [];
  for (const { first, last } of merged) {
    let cur = first;
    while (cur <= last) {
      // Largest aligned block starting at cur that stays inside [cur, last].
      let size = cur === 0n ? 1n << BigInt(bits) : cur & -cur;
      while (cur + size - 1n > last) size >>= 1n;
      const len = bits - bitLength(size) + 1;
      out.push(`${formatAddress(family, cur)}/${len}`);
      cur += size;
    }
  }
  return out;
}

function bitLength(n: bigint): number {
  return n.toString(2).length;
}

/** Address text for a single-host prefix (`/32`, `/128`) or the CIDR itself. */
export function hostOrCidr(cidr: string): string {
  return cidr.endsWith("/32") || cidr.endsWith("/128") ? cidr.slice(0, cidr.lastIndexOf("/")) : cidr;
}

/** Interval of a CIDR string already produced by cidrOf/mergeCidrs. */
export function intervalOf(cidr: string): { family: 4 | 6; first: bigint; last: bigint } {
  if (cidr.includes(":")) {
    const r = IPv6CidrRange.fromCidr(cidr);
    return { family: 6, first: r.getFirst().getValue(), last: r.getLast().getValue() };
  }
  const r = IPv4CidrRange.fromCidr(cidr);
  return { family: 4, first: r.getFirst().getValue(), last: r.getLast().getValue() };
}

export function addressToBigint(text: string): bigint {
  return text.includes(":") ? IPv6.fromString(text).getValue() : IPv4.fromDecimalDottedString(text).getValue();
}

function clip(s: string): string {
  const safe = s.replace(/[\u0000-\u001f\u007f]/g, "?");
  return safe.length > 60 ? safe.slice(0, 57) + "…" : safe;
}
