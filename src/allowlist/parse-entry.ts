import { Validator } from "ip-num";
import * as punycode from "punycode/";
import { canonicalHost } from "./host-name";
import { cidrOf } from "./cidr";
import type { AllowEntry, SourceRef } from "./model";
import { invisibleCharacter, mixedScriptLabel, showInvisible } from "./text-safety";
import { said, type Said } from "./said";

/**
 * One allowlist line → an entry, or the reason it is refused. Accepted forms:
 *   exam.example.cn            this host only
 *   *.example.cn / .example.cn the name and all its subdomains
 *   exam.example.cn:8443       with ports (comma-separated: `:80,8080`)
 *   https://exam.example.cn/x  URL: host taken (exact), port kept, path kept as a note
 *   192.0.2.10 / 192.0.2.0/24 / 2001:db8::/64 / [2001:db8::1]:443   addresses and CIDRs
 * Anything that would allow everything (`*`, `0.0.0.0/0`, `::/0`) is refused (manual §3.2: the
 * candidate machine reaches only the list), and so is anything that can never work or is not what
 * it looks like (issue 10 item 15): invisible characters, port 0, a port without a host, DNS/DoT
 * ports (seats resolve through the router only), special-use names (`localhost`, `.local`, …) and
 * the address ranges of special-addresses.ts. Mixed-script (homograph) names are accepted with a
 * warning. Reasons and warnings come from the catalogue in both languages (src/allowlist/said.ts).
 */
export type ParseResult = { ok: true; entry: AllowEntry; warning?: Said } | { ok: false; reason: Said };

const ALLOW_ALL = new Set(["*", "*.*", ".", "*.", "all", "any", "0.0.0.0", "::", "0/0"]);
const MAX_PORTS = 16;
/** Ports the connectivity intent never forwards for a seat: DNS and DoT go to the router only. */
const NEVER_PORTS: ReadonlyMap<number, "port53" | "port853"> = new Map([
  [53, "port53"],
  [853, "port853"],
]);
/** Special-use names (RFC 6761, 6762, 7686, 8375) that no public resolver answers. */
const SPECIAL_USE = /(^|\.)(localhost|local|invalid|onion|home\.arpa|in-addr\.arpa|ip6\.arpa|internal|lan)$/;

export function parseEntry(text: string, source: SourceRef, extraPorts?: string): ParseResult {
  return (extraPorts === undefined ? plainEntry(text, source) : undefined) ?? parseEntryFully(text, source, extraPorts);
}

/**
 * Issue 14 (100,000-line lists): the common line shapes decided by one pattern each, with the
 * result the full path gives: a lower-case LDH name (optionally `*.`) with no ports, no
 * trailing dot, no `xn--` and a last label starting with a letter; a dotted address or network;
 * a hex-and-colons IPv6 address or network. Anything else, or any doubt, takes the full path
 * (tests/allowlist/parse-fast.test.ts compares both on random and hostile lines).
 */
const PLAIN_NAME = /^(\*\.)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?)$/;
const PLAIN_V4 = /^[\d./]+$/;
const PLAIN_V6 = /^[0-9a-fA-F:]+(?:\/\d{1,3})?$/;

function plainEntry(text: string, source: SourceRef): ParseResult | undefined {
  const m = PLAIN_NAME.exec(text);
  if (m) {
    const name = m[2];
    if (name.length > 253 || name.includes("xn--")) return undefined;
    return domainChecks(text, { kind: "domain", name, match: m[1] === undefined ? "exact" : "subtree", source });
  }
  if (ALLOW_ALL.has(text)) return undefined;
  const v6 = text.indexOf(":");
  if (v6 < 0 ? PLAIN_V4.test(text) : v6 > 0 && v6 !== text.lastIndexOf(":") && PLAIN_V6.test(text)) {
    const c = address(text, source);
    return "reason" in c ? { ok: false, reason: c.reason } : { ok: true, entry: c };
  }
  return undefined;
}

