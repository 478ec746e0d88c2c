/**
 * The connectivity intent (issue 10) — design note.
 *
 * One model, computed once per site, says what a seat (candidate machine) may reach and what
 * must be refused; every enforcement artifact renders from it and is tested against it.
 *
 * - `computeIntent(site, compileSitePolicy(site))` or `intentOf(renderInput)` — one cached
 *   intent per (policy, LAN, window), shared by both, without a label — gives a `ConnectivityIntent`:
 *   - `allowed`: DNS/DHCP/ICMP to the router only, the LAN exam servers, each seat's own database
 *     ports on its lab server (src/databases port map), and the allowlist port groups (names,
 *     IPv4 and IPv6 networks; IPv6 only with `ipv6: filter`).
 *   - `denied`: the classes that must be refused — seat↔seat (v4, v6, link-local), router
 *     management (every family, fe80::/10 included), infrastructure (NVR, cameras, lab servers
 *     except the seat's own ports), other seats' databases, IPv6 beyond the allowlist (undeclared
 *     prefixes such as an OpenWrt ULA or an ISP-delegated prefix; everything with `block`),
 *     spoofed sources, DNS other than the router, DoT, QUIC, DNS rebinding, everything else.
 *     Each class has a scope: `always`, or `exam-window` (outside the window the lab is back to
 *     normal use with `enforcement: exam-hours`).
 *   - `window`: `always`, or `exam-hours` with `failClosed: true` — a router that does not know
 *     the time must enforce as if inside the window.
 *   - `probes`: concrete flows (real seat addresses of the site, documentation addresses for the
 *     internet) that must be allowed / denied. Executable targets replay them in network
 *     namespaces; text targets are parsed back into the neutral rule model (./rule-model.ts) and
 *     `evaluate(rules, flow)` (first match wins) must agree; tests/allowlist/intent-harness.ts
 *     does both checks plus "default deny is the last rule".
 * - `describeEnforcement` (./enforces.ts) states per target what its files enforce (for the report
 *   and the README table).
 *
 * Adding a target = a renderer that reads the intent + an intent test using the harness.
 */
export * from "./types";
export { computeIntent, intentOf, MANAGEMENT_PORTS, PROBE_INTERNET, type CompiledAllowlist } from "./compute";
export { evaluate, hasDefaultDenyLast, inCidr, isUnconditional, matches, nameMatches, type AddressMatch, type PortRange, type Rule, type Verdict } from "./rule-model";
