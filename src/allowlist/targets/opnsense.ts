import { renderTemplate } from "../render";
import type { RenderInput, RenderedFile } from "../model";
import { pfContext } from "./pfsense";
import { aspect, enforcement, ipv6Aspect, windowAspect } from "./enforcement-text";
import type { Target } from "./types";

/** OPNsense: the same model as pfSense (router-targets.md (g)); its Unbound drop-in goes to unbound.opnsense.d. */

export const opnsenseTarget: Target = {
  id: "opnsense",
  kind: "router",
  title: "OPNsense (alias files + unbound.opnsense.d + checklist)",
  validator: "unbound-checkconf on the resolver options; aliases by unit tests",
  apply: "checklist",
  enforces(input: RenderInput) {
    return enforcement("opnsense", {
      allowlist: aspect("partial", "网段用 Network 别名，域名用 Host 别名（只匹配精确域名，无通配）；DNS 层由 Unbound 拒绝其他域名", "networks by Network aliases, names by a Host alias (exact names only, no wildcards); Unbound refuses other names"),
      dnsOnly: aspect("enforced", "考生机只能向防火墙查询 DNS", "seats may only ask the firewall for DNS"),
      dotQuic: aspect("enforced", "拒绝 TCP/UDP 853 与 UDP 443", "TCP/UDP 853 and UDP 443 blocked"),
      ipv6: ipv6Aspect(input, false),
      seatIsolation: aspect("partial", "跨网段互访被拒绝；同一交换机下需端口隔离", "seat-to-seat across subnets blocked; one access switch needs port isolation"),
      managementLockdown: aspect("enforced", "考生机到防火墙只允许 DNS、DHCP、ping", "seats reach the firewall only for DNS, DHCP and ping"),
      examWindow: windowAspect(input, "alwaysOn", { zh: "GUI 计划任务只按时钟判断，会在时钟错误时放行，故不使用", en: "GUI schedules only test the clock and would open on a wrong clock, so none is used" }),
      rebinding: aspect("enforced", "局域网目的地址在白名单之前拒绝", "LAN destinations blocked before the allowlist"),
      minOsVersion: { zh: "OPNsense 23.x+（别名导入；未在设备上验证）", en: "OPNsense 23.x+ (alias import; not verified on a device)" },
    });
  },
  render(input: RenderInput): RenderedFile[] {
    return renderTemplate("router/opnsense.hbs", {}, { ...input, ...pfContext(input) });
  },
};
