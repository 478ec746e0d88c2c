import { isIP } from "node:net";
import type { Rule } from "../../../src/allowlist/intent";
import { dottedMaskLength, protocolDef, ReadbackError, services, timeOf, type Periods, type ServiceDef } from "./common";

/**
 * Reads a generated H3C Comware 7 script back into the neutral rule model (independently of the
 * renderer): object groups, the time range (periodic statements ORed, each with its absolute
 * `from`), URL-filter policies through their app profiles, then the `security-policy ip` and
 * `security-policy ipv6` rules in order. Each policy only sees its own family (every rule read
 * from it carries that family, and its object groups must be of that family). Comware drops
 * packets that match no security-policy rule (the documented default), read as the final
 * unconditional deny.
 */
export function readH3c(text: string): { rules: Rule[]; timeRanges: Map<string, { periods: Periods; absoluteFrom?: string }> } {
  const addr = new Map<string, { family: 4 | 6; cidrs: string[] }>();
  const svc = new Map<string, ServiceDef[]>();
  const timeRanges = new Map<string, { periods: Periods; absoluteFrom?: string }>();
  const urlPolicies = new Map<string, { name: string; match: "exact" | "subtree" }[]>();
  const appProfiles = new Map<string, string>();
  const rules: Rule[] = [];
  let view: { kind: string; name?: string; family?: 4 | 6 } = { kind: "top" };
  let rule: { name: string; family: 4 | 6; src?: string[]; dst?: string[]; svc?: string[]; time?: string; profile?: string; action?: string; line: number } | undefined;
  const flush = () => {
    if (!rule) return;
    if (!rule.action) throw new ReadbackError(`rule ${rule.name} has no action`);
    const defs = (rule.svc ?? []).flatMap((n) => {
      const d = svc.get(n);
      if (!d) throw new ReadbackError(`rule ${rule!.name}: unknown service group ${n}`);
      return d;
    });
    let names: { name: string; match: "exact" | "subtree" }[] | undefined;
    if (rule.profile) {
      const pol = appProfiles.get(rule.profile);
      names = pol ? urlPolicies.get(pol) : undefined;
      if (!names) throw new ReadbackError(`rule ${rule.name}: app profile ${rule.profile} has no URL-filter policy`);
    }
    const base: Rule = {
      action: rule.action === "pass" ? "allow" : "deny",
      family: rule.family,
      ...(rule.src ? { src: { cidrs: rule.src } } : {}),
      ...(rule.dst || names ? { dst: { ...(rule.dst ? { cidrs: rule.dst } : {}), ...(names ? { names } : {}) } } : {}),
      ...(rule.time ? { when: timeOf(timeRanges.get(rule.time)) } : {}),
      origin: `rule ${rule.name} (line ${rule.line})`,
    };
    rules.push(...services.expand(base, defs));
    rule = undefined;
  };
  const group = (name: string, family: 4 | 6) => {
    const g = addr.get(name);
    if (!g) throw new ReadbackError(`unknown address object group ${name}`);
    if (g.family !== family) throw new ReadbackError(`an IPv${g.family} object group ${name} in the IPv${family} security policy`);
    return g.cidrs;
  };
  const host = (a: string, family: 4 | 6) => {
    if (isIP(a) !== family) throw new ReadbackError(`not an IPv${family} address: ${a}`);
    return `${a}/${family === 4 ? 32 : 128}`;
  };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/\s+$/, "");
    if (!line || line.startsWith("#")) return;
    const indent = line.length - line.trimStart().length;
    const body = line.trim();
    const t = body.split(/\s+/);
    let m: RegExpExecArray | null;
    if (indent === 0) {
      flush();
      if (["system-view", "return", "inspect activate", "save force"].includes(line)) return;
      if (line === "quit") { view = { kind: "top" }; return; }
      if ((m = /^object-group (ip|ipv6) address (\S+)$/.exec(line))) {
        const family = m[1] === "ip" ? 4 : 6;
        view = { kind: "addr", name: m[2], family };
        // Object group names are global across types (H3C object-group: "must be globally unique").
        if (addr.has(m[2]) || svc.has(m[2])) throw new ReadbackError(`line ${i + 1}: object group name ${m[2]} used twice`);
        addr.set(m[2], { family, cidrs: [] });
        return;
      }
      if ((m = /^object-group service (\S+)$/.exec(line))) {
        if (addr.has(m[1]) || svc.has(m[1])) throw new ReadbackError(`line ${i + 1}: object group name ${m[1]} used twice`);
        view = { kind: "svc", name: m[1] };
        svc.set(m[1], []);
        return;
      }
      if ((m = /^time-range (\S+) (\d\d):(\d\d) to (\d\d):(\d\d) ([\d ]+|daily) from \S+ (\d{4}\/\d\d\/\d\d)$/.exec(line))) {
        const tr = timeRanges.get(m[1]) ?? { periods: [] };
        tr.periods.push({ from: Number(m[2]) * 60 + Number(m[3]), to: Math.min(1439, Number(m[4]) * 60 + Number(m[5])), days: m[6] === "daily" ? [0, 1, 2, 3, 4, 5, 6] : m[6].split(" ").map(Number) });
        // Each periodic statement carries the same absolute start (per-statement AND, statements ORed).
        if (tr.absoluteFrom !== undefined && tr.absoluteFrom !== m[7]) throw new ReadbackError(`line ${i + 1}: statements of ${m[1]} disagree on the start date`);
        tr.absoluteFrom = m[7];
        timeRanges.set(m[1], tr);
        return;
      }
      if ((m = /^time-range (\S+) (\d\d):(\d\d) to (\d\d):(\d\d) ([\d ]+|daily)$/.exec(line))) {
        const tr = timeRanges.get(m[1]) ?? { periods: [] };
        tr.periods.push({ from: Number(m[2]) * 60 + Number(m[3]), to: Math.min(1439, Number(m[4]) * 60 + Number(m[5])), days: m[6] === "daily" ? [0, 1, 2, 3, 4, 5, 6] : m[6].split(" ").map(Number) });
        tr.absoluteFrom = undefined; // one statement without a start date opens on any clock
        timeRanges.set(m[1], tr);
        return;
      }
      if ((m = /^url-filter policy (\S+)$/.exec(line))) { view = { kind: "url", name: m[1] }; urlPolicies.set(m[1], []); return; }
      if ((m = /^app-profile (\S+)$/.exec(line))) { view = { kind: "app", name: m[1] }; return; }
      if (line === "security-policy ip" || line === "security-policy ipv6") { view = { kind: "policy", family: line.endsWith("ipv6") ? 6 : 4 }; return; }
      throw new ReadbackError(`line ${i + 1}: unknown command ${line}`);
    }
    switch (view.kind) {
      case "addr": {
        const cidrs = addr.get(view.name!)!.cidrs;
        if ((m = /^network host address (\S+)$/.exec(body))) { cidrs.push(host(m[1], view.family!)); return; }
        // IPv4 subnets take a dotted mask, IPv6 subnets a prefix length (1–128).
        if (view.family === 4 && (m = /^network subnet (\S+) (\d+\.\d+\.\d+\.\d+)$/.exec(body)) && isIP(m[1]) === 4) { cidrs.push(`${m[1]}/${dottedMaskLength(m[2])}`); return; }
        if (view.family === 6 && (m = /^network subnet (\S+) (\d{1,3})$/.exec(body)) && isIP(m[1]) === 6 && Number(m[2]) >= 1 && Number(m[2]) <= 128) { cidrs.push(`${m[1]}/${m[2]}`); return; }
        break;
      }
      case "svc":
        if ((m = /^service (tcp|udp) destination eq (\d+)$/.exec(body))) { svc.get(view.name!)!.push({ protocol: m[1] as "tcp", ports: [Number(m[2])] }); return; }
        if ((m = /^service (tcp|udp|icmpv6|icmp)$/.exec(body))) { svc.get(view.name!)!.push(protocolDef(m[1])); return; }
        break;
      case "url":
        if ((m = /^add whitelist \d+ host text (\*\.)?(\S+)$/.exec(body))) {
          const list = urlPolicies.get(view.name!)!;
          const e = list.find((h) => h.name === m![2]);
          if (m[1]) { if (e) e.match = "subtree"; else list.push({ name: m[2], match: "subtree" }); } else if (!e) list.push({ name: m[2], match: "exact" });
          return;
        }
        if (body === "default-action drop") return;
        break;
      case "app":
        if ((m = /^url-filter apply policy (\S+)$/.exec(body))) { appProfiles.set(view.name!, m[1]); return; }
        break;
      case "policy":
        if (indent === 1) {
          flush();
          if ((m = /^rule name (\S+)$/.exec(body))) { rule = { name: m[1], family: view.family!, line: i + 1 }; return; }
          break;
        }
        if (!rule) break;
        switch (t[0]) {
          case "description": return;
          case "action": rule.action = t[1]; return;
          case "source-ip": (rule.src ??= []).push(...group(t[1], rule.family)); return;
          case "source-ip-host": (rule.src ??= []).push(host(t[1], rule.family)); return;
          case "destination-ip": (rule.dst ??= []).push(...group(t[1], rule.family)); return;
          case "destination-ip-host": (rule.dst ??= []).push(host(t[1], rule.family)); return;
          case "service": (rule.svc ??= []).push(t[1]); return;
          case "time-range": rule.time = t[1]; return;
          case "profile": rule.profile = t[1]; return;
        }
        break;
    }
    throw new ReadbackError(`line ${i + 1}: unexpected ${line}`);
  });
  flush();
  rules.push({ action: "deny", origin: "security-policy: packets matching no rule are dropped (Comware default)" });
  return { rules, timeRanges };
}