/** Every accepted form, every check (also the reference for the fast path above). */
export function parseEntryFully(text: string, source: SourceRef, extraPorts?: string): ParseResult {
  const invisible = invisibleCharacter(text);
  if (invisible) return refuse("invisible", { entry: clip(showInvisible(text)), what: invisible });
  const t = text.trim();
  if (!t) return refuse("empty");
  if (t.startsWith(":") && !t.startsWith("::")) return refuse("portWithoutHost", { entry: clip(t) });
  if (ALLOW_ALL.has(t.toLowerCase())) return refuse("allowAll", { entry: clip(t) });
  let ports: number[] | undefined;
  if (extraPorts !== undefined && extraPorts.trim() !== "") {
    const p = parsePorts(extraPorts.trim());
    if (!Array.isArray(p)) return refuse("entryReason", { entry: clip(t), reason: p });
    ports = p;
  }
  const withPorts = (e: AllowEntry, own?: number[]): ParseResult => {
    // Most entries name no ports: no Set, no arrays (100,000 entries, issue 14).
    if (!own?.length && !ports?.length) return e.kind === "domain" ? domainChecks(t, e) : { ok: true, entry: e };
    const all = [...new Set([...(own ?? []), ...(ports ?? [])])].sort((a, b) => a - b);
    for (const p of all) {
      const never = NEVER_PORTS.get(p);
      if (never) return refuse("neverPort", { entry: clip(t), port: said(never) });
    }
    const entry = all.length ? { ...e, ports: all } : e;
    return entry.kind === "domain" ? domainChecks(t, entry) : { ok: true, entry };
  };

  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) return parseUrl(t, source, withPorts);

  // [IPv6]:ports
  const bracket = /^\[([0-9a-fA-F:.]+)\](?::([0-9,]+))?$/.exec(t);
  if (bracket) {
    const own = bracket[2] !== undefined ? parsePorts(bracket[2]) : undefined;
    if (own !== undefined && !Array.isArray(own)) return refuse("entryReason", { entry: clip(t), reason: own });
    const c = address(bracket[1], source);
    return "reason" in c ? { ok: false, reason: c.reason } : withPorts(c, own);
  }
  if (t.includes(":") && t.split(":").length > 2) {
    const c = address(t, source);
    return "reason" in c ? { ok: false, reason: c.reason } : withPorts(c);
  }
  // IPv4 or host, with optional :ports
  const m = /^([^:]+)(?::([^:]*))?$/.exec(t);
  if (!m) return refuse("unreadable", { entry: clip(t) });
  const [, hostPart, portPart] = m;
  let own: number[] | undefined;
  if (portPart !== undefined) {
    const p = parsePorts(portPart);
    if (!Array.isArray(p)) return refuse("entryReason", { entry: clip(t), reason: p });
    own = p;
  }
  if (/^[\d./]+$/.test(hostPart)) {
    const c = address(hostPart, source);
    return "reason" in c ? { ok: false, reason: c.reason } : withPorts(c, own);
  }
  let host = hostPart;
  let match: "exact" | "subtree" = "exact";
  if (host.startsWith("*.")) { host = host.slice(2); match = "subtree"; }
  else if (host.startsWith(".")) { host = host.slice(1); match = "subtree"; }
  if (host.includes("*")) return refuse("wildcard", { entry: clip(t) });
  const h = canonicalHost(host);
  if (!h.ok) return refuse("entryReason", { entry: clip(t), reason: h.reason });
  return withPorts({ kind: "domain", name: h.name, match, source }, own);
}

function parseUrl(t: string, source: SourceRef, withPorts: (e: AllowEntry, own?: number[]) => ParseResult): ParseResult {
  if (/\s/.test(t)) return refuse("urlWhitespace", { entry: clip(t) });
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    return refuse("urlInvalid", { entry: clip(t) });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return refuse("urlScheme", { entry: clip(t) });
  if (url.username || url.password) return refuse("urlCredentials", { entry: clip(t) });
  let own: number[] | undefined;
  if (url.port) {
    const p = parsePorts(url.port);
    if (!Array.isArray(p)) return refuse("entryReason", { entry: clip(t), reason: p });
    own = p;
  }
  const path = url.pathname + url.search;
  const hostname = url.hostname;
  if (hostname.startsWith("[")) {
    const c = address(hostname.slice(1, -1), source);
    return "reason" in c ? { ok: false, reason: c.reason } : withPorts(c, own);
  }
  if (/^[\d.]+$/.test(hostname)) {
    const c = address(hostname, source);
    return "reason" in c ? { ok: false, reason: c.reason } : withPorts(c, own);
  }
  const h = canonicalHost(hostname);
  if (!h.ok) return refuse("entryReason", { entry: clip(t), reason: h.reason });
  // Paths are notes: only printable ASCII survives into comments (percent-encoded by URL already).
  const note = path !== "/" && /^[\x21-\x7e]+$/.test(path) ? path.slice(0, 200) : undefined;
  return withPorts({ kind: "domain", name: h.name, match: "exact", source, ...(note ? { path: note } : {}) }, own);
}

/** Name checks that need the canonical form: special-use names refused, mixed scripts warned. */
function domainChecks(t: string, entry: AllowEntry & { kind: "domain" }): ParseResult {
  if (SPECIAL_USE.test(entry.name)) return refuse("specialUse", { entry: clip(t) });
  if (!entry.name.includes("xn--")) return { ok: true, entry };
  const mixed = mixedScriptLabel(punycode.toUnicode(entry.name));
  return mixed ? { ok: true, entry, warning: said("homograph", { entry: clip(t), label: mixed }) } : { ok: true, entry };
}

function address(text: string, source: SourceRef): AllowEntry | { reason: Said } {
  const c = cidrOf(text);
  if (!("cidr" in c)) return { reason: c };
  return { kind: c.family === 4 ? "ipv4" : "ipv6", cidr: c.cidr, first: c.first, last: c.last, prefix: c.prefix, source };
}

export function parsePorts(text: string): number[] | Said {
  const parts = text.split(",").map((p) => p.trim());
  if (parts.length > MAX_PORTS) return said("tooManyPorts", { max: MAX_PORTS });
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,5}$/.test(p) || Number(p) < 1 || Number(p) > 65535) return said("notAPort", { port: clip(p) });
    out.push(Number(p));
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

export function isIpv4(text: string): boolean {
  return Validator.isValidIPv4String(text)[0];
}

function refuse(key: Parameters<typeof said>[0], vars?: Parameters<typeof said>[1]): ParseResult {
  return { ok: false, reason: said(key, vars) };
}

function clip(s: string): string {
  const safe = s.replace(/[\u0000-\u001f\u007f]/g, "?");
  return safe.length > 80 ? safe.slice(0, 77) + "…" : safe;
}
