import type { DomainRule, HostMatch, PortGroup } from "../model";

/**
 * The connectivity intent of one site (issue 10): what a seat (candidate machine) may reach, and
 * the classes of traffic that must be refused. Computed once per site (src/allowlist/intent/
 * compute.ts); every enforcement artifact renders from it and every target's intent test checks
 * its output against it. Nothing here is target syntax.
 */

export type IpFamily = 4 | 6;
export type Protocol = "tcp" | "udp";

/** When a rule of the intent holds. `always`: also outside the exam window (and when time is unknown). */
export type Scope = "exam-window" | "always";

/**
 * The enforcement window (manual §6.4). `always`: enforced at every hour. `exam-hours`: the
 * allowlist holds inside the daily window on exam weekdays; outside it the lab is back to normal
 * use. `failClosed`: when the router does not know the time (no NTP sync, no real-time clock),
 * it must enforce as if inside the window.
 */
export type IntentWindow =
  | { mode: "always" }
  | { mode: "exam-hours"; start: string; end: string; days: string[]; timezone: string; failClosed: true };

/** Where a flow goes. */
export type Destination =
  /** The router itself (any of its addresses, including link-local ones). */
  | { kind: "router"; family: IpFamily; addresses: string[] }
  /** A LAN server (exam server on the site network, lab server). */
  | { kind: "lan-server"; family: IpFamily; name: string; address: string }
  /** An allowlist port group: its names (reachable at the addresses DNS answers) and its networks. */
  | { kind: "allowlist"; group: PortGroup };

export type AllowedClass = "dns-router" | "dhcp-router" | "icmp-router" | "exam-server" | "lab-server" | "seat-db" | "allowlist";

/** One flow a seat may start. `ports` empty = every port of the protocol. */
export interface AllowedFlow {
  id: string;
  class: AllowedClass;
  protocols: Protocol[] | ["icmp"];
  ports: number[];
  /** Only this seat address may use it (per-seat database ports); absent = every seat. */
  seat?: string;
  to: Destination;
  scope: Scope;
}

export type DeniedClass =
  | "seat-to-seat"
  | "router-management"
  | "infrastructure"
  | "other-seat-db"
  | "ipv6-not-allowlisted"
  | "spoofed-source"
  | "direct-dns"
  | "dot"
  | "quic"
  | "dns-rebinding"
  | "not-allowlisted";

/** A class of traffic that must be refused, with its bilingual meaning and how far it reaches. */
export interface DeniedFlowClass {
  class: DeniedClass;
  scope: Scope;
  zh: string;
  en: string;
  /** Addresses/networks this class protects (documentation and renderers; may be empty). */
  targets4: string[];
  targets6: string[];
}

/** A concrete flow for tests: a seat (or a spoofing seat) opening one connection. */
export interface Flow {
  family: IpFamily;
  protocol: Protocol | "icmp";
  /** Source address as written in the packet (a spoofed flow carries someone else's). */
  src: string;
  dst: string;
  dstPort?: number;
  /** The name the seat resolved to get `dst` (DNS-learned destinations). */
  dstName?: string;
  /** The packet arrives on a seat-facing port (always true for the intent's probes). */
  ingress: "seat";
  /** `inside`/`outside` the exam window, or `unknown` (clock not synchronised). */
  time: "inside" | "outside" | "unknown";
}

export interface Probe {
  /** What the probe stands for, e.g. "seat-to-seat v6 link-local". */
  label: string;
  class: AllowedClass | DeniedClass;
  flow: Flow;
}

/** The seats and infrastructure of the site, as the intent needs them. */
export interface IntentLan {
  /** Seat networks: the room subnets (every seat, camera and spare lives in one). */
  seats4: string[];
  seats6: string[];
  /** IPv6 prefixes a seat may acquire that the site did not declare (OpenWrt ULA, ISP-delegated). */
  undeclared6: "deny";
  site4: string[];
  site6: string[];
  router4: string[];
  router6: string[];
  /** The router's link-local addresses are unknown in advance: the whole fe80::/10 is "router" to a seat. */
  linkLocal6: "fe80::/10";
  nvr4: string[];
  nvr6: string[];
  cameras4: string[];
  cameras6: string[];
  labServers: { name: string; ipv4: string; ipv6?: string }[];
  /** Resolvers the seats use (the router): the only DNS a seat may ask. */
  resolvers: string[];
  upstreamDns: string[];
  ipv6: "filter" | "block";
}

export interface ConnectivityIntent {
  lan: IntentLan;
  window: IntentWindow;
  allowed: AllowedFlow[];
  denied: DeniedFlowClass[];
  /** Names whose answers may be LAN addresses (declared LAN exam servers given by name): rebinding exemptions. */
  rebindExempt: { name: string; match: HostMatch }[];
  /** Concrete flows that must pass / must be refused (used by every intent test). */
  probes: { allow: Probe[]; deny: Probe[] };
}

export type { DomainRule };

/** How completely a target's generated files enforce one aspect of the intent. */
export type Support = "enforced" | "partial" | "not-enforced" | "not-applicable";

export interface EnforcementAspect {
  support: Support;
  zh: string;
  en: string;
}

/**
 * What one target's generated files enforce (report and README table; issue 10 item 14). Each
 * target states it in its own renderer file (`Target.enforces`); `minOsVersion` is the oldest
 * target version the generated files are valid for.
 */
export interface TargetEnforcement {
  target: string;
  allowlist: EnforcementAspect;
  dnsOnly: EnforcementAspect;
  dotQuic: EnforcementAspect;
  ipv6: EnforcementAspect;
  seatIsolation: EnforcementAspect;
  managementLockdown: EnforcementAspect;
  examWindow: EnforcementAspect;
  rebinding: EnforcementAspect;
  minOsVersion: { zh: string; en: string };
}

export const ENFORCEMENT_ASPECTS = ["allowlist", "dnsOnly", "dotQuic", "ipv6", "seatIsolation", "managementLockdown", "examWindow", "rebinding"] as const;
export type EnforcementAspectId = (typeof ENFORCEMENT_ASPECTS)[number];
