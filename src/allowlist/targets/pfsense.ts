import { renderTemplate } from "../render";
import { guard } from "../escape";
import type { RenderInput, RenderedFile } from "../model";
import { unboundZones } from "./unbound";
import { pfRuleset, type PfRow } from "./pf-rules";
import { pfConfigXml } from "./pf-xml";
import { aspect, enforcement, ipv6Aspect, windowAspect } from "./enforcement-text";
import type { Target } from "./types";

/**
 * pfSense/OPNsense (router-targets.md (g), sources in docs/router-vendor-sources.md): Unbound
 * zones, alias files, the exam interface's rules as config.xml sections (aliases, the exam-window
 * schedule, filter rules) and the same rules as a table in CHECKLIST.md, all from one rule list
 * (./pf-rules.ts: IPv4 from the shared policy plan, IPv6 from the same intent). Names are matched
 * by a Host alias of FQDNs (exact names: aliases have no wildcards), networks by Network aliases.
 */
const FAMILY: Record<PfRow["family"], string> = { inet: "IPv4", inet6: "IPv6" };

export function pfContext(input: RenderInput, family: "pfsense" | "opnsense") {
  const rs = pfRuleset(input);
  const aliases = rs.aliases.map((a) => ({
    aliasName: a.name,
    aliasFile: `aliases/${a.name}.txt`,
    aliasDescription: a.type === "port" ? `Port alias ${a.name}` : a.type === "host" ? `Host alias ${a.name} (FQDNs, exact names)` : `Network alias ${a.name}`,
    networks: a.items,
  }));
  const rows = rs.rows.map((r, i) => {
    const proto = r.protocol ? r.protocol.toUpperCase() : "any";
    return `| ${i + 1} | ${r.action} | ${FAMILY[r.family]} | ${proto} | ${r.src ?? "*"} | ${r.dst ?? "*"} | ${r.port ?? "*"} | ${r.sched ?? "-"} | ${guard.asciiComment(r.en)} |`;
  });
  const xml = pfConfigXml(rs, { root: family, iface: "lan", withAliases: family === "pfsense", trackerBase: 1700000100 });
  return {
    ...unboundZones(input),
    aliases,
    rules: rows,
    rooms: rs.rooms4,
    rooms6: rs.rooms6,
    examHours: !!rs.schedule,
    schedule: rs.schedule ? rs.schedule.ranges.map((r) => `${r.position.join(",")} ${r.hour}`).join("; ") : "",
    ipv6Block: input.lan.ipv6 === "block",
    configXml: xml,
  };
}

export const pfsenseTarget: Target = {
  id: "pfsense",
  kind: "router",
  title: "pfSense (alias import + DNS Resolver options + config.xml rules and schedule + checklist)",
  validator: "unbound-checkconf on the resolver options; config.xml checked well-formed, it and the rule table read back into the intent rule model by tests/allowlist/vendor-intent.test.ts",
  apply: "checklist",
  enforces(input: RenderInput) {
    return pfFamilyEnforcement(input, "pfsense", { zh: "pfSense 2.6+ / Plus（config.xml 片段与别名导入；未在设备上验证）", en: "pfSense 2.6+ / Plus (config.xml sections and alias import; not verified on a device)" });
  },
  render(input: RenderInput): RenderedFile[] {
    return renderTemplate("router/pfsense.hbs", {}, { ...input, ...pfContext(input, "pfsense") });
  },
};

/** What pfSense and OPNsense enforce: the same aliases, rules and resolver, differing only in version. */
export function pfFamilyEnforcement(input: RenderInput, family: "pfsense" | "opnsense", minOsVersion: { zh: string; en: string }) {
  return enforcement(family, {
    allowlist: aspect("partial", "网段用 Network 别名，域名用 Host 别名（只匹配精确域名，无通配）；DNS 层由 Unbound 拒绝其他域名", "networks by Network aliases, names by a Host alias (exact names only, no wildcards); Unbound refuses other names"),
    dnsOnly: aspect("enforced", "考生机只能向防火墙查询 DNS", "seats may only ask the firewall for DNS"),
    dotQuic: aspect("enforced", "拒绝 TCP/UDP 853 与 UDP 443", "TCP/UDP 853 and UDP 443 blocked"),
    ipv6: ipv6Aspect(input, true),
    seatIsolation: aspect("partial", "跨网段互访被拒绝；同一交换机下需端口隔离", "seat-to-seat across subnets blocked; one access switch needs port isolation"),
    managementLockdown: aspect("enforced", "考生机到防火墙只允许 DNS、DHCP、ping（IPv4、IPv6 与链路本地地址；须关闭 LAN 上的防锁定规则）", "seats reach the firewall only for DNS, DHCP and ping (IPv4, IPv6 and link-local; the LAN anti-lockout rule must be disabled)"),
    examWindow: windowAspect(input, "clockOnly", {
      zh: "时段外放行规则挂防火墙计划 examlab_open，只有它按时间生效，拒绝规则全天有效；计划只看设备时钟（每 15 分钟重载），时钟错误时考试时段可能放行，须启用 NTP 并在考前核对时间",
      en: "the opening rule carries the firewall schedule examlab_open, no deny rule is scheduled; a schedule only reads the device clock (re-evaluated every 15 minutes), so a wrong clock can open the lab during the exam: enable NTP and check the time before the exam",
    }),
    rebinding: aspect("enforced", "局域网目的地址在白名单之前拒绝", "LAN destinations blocked before the allowlist"),
    minOsVersion,
  });
}
