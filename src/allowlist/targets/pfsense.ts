import { renderTemplate } from "../render";
import { guard } from "../escape";
import type { RenderInput, RenderedFile } from "../model";
import { plainAddresses } from "./shared";
import { unboundZones } from "./unbound";
import { policyPlan, type PlanRule } from "./policy-plan";
import { aspect, enforcement, ipv6Aspect, windowAspect } from "./enforcement-text";
import type { Target } from "./types";

/**
 * pfSense/OPNsense (router-targets.md (g), sources in docs/router-vendor-sources.md): Unbound
 * zones, alias files, and the exam interface's rule table rendered from the intent's policy plan
 * (./policy-plan.ts), top to bottom, first match. Names are matched by a Host alias of FQDNs
 * (exact names: aliases have no wildcards), networks by Network aliases. GUI schedules are plain
 * clock tests, so no exam-hours opening is rendered: the policy is always on (fail closed).
 */
const ALIAS: Record<string, string> = { examlab_rooms: "EXAMLAB_ROOMS", examlab_router: "EXAMLAB_ROUTER", examlab_lan: "EXAMLAB_LAN" };

export function pfContext(input: RenderInput) {
  const plan = policyPlan(input);
  const aliasOf = (set: string) => ALIAS[set] ?? guard.ident(set).toUpperCase();
  const aliases: { aliasName: string; aliasFile: string; aliasDescription: string; networks: string[] }[] = plan.addressSets.map((s) => ({
    aliasName: aliasOf(s.name),
    aliasFile: `aliases/${aliasOf(s.name)}.txt`,
    aliasDescription: `Network alias ${aliasOf(s.name)}`,
    networks: plainAddresses(s.cidrs),
  }));
  for (const f of plan.urlFilters) {
    const name = `EXAMLAB_${guard.ident(f.group).toUpperCase()}_HOSTS`;
    aliases.push({ aliasName: name, aliasFile: `aliases/${name}.txt`, aliasDescription: `Host alias ${name} (FQDNs, exact names)`, networks: f.hosts.map((h) => guard.name(h.name)) });
  }
  const services = new Map(plan.serviceSets.map((s) => [s.name, s.items]));
  const rows: string[] = [];
  let n = 0;
  const row = (r: PlanRule) => {
    if (r.open) return; // no exam-hours opening: schedules would fail open on a wrong clock
    const src = "set" in r.src ? aliasOf(r.src.set) : "host" in r.src ? guard.address(r.src.host) : "*";
    const dst = r.urlFilter ? `EXAMLAB_${guard.ident(r.urlFilter).toUpperCase()}_HOSTS` : r.dst ? ("set" in r.dst ? aliasOf(r.dst.set) : guard.address(r.dst.host)) : "*";
    const items = r.service ? services.get(r.service) ?? [] : [];
    const protos = items.length ? [...new Set(items.map((i) => i.protocol.toUpperCase()))].join("/") : "any";
    const ports = [...new Set(items.flatMap((i) => i.ports))].join(",") || "*";
    const action = r.action === "permit" ? "pass" : "block";
    rows.push(`| ${++n} | ${action} | IPv4 | ${protos} | ${"zone" in r.src ? "*" : src} | ${dst} | ${ports} | ${guard.asciiComment(r.en)} |`);
  };
  plan.rules.forEach(row);
  return {
    ...unboundZones(input),
    aliases,
    rules: rows,
    rooms: plan.addressSets[0].cidrs,
    examHours: plan.intent.window.mode === "exam-hours",
  };
}

export const pfsenseTarget: Target = {
  id: "pfsense",
  kind: "router",
  title: "pfSense (alias import + DNS Resolver options + rule table checklist)",
  validator: "unbound-checkconf on the resolver options; rule table read back into the intent rule model by tests/allowlist/vendor-intent.test.ts",
  apply: "checklist",
  enforces(input: RenderInput) {
    return pfFamilyEnforcement(input, "pfsense", { zh: "pfSense 2.6+ / Plus（别名导入；未在设备上验证）", en: "pfSense 2.6+ / Plus (alias import; not verified on a device)" });
  },
  render(input: RenderInput): RenderedFile[] {
    return renderTemplate("router/pfsense.hbs", {}, { ...input, ...pfContext(input) });
  },
};

/** What pfSense and OPNsense enforce: the same aliases, rules and resolver, differing only in version. */
export function pfFamilyEnforcement(input: RenderInput, family: "pfsense" | "opnsense", minOsVersion: { zh: string; en: string }) {
  return enforcement(family, {
    allowlist: aspect("partial", "网段用 Network 别名，域名用 Host 别名（只匹配精确域名，无通配）；DNS 层由 Unbound 拒绝其他域名", "networks by Network aliases, names by a Host alias (exact names only, no wildcards); Unbound refuses other names"),
    dnsOnly: aspect("enforced", "考生机只能向防火墙查询 DNS", "seats may only ask the firewall for DNS"),
    dotQuic: aspect("enforced", "拒绝 TCP/UDP 853 与 UDP 443", "TCP/UDP 853 and UDP 443 blocked"),
    ipv6: ipv6Aspect(input, false),
    seatIsolation: aspect("partial", "跨网段互访被拒绝；同一交换机下需端口隔离", "seat-to-seat across subnets blocked; one access switch needs port isolation"),
    managementLockdown: aspect("enforced", "考生机到防火墙只允许 DNS、DHCP、ping", "seats reach the firewall only for DNS, DHCP and ping"),
    examWindow: windowAspect(input, "alwaysOn", { zh: "GUI 计划任务只按时钟判断，会在时钟错误时放行，故不使用", en: "GUI schedules only test the clock and would open on a wrong clock, so none is used" }),
    rebinding: aspect("enforced", "局域网目的地址在白名单之前拒绝", "LAN destinations blocked before the allowlist"),
    minOsVersion,
  });
}
