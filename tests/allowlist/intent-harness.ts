import { expect } from "vitest";
import { evaluate, hasDefaultDenyLast, type ConnectivityIntent, type Flow, type Probe, type Rule } from "../../src/allowlist/intent";

/**
 * Shared intent check for every target (issue 10): given a target's rules read back into the
 * neutral rule model and the site's intent, every allowed probe must be permitted, every denied
 * probe refused — inside the exam window AND when the router does not know the time (fail
 * closed), and for `always` classes also outside the window — and the last rule must be an
 * unconditional deny. All failures are reported together.
 */
export interface IntentCheckOptions {
  /** Probes a target documents it cannot enforce: return the reason (it is listed, not failed). */
  exempt?: (p: Probe) => string | undefined;
  /** Default true: the read-back list must end in an explicit, unconditional deny. */
  requireDefaultDenyLast?: boolean;
  /**
   * The target's exam window is a plain clock test and says so in its enforcement description
   * (support "partial"): for denied classes that only hold in the exam window the reason is
   * listed and the unknown-clock evaluation is not checked. Everything else is still checked.
   */
  clockOnly?: string;
}

export interface IntentCheckResult {
  failures: string[];
  exempted: string[];
  checked: number;
}

export function checkIntent(rules: readonly Rule[], intent: ConnectivityIntent, opts: IntentCheckOptions = {}): IntentCheckResult {
  const failures: string[] = [];
  const exempted: string[] = [];
  let checked = 0;
  const times = (scopeAlways: boolean): Flow["time"][] => (intent.window.mode === "always" ? ["inside"] : scopeAlways ? ["inside", "unknown", "outside"] : ["inside", "unknown"]);
  const scopeOf = (p: Probe) => intent.denied.find((d) => d.class === p.class)?.scope ?? "always";
  const run = (p: Probe, want: "allow" | "deny", scopeAlways: boolean) => {
    const reason = opts.exempt?.(p);
    if (reason) { exempted.push(`${p.label}: ${reason}`); return; }
    for (const time of times(scopeAlways)) {
      if (time === "unknown" && opts.clockOnly && want === "deny" && !scopeAlways) {
        exempted.push(`${p.label} (time unknown): ${opts.clockOnly}`);
        continue;
      }
      checked++;
      const v = evaluate(rules, { ...p.flow, time });
      if (v.verdict !== want) {
        const by = v.index < 0 ? "no rule matched" : `rule #${v.index}${v.rule?.origin ? ` (${v.rule.origin})` : ""}`;
        failures.push(`[${p.class}] ${p.label} (time ${time}): expected ${want}, got ${v.verdict} by ${by} — ${p.flow.src} → ${p.flow.dst}${p.flow.dstPort ? `:${p.flow.dstPort}` : ""}/${p.flow.protocol}${p.flow.dstName ? ` (${p.flow.dstName})` : ""}`);
      }
    }
  };
  for (const p of intent.probes.allow) run(p, "allow", false);
  for (const p of intent.probes.deny) run(p, "deny", scopeOf(p) === "always");
  if ((opts.requireDefaultDenyLast ?? true) && !hasDefaultDenyLast(rules)) failures.push("the last rule is not an unconditional deny (default deny must come last)");
  return { failures, exempted, checked };
}

/** vitest assertion: the rules enforce the intent (all failures in one message). */
export function expectIntent(rules: readonly Rule[], intent: ConnectivityIntent, opts: IntentCheckOptions = {}): IntentCheckResult {
  const r = checkIntent(rules, intent, opts);
  expect(r.failures, `${r.failures.length} intent violation(s):\n${r.failures.join("\n")}`).toEqual([]);
  expect(r.checked).toBeGreaterThan(0);
  return r;
}

/**
 * A reference rule list that enforces the intent, in the order a correct target must use:
 * anti-spoofing, router services then management, per-seat databases and LAN servers,
 * infrastructure, the exam-window opening, DNS/DoT/QUIC, IPv6 with `block`, the allowlist, deny.
 * Tests use it to show the harness passes a correct list and catches each mutation of it.
 */
export function referenceRules(intent: ConnectivityIntent): Rule[] {
  const l = intent.lan;
  const rules: Rule[] = [];
  const ports = (ps: readonly number[]) => (ps.length ? ps.map((p) => ({ from: p, to: p })) : undefined);
  rules.push({ action: "deny", ingress: "seat", src: { cidrs: [...l.seats4, ...l.seats6, l.linkLocal6], negate: true }, origin: "anti-spoof" });
  for (const f of intent.allowed) {
    if (f.to.kind !== "router") continue;
    rules.push({ action: "allow", family: f.to.family, protocols: [...f.protocols], dst: { cidrs: [...f.to.addresses] }, dstPorts: ports(f.ports), origin: f.id });
  }
  rules.push({ action: "deny", dst: { cidrs: [...l.router4, ...l.router6, l.linkLocal6] }, origin: "router management + link-local" });
  for (const f of intent.allowed) {
    if (f.to.kind !== "lan-server") continue;
    rules.push({ action: "allow", family: f.to.family, protocols: ["tcp"], ...(f.seat ? { src: { cidrs: [f.seat] } } : {}), dst: { cidrs: [f.to.address] }, dstPorts: ports(f.ports), origin: f.id });
  }
  rules.push({ action: "deny", dst: { cidrs: [...l.site4, ...l.site6, ...l.seats4, ...l.seats6, ...l.nvr4, ...l.nvr6, ...l.cameras4, ...l.cameras6] }, origin: "infrastructure, seats, rebinding" });
  if (intent.window.mode === "exam-hours") rules.push({ action: "allow", when: "outside-window", origin: "outside the exam window" });
  rules.push({ action: "deny", protocols: ["tcp", "udp"], dstPorts: [{ from: 53, to: 53 }, { from: 853, to: 853 }], origin: "DNS only via the router, no DoT" });
  rules.push({ action: "deny", protocols: ["udp"], dstPorts: [{ from: 443, to: 443 }], origin: "QUIC" });
  if (l.ipv6 === "block") rules.push({ action: "deny", family: 6, origin: "ipv6: block" });
  for (const f of intent.allowed) {
    if (f.to.kind !== "allowlist") continue;
    const g = f.to.group;
    rules.push({ action: "allow", protocols: ["tcp"], dst: { names: g.domains.map((d) => ({ name: d.name, match: d.match })), cidrs: [...g.ipv4, ...(l.ipv6 === "filter" ? g.ipv6 : [])] }, dstPorts: ports(f.ports), origin: f.id });
  }
  rules.push({ action: "deny", origin: "default deny" });
  return rules;
}
