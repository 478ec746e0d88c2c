import type { Rule } from "../../../src/allowlist/intent";
import { ReadbackError } from "./common";

/**
 * Reads the pfSense/OPNsense rule table (CHECKLIST.md) and alias files back into the neutral
 * rule model: rows top to bottom, first match (GUI rules are `quick`), Network aliases as
 * address lists, `*_HOSTS` Host aliases as exact names, `EXAMLAB_P_*` Port aliases as port lists,
 * a schedule as a plain clock test (the rule only exists while it is active), the `end` row as
 * the interface default.
 */
export function readPfRules(files: Map<string, string>): Rule[] {
  const checklist = files.get("CHECKLIST.md");
  if (!checklist) throw new ReadbackError("no CHECKLIST.md");
  const alias = (name: string) => {
    const f = files.get(`aliases/${name}.txt`);
    if (f === undefined) throw new ReadbackError(`alias ${name} has no file`);
    return f.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  };
  const addr = (v: string): Rule["dst"] | undefined => {
    if (v === "*") return undefined;
    if (/_HOSTS$/.test(v)) return { names: alias(v).map((name) => ({ name, match: "exact" as const })) };
    if (/^EXAMLAB_P_/.test(v)) throw new ReadbackError(`port alias ${v} used as an address`);
    if (/^EXAMLAB_/.test(v)) return { cidrs: alias(v).map((a) => (a.includes("/") ? a : `${a}/${a.includes(":") ? 128 : 32}`)) };
    if (/^[0-9a-f:.]+$/.test(v)) return { cidrs: [`${v}/${v.includes(":") ? 128 : 32}`] };
    throw new ReadbackError(`cannot read address ${v}`);
  };
  const rules: Rule[] = [];
  for (const line of checklist.split("\n")) {
    const m = /^\| (\d+|end) \| (pass|block) \| (IPv4|IPv6|any) \| (\S+) \| (\S+) \| (\S+) \| (\S+) \| (\S+) \| (.*) \|$/.exec(line);
    if (!m) continue;
    const [, n, action, ip, proto, src, dst, ports, sched, desc] = m;
    const base: Rule = { action: action === "pass" ? "allow" : "deny", origin: `row ${n}: ${desc}` };
    if (ip !== "any") base.family = ip === "IPv4" ? 4 : 6;
    const s = addr(src);
    if (s) base.src = s;
    const d = addr(dst);
    if (d) base.dst = d;
    const portList = /^EXAMLAB_P_/.test(ports) ? alias(ports) : ports === "*" ? [] : ports.split(",");
    if (portList.length) base.dstPorts = portList.map((p) => ({ from: Number(p), to: Number(p) }));
    if (sched !== "-") base.when = "clock-outside-window";
    if (proto === "any") rules.push(base);
    else rules.push({ ...base, protocols: proto.toLowerCase().split("/") as ("tcp" | "udp" | "icmp")[] });
  }
  if (!rules.length) throw new ReadbackError("no rule table in CHECKLIST.md");
  return rules;
}
