import type { Rule } from "../../../src/allowlist/intent";
import { isIP } from "node:net";
import { dottedMaskLength, protocolDef, ReadbackError, services, timeOf, type ServiceDef, type Periods } from "./common";

/**
 * Reads a generated Huawei USG script back into the neutral rule model (independently of the
 * renderer): address sets, service sets (plus the built-in dns/http/https/icmp services), the
 * time range, URL-filter whitelists, then the security-policy rules in order, ending with the
 * policy's `default action`. Unknown lines inside a view are errors, so a renderer change the
 * reader does not understand fails the test instead of being ignored.
 */
export interface HuaweiReadback {
  rules: Rule[];
  timeRanges: Map<string, { periods: Periods; absoluteFrom?: string }>;
  urlFilters: Map<string, { name: string; match: "exact" | "subtree" }[]>;
}

export function readHuawei(text: string): HuaweiReadback {
  const lines = text.split(/\r?\n/);
  const addressSets = new Map<string, string[]>();
  const serviceSets = new Map<string, ServiceDef[]>(Object.entries(services.builtin));
  const timeRanges: HuaweiReadback["timeRanges"] = new Map();
  const urlFilters: HuaweiReadback["urlFilters"] = new Map();
  const rules: Rule[] = [];
  let view: { kind: string; name?: string } = { kind: "top" };
  let rule: { name: string; src?: string[]; dst?: string[]; svc?: string[]; time?: string; profile?: string; action?: string; line: number } | undefined;
  let defaultAction: string | undefined;
  const flush = () => {
    if (!rule) return;
    if (!rule.action) throw new ReadbackError(`rule ${rule.name} has no action`);
    const svcDefs = (rule.svc ?? []).flatMap((n) => {
      const d = serviceSets.get(n);
      if (!d) throw new ReadbackError(`rule ${rule!.name}: unknown service ${n}`);
      return d;
    });
    const names = rule.profile ? urlFilters.get(rule.profile) : undefined;
    if (rule.profile && !names) throw new ReadbackError(`rule ${rule.name}: unknown URL-filter profile ${rule.profile}`);
    const base: Rule = {
      action: rule.action === "permit" ? "allow" : "deny",
      ...(rule.src ? { src: { cidrs: rule.src } } : {}),
      ...(rule.dst || names ? { dst: { ...(rule.dst ? { cidrs: rule.dst } : {}), ...(names ? { names } : {}) } } : {}),
      ...(rule.time ? { when: timeOf(timeRanges.get(rule.time)) } : {}),
      origin: `rule ${rule.name} (line ${rule.line})`,
    };
    // A rule with URL filtering only permits named destinations (the profile blocks every other host).
    if (names && rule.dst === undefined) base.dst = { names };
    rules.push(...services.expand(base, svcDefs));
    rule = undefined;
  };
  const addr = (tokens: string[]): string[] => {
    if (tokens[0] === "address-set") {
      const set = addressSets.get(tokens[1]);
      if (!set) throw new ReadbackError(`unknown address-set ${tokens[1]}`);
      return set;
    }
    if (tokens.length === 2 && /^\d+$/.test(tokens[1])) return [`${tokens[0]}/${tokens[1]}`];
    if (tokens[1] === "mask") return [`${tokens[0]}/${/^\d+$/.test(tokens[2]) ? tokens[2] : dottedMaskLength(tokens[2])}`];
    throw new ReadbackError(`cannot read address ${tokens.join(" ")}`);
  };
  lines.forEach((raw, i) => {
    const line = raw.replace(/\s+$/, "");
    if (!line || line.startsWith("#")) return;
    const t = line.trim().split(/\s+/);
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      flush();
      if (["system-view", "return", "save", "y"].includes(line)) return;
      if (line === "quit") { view = { kind: "top" }; return; }
      let m: RegExpExecArray | null;
      if ((m = /^ip address-set (\S+) type object$/.exec(line))) { view = { kind: "aset", name: m[1] }; addressSets.set(m[1], []); return; }
      if ((m = /^ip service-set (\S+) type object$/.exec(line))) { view = { kind: "sset", name: m[1] }; serviceSets.set(m[1], []); return; }
      if ((m = /^time-range (\S+)$/.exec(line))) { view = { kind: "time", name: m[1] }; timeRanges.set(m[1], { periods: [] }); return; }
      if ((m = /^profile type url-filter name (\S+)$/.exec(line))) { view = { kind: "url", name: m[1] }; urlFilters.set(m[1], []); return; }
      if (line === "security-policy") { view = { kind: "policy" }; return; }
      throw new ReadbackError(`line ${i + 1}: unknown command ${line}`);
    }
    switch (view.kind) {
      case "aset": {
        // USG `address ID A.B.C.D mask LEN|MASK` (IPv4) or `address ID X:X::X LEN` (IPv6); nothing else.
        const m = /^address \d+ (\S+) (?:(mask) )?(\S+)$/.exec(line.trim());
        const fam = m ? isIP(m[1]) : 0;
        if (!m || !fam || (fam === 4) !== (m[2] === "mask") || (fam === 6 && !(/^\d+$/.test(m[3]) && Number(m[3]) <= 128))) throw new ReadbackError(`line ${i + 1}: not a USG address member: ${line}`);
        addressSets.get(view.name!)!.push(...addr(t.slice(2)));
        return;
      }
      case "sset": {
        const m = /^service \d+ protocol (tcp|udp|icmpv6|icmp)(?: destination-port ([\d ]+))?$/.exec(line.trim());
        if (!m || (m[2] && !["tcp", "udp"].includes(m[1]))) throw new ReadbackError(`line ${i + 1}: ${line}`);
        serviceSets.get(view.name!)!.push(protocolDef(m[1], m[2] ? m[2].split(" ").map(Number) : []));
        return;
      }
      case "time": {
        const tr = timeRanges.get(view.name!)!;
        let m: RegExpExecArray | null;
        if ((m = /^period-range (\d\d):(\d\d):\d\d to (\d\d):(\d\d):\d\d (.+)$/.exec(line.trim()))) {
          const days = m[5] === "daily" ? [0, 1, 2, 3, 4, 5, 6] : m[5].split(" ").map(Number);
          tr.periods.push({ from: Number(m[1]) * 60 + Number(m[2]), to: Number(m[3]) * 60 + Number(m[4]), days });
          return;
        }
        if ((m = /^absolute-range \S+ (\d{4}\/\d\d\/\d\d)$/.exec(line.trim()))) { tr.absoluteFrom = m[1]; return; }
        throw new ReadbackError(`line ${i + 1}: ${line}`);
      }
      case "url": {
        let m: RegExpExecArray | null;
        if ((m = /^add whitelist host (\*\.)?(\S+)$/.exec(line.trim()))) {
          const list = urlFilters.get(view.name!)!;
          const existing = list.find((h) => h.name === m![2]);
          if (m[1]) { if (existing) existing.match = "subtree"; else list.push({ name: m[2], match: "subtree" }); }
          else if (!existing) list.push({ name: m[2], match: "exact" });
          return;
        }
        if (line.trim() === "category pre-defined action block") return;
        throw new ReadbackError(`line ${i + 1}: ${line}`);
      }
      case "policy": {
        if (indent === 1) {
          flush();
          if (line.trim() === "default action deny" || line.trim() === "default action permit") { defaultAction = t[2]; return; }
          const m = /^rule name (\S+)$/.exec(line.trim());
          if (!m) throw new ReadbackError(`line ${i + 1}: ${line}`);
          rule = { name: m[1], line: i + 1 };
          return;
        }
        if (!rule) throw new ReadbackError(`line ${i + 1}: outside a rule: ${line}`);
        switch (t[0]) {
          case "description": return;
          case "source-address": (rule.src ??= []).push(...addr(t.slice(1))); return;
          case "destination-address": (rule.dst ??= []).push(...addr(t.slice(1))); return;
          case "service": (rule.svc ??= []).push(t[1]); return;
          case "time-range": rule.time = t[1]; return;
          case "profile": if (t[1] !== "url-filter") break; rule.profile = t[2]; return;
          case "action": rule.action = t[1]; return;
        }
        throw new ReadbackError(`line ${i + 1}: unknown rule command ${line}`);
      }
      default:
        throw new ReadbackError(`line ${i + 1}: unexpected ${line}`);
    }
  });
  flush();
  // The policy's default action is the implicit last rule.
  if (defaultAction) rules.push({ action: defaultAction === "deny" ? "deny" : "allow", origin: "security-policy default action" });
  return { rules, timeRanges, urlFilters };
}
