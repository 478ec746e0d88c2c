/**
 * The neutral allowlist model (manual §3.2 ROUTER-ALLOWLIST, PC-NETWORK-ALLOWLIST), in the spirit
 * of Aerleon: every source is parsed into entries, entries are normalised once into a policy, and
 * every router/endpoint target renders that same policy. Targets never see raw input.
 */

/** Where an entry came from, for messages: `file:line` (line absent for TypeScript sites). */
export interface SourceRef {
  file: string;
  line?: number;
}

/** `exact` = this host only; `subtree` = the name and every name below it. */
export type HostMatch = "exact" | "subtree";

/** One parsed input line, already validated (host names are A-labels, addresses parsed). */
export type AllowEntry =
  | { kind: "domain"; name: string; match: HostMatch; ports?: number[]; path?: string; source: SourceRef }
  | { kind: "ipv4" | "ipv6"; cidr: string; first: bigint; last: bigint; prefix: number; ports?: number[]; source: SourceRef };

/** An allowed host name (A-label form, lower case, no trailing dot). */
export interface DomainRule {
  name: string;
  match: HostMatch;
  ports: number[];
  /** URL paths the input named: a note only (DNS and IP targets cannot filter paths). */
  paths: string[];
  /** The Unicode form, when the input was an internationalised name. */
  unicode?: string;
  sources: string[];
}

/** Entries that share one port set: firewalls get one pair of sets per group. */
export interface PortGroup {
  /** Stable short id used in set names: `web` for the default 80/443, else `p` + ports. */
  id: string;
  ports: number[];
  domains: DomainRule[];
  /** Minimal merged CIDR lists (ip-num parsed, merged and split into prefixes). */
  ipv4: string[];
  ipv6: string[];
}

export interface NormalisedPolicy {
  /** Ports an entry gets when it names none: HTTP and HTTPS (manual §3.2). */
  defaultPorts: number[];
  groups: PortGroup[];
  /** Counts for reports. */
  stats: { inputEntries: number; domains: number; ipv4: number; ipv6: number; removedDuplicates: number; removedCovered: number };
}

export interface PolicyWarning {
  code: "example-list" | "cdn-shared-address" | "broad-network" | "chrome-limit" | "chrome-cidr" | "db-ports-unknown" | "homograph" | "xlsx-hidden-sheet";
  /** In English; `zh` in Chinese (both from the catalogue's `allowlist` section). */
  message: string;
  zh: string;
  source?: string;
}

/** A server candidates may reach on the site LAN (exam server, lab server). */
export interface LanServer {
  name: string;
  kind: "exam" | "lab";
  ipv4?: string;
  ipv6?: string;
  ports: number[];
}

/** One seat's own database port on a lab server (per-seat databases, manual §3.3). */
export interface SeatDbRule {
  seat4: string;
  server4: string;
  port: number;
}

/** What the site's IP plan says about the exam LAN (rooms, router, servers). */
export interface LanPlan {
  /** Address of the resolver candidates must use (the router). */
  router4: string;
  router6?: string;
  /** Room subnets: the candidate machines. */
  candidates4: string[];
  candidates6: string[];
  /** The whole site block (staff and infrastructure traffic the exam rules leave alone). */
  site4: string[];
  site6: string[];
  servers: LanServer[];
  seatDb: SeatDbRule[];
  /** Resolvers candidate machines are configured with (the IP plan's DNS, normally the router). */
  resolvers: string[];
  /** Upstream resolvers the router forwards allowed names to. */
  upstreamDns: string[];
  /** `filter`: IPv6 allowed through the same lists; `block`: AAAA stripped and IPv6 forwarding refused. */
  ipv6: "filter" | "block";
  /** The router the files are for: version facts and seat binding (absent for a bare list). */
  router?: RouterFacts;
  /** Infrastructure the seats must not reach, and sample seats (from the site's IP plan; absent for a bare list). */
  infra?: LanInfrastructure;
}

/** What the site says about its router (src/model/sections/infrastructure.ts Router). */
export interface RouterFacts {
  osVersion?: string;
  dnsmasqVersion?: string;
  /** Interfaces/bridge ports that carry only seats: seats are bound to them. */
  seatInterfaces: string[];
  /** NTP servers the router itself uses: they must stay resolvable through the allowlist resolver. */
  ntpServers: string[];
}

/** The site's infrastructure as the connectivity intent needs it (src/allowlist/intent). */
export interface LanInfrastructure {
  /** Every address of the router on the site network: the infrastructure address and each room's gateway. */
  router4: string[];
  router6: string[];
  /** Every room's IPv6 subnet, whatever `ipv6` says (with `block`, seats still have these addresses). */
  rooms6: string[];
  nvr4: string[];
  nvr6: string[];
  cameras4: string[];
  cameras6: string[];
  labServers: { name: string; ipv4: string; ipv6?: string }[];
  /** A few real seats (room, addresses) for the intent's probes: two of the first room, one of another. */
  seatSamples: { room: string; ipv4: string; ipv6?: string }[];
  /** Exam servers declared by host name: their answers may be LAN addresses (rebinding exemption). */
  examServerNames: string[];
}

/** Daily enforcement window derived from the exam schedule (manual §6.4); absent = always on. */
export interface EnforcementWindow {
  start: string;
  end: string;
  timezone: string;
  /** Weekdays of the exam dates (English names as nftables and RouterOS spell them), empty = every day. */
  days: string[];
  /**
   * The first exam date (YYYY-MM-DD). Vendor time ranges anchor their "outside the window" opening
   * at 1 January of that year, so a router whose clock was reset (no RTC, no NTP: 1970/2000)
   * never opens: the window fails closed.
   */
  firstDate?: string;
}

/** Everything a target renders from. */
export interface RenderInput {
  policy: NormalisedPolicy;
  lan: LanPlan;
  window?: EnforcementWindow;
  lang: "zh" | "en";
  /** Site id, or "allowlist" for a bare list. */
  label: string;
}

/** One file a target writes (path relative to the target's folder). */
export interface RenderedFile {
  path: string;
  content: string | Uint8Array;
  description: string;
}
