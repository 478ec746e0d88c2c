import { collapseIPv6Number, IPv4, IPv4CidrRange, IPv6, IPv6CidrRange, Validator } from "ip-num";

/** A parsed CIDR block of either family, with bigint arithmetic for address allocation. */
export interface Block {
  family: 4 | 6;
  cidr: string;
  first: bigint;
  size: bigint;
  prefix: number;
}

/** Parses a CIDR with ip-num; returns an error text instead of throwing. */
export function parseBlock(text: string, family: 4 | 6): Block | string {
  const t = text.trim();
  if (family === 4) {
    // Canonical "a.b.c.d/p" (what sites write) by arithmetic: ip-num's validators cost ~1 ms a
    // block (issue 14). Anything else, and every error message, goes through ip-num below;
    // tests/perf/ipv4-block.test.ts checks both paths agree.
    const fast = canonicalIPv4Block(t);
    if (fast) return fast;
    const [ok] = Validator.isValidIPv4CidrNotation(t);
    if (!ok) return `expected an IPv4 CIDR block such as 10.20.0.0/16, got "${t}"`;
    const [aligned] = Validator.isValidIPv4CidrRange(t);
    if (!aligned) return `"${t}" is not aligned: the address must be the first of its /${t.split("/")[1]} block`;
    const r = IPv4CidrRange.fromCidr(t);
    return { family, cidr: r.toCidrString(), first: r.getFirst().getValue(), size: r.getSize(), prefix: Number(r.getPrefix().getValue()) };
  }
  // Sites and their rooms repeat the same IPv6 blocks (the plan and the allowlist both parse
  // network.block6): ip-num's parse is ~0.1 ms, so the last few hundred answers are kept (issue 14).
  let hit = BLOCK6.get(t);
  if (hit === undefined) {
    if (BLOCK6.size >= BLOCK6_LIMIT) BLOCK6.clear();
    BLOCK6.set(t, (hit = parseBlock6(t)));
  }
  return hit;
}

/** Answers are shared: a Block is never changed once made. */
const BLOCK6 = new Map<string, Block | string>();
const BLOCK6_LIMIT = 512;

function parseBlock6(t: string): Block | string {
  const [ok] = Validator.isValidIPv6CidrNotation(t);
  if (!ok) return `expected an IPv6 CIDR block such as fd00:20::/48, got "${t}"`;
  // The value from ip-num's address parser and the size by arithmetic: IPv6CidrRange.fromCidr
  // costs ~0.1 ms a block, a quarter of a site's IP plan (issue 14). tests/perf/ipv6-block.test.ts
  // checks this agrees with parseBlockReference (fromCidr) on aligned and unaligned blocks.
  const slash = t.lastIndexOf("/");
  const prefix = Number(t.slice(slash + 1));
  const first = IPv6.fromString(t.slice(0, slash)).getValue();
  const size = 1n << BigInt(128 - prefix);
  if (first % size !== 0n) return `"${t}" is not aligned: the address must be the first of its /${t.split("/")[1]} block`;
  return { family: 6, cidr: formatCidr(6, first, prefix), first, size, prefix };
}

/** ip-num's own IPv6 block parsing, kept as the reference for tests. */
export function parseBlock6Reference(text: string): Block | string {
  const t = text.trim();
  const [ok] = Validator.isValidIPv6CidrNotation(t);
  if (!ok) return `expected an IPv6 CIDR block such as fd00:20::/48, got "${t}"`;
  const [aligned] = Validator.isValidIPv6CidrRange(t);
  if (!aligned) return `"${t}" is not aligned: the address must be the first of its /${t.split("/")[1]} block`;
  const r = IPv6CidrRange.fromCidr(t);
  return { family: 6, cidr: formatCidr(6, r.getFirst().getValue(), Number(r.getPrefix().getValue())), first: r.getFirst().getValue(), size: r.getSize(), prefix: Number(r.getPrefix().getValue()) };
}

const CANONICAL_V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(3[0-2]|[12]?\d)$/;

/** An aligned IPv4 block in canonical notation, or undefined (the caller asks ip-num). */
export function canonicalIPv4Block(t: string): Block | undefined {
  const m = CANONICAL_V4.exec(t);
  if (!m) return undefined;
  const value = ((Number(m[1]) << 24) >>> 0) + (Number(m[2]) << 16) + (Number(m[3]) << 8) + Number(m[4]);
  const prefix = Number(m[5]);
  const size = 2 ** (32 - prefix);
  if (value % size !== 0) return undefined; // not aligned: ip-num words the message
  return { family: 4, cidr: t, first: BigInt(value), size: BigInt(size), prefix };
}

export function formatAddress(family: 4 | 6, value: bigint): string {
  if (family === 4) {
    // Plain arithmetic: this runs for every planned address, and ip-num's IPv4 object is slow.
    const n = Number(value);
    return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  return formatIPv6(value);
}

/**
 * RFC 5952 text form of an IPv6 value (lower case, no leading zeros, the longest run of two or
 * more zero groups as "::", the first on a tie). Formatting only — parsing stays with ip-num;
 * a property test checks it against ip-num's collapseIPv6Number.
 */
const WORD_SHIFTS = [96n, 64n, 32n, 0n] as const;

export function formatIPv6(value: bigint): string {
  // Four 32-bit words, not eight bigint shifts: this runs for every planned IPv6 address.
  const groups: number[] = [];
  for (const shift of WORD_SHIFTS) {
    const w = Number((value >> shift) & 0xffffffffn);
    groups.push(w >>> 16, w & 0xffff);
  }
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

/** ip-num's formatting, kept as the reference for tests. */
export function formatIPv6Reference(value: bigint): string {
  return collapseIPv6Number(new IPv6(value).toString());
}

export function formatCidr(family: 4 | 6, first: bigint, prefix: number): string {
  return `${formatAddress(family, first)}/${prefix}`;
}

/** The i-th sub-block of the given prefix inside a block. */
export function subBlock(block: Block, prefix: number, index: bigint): Block {
  const bits = block.family === 4 ? 32 : 128;
  const size = 1n << BigInt(bits - prefix);
  const first = block.first + size * index;
  return { family: block.family, cidr: formatCidr(block.family, first, prefix), first, size, prefix };
}

export function overlaps(a: Block, b: Block): boolean {
  return a.family === b.family && a.first < b.first + b.size && b.first < a.first + a.size;
}

export function isValidAddress(text: string, family: 4 | 6): boolean {
  return family === 4 ? Validator.isValidIPv4String(text)[0] : Validator.isValidIPv6String(text)[0];
}

export function addressValue(text: string, family: 4 | 6): bigint {
  return family === 4 ? IPv4.fromDecimalDottedString(text).getValue() : IPv6.fromString(text).getValue();
}
