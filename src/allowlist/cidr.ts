import { neverRange } from "./special-addresses";
import { said, type Said } from "./said";
import { expandIPv6Number, IPv4, IPv4CidrRange, IPv6, IPv6CidrRange, Validator } from "ip-num";

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

/** The network of an address or CIDR text, or why it is refused (both languages). */
export function cidrOf(text: string): Cidr | Said {
  const t = text.trim();
  const v6 = t.includes(":");
  // Address and prefix length by index (issue 14: split and destructuring cost more than the rest
  // of a dotted quad's checks): a second "/" is refused as before.
  const slash = t.indexOf("/");
  const addr = slash < 0 ? t : t.slice(0, slash);
  const lenText = slash < 0 ? (v6 ? "128" : "32") : t.slice(slash + 1);
  if ((slash >= 0 && t.includes("/", slash + 1)) || !/^\d{1,3}$/.test(lenText)) return said("badPrefixLength", { entry: clip(t) });
  const len = Number(lenText);
  if (!v6) {
    const quad = quadValue(addr);
    if (quad !== undefined) return quadNetwork(t, addr, quad, len);
  }
  const bits = v6 ? 128 : 32;
  // A dotted quad in canonical form (no leading zeros) was read by arithmetic above: every such
  // text is valid for ip-num too (tests/allowlist/address-value.test.ts). Plain hex-group IPv6
  // ("2001:db8::/64") likewise (issue 14: ip-num's validation runs its IPv6 pattern three times,
  // ~20 µs an address). Everything else: ip-num validates and parses the address once; the
  // prefix arithmetic is plain bigint.
  const fast = v6 ? plainIPv6(addr) : undefined;
  if (fast === undefined && (v6 ? !Validator.isValidIPv6String(addr)[0] : !Validator.isValidIPv4String(addr)[0])) return said("notAnAddress", { entry: clip(t), family: v6 ? 6 : 4 });
  if (len > bits) return said("badPrefixLength", { entry: clip(t) });
  const value = fast ?? validatedValue(v6 ? 6 : 4, addr);
  const size = 1n << BigInt(bits - len);
  if (value % size !== 0n) return said("notAligned", { entry: clip(t), prefix: len });
  const family = v6 ? 6 : 4;
  if (len < MIN_PREFIX[family]) return said("tooBroad", { entry: clip(t), min: MIN_PREFIX[family] });
  const special = neverRange(family, value, value + size - 1n);
  if (special) return said("specialRange", { entry: clip(t), what: special });
  return { family, cidr: `${formatAddress(family, value)}/${len}`, first: value, last: value + size - 1n, prefix: len };
}

/**
 * cidrOf for a canonical dotted quad, in doubles (issue 14: six bigint operations an address
 * before): the same checks in the same order, the same network. The quad is its own text form
 * (formatAddress writes exactly the canonical quad). Property-tested against the bigint version
 * (tests/allowlist/address-value.test.ts).
 */
function quadNetwork(t: string, addr: string, value: number, len: number): Cidr | Said {
  if (len > 32) return said("badPrefixLength", { entry: clip(t) });
  const size = 2 ** (32 - len);
  if (value % size !== 0) return said("notAligned", { entry: clip(t), prefix: len });
  if (len < MIN_PREFIX[4]) return said("tooBroad", { entry: clip(t), min: MIN_PREFIX[4] });
  const first = BigInt(value);
  const last = BigInt(value + size - 1);
  const special = neverRange(4, first, last);
  if (special) return said("specialRange", { entry: clip(t), what: special });
  return { family: 4, cidr: `${addr}/${len}`, first, last, prefix: len };
}

const CANONICAL_QUAD = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** The value of a canonical dotted quad ("192.0.2.10"), else undefined (ip-num decides). */
export function canonicalQuad(addr: string): bigint | undefined {
  const v = quadValue(addr);
  return v === undefined ? undefined : BigInt(v);
}

function quadValue(addr: string): number | undefined {
  const m = CANONICAL_QUAD.exec(addr);
  if (!m) return undefined;
  return ((Number(m[1]) * 256 + Number(m[2])) * 256 + Number(m[3])) * 256 + Number(m[4]);
}

/** One to eight groups of 1–4 hex digits joined by single colons (or nothing). */
const HEX_GROUPS = /^(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){0,7})?$/;

/**
 * The value of an IPv6 address written as hex groups only: eight groups, or fewer around one
 * "::" (no embedded dotted quad, no zone id), else undefined (ip-num decides). Every text it reads
 * is valid for ip-num with the same value (tests/allowlist/address-value.test.ts, issue 14).
 */
export function plainIPv6(addr: string): bigint | undefined {
  const gap = addr.indexOf("::");
  const head = gap < 0 ? addr : addr.slice(0, gap);
  const tail = gap < 0 ? "" : addr.slice(gap + 2);
  if (!HEX_GROUPS.test(head) || !HEX_GROUPS.test(tail)) return undefined;
  const left = head === "" ? [] : head.split(":");
  const right = tail === "" ? [] : tail.split(":");
  const zeros = 8 - left.length - right.length;
  if (gap < 0 ? zeros !== 0 : zeros < 1) return undefined;
  let hex = "0x";
  for (const g of left) hex += g.padStart(4, "0");
  hex += "0000".repeat(zeros);
  for (const g of right) hex += g.padStart(4, "0");
  return BigInt(hex);
}

/**
 * Numeric value of an address ip-num's Validator has accepted. ip-num's own constructors validate
 * again (twice for IPv6) and go through binary strings: ~10 µs an address, a third of parsing a
 * 100,000-entry list. Here: IPv4 by arithmetic on the validated octets, IPv6 by ip-num's
 * `expandIPv6Number` read as hex (zone id dropped as ip-num does). Property-tested against ip-num
 * (tests/allowlist/address-value.test.ts); anything unexpected takes ip-num's path.
 */
export function validatedValue(family: 4 | 6, addr: string): bigint {
  if (family === 4) {
    const o = addr.split(".").map(Number);
    return BigInt(((o[0] * 256 + o[1]) * 256 + o[2]) * 256 + o[3]);
  }
  const expanded = expandIPv6Number(addr.split("%")[0]);
  if (!FULL_IPV6.test(expanded)) return IPv6.fromString(addr).getValue();
  return BigInt(`0x${expanded.replace(/:/g, "")}`);
}
const FULL_IPV6 = /^[0-9a-fA-F]{4}(:[0-9a-fA-F]{4}){7}$/;

/** Text form of an address: dotted quad, or RFC 5952 IPv6 — the IP plan's formatter, shared. */
import { formatAddress } from "../ipplan/addresses";
export { formatAddress };

/** Merges overlapping and adjacent networks of one family into the minimal prefix list, sorted. */
export function mergeCidrs(family: 4 | 6, items: readonly { first: bigint; last: bigint }[]): string[] {
  if (items.length === 0) return [];
  return family === 4 ? mergeIPv4(items) : mergeCidrsBigint(family, items);
}

/**
 * mergeCidrs for IPv4 in doubles (issue 14: 30,000 addresses cost ~100 ms of bigint arithmetic and
 * comparator calls). Every IPv4 value is exact in a double. Starts and ends are sorted apart in
 * typed arrays: the i-th smallest start and the i-th smallest end bound intervals with the same
 * union. Property-tested against the bigint version (tests/allowlist/normalise-fast.test.ts).
 */
function mergeIPv4(items: readonly { first: bigint; last: bigint }[]): string[] {
  const starts = new Float64Array(items.length);
  const ends = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) {
    starts[i] = Number(items[i].first);
    ends[i] = Number(items[i].last);
  }
  starts.sort();
  ends.sort();
  const out: string[] = [];
  for (let i = 0; i < starts.length; ) {
    const first = starts[i];
    let last = ends[i];
    for (i++; i < starts.length && starts[i] <= last + 1; i++) if (ends[i] > last) last = ends[i];
    for (let cur = first; cur <= last; ) {
      // Largest aligned block starting at cur that stays inside [cur, last].
      let size = cur === 0 ? 2 ** 32 : (cur & -cur) >>> 0;
      while (cur + size - 1 > last) size /= 2;
      out.push(`${(cur >>> 24) & 255}.${(cur >>> 16) & 255}.${(cur >>> 8) & 255}.${cur & 255}/${32 - Math.log2(size)}`);
      cur += size;
    }
  }
  return out;
}

/** mergeCidrs in bigints (every IPv6 list; the reference for IPv4). */
export function mergeCidrsBigint(family: 4 | 6, items: readonly { first: bigint; last: bigint }[]): string[] {
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
  let b = 0;
  while (n > 0xffffffffn) { n >>= 32n; b += 32; }
  return b + (32 - Math.clz32(Number(n)));
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
